"""Every page with Python code downloads as a notebook and a script that run
(backprop_docs.downloads makes them at build time from the page's own blocks)."""

from __future__ import annotations

import doctest
import os
import re
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import nbformat
import pytest
from backprop_docs import copy_buttons, doctests, downloads, pages
from backprop_docs.testing import ROOT
from nbclient import NotebookClient

PAGES = sorted(
    p for p in (ROOT / "docs").glob("*.md") if downloads.has_python(p.read_text("utf-8"))
)
CACHED = """\
from backprop_docs import cache
cache.install()
"""  # the long studies from the studies cache, as in the doctests: the same code, run once


# Any fence, at the margin or indented (inside an exercise's collapsed solution).
ANY_FENCE = re.compile(
    r"^(?P<indent> *)```(?P<lang>\w+)\n(?P<body>.*?)^(?P=indent)```$", re.M | re.S
)


def page_code(page: Path) -> list[str]:
    """The code of each Python block of the page, sessions without prompts, in order."""
    code = []  # (blocks that need a package the download does not install are text there)
    for fence in ANY_FENCE.finditer(downloads.set_aside(page.read_text("utf-8"))):
        cut = len(fence["indent"])
        body = "".join(line[cut:] + "\n" for line in fence["body"].splitlines())
        if fence["lang"] == "pycon":
            examples = doctest.DocTestParser().get_examples(body)
            # with a blank line after each block, as it pastes at 3.11's prompt (test_copy)
            code.append(copy_buttons.pasteable("".join(example.source for example in examples)))
        elif fence["lang"] == "python":
            code.append(body)
    return code


def generated(built_site: Path, page: Path, suffix: str) -> Path:
    return built_site / "downloads" / f"{page.stem}{suffix}"


def test_there_are_pages_to_download() -> None:
    assert len(PAGES) >= 8


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_the_page_links_its_notebook_and_script_under_its_title(built_site: Path, page: Path):
    html = (built_site / page.stem / "index.html").read_text("utf-8")
    title, line = html.index("<h1"), html.index('<p class="downloads">')
    assert title < line < html.index("<h2") if "<h2" in html else title < line
    for suffix in (".ipynb", ".py"):
        assert f'<a download="" href="../downloads/{page.stem}{suffix}">' in html
        assert generated(built_site, page, suffix).is_file()
    assert 'pip install "git+https://github.com/' in html and "<code>uv run</code>" in html


def test_the_download_links_resolve_on_the_served_site(built_site: Path, site_url: str) -> None:
    for page in PAGES:
        html = (built_site / page.stem / "index.html").read_text("utf-8")
        hrefs = re.findall(r'<a download="" href="([^"]+)">', html)
        assert len(hrefs) == 2, page.name
        for href in hrefs:
            url = urllib.parse.urljoin(f"{site_url}{page.stem}/", href)
            with urllib.request.urlopen(url, timeout=30) as response:
                assert response.status == 200 and len(response.read()) > 100, url


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_the_notebook_has_the_pages_code_in_order_after_its_setup(built_site: Path, page: Path):
    nb = nbformat.read(generated(built_site, page, ".ipynb"), as_version=4)
    code = [cell.source for cell in nb.cells if cell.cell_type == "code"]
    uses_package = downloads.USES_PACKAGE.search(page.read_text("utf-8")) is not None
    assert code[0].startswith("# Needs the backprop package") == uses_package
    assert "get_ipython().ast_node_interactivity" in code[0]
    assert [c.rstrip("\n") for c in code[1:]] == [c.rstrip("\n") for c in page_code(page)]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_the_notebook_runs_and_prints_what_the_page_shows(built_site: Path, page: Path):
    nb = nbformat.read(generated(built_site, page, ".ipynb"), as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []  # the page's outputs, filled in at build time: run them again
    nb.cells.insert(0, nbformat.v4.new_code_cell(CACHED))
    NotebookClient(
        nb,
        timeout=900,
        kernel_name="python3",
        allow_errors=False,
        extra_arguments=["--IPKernelApp.log_level=ERROR"],
        resources={"metadata": {"path": str(ROOT)}},
    ).execute()
    printed = ""
    for cell in nb.cells[2:]:
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                printed += output.text
            elif output.output_type == "execute_result":
                printed += output.data["text/plain"] + "\n"
    want = downloads.shown(page.read_text("utf-8"))
    assert doctests.matches(want, printed), f"the page shows:\n{want}\nprinted:\n{printed}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_the_script_runs(built_site: Path, page: Path) -> None:
    runner = CACHED + "import runpy, sys\nrunpy.run_path(sys.argv[1], run_name='__main__')\n"
    result = subprocess.run(
        [sys.executable, "-c", runner, str(generated(built_site, page, ".py"))],
        capture_output=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=900,
        env=dict(os.environ, PYTHONIOENCODING="utf-8"),
    )
    assert result.returncode == 0, result.stderr[-3000:]


def test_a_page_link_in_the_prose_points_to_the_site() -> None:
    nb = downloads.notebook(
        "# T\n\nSee [the maths](derivation.md#top).\n\n```python\nimport backprop\n```\n",
        "https://example.org/site/",
        "https://github.com/o/r",
    )
    assert "[the maths](https://example.org/site/derivation/#top)" in nb.cells[0].source
    assert re.search(r"git\+https://github\.com/o/r", nb.cells[1].source)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_the_notebook_shows_its_figures_and_captions_from_inside_itself(
    built_site: Path, page: Path
) -> None:
    nb = nbformat.read(generated(built_site, page, ".ipynb"), as_version=4)
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        assert "figures/" not in cell.source and "///" not in cell.source, cell.source[:200]
        for name in re.findall(r"\(attachment:([^)]+)\)", cell.source):
            svg = cell.attachments[name]["image/svg+xml"]
            assert len(svg) > 1000, name


def test_the_derivation_download_carries_each_equation_with_its_line() -> None:
    from backprop_docs.equations import tagged_lines

    page = (ROOT / "docs" / "derivation.md").read_text("utf-8")
    drawn = {f"{m['name']}.svg": b"<svg/>" for m in downloads.IMAGE.finditer(page)}
    nb = downloads.notebook(page, "", "", None, drawn)
    text = "".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")
    for n, lines in tagged_lines().items():
        assert f"**Equation ({n})**" in text
        for line in lines:
            assert f"`{line.text}`" in text, line


def test_a_script_keeps_each_printout_after_it_as_a_comment(built_site: Path) -> None:
    script = generated(built_site, ROOT / "docs" / "one-page.md", ".py").read_text("utf-8")
    assert "# It prints:\n#\n#     Step     0 | Loss: 0.2557" in script


def test_blocks_that_need_another_package_are_text_in_the_downloads_under_what_to_install():
    page = (
        "# T\n\n```pycon\n>>> print(1)\n1\n```\n\n"
        '<!-- skip: start needs("jax") -->\n```pycon\n>>> import jax\n>>> print(2)\n2\n```\n'
        "<!-- skip: end -->\n\n```pycon\n>>> print(3)\n3\n```\n"
    )
    nb = downloads.notebook(page, "https://example.org/", "https://github.com/o/r")
    code = [cell.source for cell in nb.cells if cell.cell_type == "code"][1:]
    prose = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")
    assert code == ["print(1)", "print(3)"]
    assert 'pip install "jax[cpu]"' in prose and ">>> import jax" in prose
    assert downloads.printed(page) == ["1\n", "3\n"]
    assert downloads.printed(page, keep={"jax"}) == ["1\n", "2\n", "3\n"]
    pages_own = [value for kind, value in pages.steps(page) if kind == "code"]
    assert pages_own == ["print(1)\n", "print(3)\n"]
