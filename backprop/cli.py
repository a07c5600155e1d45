"""The command line: train the tutorial's XOR network and print its trajectory.

It behaves like a Unix tool: a bad option prints one line, ``backprop: error: ...``, and
exits with status 2; a closed pipe (``backprop | head -2``) ends it quietly with status 0;
Ctrl-C prints one line saying where training was and exits with status 130; a console
that cannot show "→" gets "->". When the network does not solve XOR, a last line says why
(`backprop.experiments.diagnose`).
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Sequence

import numpy as np

from backprop import _checks as checks
from backprop.data import TUTORIAL, xor
from backprop.experiments import diagnose, solved
from backprop.network import error, forward, init_tutorial, train

__all__ = ["main", "prediction_lines"]


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


def prediction_lines(
    inputs: np.ndarray, y: np.ndarray, d: np.ndarray, arrow: str = "→"
) -> list[str]:
    """One line per case in the tutorial's format.

    Examples:
        >>> inputs, d = xor()
        >>> for line in prediction_lines(inputs, np.full((4, 1), 0.5), d)[:2]:
        ...     print(line)
        Input [0 0] → Predicted: 0.500 | Correct: 0
        Input [0 1] → Predicted: 0.500 | Correct: 1
    """
    inputs = checks.outputs("inputs", inputs)
    y, d = checks.outputs("y", y, unit_range=True), checks.outputs("d", d, unit_range=True)
    checks.same_shape(y, d)
    if inputs.ndim != 2 or y.ndim != 2 or d.ndim != 2:
        raise ValueError(
            "inputs, y and d must be 2-D, one row per case; "
            f"got shapes {inputs.shape}, {y.shape}, {d.shape}"
        )
    if len(inputs) != len(y) or not isinstance(arrow, str):
        raise ValueError(f"inputs, y and d need one row per case, and arrow text; got {arrow!r}")
    return [
        f"Input [{' '.join(f'{v:g}' for v in x)}] {arrow} Predicted: {p[0]:.3f} | Correct: {t[0]:g}"
        for x, p, t in zip(inputs, y, d, strict=True)
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    Examples:
        >>> main(["--sweeps", "2001", "--print-every", "1000"])
        Step     0 | Loss: 0.2557
        Step  1000 | Loss: 0.2198
        Step  2000 | Loss: 0.0128
        Input [0 0] → Predicted: 0.129 | Correct: 0
        Input [0 1] → Predicted: 0.890 | Correct: 1
        Input [1 0] → Predicted: 0.889 | Correct: 1
        Input [1 1] → Predicted: 0.100 | Correct: 0
        0
    """
    parser = _Parser(
        prog="backprop",
        description="Train a sigmoid network on XOR by back-propagation and print its progress "
        "in the source tutorial's format (the printed loss is the mean squared error).",
    )
    t = TUTORIAL
    hidden = t.sizes[1]
    parser.add_argument("--hidden", type=_whole, default=hidden, help=f"hidden units ({hidden})")
    parser.add_argument(
        "--epsilon", "--learning-rate", type=_rate, default=t.epsilon,
        help=f"learning rate ({t.epsilon:g})",
    )  # fmt: skip
    parser.add_argument(
        "--sweeps", type=_whole, default=t.sweeps, help=f"weight changes ({t.sweeps})"
    )
    parser.add_argument("--seed", type=int, default=t.seed, help=f"legacy NumPy seed ({t.seed})")
    parser.add_argument(
        "--biases", action=argparse.BooleanOptionalAction, default=False, help="bias units (off)"
    )
    parser.add_argument("--alpha", "--momentum", type=_momentum, default=0.0, help="momentum (0)")
    parser.add_argument(
        "--print-every", type=_whole, default=t.print_every,
        help=f"sweeps between lines ({t.print_every})",
    )  # fmt: skip
    args = parser.parse_args(argv)
    inputs, d = xor()
    at: list = [0, None]  # the sweep training is at, and its outputs, for Ctrl-C

    def where(t: int, ys: list[np.ndarray]) -> None:
        at[:] = [t, ys]

    try:
        net = init_tutorial(
            [t.sizes[0], args.hidden, t.sizes[-1]], seed=args.seed, biases=args.biases
        )
        net, E = train(
            net,
            inputs,
            d,
            epsilon=args.epsilon,
            sweeps=args.sweeps,
            alpha=args.alpha,
            print_every=args.print_every,
            watch=where,
        )
        y = forward(net, inputs)[-1]
        for line in prediction_lines(inputs, y, d, arrow=_arrow()):
            print(line)
        if not solved(y, d, 0.5):
            print(diagnose(net, inputs, d, E))
        sys.stdout.flush()
    except (ValueError, FloatingPointError) as e:
        parser.error(str(e))
    except KeyboardInterrupt:
        E = "" if at[1] is None else f" (E = {float(error(at[1][-1], d)):.4f})"
        print(f"\nbackprop: interrupted at sweep {at[0]}{E}", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader has gone (backprop | head -2): stop quietly
        _quiet_stdout()
    return 0


def _arrow() -> str:
    """The tutorial's "→", or "->" where standard output cannot encode it."""
    try:
        "→".encode(sys.stdout.encoding or "utf-8")  # None: an in-memory stream
    except (UnicodeEncodeError, LookupError):
        return "->"
    return "→"


def _quiet_stdout() -> None:
    """Point standard output at the null device, so exiting does not fail on the flush."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real file descriptor (a test's buffer)
        pass


if __name__ == "__main__":
    sys.exit(main())
