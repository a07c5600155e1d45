"""Hostile arguments to every public function, and hostile argument lists to the command line.

The contract: a call either returns finite results of the documented shapes, or raises
``ValueError`` (or the documented ``FloatingPointError``) whose message names the argument
that was wrong. Never a raw NumPy or Python error from deep inside, never NaN passed on as
a result. Two functions are elementwise arithmetic by design and keep NumPy's rule for a
non-finite argument: ``sigmoid`` gives NaN for NaN, and ``relative_error`` gives inf where
either side is not finite (so that a gradient check can never pass it).

The command line exits 0 or 2, with at most one line on stderr.

300 examples per property under CI=true (tests/conftest.py loads the profile), 60 otherwise.
"""

from __future__ import annotations

import contextlib
import io
import math
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import backprop
from backprop import digits, experiments, family, mirror
from backprop.cli import main, prediction_lines
from backprop.gradcheck import GradientCheck

XOR = backprop.xor()

# Values that no argument expects, and a few it does (small whole numbers, floats).
HOSTILE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.sampled_from([2**64, 10**30, -(2**63)]),
    st.floats(allow_nan=True, allow_infinity=True, width=64),
    st.text(max_size=4),
    st.lists(st.integers(-2, 4), max_size=4),
    st.complex_numbers(max_magnitude=4, allow_nan=False),
    st.builds(np.float32, st.floats(-2, 2, width=32)),
    st.builds(np.int64, st.integers(-2, 4)),
    *(  # NaN and inf among the floats, empty and 0-D arrays among the shapes
        hnp.arrays(dtype, hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4))
        for dtype in (np.float64, np.float32, np.complex128, np.bool_)
    ),
    hnp.arrays(  # small whole numbers: a valid size or seed must not mean hours of work
        np.int64,
        hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4),
        elements=st.integers(-3, 6),
    ),
    st.builds(object),
)


def finite(result: object) -> bool:
    """Every number in a result is finite (arrays, networks, lists, dicts, runs...)."""
    if isinstance(result, np.ndarray):
        return result.dtype.kind not in "fc" or bool(np.all(np.isfinite(result)))
    if isinstance(result, float | np.floating):
        return math.isfinite(result)
    if isinstance(result, backprop.Network):
        return finite(result.w)
    if isinstance(result, experiments.Runs):
        return finite(result.net) and finite(result.E)
    if isinstance(result, GradientCheck):
        return finite(result.analytic) and finite(result.numeric)
    if isinstance(result, list | tuple | set | frozenset):
        return all(finite(r) for r in result)
    if isinstance(result, dict):
        return all(finite(v) for v in result.values())
    return True


def obeys_the_contract(
    call: Callable[[], object], name: str, nan_in_nan_out: bool, infinite: bool = False
) -> None:
    """Finite, or a ValueError naming the argument; NaN in gives NaN out for an elementwise
    function; ``infinite``: +inf is the documented answer (and NaN or -inf still fail)."""
    try:
        result = call()
    except (ValueError, FloatingPointError) as e:
        assert name in str(e), f"the error does not name {name!r}: {e}"
        return
    if infinite:
        E = np.asarray(result, dtype=float)
        assert np.all(np.isfinite(E) | np.isposinf(E)), f"with {name} given: {result!r}"
    elif not nan_in_nan_out:
        assert finite(result), f"a non-finite result with {name} given: {result!r}"


def certain_and_wrong(y: object, d: object) -> bool:
    """An output of exactly 0 or 1 on the wrong side of its target: `cross_entropy`
    documents ``inf`` for it (-ln 0), the error of a certain, wrong answer."""
    if not (isinstance(y, np.ndarray) and isinstance(d, np.ndarray) and y.shape == d.shape):
        return False
    with np.errstate(invalid="ignore"):
        return bool(np.any(((y == 0) & (d != 0)) | ((y == 1) & (d != 1))))


def net() -> backprop.Network:
    return backprop.init_tutorial([2, 3, 1], seed=1)


def stack2() -> backprop.Network:
    return backprop.stack([backprop.init_tutorial([2, 2, 1], seed=s) for s in range(2)])


# Each public function with valid arguments; one of them at a time is made hostile.
CALLS: dict[str, tuple[Callable[..., object], Callable[[], dict[str, object]]]] = {
    "Network": (backprop.Network, lambda: {"w": net().w, "biases": False, "connections": None}),
    "sigmoid": (backprop.sigmoid, lambda: {"x": np.array([0.0, 1.0])}),
    "forward": (backprop.forward, lambda: {"net": net(), "inputs": XOR[0]}),
    "error": (backprop.error, lambda: {"y": XOR[1] * 0.5, "d": XOR[1]}),
    "cross_entropy": (backprop.cross_entropy, lambda: {"y": XOR[1] * 0.5 + 0.25, "d": XOR[1]}),
    "mean_squared_error": (backprop.mean_squared_error, lambda: {"y": XOR[1] * 0.5, "d": XOR[1]}),
    "backward": (
        backprop.backward,
        lambda: {
            "net": net(),
            "ys": backprop.forward(net(), XOR[0]),
            "d": XOR[1],
            "measure": "cross-entropy",
        },
    ),
    "train": (
        backprop.train,
        lambda: {
            "net": net(),
            "inputs": XOR[0],
            "d": XOR[1],
            "epsilon": 0.5,
            "sweeps": 3,
            "alpha": 0.5,
            "decay": 0.0,
            "print_every": None,
            "out": lambda line: None,
            "measure": "squared",
            "cases": 2,
        },
    ),
    "progress_line": (backprop.progress_line, lambda: {"step": 3, "loss": 0.25}),
    "init_tutorial": (
        backprop.init_tutorial,
        lambda: {"sizes": [2, 3, 1], "seed": 4, "scale": 0.5, "biases": True},
    ),
    "init_uniform": (
        backprop.init_uniform,
        lambda: {"sizes": [2, 3, 1], "seed": 4, "r": 0.3, "biases": True},
    ),
    "stack": (backprop.stack, lambda: {"nets": [net(), net()]}),
    "unstack": (backprop.unstack, lambda: {"net": stack2()}),
    "relative_error": (backprop.relative_error, lambda: {"a": np.ones(3), "n": np.ones(3) * 2}),
    "numeric_gradients": (
        backprop.numeric_gradients,
        lambda: {"net": net(), "inputs": XOR[0], "d": XOR[1], "h": 1e-5, "measure": "squared"},
    ),
    "check_gradients": (
        backprop.check_gradients,
        lambda: {
            "net": net(),
            "inputs": XOR[0],
            "d": XOR[1],
            "h": 1e-5,
            "backward": backprop.backward,
            "measure": "squared",
        },
    ),
    "solved": (experiments.solved, lambda: {"y": XOR[1], "d": XOR[1], "tolerance": 0.5}),
    "train_seeds": (
        experiments.train_seeds,
        lambda: {
            "network": lambda seed: backprop.init_tutorial([2, 2, 1], seed=seed),
            "seeds": [0, 1],
            "inputs": XOR[0],
            "d": XOR[1],
            "epsilon": 0.5,
            "sweeps": 3,
            "alpha": 0.0,
            "tolerances": (0.5, 0.2),
        },
    ),
    "diagnose": (
        experiments.diagnose,
        lambda: {"net": net(), "inputs": XOR[0], "d": XOR[1], "E": np.array([0.5, 0.4])},
    ),
    "mirror.cases": (mirror.cases, lambda: {"bits": 4}),
    "mirror.network": (mirror.network, lambda: {"seed": 3}),
    "mirror.settings": (mirror.settings, lambda: {"sweeps": 30}),
    "encode": (
        family.encode,
        lambda: {"keys": [("Colin", "aunt")], "answers": family.queries()},
    ),
    "family.network": (family.network, lambda: {"seed": 0, "r": 0.3}),
    "schedule": (family.schedule, lambda: {"sweeps": 30}),
    "split_runs": (family.split_runs, lambda: {"seeds": [0, 1], "held_out": 4}),
    "accuracy": (
        family.accuracy,
        lambda: {"y": np.full((1, 2, 3), 0.7), "d": np.ones((1, 2, 3))},
    ),
    "digits.network": (digits.network, lambda: {"seed": 0, "hidden": 3, "r": 0.3}),
    "digits.accuracy": (
        digits.accuracy,
        lambda: {"y": np.full((1, 2, 3), 0.7), "d": np.eye(3)[[0, 2]][None]},
    ),
    "peer": (digits.peer, lambda: {"epsilon": 0.1, "sweeps": 2, "cases": 10, "hidden": 3}),
    "prediction_lines": (
        prediction_lines,
        lambda: {"inputs": XOR[0], "y": XOR[1] * 0.5, "d": XOR[1], "arrow": "->"},
    ),
}


@pytest.mark.parametrize("function", sorted(CALLS))
@given(data=st.data())
def test_every_public_function_returns_finite_results_or_names_the_bad_argument(
    function: str, data: st.DataObject
) -> None:
    f, valid = CALLS[function]
    kwargs = valid()
    name = data.draw(st.sampled_from(sorted(kwargs)), label="argument")
    kwargs[name] = data.draw(HOSTILE, label=name)
    elementwise = function in {"sigmoid", "relative_error"} and not finite(kwargs[name])
    infinite = function == "cross_entropy" and certain_and_wrong(kwargs["y"], kwargs["d"])
    obeys_the_contract(lambda: f(**kwargs), name, nan_in_nan_out=elementwise, infinite=infinite)


def test_every_public_function_is_fuzzed() -> None:
    public = (
        set(backprop.__all__)
        | set(experiments.__all__)
        | set(family.__all__)
        | set(digits.__all__)
        - {
            "PEOPLE",
            "RELATIONS",
        }
    )
    fuzzed = {name.removeprefix("family.").removeprefix("digits.") for name in CALLS} | {
        "split",  # takes no arguments
        "GradientCheck",  # a result, not an entry point
        "Runs",  # likewise
        "xor",  # takes no arguments
        "facts",
        "queries",
        "network",  # family.network is fuzzed; backprop has no other `network`
    }
    constants = {name for name in public if name.isupper()}  # TUTORIAL, PEOPLE...: data
    assert constants and public - constants <= fuzzed


FLAGS = ["--hidden", "--epsilon", "--learning-rate", "--sweeps", "--seed", "--biases",
         "--no-biases", "--alpha", "--momentum", "--print-every", "--bogus", "-h"]  # fmt: skip
VALUES = ["0", "-1", "1", "2", "3", "0.5", "1e6", "nan", "inf", "abc", "", "1" + "0" * 29,
          "99999999999999999999", "→", "--", "4.5"]  # fmt: skip


@given(st.lists(st.sampled_from(FLAGS) | st.sampled_from(VALUES), max_size=6))
def test_the_command_line_exits_0_or_2_with_at_most_one_line_on_stderr(args: list[str]) -> None:
    argv = ["--sweeps", "3", *args]  # a valid run stays short unless args change --sweeps
    if "--sweeps" in args:
        following = args[args.index("--sweeps") + 1 : args.index("--sweeps") + 2]
        if following and following[0].isdigit() and 3 < int(following[0]) < 10**6:
            return  # a valid long run: fine, but not what this test is for
    if "--hidden" in args:
        following = args[args.index("--hidden") + 1 : args.index("--hidden") + 2]
        if following and following[0].isdigit() and 3 < int(following[0]) < 10**6:
            return
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as e:
            status = e.code
    assert status in (0, 2), (argv, status, err.getvalue())
    assert err.getvalue().count("\n") <= 1, (argv, err.getvalue())
    if status == 2 and "-h" not in args:
        assert err.getvalue().startswith("backprop: error: ")


def test_a_certain_wrong_output_is_the_only_infinite_cross_entropy() -> None:
    d = XOR[1]
    assert certain_and_wrong(1 - d, d) and backprop.cross_entropy(1 - d, d) == np.inf
    assert not certain_and_wrong(d, d) and backprop.cross_entropy(d, d) == 0
    assert not certain_and_wrong(np.full_like(d, 0.5), d)
