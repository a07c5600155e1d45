"""Every number in a page's prose comes from code, or is on the page's list of numbers that
are not results (`backprop_docs.prose`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from backprop_docs import prose, values
from backprop_docs.testing import ROOT

PAGES = sorted((ROOT / "docs").rglob("*.md"))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_number_in_the_prose_is_printed_beside_it_written_in_or_listed(page: Path) -> None:
    lines = page.read_text("utf-8").splitlines()
    found = [
        f"{page.name}:{n.line}: {n.text!r} in {lines[n.line - 1].strip()!r}"
        for n in prose.unexplained(page.read_text("utf-8"))
    ]
    assert found == []


def test_the_scanner_finds_numbers_in_the_prose_of_every_page() -> None:
    counts = {page.name: len(prose.numerals(page.read_text("utf-8"))[0]) for page in PAGES}
    assert sum(counts.values()) > 100 and counts["experiments.md"] > 0


TYPED_IN = """# A page

## Runs

The runs solved 93% of the starts.

```pycon
>>> print(f"solved {0.93:.0%}")
solved 93%
```

## Elsewhere

The same 93% again, far from the code that printed it, and 1986.
"""


def test_a_typed_in_result_fails_unless_printed_beside_it_or_listed() -> None:
    found = [(n.line, n.text) for n in prose.unexplained(TYPED_IN)]
    assert found == [(14, "93%"), (14, "1986")]  # the first 93% sits beside its output
    listed = "<!-- not results: 1986 (a year) -->\n" + TYPED_IN
    assert [n.text for n in prose.unexplained(listed)] == ["93%"]


def test_numbers_in_code_math_links_and_equation_references_are_not_prose() -> None:
    text = "See `x = 42`, $y_{12} = 3.5$, [a](page.md#7-things) and equations (5) and (6).\n"
    assert prose.numerals(text)[0] == []


def test_a_value_of_the_pages_code_is_written_into_its_prose(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "# P\n\n```pycon\n>>> share = 2 / 3\n```\n\nAbout {{ share:.1% }} of them.\n", "utf-8"
    )
    assert values.fill(page.read_text("utf-8"), "page.md", page).endswith("About 66.7% of them.\n")


def test_a_value_the_pages_code_has_not_made_stops_the_build(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# P\n\nAbout {{ nothing }} of them.\n\n```pycon\n>>> x = 1\n```\n", "utf-8")
    with pytest.raises(values.ValueNameError, match="page.md: no value 'nothing'"):
        values.fill(page.read_text("utf-8"), "page.md", page)
