"""How far each number printed on the site moves between machines: the measured spread.

The numbers a page prints come from NumPy, whose kernels (tanh, sums, matrix products)
differ in the last bits between CPUs and versions. A long or chaotic run turns that into a
different statistic. This script measures how much, two ways, and prints, for every
number that moved, its largest deviation from what the page shows:

- ``--noise K``: reruns every doctest of the pages K times, each with a different random
  last-bit nudge (one unit in the last place, up or down, at random) on every output of
  every sigmoid but the exact 0.5 of ``tanh(0)``: rounding noise of the size that
  different kernels make, at every step;
- ``--native``: reruns them once as they are, under whatever CPU personality and NumPy
  version this process has (``.ci/run`` and the closing notes run it under the AVX2 and
  baseline personalities and NumPy 1.26 too).

The ranges written on the pages (``N [L–H]``, see `backprop_docs.doctests`) are set from
this output: they cover the largest deviation seen, cut where the quantity ends. Run:

    uv run python benchmarks/spread.py --noise 8 docs/experiments.md docs/mirror.md
    NPY_DISABLE_CPU_FEATURES=... uv run python benchmarks/spread.py --native docs/*.md

It asserts nothing; it prints.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

from backprop_docs import doctests
from backprop_docs.doctests import CLEAN, noisy

import backprop.network

ROOT = Path(__file__).resolve().parent.parent
NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:e[+-]?\d+)?|nan")


def run_pages(pages: list[Path]) -> dict[tuple[str, int], tuple[str, str]]:
    """(page, line) -> (what the page shows, what was printed), for every doctest example."""
    records: list[tuple[str, str]] = []

    def record(self, want: str, got: str, optionflags: int) -> bool:  # noqa: ANN001
        records.append((want, got))
        return True

    doctests.TolerantChecker.check_output = record
    sybil = doctests.markdown_sybil()
    seen = {}
    for page in pages:
        for example in sybil.parse(page):
            before = len(records)
            example.evaluate()
            for want, got in records[before:]:
                seen[page.name, example.line] = (want, got)
    return seen


def numbers(text: str) -> list[float]:
    return [float(n.replace(",", "")) for n in NUMBER.findall(text)]


def plain(want: str) -> str:
    """What the page shows without its ranges: ``63% [61%–65%]`` becomes ``63%``."""
    return doctests.RANGE.sub(lambda m: m["number"] + m["unit"], want)


def main() -> None:
    os.environ["BACKPROP_CACHE"] = "off"  # measure what the code computes now, every time
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="+", type=Path)
    parser.add_argument("--noise", type=int, default=0, help="runs with last-bit noise")
    parser.add_argument("--native", action="store_true", help="one run without noise")
    args = parser.parse_args()
    texts = {page: page.read_bytes() for page in args.pages}
    runs = [("native", None)] * args.native + [(f"noise {k}", k) for k in range(args.noise)]
    deviations: dict[tuple[str, int, int], list[float]] = defaultdict(list)
    shown: dict[tuple[str, int], str] = {}
    for name, seed in runs:
        start = time.perf_counter()
        backprop.network.sigmoid = noisy(seed) if seed is not None else CLEAN
        edited = [str(page) for page, text in texts.items() if page.read_bytes() != text]
        if edited:  # its lines are no longer the lines measured so far
            sys.exit(f"{', '.join(edited)} changed while it was measured: measure it again")
        for (page, line), (want, got) in run_pages(args.pages).items():
            shown[page, line] = want
            w, g = numbers(plain(want)), numbers(got)
            if len(w) != len(g):
                print(f"{page}:{line} ({name}): the printout changed shape:\n{got}")
                continue
            for k, (a, b) in enumerate(zip(w, g, strict=True)):
                deviations[page, line, k].append(abs(a - b) if a == a or b == b else 0.0)
        print(f"# {name}: {time.perf_counter() - start:.1f} s", file=sys.stderr, flush=True)
    print(f"# {len(runs)} runs; numbers that moved (largest deviation from the page):")
    for (page, line, k), devs in sorted(deviations.items()):
        if max(devs) > 0:
            number = NUMBER.findall(plain(shown[page, line]))[k]
            moved = sum(d > 0 for d in devs)
            print(
                f"{page}:{line} number {k} ({number}): "
                f"largest deviation {max(devs):g} in {moved}/{len(devs)} runs"
            )


if __name__ == "__main__":
    main()
