"""Every ```python block in docs/ is run by Sybil, and ```output blocks are really checked.

Sybil silently ignores a fence it does not recognise (``python title="x"``, ``py``, an
indented fence): such a block would look tested on the site and never run. These tests find
every Python fence by its own pattern and require a collected Sybil region inside it,
unless the block is explicitly preceded by ``<!-- skip: next -->``.
"""

from __future__ import annotations

import re
import subprocess
import sys
import unittest
from pathlib import Path

import pytest
from backprop_docs import doctests
from backprop_docs.testing import ROOT
from sybil import Sybil

DOCS = ROOT / "docs"

# Any fence whose info string starts with a Python language name, however it continues.
PYTHON_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*\{?\.?(?:python|py|python3|pycon)\b.*?\n"
    r".*?^(?P=indent)(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
SKIP = re.compile(r"<!--\s*skip:\s*next\s*-->\s*$")


def markdown_sybil() -> Sybil:
    return doctests.markdown_sybil()


def uncollected_python_fences(path: Path) -> list[int]:
    """Line numbers of Python fences in ``path`` with no Sybil region and no skip marker."""
    text = path.read_text(encoding="utf-8")
    regions = [(region.start, region.end) for _, region in markdown_sybil().parse(path).regions]
    missing = []
    for match in PYTHON_FENCE.finditer(text):
        collected = any(match.start() <= start < match.end() for start, _ in regions)
        skipped = SKIP.search(text[: match.start()].rstrip())
        if not collected and not skipped:
            missing.append(text.count("\n", 0, match.start()) + 1)
    return missing


def test_docs_have_python_fences_to_check() -> None:
    fences = sum(len(PYTHON_FENCE.findall(p.read_text("utf-8"))) for p in DOCS.rglob("*.md"))
    assert fences >= 5


@pytest.mark.parametrize("page", sorted(DOCS.rglob("*.md")), ids=lambda p: p.name)
def test_every_python_fence_on_the_page_is_collected_by_sybil(page: Path) -> None:
    assert uncollected_python_fences(page) == []


def test_a_fence_with_attributes_is_reported_as_uncollected(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text('# t\n\n```python\nx = 1\n```\n\n```python title="a.py"\ny = 2\n```\n', "utf-8")
    assert uncollected_python_fences(page) == [7]


def test_a_fence_marked_skip_is_allowed(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("# t\n\n<!-- skip: next -->\n\n```python\nraise SystemExit\n```\n", "utf-8")
    assert uncollected_python_fences(page) == []


def evaluate_all(page: Path) -> None:
    document = markdown_sybil().parse(page)
    for example in document:
        example.evaluate()


def test_an_output_block_that_differs_from_what_was_printed_fails(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("```python\nprint(6 * 7)\n```\n\n```output\n41\n```\n", "utf-8")
    with pytest.raises(Exception, match="the page shows:\n41\n\nbut the code printed:\n42"):
        evaluate_all(page)


def test_an_output_block_that_matches_what_was_printed_passes(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("```python\nprint(6 * 7)\n```\n\n```output\n42\n```\n", "utf-8")
    evaluate_all(page)


def test_an_output_block_with_nothing_printed_before_it_fails(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("```output\n42\n```\n", "utf-8")
    with pytest.raises(Exception, match="must follow a ```python block"):
        evaluate_all(page)


def test_pytest_collects_the_examples_of_every_page_and_every_module() -> None:
    """The collector itself (the root conftest.py): Sybil finds files relative to where it is
    set up, so a wrong path would collect nothing and pass in silence."""
    listed = subprocess.run(
        [sys.executable, "-m", "pytest", "--co", "-q", "-n", "0", "-p", "no:cacheprovider",
         "docs", "backprop"],
        cwd=ROOT, capture_output=True, encoding="utf-8", timeout=300,
    )  # fmt: skip
    files = {line.split("::")[0] for line in listed.stdout.splitlines() if "::" in line}
    pages = {p.relative_to(ROOT).as_posix() for p in DOCS.rglob("*.md") if "```py" in p.read_text()}
    modules = {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "backprop").glob("*.py")
        if ">>>" in p.read_text("utf-8")
    }
    assert pages and modules
    assert pages | modules <= files, listed.stdout[-2000:] + listed.stderr[-2000:]


NEEDS_PAGE = (
    "# t\n\n"
    '<!-- skip: start needs("no_such_package") -->\n'
    "```pycon\n>>> raise RuntimeError('the block ran')\n```\n"
    "<!-- skip: end -->\n"
)


def evaluate_with_setup(page: Path) -> None:
    """As pytest runs a page: the setup first (it gives the page `needs`)."""
    document = markdown_sybil().parse(page)
    doctests.cache_studies(document.namespace)
    try:
        for example in document:
            example.evaluate()
    finally:
        doctests.uncache_studies(document.namespace)


def test_blocks_that_need_a_missing_package_are_skipped_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(doctests.REQUIRE, raising=False)
    page = tmp_path / "page.md"
    page.write_text(NEEDS_PAGE, "utf-8")
    with pytest.raises(unittest.SkipTest, match="needs no_such_package, which is not installed"):
        evaluate_with_setup(page)


def test_blocks_that_need_a_package_run_where_a_leg_requires_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The leg that adds a package fails its blocks, never skips them, should it be missing."""
    monkeypatch.setenv(doctests.REQUIRE, "no_such_package")
    page = tmp_path / "page.md"
    page.write_text(NEEDS_PAGE, "utf-8")
    with pytest.raises(Exception, match="the block ran"):
        evaluate_with_setup(page)


def test_every_package_a_page_needs_is_a_dependency_group_that_ci_adds() -> None:
    """Each needs("NAME") of the pages is a dependency group of pyproject.toml, not installed
    by default, and .ci/run has the leg that adds the groups the pages name."""
    import tomllib

    from backprop_docs import downloads

    needed = {
        m["package"]
        for page in DOCS.rglob("*.md")
        for m in downloads.NEEDS.finditer(page.read_text("utf-8"))
    }
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    groups = project["dependency-groups"]
    assert needed, "no page needs another package: this test checks nothing"
    for package in needed:
        assert package in groups and package not in project["tool"]["uv"]["default-groups"]
    script = (ROOT / ".ci" / "run").read_text("utf-8")
    assert 'BACKPROP_REQUIRE="$group"' in script and '--group "$group"' in script
