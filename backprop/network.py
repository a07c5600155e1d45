"""A layered network of logistic units, trained by back-propagating errors.

This module is the paper (Rumelhart, Hinton & Williams, 1986) in NumPy. Every line that
computes one of its numbered equations ends with the equation's number, e.g. ``# (5)``.

The paper's names:

- ``x``: total input of a unit; ``y``: its output; ``d``: its desired output.
- ``w``: one weight matrix per layer of connections. ``w[i, j]`` is the paper's
  ``w_ji``, the weight on the connection from unit ``i`` (row) to unit ``j`` (column),
  so that ``y_i @ w`` sums ``y_i * w_ji`` over ``i``.
- ``E``: the total error; ``dE_dy``, ``dE_dx``, ``dE_dw``: its partial derivatives.
- ``epsilon``: the learning rate; ``alpha``: the momentum.

Rows are cases, columns are units. A bias is what the paper makes of it: the weight from
an extra unit whose output is always 1, stored as the last row of ``w``.

Every function also accepts weights with leading axes (a stack of independent networks,
``w.shape == (runs, n_i, n_j)``); ``@`` then works run by run.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from backprop import _checks as checks
from backprop.data import TUTORIAL

__all__ = [  # in the order the API reference shows them
    "Network", "sigmoid", "forward", "error", "cross_entropy", "mean_squared_error", "backward",
    "train",
    "progress_line", "init_tutorial", "init_uniform", "stack", "unstack",
]  # fmt: skip


@dataclass
class Network:
    """The weights of a layered network, and whether each layer has a bias unit.

    Attributes:
        w: One matrix per layer of connections, shape ``(n_i + biases, n_j)``; with
            biases, the last row holds the weights from the always-on unit.
        biases: Whether every layer after the first gets a bias.
        connections: Optional, one boolean matrix per ``w``: where it is False there is no
            connection, the weight stays as it starts (0) and training never changes it.
            The family-trees network uses this to keep its two input groups apart.

    Examples:
        >>> net = Network([np.zeros((3, 2)), np.zeros((3, 1))], biases=True)
        >>> net.sizes
        [2, 2, 1]
    """

    w: list[np.ndarray]
    biases: bool = True
    connections: list[np.ndarray] | None = None
    constraints = {"biases": checks.BOOLEAN, "w": checks.WEIGHTS, "connections": checks.CONNECTIONS}
    """What a new Network checks, in this order (its weights fit together with its biases)."""

    def __post_init__(self) -> None:
        checks.validate(self.constraints, vars(self))

    @property
    def sizes(self) -> list[int]:
        """The number of units in each layer, the input layer first."""
        return [self.w[0].shape[-2] - self.biases] + [w.shape[-1] for w in self.w]


def sigmoid(x: np.ndarray) -> np.ndarray:
    """The logistic function ``1 / (1 + exp(-x))``, without overflow for large ``|x|``.

    ``(1 + tanh(x / 2)) / 2`` is the same function (multiply the top and bottom of
    ``1 / (1 + exp(-x))`` by ``exp(x / 2)``), and ``tanh`` never overflows: no warning for
    ``x = -1000``, where ``exp(-x)`` would.

    Like NumPy's own functions it works elementwise, and a NaN gives NaN.

    Examples:
        >>> print(sigmoid(np.array([-1000.0, 0.0, 1000.0])))
        [0.  0.5 1. ]
    """
    checks.not_complex("x", x)
    try:
        return 0.5 * (1 + np.tanh(0.5 * x))  # (2)
    except TypeError:
        raise ValueError(f"x must be real numbers, got {type(x).__name__}") from None


def _with_bias(y: np.ndarray, biases: bool) -> np.ndarray:
    """``y`` with a column of ones appended: the output of the always-on unit."""
    if not biases:
        return y
    return np.concatenate([y, np.ones(y.shape[:-1] + (1,))], axis=-1)


def _T(a: np.ndarray) -> np.ndarray:
    """Transpose the last two axes (a leading run axis, if any, stays where it is)."""
    return a.swapaxes(-1, -2)


@checks.takes(net=checks.NETWORK, inputs=checks.CASES)
def forward(net: Network, inputs: np.ndarray) -> list[np.ndarray]:
    """The forward pass: the outputs ``y`` of every layer, the inputs first.

    Examples:
        >>> net = init_tutorial([2, 4, 1])
        >>> ys = forward(net, np.array([[0.0, 1.0]]))
        >>> [y.shape for y in ys]
        [(1, 2), (1, 4), (1, 1)]
    """
    ys = [inputs]
    for w in net.w:
        x = _with_bias(ys[-1], net.biases) @ w  # (1)
        ys.append(sigmoid(x))  # (2)
    return ys


@checks.takes(y=checks.UNIT_OUTPUTS, d=(*checks.UNIT_OUTPUTS, checks.LIKE_Y))
def error(y: np.ndarray, d: np.ndarray) -> np.ndarray:
    """The total error ``E``: half the squared differences, summed over cases and units.

    Examples:
        >>> print(error(np.array([[0.5], [1.0]]), np.array([[0.0], [1.0]])))
        0.125
    """
    return 0.5 * ((y - d) ** 2).sum(axis=(-2, -1))  # (3)


@checks.takes(y=checks.UNIT_OUTPUTS, d=(*checks.UNIT_OUTPUTS, checks.LIKE_Y))
def cross_entropy(y: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Another error measure: ``E = -sum(d ln y + (1 - d) ln(1 - y))`` over cases and units.

    For an output unit with target 1 it is ``-ln y``, which grows without bound as ``y``
    goes to 0 (where the squared error ``E`` of (3) stops at 1/2). Its derivative cancels
    the ``y (1 - y)`` of (5): at an output unit, ``dE/dx = y - d`` (`backward` with
    ``measure="cross-entropy"``). An output of exactly 0 or 1 on the wrong side gives
    ``inf``.

    Examples:
        >>> y, d = np.array([[0.5], [0.9]]), np.array([[0.0], [1.0]])
        >>> print(round(float(cross_entropy(y, d)), 6), round(float(-np.log(0.5) - np.log(0.9)), 6))
        0.798508 0.798508
    """
    with np.errstate(divide="ignore", invalid="ignore"):  # 0 ln 0 is 0 below, as a limit
        d_ln_y = np.where(d == 0, 0.0, d * np.log(y))
        rest_ln = np.where(d == 1, 0.0, (1 - d) * np.log1p(-y))
    return -(d_ln_y + rest_ln).sum(axis=(-2, -1))  # (3)


MEASURES = {"squared": error, "cross-entropy": cross_entropy}  # what E can be, by name


@checks.takes(y=checks.UNIT_OUTPUTS, d=(*checks.UNIT_OUTPUTS, checks.LIKE_Y))
def mean_squared_error(y: np.ndarray, d: np.ndarray) -> np.ndarray:
    """The mean of ``(y - d)**2`` over cases and output units: what the tutorial prints.

    It is not the ``E`` whose gradient the network follows: with ``P`` cases and ``n``
    output units, ``mean_squared_error = 2 * E / (P * n)`` (for XOR, ``E / 2``).

    Examples:
        >>> y, d = np.array([[0.5], [1.0]]), np.array([[0.0], [1.0]])
        >>> print(mean_squared_error(y, d), 2 * error(y, d) / d.size)
        0.125 0.125
    """
    return np.mean((y - d) ** 2, axis=(-2, -1))


@checks.takes(
    net=checks.NETWORK, ys=checks.LAYER_OUTPUTS, d=(checks.OUTPUTS, checks.LIKE_Y),
    measure=checks.one_of(MEASURES),
)  # fmt: skip
def backward(
    net: Network, ys: list[np.ndarray], d: np.ndarray, measure: str = "squared"
) -> list[np.ndarray]:
    """The backward pass: ``dE_dw`` for every weight matrix, summed over all cases.

    Args:
        net: The network whose forward pass gave ``ys``.
        ys: The outputs of every layer, from `forward`.
        d: The desired outputs, one row per case.
        measure: The error ``E`` whose derivatives these are: ``"squared"``, the paper's
            (3), or ``"cross-entropy"`` (`cross_entropy`), for which an output unit's
            ``dE_dx`` is ``y - d``: the ``y (1 - y)`` of (5) cancels.

    Examples:
        >>> net = init_tutorial([2, 4, 1])
        >>> inputs = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
        >>> d = np.array([[0.0], [1.0], [1.0], [0.0]])
        >>> [g.shape for g in backward(net, forward(net, inputs), d)]
        [(2, 4), (4, 1)]
    """
    dE_dy = ys[-1] - d  # (4)
    dE_dw = [np.empty(0)] * len(net.w)
    top = len(net.w) - 1
    for layer in reversed(range(len(net.w))):
        y_i, y_j = ys[layer], ys[layer + 1]
        if layer == top and measure == "cross-entropy":  # its dE_dy times y(1 - y) of (5):
            dE_dx = ys[-1] - d  # (4)
        else:
            dE_dx = dE_dy * y_j * (1 - y_j)  # (5)
        dE_dw[layer] = _T(_with_bias(y_i, net.biases)) @ dE_dx  # (6)
        if layer > 0:  # the inputs need no dE_dy
            dE_dy = dE_dx @ _T(net.w[layer][..., : y_i.shape[-1], :])  # (7)
    return dE_dw


@checks.takes(step=checks.whole(0), loss=checks.number(-math.inf))
def progress_line(step: int, loss: float) -> str:
    """One progress line in the tutorial's format.

    Examples:
        >>> progress_line(2000, 0.01283)
        'Step  2000 | Loss: 0.0128'
    """
    return f"Step {step:5d} | Loss: {loss:.4f}"


@checks.takes(
    sweeps=checks.WHOLE, epsilon=checks.PerSweep(checks.POSITIVE),
    alpha=checks.PerSweep(checks.FRACTION, "alpha (momentum)"), decay=checks.FRACTION,
    net=checks.Net(finite=True), inputs=checks.CASES, d=checks.TARGETS,
    print_every=checks.PRINT_EVERY, margin=checks.MARGIN, out=checks.ANY, watch=checks.ANY,
    measure=checks.one_of(MEASURES), cases=checks.CASES_PER_CHANGE,
)  # fmt: skip
def train(
    net: Network,
    inputs: np.ndarray,
    d: np.ndarray,
    *,
    epsilon: float | Sequence[float],
    sweeps: int,
    alpha: float | Sequence[float] = 0.0,
    decay: float = 0.0,
    margin: float = 0.0,
    print_every: int | None = None,
    out: Callable[[str], object] = print,
    watch: Callable[[int, list[np.ndarray]], object] | None = None,
    measure: str = "squared",
    cases: int | None = None,
) -> tuple[Network, np.ndarray]:
    """Train by sweeps: each sweep sums ``dE_dw`` over all cases, then changes every weight.

    That is the paper's rule, and the default. With ``cases``, a sweep changes the weights
    after every ``cases`` cases instead, each change by (8) or (9) from the derivatives
    summed over just those cases: ``cases=1`` is the per-case (online, or stochastic) rule,
    anything between 1 and all of them mini-batches. The cases are taken in the order given,
    ``cases`` at a time (the last batch may be smaller), the same order every sweep.

    Args:
        net: The starting weights (left unchanged; the trained copy is returned). A stack
            of networks (see `stack`) trains as many runs at once; ``E`` has a column each.
        inputs: One row per case, one column per input unit (a stack of networks may
            also get its own cases per run, with a leading run axis).
        d: The desired outputs, one row per case, one column per output unit.
        epsilon: The learning rate, > 0; or one value per sweep.
        sweeps: How many sweeps (weight changes), >= 1.
        alpha: The momentum of eq. (9), in [0, 1); 0 gives eq. (8). Or one per sweep.
        decay: After each change, every weight shrinks by this fraction (the paper's
            family-trees runs use 0.002); 0 by default.
        margin: If above 0, an output already beyond the band counts as right: its error
            is zero when it is above ``1 - margin`` for a target 1, or below ``margin`` for
            a target 0 (the paper's family trees: 0.2). ``E`` and (4) then use that output
            as its own target; equations (4)-(9) are otherwise unchanged.
        print_every: If set, print a progress line every that many sweeps. Like the
            tutorial, it prints the mean squared error (``2 * E / d.size`` with the squared
            error), whichever ``E`` is followed.
        out: Where progress lines go (``print`` by default).
        watch: If set, called as ``watch(t, ys)`` at every sweep ``t`` with the outputs of
            every layer before that sweep's change (to record, say, when a run is solved).
        measure: The error measure followed: ``"squared"``, the paper's (3), or
            ``"cross-entropy"`` (see `cross_entropy`); ``history`` holds that ``E``.
        cases: How many cases each change of the weights sums over: None (the default) for
            all of them, once per sweep; 1 for a change after every case.

    Returns:
        net: The trained network.
        history: ``E`` before each sweep's change: ``history[0]`` is the error of the
            starting weights.

    Raises:
        ValueError: On bad arguments (the message names the argument and its value).
        FloatingPointError: If ``E`` stops being finite (the message names the sweep).

    Examples:
        >>> from backprop.data import xor
        >>> inputs, d = xor()
        >>> net, E = train(init_tutorial([2, 4, 1]), inputs, d, epsilon=0.5, sweeps=3)
        >>> print(np.round(E, 4))
        [0.5114 0.5082 0.5059]
    """
    epsilon_at, alpha_at = epsilon, alpha  # functions of the sweep, from the table's PerSweep
    w = [w.copy() for w in net.w]
    trained = Network(w, net.biases, net.connections)
    previous = [np.zeros_like(w_l) for w_l in w]  # the last sweep's changes, for (9)
    history = checks.history(sweeps, np.broadcast_shapes(w[0].shape[:-2], d.shape[:-2]))
    every = d.shape[-2]
    batches = [slice(0, every)] if cases is None else [
        slice(start, start + cases) for start in range(0, every, cases)
    ]  # fmt: skip
    for t in range(sweeps):
        epsilon, alpha = epsilon_at(t), alpha_at(t)
        ys = forward.unchecked(trained, inputs)  # checked once, above, not at every sweep
        target = d if not margin else _beyond_the_band(ys[-1], d, margin)
        E = MEASURES[measure].unchecked(ys[-1], target)
        if not math.isfinite(E if E.ndim == 0 else E.sum()):  # E >= 0: one sum tests all runs
            raise FloatingPointError(checks.diverged(E, t))
        history[t] = E
        if watch is not None:
            watch(t, ys)
        if print_every and t % print_every == 0:
            squared = E if measure == "squared" else error.unchecked(ys[-1], target)
            out(progress_line(t, 2 * squared / d.size))
        for batch in batches:
            if cases is not None:  # this batch's own forward pass, with the weights so far
                ys = forward.unchecked(trained, inputs[..., batch, :])
                d_batch = d[..., batch, :]
                target = d_batch if not margin else _beyond_the_band(ys[-1], d_batch, margin)
            for layer, dE_dw in enumerate(backward.unchecked(trained, ys, target, measure)):
                if alpha == 0:
                    delta_w = -epsilon * dE_dw  # (8)
                else:
                    delta_w = -epsilon * dE_dw + alpha * previous[layer]  # (9)
                if net.connections is not None:
                    delta_w = delta_w * net.connections[layer]  # no connection, no change
                previous[layer] = delta_w
                w[layer] += delta_w
                if decay:
                    w[layer] *= 1 - decay
    return trained, history


def _beyond_the_band(y: np.ndarray, d: np.ndarray, margin: float) -> np.ndarray:
    """The targets, with each output that is already beyond the band as its own target:
    above ``1 - margin`` for a 1, below ``margin`` for a 0 (no error, nothing to learn)."""
    right = ((d == 1) & (y > 1 - margin)) | ((d == 0) & (y < margin))
    return np.where(right, y, d)


@checks.takes(nets=checks.STACKABLE)
def stack(nets: Sequence[Network]) -> Network:
    """Many networks of one shape as one, with a leading run axis on every weight matrix.

    `train` then advances every run by a sweep with one NumPy call per step, and
    each run follows exactly the arithmetic of training it alone.

    Examples:
        >>> runs = stack([init_tutorial([2, 4, 1], seed=s) for s in range(3)])
        >>> [w.shape for w in runs.w]
        [(3, 2, 4), (3, 4, 1)]
        >>> bool(np.all(runs.w[0][2] == init_tutorial([2, 4, 1], seed=2).w[0]))
        True
    """
    w = [np.stack(ws) for ws in zip(*(n.w for n in nets), strict=True)]
    return Network(w, nets[0].biases, nets[0].connections)


@checks.takes(net=checks.Net(stack="unstack"))
def unstack(net: Network) -> list[Network]:
    """The single networks of a stack, in order.

    Examples:
        >>> [n.sizes for n in unstack(stack([init_tutorial([2, 3, 1])] * 2))]
        [[2, 3, 1], [2, 3, 1]]
    """
    runs = range(net.w[0].shape[0])
    return [Network([w[r] for w in net.w], net.biases, net.connections) for r in runs]


@checks.takes(sizes=checks.SIZES, scale=checks.POSITIVE, seed=checks.SEED, biases=checks.BOOLEAN)
def init_tutorial(
    sizes: Sequence[int],
    *,
    seed: int = TUTORIAL.seed,
    scale: float = TUTORIAL.scale,
    biases: bool = False,
) -> Network:
    """Gaussian weights drawn as the tutorial draws them: ``randn(n_i, n_j) * scale``.

    Uses NumPy's legacy stream (``np.random.RandomState(seed)``, the stream that
    ``np.random.seed(seed)`` sets), one matrix after another, without touching NumPy's
    global random state. With biases, each matrix has one more row, drawn with it.

    Examples:
        >>> net = init_tutorial([2, 4, 1])
        >>> print(np.round(net.w[0], 3))
        [[ 0.248 -0.069  0.324  0.762]
         [-0.117 -0.117  0.79   0.384]]
    """
    pairs = zip(sizes[:-1], sizes[1:], strict=True)
    rng = np.random.RandomState(seed)
    return Network([rng.randn(n_i + biases, n_j) * scale for n_i, n_j in pairs], biases)


@checks.takes(
    sizes=checks.SIZES, r=(checks.POSITIVE, checks.FINITE_WIDTH), seed=checks.SEED,
    biases=checks.BOOLEAN,
)  # fmt: skip
def init_uniform(
    sizes: Sequence[int], *, r: float = 0.3, seed: int = 0, biases: bool = True
) -> Network:
    """Small random weights as in the paper's experiments: uniform in ``[-r, r]``.

    Examples:
        >>> net = init_uniform([6, 2, 1], r=0.3, seed=1)
        >>> [w.shape for w in net.w], bool(np.all(np.abs(net.w[0]) <= 0.3))
        ([(7, 2), (3, 1)], True)
    """
    pairs = zip(sizes[:-1], sizes[1:], strict=True)
    rng = np.random.default_rng(seed)
    return Network([rng.uniform(-r, r, (n_i + biases, n_j)) for n_i, n_j in pairs], biases)
