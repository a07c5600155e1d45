"""The tasks the site trains on, as (inputs, d) pairs: one row per case."""

from __future__ import annotations

import numpy as np

__all__ = ["xor"]


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
    if isinstance(bits, bool) or not isinstance(bits, int) or bits < 1:
        raise ValueError(f"bits must be a whole number >= 1, got {bits!r}")
    codes = np.arange(2**bits)
    inputs = ((codes[:, None] >> np.arange(bits - 1, -1, -1)) & 1).astype(float)
    d = np.all(inputs == inputs[:, ::-1], axis=1, keepdims=True).astype(float)
    return inputs, d
