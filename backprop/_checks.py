"""Argument checks, kept apart so that ``network.py`` reads like the paper.

Each public function lists its checks as a table, argument -> constraint, in one decorator:
``@checks.takes(sweeps=WHOLE, epsilon=PerSweep(POSITIVE), ...)``. A constraint is called as
``check(name, value, args)`` and returns the value, converted (an int, a list, a float
array), or raises ``ValueError`` with a message that names the argument and its value; a
tuple of constraints applies each in turn. ``args`` holds the arguments, those above in the
table already checked: a constraint that depends on another argument (the cases, on the
network) comes after it. NumPy scalars and arrays are ordinary inputs: ``np.int64(3)`` is a
whole number, ``np.float32(0.1)`` a number, ``np.array([2, 4, 1])`` a list of sizes.
"""

from __future__ import annotations

import argparse
import functools
import inspect
import math
import numbers
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

Check = Callable[..., Any]  # check(name, value, args=None) -> the value, converted


def takes(**table: Check | tuple[Check, ...]) -> Callable[[Callable], Callable]:
    """Check a function's arguments against ``table`` at every call from outside.
    ``f.constraints`` is the table; ``f.unchecked`` the bare function: `backprop.train` checks
    once, then calls the equations unchecked at every sweep, where checks would cost a fifth."""

    def decorate(f: Callable) -> Callable:
        signature = inspect.signature(f)

        @functools.wraps(f)
        def checked_f(*args: object, **kwargs: object) -> object:
            try:
                bound = signature.bind(*args, **kwargs)
            except TypeError:  # a call f cannot take: Python says why, naming f
                return f(*args, **kwargs)
            bound.apply_defaults()
            validate(table, bound.arguments)
            return f(*bound.args, **bound.kwargs)

        checked_f.constraints, checked_f.unchecked = table, f
        return checked_f

    return decorate


def validate(table: dict[str, Check | tuple[Check, ...]], args: dict[str, Any]) -> dict:
    """``args`` checked against ``table``, in its order: each value replaced by its check's."""
    for name, checks in table.items():
        for check in checks if isinstance(checks, tuple) else (checks,):
            args[name] = check(name, args[name], args)
    return args


def _show(value: object) -> str:
    """How a message shows a value: NumPy scalars as the Python numbers they hold."""
    return repr(value.item() if isinstance(value, np.generic) else value)


@dataclass(frozen=True)
class Rule:
    """A constraint: the value, converted by ``then``, if ``test(value, args)``; else a
    ``ValueError`` saying ``says``, a template of ``name``, ``args``, the value as ``v`` and as
    ``shown`` (the way every message shows it), and its ``type`` name."""

    test: Callable[[Any, Any], Any]
    says: str
    then: Callable[[Any], Any] = lambda v: v

    def __call__(self, name: str, v: Any, args: object = None) -> Any:
        if self.test(v, args):
            return self.then(v)
        kind = type(v).__name__
        raise ValueError(self.says.format(name=name, args=args, v=v, shown=_show(v), type=kind))


def one_of(choices: Iterable[str]) -> Rule:
    """One of a few names (an error measure...), as given."""
    names = tuple(choices)
    listed = ", ".join(repr(n) for n in names)
    return Rule(
        lambda v, _: isinstance(v, str) and v in names,
        f"{{name}} must be one of {listed}, got {{shown}}",
    )


def CASES_PER_CHANGE(name: str, value: object, args: dict) -> int | None:
    """None (every case), or how many cases each change of the weights sums over, at most
    as many as there are (after ``inputs`` in the table)."""
    if value is None:
        return None
    cases = args["inputs"].shape[-2]
    return whole(1, cases, bounds=f"in [1, {cases}] (the cases there are), or None for all")(
        name, value
    )


def _bool(v: object) -> bool:
    return isinstance(v, bool | np.bool_)


def _real(v: object) -> bool:
    return isinstance(v, numbers.Real) and not _bool(v) and math.isfinite(v)


def whole(low: int = 1, high: float = math.inf, bounds: str = "") -> Rule:
    """A whole number (an int or a NumPy integer, not a bool) in [low, high], as an int."""
    bounds = bounds or (f">= {low}" if high == math.inf else f"in [{low}, {high}]")
    return Rule(
        lambda v, _: isinstance(v, numbers.Integral) and not _bool(v) and low <= v <= high,
        f"{{name}} must be a whole number {bounds}, got {{shown}}",
        int,
    )


def number(low: float, high: float = math.inf, closed: bool = False) -> Rule:
    """A finite real number (not a bool) in (low, high), or [low, high) if closed, as a float."""
    interval = f"{'[' if closed else '('}{low:g}, {high:g})"
    wants = f"a finite number > {low:g}" if high == math.inf else f"in {interval}"
    return Rule(
        lambda v, _: _real(v) and (low <= v if closed else low < v) and v < high,
        f"{{name}} must be {wants}, got {{shown}}",
        float,
    )


WHOLE = whole()
SEED = whole(0, 2**32 - 1, bounds="in [0, 2**32)")  # for NumPy's generators
POSITIVE = positive = number(0.0)  # (positive: per_sweep's check, by the name tests use)
FRACTION = number(0.0, 1.0, closed=True)  # a momentum, a decay
MARGIN = number(0.0, 0.5, closed=True)  # how far inside 0 or 1 an output counts as right
BOOLEAN = Rule(lambda v, _: _bool(v), "{name} must be True or False, got {shown}", bool)
ANY = Rule(lambda v, _: True, "")  # not checked here: used as given, or by the function it goes to


@dataclass(frozen=True)
class Each:
    """A list, tuple, range, 1-D array or generator (``kind``), as a list whose every item
    passes ``check``."""

    check: Check = ANY
    kind: str = "a list"

    def __call__(self, name: str, value: Any, args: object = None) -> list:
        ok = not isinstance(value, str | bytes | numbers.Number | np.ndarray) or np.ndim(value) == 1
        try:
            items = list(value) if ok else None
        except TypeError:
            items = None
        if items is None:
            raise ValueError(f"{name} must be {self.kind}, got {_show(value)}")
        return [self.check(name, item, args) for item in items]


SEEDS = (
    Each(SEED, "one or more whole numbers"),
    Rule(lambda v, _: v, "{name} must name at least one run, got none"),
)


def SIZES(name: str, value: Any, args: object = None) -> list[int]:
    """Layer sizes: a list (or 1-D array) of at least two whole numbers >= 1."""
    if isinstance(value, np.ndarray) and value.ndim == 1:
        value = value.tolist()
    if isinstance(value, str | bytes) or not isinstance(value, Sequence) or len(value) < 2:
        raise ValueError(f"sizes must list at least two layer sizes, got {value!r}")
    for n in value:
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
            raise ValueError(f"sizes must be whole numbers >= 1, got {n!r} in {list(value)!r}")
    found = [int(n) for n in value]
    weights = sum((n_i + 1) * n_j for n_i, n_j in zip(found, found[1:], strict=False))
    fits_in_memory("sizes", found, 8 * weights, "its weights")
    return found


def per_sweep(name: str, value: Any, sweeps: int, check: Check) -> Callable[[int], float]:
    """One value for every sweep, as a function of the sweep: a number, or ``sweeps`` numbers.

    A single number is not expanded into a list: a run of many sweeps costs no memory here.
    """
    if isinstance(value, numbers.Number) or np.ndim(value) == 0 and not isinstance(value, str):
        constant = check(name, value)
        return lambda t: constant
    try:
        values = np.asarray(value)
    except (TypeError, ValueError):
        values = np.asarray(None)
    if values.dtype.kind not in "biuf":  # text, too
        raise ValueError(f"{name} must be a number or one value per sweep, got {value!r}")
    if values.shape != (sweeps,):
        raise ValueError(
            f"{name} must be a number or one value per sweep ({sweeps}), got shape {values.shape}"
        )
    values = values.astype(float)
    for v in np.unique(values):
        check(name, float(v))
    return lambda t: float(values[t])


@dataclass(frozen=True)
class PerSweep:
    """A number that passes ``each``, or one per sweep (``sweeps``, above in the table), as
    a function of the sweep (`per_sweep`); messages call it ``label``, if given."""

    each: Check
    label: str = ""

    def __call__(self, name: str, value: object, args: dict) -> Callable[[int], float]:
        return per_sweep(self.label or name, value, args["sweeps"], self.each)


def FINITE(name: str, a: np.ndarray, args: object = None) -> np.ndarray:
    """Every entry of an array finite; else name the first that is not."""
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{name} must be finite, got {_show(a[~np.isfinite(a)][0])} in it")
    return a


def OUTPUTS(name: str, a: Any, args: object = None) -> np.ndarray:
    """Finite real numbers, one row per case (2-D, or 3-D for a stack of runs)."""
    if not isinstance(a, np.ndarray) or a.dtype.kind not in "biuf" or a.ndim < 2 or 0 in a.shape:
        shape = getattr(a, "shape", type(a).__name__)
        raise ValueError(f"{name} must be an array of real numbers, one row per case, got {shape}")
    return FINITE(name, a)


def UNIT_RANGE(name: str, a: np.ndarray, args: object = None) -> np.ndarray:
    """Every entry in [0, 1], as a logistic unit's output and its target are."""
    if (outside := a[(a < 0) | (a > 1)]).size:
        raise ValueError(
            f"{name} must be in [0, 1] (a logistic unit's output never leaves it), "
            f"got {_show(outside[0])} in it"
        )
    return a


def LIKE_Y(name: str, d: np.ndarray, args: dict) -> np.ndarray:
    """Targets of the shape of the outputs above in the table (``y``, or the last of ``ys``):
    no silent broadcasting of a column against a row."""
    y = args["y"] if "y" in args else args["ys"][-1]
    if np.shape(y)[-2:] != np.shape(d)[-2:]:
        raise ValueError(
            f"y has shape {np.shape(y)} but d has {np.shape(d)}: one row per case, "
            "one column per output unit, in both"
        )
    return d


UNIT_OUTPUTS = (OUTPUTS, UNIT_RANGE)


def _network() -> type:
    from backprop.network import Network  # here, not at the top: network.py imports this

    return Network


@dataclass(frozen=True)
class Net:
    """A Network (a stack of them, too). With ``single`` (the caller's name), one network, not
    a stack; with ``stack``, a stack; with ``finite``, finite weights (to train from)."""

    single: str = ""
    stack: str = ""
    finite: bool = False

    def __call__(self, name: str, net: Any, args: object = None) -> Any:
        if not isinstance(net, _network()):
            raise ValueError(f"{name} must be a Network, got {type(net).__name__}")
        if self.single and net.w[0].ndim != 2:
            raise ValueError(f"{self.single} checks one network, got a stack of {len(net.w[0])}")
        if self.stack and net.w[0].ndim != 3:
            raise ValueError(
                f"{self.stack} needs a stack of networks (see stack), got a single network"
            )
        for layer, w in enumerate(net.w if self.finite else []):
            FINITE(f"w[{layer}]", w)
        return net


NETWORK = Net()


def CASES(name: str, a: Any, args: dict) -> np.ndarray:
    """Cases for the network above in the table, as floats: ``inputs`` for its first layer,
    ``d`` for its last (as many as the inputs). Finite real numbers, one row per case, one
    column per unit; a stack of runs also takes a set of cases per run (a 3-D array)."""
    runs, columns = args["net"].w[0].shape[:-2], args["net"].sizes[0 if name == "inputs" else -1]
    if not isinstance(a, np.ndarray) or a.dtype.kind not in "biuf":
        kind = getattr(a, "dtype", type(a).__name__)
        raise ValueError(f"{name} must be an array of real numbers, got {kind}")
    if a.ndim != 2 and not (runs and a.ndim == 3):
        stack = f" or a 3-D one ({runs[0]} runs, cases, units)" if runs else ""
        raise ValueError(f"{name} must be a 2-D array (cases, units){stack}, got shape {a.shape}")
    if a.ndim == 3 and a.shape[0] != runs[0]:
        raise ValueError(f"{name} has cases for {a.shape[0]} runs but the stack has {runs[0]}")
    if a.shape[-1] != columns:
        raise ValueError(
            f"{name} has {a.shape[-1]} columns but the network has {columns} units there "
            f"(shape {a.shape})"
        )
    if a.shape[-2] == 0:
        raise ValueError(f"{name} has no cases (shape {a.shape}): there is nothing to learn from")
    FINITE(name, a)
    if name == "d" and (rows := args["inputs"].shape[-2]) != a.shape[-2]:
        raise ValueError(f"inputs has {rows} cases (rows) but d has {a.shape[-2]}; they must match")
    return a if a.dtype.kind == "f" else a.astype(float)


TARGETS = (CASES, UNIT_RANGE)


def PRINT_EVERY(name: str, value: object, args: dict) -> int | None:
    """None, or a whole number of sweeps between progress lines, for a single network."""
    if value is not None and args["net"].w[0].ndim != 2:
        raise ValueError(
            f"print_every is for a single network, got a stack of {len(args['net'].w[0])}"
        )
    return None if value is None else WHOLE(name, value)


def WEIGHTS(name: str, w: Any, args: dict) -> list[np.ndarray]:
    """A network's weight matrices, for the ``biases`` above in the table: real arrays that
    fit together. Integer weights become float64; float32 and float64 stay as they are."""
    if not isinstance(w, Sequence) or isinstance(w, str | bytes) or len(w) == 0:
        raise ValueError(f"w must be a list of one or more weight matrices, got {w!r}")
    for layer, w_l in enumerate(w):
        if not isinstance(w_l, np.ndarray) or w_l.ndim not in (2, 3) or 0 in w_l.shape:
            shape = getattr(w_l, "shape", type(w_l).__name__)
            raise ValueError(
                f"w[{layer}] must be a 2-D array (or 3-D, for a stack of runs), got {shape}"
            )
        if w_l.dtype.kind not in "biuf":
            raise ValueError(f"w[{layer}] must hold real numbers, got dtype {w_l.dtype}")
    w, biases = [w_l if w_l.dtype.kind == "f" else w_l.astype(float) for w_l in w], args["biases"]
    for layer, (below, above) in enumerate(zip(w, w[1:], strict=False)):
        rows = below.shape[-1] + biases
        if rows != above.shape[-2] or below.shape[:-2] != above.shape[:-2]:
            raise ValueError(
                f"w[{layer}] has shape {below.shape} but w[{layer + 1}] has {above.shape}: "
                f"with biases={biases}, w[{layer + 1}] needs {rows} rows"
                + (" (the units below, and the bias unit)" if biases else "")
            )
    return w


def CONNECTIONS(name: str, c: Any, args: dict) -> Any:
    """None, or one boolean matrix of the shape of each weight matrix above in the table."""
    w = args["w"]
    if c is not None and (not isinstance(c, Sequence) or len(c) != len(w)):
        raise ValueError(
            f"connections must be one boolean matrix per weight matrix ({len(w)}), got {c!r}"
        )
    for layer, (c_l, w_l) in enumerate(zip(c or [], w, strict=False)):
        if not isinstance(c_l, np.ndarray) or c_l.dtype != bool or c_l.shape != w_l.shape[-2:]:
            got = f"{getattr(c_l, 'shape', type(c_l).__name__)} {getattr(c_l, 'dtype', '')}"
            raise ValueError(
                f"connections[{layer}] must be a boolean array of shape {w_l.shape[-2:]}, "
                f"got {got.rstrip()}"
            )
    return c


def STACKABLE(name: str, nets: Any, args: object = None) -> Any:
    """Networks that can train as one stack: one shape, one bias setting, one set of
    connections (the first network's masks apply to every run)."""
    if isinstance(nets, str | bytes) or not isinstance(nets, Sequence) or len(nets) == 0:
        raise ValueError(f"stack needs one or more networks of one shape (nets), got {nets!r}")
    first = nets[0]
    for k, net in enumerate(nets):
        NETWORK(f"nets[{k}]", net)
        if [w.shape for w in net.w] != [w.shape for w in first.w] or net.biases != first.biases:
            raise ValueError(
                f"stack needs one or more networks of one shape: network {k} has sizes "
                f"{net.sizes} and biases={net.biases}, network 0 {first.sizes} and "
                f"biases={first.biases}"
            )
        masks = [net.connections, first.connections]
        if masks.count(None) == 1 or masks[0] is not None and not all(map(np.array_equal, *masks)):
            raise ValueError(f"stack needs networks with the same connections: network {k} differs")
    return nets


def LAYER_OUTPUTS(name: str, ys: Any, args: dict) -> list[np.ndarray]:
    """Every layer's outputs, from `forward`, for the network above in the table."""
    layers = len(args["net"].w) + 1
    if not isinstance(ys, list) or len(ys) != layers:
        raise ValueError(
            f"ys must be the list of every layer's outputs from forward ({layers}), "
            f"got {type(ys).__name__} of length {len(ys) if isinstance(ys, list) else '?'}"
        )
    for layer, (y, n) in enumerate(zip(ys, args["net"].sizes, strict=True)):
        if OUTPUTS(f"ys[{layer}]", y).shape[-1] != n:
            raise ValueError(f"ys[{layer}] has {y.shape[-1]} columns but that layer has {n} units")
    return ys


def MAKES_NETWORK(name: str, make: Any, args: object = None) -> Callable[[int], Any]:
    """A function that makes a Network for a seed; returned wrapped, to check what it makes."""
    if not callable(make):
        raise ValueError(
            f"network must be a function that makes a Network for a seed, got {make!r}"
        )

    def made(seed: int) -> Any:
        if not isinstance(net := make(seed), _network()):
            raise ValueError(f"network({seed}) must return a Network, got {type(net).__name__}")
        return net

    return made


def BACKWARD(name: str, backward: Any, args: object = None) -> Callable[..., list[np.ndarray]]:
    """A backward pass, ``backward(net, ys, d)``; returned wrapped, to check what it returns
    (`gradients`); None, the package's own, stays None."""
    if backward is None:
        return None
    if not callable(backward):
        raise ValueError(
            f"backward must be a function backward(net, ys, d) that returns ∂E/∂w, "
            f"got {_show(backward)}"
        )

    @functools.wraps(backward)
    def checked(net: Any, ys: list[np.ndarray], d: np.ndarray) -> list[np.ndarray]:
        return gradients(backward(net, ys, d), net)

    return checked


def _a(value: object) -> str:
    """What a message calls a value a backward pass returned: its kind, and its shape."""
    if value is None:
        return "None"
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape}"
    kind = type(value).__name__
    return f"{'an' if kind[0] in 'aeiou' else 'a'} {kind}"


def gradients(dE_dw: Any, net: Any) -> list[np.ndarray]:
    """What a backward pass returned, as a list, if it is ∂E/∂w for ``net``: one array of real
    numbers per weight matrix, each of that matrix's shape; else a ValueError that says which
    of these it is not. NaN and infinities pass here: the gradient check reports them, naming
    the weight (`GradientCheck.report`), and fails."""
    n = len(net.w)
    if not isinstance(dE_dw, list | tuple):
        raise ValueError(
            f"backward returned {_a(dE_dw)}; it must return a list of one array of ∂E/∂w "
            f"per weight matrix ({n} here)"
        )
    if len(dE_dw) != n:
        arrays = "array" if len(dE_dw) == 1 else "arrays"
        raise ValueError(
            f"backward returned {len(dE_dw)} {arrays}; the net has {n} weight matrices"
        )
    for layer, (g, w) in enumerate(zip(dE_dw, net.w, strict=True)):
        if not isinstance(g, np.ndarray):
            raise ValueError(
                f"backward returned {_a(g)} for w[{layer}]; ∂E/∂w for w[{layer}] is a NumPy "
                f"array of shape {w.shape}"
            )
        if g.dtype.kind not in "iuf":
            raise ValueError(
                f"backward returned an array of {g.dtype} for w[{layer}]; ∂E/∂w holds real numbers"
            )
        if g.shape != w.shape:
            raise ValueError(
                f"backward returned an array of shape {g.shape} for w[{layer}]; ∂E/∂w for "
                f"w[{layer}] has its shape, {w.shape}"
            )
    return list(dE_dw)


def REAL_ARRAY(name: str, value: object, args: object = None) -> np.ndarray:
    """A number or an array of real numbers, as floats."""
    try:
        a = np.asarray(value)
    except (TypeError, ValueError):
        a = np.asarray(None)
    if a.dtype.kind not in "biuf":
        raise ValueError(f"{name} must be real numbers, got {_show(value)}")
    return a.astype(float)


ONE_SHAPE = Rule(  # relative_error's n, after its a
    lambda v, args: all(
        p == q or 1 in (p, q) for p, q in zip(args["a"].shape[::-1], v.shape[::-1], strict=False)
    ),
    "a and n must have one shape, got {args[a].shape} and {v.shape}",
)
RELATIVE = (  # zone's
    Rule(
        lambda v, _: isinstance(v, int | float | np.number) and not isinstance(v, bool),
        "relative must be a relative error (a number), got {v!r}",
    ),
    Rule(lambda v, _: not v < 0, "relative must be >= 0 (a relative error), got {v!r}"),
)
HISTORY_OF_E = (
    Rule(
        lambda v, _: (
            isinstance(v, np.ndarray) and v.dtype.kind in "biuf" and v.ndim == 1 and len(v)
        ),
        "{name} must be the history of E from train (1-D), got {shown}",
    ),
    Rule(
        lambda v, _: np.all(np.isfinite(v)) and not np.any(v < 0),
        "{name} must hold finite numbers >= 0, got {shown}",
    ),
)
FINITE_WIDTH = Rule(  # init_uniform's r, after POSITIVE
    lambda v, _: math.isfinite(2 * v),
    f"r must be at most {np.finfo(float).max / 2:.4g}, so that [-r, r] has a finite width, "
    "got {v!r}",
)
ANSWERS = Rule(
    lambda v, _: isinstance(v, dict), "answers must be the dict that queries() returns, got {v!r}"
)
QUESTION = Rule(  # each of encode's keys, after its answers
    lambda v, args: (
        isinstance(v, tuple) and all(isinstance(k, str) for k in v) and v in args["answers"]
    ),
    "no question {v!r} in keys: a question is (person, relation) with an answer, "
    "e.g. ('Colin', 'aunt')",
)
TWO_D = Rule(  # prediction_lines's d, after inputs and y
    lambda v, args: args["inputs"].ndim == args["y"].ndim == v.ndim == 2,
    "inputs, y and d must be 2-D, one row per case; "
    "got shapes {args[inputs].shape}, {args[y].shape}, {v.shape}",
)
ARROW = Rule(  # prediction_lines's arrow, after inputs and y
    lambda v, args: len(args["inputs"]) == len(args["y"]) and isinstance(v, str),
    "inputs, y and d need one row per case, and arrow text; got {v!r}",
)


def not_complex(name: str, x: object) -> None:
    """Not complex numbers: sigmoid's check, in its body (it runs at every layer and sweep)."""
    if isinstance(x, complex) or getattr(getattr(x, "dtype", None), "kind", "") == "c":
        raise ValueError(f"{name} must be real numbers, got complex ones")


def fits_in_memory(name: str, value: object, nbytes: int, what: str = "the history of E") -> None:
    """Refuse an allocation larger than the machine's memory, saying how much it needs."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, OSError, ValueError):  # not POSIX: let NumPy try
        total = None
    if total is not None and nbytes > total:
        raise ValueError(
            f"{name}={value} needs {_size(nbytes)} of memory for {what} alone; "
            f"this machine has {_size(total)}"
        )


def _size(nbytes: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB", "TB", "PB"):
        if nbytes < 1000 or unit == "PB":
            return f"{nbytes:.0f} {unit}" if unit == "bytes" else f"{nbytes:.1f} {unit}"
        nbytes /= 1000
    raise AssertionError


def history(sweeps: int, runs: tuple[int, ...]) -> np.ndarray:
    """Room for E at every sweep (and run), refused up front if it cannot fit in memory."""
    nbytes = 8 * sweeps * math.prod(runs)
    fits_in_memory("sweeps", sweeps, nbytes)
    try:
        return np.empty((sweeps, *runs))
    except (MemoryError, ValueError, OverflowError):
        raise ValueError(
            f"sweeps={sweeps} needs {_size(nbytes)} of memory for the history of E alone"
        ) from None


def diverged(E: np.ndarray, t: int) -> str:
    """What to say when E stops being finite at sweep t."""
    if np.ndim(E) == 0:
        return f"E is {E} at sweep {t}: the run diverged; lower epsilon"
    runs = np.flatnonzero(~np.isfinite(E)).tolist()
    return f"E is not finite at sweep {t} in runs {runs}: they diverged; lower epsilon"


def command_line(check: Rule) -> Callable[[str], Any]:
    """An argparse ``type`` from a constraint: the text converted as the check converts (int,
    float), then checked; if either fails, the check's message about the text as typed (a bare
    interval gets its noun there: "must be a number in [0, 1)")."""

    def convert(text: str) -> Any:
        try:
            return check("", check.then(text))
        except ValueError:
            says = check.says.format(name="", shown=repr(text)).strip()
            raise argparse.ArgumentTypeError(says.replace("be in", "be a number in")) from None

    convert.check = check  # the constraint it came from
    return convert
