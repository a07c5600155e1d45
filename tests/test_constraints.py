"""Argument checks are tables: each public function declares argument -> constraint, the
command line's types are the same constraints, and train checks once, not at every sweep."""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import pkgutil

import numpy as np
import pytest

import backprop
from backprop import _checks as checks
from backprop import cli

# Public functions that take arguments but check them otherwise, and why.
CHECKED_OTHERWISE = {
    "backprop.network.sigmoid": "one check in its body: it runs at every layer of every sweep",
    "backprop.cli.main": "its table is its options, whose types are constraints (below)",
}


def public_callables() -> dict[str, object]:
    """Every name in the ``__all__`` of every public module of the package, if callable."""
    found = {}
    for info in pkgutil.iter_modules(backprop.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"backprop.{info.name}")
        for name in getattr(module, "__all__", []):
            value = getattr(module, name)
            if callable(value) and getattr(value, "__module__", None) == module.__name__:
                found[f"{module.__name__}.{name}"] = value
    return found


def test_every_public_function_that_takes_arguments_declares_a_table_of_all_of_them() -> None:
    functions = {
        name: f
        for name, f in public_callables().items()
        if inspect.isfunction(f) and inspect.signature(f).parameters
    }
    assert len(functions) > len(CHECKED_OTHERWISE)  # found by introspection, not listed here
    undeclared = {
        name: sorted(inspect.signature(f).parameters)
        for name, f in functions.items()
        if name not in CHECKED_OTHERWISE
        and set(getattr(f, "constraints", {})) != set(inspect.signature(f).parameters)
    }
    assert undeclared == {}
    assert all(not hasattr(functions[name], "constraints") for name in CHECKED_OTHERWISE)


def test_a_network_checks_each_of_its_fields_by_its_own_table() -> None:
    fields = [field.name for field in dataclasses.fields(backprop.Network)]
    assert sorted(backprop.Network.constraints) == sorted(fields)
    with pytest.raises(ValueError, match="biases must be True or False, got 'no'"):
        backprop.Network([np.zeros((2, 1))], biases="no")


@pytest.mark.parametrize(
    "name", ["forward", "error", "backward", "numeric_gradients", "mean_squared_error"]
)
def test_an_equation_function_keeps_its_bare_self_as_unchecked(name: str) -> None:
    f = getattr(backprop, name)
    assert f.unchecked is f.__wrapped__ and not hasattr(f.unchecked, "constraints")


def test_train_checks_its_arguments_once_and_never_the_equations_at_a_sweep(monkeypatch) -> None:
    calls = {"train": 0, "forward": 0, "error": 0, "backward": 0}

    def counted(key: str, check: checks.Check) -> checks.Check:
        def counting(name: str, value: object, args: object = None) -> object:
            calls[key] += 1
            return check(name, value, args)

        return counting

    monkeypatch.setitem(backprop.train.constraints, "sweeps", counted("train", checks.WHOLE))
    equations = [(backprop.forward, "net"), (backprop.error, "y"), (backprop.backward, "ys")]
    for f, argument in equations:
        constraint = f.constraints[argument]
        monkeypatch.setitem(f.constraints, argument, counted(f.__name__, constraint))
    backprop.train(backprop.init_tutorial([2, 3, 1]), *backprop.xor(), epsilon=0.5, sweeps=50)
    assert calls == {"train": 1, "forward": 0, "error": 0, "backward": 0}


def test_the_command_lines_types_are_the_constraints_train_declares() -> None:
    types = {action.dest: action.type for action in cli._parser()._actions}
    table = backprop.train.constraints
    assert types["sweeps"].check is table["sweeps"]
    assert types["epsilon"].check is table["epsilon"].each is checks.POSITIVE
    assert types["alpha"].check is table["alpha"].each is checks.FRACTION
    assert types["hidden"].check is types["print_every"].check is checks.WHOLE


@pytest.mark.parametrize(
    ("flag", "argument", "text", "value"),
    [
        ("--sweeps", "sweeps", "0", 0),
        ("--epsilon", "epsilon", "-1", -1),
        ("--alpha", "decay", "1", 1),
    ],
)
def test_a_bad_option_is_refused_in_the_words_train_refuses_it_in(
    flag: str, argument: str, text: str, value: object, capsys
) -> None:
    settings = {"epsilon": 0.5, "sweeps": 2, argument: value}
    with pytest.raises(ValueError) as refused:
        backprop.train(backprop.init_tutorial([2, 3, 1]), *backprop.xor(), **settings)
    with pytest.raises(SystemExit):
        cli.main([flag, text])
    said = capsys.readouterr().err.strip().split(": ")[-1]  # after "backprop: error: argument --x"
    # One constraint, one wording; alone on the command line, a bound gets its noun.
    said = said.replace(repr(text), repr(value)).replace("a number in", "in")
    assert str(refused.value) == f"{argument} {said}"


def test_a_table_is_checked_in_its_order_and_gives_the_checked_values() -> None:
    args = checks.validate(
        {"sweeps": checks.WHOLE, "epsilon": checks.PerSweep(checks.POSITIVE)},
        {"sweeps": np.int64(3), "epsilon": [0.5, 0.25, 0.125]},
    )
    assert type(args["sweeps"]) is int and args["epsilon"](2) == 0.125
    with pytest.raises(ValueError, match=r"epsilon must be a number or one value per sweep \(2\)"):
        checks.validate(
            {"sweeps": checks.WHOLE, "epsilon": checks.PerSweep(checks.POSITIVE)},
            {"sweeps": 2, "epsilon": [0.5, 0.25, 0.125]},
        )
