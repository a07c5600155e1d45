"""Sybil: run every Python block in docs/ and every docstring example in backprop/.

In the Markdown pages:

- a ```pycon block is a Python session (``>>>`` lines and what they print), run as a
  doctest; a ```python block runs as code (or as a doctest, should it start with ``>>>``);
- an ```output block right after a ```python block must equal what that block printed,
  so a script's printed output is held by the test suite like a doctest's;
- ``<!-- skip: next -->`` before a block skips it (tests/test_docs_collected.py checks that
  every other Python block was collected).

Two kinds of printed numbers (docs/verified.md explains them to readers):

- *exact* numbers must be printed digit for digit, on every machine;
- a *statistic* of long or chaotic runs is written in the expected output as ``N ±T``: the
  code prints only ``N`` (say ``63%``), and any printed number within ``T`` of ``N``, in
  the printed unit, passes. Everything around it must still match exactly. The
  tolerances are measured, not guessed (``benchmarks/spread.py``).

The same rule applies to doctests, ```output blocks and docstring examples.

Long studies are computed once per code version: while a page runs, ``backprop.train`` and
``backprop.experiments.train_seeds`` go through the studies cache (``backprop_docs.cache``,
keyed by the package's source, the arguments' content and the machine), which the site's
figures share. A change in ``backprop/`` recomputes everything; CI starts with an empty
cache, so every number is computed there.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import re
from pathlib import Path

from sybil import Example, Sybil
from sybil.evaluators.doctest import DocTestEvaluator, OutputChecker
from sybil.evaluators.python import PythonEvaluator
from sybil.parsers.abstract import DocTestStringParser
from sybil.parsers.markdown import CodeBlockParser, PythonCodeBlockParser, SkipParser
from sybil.parsers.rest import DocTestParser

PRINTED = "_printed_by_last_block"
ROOT = Path(__file__).resolve().parent

# ``N ±T`` in an expected output: N as printed (maybe with thousands commas, a decimal
# point, an exponent, a % sign), then a space, ±, and the tolerance in the same unit.
_NUMBER = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:e[+-]?\d+)?"
TOLERANT = re.compile(rf"(?P<number>{_NUMBER})(?P<unit>%?) ±(?P<tolerance>{_NUMBER})")
_TRAILING_WHITESPACE = re.compile(r"[ \t]+$", re.MULTILINE)


def _value(text: str) -> float:
    return float(text.replace(",", ""))


def matches(want: str, got: str) -> bool:
    """Whether ``got`` is ``want``, where each ``N ±T`` in ``want`` is any number within T of N.

    tests/test_tolerance.py holds the rule's cases.
    """
    want = _TRAILING_WHITESPACE.sub("", want).rstrip("\n")
    got = _TRAILING_WHITESPACE.sub("", got).rstrip("\n")
    pattern, bounds, position = [], [], 0
    for m in TOLERANT.finditer(want):
        pattern += [re.escape(want[position : m.start()]), f"({_NUMBER})", re.escape(m["unit"])]
        bounds.append((_value(m["number"]), _value(m["tolerance"])))
        position = m.end()
    pattern.append(re.escape(want[position:]))
    found = re.fullmatch("".join(pattern), got)
    if found is None:
        return False
    return all(
        abs(_value(printed) - number) <= tolerance * (1 + 1e-9)
        for printed, (number, tolerance) in zip(found.groups(), bounds, strict=True)
    )


class TolerantChecker(OutputChecker):
    """Sybil's output checker, plus the ``N ±T`` rule above."""

    def check_output(self, want: str, got: str, optionflags: int) -> bool:
        if TOLERANT.search(want):
            return matches(want, got)
        return super().check_output(want, got, optionflags)


def tolerant_doctests(optionflags: int = 0) -> DocTestStringParser:
    evaluator = DocTestEvaluator(optionflags)
    evaluator.runner._checker = TolerantChecker()  # doctest.DocTestRunner keeps it here
    return DocTestStringParser(evaluator)


class CapturingPythonEvaluator(PythonEvaluator):
    """Run a code block and keep what it printed for the ```output block after it."""

    def __call__(self, example: Example) -> None:
        __tracebackhide__ = True
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            super().__call__(example)
        example.namespace[PRINTED] = buffer.getvalue()


def check_output(example: Example) -> str | None:
    """An ```output block must be what the ```python block before it printed."""
    printed = example.namespace.pop(PRINTED, None)
    if printed is None:
        return "an ```output block must follow a ```python block that printed something"
    if not matches(example.parsed, printed):
        return f"the page shows:\n{example.parsed}\nbut the code printed:\n{printed}"
    return None


def python_blocks(language: str = "python") -> PythonCodeBlockParser:
    parser = PythonCodeBlockParser()
    parser.doctest_parser = tolerant_doctests()
    parser.codeblock_parser = CodeBlockParser(language, CapturingPythonEvaluator())
    return parser


_RESTORE: list = []  # what puts the package back after a page (not in the page's names)


def cache_studies(namespace: dict) -> None:
    """Before a page runs: its long studies come from the cache when this code made them."""
    from backprop_docs import cache

    _RESTORE.append(cache.install())


def uncache_studies(namespace: dict) -> None:
    """After a page: the package as it was."""
    _RESTORE.pop()()


def markdown_sybil() -> Sybil:
    return Sybil(
        parsers=[
            python_blocks("python"),  # a script, its printout in an ```output block after it
            python_blocks("pycon"),  # a session: >>> lines and what they print (a doctest)
            CodeBlockParser("output", check_output),
            SkipParser(),
        ],
        patterns=["*.md"],
        path="docs",
        name="docs",
        setup=cache_studies,
        teardown=uncache_studies,
    )


def docstring_sybil() -> Sybil:
    parser = DocTestParser()
    parser.string_parser = tolerant_doctests()
    return Sybil(parsers=[parser], patterns=["*.py"], path="backprop", name="docstrings")


pytest_collect_file = (markdown_sybil() + docstring_sybil()).pytest()


def _verified():  # noqa: ANN202 - the module docs/hooks/verified.py
    spec = importlib.util.spec_from_file_location("verified", ROOT / "docs/hooks/verified.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_PASSED: set[Path] = set()  # files with an example or test that passed, in this session


def pytest_runtest_logreport(report) -> None:  # noqa: ANN001
    """Collect the files whose tests passed. Under pytest-xdist the workers' reports reach the
    controlling process too, so it sees every file, whichever worker ran it."""
    if report.when == "call" and report.passed:
        _PASSED.add((ROOT / report.nodeid.split("::")[0]).resolve())


def pytest_sessionfinish(session, exitstatus: int) -> None:  # noqa: ANN001
    """With BACKPROP_RECORD_LEG set (by .ci/run), a run that passed every page's examples
    records its machine, kernels and versions for the site's footer."""
    if exitstatus != 0 or not os.environ.get("BACKPROP_RECORD_LEG"):
        return
    if hasattr(session.config, "workerinput"):  # an xdist worker: the controller records
        return
    pages = [p for p in (ROOT / "docs").rglob("*.md") if "```python" in p.read_text("utf-8")]
    modules = [p for p in (ROOT / "backprop").glob("*.py") if ">>>" in p.read_text("utf-8")]
    if all(p.resolve() in _PASSED for p in pages + modules):
        _verified().record()
