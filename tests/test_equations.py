"""The mathematics page: every equation beside its live code, math as MathML, errors loud."""

from __future__ import annotations

import html
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import markdown
import pytest
from backprop_docs.equations import (
    TAG,
    EquationIndexError,
    EquationsExtension,
    MathError,
    index,
    math_in_text,
)
from backprop_docs.testing import ROOT

DOCS = ROOT / "docs"
HOMES = index(DOCS)  # equation N: the page that shows it
PAGE = DOCS / "derivation.md"  # the mathematics page: most of them, and the whole page below
MARKER = re.compile(r"^<!-- equation \((\d+)\) -->$", re.MULTILINE)


def on(page: str) -> list[int]:
    return sorted(n for n, home in HOMES.items() if home == page)


def url(page: str) -> str:
    """A page's directory URL, as the built site has it."""
    stem = page.removesuffix(".md")
    return "" if stem == "index" else f"{stem.removesuffix('/index')}/"


def tags_in_package() -> dict[int, list[str]]:  # read here, not by the extension's code
    tags: dict[int, list[str]] = {}
    for path in sorted((ROOT / "backprop").glob("*.py")):
        for line in path.read_text("utf-8").splitlines():
            match = TAG.search(line)
            if match:
                tags.setdefault(int(match[1]), []).append(line.strip())
    return tags


def pair_html(built: str, n: int) -> str:
    """The built HTML of equation (n)'s pair: up to the next pair or heading."""
    start = built.index(f'<div class="eq-pair" id="eq-{n}">')
    ends = [built.find(marker, start + 1) for marker in ('<div class="eq-pair"', "<h2", "<h3")]
    return built[start : min(end for end in ends if end > 0)]


def test_every_tag_in_the_package_is_an_equation_on_exactly_one_page_and_back() -> None:
    assert HOMES and set(tags_in_package()) == set(HOMES)
    shown = [int(n) for p in DOCS.rglob("*.md") for n in MARKER.findall(p.read_text("utf-8"))]
    assert sorted(shown) == sorted(HOMES)  # none shown twice


def test_an_equation_on_two_pages_is_refused_naming_both(tmp_path: Path) -> None:
    for name in ("a.md", "b.md"):
        (tmp_path / name).write_text("<!-- equation (3) -->\n$$x$$\n<!-- end equation -->\n")
    with pytest.raises(EquationIndexError, match=r"equation \(3\) is on two pages: a.md and b.md"):
        index(tmp_path)


def test_each_equation_shows_exactly_its_tagged_lines_in_the_built_page(built_site: Path) -> None:
    for n, lines in tags_in_package().items():
        built = (built_site / url(HOMES[n]) / "index.html").read_text("utf-8")
        pair = pair_html(built, n)
        assert "<math" in pair, f"equation ({n}) is not MathML"
        code = re.search(r"<code>(.*?)</code>", pair, re.S)
        assert code, f"equation ({n}) has no code beside it"
        code = html.unescape(re.sub(r"<[^>]+>", "", code[1]))
        assert code.strip().splitlines() == lines, f"equation ({n}) shows other code"


def test_equation_numbers_link_to_their_line_and_the_source_links_back(built_site: Path) -> None:
    for n, page in HOMES.items():
        built = (built_site / url(page) / "index.html").read_text("utf-8")
        up = "../" * url(page).count("/")
        link = re.search(
            rf'<a class="eq-number" href="{up}source/(\w+)/#L-(\d+)"[^>]*>\({n}\)</a>', built
        )
        assert link, f"equation ({n}) has no number linking to the source"
        module, number = link[1], int(link[2])
        line = (ROOT / "backprop" / f"{module}.py").read_text("utf-8").splitlines()[number - 1]
        assert line.rstrip().endswith(f"# ({n})")
        source = (built_site / "source" / module / "index.html").read_text("utf-8")
        assert f'id="L-{number}"' in source
        assert f'href="../../{url(page)}#eq-{n}"' in source


def test_no_unrendered_latex_is_left_in_any_page(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        text = re.sub(r"<annotation[^>]*>.*?</annotation>", "", page.read_text("utf-8"), flags=re.S)
        assert 'class="arithmatex"' not in text, page
        assert "\\frac" not in text and "\\partial" not in text, page


# --- the Markdown extension, in-process -------------------------------------------------


def convert(text: str) -> str:
    return markdown.markdown(
        textwrap.dedent(text),
        extensions=[EquationsExtension(), "md_in_html", "attr_list", "pymdownx.superfences"],
    )


def test_display_math_becomes_mathml() -> None:
    out = convert("Before.\n\n$$\nE = \\frac{1}{2}\n$$\n\nAfter.\n")
    assert '<div class="math-display"><math' in out and 'display="block"' in out
    assert "$" not in out and "\\frac" not in out.split("<annotation")[0]


def test_inline_math_becomes_mathml_with_its_latex_annotated() -> None:
    out = convert("The weight $w_{ji}$ and $y_j$.\n")
    assert out.count("<math") == 2
    assert '<annotation encoding="application/x-tex">w_{ji}</annotation>' in out


def test_dollars_in_code_stay_code() -> None:
    out = convert("Run `echo $HOME $PATH` and\n\n```python\nprice = '$5 and $6'\n```\n")
    assert "<math" not in out and "$HOME $PATH" in out and "$5 and $6" in out


def test_malformed_latex_raises_naming_the_latex() -> None:
    with pytest.raises(MathError, match=r"<markdown>: cannot render the LaTeX '\\\\frac\{1\}\{2'"):
        convert("See $\\frac{1}{2$ here.\n")


def test_an_equation_becomes_a_pair_with_its_tagged_lines() -> None:
    out = convert("<!-- equation (5) -->\n$$\nx\n$$\n<!-- end equation -->\n")
    assert '<div class="eq-pair" id="eq-5">' in out and "<math" in out
    code = re.search(r"<code>(.*?)</code>", out, re.S)[1]
    text = html.unescape(re.sub(r"<[^>]+>", "", code))
    assert text.strip().splitlines() == tags_in_package()[5]
    assert re.search(r'<a class="eq-number" href="source/network.md#L-\d+"', out)


def test_an_equation_without_tagged_code_raises() -> None:
    with pytest.raises(MathError, match="equation \\(42\\) has no line in backprop/ tagged"):
        convert("<!-- equation (42) -->\n$$\nx\n$$\n<!-- end equation -->\n")


def test_math_in_plain_text_is_escaped_around_the_mathml() -> None:
    out = math_in_text("a < b and $x_j$, then $$E$$")
    assert out.startswith("a &lt; b and <math") and '<span class="math-display"><math' in out
    assert math_in_text("no math here") is None


def test_the_whole_mathematics_page_converts_in_process() -> None:
    out = convert(PAGE.read_text("utf-8"))
    assert out.count('<div class="eq-pair"') == len(on("derivation.md")) > 0
    assert "$" not in out.split("<pre")[0]


def build(tmp_path: Path, page: str) -> subprocess.CompletedProcess[str]:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "derivation.md").write_text(textwrap.dedent(page), "utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        textwrap.dedent("""\
            site_name: t
            markdown_extensions:
              - md_in_html
              - attr_list
              - backprop_docs.equations
              - pymdownx.superfences
            """),
        "utf-8",
    )
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=tmp_path,
        capture_output=True,
        encoding="utf-8",
        timeout=300,
    )


def test_a_latex_error_stops_a_real_build_naming_the_page(tmp_path: Path) -> None:
    result = build(tmp_path, "# Page\n\nSee $\\frac{1}{2$ here.\n")
    assert result.returncode != 0
    assert "derivation.md: cannot render the LaTeX '\\\\frac{1}{2' as MathML" in result.stderr


@pytest.mark.parametrize("width", [1280, 390])
def test_math_page_renders_mathml_offline_in_a_browser(visit, width: int, tmp_path: Path) -> None:
    seen = visit("derivation/", width=width)
    page = seen.page
    assert page.locator("math").count() > 50
    text = page.evaluate("document.body.innerText")
    for raw in ("$", "\\frac", "\\partial", "\\sum"):
        assert raw not in text, f"raw LaTeX {raw!r} is visible"
    # MathML is laid out by the browser (a <math> element with real height), not left as text
    height = page.evaluate("document.querySelector('#eq-5 math').getBoundingClientRect().height")
    assert height > 20
    assert seen.foreign_requests == []
    assert seen.failed_requests == []
    assert seen.console_errors == []
    page.screenshot(path=tmp_path / f"derivation-{width}.png", full_page=True)
    assert (tmp_path / f"derivation-{width}.png").stat().st_size > 10_000


def test_equation_and_code_sit_side_by_side_on_desktop_and_stack_on_a_phone(visit) -> None:
    def layout(width: int) -> tuple[dict, dict]:
        page = visit("derivation/", width=width).page
        box = (
            "el => { const r = el.getBoundingClientRect(); return {x: r.x, y: r.y, h: r.height}; }"
        )
        return (
            page.locator("#eq-6 .eq-math").evaluate(box),
            page.locator("#eq-6 .eq-code .highlight").evaluate(box),
        )

    math_box, code_box = layout(1280)
    assert code_box["x"] > math_box["x"] + 50  # beside
    math_box, code_box = layout(390)
    assert code_box["y"] >= math_box["y"] + math_box["h"] - 1  # below


PAIRS = """() => [...document.querySelectorAll('.eq-pair')].map(pair => {
  const code = pair.querySelector('.eq-code .highlight code');
  const box = el => el.getBoundingClientRect();
  const tag = [...code.querySelectorAll('.c1')].pop();
  const math = box(pair.querySelector('.eq-math')), block = box(code);
  return {
    id: pair.id, scroll: code.scrollWidth, client: code.clientWidth,
    tagInside: box(tag).left >= block.left && box(tag).right <= block.right
               && box(tag).bottom <= block.bottom,
    codeLeft: Math.round(block.left),
    offCentre: Math.abs((math.top + math.bottom) / 2 - (block.top + block.bottom) / 2),
    buttons: pair.querySelectorAll('button').length,
  };
})"""


@pytest.mark.parametrize("width", [1280, 390])
def test_no_pair_clips_its_code_and_every_tag_is_in_view(visit, width: int) -> None:
    pairs = visit("derivation/", width=width).page.evaluate(PAIRS)
    assert len(pairs) == len(on("derivation.md"))
    for pair in pairs:
        assert pair["scroll"] <= pair["client"] and pair["tagInside"], pair


def test_on_a_desktop_every_pair_has_one_left_edge_and_a_centred_equation(visit) -> None:
    pairs = visit("derivation/", width=1280).page.evaluate(PAIRS)
    assert len({pair["codeLeft"] for pair in pairs}) == 1, pairs
    assert max(pair["offCentre"] for pair in pairs) <= 3, pairs
    assert sum(pair["buttons"] for pair in pairs) == 0


# Where each line of a pair's code starts: its first character, and the first character
# after every newline (a line that wraps does not start a new one).
LINE_STARTS = """() => [...document.querySelectorAll('.eq-pair .eq-code .highlight code')]
  .map(code => {
  const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
  const starts = [];
  let atStart = true;
  while (walker.nextNode()) {
    const text = walker.currentNode.data;
    for (let k = 0; k < text.length; k++) {
      if (text[k] === '\\n') { atStart = true; continue; }
      if (atStart) {
        const range = document.createRange();
        range.setStart(walker.currentNode, k);
        range.setEnd(walker.currentNode, k + 1);
        starts.push(Math.round(range.getBoundingClientRect().left));
        atStart = false;
      }
    }
  }
  return starts;
})"""


@pytest.mark.parametrize("width", [1280, 390])
def test_every_line_of_a_pairs_code_starts_at_its_left_edge(visit, width: int) -> None:
    """Only a wrapped line is indented, so a second line of code (eq. 2 has two) cannot be
    mistaken for the first one's continuation."""
    starts = visit("derivation/", width=width).page.evaluate(LINE_STARTS)
    assert len(starts) == len(on("derivation.md")) and max(len(s) for s in starts) >= 2
    assert all(len(set(lines)) == 1 for lines in starts), starts


def test_a_page_can_show_the_equations_of_another_page_without_copying_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)  # outside MkDocs the docs folder is ./docs
    out = convert("<!-- equations from derivation.md -->\n")
    shown = [int(n) for n in re.findall(r'class="eq-pair" id="eq-(\d+)"', out)]
    assert shown == on("derivation.md")


def test_equations_from_a_missing_page_stop_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    with pytest.raises(MathError, match="no page nowhere.md to take the equations from"):
        convert("<!-- equations from nowhere.md -->\n")


def test_a_tagged_line_whose_equation_no_page_shows_stops_the_build_naming_it() -> None:
    from backprop_docs.equations import home

    missing = max(HOMES) + 1
    with pytest.raises(EquationIndexError, match=rf"backprop/x.py is tagged '# \({missing}\)'"):
        home(missing, DOCS, "backprop/x.py")


# The lines of each pair's code that the browser breaks: a line of code whose characters
# sit at more than one height.
WRAPPED_LINES = """() => [...document.querySelectorAll('.eq-pair .eq-code .highlight code')]
  .flatMap(code => {
  const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
  const lines = [[]];
  while (walker.nextNode()) {
    const node = walker.currentNode;
    for (let k = 0; k < node.data.length; k++) {
      if (node.data[k] === '\\n') { lines.push([]); continue; }
      if (node.data[k] === ' ') continue;
      const range = document.createRange();
      range.setStart(node, k);
      range.setEnd(node, k + 1);
      lines[lines.length - 1].push([node.data[k], Math.round(range.getBoundingClientRect().top)]);
    }
  }
  return lines.filter(line => new Set(line.map(([, top]) => top)).size > 1)
    .map(line => line.map(([c]) => c).join(''));
})"""


def test_on_a_desktop_no_line_of_a_pairs_code_wraps(visit) -> None:
    """At 1280 px the code has the width it needs: no "# (N)" on a line of its own, no
    expression broken in two (issue 30: the contents sidebar gave way to it)."""
    wrapped = visit("derivation/", width=1280).page.evaluate(WRAPPED_LINES)
    assert wrapped == []


def test_on_a_desktop_the_contents_of_a_page_of_pairs_are_in_the_navigation(visit) -> None:
    page = visit("derivation/", width=1280).page
    links = page.evaluate(
        "[...document.querySelectorAll('.md-nav--primary .md-nav--secondary a')]"
        ".filter(a => a.getBoundingClientRect().height > 0 "
        "&& getComputedStyle(a).visibility === 'visible').map(a => a.textContent.trim())"
    )
    headings = page.evaluate(
        "[...document.querySelectorAll('article h2, article h3')]"
        ".map(h => h.textContent.replace('¶', '').trim())"
    )
    assert headings and links == headings


# Code in a table's cells broken between two characters that are not spaces.
BROKEN_NAMES = """[...document.querySelectorAll('article td code')].flatMap(code => {
  const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
  const chars = [];
  while (walker.nextNode()) {
    const node = walker.currentNode;
    for (let k = 0; k < node.data.length; k++) {
      const range = document.createRange();
      range.setStart(node, k);
      range.setEnd(node, k + 1);
      chars.push([node.data[k], range.getBoundingClientRect().top]);
    }
  }
  return chars.some(([c, top], k) => k > 0 && c !== ' ' && chars[k - 1][0] !== ' '
                    && Math.abs(top - chars[k - 1][1]) > 2) ? [code.textContent] : [];
})"""


def test_on_a_phone_no_name_in_a_table_is_broken_inside_a_token(visit) -> None:
    broken = visit("derivation/", width=390).page.evaluate(BROKEN_NAMES)
    assert broken == []
