"""The digits page's race at larger sizes: `backprop.train` against scikit-learn's
``MLPClassifier``, on the same data, split and sweeps, timed in one process.

For each number of hidden units and each rule (mini-batches of 10 digits for 30 sweeps, as
on the page; and the whole training set per change, the paper's rule, for 300 sweeps),
both networks train with the cross-entropy error (scikit-learn's only choice), set by
`backprop.digits.peer` as close to `train` as scikit-learn goes. It prints the test
accuracy of each, the best of ``--repeats`` timings of each, and the ratio of ours to
theirs: the ratios are from one run of this script, on this machine, with whatever else it
was doing meanwhile; rerun it to see how far they move.

Run: ``uv run python benchmarks/digits_race.py`` (a few minutes on 2 cores);
``--hidden 30 100`` picks the sizes. It asserts nothing; it prints.
"""

from __future__ import annotations

import argparse
import functools
import time
import warnings
from collections.abc import Callable

import numpy as np
from sklearn.exceptions import ConvergenceWarning

from backprop import Network, forward, train
from backprop.digits import RACE, accuracy, network, peer, split

RULES = {  # how many cases each change sums over, the learning rate at 30 hidden units, sweeps
    "per 10 cases": RACE,  # the page's race
    "per sweep": {"cases": None, "epsilon": 0.005, "sweeps": 300},
}


def settings_for(rule: str, hidden: int) -> dict:
    """A rule's settings for this many hidden units. Per sweep, the derivatives summed over
    every case grow with the hidden units: 0.005 diverged in a trial at 100 and 300 (an
    output reached exactly 0 or 1, where the cross-entropy error is infinite), so there the
    learning rate shrinks as the square of the hidden units (0.005 at 30)."""
    settings = dict(RULES[rule])
    if settings["cases"] is None:
        settings["epsilon"] *= (30 / hidden) ** 2
    return settings


def best(run: Callable[[], object], repeats: int) -> tuple[object, float]:
    """The last result of ``run`` and the fewest seconds it took in ``repeats`` calls."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return result, min(times)


def ours(start: Network, inputs: np.ndarray, d: np.ndarray, settings: dict) -> Network:
    return train(start, inputs, d, measure="cross-entropy", **settings)[0]


def theirs(hidden: int, inputs: np.ndarray, d: np.ndarray, settings: dict) -> object:
    cases = settings["cases"] or len(inputs)  # scikit-learn's batch: every case
    model = peer(hidden=hidden, epsilon=settings["epsilon"], sweeps=settings["sweeps"], cases=cases)
    with warnings.catch_warnings(action="ignore", category=ConvergenceWarning):
        return model.fit(inputs, d.argmax(axis=1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hidden", type=int, nargs="+", default=[30, 100, 300])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    inputs, d, test_inputs, test_d = split()
    print(f"{len(inputs)} training digits, {len(test_inputs)} test digits; "
          f"best of {args.repeats} timings each")  # fmt: skip
    print(f"{'rule':<13} {'hidden':>6}  {'ours':>6} {'sklearn':>7}  {'ours s':>7} "
          f"{'sklearn s':>9}  {'ratio':>5}")  # fmt: skip
    for rule in RULES:
        for hidden in args.hidden:
            settings = settings_for(rule, hidden)
            start = network(seed=0, hidden=hidden)
            net, ours_s = best(functools.partial(ours, start, inputs, d, settings), args.repeats)
            model, theirs_s = best(
                functools.partial(theirs, hidden, inputs, d, settings), args.repeats
            )
            ours_right = accuracy(forward(net, test_inputs)[-1], test_d)
            theirs_right = model.score(test_inputs, test_d.argmax(axis=1))
            ratio = ours_s / theirs_s
            print(f"{rule:<13} {hidden:>6}  {ours_right:>6.1%} {theirs_right:>7.1%}  "
                  f"{ours_s:>7.2f} {theirs_s:>9.2f}  {ratio:>5.2f}", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
