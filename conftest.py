"""Sybil: run every Python block in docs/ and every docstring example in backprop/.

In the Markdown pages:

- a ```python block runs as code, or as a doctest when it starts with ``>>>``;
- an ```output block right after a ```python block must equal what that block printed,
  so a script's printed output is held by the test suite like a doctest's;
- ``<!-- skip: next -->`` before a block skips it (tests/test_docs_collected.py checks that
  every other Python block was collected).
"""

from __future__ import annotations

import contextlib
import io

from sybil import Example, Sybil
from sybil.evaluators.python import PythonEvaluator
from sybil.parsers.markdown import CodeBlockParser, PythonCodeBlockParser, SkipParser
from sybil.parsers.rest import DocTestParser

PRINTED = "_printed_by_last_block"


class CapturingPythonEvaluator(PythonEvaluator):
    """Run a code block and keep what it printed for the ```output block after it."""

    def __call__(self, example: Example) -> None:
        __tracebackhide__ = True
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            super().__call__(example)
        example.namespace[PRINTED] = buffer.getvalue()


def check_output(example: Example) -> str | None:
    """An ```output block must be exactly what the ```python block before it printed."""
    printed = example.namespace.pop(PRINTED, None)
    if printed is None:
        return "an ```output block must follow a ```python block that printed something"
    if printed.rstrip("\n") != example.parsed.rstrip("\n"):
        return f"the page shows:\n{example.parsed}\nbut the code printed:\n{printed}"
    return None


def python_blocks() -> PythonCodeBlockParser:
    parser = PythonCodeBlockParser()
    parser.codeblock_parser = CodeBlockParser("python", CapturingPythonEvaluator())
    return parser


def markdown_sybil() -> Sybil:
    return Sybil(
        parsers=[python_blocks(), CodeBlockParser("output", check_output), SkipParser()],
        patterns=["*.md"],
        path="docs",
        name="docs",
    )


def docstring_sybil() -> Sybil:
    return Sybil(parsers=[DocTestParser()], patterns=["*.py"], path="backprop", name="docstrings")


pytest_collect_file = (markdown_sybil() + docstring_sybil()).pytest()
