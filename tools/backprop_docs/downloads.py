"""Build step: every page with Python code, as a notebook and as a script, to download.

Made at build time from the page's own Markdown, in order, never written by hand:

- ``downloads/PAGE.ipynb``: Markdown cells from the prose, a code cell from each code block
  (a session's code without its prompts), and in each code cell the output the page shows
  for it (the outputs the doctests verified);
- ``downloads/PAGE.py``: the same code, with the prose as comments (jupytext's "percent"
  format, which editors such as VS Code and Spyder run cell by cell).

jupytext turns the Markdown into cells and the notebook into the script. A line under the
page's title links both and says what to install first. tests/test_downloads.py runs them.
"""

from __future__ import annotations

import base64
import copy
import doctest
import re
import shlex
from collections.abc import Collection
from pathlib import Path

import jupytext
import nbformat
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from backprop_docs.copy_buttons import session_code
from backprop_docs.values import fill

FENCE = re.compile(r"^```(?P<lang>\w+)\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)
PAGE_LINK = re.compile(r"\]\((?!https?:)(?P<page>[\w-]+)\.md(?P<anchor>#[\w-]*)?\)")
H1 = re.compile(r"^# .*\n", re.MULTILINE)
KERNEL = {"name": "python3", "display_name": "Python 3", "language": "python"}

# A download's first cell: what it needs, installed with pip if it is missing (`install_code`).
SETUP = """\
# Needs {name}: in a clone of the repository, run this with `uv run`;
# elsewhere (Colab, a fresh environment) this installs what is missing first.
import importlib.util
import subprocess
import sys
"""
NEED = """\
if importlib.util.find_spec("{module}") is None:
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "{spec}"]
    if subprocess.run(pip, capture_output=True).returncode != 0:  # offline, or no pip
        raise SystemExit(
            "This needs {name}, which could not be installed here: "
            "run  pip install {shown}  where you can, then run this again."
        )
"""
DISPLAY = """\
try:  # in a notebook, show every expression's value as the page's sessions do: repr()
    get_ipython().ast_node_interactivity = "all"
    get_ipython().display_formatter.formatters["text/plain"].pprint = False
except NameError:  # a script
    pass
"""
# What a page's code needs besides backprop and NumPy: the package to install, the module it
# gives, and the imports that show a page needs it (backprop.digits imports scikit-learn
# when it loads the data, not when it is imported).
EXTRAS = {
    "scikit-learn": (
        "sklearn",
        re.compile(r"^\s*(?:>>> |\.\.\. )?(?:from|import) (?:sklearn|backprop\.digits)\b", re.M),
    ),
}
USES_PACKAGE = re.compile(r"^\s*(?:>>> |\.\.\. )?(?:from|import) backprop\b", re.MULTILINE)
CAPTION = re.compile(r"^/// caption\n(?P<text>.*?)^///$", re.MULTILINE | re.DOTALL)
# The page's own list of numbers that are not results (`backprop_docs.prose`).
NOT_RESULTS = re.compile(r"<!--\s*not results:(?P<list>.*?)-->\n?", re.DOTALL)
# A figure on a page: ![alt](figures/NAME.svg), or ../figures/NAME.svg from a subfolder.
IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<up>(?:\.\./)*)figures/(?P<name>[\w-]+)\.svg\)")


# A collapsible block (pymdownx.details) or an admonition: its title line, then its body
# indented by four spaces (blank lines included).
DETAILS = re.compile(
    r'^(?:\?\?\?\+?|!!!) \w+(?: "(?P<title>[^"]*)")?\n\n(?P<body>(?:    .*\n|\n)+)', re.M
)


def flatten(markdown: str) -> str:
    """The page with its collapsible blocks opened out: the title in bold, the body at the
    left margin (an exercise's solution becomes code and prose a notebook shows as such)."""

    def opened(block: re.Match[str]) -> str:
        body = "".join(line[4:] + "\n" for line in block["body"].splitlines())
        return (f"**{block['title']}**\n\n" if block["title"] else "") + body

    return DETAILS.sub(opened, markdown)


def extras(markdown: str) -> list[str]:
    """The packages besides backprop and NumPy that the page's code needs (`EXTRAS`)."""
    return [package for package, (_, uses) in EXTRAS.items() if uses.search(markdown)]


# Blocks that need a package the site does not install (`backprop_docs.doctests.needs`).
NEEDS = re.compile(
    r'^<!--\s*skip:\s*start\s+needs\("(?P<package>[\w.-]+)"\)\s*-->\n(?P<body>.*?)'
    r"^<!--\s*skip:\s*end\s*-->$",
    re.MULTILINE | re.DOTALL,
)
INSTALL_NAMES = {"jax": "jax[cpu]"}  # what pip installs for a package, where not its name


def set_aside(markdown: str, keep: Collection[str] = ()) -> str:
    """The page with each block that needs another package shown, not run: its code as text
    under a line that says what to install (the build does not run it, and a download does
    not fail where the package is missing). The blocks that need a package in ``keep`` stay
    as they are."""

    def shown(section: re.Match[str]) -> str:
        package = section["package"]
        if package in keep:
            return section["body"]
        note = (
            f"*The code below needs {package}, which this does not install: "
            f'`pip install "{INSTALL_NAMES.get(package, package)}"`, then run it.*\n\n'
        )
        code = FENCE.sub(
            lambda f: f"```text\n{f['body']}```" if f["lang"] in {"python", "pycon"} else "",
            section["body"],
        )
        return note + code

    return NEEDS.sub(shown, markdown)


def has_python(markdown: str) -> bool:
    return any(m["lang"] in {"python", "pycon"} for m in FENCE.finditer(markdown))


def printed(markdown: str, keep: Collection[str] = ()) -> list[str]:
    """What the page shows each of its code blocks printing (a session's outputs, or the
    ```output block after a script), one string per block, in order; the blocks that need
    another package only if it is in ``keep``."""
    outputs: list[str] = []
    for fence in FENCE.finditer(flatten(set_aside(markdown, keep))):
        if fence["lang"] == "pycon":
            examples = doctest.DocTestParser().get_examples(fence["body"])
            outputs.append("".join(example.want for example in examples))
        elif fence["lang"] == "python":
            outputs.append("")
        elif fence["lang"] == "output":  # what the block before printed
            outputs[-1] += fence["body"]
    return outputs


def shown(markdown: str, keep: Collection[str] = ()) -> str:
    """What a page shows its code printing: its sessions' outputs and ```output blocks (of
    the blocks that need another package, only if it is in ``keep``)."""
    return "".join(printed(markdown, keep))


def equations_with_code(markdown: str) -> str:
    """Each equation block as its math and the package's lines that compute it, quoted (a
    notebook has no column beside the math, and those lines are not code to run alone)."""
    from backprop_docs.equations import EQUATION, tagged_lines

    tagged = tagged_lines()

    def block(m: re.Match[str]) -> str:
        lines = tagged.get(int(m["number"]), [])
        code = "".join(
            f"\n> `{line.text}` (backprop/{line.module}.py, line {line.number})" for line in lines
        )
        body = m["body"].strip()
        n = m["number"]
        return f"**Equation ({n})**\n\n{body}\n\nComputed in the package by:\n{code}\n"

    return EQUATION.sub(block, markdown)


def notebook(
    markdown: str,
    site_url: str,
    repo_url: str,
    page: Path | None = None,
    figures: dict[str, bytes] | None = None,
) -> nbformat.NotebookNode:
    """The page as a notebook: its prose, its code in order, and the outputs it shows; its
    figures inside it (attachments, ``figures``: name -> SVG), its captions as Markdown, each
    equation with the package's lines that compute it."""

    def code_only(fence: re.Match[str]) -> str:
        if fence["lang"] == "pycon":
            return f"```python\n{session_code(fence['body'])}```"
        return "" if fence["lang"] == "output" else fence.group(0)

    markdown = fill(markdown, str(page or "<markdown>"), page)
    markdown = NOT_RESULTS.sub("", markdown).lstrip("\n")  # the maintainers' list
    markdown = CAPTION.sub(lambda m: f"*{' '.join(m['text'].split())}*", markdown)
    text = FENCE.sub(code_only, flatten(equations_with_code(set_aside(markdown))))
    text = PAGE_LINK.sub(lambda m: f"]({site_url}{m['page']}/{m['anchor'] or ''})", text)
    nb = jupytext.reads(text, fmt="md")
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    outputs = printed(markdown)
    if len(code) != len(outputs):
        raise ValueError(f"{len(code)} code cells for {len(outputs)} code blocks")
    for cell, printout in zip(code, outputs, strict=True):
        if printout:
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=printout)]
    for cell in nb.cells:  # figures inside the notebook, so that it shows them offline
        if cell.cell_type == "markdown" and "figures/" in cell.source:
            cell.source = IMAGE.sub(lambda m, c=cell: attach(c, m, figures or {}), cell.source)
    title = next((k for k, cell in enumerate(nb.cells) if cell.cell_type == "markdown"), 0)
    setup = install_code(markdown, repo_url) + DISPLAY
    nb.cells.insert(title + 1, nbformat.v4.new_code_cell(setup))
    nb.metadata["kernelspec"] = KERNEL
    return nb


def install_code(markdown: str, repo_url: str) -> str:
    """The code that installs what a page's code needs (the backprop package from the
    repository, and any of `EXTRAS`), or exits in one line saying what to install."""
    wanted = [(EXTRAS[package][0], package, package) for package in extras(markdown)]
    if USES_PACKAGE.search(markdown):
        wanted.insert(0, ("backprop", f"git+{repo_url}", "the backprop package"))
    if not wanted:
        return ""
    code = [SETUP.format(name=" and ".join(name for _, _, name in wanted))]
    for module, spec, name in wanted:
        code.append(NEED.format(module=module, spec=spec, name=name, shown=shlex.quote(spec)))
    return "\n".join(code) + "\n"


def attach(cell: nbformat.NotebookNode, m: re.Match[str], figures: dict[str, bytes]) -> str:
    """A figure of the site as an attachment of the cell: ``![alt](attachment:NAME.svg)``."""
    name = f"{m['name']}.svg"
    if name not in figures:
        raise ValueError(f"the page shows {name}, which the build has not drawn")
    svg = base64.b64encode(figures[name]).decode()
    cell.setdefault("attachments", {})[name] = {"image/svg+xml": svg}
    return f"![{m['alt']}](attachment:{name})"


def script(nb: nbformat.NotebookNode) -> str:
    """The notebook as a script; what each block prints follows it as a comment (after the
    page's own "It prints:", where it has one)."""
    nb = nbformat.from_dict(copy.deepcopy(dict(nb)))
    cells = []
    for k, cell in enumerate(nb.cells):
        cell.pop("attachments", None)
        cells.append(cell)
        printed = "".join(o.get("text", "") for o in cell.get("outputs", []))
        if cell.cell_type != "code" or not printed:
            continue
        shown = "".join(f"    {line}\n" for line in printed.splitlines())
        after = nb.cells[k + 1] if k + 1 < len(nb.cells) else None
        if (
            after is not None
            and after.cell_type == "markdown"
            and after.source.rstrip().endswith("prints:")
        ):
            after.source = after.source.rstrip() + "\n\n" + shown
        else:
            cells.append(nbformat.v4.new_markdown_cell("It prints:\n\n" + shown))
    nb.cells = cells
    return jupytext.writes(nb, fmt="py:percent")


def _pages(files: Files) -> list[File]:
    return [
        f
        for f in files.documentation_pages()
        if f.src_uri.endswith(".md")
        and f.abs_src_path  # a page of the repository, not one a hook generated
        and has_python(Path(f.abs_src_path).read_text("utf-8"))
    ]


def add(files: Files, config: MkDocsConfig) -> Files:
    """Add each page with Python code as a notebook and a script, under downloads/."""
    drawn = {  # the figures, light: what a notebook shows (after figures.add)
        f.src_uri.removeprefix("figures/"): f.content_bytes
        for f in files
        if f.src_uri.startswith("figures/")
    }
    for page in _pages(files):
        stem = page.src_uri.removesuffix(".md")
        path = Path(page.abs_src_path)
        nb = notebook(path.read_text("utf-8"), config.site_url or "", config.repo_url, path, drawn)
        files.append(File.generated(config, f"downloads/{stem}.ipynb", content=nbformat.writes(nb)))
        files.append(File.generated(config, f"downloads/{stem}.py", content=script(nb)))
    return files


def colab(repo_url: str, stem: str) -> str:
    """Where Colab opens a page's notebook: from the notebooks branch (`backprop_docs.publish`),
    which holds the built downloads/ folder."""
    repository = repo_url.removeprefix("https://github.com/").strip("/")
    return f"https://colab.research.google.com/github/{repository}/blob/notebooks/{stem}.ipynb"


def link(markdown: str, page: Page, config: MkDocsConfig) -> str:
    """Under the title: both downloads, and what to install first."""
    if not page.file.src_uri.endswith(".md") or not has_python(markdown):
        return markdown
    stem = page.file.src_uri.removesuffix(".md")
    line = (
        f'<p class="downloads" markdown>Download this page as a '
        f"[notebook](downloads/{stem}.ipynb){{ download }} or a "
        f"[script](downloads/{stem}.py){{ download }}, or "
        f"[open it in Colab]({colab(config.repo_url, stem)}). "
        f"To run them: `uv run` in a clone of the repository, or first "
        f'`pip install "git+{config.repo_url}"{"".join(" " + e for e in extras(markdown))}`.'
        "</p>\n\n"
    )
    title = H1.search(markdown)
    at = title.end() if title else 0
    return markdown[:at] + "\n" + line + markdown[at:]
