"""The notebook: committed without outputs, runs top to bottom, renders with its plots."""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import nbformat
import pytest
import yaml
from backprop_docs import notebooks
from backprop_docs.testing import ROOT
from mkdocs.exceptions import PluginError

NOTEBOOK = ROOT / "docs" / "notebooks" / "xor.ipynb"


def test_the_notebook_is_committed_without_outputs() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


def test_every_cell_pastes_at_the_prompt_of_python_3_11() -> None:
    """The notebook says every cell also runs pasted into ``python``: at 3.11's and 3.12's
    prompt a block must end in a blank line before the next line at the margin."""
    from backprop_docs import copy_buttons

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    cells = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    assert [cell for cell in cells if copy_buttons.pasteable(cell) != cell] == []


def test_the_notebook_runs_top_to_bottom_with_warnings_as_errors() -> None:
    """As the site build runs it (backprop_docs.notebooks; from the cache if it did)."""
    copy = notebooks.executed(NOTEBOOK, "notebooks/xor.ipynb")
    notebook = nbformat.read(copy, as_version=4)
    assert [c.source for c in notebook.cells] == [
        c.source for c in nbformat.read(NOTEBOOK, as_version=4).cells
    ]  # the strict first cell is gone again
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error" or o.get("name") == "stderr"]
    images = [o for o in outputs if "image/svg+xml" in o.get("data", {})]
    assert len(images) == 3


def one_cell_notebook(tmp_path: Path, name: str, source: str) -> Path:
    """docs-like ``notebooks/NAME.ipynb`` in tmp_path, with one code cell."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source)]
    path = tmp_path / "notebooks" / f"{name}.ipynb"
    path.parent.mkdir()
    nbformat.write(notebook, path)
    return path


def test_a_warning_in_a_cell_stops_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BACKPROP_CACHE", str(tmp_path / "cache"))
    path = one_cell_notebook(tmp_path, "warns", "import warnings\nwarnings.warn('odd')")
    with pytest.raises(PluginError, match="warns.ipynb: a cell raised"):
        notebooks.executed(path, "notebooks/warns.ipynb")


def test_every_plot_has_a_title_and_labelled_axes() -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code" and "plt.show()" in cell.source:
            assert "set_title(" in cell.source, cell.source[:60]
            assert "set_xlabel(" in cell.source and "set_ylabel(" in cell.source
            assert "# alt: " in cell.source


def test_every_plot_is_followed_by_a_caption_saying_what_to_see() -> None:
    cells = nbformat.read(NOTEBOOK, as_version=4).cells
    for k, cell in enumerate(cells):
        if cell.cell_type == "code" and "plt.show()" in cell.source:
            nxt = cells[k + 1]
            assert nxt.cell_type == "markdown" and nxt.source.startswith("What to see:")


def test_the_notebooks_repository_links_derive_from_repo_url() -> None:
    repo_url = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))["repo_url"]
    owner_repo = repo_url.removeprefix("https://github.com/")
    text = NOTEBOOK.read_text("utf-8")
    assert f'subprocess.run([*pip, \\"git+{repo_url}\\"], check=True)' in text
    colab = (
        f"https://colab.research.google.com/github/{owner_repo}/blob/main/docs/notebooks/xor.ipynb"
    )
    assert colab in text
    assert set(re.findall(r"https://github\.com/[\w.-]+/[\w.-]+", text)) == {repo_url}


def visible_text(page: str) -> str:
    """The page's text without scripts, styles, tags and MathML annotations."""
    return re.sub(
        r"<(script|style)\b.*?</\1>|<annotation.*?</annotation>|<[^>]+>", "", page, flags=re.S
    )


def notebook_page(built_site: Path) -> str:
    return (built_site / "notebooks" / "xor" / "index.html").read_text("utf-8")


def test_the_notebook_page_shows_its_plots_and_no_error_output(built_site: Path) -> None:
    page = notebook_page(built_site)
    svg = re.escape("data:image/svg+xml;base64,")
    assert len(re.findall(rf'<img[^>]*src="{svg}', page)) == 3 * 2  # 2 themes
    assert len(re.findall(rf'<source[^>]*srcset="{svg}', page)) == 3 * 2  # and on a phone
    assert not re.search(r'<div[^>]*data-mime-type="application/vnd.jupyter.(stderr|error)', page)
    assert "Traceback" not in visible_text(page)
    assert "No description has been provided" not in page
    assert "Step 10000 | Loss: 0.0006" in page


def test_the_notebook_page_renders_its_math_and_loads_no_cdn(built_site: Path) -> None:
    page = notebook_page(built_site)
    assert page.count("<math") >= 5
    assert "cdnjs" not in page and "mathjax" not in page.lower()
    text = visible_text(page)
    assert "$" not in text and "\\frac" not in text


def test_the_download_link_fetches_the_notebook(built_site: Path, site_url: str) -> None:
    page = notebook_page(built_site)
    href = re.search(r'<a href="([^"]+)">Download this notebook \(.ipynb\)</a>', page)
    assert href, "no download link"
    url = urllib.request.urljoin(site_url + "notebooks/xor/", href[1])
    with urllib.request.urlopen(url, timeout=30) as response:
        downloaded = json.loads(response.read())
    assert downloaded == json.loads(NOTEBOOK.read_text("utf-8"))


@pytest.mark.parametrize("width", [1280])
def test_the_notebook_page_in_a_browser(visit, width: int, tmp_path: Path) -> None:
    seen = visit("notebooks/xor/", width=width)
    page = seen.page
    sizes = page.evaluate(
        "[...document.images].filter(i => i.offsetParent !== null)"
        ".map(i => [i.naturalWidth, i.alt])"
    )
    assert len(sizes) == 3 and all(w > 0 and alt for w, alt in sizes)
    text = page.evaluate("document.body.innerText")
    assert "$" not in text and "\\frac" not in text
    assert page.locator("math").count() >= 5
    assert seen.foreign_requests == [] and seen.failed_requests == [] and seen.console_errors == []
    page.screenshot(path=tmp_path / "notebook.png", full_page=True)


NOTEBOOK_LAYOUT = """(() => {
  const text = document.querySelector('.jupyter-wrapper').getBoundingClientRect().width;
  const visible = [...document.querySelectorAll('.jp-InputPrompt, .jp-OutputPrompt')]
    .filter(p => p.offsetParent !== null).length;
  const code = [...document.querySelectorAll('.highlight-ipynb pre')].map(p => [
    p.getBoundingClientRect().width, parseFloat(getComputedStyle(p).fontSize)]);
  const outputs = [...document.querySelectorAll('.jp-OutputArea-output pre')].map(p => {
    const style = getComputedStyle(p);
    const lines = p.textContent.replace(/\\n$/, '').split('\\n').length;
    const height = p.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    return [p.textContent, Math.round(height / parseFloat(style.lineHeight)), lines];
  });
  const images = [...document.querySelectorAll('.jp-OutputArea-output img')]
    .filter(i => i.offsetParent !== null).map(i => i.getBoundingClientRect().width);
  const button = getComputedStyle(document.querySelector('.zeroclipboard-container')).opacity;
  const code_size = 0.68 * parseFloat(getComputedStyle(document.documentElement).fontSize);
  return {text, visible, code, outputs, images, button, code_size};
})()"""


@pytest.mark.parametrize("width", [390, 1280])
def test_the_notebook_reads_at_the_full_text_width(visit, width: int) -> None:
    """No prompt column; code at the site's code size and at least 300 px wide; plots at least
    90% of the text width; the copy button not over the first line at rest."""
    page = visit("notebooks/xor/", width=width).page
    page.mouse.move(0, 0)
    seen = page.evaluate(NOTEBOOK_LAYOUT)
    assert seen["visible"] == 0, "In [n]: / Out [n]: prompts shown"
    assert seen["code"] and all(w >= min(300, seen["text"] - 4) for w, _ in seen["code"])
    assert all(w >= seen["text"] - 4 for w, _ in seen["code"]), seen["code"]
    assert all(size == pytest.approx(seen["code_size"], abs=0.1) for _, size in seen["code"])
    assert len(seen["images"]) == 3 and all(w >= 0.9 * seen["text"] for w in seen["images"])
    assert seen["button"] == "0"


@pytest.mark.parametrize("width", [390])
def test_no_output_line_of_the_notebook_wraps_on_a_phone(visit, width: int) -> None:
    """Each printed line stays one line (a long one scrolls), so no number is cut in two:
    the page shows the executed notebook's text, in as many rendered lines as it has."""
    executed = nbformat.read(notebooks.executed(NOTEBOOK, "notebooks/xor.ipynb"), as_version=4)
    printed = [
        output.text
        for cell in executed.cells
        for output in cell.get("outputs", [])
        if output.output_type == "stream"
    ]
    seen = visit("notebooks/xor/", width=width).page.evaluate(NOTEBOOK_LAYOUT)["outputs"]
    assert [text for text, _, _ in seen] == printed
    assert [rendered for _, rendered, _ in seen] == [lines for _, _, lines in seen]


def test_the_executed_notebook_counts_its_cells_from_one() -> None:
    executed = nbformat.read(notebooks.executed(NOTEBOOK, "notebooks/xor.ipynb"), as_version=4)
    counts = [cell.execution_count for cell in executed.cells if cell.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1))


def test_executing_a_notebook_prints_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture
) -> None:
    """No kernel advice, no traceback from the kernel's shutdown: the build log stays quiet."""
    monkeypatch.setenv("BACKPROP_CACHE", str(tmp_path / "cache"))
    path = one_cell_notebook(tmp_path, "quiet", "print('hello')")
    capfd.readouterr()
    executed = nbformat.read(notebooks.executed(path, "notebooks/quiet.ipynb"), as_version=4)
    assert executed.cells[0].outputs[0]["text"] == "hello\n"
    assert capfd.readouterr() == ("", "")


def test_what_the_kernel_process_prints_while_it_shuts_down_stays_out_of_the_build_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture
) -> None:
    """ipykernel can print a ZMQError traceback at shutdown, after every cell ran (a race);
    a cell that writes to the kernel's stderr as it exits stands in for it, every time."""
    monkeypatch.setenv("BACKPROP_CACHE", str(tmp_path / "cache"))
    source = "import atexit, os\natexit.register(os.write, 2, b'kernel noise\\n')\nprint('hello')"
    path = one_cell_notebook(tmp_path, "noisy", source)
    capfd.readouterr()
    executed = nbformat.read(notebooks.executed(path, "notebooks/noisy.ipynb"), as_version=4)
    assert executed.cells[0].outputs[0]["text"] == "hello\n"
    assert capfd.readouterr() == ("", "")


def test_a_kernel_that_dies_stops_the_build_showing_what_it_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BACKPROP_CACHE", str(tmp_path / "cache"))
    source = "import os\nos.write(2, b'last words\\n')\nos._exit(3)"
    path = one_cell_notebook(tmp_path, "dies", source)
    with pytest.raises(PluginError, match=r"(?s)dies.ipynb: the kernel failed.*last words"):
        notebooks.executed(path, "notebooks/dies.ipynb")


def test_the_notebooks_code_runs_as_a_plain_python_script_printing_what_the_page_shows() -> None:
    """Every cell is plain Python (no magics), so its code also runs pasted into python."""
    executed = nbformat.read(notebooks.executed(NOTEBOOK, "notebooks/xor.ipynb"), as_version=4)
    code = "\n".join(cell.source for cell in executed.cells if cell.cell_type == "code")
    printed = "".join(
        output.text
        for cell in executed.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "stream" and output.name == "stdout"
    )
    result = subprocess.run(
        [sys.executable, "-W", "ignore::UserWarning", "-"],  # plt.show() without a display
        input=code,
        capture_output=True,
        encoding="utf-8",
        cwd=ROOT,
        env=dict(os.environ, MPLBACKEND="Agg"),
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout == printed


def test_an_edit_of_the_hook_executes_the_notebook_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """How the hook runs a notebook shapes the result (its cells, their numbers): it is part
    of the cache key, like the notebook and the package."""
    monkeypatch.setenv("BACKPROP_CACHE", str(tmp_path / "cache"))
    path = one_cell_notebook(tmp_path, "again", "print('hello')")
    computed = notebooks.cache.counts["computed"]
    notebooks.executed(path, "notebooks/again.ipynb")
    notebooks.executed(path, "notebooks/again.ipynb")
    assert notebooks.cache.counts["computed"] == computed + 1
    edited = tmp_path / "notebooks.py"
    edited.write_text(Path(notebooks.__file__).read_text("utf-8") + "\n# edited\n", "utf-8")
    monkeypatch.setattr(notebooks, "__file__", str(edited))
    notebooks.executed(path, "notebooks/again.ipynb")
    assert notebooks.cache.counts["computed"] == computed + 2


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_notebook_shows_the_plots_drawn_for_the_readers_theme(visit, dark: bool) -> None:
    shown = visit("notebooks/xor/", dark=dark).page.evaluate(
        "[...document.querySelectorAll('.jp-OutputArea-output img')]"
        ".filter(i => i.offsetParent !== null).map(i => i.className)"
    )
    assert shown == ["nb-dark" if dark else "nb-light"] * 3


def test_the_dark_plots_are_transparent_and_the_light_ones_white(built_site: Path) -> None:
    """Each plot's background (Matplotlib's first patch), in its desktop and phone drawing."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(notebook_page(built_site), "html.parser")
    for theme, fill in (("light", "#ffffff"), ("dark", "none")):
        plots = soup.select(f"picture > img.nb-{theme}")
        assert len(plots) == 3, theme
        for image in plots:
            phone = image.find_previous_sibling("source")
            assert phone["media"] == notebooks.PHONE_MEDIA and phone["srcset"] != image["src"]
            for src in (image["src"], phone["srcset"]):
                svg = base64.b64decode(src.removeprefix("data:image/svg+xml;base64,")).decode()
                start = svg.index('<g id="patch_1">')
                background = re.search(r'style="fill: ([^;"]+)', svg[start:])[1]
                assert background == fill, (theme, image["alt"][:30])


# The smallest text of each plot the page shows, in CSS pixels as drawn on the screen. A plot
# is an SVG (Matplotlib draws each piece of text as glyph paths, in a group scaled by
# fontsize / 100 of the drawing's points), so its text size is the group's scale, times 100,
# times the image's width on screen over its drawing's width. A PNG has no text to measure.
PLOT_TEXT_SIZES = """async () => {
  const plots = [...document.querySelectorAll('.jp-OutputArea-output img')]
    .filter(i => i.offsetParent !== null);
  return plots.map(image => {
    const src = image.currentSrc;
    const kind = src.slice(0, src.indexOf(';'));
    if (kind !== 'data:image/svg+xml') return [image.alt, kind, 0, 0];
    const svg = new DOMParser().parseFromString(atob(src.split(',')[1]), 'image/svg+xml')
      .documentElement;
    const drawn = svg.viewBox.baseVal.width;
    const shown = image.getBoundingClientRect().width;
    const scales = [...svg.querySelectorAll('g[id^="text_"] g[transform*="scale("]')]
      .map(g => Math.abs(parseFloat(g.getAttribute('transform').match(/scale\\(([-\\d.]+)/)[1])));
    return [image.alt, kind, scales.length, Math.min(...scales) * 100 * shown / drawn];
  });
}"""


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_every_plot_text_of_the_notebook_is_at_least_9_px_on_a_phone(visit, dark: bool) -> None:
    """As the build-time figures (tests/test_figures.py): a phone shows a drawing made for
    its width, not the desktop's shrunk to a third."""
    sizes = visit("notebooks/xor/", width=390, dark=dark).page.evaluate(PLOT_TEXT_SIZES)
    assert len(sizes) == 3, sizes
    assert all(count >= 8 and px >= 9 for _, _, count, px in sizes), sizes


def test_no_output_of_the_notebook_scrolls_sideways_on_a_phone(visit) -> None:
    """Printed lines stay whole (above) and fit the phone's column: the printout is shaped
    for it, so nothing a line says is off the edge."""
    page = visit("notebooks/xor/", width=390).page
    wide = page.evaluate(
        "[...document.querySelectorAll('.jp-OutputArea-output pre')]"
        ".filter(p => p.offsetParent !== null && p.scrollWidth > p.clientWidth + 1)"
        ".map(p => p.textContent.slice(0, 60))"
    )
    assert wide == []


def test_the_notebooks_runs_start_side_by_side_only_when_the_cache_keeps_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`run_all` is a head start that fills the cache: with the cache off it would run every
    variant once more, for nothing."""
    ran = []
    monkeypatch.setattr(notebooks, "plots", lambda notebook, *variant: ran.append(variant))
    monkeypatch.setenv("BACKPROP_CACHE", "off")
    notebooks.run_all(tmp_path / "any.ipynb")
    assert ran == []
    monkeypatch.setenv("BACKPROP_CACHE", str(tmp_path / "cache"))
    notebooks.run_all(tmp_path / "any.ipynb")
    assert sorted(ran) == sorted(notebooks.VARIANTS)
