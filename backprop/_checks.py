"""Input checks, kept apart so that ``network.py`` reads like the paper.

Every check raises ``ValueError`` with a message that names the argument and its value.
NumPy scalars and arrays are ordinary inputs: ``np.int64(3)`` is a whole number,
``np.float32(0.1)`` a number, ``np.array([2, 4, 1])`` a list of sizes.
"""

from __future__ import annotations

import functools
import math
import numbers
import os
from collections.abc import Callable, Iterable, Sequence

import numpy as np


def _show(value: object) -> str:
    """How a message shows a value: NumPy scalars as the Python numbers they hold."""
    return repr(value.item() if isinstance(value, np.generic) else value)


def whole(name: str, value: object, minimum: int = 1, maximum: int | None = None) -> int:
    """``value`` as an int, if it is a whole number (not a bool) in [minimum, maximum]."""
    ok = isinstance(value, numbers.Integral) and not isinstance(value, bool | np.bool_)
    if ok and int(value) >= minimum and (maximum is None or int(value) <= maximum):
        return int(value)
    bounds = f">= {minimum}" if maximum is None else f"in [{minimum}, {maximum}]"
    raise ValueError(f"{name} must be a whole number {bounds}, got {_show(value)}")


def number(name: str, value: object, *, low: float, high: float, closed: bool = False) -> float:
    """``value`` as a float, if it is a real number (not a bool) in (low, high) or [low, high)."""
    real = isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_)
    if real and math.isfinite(value) and (low <= value if closed else low < value) and value < high:
        return float(value)
    if high == math.inf:
        raise ValueError(f"{name} must be a finite number > {low:g}, got {_show(value)}")
    interval = f"{'[' if closed else '('}{low:g}, {high:g})"
    raise ValueError(f"{name} must be in {interval}, got {_show(value)}")


def positive(name: str, value: object) -> float:
    """A finite number > 0."""
    return number(name, value, low=0.0, high=math.inf)


def fraction(name: str, value: object) -> float:
    """A number in [0, 1): a momentum, a decay."""
    return number(name, value, low=0.0, high=1.0, closed=True)


def margin(value: object) -> float:
    """A number in [0, 0.5): how far inside 0 or 1 an output counts as right."""
    return number("margin", value, low=0.0, high=0.5, closed=True)


def seed(value: object, name: str = "seed") -> int:
    """A seed for NumPy's generators: a whole number in [0, 2**32)."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool | np.bool_):
        if 0 <= value < 2**32:
            return int(value)
    raise ValueError(f"{name} must be a whole number in [0, 2**32), got {_show(value)}")


def seeds(value: object) -> list[int]:
    """One or more seeds: a list, a range, an array or a generator of whole numbers."""
    if (
        isinstance(value, str | bytes | numbers.Number)
        or not isinstance(value, Iterable)
        or np.ndim(value) != 1
        and isinstance(value, np.ndarray)
    ):
        raise ValueError(f"seeds must be one or more whole numbers, got {_show(value)}")
    found = [seed(s, "seeds") for s in value]
    if not found:
        raise ValueError("seeds must name at least one run, got none")
    return found


def sizes(value: object) -> list[int]:
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


def per_sweep(
    name: str, value: object, sweeps: int, check: Callable[[str, object], float]
) -> Callable[[int], float]:
    """One value for every sweep, as a function of the sweep: a number, or ``sweeps`` numbers.

    A single number is not expanded into a list: a run of many sweeps costs no memory here.
    """
    if isinstance(value, numbers.Number) or np.ndim(value) == 0 and not isinstance(value, str):
        constant = check(name, value)
        return lambda t: constant
    if isinstance(value, str | bytes):
        raise ValueError(f"{name} must be a number or one value per sweep, got {value!r}")
    try:
        values = np.asarray(value)
    except (TypeError, ValueError):
        values = np.asarray(None)
    if values.dtype.kind not in "biuf":
        raise ValueError(f"{name} must be a number or one value per sweep, got {value!r}")
    values = values.astype(float)
    if values.shape != (sweeps,):
        raise ValueError(
            f"{name} must be a number or one value per sweep ({sweeps}), got shape {values.shape}"
        )
    for v in np.unique(values):
        check(name, float(v))
    return lambda t: float(values[t])


def fits_in_memory(name: str, value: int, nbytes: int, what: str = "the history of E") -> None:
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


def all_finite(name: str, a: np.ndarray) -> None:
    """Every entry of ``a`` finite; else name the first that is not."""
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{name} must be finite, got {_show(a[~np.isfinite(a)][0])} in it")


def in_unit_range(name: str, a: np.ndarray) -> None:
    """Every entry in [0, 1], as a logistic unit's output and its target are."""
    outside = a[(a < 0) | (a > 1)]
    if outside.size:
        raise ValueError(
            f"{name} must be in [0, 1] (a logistic unit's output never leaves it), "
            f"got {_show(outside[0])} in it"
        )


def _size(nbytes: float) -> str:
    for unit in ("bytes", "KB", "MB", "GB", "TB", "PB"):
        if nbytes < 1000 or unit == "PB":
            return f"{nbytes:.0f} {unit}" if unit == "bytes" else f"{nbytes:.1f} {unit}"
        nbytes /= 1000
    raise AssertionError


def weights(w: object, biases: object, connections: object) -> list[np.ndarray]:
    """A network's weight matrices, checked: real float arrays that fit together.

    Integer weights become float64; float32 and float64 stay as they are.
    """
    boolean("biases", biases)
    if not isinstance(w, Sequence) or isinstance(w, str | bytes) or len(w) == 0:
        raise ValueError(f"w must be a list of one or more weight matrices, got {w!r}")
    checked = []
    for layer, w_l in enumerate(w):
        if not isinstance(w_l, np.ndarray) or w_l.ndim not in (2, 3) or 0 in w_l.shape:
            shape = getattr(w_l, "shape", type(w_l).__name__)
            raise ValueError(
                f"w[{layer}] must be a 2-D array (or 3-D, for a stack of runs), got {shape}"
            )
        if w_l.dtype.kind in "biu":
            w_l = w_l.astype(float)
        elif w_l.dtype.kind != "f":
            raise ValueError(f"w[{layer}] must hold real numbers, got dtype {w_l.dtype}")
        checked.append(w_l)
    for layer, (below, above) in enumerate(zip(checked, checked[1:], strict=False)):
        if (
            below.shape[-1] + bool(biases) != above.shape[-2]
            or below.shape[:-2] != above.shape[:-2]
        ):
            rows = below.shape[-1] + bool(biases)
            raise ValueError(
                f"w[{layer}] has shape {below.shape} but w[{layer + 1}] has {above.shape}: "
                f"with biases={bool(biases)}, w[{layer + 1}] needs {rows} rows"
                + (" (the units below, and the bias unit)" if biases else "")
            )
    if connections is not None:
        if not isinstance(connections, Sequence) or len(connections) != len(checked):
            raise ValueError(
                f"connections must be one boolean matrix per weight matrix ({len(checked)}), "
                f"got {connections!r}"
            )
        for layer, (c, w_l) in enumerate(zip(connections, checked, strict=True)):
            if not isinstance(c, np.ndarray) or c.dtype != bool or c.shape != w_l.shape[-2:]:
                got = getattr(c, "shape", type(c).__name__), getattr(c, "dtype", "")
                raise ValueError(
                    f"connections[{layer}] must be a boolean array of shape {w_l.shape[-2:]}, "
                    f"got {got[0]} {got[1]}".rstrip()
                )
    return checked


def cases(name: str, a: object, columns: int, runs: tuple[int, ...]) -> np.ndarray:
    """Inputs or targets: finite real numbers, one row per case, one column per unit.

    A stack of ``runs`` networks also takes one set of cases per run (a leading run axis).
    """
    if not isinstance(a, np.ndarray) or a.dtype.kind not in "biuf":
        kind = getattr(a, "dtype", type(a).__name__)
        raise ValueError(f"{name} must be an array of real numbers, got {kind}")
    if a.ndim != 2 and not (runs and a.ndim == 3):
        allowed = "a 2-D array (cases, units)" + (
            f" or a 3-D one ({runs[0]} runs, cases, units)" if runs else ""
        )
        raise ValueError(f"{name} must be {allowed}, got shape {a.shape}")
    if a.ndim == 3 and a.shape[0] != runs[0]:
        raise ValueError(f"{name} has cases for {a.shape[0]} runs but the stack has {runs[0]}")
    if a.shape[-1] != columns:
        raise ValueError(
            f"{name} has {a.shape[-1]} columns but the network has {columns} units there "
            f"(shape {a.shape})"
        )
    if a.shape[-2] == 0:
        raise ValueError(f"{name} has no cases (shape {a.shape}): there is nothing to learn from")
    all_finite(name, a)
    return a.astype(float) if a.dtype.kind != "f" else a


def boolean(name: str, value: object) -> bool:
    """True or False (a NumPy bool too), nothing else."""
    if isinstance(value, bool | np.bool_):
        return bool(value)
    raise ValueError(f"{name} must be True or False, got {_show(value)}")


def same_shape(y: np.ndarray, d: np.ndarray) -> None:
    """Outputs and targets of one shape (no silent broadcasting of a column against a row)."""
    if np.shape(y)[-2:] != np.shape(d)[-2:]:
        raise ValueError(
            f"y has shape {np.shape(y)} but d has {np.shape(d)}: one row per case, "
            "one column per output unit, in both"
        )


def training(net, inputs: object, d: object, print_every: object) -> tuple[np.ndarray, np.ndarray]:  # noqa: ANN001
    """The cases and targets of a training run, checked against the network."""
    network(net)
    runs = net.w[0].shape[:-2]
    sizes = net.sizes
    inputs = cases("inputs", inputs, sizes[0], runs)
    d = cases("d", d, sizes[-1], runs)
    if inputs.shape[-2] != d.shape[-2]:
        raise ValueError(
            f"inputs has {inputs.shape[-2]} cases (rows) but d has {d.shape[-2]}; they must match"
        )
    in_unit_range("d", d)
    for layer, w in enumerate(net.w):
        all_finite(f"w[{layer}]", w)
    if print_every is not None:
        if runs:
            raise ValueError(f"print_every is for a single network, got a stack of {runs[0]}")
        whole("print_every", print_every)
    return inputs, d


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


def stackable(nets: Sequence) -> None:
    """Networks that can train as one stack: one shape, one bias setting, one set of
    connections (the first network's masks apply to every run)."""
    if isinstance(nets, str | bytes) or not isinstance(nets, Sequence) or len(nets) == 0:
        raise ValueError(f"stack needs one or more networks of one shape (nets), got {nets!r}")
    first = nets[0]
    for k, net in enumerate(nets):
        if not isinstance(net, _network_class()):
            raise ValueError(f"nets[{k}] must be a Network, got {type(net).__name__}")
        if [w.shape for w in net.w] != [w.shape for w in first.w] or net.biases != first.biases:
            raise ValueError(
                f"stack needs one or more networks of one shape: network {k} has sizes {net.sizes} "
                f"and biases={net.biases}, network 0 {first.sizes} and biases={first.biases}"
            )
        if (net.connections is None) != (first.connections is None) or (
            net.connections is not None
            and not all(
                np.array_equal(a, b)
                for a, b in zip(net.connections, first.connections, strict=True)
            )
        ):
            raise ValueError(f"stack needs networks with the same connections: network {k} differs")


def stacked(what: str, net) -> None:  # noqa: ANN001
    """A stack of networks (a leading run axis), not a single one."""
    network(net)
    if net.w[0].ndim != 3:
        raise ValueError(f"{what} needs a stack of networks (see stack), got a single network")


def single(what: str, net) -> None:  # noqa: ANN001
    """A single network, not a stack."""
    network(net)
    if net.w[0].ndim != 2:
        raise ValueError(f"{what} checks one network, got a stack of {net.w[0].shape[0]}")


def checked(check: Callable[..., None]) -> Callable[[Callable], Callable]:
    """Decorate an equation function so that a call from outside checks its arguments first.

    ``f.unchecked`` is the bare function: `backprop.train` checks its inputs once, then calls
    the equations unchecked at every sweep, where a check would cost a fifth of the time.
    """

    def decorate(f: Callable) -> Callable:
        @functools.wraps(f)
        def checked_f(*args: object, **kwargs: object) -> object:
            check(*args, **kwargs)
            return f(*args, **kwargs)

        checked_f.unchecked = f
        return checked_f

    return decorate


def _network_class() -> type:
    from backprop.network import Network  # here, not at the top: network.py imports this

    return Network


def network(net: object) -> None:
    """A Network (a stack of them, too)."""
    if not isinstance(net, _network_class()):
        raise ValueError(f"net must be a Network, got {type(net).__name__}")


def forward_args(net: object, inputs: object) -> None:
    network(net)
    cases("inputs", inputs, net.sizes[0], net.w[0].shape[:-2])


def outputs(name: str, a: object, unit_range: bool = False) -> np.ndarray:
    """Outputs or targets: finite real numbers, one row per case (2-D, or 3-D for runs);
    with ``unit_range``, every one in [0, 1], as a logistic unit's output and its target are."""
    if not isinstance(a, np.ndarray) or a.dtype.kind not in "biuf" or a.ndim < 2 or 0 in a.shape:
        shape = getattr(a, "shape", type(a).__name__)
        raise ValueError(f"{name} must be an array of real numbers, one row per case, got {shape}")
    all_finite(name, a)
    if unit_range:
        in_unit_range(name, a)
    return a


def error_args(y: object, d: object) -> None:
    outputs("y", y, unit_range=True)
    outputs("d", d, unit_range=True)
    same_shape(y, d)


def solved_args(y: object, d: object, tolerance: object) -> None:
    error_args(y, d)
    positive("tolerance", tolerance)


def gradient_check_args(what: str) -> Callable[..., None]:
    """The check of a gradient check's arguments: h, one network, its cases and targets."""

    def check(net: object, inputs: object, d: object, h: object = 1e-5, **_: object) -> None:
        positive("h", h)
        single(what, net)
        training(net, inputs, d, None)

    return check


def history_values(name: str, E: object) -> np.ndarray:
    """A history of E: one or more finite numbers >= 0, one per sweep."""
    if not isinstance(E, np.ndarray) or E.dtype.kind not in "biuf" or E.ndim != 1 or not len(E):
        raise ValueError(f"{name} must be the history of E from train (1-D), got {_show(E)}")
    if not np.all(np.isfinite(E)) or np.any(E < 0):
        raise ValueError(f"{name} must hold finite numbers >= 0, got {_show(E)}")
    return E


def sequence(name: str, value: object) -> list:
    """A list, tuple, range, 1-D array or generator, as a list."""
    if isinstance(value, str | bytes | numbers.Number) or (
        isinstance(value, np.ndarray) and value.ndim != 1
    ):
        raise ValueError(f"{name} must be a list, got {_show(value)}")
    try:
        return list(value)
    except TypeError:
        raise ValueError(f"{name} must be a list, got {_show(value)}") from None


def real_array(name: str, value: object) -> np.ndarray:
    """A number or an array of real numbers."""
    try:
        a = np.asarray(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be real numbers, got {_show(value)}") from None
    if a.dtype.kind not in "biuf":
        raise ValueError(f"{name} must be real numbers, got {_show(value)}")
    return a.astype(float)


def backward_args(net: object, ys: object, d: object) -> None:
    network(net)
    if not isinstance(ys, list) or len(ys) != len(net.w) + 1:
        raise ValueError(
            f"ys must be the list of every layer's outputs from forward ({len(net.w) + 1}), "
            f"got {type(ys).__name__} of length {len(ys) if isinstance(ys, list) else '?'}"
        )
    for layer, (y, n) in enumerate(zip(ys, net.sizes, strict=True)):
        outputs(f"ys[{layer}]", y)
        if y.shape[-1] != n:
            raise ValueError(f"ys[{layer}] has {y.shape[-1]} columns but that layer has {n} units")
    outputs("d", d)
    same_shape(ys[-1], d)


def made_network(network: object, seed: int):  # noqa: ANN201 - a Network
    """``network(seed)``, which must be a Network."""
    if not callable(network):
        raise ValueError(
            f"network must be a function that makes a Network for a seed, got {network!r}"
        )
    net = network(seed)
    if not isinstance(net, _network_class()):
        raise ValueError(f"network({seed}) must return a Network, got {type(net).__name__}")
    return net


def finite(name: str, value: object) -> float:
    """Any finite real number."""
    return number(name, value, low=-math.inf, high=math.inf)


def not_complex(name: str, x: object) -> None:
    if isinstance(x, complex) or getattr(getattr(x, "dtype", None), "kind", "") == "c":
        raise ValueError(f"{name} must be real numbers, got complex ones")


def init_args(
    sizes_: object, name: str, value: object, seed_: object, biases: object
) -> tuple[list[tuple[int, int]], float, int, bool]:
    """The checked arguments of an initialisation, with the sizes as (n_i, n_j) pairs."""
    found = sizes(sizes_)
    pairs = list(zip(found[:-1], found[1:], strict=True))
    return pairs, positive(name, value), seed(seed_), boolean("biases", biases)


def uniform_range(r: float) -> float:
    """A checked ``r`` for weights uniform in ``[-r, r]``: the width ``2 r`` must be finite."""
    if not math.isfinite(2 * r):
        raise ValueError(
            f"r must be at most {np.finfo(float).max / 2:.4g}, so that [-r, r] has a finite "
            f"width, got {r!r}"
        )
    return r


def train_args(
    net,
    inputs: object,
    d: object,
    epsilon: object,
    sweeps: object,
    alpha: object,  # noqa: ANN001
    decay: object,
    print_every: object,
) -> tuple[int, Callable[[int], float], Callable[[int], float], float, np.ndarray, np.ndarray]:
    """Everything `backprop.train` is given, checked once before the first sweep."""
    sweeps = whole("sweeps", sweeps)
    epsilon_at = per_sweep("epsilon", epsilon, sweeps, positive)
    alpha_at = per_sweep("alpha (momentum)", alpha, sweeps, fraction)
    decay = fraction("decay", decay)
    inputs, d = training(net, inputs, d, print_every)
    return sweeps, epsilon_at, alpha_at, decay, inputs, d


def diverged(E: np.ndarray, t: int) -> str:
    """What to say when E stops being finite at sweep t."""
    if np.ndim(E) == 0:
        return f"E is {E} at sweep {t}: the run diverged; lower epsilon"
    runs = np.flatnonzero(~np.isfinite(E)).tolist()
    return f"E is not finite at sweep {t} in runs {runs}: they diverged; lower epsilon"
