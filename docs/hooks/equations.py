"""MkDocs hook: math rendered to MathML at build time, and equations beside their code.

1. Math. ``pymdownx.arithmatex`` (generic mode) marks ``$...$`` and ``$$...$$`` and keeps
   Markdown away from them; this hook turns each into MathML with ``math-core``. The pages
   then need no math JavaScript and no network. A LaTeX error stops the build with the
   page and the LaTeX in the message.

2. Equations beside code. In a page,

       <!-- equation (5) -->
       $$ ...LaTeX... $$
       <!-- end equation -->

   becomes a pair: the equation, numbered, next to every line of ``backprop/`` that ends
   with ``# (5)``, pulled from the source at build time (no copy lives in Markdown). The
   number links to the line in the generated source view, and the source view's ``# (5)``
   links back to the equation. An equation whose number tags no line stops the build.

3. Source view. Every module of ``backprop/`` gets a generated page ``source/NAME.md``
   with line anchors ``L-<line>``.

4. Notebooks. mkdocs-jupyter leaves ``$...$`` in Markdown cells for MathJax, which it
   loads (with Mermaid) from a CDN. On notebook pages this hook removes those scripts and
   renders the Markdown cells' math to MathML like everywhere else. Each plotting cell
   carries a ``# alt: ...`` comment; it becomes the alt text of the cell's image (nbconvert
   would write "No description has been provided for this image").
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

from math_core import LatexError, LatexToMathML
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "backprop"
TAG = re.compile(r"#\s*\((\d+)\)\s*$")
EQUATION = re.compile(
    r"^<!-- equation \((?P<number>\d+)\) -->\n(?P<body>.*?)^<!-- end equation -->$",
    re.MULTILINE | re.DOTALL,
)
INLINE = re.compile(r'<span class="arithmatex">\\\((?P<tex>.*?)\\\)</span>', re.DOTALL)
BLOCK = re.compile(r'<div class="arithmatex">\\\[(?P<tex>.*?)\\\]</div>', re.DOTALL)
COMMENT_TAG = re.compile(r'<span class="c1">#\s*\((\d+)\)</span>')
NOTEBOOK_SCRIPTS = [
    re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.DOTALL),
    re.compile(r'<script type="module">(?:(?!</script>).)*?mermaid.*?</script>', re.DOTALL),
]
MARKDOWN_CELL = re.compile(
    r'(<div class="[^"]*jp-RenderedMarkdown[^"]*"[^>]*>)(.*?)(</div>)', re.DOTALL
)
CODE = re.compile(r"(<code>.*?</code>)", re.DOTALL)
NO_ALT = 'alt="No description has been provided for this image"'
ALT_COMMENT = re.compile(r"^# alt: (.*(?:\n# (?!alt:).*)*)", re.MULTILINE)
DISPLAY_DOLLARS = re.compile(r"\$\$(.+?)\$\$", re.DOTALL)
INLINE_DOLLARS = re.compile(r"(?<![\\$])\$(?!\s)([^$]+?)(?<!\s)\$")

converter = LatexToMathML(annotation=True, fancy_error=False)


@dataclass(frozen=True)
class Line:
    module: str  # "network" for backprop/network.py
    number: int  # 1-based line number
    text: str  # the line, without its indentation


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.glob("*.py") if p.name != "__main__.py")


def tagged_lines() -> dict[int, list[Line]]:
    """Every line of backprop/ that ends with ``# (N)``, by N."""
    found: dict[int, list[Line]] = {}
    for path in modules():
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            match = TAG.search(text)
            if match:
                found.setdefault(int(match[1]), []).append(Line(path.stem, number, text.strip()))
    return found


def source_uri(module: str) -> str:
    return f"source/{module}.md"


# --- 3. the source view -------------------------------------------------------------------


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for path in modules():
        content = (
            f"# Source: `backprop/{path.name}`\n\n"
            f"The module as the site was built from it, with line numbers. "
            f"A `# (N)` comment links back to equation (N) in "
            f"[the mathematics](../derivation.md).\n\n"
            f"<!-- source {path.stem} -->\n"
        )
        files.append(File.generated(config, source_uri(path.stem), content=content))
    return files


def render_source(module: str, page: Page, config: MkDocsConfig) -> str:
    code = (PACKAGE / f"{module}.py").read_text(encoding="utf-8")
    formatter = HtmlFormatter(linenos="inline", lineanchors="L", anchorlinenos=True, wrapcode=True)
    rendered = highlight(code, PythonLexer(), formatter)
    derivation = (
        get_relative_url("derivation/", page.url)
        if config.use_directory_urls
        else (get_relative_url("derivation.html", page.url))
    )

    def backlink(match: re.Match[str]) -> str:
        n = match[1]
        return (
            f'<a class="eq-backlink" href="{derivation}#eq-{n}" title="Equation ({n})">'
            f"{match[0]}</a>"
        )

    linked = COMMENT_TAG.sub(backlink, rendered)
    return f'<div class="language-python highlight source-view">{linked}</div>'


# --- 2. equations beside code -------------------------------------------------------------


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    source = re.match(r"<!-- source (\w+) -->", markdown.splitlines()[-1])
    if page.file.src_uri.startswith("source/") and source:
        return markdown.replace(source[0], render_source(source[1], page, config))
    lines = tagged_lines()

    def pair(match: re.Match[str]) -> str:
        n = int(match["number"])
        if n not in lines:
            raise PluginError(
                f"{page.file.src_uri}: equation ({n}) has no line in backprop/ tagged '# ({n})'"
            )
        first = lines[n][0]
        target = f"{source_uri(first.module)}#L-{first.number}"
        link_to = get_relative_url(target, page.file.src_uri)
        code = "\n".join(line.text for line in lines[n])
        where = ", ".join(
            f"[{line.module}.py:{line.number}]"
            f"({get_relative_url(source_uri(line.module), page.file.src_uri)}#L-{line.number})"
            for line in lines[n]
        )
        return (
            f'<div class="eq-pair" id="eq-{n}" markdown>\n'
            f'<div class="eq-math" markdown>\n\n'
            f'[({n})]({link_to}){{ .eq-number title="Equation ({n}) in the source" }}\n\n'
            f"{match['body'].strip()}\n\n"
            f"</div>\n"
            f'<div class="eq-code" markdown>\n\n'
            f"```python\n{code}\n```\n\n"
            f"Computed at {where}.\n{{: .eq-where }}\n\n"
            f"</div>\n"
            f"</div>\n"
        )

    return EQUATION.sub(pair, markdown)


# --- 1. math to MathML --------------------------------------------------------------------


def to_mathml(tex: str, display: bool, page: Page) -> str:
    latex = html.unescape(tex).strip()
    try:
        return converter.convert_with_local_state(latex, displaystyle=display)
    except LatexError as e:
        raise PluginError(
            f"{page.file.src_uri}: cannot render the LaTeX {latex!r} as MathML: {e}"
        ) from None


def notebook_math(html_text: str, page: Page) -> str:
    """Render ``$$...$$`` and ``$...$`` in a notebook's Markdown cells, outside code."""

    def cell(match: re.Match[str]) -> str:
        parts = CODE.split(match[2])
        for k in range(0, len(parts), 2):  # the even parts are outside <code>
            text = DISPLAY_DOLLARS.sub(
                lambda m: f'<span class="math-display">{to_mathml(m[1], True, page)}</span>',
                parts[k],
            )
            parts[k] = INLINE_DOLLARS.sub(lambda m: to_mathml(m[1], False, page), text)
        return match[1] + "".join(parts) + match[3]

    for script in NOTEBOOK_SCRIPTS:
        html_text = script.sub("", html_text)
    return alt_texts(MARKDOWN_CELL.sub(cell, html_text), page)


def alt_texts(html_text: str, page: Page) -> str:
    """Give each notebook image the ``# alt:`` text of the cell that drew it, in order."""
    notebook = json.loads(Path(page.file.abs_src_path).read_text(encoding="utf-8"))
    alts = []
    for cell in notebook["cells"]:
        match = ALT_COMMENT.search("".join(cell["source"])) if cell["cell_type"] == "code" else None
        if match:
            alts.append(" ".join(line.lstrip("# ").strip() for line in match[1].splitlines()))
    if html_text.count(NO_ALT) != len(alts):
        raise PluginError(
            f"{page.file.src_uri}: {html_text.count(NO_ALT)} images but {len(alts)} "
            "'# alt:' comments; give every plotting cell one"
        )
    for alt in alts:
        html_text = html_text.replace(NO_ALT, f'alt="{html.escape(alt)}"', 1)
    return html_text


def on_page_content(html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri.endswith(".ipynb"):
        html_text = notebook_math(html_text, page)
    html_text = BLOCK.sub(
        lambda m: f'<div class="math-display">{to_mathml(m["tex"], True, page)}</div>', html_text
    )
    return INLINE.sub(lambda m: to_mathml(m["tex"], False, page), html_text)
