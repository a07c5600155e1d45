"""Checking the backward pass against the definition of a derivative.

For every weight ``w``, the central difference ``(E(w + h) - E(w - h)) / (2 h)`` is a
numeric estimate of ``dE/dw`` with an error of order ``h**2``. The check compares it with
what the backward pass computes, by the relative error ``|a - n| / max(|a|, |n|)``
(0 when both are 0), and judges the worst one by three zones, as in the CS231n notes on
gradient checks (``AGREE`` and ``WRONG`` below).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from backprop import _checks as checks
from backprop.network import MEASURES, Network, backward, forward

__all__ = [
    "AGREE",
    "WRONG",
    "GradientCheck",
    "check_gradients",
    "numeric_gradients",
    "relative_error",
    "zone",
]

# The three zones of a relative error. Below AGREE the backward pass is right: for a smooth
# E in float64, a central difference with h = 1e-5 agrees with a correct gradient far more
# closely. Above WRONG it is wrong: a bug gives errors of order 1. In between, look closer:
# a correct gradient lands there with a large h, with rounding (a tiny h, float32), or at
# a kink in E; so can a bug that touches few weights.
AGREE = 1e-7
"""Below this relative error the gradients agree: ``"pass"``."""
WRONG = 1e-4
"""Above this relative error the gradient is wrong: ``"FAIL"``; in between, ``"look closer"``."""

_package = backward  # check_gradients' default: the package's own backward pass
Backward = Callable[[Network, list[np.ndarray], np.ndarray], list[np.ndarray]]


@checks.takes(a=checks.REAL_ARRAY, n=(checks.REAL_ARRAY, checks.ONE_SHAPE))
def relative_error(a: np.ndarray, n: np.ndarray) -> np.ndarray:
    """``|a - n| / max(|a|, |n|)``, elementwise; 0 where both are 0, inf where either is
    not finite (a NaN or an infinite gradient can never agree with anything).

    Examples:
        >>> print(relative_error(np.array([1.0, 0.0, 2.0]), np.array([1.1, 0.0, -2.0])))
        [0.09090909 0.         2.        ]
        >>> print(relative_error(np.array([np.nan, np.inf]), np.array([1.0, np.inf])))
        [inf inf]
    """
    finite = np.isfinite(a) & np.isfinite(n)
    a, n = np.where(finite, a, 0.0), np.where(finite, n, 0.0)
    scale = np.maximum(np.abs(a), np.abs(n))
    ratio = np.divide(np.abs(a - n), scale, out=np.zeros_like(scale), where=scale > 0)
    return np.where(finite, ratio, np.inf)


@checks.takes(relative=checks.RELATIVE)
def zone(relative: float) -> str:
    """``"pass"`` below ``AGREE``, ``"look closer"`` up to ``WRONG``, ``"FAIL"`` above it
    (or for NaN: a gradient that is not a number agrees with nothing).

    Examples:
        >>> [zone(e) for e in [3e-9, 1.6e-7, 0.2, float("nan")]]
        ['pass', 'look closer', 'FAIL', 'FAIL']
    """
    if relative < AGREE:
        return "pass"
    return "look closer" if relative <= WRONG else "FAIL"


@checks.takes(
    h=checks.POSITIVE, net=checks.Net(single="numeric_gradients", finite=True),
    inputs=checks.CASES, d=checks.TARGETS, measure=checks.one_of(MEASURES),
)  # fmt: skip
def numeric_gradients(
    net: Network, inputs: np.ndarray, d: np.ndarray, h: float = 1e-5, measure: str = "squared"
) -> list[np.ndarray]:
    """Central differences of ``E`` for every weight, bias weights included.

    The network is not changed: each weight is nudged in a copy. ``E`` is the squared error
    (3), or with ``measure="cross-entropy"`` the `backprop.cross_entropy`.

    Examples:
        >>> from backprop import init_tutorial, xor
        >>> inputs, d = xor()
        >>> [g.shape for g in numeric_gradients(init_tutorial([2, 4, 1]), inputs, d)]
        [(2, 4), (4, 1)]
    """
    w = [w_l.copy() for w_l in net.w]
    nudged = Network(w, net.biases)
    error = MEASURES[measure]
    numeric = []
    for w_l in w:
        g = np.zeros_like(w_l)
        for index in np.ndindex(w_l.shape):
            saved = w_l[index]
            w_l[index] = saved + h
            E_plus = error.unchecked(forward.unchecked(nudged, inputs)[-1], d)
            w_l[index] = saved - h
            E_minus = error.unchecked(forward.unchecked(nudged, inputs)[-1], d)
            w_l[index] = saved
            g[index] = (E_plus - E_minus) / (2 * h)
        numeric.append(g)
    return numeric


@dataclass
class GradientCheck:
    """Analytic and numeric ``dE/dw`` side by side, and where they differ most.

    Attributes:
        analytic: ``dE_dw`` from the backward pass, one array per weight matrix.
        numeric: The central differences, in the same shapes.
    """

    analytic: list[np.ndarray]
    numeric: list[np.ndarray]

    @property
    def errors(self) -> list[np.ndarray]:
        """The relative error of every weight."""
        return [relative_error(a, n) for a, n in zip(self.analytic, self.numeric, strict=True)]

    @property
    def worst(self) -> tuple[float, int, tuple[int, ...]]:
        """The largest relative error, its layer (index into ``net.w``) and its ``(i, j)``."""
        layer = int(np.argmax([e.max() for e in self.errors]))
        index = np.unravel_index(np.argmax(self.errors[layer]), self.errors[layer].shape)
        where = tuple(int(k) for k in index)
        return float(self.errors[layer][where]), layer, where

    @property
    def not_finite(self) -> tuple[str, int, tuple[int, ...]] | None:
        """The first weight whose analytic or numeric gradient is NaN or infinite, if any:
        ``("analytic" or "numeric", layer, (i, j))``."""
        for layer, (a, n) in enumerate(zip(self.analytic, self.numeric, strict=True)):
            for side, g in (("analytic", a), ("numeric", n)):
                bad = np.argwhere(~np.isfinite(g))
                if len(bad):
                    return side, layer, tuple(int(k) for k in bad[0])
        return None

    def verdict(self) -> str:
        """The zone of the worst relative error (``zone``); ``"FAIL"`` if any gradient is
        NaN or infinite."""
        return "FAIL" if self.not_finite is not None else zone(self.worst[0])

    def report(self) -> str:
        """One line: the worst relative error, where it is, and its zone.

        Examples:
            >>> check = GradientCheck([np.array([[1.0, 2.0]])], [np.array([[1.0, 2.5]])])
            >>> check.report()
            'worst relative error 2.0e-01 at w[0][0, 1] (analytic 2, numeric 2.5): FAIL'
            >>> GradientCheck([np.array([[1.0]])], [np.array([[1.00001]])]).report()
            'worst relative error 1.0e-05 at w[0][0, 0] (analytic 1, numeric 1.00001): look closer'
            >>> GradientCheck([np.array([[1.0, np.nan]])], [np.array([[1.0, 2.5]])]).report()
            'the analytic gradient is nan at w[0][0, 1] (numeric 2.5): FAIL'
        """
        if self.not_finite is not None:
            side, layer, (i, j) = self.not_finite
            other = "numeric" if side == "analytic" else "analytic"
            bad = (self.analytic if side == "analytic" else self.numeric)[layer][i, j]
            good = (self.numeric if side == "analytic" else self.analytic)[layer][i, j]
            return (
                f"the {side} gradient is {bad} at w[{layer}][{i}, {j}] ({other} {good:.6g}): FAIL"
            )
        worst, layer, (i, j) = self.worst
        a, n = self.analytic[layer][i, j], self.numeric[layer][i, j]
        return (
            f"worst relative error {worst:.1e} at w[{layer}][{i}, {j}] "
            f"(analytic {a:.6g}, numeric {n:.6g}): {self.verdict()}"
        )


@checks.takes(
    h=checks.POSITIVE, net=checks.Net(single="check_gradients", finite=True),
    inputs=checks.CASES, d=checks.TARGETS, backward=checks.BACKWARD,
    measure=checks.one_of(MEASURES),
)  # fmt: skip
def check_gradients(
    net: Network,
    inputs: np.ndarray,
    d: np.ndarray,
    *,
    h: float = 1e-5,
    backward: Backward | None = None,
    measure: str = "squared",
) -> GradientCheck:
    """Compare the backward pass with central differences of ``E`` for every weight.

    Args:
        net: The network to check (not changed).
        inputs: The cases, one per row.
        d: Their desired outputs.
        h: The step of the central difference.
        backward: The backward pass to check: a function ``backward(net, ys, d)`` that
            returns ``dE_dw``, a list of one array per weight matrix, each of that matrix's
            shape. None (the default) checks the package's own, for ``measure``.
        measure: The error ``E`` whose derivatives ``backward`` computes: ``"squared"``,
            the paper's (3), or ``"cross-entropy"`` (`backprop.cross_entropy`).

    Raises:
        ValueError: On bad arguments, and if ``backward`` returns anything but ``dE_dw``
            (the message says what it returned, and what was due). A NaN or an infinity in
            ``dE_dw`` is no error here: the check's verdict is ``"FAIL"``.

    Examples:
        >>> from backprop import init_tutorial, xor
        >>> inputs, d = xor()
        >>> check_gradients(init_tutorial([2, 4, 1]), inputs, d).worst[0] < 1e-7
        True

        A backward pass that forgets a layer is named for what it returns:

        >>> def top_layer_only(net, ys, d):
        ...     return backward(net, ys, d)[-1:]
        >>> try:
        ...     check_gradients(init_tutorial([2, 4, 1]), inputs, d, backward=top_layer_only)
        ... except ValueError as e:
        ...     print(e)
        backward returned 1 array; the net has 2 weight matrices
    """
    ys = forward.unchecked(net, inputs)
    analytic = _package(net, ys, d, measure) if backward is None else backward(net, ys, d)
    return GradientCheck(analytic, numeric_gradients.unchecked(net, inputs, d, h, measure))
