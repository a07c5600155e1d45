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
