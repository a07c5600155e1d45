"""How much the package's teaching structure costs: 10,001 sweeps of the tutorial's
2-4-1 XOR net through ``backprop.train`` against a bare loop of the tutorial's own
computation, timed in one process, alternating, best of several rounds.

Run: ``uv run python benchmarks/xor_overhead.py``. Target: package/bare <= 1.10.
"""

from __future__ import annotations

import time

import numpy as np

from backprop import init_tutorial, train, xor

SWEEPS = 10_001
ROUNDS = 7


def bare(inputs: np.ndarray, d: np.ndarray) -> np.ndarray:
    """The tutorial's loop, written out with nothing around it."""
    rng = np.random.RandomState(42)
    W1 = rng.randn(2, 4) * 0.5
    W2 = rng.randn(4, 1) * 0.5
    for _ in range(SWEEPS):
        a1 = 1 / (1 + np.exp(-(inputs @ W1)))
        yhat = 1 / (1 + np.exp(-(a1 @ W2)))
        _loss = np.mean((d - yhat) ** 2)
        d_out = (yhat - d) * yhat * (1 - yhat)
        dW2 = a1.T @ d_out
        d_hid = (d_out @ W2.T) * a1 * (1 - a1)
        dW1 = inputs.T @ d_hid
        W2 -= 0.5 * dW2
        W1 -= 0.5 * dW1
    return W2


def package(inputs: np.ndarray, d: np.ndarray) -> np.ndarray:
    net, _ = train(init_tutorial([2, 4, 1]), inputs, d, epsilon=0.5, sweeps=SWEEPS)
    return net.w[1]


def main() -> None:
    inputs, d = xor()
    np.testing.assert_allclose(bare(inputs, d), package(inputs, d), rtol=1e-9)
    best = {"bare": float("inf"), "package": float("inf")}
    for _ in range(ROUNDS):
        for name, fn in (("bare", bare), ("package", package)):
            start = time.perf_counter()
            fn(inputs, d)
            best[name] = min(best[name], time.perf_counter() - start)
    for name, seconds in best.items():
        print(f"{name:8s} {seconds * 1e3:8.1f} ms for {SWEEPS:,} sweeps (best of {ROUNDS})")
    print(f"package/bare = {best['package'] / best['bare']:.3f}  (target <= 1.10)")


if __name__ == "__main__":
    main()
