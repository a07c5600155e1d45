"""Build step: each copy button copies what runs where a reader pastes it.

Material's copy button copies a block's text, unless the block (or an element around it)
has a ``data-copy`` attribute: then it copies that. This hook sets it at build time:

- a Python session (```pycon: ``>>>`` lines and what they print) copies its code only,
  without prompts and outputs, as Python's own doctest parser reads the block;
- a session, or a block of Python, copies with a blank line after each compound statement
  that another line follows at once, as Python 3.11's and 3.12's prompt needs a paste;
- a shell block copies its commands without a leading ``$ ``, and without output lines,
  when it shows prompts;
- a printout (```output, or ```text, which the pages use for an example of one), a
  function's signature in the API reference, and the lines beside an equation (they quote
  the module, `_with_bias` and all, to be read with the math) get no copy button
  (Material's ``no-copy`` class): they are not code to run alone;
- a block with line numbers (the source pages) copies its code without them;
- any other block copies as it is.

An example in the API reference runs, in the tests, in its module's namespace; its copy
starts with what gives it that namespace (``import numpy as np`` and
``from backprop.MODULE import *``), so that it also runs pasted alone.

No script is needed at view time; tests/test_copy.py clicks every button in a browser.
"""

from __future__ import annotations

import ast
import doctest
from pathlib import Path

from bs4 import BeautifulSoup
from mkdocs.structure.pages import Page

from backprop_docs import cache

HOOK = Path(__file__).read_text("utf-8")  # what marks a page: part of its cache key
SHELLS = {"bash", "console", "shell", "sh"}
PRINTOUTS = {"output", "text"}


def pasteable(code: str) -> str:
    """The code with a blank line after each compound statement (``for``, ``def``...) that
    another line follows at once: Python 3.11's and 3.12's prompt ends a block only at a
    blank line, and reads a line at the margin straight after one as a SyntaxError."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return code  # not Python to run: copied as it is
    lines = code.splitlines(keepends=True)
    for node in reversed(tree.body):
        after = node.end_lineno  # the index of the line after the statement
        if hasattr(node, "body") and after < len(lines) and lines[after].strip():
            lines.insert(after, "\n")
    return "".join(lines)


def session_code(text: str) -> str:
    """The code of a ``>>>`` session: every example's source, in order, without prompts,
    pasteable at the interactive prompt."""
    examples = doctest.DocTestParser().get_examples(text)
    return pasteable("".join(example.source for example in examples))


def shell_commands(text: str) -> str | None:
    """The commands of a shell block that shows ``$`` prompts (None if it shows none)."""
    lines = text.splitlines()
    if not any(line.startswith("$ ") for line in lines):
        return None
    return "".join(line[2:] + "\n" for line in lines if line.startswith("$ "))


def module_of(block) -> str | None:  # noqa: ANN001 - a Beautiful Soup Tag
    """The package module whose documentation a block is in (API page), else None."""
    heading = block.find_previous(id=lambda i: i and i.startswith("backprop."))
    return ".".join(heading["id"].split(".")[:2]) if heading else None


def context(module: str) -> str:
    return f"import numpy as np\nfrom {module} import *\n"


def language(block) -> str | None:  # noqa: ANN001 - a Beautiful Soup Tag
    classes = block.get("class", [])
    found = [c.removeprefix("language-") for c in classes if c.startswith("language-")]
    return found[0] if found else None


def mark(html: str, page: Page) -> str:
    # The same HTML always gets the same marks: kept in the studies cache, a rebuild after a
    # prose edit marks only the edited page (all of them took 1.6 s of a 3.6 s rebuild).
    where = page.file.src_uri
    return cache.lookup(
        "copy buttons", f"copy buttons of {where}", lambda: marked(html, where), html, where, HOOK
    )


def marked(html: str, src_uri: str) -> str:
    """The page's HTML with each code block's copy set (or its button off), as above."""
    soup = BeautifulSoup(html, "html.parser")
    changed = False
    for block in soup.select("div.highlight"):
        code = block.find("code")
        if code is None:
            continue
        lang, text = language(block), code.get_text()
        copy = None
        numbers = code.select(".linenos")
        if numbers:  # the text without the line numbers (one pass: source pages are long)
            skip = {id(s) for number in numbers for s in number.find_all(string=True)}
            text = "".join(t for t in code.find_all(string=True) if id(t) not in skip)
            copy = text
        if lang == "pycon":
            copy = session_code(text)
            module = module_of(block) if src_uri == "api.md" else None
            if module:
                copy = context(module) + copy
        elif lang in SHELLS:
            copy = shell_commands(text)
        elif (
            lang in PRINTOUTS
            or "doc-signature" in block.get("class", [])
            or block.find_parent(class_="eq-pair")
        ):
            block["class"] = [*block.get("class", []), "no-copy"]
            changed = True
        elif lang == "python" and not numbers:
            copy = pasteable(text)
        if copy is not None:
            block["data-copy"] = copy
            changed = True
    return str(soup) if changed else html
