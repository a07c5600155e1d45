"""The tutorial's task, as an (inputs, d) pair: one row per case.

The paper's experiments keep their own data: `backprop.mirror`, `backprop.family`.
"""

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
