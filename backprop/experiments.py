"""Many random starts at once: how often, and how fast, a network solves its task.

A task counts as *solved* at a tolerance when every output of every case is within that
tolerance of its desired value: 0.5 means every output is on the correct side of 0.5; 0.2
is stricter (the band of the 1986 paper's family-trees task: above 0.8 for a 1, below 0.2
for a 0).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from backprop import _checks as checks
from backprop.network import Network, forward, stack, train

__all__ = ["solved", "Runs", "train_seeds", "diagnose"]


@checks.takes(
    y=checks.UNIT_OUTPUTS, d=(*checks.UNIT_OUTPUTS, checks.LIKE_Y), tolerance=checks.POSITIVE
)
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
        return float(np.mean(self.solved_at(tolerance) >= 0))

    def median_sweeps(self, tolerance: float) -> float:
        """The median number of sweeps to solve, over the runs that solved (nan if none)."""
        solved_at = self.solved_at(tolerance)
        return float(np.median(solved_at[solved_at >= 0])) if np.any(solved_at >= 0) else np.nan

    def solved_at(self, tolerance: float) -> np.ndarray:
        """The first solved sweep of each run at a recorded tolerance (-1 if never)."""
        if tolerance not in self.first_solved:
            raise ValueError(
                f"tolerance {tolerance!r} was not recorded; these were: {list(self.first_solved)}"
            )
        return self.first_solved[tolerance]


# seeds become a list (a generator would be used up by the first pass); train checks the rest
@checks.takes(
    seeds=checks.SEEDS, tolerances=checks.Each(checks.POSITIVE), network=checks.MAKES_NETWORK,
    inputs=checks.ANY, d=checks.ANY, epsilon=checks.ANY, sweeps=checks.ANY, alpha=checks.ANY,
    measure=checks.ANY, cases=checks.ANY,
)  # fmt: skip
def train_seeds(
    network: Callable[[int], Network],
    seeds: Iterable[int],
    inputs: np.ndarray,
    d: np.ndarray,
    *,
    epsilon: float,
    sweeps: int,
    alpha: float = 0.0,
    tolerances: Sequence[float] = (0.5, 0.2),
    measure: str = "squared",
    cases: int | None = None,
) -> Runs:
    """Train one network per seed, all at once, and record when each is solved.

    Args:
        network: Makes the starting network for a seed, e.g. `backprop.mirror.network`, or
            ``lambda seed: init_tutorial([2, 4, 1], seed=seed)``.
        seeds: One run per seed; run ``k`` starts from ``network(seeds[k])``, and ends with
            exactly the weights a single run from there would.
        inputs: The cases, one per row.
        d: Their desired outputs.
        epsilon: The learning rate, as for `backprop.train`.
        sweeps: How many sweeps each run trains.
        alpha: The momentum, as for `backprop.train`.
        tolerances: The criteria to record the first solved sweep for.
        measure: The error measure, as for `backprop.train`.
        cases: How many cases each change of the weights sums over, as for `backprop.train`
            (all of them by default; the first solved sweep is then checked before each
            sweep, on every case).

    Examples:
        >>> from backprop import init_tutorial, xor
        >>> inputs, d = xor()
        >>> def tutorial(seed):
        ...     return init_tutorial([2, 4, 1], seed=seed)
        >>> runs = train_seeds(tutorial, [42, 0], inputs, d, epsilon=0.5, sweeps=10_001)
        >>> runs.first_solved[0.5], runs.first_solved[0.2]
        (array([1141,  722]), array([1552, 1170]))
    """
    nets = [network(seed) for seed in seeds]
    first = {tol: np.full(len(nets), -1) for tol in tolerances}

    def record(t: int, ys: list[np.ndarray]) -> None:
        for tol, at in first.items():
            at[(at < 0) & solved.unchecked(ys[-1], d, tol)] = t  # d: checked by train

    net, E = train(
        stack(nets), inputs, d, epsilon=epsilon, sweeps=sweeps, alpha=alpha, watch=record,
        measure=measure, cases=cases,
    )  # fmt: skip
    return Runs(seeds, net, E, first)


@checks.takes(
    net=checks.Net(single="diagnose", finite=True), inputs=checks.CASES, d=checks.TARGETS,
    E=checks.HISTORY_OF_E,
)  # fmt: skip
def diagnose(net: Network, inputs: np.ndarray, d: np.ndarray, E: np.ndarray) -> str:
    """Why a trained network does not solve its task, in one line, from its weights and ``E``.

    In order: *solved* (every output on the correct side of 0.5); *saturated* (at least half
    the units, or every output unit, give 0 or 1 to within a millionth on every case, so
    almost no error flows back through them and their weights hardly change: lower the
    learning rate or the initial weights);
    *stuck* (two cases with different targets get the same pattern in the last hidden
    layer, so the output cannot tell them apart: a local minimum); *plateau* (``E`` has not
    changed by more than a relative 1e-6 over the last 10% of sweeps); else *not yet* (``E``
    is still falling: train for more sweeps).

    Examples:
        >>> from backprop import init_tutorial, xor
        >>> inputs, d = xor()
        >>> net, E = train(init_tutorial([2, 4, 1]), inputs, d, epsilon=1e6, sweeps=50)
        >>> import textwrap
        >>> print(textwrap.fill(diagnose(net, inputs, d, E), 80))
        saturated: 1 of 5 units give 0 or 1 (to within a millionth) on every case, so
        almost no error flows back through them; lower the learning rate or the initial
        weights
    """
    ys = forward.unchecked(net, inputs)  # checked by the table above
    if solved.unchecked(ys[-1], d, 0.5):
        return "solved: every output is on the correct side of 0.5"
    flat = np.concatenate([np.all(y * (1 - y) < 1e-6, axis=0) for y in ys[1:]])
    outputs_flat = flat[-d.shape[-1] :].all()
    if outputs_flat or flat.mean() >= 0.5:
        return (
            f"saturated: {flat.sum()} of {flat.size} units give 0 or 1 (to within a millionth) "
            "on every case, so almost no error flows back through them; lower the learning "
            "rate or the initial weights"
        )
    if len(ys) > 2:
        hidden = ys[-2]
        for a in range(len(d)):
            for b in range(a + 1, len(d)):
                same = np.abs(hidden[a] - hidden[b]).max() < 1e-3
                if same and np.any(np.abs(d[a] - d[b]) >= 0.5):
                    return (
                        f"stuck: inputs {_case(inputs[a])} and {_case(inputs[b])} get the same "
                        "hidden pattern but need different outputs; a local minimum (try "
                        "another seed)"
                    )
    last = max(1, len(E) // 10)
    before, now = float(E[-last - 1] if len(E) > last else E[0]), float(E[-1])
    if abs(before - now) <= 1e-6 * now:
        return (
            f"plateau: E has stayed at {now:.4f} over the last {last} sweeps; a local "
            "minimum or a flat region (try another seed)"
        )
    return (
        f"not yet: E is still falling ({before:.4f} to {now:.4f} over the last {last} "
        "sweeps); train for more sweeps"
    )


def _case(x: np.ndarray) -> str:
    return "[" + " ".join(f"{v:g}" for v in x) + "]"
