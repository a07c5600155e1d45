"""The tutorial's settings live in one place, `backprop.TUTORIAL`: what shows them follows it.

The command line, the figures and the playground read it; prose writes it in at build time
(``{{ TUTORIAL.epsilon }}``, `backprop_docs.values`). The pages' code keeps its literals,
because ``epsilon=0.5`` teaches and the doctests run the page as written: these tests hold
every such literal to the object, and name the page and line of one that was left behind.
"""

from __future__ import annotations

import ast
import doctest
import json
import re
from pathlib import Path

import pytest
from backprop_docs import values
from backprop_docs.downloads import FENCE, flatten
from backprop_docs.testing import ROOT

from backprop import TUTORIAL
from backprop.cli import main

DOCS = ROOT / "docs"
# Literal rates and lengths in the pages' code that are not the tutorial's on purpose.
VARIATIONS = {
    "epsilon": {1e6: "xor.md: a rate far too large, to show saturation"},
    "sweeps": {100_001: "experiments.md: a stuck run trained ten times longer"},
}


def code_blocks() -> list[tuple[str, int, str]]:
    """(page, line, code) of every Python block of docs/ and every code cell of a notebook."""
    found = []
    for page in sorted(DOCS.rglob("*.md")):
        text = flatten(page.read_text("utf-8"))
        for fence in FENCE.finditer(text):
            line = text.count("\n", 0, fence.start()) + 2
            if fence["lang"] == "pycon":
                code = "".join(
                    e.source for e in doctest.DocTestParser().get_examples(fence["body"])
                )
            elif fence["lang"] == "python":
                code = fence["body"]
            else:
                continue
            found.append((page.relative_to(DOCS).as_posix(), line, code))
    for notebook in sorted(DOCS.rglob("*.ipynb")):
        cells = json.loads(notebook.read_text("utf-8"))["cells"]
        for k, cell in enumerate(cells):
            if cell["cell_type"] == "code":
                found.append((notebook.relative_to(DOCS).as_posix(), k, "".join(cell["source"])))
    return found


def tutorial_literals() -> list[tuple[str, str, object]]:
    """Every literal the code passes for a tutorial setting: ``epsilon=``, ``sweeps=`` and
    ``print_every=`` of a run that starts from `init_tutorial`, ``scale=`` and the sizes of
    `init_tutorial` itself."""
    found = []
    for page, line, code in code_blocks():
        for node in ast.walk(ast.parse(code)):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            where = f"{page}, block at line {line}"
            keywords = {k.arg: k.value for k in node.keywords if k.arg}
            start = ast.unparse(node.args[0]) if node.args else ""
            from_tutorial = node.func.id in {"train", "train_seeds"} and (
                "init_tutorial" in start or f"{start} = init_tutorial(" in code
            )  # init_tutorial(...) in the call, or a name the block made with it
            for name in ("epsilon", "sweeps", "print_every") if from_tutorial else ():
                if isinstance(keywords.get(name), ast.Constant):
                    found.append((where, name, keywords[name].value))
            if node.func.id == "init_tutorial" and isinstance(keywords.get("scale"), ast.Constant):
                found.append((where, "scale", keywords["scale"].value))
    return found


def test_the_pages_code_shows_tutorial_runs_to_hold() -> None:
    assert {name for _, name, _ in tutorial_literals()} >= {"epsilon", "sweeps", "print_every"}


def test_every_literal_tutorial_setting_in_the_pages_code_is_the_tutorials() -> None:
    """A run shorter than half the tutorial's is a demonstration of its own (3 sweeps, 50,
    2,001): only the length of a full run is the tutorial's."""
    wrong = [
        f"{where}: {name}={value!r}, but TUTORIAL.{name} is {getattr(TUTORIAL, name)!r}"
        for where, name, value in tutorial_literals()
        if value != getattr(TUTORIAL, name)
        and value not in VARIATIONS.get(name, {})
        and not (name == "sweeps" and value < TUTORIAL.sweeps // 2)
    ]
    assert wrong == []


# How each plain-NumPy script spells the tutorial's settings, its own way.
SCRIPTS = {
    "one-page.md": lambda t: [
        f"RandomState({t.seed})",
        f"randn({t.sizes[0]}, {t.sizes[1]}) * {t.scale}",
        f"randn({t.sizes[1]}, {t.sizes[2]}) * {t.scale}",
        f"range({t.sweeps:_})",
        f"% {t.print_every} == 0",
        f"W2 -= {t.epsilon} * dW2",
        f"W1 -= {t.epsilon} * dW1",
    ],
    "one-page-biases.md": lambda t: [
        f"RandomState({t.seed})",
        f"randn({t.sizes[0]} + 1, {t.sizes[1]}) * {t.scale}",
        f"randn({t.sizes[1]} + 1, {t.sizes[2]}) * {t.scale}",
        f"range({t.sweeps:_})",
        f"% {t.print_every} == 0",
        f"w_out -= {t.epsilon} * dE_dw_out",
        f"w_hid -= {t.epsilon} * dE_dw_hid",
        f"init_tutorial([{t.sizes[0]}, {t.sizes[1]}, {t.sizes[2]}], seed={t.seed}, biases=True)",
    ],
}


@pytest.mark.parametrize("page", SCRIPTS)
def test_each_one_page_script_is_the_tutorials_run(page: str) -> None:
    code = (DOCS / page).read_text("utf-8")
    for spelling in SCRIPTS[page](TUTORIAL):
        assert spelling in code, f"{page} does not show {spelling!r}"


def test_a_placeholder_is_filled_from_the_object_with_its_format() -> None:
    text = "rate {{ TUTORIAL.epsilon }}, {{ TUTORIAL.sweeps:, }} sweeps, {{ TUTORIAL.sizes.1 }}"
    assert values.fill(text) == f"rate {TUTORIAL.epsilon}, {TUTORIAL.sweeps:,} sweeps, 4"


@pytest.mark.parametrize("name", ["NOTHING.epsilon", "TUTORIAL.nothing", "TUTORIAL.sizes.9"])
def test_a_placeholder_that_names_nothing_stops_the_build_naming_the_page(name: str) -> None:
    with pytest.raises(values.ValueNameError, match=rf"p\.md: no value '{re.escape(name)}'"):
        values.fill(f"see {{{{ {name} }}}}", "p.md")


def test_no_page_shows_an_unfilled_placeholder(built_site: Path) -> None:
    for page in built_site.rglob("*"):
        if page.suffix in {".html", ".ipynb", ".py"}:
            assert "{{ " not in page.read_text("utf-8"), page


def test_the_playground_starts_from_the_tutorials_settings(built_site: Path) -> None:
    html = (built_site / "playground" / "index.html").read_text("utf-8")
    t = TUTORIAL
    for attribute in (
        f'data-sweeps="{t.sweeps}"', f'data-print-every="{t.print_every}"',
        f'data-scale="{t.scale}"',
    ):  # fmt: skip
        assert attribute in html
    for element, value in (
        ("pg-epsilon", t.epsilon),
        ("pg-seed", t.seed),
        ("pg-hidden", t.sizes[1]),
    ):
        tag = re.search(rf'<input[^>]*id="{element}"[^>]*>', html)[0]
        assert f'value="{value}"' in tag, tag
    app = (DOCS / "playground" / "app.js").read_text("utf-8")
    app = app.replace("http://www.w3.org/2000/svg", "")  # SVG's namespace, not a setting
    assert not re.search(r"\b(10_001|10001|2000)\b", app), "app.js types a setting in"


def test_the_command_lines_defaults_and_help_are_the_tutorials(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    help_text = capsys.readouterr().out
    t = TUTORIAL
    for default in (f"({t.sizes[1]})", f"({t.epsilon:g})", f"({t.sweeps})", f"({t.seed})"):
        assert default in help_text
