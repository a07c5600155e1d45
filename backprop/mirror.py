"""The mirror-symmetry experiment of the 1986 paper: its cases, its network, its settings.

Six binary inputs and one output that should be on when the input reads the same from both
ends. The paper trained a 6-2-1 network with biases, from weights uniform in [-0.3, 0.3],
with learning rate 0.1 and momentum 0.9, and reports that it learned in 1,425 sweeps. The
page, its figures and the benchmarks all take the experiment from here.
"""

from __future__ import annotations

import numpy as np

from backprop import _checks as checks
from backprop.network import Network, init_uniform

__all__ = ["REPORTED_SWEEPS", "cases", "network", "settings"]

REPORTED_SWEEPS = 1425
"""The sweeps the paper reports its run needed."""


@checks.takes(bits=checks.whole(1, 20))  # 2**20 cases already fill 160 MB
def cases(bits: int = 6) -> tuple[np.ndarray, np.ndarray]:
    """All ``2**bits`` binary inputs; the target is 1 when the input reads the same both ways.

    Examples:
        >>> inputs, d = cases()
        >>> print(inputs.shape, int(d.sum()))
        (64, 6) 8
        >>> print(inputs[d[:, 0] == 1][:3])
        [[0. 0. 0. 0. 0. 0.]
         [0. 0. 1. 1. 0. 0.]
         [0. 1. 0. 0. 1. 0.]]
    """
    codes = np.arange(2**bits)
    inputs = ((codes[:, None] >> np.arange(bits - 1, -1, -1)) & 1).astype(float)
    d = np.all(inputs == inputs[:, ::-1], axis=1, keepdims=True).astype(float)
    return inputs, d


@checks.takes(seed=checks.ANY)  # init_uniform checks it
def network(seed: int) -> Network:
    """The paper's network for one start: 6 inputs, 2 hidden units, 1 output, with biases,
    weights uniform in [-0.3, 0.3].

    Examples:
        >>> network(seed=0).sizes, network(seed=0).biases
        ([6, 2, 1], True)
    """
    return init_uniform([6, 2, 1], r=0.3, seed=seed, biases=True)


@checks.takes(sweeps=checks.WHOLE)
def settings(sweeps: int = 20_000) -> dict[str, float | int]:
    """The paper's training settings, as keyword arguments for `backprop.train`.

    Learning rate 0.1 and momentum 0.9. The paper stops at 1,425 sweeps, when its run had
    learned; the site trains every start for 20,000 by default, to see when each learns.

    Examples:
        >>> settings()
        {'epsilon': 0.1, 'alpha': 0.9, 'sweeps': 20000}
    """
    return {"epsilon": 0.1, "alpha": 0.9, "sweeps": sweeps}
