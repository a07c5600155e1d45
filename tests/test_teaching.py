"""What the pages do to teach: the tutorial's names line up with the one-page script, the
glossary is linked, and the exercises have solutions that run."""

from __future__ import annotations

import re

from backprop_docs.testing import ROOT

DOCS = ROOT / "docs"


def one_page_script() -> list[str]:
    """The code lines of the one-page script, without comments or indentation."""
    page = (DOCS / "one-page.md").read_text("utf-8")
    script = page.split("## The script\n\n```python\n", 1)[1].split("```", 1)[0]
    return [line.split("  #")[0].strip() for line in script.splitlines() if line.strip()]


def names_table() -> list[str]:
    """The first column of the mathematics page's table of the tutorial's names."""
    page = (DOCS / "derivation.md").read_text("utf-8")
    section = page.split("## The tutorial's names", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return [re.match(r"^\| `([^`]+)` \|", row)[1] for row in rows]


def test_every_row_of_the_names_table_quotes_a_line_of_the_one_page_script() -> None:
    script = one_page_script()
    for quoted in names_table():
        prefix = quoted.removesuffix("...)")
        assert any(line == quoted or line.startswith(prefix) for line in script), quoted


def test_every_assignment_of_the_one_page_script_has_a_row_in_the_names_table() -> None:
    assigned = [
        line
        for line in one_page_script()
        if re.match(r"^(X|y|W1|W2|z1|a1|z2|yhat|d_out|d_hid|dW1|dW2) -?=", line)
    ]
    rows = [quoted.removesuffix("...)") for quoted in names_table()]
    assert len(assigned) == 14
    for line in assigned:
        assert any(line.startswith(row) for row in rows), line


def test_the_one_page_script_uses_the_tutorials_names() -> None:
    words = set(re.findall(r"\b\w+\b", "\n".join(one_page_script())))
    assert {"X", "W1", "W2", "z1", "a1", "z2", "yhat", "d_out", "d_hid", "dW1", "dW2"} <= words
    assert not {"g_out", "g_hid", "h"} & words


def test_the_package_prints_what_the_script_with_biases_prints() -> None:
    """Both blocks are doctests, each held to what it shows; this holds the two shown
    printouts to each other, so that neither can be changed alone."""
    from backprop_docs.downloads import FENCE, printed

    page = (DOCS / "one-page-biases.md").read_text("utf-8")
    langs = [fence["lang"] for fence in FENCE.finditer(page) if fence["lang"] != "output"]
    assert langs[:2] == ["python", "pycon"]  # the script, then the package's run
    script, package = printed(page)[:2]
    assert script.count("\n") == 10 and script in package


def glossary_anchors() -> list[str]:
    return re.findall(r"^## .+ \{ #([\w-]+) \}$", (DOCS / "glossary.md").read_text("utf-8"), re.M)


def test_the_glossary_defines_the_words_the_pages_lean_on() -> None:
    wanted = {
        "sweep", "case", "total-input", "saturated", "plateau", "local-minimum",
        "legacy-random-stream", "bias-unit", "momentum", "solved",
    }  # fmt: skip
    assert wanted <= set(glossary_anchors())


def test_every_glossary_entry_is_linked_from_another_page() -> None:
    pages = "\n".join(p.read_text("utf-8") for p in DOCS.rglob("*.md") if p.name != "glossary.md")
    unlinked = [a for a in glossary_anchors() if f"glossary.md#{a})" not in pages]
    assert glossary_anchors() and unlinked == []


EXERCISE_PAGES = [
    "xor.md",
    "derivation.md",
    "graph.md",
    "gradients.md",
    "experiments.md",
    "choices.md",
]


def solutions(page: str) -> list[str]:
    """The collapsed solutions of a page's exercises section, each its indented body."""
    text = (DOCS / page).read_text("utf-8").split("\n## Exercises", 1)[1]
    return re.findall(r'^\?\?\? success "Solution"\n\n((?:    .*\n|\n)+)', text, re.M)


def test_each_teaching_page_ends_with_three_to_five_exercises() -> None:
    counts = {page: len(solutions(page)) for page in EXERCISE_PAGES}
    assert all(3 <= n <= 5 for n in counts.values()), counts
    assert sum(counts.values()) >= 14


def test_every_solution_has_a_session_that_sybil_runs() -> None:
    for page in EXERCISE_PAGES:
        for body in solutions(page):
            assert "    ```pycon\n    >>> " in body, body[:80]
