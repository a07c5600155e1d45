"""Build step: a page for each module of the package, with line numbers and anchors.

``source/NAME.md`` is generated for every module; each line is an element ``L-<line>``
(the equation pairs link there, and the line is highlighted when a link arrives: CSS
``:target``), its number in a gutter of its own (a link to the line, not selectable, not
copied), and each ``# (N)`` comment links back to equation (N) on the page that shows it
(`backprop_docs.equations.index`).
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

from backprop_docs.equations import TAG, home, modules, source_uri
from backprop_docs.patching import patch

MARKER = re.compile(r"^<!-- source (\w+) -->$", re.MULTILINE)
COMMENT_TAG = re.compile(r'<span class="c1">#\s*\((\d+)\)</span>')


def add_pages(files: Files, config: MkDocsConfig) -> Files:
    """Add ``source/MODULE.md`` for every module of the package."""
    docs = Path(config.docs_dir)
    for path in modules():
        lines = path.read_text("utf-8").splitlines()
        tags = sorted({int(m[1]) for m in map(TAG.search, lines) if m})
        pages = sorted({home(n, docs, f"backprop/{path.name}") for n in tags})
        links = (  # a module without equations does not say so
            "A `# (N)` comment links back to equation (N) in "
            + " and ".join(f"[{title(docs / page)}](../{page})" for page in pages)
            + "."
            if pages
            else ""
        )
        content = (
            f"# Source: `backprop/{path.name}`\n\n"
            f"The module as the site was built from it, with line numbers. {links}\n\n"
            f"<!-- source {path.stem} -->\n"
        )
        files.append(File.generated(config, source_uri(path.stem), content=content))
    return files


def title(page: Path) -> str:
    """A page's title as a link names it: its first heading, in lower case after the first
    word (the mathematics page is "the mathematics")."""
    heading = next(line[2:] for line in page.read_text("utf-8").splitlines() if line[:2] == "# ")
    return heading.split(",")[0][0].lower() + heading.split(",")[0][1:]


LINE = re.compile(r'<span id="L-(\d+)">')


def render(path: Path, page: Page, config: MkDocsConfig) -> str:
    """The module as highlighted HTML: one element per line, its number in a gutter."""
    formatter = HtmlFormatter(linespans="L", wrapcode=True)
    where = f"source view of backprop/{path.name}"
    rendered = patch(  # Pygments' HTML: loud if its line spans change
        highlight(path.read_text("utf-8"), PythonLexer(), formatter),
        LINE,
        lambda m: (
            f'<span class="line" id="L-{m[1]}"><a class="linenos" href="#L-{m[1]}" '
            f'tabindex="-1" aria-hidden="true">{m[1]}</a>'
        ),
        'Pygments\' line spans (<span id="L-N">)',
        where,
    )
    docs = Path(config.docs_dir)

    def backlink(m: re.Match[str]) -> str:
        n = int(m[1])
        target = home(n, docs, f"backprop/{path.name}").removesuffix(".md")
        if target.endswith("index"):
            target = target.removesuffix("index")
        url = f"{target}/" if config.use_directory_urls and target else f"{target}.html"
        href = get_relative_url(url, page.url)
        return f'<a class="eq-backlink" href="{href}#eq-{n}" title="Equation ({n})">{m[0]}</a>'

    tagged = any(TAG.search(line) for line in path.read_text("utf-8").splitlines())
    linked = (  # Pygments' comment spans: loud if a tagged module's tags are not found
        patch(rendered, COMMENT_TAG, backlink, "Pygments' comment spans of '# (N)'", where)
        if tagged
        else rendered
    )
    return f'<div class="language-python highlight source-view">{linked}</div>'


def fill(markdown: str, page: Page, config: MkDocsConfig) -> str:
    """A source page's marker replaced by its module, highlighted."""
    if not page.file.src_uri.startswith("source/"):
        return markdown
    stem = Path(page.file.src_uri).stem
    path = next(p for p in modules() if p.stem == stem)
    return patch(
        markdown,
        MARKER,
        lambda match: render(path, page, config),
        f"the marker <!-- source {stem} -->",
        page.file.src_uri,
    )
