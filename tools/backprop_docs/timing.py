"""Times measured when the site is built: what a page says about speed, never asserted.

Machines differ and a shared one is noisy, so no test holds a time: a page states a time
ratio only as measured on the machine that built it, and says so (``{{ TIMED.xor.low:.0f }}``
in the prose, `backprop_docs.values`). The measurement is kept in the studies cache like a
study, per machine and version of the package and of this module, so a prose edit
measures nothing again.
``benchmarks/gradient_cost.py`` prints the same measurement.

A ratio is measured in one process, the two computations alternating, each round taking the
best of several runs of each (the least disturbed), so that a busy moment slows both; the
rounds give its range.
"""

from __future__ import annotations

import functools
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROUNDS = 5


@dataclass(frozen=True)
class Ratio:
    """How many times as long ``slow`` took as ``fast``, over ``rounds`` rounds."""

    low: float
    median: float
    high: float
    rounds: int


def best(f: Callable[[], object], runs: int) -> float:
    """The shortest of ``runs`` timings of ``f()``, in seconds."""
    shortest = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        f()
        shortest = min(shortest, time.perf_counter() - start)
    return shortest


def ratio(slow: Callable[[], object], fast: Callable[[], object], rounds: int = ROUNDS) -> Ratio:
    """The time of ``slow()`` over that of ``fast()``: low, median and high over the rounds.

    Examples:
        >>> r = ratio(lambda: sum(range(20_000)), lambda: None, rounds=3)
        >>> r.low <= r.median <= r.high and r.rounds == 3
        True
    """
    fast()  # once before timing: imports, first allocations
    runs = max(3, min(100, int(0.05 / max(best(fast, 3), 1e-7))))  # about 50 ms of each
    found = sorted(best(slow, 3) / best(fast, runs) for _ in range(rounds))
    return Ratio(found[0], statistics.median(found), found[-1], rounds)


def gradient_costs() -> dict[str, Ratio]:
    """Central differences against backprop, for all of dE/dw: the XOR network of the
    tutorial and the paper's family-trees network (`docs/graph.md`)."""
    from backprop import backward, family, forward, init_tutorial, numeric_gradients, xor

    answers = family.queries()
    nets = {
        "xor": (init_tutorial([2, 4, 1], seed=42), *xor()),
        "family": (family.network(seed=0), *family.encode(list(answers), answers)),
    }
    return {
        name: ratio(
            lambda net=net, inputs=inputs, d=d: numeric_gradients(net, inputs, d),
            lambda net=net, inputs=inputs, d=d: backward(net, forward(net, inputs), d),
        )
        for name, (net, inputs, d) in nets.items()
    }


def digits_race() -> dict[str, Ratio]:
    """`backprop.train` against scikit-learn's ``MLPClassifier``: the training of the digits
    page's race (`backprop.digits.RACE`), ours over theirs (`docs/digits.md`)."""
    import warnings

    from sklearn.exceptions import ConvergenceWarning

    from backprop import network
    from backprop.digits import RACE, peer, split
    from backprop.digits import network as digits_network
    from backprop_docs import cache

    train = network.train
    if train.__code__.co_filename == cache.__file__:  # routed through the cache: time the work
        train = train.__wrapped__
    inputs, d, _, _ = split()
    labels = d.argmax(axis=1)
    start = digits_network(seed=0)

    def theirs() -> None:
        with warnings.catch_warnings(action="ignore", category=ConvergenceWarning):
            peer(**RACE).fit(inputs, labels)

    ours = functools.partial(train, start, inputs, d, measure="cross-entropy", **RACE)
    return {"digits": ratio(ours, theirs)}


# What each name measures: the study that measures it (kept in the cache under its name).
MEASURED = {"xor": gradient_costs, "family": gradient_costs, "digits": digits_race}


class Timed:
    """The build's measurements by name, measured on first use (and kept in the cache)."""

    def __getattr__(self, name: str) -> Ratio:
        from backprop_docs import cache

        if name not in MEASURED:
            raise AttributeError(name)
        measure = MEASURED[name]
        label = f"time: {measure.__name__.replace('_', ' ')}"
        how = Path(__file__).read_text("utf-8")  # how it is measured is part of the key
        return cache.lookup(measure.__name__, label, measure, ROUNDS, how)[name]


TIMED = Timed()
