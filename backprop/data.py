"""The tutorial's task, as an (inputs, d) pair: one row per case, and the tutorial's settings.

The paper's experiments keep their own data: `backprop.mirror`, `backprop.family`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["TUTORIAL", "Tutorial", "xor"]


@dataclass(frozen=True)
class Tutorial:
    """The source tutorial's run, in one place: the command line's defaults, the figures,
    the playground's starting values and the tests all read `TUTORIAL`. A page that shows
    one of these numbers in its code (``epsilon=0.5`` teaches) is held to it by a test.

    Attributes:
        sizes: Units per layer, the inputs first: 2 inputs, 4 hidden units, 1 output.
        seed: The seed of NumPy's legacy stream (``np.random.seed(42)``).
        scale: Starting weights are ``randn(n_i, n_j) * scale``.
        epsilon: The learning rate.
        sweeps: Weight changes: steps 0 to 10,000.
        print_every: Sweeps between progress lines.

    Examples:
        >>> TUTORIAL.sizes, TUTORIAL.epsilon, TUTORIAL.sweeps
        ((2, 4, 1), 0.5, 10001)
    """

    sizes: tuple[int, ...] = (2, 4, 1)
    seed: int = 42
    scale: float = 0.5
    epsilon: float = 0.5
    sweeps: int = 10_001
    print_every: int = 2000


TUTORIAL = Tutorial()
"""The tutorial's settings."""


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
