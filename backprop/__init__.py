"""Backpropagation from scratch in NumPy, after Rumelhart, Hinton & Williams (1986)."""

from backprop.data import xor
from backprop.network import (
    Network,
    backward,
    error,
    forward,
    init_tutorial,
    init_uniform,
    mean_squared_error,
    progress_line,
    sigmoid,
    train,
)

__all__ = [
    "Network",
    "backward",
    "error",
    "forward",
    "init_tutorial",
    "init_uniform",
    "mean_squared_error",
    "progress_line",
    "sigmoid",
    "train",
    "xor",
]
