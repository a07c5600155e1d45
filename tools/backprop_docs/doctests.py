"""The pages' doctests: Sybil runs every Python block in docs/ and every docstring example
in backprop/.

In the Markdown pages:

- a ```pycon block is a Python session (``>>>`` lines and what they print), run as a
  doctest; a ```python block runs as code (or as a doctest, should it start with ``>>>``);
- an ```output block right after a ```python block must equal what that block printed,
  so a script's printed output is held by the test suite like a doctest's;
- ``<!-- skip: next -->`` before a block skips it (tests/test_docs_collected.py checks that
  every other Python block was collected);
- the blocks between ``<!-- skip: start needs("jax") -->`` and ``<!-- skip: end -->`` need a
  package that is not a default dependency (`needs`): they run where it is installed, as in
  the ``.ci/run`` leg that adds its dependency group, and are skipped, with the reason,
  where it is not. The build and the downloads set them aside
  (`backprop_docs.downloads.set_aside`).

Two kinds of printed numbers (docs/verified.md explains them to readers):

- *exact* numbers must be printed digit for digit, on every machine;
- a *statistic* of long or chaotic runs is written in the expected output as ``N [L–H]``
  (an en dash between the bounds, each in the printed unit): the code prints only ``N`` (say
  ``63%``), and any printed number from ``L`` to ``H`` passes (``63% [61%–65%]``). The
  bounds are measured, and never beyond what the quantity can be (``0 [0–1] of 20``).
  Everything around it must still match exactly. The ranges are measured, not guessed
  (``benchmarks/spread.py``).

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

import numpy as np
from sybil import Example, Sybil
from sybil.evaluators.doctest import DocTestEvaluator, OutputChecker
from sybil.evaluators.python import PythonEvaluator
from sybil.parsers.abstract import DocTestStringParser
from sybil.parsers.markdown import CodeBlockParser, PythonCodeBlockParser, SkipParser
from sybil.parsers.rest import DocTestParser

import backprop.network

PRINTED = "_printed_by_last_block"
ROOT = Path(__file__).resolve().parents[2]

# ``N [L–H]`` in an expected output: N as printed (maybe with thousands commas, a decimal
# point, an exponent, a % sign), a space, then in brackets the lowest and the highest value
# it may print, in the same unit, joined by an en dash.
_NUMBER = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:e[+-]?\d+)?"
RANGE = re.compile(
    rf"(?P<number>{_NUMBER})(?P<unit>%?) "
    rf"\[(?P<low>{_NUMBER})(?P=unit)–(?P<high>{_NUMBER})(?P=unit)\]"
)
_TRAILING_WHITESPACE = re.compile(r"[ \t]+$", re.MULTILINE)


def _value(text: str) -> float:
    return float(text.replace(",", ""))


def matches(want: str, got: str) -> bool:
    """Whether ``got`` is ``want``, where each ``N [L–H]`` in ``want`` is any number from L to H.

    tests/test_tolerance.py holds the rule's cases.
    """
    want = _TRAILING_WHITESPACE.sub("", want).rstrip("\n")
    got = _TRAILING_WHITESPACE.sub("", got).rstrip("\n")
    pattern, bounds, position = [], [], 0
    for m in RANGE.finditer(want):
        pattern += [re.escape(want[position : m.start()]), f"({_NUMBER})", re.escape(m["unit"])]
        bounds.append((_value(m["low"]), _value(m["high"])))
        position = m.end()
    pattern.append(re.escape(want[position:]))
    found = re.fullmatch("".join(pattern), got)
    if found is None:
        return False
    return all(
        low - 1e-9 * abs(low) <= _value(printed) <= high + 1e-9 * abs(high)
        for printed, (low, high) in zip(found.groups(), bounds, strict=True)
    )


class TolerantChecker(OutputChecker):
    """Sybil's output checker, plus the ``N [L–H]`` rule above."""

    def check_output(self, want: str, got: str, optionflags: int) -> bool:
        if RANGE.search(want):
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
REQUIRE = "BACKPROP_REQUIRE"  # packages a run must have: their blocks fail, never skip


def needs(package: str) -> str | None:
    """Why the blocks after ``<!-- skip: start needs("PACKAGE") -->`` are skipped here, or
    None where they run: where ``package`` is installed, and always where the environment
    variable BACKPROP_REQUIRE names it (a CI leg that installs it, so that a failed install
    fails the blocks instead of skipping them).

    Examples:
        >>> needs("numpy") is None
        True
        >>> print(needs("no_such_package"))
        needs no_such_package, which is not installed here (uv run --group no_such_package ...)
    """
    required = os.environ.get(REQUIRE, "").split(",")
    if package in required or importlib.util.find_spec(package) is not None:
        return None
    return f"needs {package}, which is not installed here (uv run --group {package} ...)"


def cache_studies(namespace: dict) -> None:
    """Before a page runs: its long studies come from the cache when this code made them;
    `needs` is there for the page's skip directives."""
    from backprop_docs import cache

    namespace["needs"] = needs
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
        path=str(ROOT / "docs"),
        name="docs",
        setup=cache_studies,
        teardown=uncache_studies,
    )


def docstring_sybil() -> Sybil:
    parser = DocTestParser()
    parser.string_parser = tolerant_doctests()
    return Sybil(
        parsers=[parser], patterns=["*.py"], path=str(ROOT / "backprop"), name="docstrings"
    )


CLEAN = backprop.network.sigmoid  # the package's own, before any noise is put in


def noisy(seed: int | None):  # noqa: ANN201 - a sigmoid
    """The package's sigmoid with last-bit noise: every output but the exact 0.5 of
    ``tanh(0)`` nudged by one unit in the last place, up, down or not at all, at random (the
    size of the differences other CPUs' kernels make). ``benchmarks/spread.py`` measures
    the pages' tolerances with it; ``tests/test_portability.py`` checks them."""
    rng = np.random.default_rng(seed)
    clean = CLEAN

    def sigmoid(x: np.ndarray) -> np.ndarray:
        y = clean(x)
        # tanh(0) is 0 in every implementation: an output of exactly 0.5 is the same
        # everywhere (a bias-free unit's on the input [0, 0], say), and is left alone; and
        # no kernel takes tanh outside [-1, 1], so an output never leaves [0, 1].
        nudge = rng.integers(-1, 2, size=np.shape(y)) * (y != 0.5)
        y = np.where(nudge > 0, np.nextafter(y, 1.0), np.where(nudge < 0, np.nextafter(y, 0.0), y))
        return y

    return sigmoid


def collector():  # noqa: ANN201 - what pytest calls for every file it collects
    """Every Python block of docs/ and every docstring example of backprop/, for pytest."""
    return (markdown_sybil() + docstring_sybil()).pytest()
