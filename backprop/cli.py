"""The command line: train the tutorial's XOR network and print its trajectory.

It behaves like a Unix tool: a bad option prints one line, ``backprop: error: ...``, and
exits with status 2; a closed pipe (``backprop | head -2``) ends it quietly with status 0;
Ctrl-C prints one line saying where training was and exits with status 130; a console
that cannot show "→" gets "->". When the network does not solve XOR, a last line says why
(`backprop.experiments.diagnose`).
"""

from __future__ import annotations

import argparse
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


def _parser() -> argparse.ArgumentParser:
    """The options, their types made from the constraints `backprop.train` checks."""
    parser = _Parser(
        prog="backprop",
        description="Train a sigmoid network on XOR by back-propagation and print its progress "
        "in the source tutorial's format (the printed loss is the mean squared error).",
    )
    t, hidden = TUTORIAL, TUTORIAL.sizes[1]
    whole, rate = checks.command_line(checks.WHOLE), checks.command_line(checks.POSITIVE)
    parser.add_argument("--hidden", type=whole, default=hidden, help=f"hidden units ({hidden})")
    parser.add_argument(
        "--epsilon", "--learning-rate", type=rate, default=t.epsilon,
        help=f"learning rate ({t.epsilon:g})",
    )  # fmt: skip
    parser.add_argument(
        "--sweeps", type=whole, default=t.sweeps, help=f"weight changes ({t.sweeps})"
    )
    parser.add_argument("--seed", type=int, default=t.seed, help=f"legacy NumPy seed ({t.seed})")
    parser.add_argument(
        "--biases", action=argparse.BooleanOptionalAction, default=False, help="bias units (off)"
    )
    parser.add_argument(
        "--alpha", "--momentum", type=checks.command_line(checks.FRACTION), default=0.0,
        help="momentum (0)",
    )  # fmt: skip
    parser.add_argument(
        "--print-every", type=whole, default=t.print_every,
        help=f"sweeps between lines ({t.print_every})",
    )  # fmt: skip
    return parser


@checks.takes(
    inputs=checks.OUTPUTS, y=checks.UNIT_OUTPUTS,
    d=(*checks.UNIT_OUTPUTS, checks.LIKE_Y, checks.TWO_D), arrow=checks.ARROW,
)  # fmt: skip
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
    parser = _parser()
    args = parser.parse_args(argv)
    t = TUTORIAL
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
