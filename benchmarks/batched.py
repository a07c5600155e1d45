"""Batched training against a Python loop over seeds, in one process.

1,000 seeds x 10,001 sweeps of the tutorial's 2-4-1 XOR network: once as one stack of
1,000 networks (``backprop.stack`` + ``train``), once as a loop calling the single-run
trainer per seed. Both must end with identical weights. Also prints the solve rate and
median sweeps to solve over the 1,000 seeds (the page shows 100).

Run: ``uv run python benchmarks/batched.py`` (about 2.5 minutes: the loop is the slow
part). Target: batched at least 50x faster.
"""

from __future__ import annotations

import time

import numpy as np

from backprop import init_tutorial, stack, train, unstack, xor
from backprop.experiments import train_seeds

SEEDS = range(1000)
SWEEPS = 10_001


def main() -> None:
    inputs, d = xor()
    nets = [init_tutorial([2, 4, 1], seed=s) for s in SEEDS]

    start = time.perf_counter()
    batched, _ = train(stack(nets), inputs, d, epsilon=0.5, sweeps=SWEEPS)
    t_batched = time.perf_counter() - start

    start = time.perf_counter()
    singles = [train(net, inputs, d, epsilon=0.5, sweeps=SWEEPS)[0] for net in nets]
    t_loop = time.perf_counter() - start

    same = all(
        np.array_equal(a, b)
        for one, many in zip(singles, unstack(batched), strict=True)
        for a, b in zip(one.w, many.w, strict=True)
    )
    print(f"{len(SEEDS)} seeds x {SWEEPS:,} sweeps of the 2-4-1 XOR net")
    print(f"  batched (one stack):      {t_batched:7.2f} s")
    print(f"  loop of single runs:      {t_loop:7.2f} s")
    print(f"  loop / batched = {t_loop / t_batched:.1f}x  (target >= 50x)")
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
