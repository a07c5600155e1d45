"""The ``N ±T`` rule for statistics on the pages (root doctests.py), and that it can fail."""

from __future__ import annotations

from pathlib import Path

import pytest
from backprop_docs import doctests
from backprop_docs.testing import ROOT


@pytest.mark.parametrize(
    "got", ["mean 64%, range 25%", "mean 61%, range 25%", "mean 67%, range 25%"]
)
def test_a_number_within_its_tolerance_passes(got: str) -> None:
    assert doctests.matches("mean 64% ±3, range 25%", got)


@pytest.mark.parametrize("got", ["mean 60%, range 25%", "mean 68%, range 25%"])
def test_a_number_outside_its_tolerance_fails(got: str) -> None:
    assert not doctests.matches("mean 64% ±3, range 25%", got)


def test_a_number_without_a_tolerance_must_be_exact() -> None:
    assert not doctests.matches("mean 64% ±3, range 25%", "mean 64%, range 26%")


def test_the_text_around_a_tolerant_number_must_be_exact() -> None:
    assert not doctests.matches("mean 64% ±3, range 25%", "mean 64 %, range 25%")
    assert not doctests.matches("mean 64% ±3", "median 64%")


def test_thousands_commas_decimals_and_exponents_are_numbers() -> None:
    assert doctests.matches("quartiles 1,356 ±150 / 2,803 ±200", "quartiles 1,287 / 2,734")
    assert doctests.matches("E = 0.2508 ±0.0002", "E = 0.2510")
    assert doctests.matches("log10 of the error -8.6 ±0.5", "log10 of the error -9.0")
    assert not doctests.matches("E = 0.2508 ±0.0002", "E = 0.2511")


def test_the_unit_must_match() -> None:
    assert not doctests.matches("solved 93% ±2", "solved 93")


def test_a_doctest_with_a_tolerance_passes_and_fails_through_sybil(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("```python\n>>> print('solved 91%')\nsolved 93% ±2\n```\n", "utf-8")
    for example in doctests.markdown_sybil().parse(page):
        example.evaluate()
    page.write_text("```python\n>>> print('solved 90%')\nsolved 93% ±2\n```\n", "utf-8")
    with pytest.raises(Exception, match="solved 90%"):
        for example in doctests.markdown_sybil().parse(page):
            example.evaluate()


def test_an_output_block_with_a_tolerance_is_checked_the_same_way(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "```python\nprint('E = 0.2510')\n```\n\n```output\nE = 0.2508 ±0.0002\n```\n", "utf-8"
    )
    for example in doctests.markdown_sybil().parse(page):
        example.evaluate()
    page.write_text(
        "```python\nprint('E = 0.2520')\n```\n\n```output\nE = 0.2508 ±0.0002\n```\n", "utf-8"
    )
    with pytest.raises(Exception, match="but the code printed"):
        for example in doctests.markdown_sybil().parse(page):
            example.evaluate()


def test_no_page_prints_a_tolerance_itself() -> None:
    """A ``±`` belongs in what a page shows, never in the code: code that printed its own
    ``±T`` would pass the check with any number at all in front of it."""
    for page in (ROOT / "docs").rglob("*.md"):
        text = page.read_text("utf-8")
        for block in text.split("```python\n")[1:]:
            code = block.split("```", 1)[0]
            for line in code.splitlines():
                is_source = line.startswith((">>> ", "... ")) or not code.startswith(">>>")
                assert not (is_source and "±" in line), f"{page.name}: {line}"


def test_every_page_with_a_tolerance_says_what_it_means() -> None:
    for page in (ROOT / "docs").rglob("*.md"):
        text = page.read_text("utf-8")
        if doctests.TOLERANT.search(text) and page.name != "verified.md":
            assert "verified.md" in text, f"{page.name} uses ± but does not link verified.md"
