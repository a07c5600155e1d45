"""Build step: notebook pages (mkdocs-jupyter) made like the rest of the site.

- The notebooks are executed here, with nbclient, warnings as errors, and kept in the
  studies cache (``backprop_docs.cache``), keyed by the notebook, the package's source and
  the machine: a prose edit elsewhere reuses the executed copy, a change in ``backprop/``
  executes it again. mkdocs-jupyter gets the executed copy and only converts it (its own
  cache would not see a change in ``backprop/``). Readers download the committed
  notebook, without outputs.
- mkdocs-jupyter loads MathJax and Mermaid from a CDN; the site loads nothing from
  elsewhere, so those scripts are removed, and the math of the Markdown cells is rendered to
  MathML at build time like every other page (``backprop_docs.equations.math_in_text``).
- The plots are SVG, drawn four times: for the light and the dark theme (a run with the
  figures' dark style), each for a desktop and for a phone (a run with larger text, so that
  shrunk to a phone's width it is still at least 9 px, as the build-time figures' narrow
  drawings). The page carries all four and shows the one of the reader's theme and screen.
- nbconvert shows an SVG plot without alt text; each plotting cell carries a
  ``# alt: ...`` comment, which becomes the alt text of the cell's image.
- Scrollable code cells become focusable, so a keyboard can scroll them (axe-core).

The page is read with an HTML parser (Beautiful Soup, which nbconvert already needs), not
with regular expressions. Each change expects to find what it changes, and stops the build
naming it if it does not: a template that changed must not make a fix silently vanish.
"""

from __future__ import annotations

import base64
import json
import os
import re
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
from bs4 import BeautifulSoup, Comment
from jupyter_core.utils import ensure_event_loop
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from backprop_docs import cache
from backprop_docs.equations import math_in_text
from backprop_docs.figures import THEMES

STRICT = "import warnings\nwarnings.simplefilter('error')"  # a warning stops the build
LENIENT = "warnings.resetwarnings()"  # not at the kernel's shutdown: ipykernel's own warning
# The site's plots are SVG, so that they stay sharp at any width and a test can measure
# their text; without a date and with a fixed hash salt, the same plot is the same SVG. An
# image inside a plot (imshow) is embedded at 150 dots per inch. Only the site's runs; a
# reader's own Jupyter keeps its defaults.
SVG = (
    "import matplotlib.pyplot as plt\n"
    "from matplotlib_inline.backend_inline import set_matplotlib_formats\n"
    "set_matplotlib_formats('svg', bbox_inches='tight', metadata={'Date': None})\n"
    "plt.rcParams.update({'figure.dpi': 150, 'svg.hashsalt': 'backprop'})"
)
# A phone shows a plot about 358 px wide; the widest plot is 8 inches (576 points), so text
# of 16 points is 16 * 358 / 576 = 9.9 px there (the desktop drawings' 10 points: 6.2 px).
# The notebook's plots are laid out so that this larger text fits (constrained layout,
# short titles).
PHONE = {"font.size": 16}
PHONE_MEDIA = "(max-width: 44.984375em)"  # extra.css: where figures show narrow drawings
CDN_SCRIPTS = {"mermaid": "mkdocs-jupyter's Mermaid module script"}  # what it mentions
ORIGINALS: dict[str, Path] = {}  # the committed notebook of each page (on_files)
ALT_COMMENT = re.compile(r"^# alt: (.*(?:\n# (?!alt:).*)*)", re.MULTILINE)
VARIANTS = [(dark, phone) for dark in (False, True) for phone in (False, True)]  # the runs


def run(notebook: Path, setup: str = "", variant: str = "") -> str:
    """The notebook run top to bottom (after the ``setup`` code, if any, whose cell is left
    out of the result), from the cache if this code ran it on this machine."""

    def execute() -> str:
        nb = nbformat.read(notebook, as_version=4)
        added = [STRICT, SVG, setup] if setup else [STRICT, SVG]  # removed again below
        nb.cells[:0] = [nbformat.v4.new_code_cell(code) for code in added]
        nb.cells.append(nbformat.v4.new_code_cell(LENIENT))
        client = NotebookClient(
            nb,
            timeout=600,
            kernel_name="python3",
            allow_errors=False,  # an exception in any cell stops the build
            extra_arguments=["--IPKernelApp.log_level=ERROR"],  # no advice for kernel admins
            resources={"metadata": {"path": str(notebook.parent)}},
        )
        # The kernel process's own stderr goes to a file, not to the build log: ipykernel
        # 7.4 can print a ZMQError traceback while it shuts down, after every cell ran
        # (a race in its I/O thread; ipython/ipykernel#1518 fixed one path of it). A cell's
        # output never goes there; it comes back over the kernel's channels. If the run
        # fails, the log is shown with the error.
        with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as kernel_log:
            try:
                client.execute(stderr=kernel_log)
            except CellExecutionError as e:
                raise PluginError(f"{notebook.name}: a cell raised:\n{e}") from None
            except Exception as e:
                kernel_log.seek(0)
                raise PluginError(
                    f"{notebook.name}: the kernel failed: {e!r}\nits log:\n{kernel_log.read()}"
                ) from None
        del nb.cells[: len(added)], nb.cells[-1]
        for cell in nb.cells:  # counted from 1 again, as if the added cells had not run
            if cell.get("execution_count"):
                cell.execution_count -= len(added)
            for output in cell.get("outputs", []):
                if output.get("execution_count"):
                    output.execution_count -= len(added)
        return nbformat.writes(nb)

    how = Path(__file__).read_text("utf-8")  # this hook's way of running it is part of the key
    label = f"notebook {notebook.name}{f' ({variant})' if variant else ''}"
    return cache.lookup("notebook", label, execute, notebook.read_text("utf-8"), how, setup)


def run_all(notebook: Path) -> None:
    """Every run of the notebook the site needs (one per theme and layout, `VARIANTS`), one
    kernel per core at once: each kernel is a process of its own, and a cold build that ran
    the four in turn waited about 14 s for them on 2 cores. Only a head start, which fills
    the cache: with the cache not kept, it does nothing (each run is then made where used)."""
    if not cache.keeps():
        return

    def run_one(variant: tuple[bool, bool]) -> None:
        try:
            plots(notebook, *variant)
        finally:  # nbclient's event loop for this thread, which it leaves open
            ensure_event_loop().close()

    with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        list(pool.map(run_one, VARIANTS))


def executed(notebook: Path, src_uri: str) -> Path:
    """The notebook run top to bottom, as a file mkdocs-jupyter can convert.

    The copy keeps the notebook's path under docs/ (``src_uri``), which mkdocs-jupyter's
    ``include`` patterns match.
    """
    text = run(notebook)
    copy = (cache.directory() or cache.DEFAULT) / "notebooks" / cache.key(text)[:16] / src_uri
    if not copy.is_file():
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_text(text, "utf-8")
    return copy


def plots(notebook: Path, dark: bool = False, phone: bool = False) -> list[str]:
    """The notebook's plots as SVG, in the order of the page: for the light or the dark
    theme (the figures' own dark style: light text and axes on a transparent background),
    drawn for a desktop or for a phone (larger text, `PHONE`)."""
    style = {**(THEMES["-dark"] if dark else {}), **(PHONE if phone else {})}
    setup = f"import matplotlib.pyplot as plt\nplt.rcParams.update({style!r})" if style else ""
    variant = ", ".join(word for word, on in (("dark", dark), ("phone", phone)) if on)
    cells = nbformat.reads(run(notebook, setup, f"{variant} plots" if variant else ""), 4).cells
    return [
        output["data"]["image/svg+xml"]
        for cell in cells
        for output in cell.get("outputs", [])
        if "image/svg+xml" in output.get("data", {})
    ]


def data_uri(svg: str) -> str:
    return f"data:image/svg+xml;base64,{base64.b64encode(svg.encode('utf-8')).decode('ascii')}"


def use_executed(files: Files, config: MkDocsConfig) -> Files:
    """Give mkdocs-jupyter (whose on_files ran first) executed copies of the notebooks, and
    publish each committed notebook beside its page for download."""
    for file in list(files):
        if file.src_uri.startswith("notebooks/") and file.src_uri.endswith(".ipynb"):
            original = Path(file.abs_src_path)
            ORIGINALS[file.src_uri] = original
            run_all(original)
            file.abs_src_path = str(executed(original, file.src_uri))
            download = f"{file.src_uri.removesuffix('.ipynb')}/{original.name}"
            files.append(File.generated(config, download, abs_src_path=str(original)))
    return files


def alt_texts(notebook: Path) -> list[str]:
    """The ``# alt:`` text of every plotting cell, in order."""
    cells = json.loads(notebook.read_text("utf-8"))["cells"]
    found = []
    for cell in cells:
        match = ALT_COMMENT.search("".join(cell["source"])) if cell["cell_type"] == "code" else None
        if match:
            found.append(" ".join(line.lstrip("# ").strip() for line in match[1].splitlines()))
    return found


def expect(found: list, what: str, where: str) -> list:
    if not found:
        raise PluginError(
            f"{where}: expected {what} in mkdocs-jupyter's HTML, and found none; its template "
            "has changed: update backprop_docs/notebooks.py to match"
        )
    return found


def adjust(html: str, page: Page) -> str:
    """A notebook page's HTML made like the rest of the site (see the module's docstring)."""
    if not page.file.src_uri.endswith(".ipynb"):
        return html
    where = page.file.src_uri
    soup = BeautifulSoup(html, "html.parser")
    loader = soup.find(string=lambda text: isinstance(text, Comment) and "Load mathjax" in text)
    for node in expect([loader] if loader else [], "the <!-- Load mathjax --> block", where):
        while node is not None and "End of mathjax configuration" not in str(node):
            node, gone = node.next_sibling, node
            gone.extract()
        expect([node] if node else [], "<!-- End of mathjax configuration -->", where)[0].extract()
    for word, what in CDN_SCRIPTS.items():
        scripts = [s for s in soup.find_all("script") if word in (s.get("src", "") + s.get_text())]
        for script in expect(scripts, what, where):
            script.decompose()
    for cell in expect(soup.select("div.jp-RenderedMarkdown"), "Markdown cells", where):
        for text in cell.find_all(string=True):
            if text.find_parent(["code", "pre"]) is None:
                rendered = math_in_text(str(text), where)
                if rendered is not None:
                    text.replace_with(BeautifulSoup(rendered, "html.parser"))
    for code in expect(soup.select("div.highlight-ipynb.hl-python"), "code cells", where):
        code["tabindex"] = "0"
    images = [
        image
        for image in soup.select("div.jp-RenderedSVG > img")
        if image.get("src", "").startswith("data:image/svg+xml;base64,")
    ]
    alts = alt_texts(Path(page.file.abs_src_path))
    if len(images) != len(alts):
        raise PluginError(
            f"{where}: {len(images)} images but {len(alts)} '# alt:' comments; "
            "give every plotting cell one"
        )
    notebook = ORIGINALS.get(page.file.src_uri, Path(page.file.abs_src_path))
    drawn = {(dark, phone): plots(notebook, dark, phone) for dark, phone in VARIANTS}
    for (dark, phone), svgs in drawn.items():
        if len(svgs) != len(images):
            raise PluginError(
                f"{where}: {len(images)} plots, but {len(svgs)} in the run "
                f"{'dark' if dark else 'light'}, {'phone' if phone else 'desktop'}"
            )
    # Each plot as one <picture> per theme (extra.css shows the reader's: by the class of
    # its image); the browser takes the phone drawing below 45em, as the figures do.
    for k, (image, alt) in enumerate(zip(images, alts, strict=True)):
        pictures = []
        for dark in (False, True):
            picture = soup.new_tag("picture")
            picture.append(
                soup.new_tag("source", media=PHONE_MEDIA, srcset=data_uri(drawn[dark, True][k]))
            )
            shown = soup.new_tag("img", src=data_uri(drawn[dark, False][k]), alt=alt)
            shown["class"] = ["nb-dark" if dark else "nb-light"]
            picture.append(shown)
            pictures.append(picture)
        image.replace_with(*pictures)
    return str(soup)
