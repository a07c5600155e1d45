"""Backpropagation from scratch in NumPy, after Rumelhart, Hinton & Williams (1986)."""

from backprop.data import TUTORIAL, xor
from backprop.gradcheck import GradientCheck, check_gradients, numeric_gradients, relative_error
from backprop.network import (
    Network,
    backward,
    cross_entropy,
    error,
    forward,
    init_tutorial,
    init_uniform,
    mean_squared_error,
    progress_line,
    sigmoid,
    stack,
    train,
    unstack,
)

__all__ = [
    "TUTORIAL",
    "GradientCheck",
    "check_gradients",
    "numeric_gradients",
    "relative_error",
    "Network",
    "backward",
    "cross_entropy",
    "error",
    "forward",
    "init_tutorial",
    "init_uniform",
    "mean_squared_error",
    "progress_line",
    "sigmoid",
    "stack",
    "train",
    "unstack",
    "xor",
]
