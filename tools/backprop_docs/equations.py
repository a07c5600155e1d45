"""A Python-Markdown extension: math as MathML, and each equation beside its code.

1. Math. ``$...$`` (inline) and ``$$...$$`` (display, a block of its own) become MathML,
   rendered with ``math-core`` while the Markdown is converted. The pages need no math
   JavaScript and no network. ``$`` inside code spans and code blocks is left alone; ``\\$``
   is a dollar sign. A LaTeX error stops the build with the page and the LaTeX.

2. Equations beside code. In a page,

       <!-- equation (5) -->
       $$ ...LaTeX... $$
       <!-- end equation -->

   becomes a pair: the equation, numbered, next to every line of the package that ends
   with ``# (5)``, read from the source when the page is built (no copy lives in Markdown).
   The number links to the line in the source view (``source/MODULE.md#L-LINE``, made by
   a hook). An equation whose number tags no line stops the build. Needs ``md_in_html``
   and ``attr_list``. ``<!-- equations from derivation.md -->`` puts every equation
   block of that page here (the playground's step mode shows them): the LaTeX stays in
   one place.

Configured in ``mkdocs.yml``::

    markdown_extensions:
      - backprop_docs.equations:
          package: backprop      # whose "# (N)" lines pair with equations

It runs under any engine that loads Python-Markdown extensions. Under MkDocs it knows the
page being built (for relative links and error messages); elsewhere it assumes the docs
root.
"""

from __future__ import annotations

import html
import importlib.util
import posixpath
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from pathlib import Path

from markdown import Markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from math_core import LatexError, LatexToMathML

# A line of the package that computes equation N ends with "# (N)".
TAG = re.compile(r"#\s*\((\d+)\)\s*$")
EQUATION = re.compile(
    r"^<!-- equation \((?P<number>\d+)\) -->\n(?P<body>.*?)^<!-- end equation -->$",
    re.MULTILINE | re.DOTALL,
)
# <!-- equations from PAGE.md -->: every equation block of that page, as if written here.
FROM = re.compile(r"^<!-- equations from (?P<page>[\w/.-]+\.md) -->$", re.MULTILINE)
INLINE_MATH = r"(?<![\\$])\$(?!\s)((?:\\.|[^\\$])+?)(?<!\s)\$(?!\d)"
DISPLAY_MATH = re.compile(r"^\$\$\n?(?P<tex>.+?)\n?\$\$\s*$", re.DOTALL)

_converter = LatexToMathML(annotation=True, fancy_error=False)


try:  # under MkDocs (or ProperDocs), a build error that stops the build with one message
    from mkdocs.exceptions import BuildError

    _BASES: tuple[type, ...] = (BuildError, ValueError)
except ImportError:  # any other engine
    _BASES = (ValueError,)


class MathError(*_BASES):
    """LaTeX that cannot be rendered, or an equation without code; the message says where."""


def to_mathml(tex: str, display: bool, page: str = "<markdown>") -> str:
    """MathML for one formula, with its LaTeX as an annotation for screen readers.

    Raises:
        MathError: naming ``page`` and the LaTeX.
    """
    latex = html.unescape(tex).strip()
    try:
        return _converter.convert_with_local_state(latex, displaystyle=display)
    except LatexError as e:
        raise MathError(f"{page}: cannot render the LaTeX {latex!r} as MathML: {e}") from None


@dataclass(frozen=True)
class Line:
    module: str  # "network" for backprop/network.py
    number: int  # 1-based line number
    text: str  # the line, without its indentation


def package_dir(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise ValueError(f"backprop_docs.equations: cannot find the package {package!r}")
    return Path(spec.origin).parent


def modules(package: str = "backprop") -> list[Path]:
    """The package's modules, as the source views show them."""
    return sorted(p for p in package_dir(package).glob("*.py") if p.name != "__main__.py")


def tagged_lines(package: str = "backprop") -> dict[int, list[Line]]:
    """Every line of the package that ends with ``# (N)``, by N."""
    found: dict[int, list[Line]] = {}
    for path in modules(package):
        for number, text in enumerate(path.read_text("utf-8").splitlines(), 1):
            match = TAG.search(text)
            if match:
                found.setdefault(int(match[1]), []).append(Line(path.stem, number, text.strip()))
    return found


MARKER = re.compile(r"^<!-- equation \((\d+)\) -->$", re.MULTILINE)


class EquationIndexError(*_BASES):
    """An equation shown on two pages, or a tagged line whose equation no page shows."""


def index(docs: Path) -> dict[int, str]:
    """Which page shows equation N (its ``<!-- equation (N) -->`` block), by N: the pairs,
    the source views' back-links and the tests all read it, so an equation can live on any
    page. A page that only borrows another's (``<!-- equations from ... -->``) does not
    count. An equation on two pages is an error: each has one home."""
    found: dict[int, str] = {}
    for path in sorted(docs.rglob("*.md")):
        page = path.relative_to(docs).as_posix()
        for n in map(int, MARKER.findall(path.read_text("utf-8"))):
            if n in found and found[n] != page:
                raise EquationIndexError(f"equation ({n}) is on two pages: {found[n]} and {page}")
            found[n] = page
    return found


def home(n: int, docs: Path, where: str) -> str:
    """The page that shows equation N; an error naming ``where`` (the tagged line) if none."""
    pages = index(docs)
    if n not in pages:
        raise EquationIndexError(
            f"{where} is tagged '# ({n})' but no page shows equation ({n}): give it an "
            f"<!-- equation ({n}) --> block on the page that explains it"
        )
    return pages[n]


def source_uri(module: str) -> str:
    """Where the source view of a module lives among the docs."""
    return f"source/{module}.md"


def _page(md: Markdown) -> str:
    """The page being converted: MkDocs registers the page's file on its link processor."""
    relpath = md.treeprocessors["relpath"] if "relpath" in md.treeprocessors else None
    file = getattr(relpath, "file", None)
    return getattr(file, "src_uri", None) or "<markdown>"


class EquationPairs(Preprocessor):
    """``<!-- equation (N) -->`` ... ``<!-- end equation -->`` to an equation/code pair."""

    def __init__(self, md: Markdown, package: str) -> None:
        super().__init__(md)
        self.package = package

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if "<!-- equations from " in text:
            text = FROM.sub(lambda m: self.borrowed(m["page"]), text)
        if "<!-- equation (" not in text:
            return text.split("\n")
        page = _page(self.md)
        here = posixpath.dirname(page) if page != "<markdown>" else ""
        tagged = tagged_lines(self.package)

        def link(module: str, line: int) -> str:
            return f"{posixpath.relpath(source_uri(module), here or '.')}#L-{line}"

        def pair(match: re.Match[str]) -> str:
            n = int(match["number"])
            if n not in tagged:
                raise MathError(
                    f"{page}: equation ({n}) has no line in {self.package}/ tagged '# ({n})'"
                )
            first = tagged[n][0]
            code = "\n".join(line.text for line in tagged[n])
            where = ", ".join(
                f"[{line.module}.py:{line.number}]({link(line.module, line.number)})"
                for line in tagged[n]
            )
            return (
                f'<div class="eq-pair" id="eq-{n}" markdown>\n'
                f'<div class="eq-math" markdown>\n\n'
                f"[({n})]({link(first.module, first.number)})"
                f'{{ .eq-number title="Equation ({n}) in the source" }}\n\n'
                f"{match['body'].strip()}\n\n"
                f"</div>\n"
                f'<div class="eq-code" markdown>\n\n'
                f"```python\n{code}\n```\n\n"
                f"Computed at {where}.\n{{: .eq-where }}\n\n"
                f"</div>\n"
                f"</div>\n"
            )

        return EQUATION.sub(pair, text).split("\n")

    def borrowed(self, source: str) -> str:
        """Every equation block of another page of the docs (its LaTeX stays there)."""
        relpath = self.md.treeprocessors["relpath"] if "relpath" in self.md.treeprocessors else None
        file = getattr(relpath, "file", None)
        docs = (
            Path(file.abs_src_path).parents[file.src_uri.count("/")]
            if file is not None and file.abs_src_path
            else Path("docs")
        )
        path = docs / source
        if not path.is_file():
            raise MathError(f"{_page(self.md)}: no page {source} to take the equations from")
        blocks = [m.group(0) for m in EQUATION.finditer(path.read_text("utf-8"))]
        if not blocks:
            raise MathError(f"{_page(self.md)}: {source} has no equation blocks")
        return "\n\n".join(blocks)


class InlineMath(InlineProcessor):
    """``$...$`` in running text."""

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[str, int, int]:  # noqa: N802
        mathml = to_mathml(m[1], display=False, page=_page(self.md))
        return self.md.htmlStash.store(mathml), m.start(0), m.end(0)


class DisplayMath(BlockProcessor):
    """A block that is ``$$ ... $$`` and nothing else."""

    def test(self, parent: etree.Element, block: str) -> bool:
        return DISPLAY_MATH.match(block) is not None

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:
        tex = DISPLAY_MATH.match(blocks.pop(0))["tex"]
        md = self.parser.md
        mathml = to_mathml(tex, display=True, page=_page(md))
        div = etree.SubElement(parent, "div", {"class": "math-display"})
        div.text = md.htmlStash.store(mathml)
        return True


class EquationsExtension(Extension):
    def __init__(self, **kwargs: object) -> None:
        self.config = {"package": ["backprop", "the package whose '# (N)' lines pair"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802
        md.registerExtension(self)
        # Before md_in_html and the raw-HTML preprocessor (20), so the pair's divs are seen.
        md.preprocessors.register(EquationPairs(md, self.getConfig("package")), "eq-pairs", 35)
        # After code spans (190), so "$" in `code` stays code; as pymdownx.arithmatex does.
        md.inlinePatterns.register(InlineMath(INLINE_MATH, md), "inline-math", 189.9)
        md.parser.blockprocessors.register(DisplayMath(md.parser), "display-math", 79.9)


def makeExtension(**kwargs: object) -> EquationsExtension:  # noqa: N802
    return EquationsExtension(**kwargs)


DISPLAY_DOLLARS = re.compile(r"\$\$(.+?)\$\$", re.DOTALL)
INLINE_DOLLARS = re.compile(INLINE_MATH)


def math_in_text(text: str, page: str = "<text>") -> str | None:
    """The HTML for a piece of plain text whose ``$$...$$`` and ``$...$`` become MathML,
    or None if it holds no math.

    For text that did not come through Python-Markdown, such as the text of a notebook's
    Markdown cells rendered by nbconvert (which leaves the math as it was written).
    """
    if "$" not in text:
        return None
    parts: list[str] = []
    position = 0
    found = sorted(
        [
            (m.start(), m.end(), to_mathml(m[1], True, page), True)
            for m in DISPLAY_DOLLARS.finditer(text)
        ]
        + [
            (m.start(), m.end(), to_mathml(m[1], False, page), False)
            for m in INLINE_DOLLARS.finditer(DISPLAY_DOLLARS.sub(lambda d: " " * len(d[0]), text))
        ]
    )
    for start, end, mathml, display in found:
        parts.append(html.escape(text[position:start], quote=False))
        parts.append(f'<span class="math-display">{mathml}</span>' if display else mathml)
        position = end
    parts.append(html.escape(text[position:], quote=False))
    return "".join(parts) if found else None
