"""The command line: train the tutorial's XOR network and print its trajectory.

A bad option prints one line, ``backprop: error: ...``, and exits with status 2.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence

import numpy as np

from backprop.data import xor
from backprop.network import forward, init_tutorial, train


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, no usage dump
        self.exit(2, f"{self.prog}: error: {message}\n")


def _whole(text: str) -> int:
    """A whole number >= 1, for argparse."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1, got {text!r}")
    return value


def _rate(text: str) -> float:
    """A finite number > 0, for argparse."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"must be a finite number > 0, got {text!r}")
    return value


def _momentum(text: str) -> float:
    """A number in [0, 1), for argparse."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 <= value < 1:
        raise argparse.ArgumentTypeError(f"must be a number in [0, 1), got {text!r}")
    return value


def prediction_lines(inputs: np.ndarray, y: np.ndarray, d: np.ndarray) -> list[str]:
    """One line per case in the tutorial's format.

    Examples:
        >>> inputs, d = xor()
        >>> for line in prediction_lines(inputs, np.full((4, 1), 0.5), d)[:2]:
        ...     print(line)
        Input [0 0] → Predicted: 0.500 | Correct: 0
        Input [0 1] → Predicted: 0.500 | Correct: 1
    """
    return [
        f"Input [{' '.join(f'{v:g}' for v in x)}] → Predicted: {p[0]:.3f} | Correct: {t[0]:g}"
        for x, p, t in zip(inputs, y, d, strict=True)
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    Examples:
        >>> main(["--sweeps", "3", "--print-every", "1"])
        Step     0 | Loss: 0.2557
        Step     1 | Loss: 0.2541
        Step     2 | Loss: 0.2529
        Input [0 0] → Predicted: 0.473 | Correct: 0
        Input [0 1] → Predicted: 0.460 | Correct: 1
        Input [1 0] → Predicted: 0.457 | Correct: 1
        Input [1 1] → Predicted: 0.446 | Correct: 0
        0
    """
    parser = _Parser(
        prog="backprop",
        description="Train a sigmoid network on XOR by back-propagation and print its progress "
        "in the source tutorial's format (the printed loss is the mean squared error).",
    )
    parser.add_argument("--hidden", type=_whole, default=4, help="hidden units (default 4)")
    parser.add_argument(
        "--epsilon", "--learning-rate", type=_rate, default=0.5, help="learning rate (0.5)"
    )
    parser.add_argument("--sweeps", type=_whole, default=10001, help="weight changes (10001)")
    parser.add_argument("--seed", type=int, default=42, help="legacy NumPy seed (42)")
    parser.add_argument(
        "--biases", action=argparse.BooleanOptionalAction, default=False, help="bias units (off)"
    )
    parser.add_argument("--alpha", "--momentum", type=_momentum, default=0.0, help="momentum (0)")
    parser.add_argument("--print-every", type=_whole, default=2000, help="sweeps between lines")
    args = parser.parse_args(argv)
    inputs, d = xor()
    try:
        net = init_tutorial([2, args.hidden, 1], seed=args.seed, biases=args.biases)
        net, _ = train(
            net,
            inputs,
            d,
            epsilon=args.epsilon,
            sweeps=args.sweeps,
            alpha=args.alpha,
            print_every=args.print_every,
        )
    except (ValueError, FloatingPointError) as e:
        parser.error(str(e))
    for line in prediction_lines(inputs, forward(net, inputs)[-1], d):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
