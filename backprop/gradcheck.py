"""Checking the backward pass against the definition of a derivative.

For every weight ``w``, the central difference ``(E(w + h) - E(w - h)) / (2 h)`` is a
numeric estimate of ``dE/dw`` with an error of order ``h**2``. The check compares it with
what the backward pass computes, by the relative error ``|a - n| / max(|a|, |n|)``
(0 when both are 0), as in the CS231n notes on gradient checks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from backprop.network import Network, _check_positive, backward, error, forward

__all__ = ["GradientCheck", "check_gradients", "numeric_gradients", "relative_error"]

Backward = Callable[[Network, list[np.ndarray], np.ndarray], list[np.ndarray]]


def relative_error(a: np.ndarray, n: np.ndarray) -> np.ndarray:
    """``|a - n| / max(|a|, |n|)``, elementwise, and 0 where both are 0.

    Examples:
        >>> print(relative_error(np.array([1.0, 0.0, 2.0]), np.array([1.1, 0.0, -2.0])))
        [0.09090909 0.         2.        ]
    """
    scale = np.maximum(np.abs(a), np.abs(n))
    return np.divide(np.abs(a - n), scale, out=np.zeros_like(scale), where=scale > 0)


def numeric_gradients(
    net: Network, inputs: np.ndarray, d: np.ndarray, h: float = 1e-5
) -> list[np.ndarray]:
    """Central differences of ``E`` for every weight, bias weights included.

    The network is not changed: each weight is nudged in a copy.

    Examples:
        >>> from backprop import init_tutorial, xor
        >>> inputs, d = xor()
        >>> [g.shape for g in numeric_gradients(init_tutorial([2, 4, 1]), inputs, d)]
        [(2, 4), (4, 1)]
    """
    _check_positive("h", h)
    w = [w_l.copy() for w_l in net.w]
    nudged = Network(w, net.biases)
    numeric = []
    for w_l in w:
        g = np.zeros_like(w_l)
        for index in np.ndindex(w_l.shape):
            saved = w_l[index]
            w_l[index] = saved + h
            E_plus = error(forward(nudged, inputs)[-1], d)
            w_l[index] = saved - h
            E_minus = error(forward(nudged, inputs)[-1], d)
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

    def report(self, threshold: float = 1e-7) -> str:
        """One line: the worst relative error, where it is, and pass or FAIL.

        Examples:
            >>> check = GradientCheck([np.array([[1.0, 2.0]])], [np.array([[1.0, 2.5]])])
            >>> check.report()
            'worst relative error 2.0e-01 at w[0][0, 1] (analytic 2, numeric 2.5): FAIL'
        """
        worst, layer, (i, j) = self.worst
        a, n = self.analytic[layer][i, j], self.numeric[layer][i, j]
        verdict = "pass" if worst < threshold else "FAIL"
        return (
            f"worst relative error {worst:.1e} at w[{layer}][{i}, {j}] "
            f"(analytic {a:.6g}, numeric {n:.6g}): {verdict}"
        )


def check_gradients(
    net: Network,
    inputs: np.ndarray,
    d: np.ndarray,
    *,
    h: float = 1e-5,
    backward: Backward = backward,
) -> GradientCheck:
    """Compare the backward pass with central differences of ``E`` for every weight.

    Args:
        net: The network to check (not changed).
        inputs: The cases, one per row.
        d: Their desired outputs.
        h: The step of the central difference.
        backward: The backward pass to check (the package's by default).

    Examples:
        >>> from backprop import init_tutorial, xor
        >>> inputs, d = xor()
        >>> check_gradients(init_tutorial([2, 4, 1]), inputs, d).worst[0] < 1e-7
        True
    """
    analytic = backward(net, forward(net, inputs), d)
    return GradientCheck(analytic, numeric_gradients(net, inputs, d, h))
