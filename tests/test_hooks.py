"""The build's steps (`backprop_docs`): each change to HTML that another package wrote stops
the build, naming what it expected, when that HTML is not there; notebooks are read with an
HTML parser."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from backprop_docs import hooks, notebooks, patching
from backprop_docs.testing import ROOT
from mkdocs.exceptions import PluginError

NOTEBOOK = ROOT / "docs" / "notebooks" / "xor.ipynb"


def page(src_uri: str) -> SimpleNamespace:
    return SimpleNamespace(file=SimpleNamespace(src_uri=src_uri, abs_src_path=str(NOTEBOOK)))


def test_a_patch_that_finds_its_pattern_applies_it() -> None:
    assert patching.patch("<a><b>", "<b>", "<c>", "a b", "p.md") == "<a><c>"


def test_a_patch_that_misses_stops_the_build_naming_what_it_expected() -> None:
    with pytest.raises(PluginError, match=r"p\.md: expected Material's toggle in the HTML"):
        patching.patch("<a>", "<b>", "<c>", "Material's toggle", "p.md")


def test_a_page_without_materials_search_toggle_stops_the_build() -> None:
    with pytest.raises(PluginError, match="expected Material's search toggle"):
        hooks.on_post_page("<html></html>", page("index.md"), None)


NOTEBOOK_HTML = """
<!-- Load mathjax -->
<script src="https://cdn.example/mathjax.js"> </script>
<!-- MathJax configuration -->
<script>MathJax.Hub.Config({})</script>
<!-- End of mathjax configuration -->
<script type="module">import mermaid from "https://cdn.example/mermaid.js";</script>
<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown" data-mime-type="text/markdown">
<div><p>Where $E = \\frac{1}{2}$ and <code>$HOME</code>.</p></div>
</div>
<div class="highlight-ipynb hl-python"><pre>x = 1</pre></div>
<div class="jp-RenderedSVG jp-OutputArea-output"><img alt="No description has been provided for \
this image" src="data:image/svg+xml;base64,PHN2Zy8+"></div>
<div class="jp-RenderedSVG jp-OutputArea-output"><img alt="No description has been provided for \
this image" src="data:image/svg+xml;base64,PHN2Zy8+"></div>
<div class="jp-RenderedSVG jp-OutputArea-output"><img alt="No description has been provided for \
this image" src="data:image/svg+xml;base64,PHN2Zy8+"></div>
"""  # mkdocs-jupyter's HTML for the notebook's three plots, as SVG (backprop_docs.notebooks)


def test_a_notebook_page_loses_its_cdn_scripts_and_gets_mathml_and_alt_texts() -> None:
    out = notebooks.adjust(NOTEBOOK_HTML, page("notebooks/xor.ipynb"))
    assert "cdn.example" not in out and "MathJax" not in out and "mermaid" not in out
    assert "<math" in out and "<code>$HOME</code>" in out
    assert 'tabindex="0"' in out
    assert "No description" not in out and out.count('alt="') == 3 * 2  # a plot per theme


def test_a_markdown_cell_with_a_nested_div_is_read_whole() -> None:
    out = notebooks.adjust(NOTEBOOK_HTML, page("notebooks/xor.ipynb"))
    assert "$" not in out.replace("$HOME", "")  # the math after the inner <div> was found


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("<!-- Load mathjax -->", "the <!-- Load mathjax --> block"),
        ('<script type="module">import mermaid', "Mermaid module script"),
        ('class="jp-RenderedHTMLCommon jp-RenderedMarkdown"', "Markdown cells"),
        ('class="highlight-ipynb hl-python"', "code cells"),
    ],
)
def test_a_notebook_page_without_what_the_hook_changes_stops_the_build(
    missing: str, message: str
) -> None:
    html = NOTEBOOK_HTML.replace(missing, "<!-- gone -->" if "<!--" in missing else "x")
    with pytest.raises(PluginError, match=message):
        notebooks.adjust(html, page("notebooks/xor.ipynb"))


def test_the_build_steps_hold_no_math_or_equation_code() -> None:
    steps = [p for p in (ROOT / "tools" / "backprop_docs").glob("*.py") if p.stem != "equations"]
    assert steps
    for hook in steps:
        text = hook.read_text("utf-8")
        assert "LatexToMathML" not in text and "math_core" not in text, hook.name
        assert "<!-- equation" not in text, hook.name


def test_the_extension_lives_in_its_own_module_configured_in_mkdocs_yml() -> None:
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    assert "- backprop_docs.equations:" in config and "arithmatex" not in config
    assert Path(ROOT / "tools" / "backprop_docs" / "equations.py").is_file()


def test_a_source_view_stops_the_build_when_pygments_html_is_not_what_it_expects(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from backprop_docs import source_views

    monkeypatch.setattr(source_views, "highlight", lambda *args: "<pre>no line spans</pre>")
    config = SimpleNamespace(docs_dir=str(ROOT / "docs"), use_directory_urls=True)
    with pytest.raises(PluginError, match="expected Pygments' line spans"):
        source_views.render(ROOT / "backprop" / "network.py", page("source/network.md"), config)
