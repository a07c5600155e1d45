"""The ``N [L–H]`` rule for statistics on the pages (`backprop_docs.doctests`), that it can
fail, and that no range on the site holds a value its quantity cannot take."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from backprop_docs import doctests
from backprop_docs.testing import ROOT


@pytest.mark.parametrize(
    "got", ["mean 64%, range 25%", "mean 61%, range 25%", "mean 67%, range 25%"]
)
def test_a_number_within_its_range_passes(got: str) -> None:
    assert doctests.matches("mean 64% [61%–67%], range 25%", got)


@pytest.mark.parametrize("got", ["mean 60%, range 25%", "mean 68%, range 25%"])
def test_a_number_outside_its_range_fails(got: str) -> None:
    assert not doctests.matches("mean 64% [61%–67%], range 25%", got)


def test_a_number_without_a_range_must_be_exact() -> None:
    assert not doctests.matches("mean 64% [61%–67%], range 25%", "mean 64%, range 26%")


def test_the_text_around_a_number_with_a_range_must_be_exact() -> None:
    assert not doctests.matches("mean 64% [61%–67%], range 25%", "mean 64 %, range 25%")
    assert not doctests.matches("mean 64% [61%–67%]", "median 64%")


def test_thousands_commas_decimals_and_exponents_are_numbers() -> None:
    want = "quartiles 1,356 [1,206–1,506] / 2,803 [2,603–3,003]"
    assert doctests.matches(want, "quartiles 1,287 / 2,734")
    assert doctests.matches("E = 0.2508 [0.2506–0.2510]", "E = 0.2510")
    assert doctests.matches("log10 of the error -8.6 [-9.1–-8.1]", "log10 of the error -9.0")
    assert doctests.matches("worst 2.5e-09 [0–8.5e-09]", "worst 8.4e-09")
    assert not doctests.matches("E = 0.2508 [0.2506–0.2510]", "E = 0.2511")
    assert not doctests.matches("worst 2.5e-09 [0–8.5e-09]", "worst 8.6e-09")


def test_a_range_may_be_uneven_where_the_quantity_ends() -> None:
    assert doctests.matches("all 4 right in 0 [0–1] of 20", "all 4 right in 1 of 20")
    assert not doctests.matches("all 4 right in 0 [0–1] of 20", "all 4 right in 2 of 20")


def test_the_unit_must_match() -> None:
    assert not doctests.matches("solved 93% [91%–95%]", "solved 93")


def test_a_doctest_with_a_range_passes_and_fails_through_sybil(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("```python\n>>> print('solved 91%')\nsolved 93% [91%–95%]\n```\n", "utf-8")
    for example in doctests.markdown_sybil().parse(page):
        example.evaluate()
    page.write_text("```python\n>>> print('solved 90%')\nsolved 93% [91%–95%]\n```\n", "utf-8")
    with pytest.raises(Exception, match="solved 90%"):
        for example in doctests.markdown_sybil().parse(page):
            example.evaluate()


def test_an_output_block_with_a_range_is_checked_the_same_way(tmp_path: Path) -> None:
    block = "```python\nprint('E = {}')\n```\n\n```output\nE = 0.2508 [0.2506–0.2510]\n```\n"
    page = tmp_path / "page.md"
    page.write_text(block.format("0.2510"), "utf-8")
    for example in doctests.markdown_sybil().parse(page):
        example.evaluate()
    page.write_text(block.format("0.2520"), "utf-8")
    with pytest.raises(Exception, match="but the code printed"):
        for example in doctests.markdown_sybil().parse(page):
            example.evaluate()


def test_no_page_prints_a_range_itself() -> None:
    """A range belongs in what a page shows, never in the code: code that printed its own
    ``[L–H]`` would pass the check with any number at all in front of it."""
    for page in (ROOT / "docs").rglob("*.md"):
        text = page.read_text("utf-8")
        for block in re.split(r"```(?:python|pycon)\n", text)[1:]:
            code = block.split("```", 1)[0]
            for line in code.splitlines():
                is_source = line.startswith((">>> ", "... ")) or not code.startswith(">>>")
                assert not (is_source and doctests.RANGE.search(line)), f"{page.name}: {line}"


def test_every_page_with_a_range_says_what_it_means() -> None:
    for page in (ROOT / "docs").rglob("*.md"):
        text = page.read_text("utf-8")
        if doctests.RANGE.search(text) and page.name != "verified.md":
            assert "verified.md" in text, f"{page.name} uses ranges but does not link verified.md"


def test_the_old_plus_minus_notation_is_gone_from_the_pages() -> None:
    """One notation: a ``±`` would be a second one, and could reach past what is possible."""
    for page in (ROOT / "docs").rglob("*.md"):
        assert "±" not in page.read_text("utf-8"), page.name


# The values a quantity can take, by what the line says it is (the first that applies).
DOMAINS = [
    (re.compile(r"relative error|worst \d\.\de"), 0.0, 2.0),  # |a - n| / max(|a|, |n|)
    (re.compile(r"^\d +0\.\d\d \["), 0.0, 1.0),  # the family page's |correlation| table
]


def impossible(line: str) -> list[str]:
    """Each range on a line that holds a value its quantity cannot take."""
    wrong = []
    for m in doctests.RANGE.finditer(line):
        n, low, high = (float(m[k].replace(",", "")) for k in ("number", "low", "high"))
        top = 100.0 if m["unit"] == "%" else float("inf")
        of = re.match(r" of (?:its )?(\d+)", line[m.end() :])
        if of:
            top = float(of[1])
        for pattern, _, top_ in DOMAINS:
            if pattern.search(line):
                top = min(top, top_)
                break
        if not (0 <= low <= n <= high <= top):
            wrong.append(f"{m[0]} (possible: 0 to {top:g}) in {line.strip()!r}")
    return wrong


def test_the_domain_check_finds_an_impossible_range() -> None:
    assert impossible("all 4 right in 0 [-1–1] of 20")
    assert impossible("held out 4 [3–5] of 4")
    assert impossible("worst 2.4e-01 [0–3]")
    assert impossible("solved 99% [97%–101%]")
    assert impossible("mean 63% [64%–66%]")  # the number outside its own range
    assert impossible("3     0.86 [0.84–1.02], 0.44 [0.42–0.46]")  # a correlation above 1
    assert not impossible("held out 4 [3–4] of 4") and not impossible("0 [0–1] of 20")


@pytest.mark.parametrize("page", sorted((ROOT / "docs").rglob("*.md")), ids=lambda p: p.name)
def test_no_range_on_the_site_holds_an_impossible_value(page: Path) -> None:
    wrong = [w for line in page.read_text("utf-8").splitlines() for w in impossible(line)]
    assert wrong == []
