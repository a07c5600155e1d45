"""Many random starts at once: how often, and how fast, a network solves its task.

A task counts as *solved* at a tolerance when every output of every case is within that
tolerance of its desired value: 0.5 means every output is on the correct side of 0.5; 0.2
is the stricter criterion of the 1986 paper's experiments.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from backprop.network import Network, init_tutorial, init_uniform, stack, train

__all__ = ["Runs", "solved", "train_seeds"]


def solved(y: np.ndarray, d: np.ndarray, tolerance: float) -> np.ndarray:
    """Whether every output is within ``tolerance`` of its target, per run.

    Examples:
        >>> y, d = np.array([[0.3], [0.9]]), np.array([[0.0], [1.0]])
        >>> print(solved(y, d, 0.5), solved(y, d, 0.2))
        True False
    """
    return np.all(np.abs(y - d) < tolerance, axis=(-2, -1))


@dataclass
class Runs:
    """The outcome of training one network per seed.

    Attributes:
        seeds: The seeds, one per run.
        net: The trained networks, stacked (a leading run axis on every weight matrix).
        E: The error before each sweep, shape ``(sweeps, runs)``.
        first_solved: For each tolerance, the first sweep at which each run was solved
            (-1 if never): the number of weight changes it took.
    """

    seeds: list[int]
    net: Network
    E: np.ndarray
    first_solved: dict[float, np.ndarray] = field(default_factory=dict)

    def solve_rate(self, tolerance: float) -> float:
        """The fraction of runs solved within the sweeps trained."""
        return float(np.mean(self.first_solved[tolerance] >= 0))

    def median_sweeps(self, tolerance: float) -> float:
        """The median number of sweeps to solve, over the runs that solved (nan if none)."""
        solved_at = self.first_solved[tolerance]
        return float(np.median(solved_at[solved_at >= 0])) if np.any(solved_at >= 0) else np.nan


def train_seeds(
    sizes: Sequence[int],
    seeds: Sequence[int],
    inputs: np.ndarray,
    d: np.ndarray,
    *,
    epsilon: float,
    sweeps: int,
    alpha: float = 0.0,
    biases: bool = False,
    init: str = "tutorial",
    r: float = 0.3,
    tolerances: Sequence[float] = (0.5, 0.2),
) -> Runs:
    """Train one network per seed, all at once, and record when each is solved.

    Args:
        sizes: The layer sizes, inputs first.
        seeds: One run per seed; run ``k`` starts from exactly the weights that a single
            network initialised with ``seeds[k]`` gets.
        inputs: The cases, one per row.
        d: Their desired outputs.
        epsilon: The learning rate, as for `backprop.train`.
        sweeps: How many sweeps each run trains.
        alpha: The momentum, as for `backprop.train`.
        biases: Whether the networks have bias units.
        init: ``"tutorial"`` (`backprop.init_tutorial`: Gaussian times 0.5, the
            legacy stream) or ``"uniform"`` (`backprop.init_uniform` in ``[-r, r]``).
        tolerances: The criteria to record the first solved sweep for.

    Examples:
        >>> from backprop import xor
        >>> inputs, d = xor()
        >>> runs = train_seeds([2, 4, 1], [42, 0], inputs, d, epsilon=0.5, sweeps=10_001)
        >>> runs.first_solved[0.5], runs.first_solved[0.2]
        (array([1141,  722]), array([1552, 1170]))
    """
    if init == "tutorial":
        nets = [init_tutorial(sizes, seed=s, biases=biases) for s in seeds]
    elif init == "uniform":
        nets = [init_uniform(sizes, r=r, seed=s, biases=biases) for s in seeds]
    else:
        raise ValueError(f"init must be 'tutorial' or 'uniform', got {init!r}")
    first = {tol: np.full(len(nets), -1) for tol in tolerances}

    def record(t: int, ys: list[np.ndarray]) -> None:
        for tol, at in first.items():
            at[(at < 0) & solved(ys[-1], d, tol)] = t

    net, E = train(
        stack(nets), inputs, d, epsilon=epsilon, sweeps=sweeps, alpha=alpha, watch=record
    )
    return Runs(list(seeds), net, E, first)
