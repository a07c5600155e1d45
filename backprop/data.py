"""The tasks the site trains on, as (inputs, d) pairs: one row per case."""

from __future__ import annotations

import numpy as np

from backprop import _checks as checks

__all__ = ["xor", "mirror_symmetry"]


def xor() -> tuple[np.ndarray, np.ndarray]:
    """Exclusive or: the four binary input pairs and their desired outputs.

    Examples:
        >>> inputs, d = xor()
        >>> print(inputs.shape, d.ravel())
        (4, 2) [0. 1. 1. 0.]
    """
    inputs = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    d = np.array([[0.0], [1.0], [1.0], [0.0]])
    return inputs, d


def mirror_symmetry(bits: int = 6) -> tuple[np.ndarray, np.ndarray]:
    """All ``2**bits`` binary inputs; the target is 1 when the input reads the same both ways.

    Examples:
        >>> inputs, d = mirror_symmetry()
        >>> print(inputs.shape, int(d.sum()))
        (64, 6) 8
        >>> print(inputs[d[:, 0] == 1][:3])
        [[0. 0. 0. 0. 0. 0.]
         [0. 0. 1. 1. 0. 0.]
         [0. 1. 0. 0. 1. 0.]]
    """
    bits = checks.whole("bits", bits, 1, 20)  # 2**20 cases already fill 160 MB
    codes = np.arange(2**bits)
    inputs = ((codes[:, None] >> np.arange(bits - 1, -1, -1)) & 1).astype(float)
    d = np.all(inputs == inputs[:, ::-1], axis=1, keepdims=True).astype(float)
    return inputs, d
