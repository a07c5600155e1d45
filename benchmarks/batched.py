"""Batched training against a Python loop over seeds, in one process.

1,000 seeds x 10,001 sweeps of the tutorial's 2-4-1 XOR network: once as one stack of
1,000 networks (``backprop.stack`` + ``train``), once as a loop calling the single-run
trainer per seed. Both must end with identical weights. Also prints the solve rate and
median sweeps to solve over the 1,000 seeds (the page shows 100).

Run: ``uv run python benchmarks/batched.py`` (about 2.5 minutes: the loop is the slow
part). Target: batched at least 80x faster.
"""

from __future__ import annotations

import sys
import time

import numpy as np

from backprop import init_tutorial, stack, train, unstack, xor
from backprop.experiments import train_seeds

SEEDS = range(1000)
SWEEPS = 10_001


def tutorial_nets() -> list:
    return [init_tutorial([2, 4, 1], seed=s) for s in SEEDS]


def timed_batched(nets: list) -> tuple[object, float]:
    """Every run at once, as one stack: the trained stack and the seconds it took."""
    inputs, d = xor()
    start = time.perf_counter()
    many, _ = train(stack(nets), inputs, d, epsilon=0.5, sweeps=SWEEPS)
    return many, time.perf_counter() - start


def timed_loop(nets: list, progress: bool = False) -> tuple[list, float]:
    """One run after another, as single networks: the trained ones and the seconds taken."""
    inputs, d = xor()
    start, singles = time.perf_counter(), []
    for k, net in enumerate(nets):
        singles.append(train(net, inputs, d, epsilon=0.5, sweeps=SWEEPS)[0])
        if progress and (k + 1) % 100 == 0:
            print(f"  loop: {k + 1} of {len(nets):,} runs ({time.perf_counter() - start:.0f} s)",
                  file=sys.stderr, flush=True)  # fmt: skip
    return singles, time.perf_counter() - start


def identical(singles: list, many: object) -> bool:
    """Whether every single run ended with exactly the weights of its run in the stack."""
    return all(
        np.array_equal(a, b)
        for one, run in zip(singles, unstack(many), strict=True)
        for a, b in zip(one.w, run.w, strict=True)
    )


def main() -> None:
    inputs, d = xor()
    nets = tutorial_nets()
    batched, t_batched = timed_batched(nets)
    singles, t_loop = timed_loop(nets, progress=True)
    same = identical(singles, batched)
    print(f"{len(SEEDS)} seeds x {SWEEPS:,} sweeps of the 2-4-1 XOR net")
    print(f"  batched (one stack):      {t_batched:7.2f} s")
    print(f"  loop of single runs:      {t_loop:7.2f} s")
    print(f"  loop / batched = {t_loop / t_batched:.1f}x  (target >= 80x)")
    print(f"  identical final weights in every run: {same}")

    runs = train_seeds(
        lambda seed: init_tutorial([2, 4, 1], seed=seed),
        SEEDS,
        inputs,
        d,
        epsilon=0.5,
        sweeps=SWEEPS,
    )
    for tol in (0.5, 0.2):
        print(
            f"  within {tol}: solved {runs.solve_rate(tol):.1%}, "
            f"median sweeps {runs.median_sweeps(tol):.0f}"
        )


if __name__ == "__main__":
    main()
