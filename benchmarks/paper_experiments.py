"""The paper's experiments at a larger scale than the pages run.

- Mirror symmetry: 1,000 starts of the 6-2-1 network (the page runs 100).
- Family trees: 100 runs (own split and start each), with the paper's settings for 1,500
  sweeps and without decay for 10,000 sweeps (the page runs 20).

Run: ``uv run python benchmarks/paper_experiments.py`` (a few minutes). Prints timings too.
"""

from __future__ import annotations

import sys
import time

import numpy as np

from backprop import forward, stack, train
from backprop.experiments import train_seeds
from backprop.family import accuracy, network, schedule, split_runs
from backprop.mirror import REPORTED_SWEEPS, cases, settings
from backprop.mirror import network as mirror_network


def progress(label: str, every: int, start: float):  # noqa: ANN201 - a train(watch=...)
    """A watch for `train` that says how far a long run has come, on stderr."""

    def watch(t: int, ys: list) -> None:
        if t and t % every == 0:
            print(f"  {label}: sweep {t:,} ({time.perf_counter() - start:.0f} s)",
                  file=sys.stderr, flush=True)  # fmt: skip

    return watch


def mirror(seeds: int) -> None:
    start = time.perf_counter()
    at = []
    for first in range(0, seeds, 100):  # 100 starts at a time, to show progress
        runs = train_seeds(mirror_network, range(first, min(first + 100, seeds)), *cases(),
                           **settings())  # fmt: skip
        at.append(runs.first_solved[0.2])
        print(f"  mirror: {first + len(runs.seeds)} of {seeds} starts "
              f"({time.perf_counter() - start:.0f} s)", file=sys.stderr, flush=True)  # fmt: skip
    at = np.concatenate(at)
    print(f"mirror symmetry, {seeds} starts x 20,000 sweeps ({time.perf_counter() - start:.1f} s)")
    print(f"  solved within 1,425 sweeps: {np.mean((at >= 0) & (at <= REPORTED_SWEEPS)):.1%}")
    print(f"  solved within 20,000 sweeps: {np.mean(at >= 0):.1%}")
    done = at[at >= 0]
    print(f"  sweeps to solve, quartiles: {np.percentile(done, [25, 50, 75]).round().tolist()}")


def family(runs: int) -> None:
    train_inputs, train_d, test_inputs, test_d = split_runs(range(runs))
    nets = stack([network(seed=s) for s in range(runs)])
    for label, sweeps, decay in [("paper's settings", 1500, 0.002), ("no decay", 10_000, 0.0)]:
        start = time.perf_counter()
        watch = progress(f"family, {label}", 1000, start)
        trained, _ = train(nets, train_inputs, train_d, decay=decay, watch=watch,
                           **schedule(sweeps))  # fmt: skip
        tr = accuracy(forward(trained, train_inputs)[-1], train_d)
        te = accuracy(forward(trained, test_inputs)[-1], test_d)
        print(f"family trees, {runs} runs, {label}, {sweeps:,} sweeps "
              f"({time.perf_counter() - start:.1f} s)")  # fmt: skip
        print(f"  training right: mean {tr.mean():.1%}; held-out right: mean {te.mean():.1%}, "
              f"all 4 in {np.mean(te == 1):.0%} of runs")  # fmt: skip


if __name__ == "__main__":
    mirror(1000)
    family(100)
