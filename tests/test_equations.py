"""The mathematics page: every equation beside its live code, math as MathML, errors loud."""

from __future__ import annotations

import html
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "derivation.md"
MARKER = re.compile(r"^<!-- equation \((\d+)\) -->$", re.MULTILINE)
TAG = re.compile(r"#\s*\((\d+)\)\s*$")


def tags_in_package() -> dict[int, list[str]]:
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


def test_the_page_pairs_each_of_the_nine_equations_with_code() -> None:
    assert sorted(int(n) for n in MARKER.findall(PAGE.read_text("utf-8"))) == list(range(1, 10))


def test_every_tag_in_the_package_is_an_equation_on_the_page() -> None:
    on_page = {int(n) for n in MARKER.findall(PAGE.read_text("utf-8"))}
    assert set(tags_in_package()) == on_page


def test_each_equation_shows_exactly_its_tagged_lines_in_the_built_page(built_site: Path) -> None:
    built = (built_site / "derivation" / "index.html").read_text("utf-8")
    for n, lines in tags_in_package().items():
        pair = pair_html(built, n)
        assert "<math" in pair, f"equation ({n}) is not MathML"
        code = re.search(r"<code>(.*?)</code>", pair, re.S)
        assert code, f"equation ({n}) has no code beside it"
        code = html.unescape(re.sub(r"<[^>]+>", "", code[1]))
        assert code.strip().splitlines() == lines, f"equation ({n}) shows other code"


def test_equation_numbers_link_to_their_line_and_the_source_links_back(built_site: Path) -> None:
    built = (built_site / "derivation" / "index.html").read_text("utf-8")
    source = (built_site / "source" / "network" / "index.html").read_text("utf-8")
    for n in range(1, 10):
        link = re.search(
            rf'<a class="eq-number" href="\.\./source/network/#L-(\d+)"[^>]*>\({n}\)</a>', built
        )
        assert link, f"equation ({n}) has no number linking to the source"
        line = (ROOT / "backprop" / "network.py").read_text("utf-8").splitlines()[int(link[1]) - 1]
        assert line.rstrip().endswith(f"# ({n})")
        assert f'id="L-{link[1]}"' in source
        assert f'href="../../derivation/#eq-{n}"' in source


def test_no_unrendered_latex_is_left_in_any_page(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        text = re.sub(r"<annotation[^>]*>.*?</annotation>", "", page.read_text("utf-8"), flags=re.S)
        assert 'class="arithmatex"' not in text, page
        assert "\\frac" not in text and "\\partial" not in text, page


def build(tmp_path: Path, page: str) -> subprocess.CompletedProcess[str]:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "derivation.md").write_text(
        textwrap.dedent(page), "utf-8"
    )  # the source view links here
    (tmp_path / "mkdocs.yml").write_text(
        textwrap.dedent(f"""\
            site_name: t
            hooks: [{ROOT / "docs" / "hooks" / "equations.py"}]
            markdown_extensions:
              - md_in_html
              - attr_list
              - pymdownx.arithmatex: {{generic: true}}
              - pymdownx.superfences
            """),
        encoding="utf-8",
    )
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=tmp_path,
        capture_output=True,
        encoding="utf-8",
        timeout=300,
    )


def test_a_well_formed_page_builds(tmp_path: Path) -> None:
    result = build(tmp_path, "# Page\n\n$$\nE = \\frac{1}{2}\n$$\n")
    assert result.returncode == 0, result.stderr
    assert "<math" in (tmp_path / "site" / "derivation" / "index.html").read_text("utf-8")


def test_malformed_latex_fails_the_build_naming_page_and_latex(tmp_path: Path) -> None:
    result = build(tmp_path, "# Page\n\nSee $\\frac{1}{2$ here.\n")
    assert result.returncode != 0
    assert "derivation.md: cannot render the LaTeX '\\\\frac{1}{2' as MathML" in result.stderr


def test_an_equation_without_tagged_code_fails_the_build(tmp_path: Path) -> None:
    result = build(tmp_path, "# Page\n\n<!-- equation (42) -->\n$$\nx\n$$\n<!-- end equation -->\n")
    assert result.returncode != 0
    assert "equation (42) has no line in backprop/ tagged '# (42)'" in result.stderr


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
            page.locator("#eq-6 .eq-code").evaluate(box),
        )

    math_box, code_box = layout(1280)
    assert code_box["x"] > math_box["x"] + 50  # beside
    math_box, code_box = layout(390)
    assert code_box["y"] >= math_box["y"] + math_box["h"] - 1  # below
