"""Copy, paste, run: every copy button copies code that runs where a reader pastes it.

In a browser, every copy button of a page is clicked in order and the clipboard read; the
copies, pasted one after another, run in a fresh Python process as Python 3.11's
interactive prompt runs a paste (line by line, an expression's value printed, a block
ended by a blank line), and must print what the page shows (its sessions' outputs and its
```output blocks, with the ``N [L–H]`` rule of the doctests). The hook that decides what a
button copies is backprop_docs.copy_buttons.

The lines beside an equation (``.eq-pair``) quote the package's own source (`_with_bias`,
`w`...) to be read beside the math: they have no copy button.
"""

from __future__ import annotations

import doctest
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from backprop_docs import copy_buttons, doctests, downloads
from backprop_docs.testing import PAGES as NAV
from backprop_docs.testing import ROOT
from bs4 import BeautifulSoup

PAGES = sorted(
    p for p in (ROOT / "docs").glob("*.md") if re.search(r"^```py", p.read_text("utf-8"), re.M)
) + [ROOT / "docs" / "api.md"]  # the API reference: its docstring examples

# The interactive interpreter's way with a paste, as Python 3.11 and 3.12 read it (the
# stricter of the two prompts this project supports; 3.13's new one reads a paste whole):
# line by line, each statement run when complete, in "single" mode (an expression
# statement prints its value); a compound statement ends at a blank line, so a line at
# the margin straight after an indented block is a SyntaxError there. Any error fails the
# paste. The long studies go through the studies cache as in the doctests
# (tools/backprop_docs/cache.py): the same code, computed once.
REPL = """
import code, sys
from backprop_docs import cache
cache.install()
class Prompt(code.InteractiveConsole):
    failed = False
    def showsyntaxerror(self, *args, **kwargs):
        Prompt.failed = True
        super().showsyntaxerror(*args, **kwargs)
    def showtraceback(self):
        Prompt.failed = True
        super().showtraceback()
prompt = Prompt({"__name__": "__main__"})
more = False
for line in sys.stdin.read().splitlines():
    more = prompt.push(line)
if more:
    prompt.push("")
sys.exit(1 if Prompt.failed else 0)
"""


def shown(page: Path, built_site: Path, here: set[str]) -> str:
    """The outputs the page shows (of the blocks that need another package, only if it is
    ``here``): from its Markdown, or for the API reference (whose examples are docstrings)
    from the sessions on the built page."""
    if page.name != "api.md":
        return downloads.shown(page.read_text("utf-8"), keep=here)
    html = BeautifulSoup((built_site / "api" / "index.html").read_text("utf-8"), "html.parser")
    sessions = [block.find("code").get_text() for block in html.select("div.language-pycon")]
    assert sessions, "no examples on the API page"
    parser = doctest.DocTestParser()
    return "".join(e.want for text in sessions for e in parser.get_examples(text))


def run_pasted(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", REPL],
        input=code,
        capture_output=True,
        encoding="utf-8",
        cwd=ROOT,
        timeout=900,
        env=dict(os.environ, PYTHONIOENCODING="utf-8"),
    )


def test_a_session_copies_its_code_without_prompts_or_outputs() -> None:
    session = ">>> x = [1,\n...      2]\n>>> x\n[1, 2]\n>>> for k in x:\n...     print(k)\n1\n2\n"
    assert copy_buttons.session_code(session) == "x = [1,\n     2]\nx\nfor k in x:\n    print(k)\n"


def test_a_session_copies_a_blank_line_after_a_block_that_more_code_follows() -> None:
    session = ">>> for k in [1, 2]:\n...     print(k)\n1\n2\n>>> k\n2\n>>> if k:\n...     k\n2\n"
    assert (
        copy_buttons.session_code(session) == "for k in [1, 2]:\n    print(k)\n\nk\nif k:\n    k\n"
    )


def test_a_python_block_gets_a_blank_line_only_where_a_block_has_none_after_it() -> None:
    code = "def f():\n    return 1\n\nfor k in [1]:\n    f()\nprint(k)\n"
    assert (
        copy_buttons.pasteable(code)
        == "def f():\n    return 1\n\nfor k in [1]:\n    f()\n\nprint(k)\n"
    )
    assert copy_buttons.pasteable("not python: [\n") == "not python: [\n"


def test_an_api_example_copies_with_its_modules_namespace() -> None:
    assert copy_buttons.context("backprop.network") == (
        "import numpy as np\nfrom backprop.network import *\n"
    )


def test_a_shell_block_copies_its_commands_without_prompts_or_output() -> None:
    assert (
        copy_buttons.shell_commands("$ uv run pytest\n702 passed\n$ ls\n") == "uv run pytest\nls\n"
    )
    assert copy_buttons.shell_commands("uv run pytest   # no prompt\n") is None


def test_pasting_runs_as_the_interpreter_does() -> None:
    result = run_pasted("x = 6 * 7\nx\nfor k in range(2):\n    print(k)\n")
    assert result.returncode == 0 and result.stdout == "42\n0\n1\n"


def test_a_paste_with_a_line_at_the_margin_right_after_a_block_fails_as_at_the_prompt() -> None:
    result = run_pasted("for k in range(2):\n    print(k)\nprint('after')\n")
    assert result.returncode == 1 and "SyntaxError" in result.stderr


def test_a_blank_line_after_a_block_lets_the_paste_go_on() -> None:
    result = run_pasted("for k in range(2):\n    print(k)\n\nprint('after')\n")
    assert result.returncode == 0 and result.stdout == "0\n1\nafter\n"


# Every copy button of the page clicked in order, the clipboard read after each: the buttons'
# own click handlers, in one round trip to the browser (a Playwright click per button took
# 0.1 s each, 3 s on the API page). A reader's mouse click on a copy button is
# test_browser.py's test_the_copy_button_of_a_session_copies_its_code_only. Each copy says
# which package it needs: the page's <!-- skip: start needs("jax") --> comments are in the
# built page, around the blocks that need it.
CLICK_EVERY_COPY_BUTTON = """async () => {
  const copied = [];
  const walker = document.createTreeWalker(
    document.querySelector("article"), NodeFilter.SHOW_COMMENT | NodeFilter.SHOW_ELEMENT);
  let needs = null;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === Node.COMMENT_NODE) {
      const start = node.data.match(/^\\s*skip:\\s*start\\s+needs\\("([\\w.-]+)"\\)/);
      if (start) needs = start[1];
      else if (/^\\s*skip:\\s*end/.test(node.data)) needs = null;
    } else if (node.matches("button[data-md-type='copy']")) {
      node.click();
      copied.push({needs: needs, code: await navigator.clipboard.readText()});
    }
  }
  return copied;
}"""


def runnable(copied: list[dict], here: set[str]) -> list[str]:
    """The copies a paste here can run: those that need no other package, or one in
    ``here`` (a package installed here, or one that BACKPROP_REQUIRE says must be)."""
    return [copy["code"] for copy in copied if copy["needs"] in (None, *here)]


def test_a_copy_that_needs_a_package_runs_only_where_it_is_installed() -> None:
    copied = [{"needs": None, "code": "1"}, {"needs": "jax", "code": "2"}]
    assert runnable(copied, set()) == ["1"]
    assert runnable(copied, {"jax"}) == ["1", "2"]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_copy_button_in_order_gives_code_that_prints_what_the_page_shows(
    visit, built_site: Path, page: Path
) -> None:
    path = "" if page.stem == "index" else f"{page.stem}/"
    browser_page = visit(path).page
    assert browser_page.locator(".eq-pair button[data-md-type='copy']").count() == 0
    browser_page.evaluate(
        "document.querySelectorAll('article details').forEach(d => d.open = true)"
    )
    copied = browser_page.evaluate(CLICK_EVERY_COPY_BUTTON)
    assert copied, "no copy button"
    needed = {copy["needs"] for copy in copied} - {None}
    here = {package for package in needed if doctests.needs(package) is None}
    # One paste after another, each ended by the reader's Enter (a blank line: at 3.11's
    # prompt it runs a compound statement that a paste ends with).
    code = "".join(text.rstrip("\n") + "\n\n" for text in runnable(copied, here))
    assert ">>> " not in code
    result = run_pasted(code)
    assert result.returncode == 0, result.stderr[-3000:]
    want = shown(page, built_site, here)
    assert doctests.matches(want, result.stdout), (
        f"the page shows:\n{want}\nthe pasted code printed:\n{result.stdout}"
    )


SOURCES = sorted(p.stem for p in (ROOT / "backprop").glob("*.py") if p.stem != "__main__")


@pytest.mark.parametrize("module", SOURCES)
def test_a_source_page_copies_its_module_which_runs_as_the_file_does(visit, module: str) -> None:
    page = visit(f"source/{module}/").page
    buttons = page.locator("article button[data-md-type='copy']")
    assert buttons.count() == 1
    buttons.first.click()
    source = page.evaluate("navigator.clipboard.readText()")
    assert source.rstrip("\n") == (ROOT / "backprop" / f"{module}.py").read_text("utf-8").rstrip(
        "\n"
    )

    def run(*args: str, text: str | None = None) -> tuple[int, str, str]:
        done = subprocess.run(
            [sys.executable, *args], input=text, capture_output=True, encoding="utf-8", cwd=ROOT
        )
        return done.returncode, done.stdout, done.stderr

    pasted = run("-", text=source)
    assert pasted[0] == 0, pasted[2][-2000:]
    assert pasted == run(str(ROOT / "backprop" / f"{module}.py"))  # as the file itself runs


def test_the_first_page_with_a_session_says_what_the_copy_button_copies() -> None:
    nav = [page for page in NAV if page != "404.html"]
    with_session = [
        path
        for path in (ROOT / "docs" / f"{p.rstrip('/') or 'index'}.md" for p in nav)
        if path.is_file() and "```pycon" in path.read_text("utf-8")
    ]
    first = with_session[0].read_text("utf-8")
    tip = first[first.index('"What the copy button copies"') :][:600]
    assert "without the" in tip and "prompts" in tip and "blank line" in tip
    assert first.index("```pycon") < first.index('"What the copy button copies"')
