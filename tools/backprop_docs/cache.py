"""Computed once per code version: long results kept on disk, keyed by all that makes them.

The site's figures and the pages' doctests train the same studies (100 starts of XOR at
five sizes, 100 starts of mirror symmetry, 20 family-trees runs). `cached` keeps a result
in ``.cache/studies/`` under a key made of

- the source of ``backprop/`` (and of this file): a change in the package recomputes all;
- the function, and the *content* of its arguments (arrays by their bytes, a network by its
  weights; for `train_seeds`, the starting network of every seed), so two callers that ask
  for the same study share one entry, whatever they named things;
- the machine: NumPy's version and the SIMD kernels it dispatches to in this process,
  OpenBLAS's core type, Python's version, the OS and the CPU architecture.

A prose edit reuses every entry; nothing else does. ``BACKPROP_CACHE=off`` turns the cache
off, ``BACKPROP_CACHE=DIR`` puts it elsewhere (CI starts from a clean clone: cold).

What it memoizes is listed in one place, `CACHED`: the package's functions that run long
studies, each with the wrapper that keys its calls. `install` routes them through the cache
while a page runs (the doctests, the build's run of a page for its figures); anything else
it keeps (figures, executed notebooks, marked pages) it is given by name to `lookup`.

Each computation is logged as it finishes (``mkdocs.plugins.backprop``: one INFO line with
the study and its time when it took a second or more, else a DEBUG line, like a cache hit),
so a long build says what it is doing.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib.util
import inspect
import logging
import os
import pickle
import platform
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from filelock import FileLock

from backprop_docs import verified

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "backprop"
DEFAULT = ROOT / ".cache" / "studies"
log = logging.getLogger("mkdocs.plugins.backprop")
counts = {"computed": 0, "cached": 0}  # lookups in this process, for a build's summary line
T = TypeVar("T")


def directory() -> Path | None:
    """Where entries live, or None when ``BACKPROP_CACHE=off``."""
    setting = os.environ.get("BACKPROP_CACHE", "")
    if setting.lower() in {"off", "0", "no", "false"}:
        return None
    return Path(setting) if setting else DEFAULT


def code_version() -> str:
    """A hash of the package's source and of this file."""
    sha = hashlib.sha256()
    for path in [*sorted(PACKAGE.rglob("*.py")), Path(__file__)]:
        sha.update(path.name.encode())
        sha.update(path.read_bytes().replace(b"\r\n", b"\n"))
    return sha.hexdigest()


@functools.cache
def _imported_version(package: Path) -> str:
    """`code_version()` when this process first looked something up: the code it runs.

    A long-lived process (``mkdocs serve``) does not re-import ``backprop`` when its source
    changes; its results then come from older code than the source on disk says, and must
    not be kept under the new source's key."""
    return code_version()


@functools.cache
def _defined(module_name: str) -> frozenset[str]:
    """The functions a module of the package defines at its top level, read from its source."""
    import ast

    source = Path(importlib.import_module(module_name).__file__).read_text("utf-8")
    return frozenset(
        node.name
        for node in ast.parse(source).body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    )


def modules() -> list[str]:
    """Every module of the package, found on disk (a module added later is covered too)."""
    import pkgutil

    import backprop

    found = [m.name for m in pkgutil.iter_modules(backprop.__path__)]
    return ["backprop"] + [f"backprop.{name}" for name in found if name != "__main__"]


def replaced() -> list[str]:
    """Functions of the package replaced at run time by code from elsewhere (a test's noisy
    sigmoid, say). The source hash cannot see them, so while there are any, nothing is
    cached: a result computed with them is not the package's. Every module of the package
    is looked at (`modules`), not a list kept by hand."""
    package = Path(importlib.import_module("backprop").__file__).resolve().parent
    found = []
    for name in modules():
        module = importlib.import_module(name)
        for attr in _defined(name):
            obj = getattr(module, attr, None)
            code = getattr(obj, "__code__", None)
            if code is not None and code.co_filename == __file__:  # our wrappers, below
                code = getattr(obj.__wrapped__, "__code__", None)
            if code is None or Path(code.co_filename).resolve().parent != package:
                found.append(f"{name}.{attr}")
    return found


def stale() -> bool:
    """Whether this process runs older code than ``backprop/`` on disk (``mkdocs serve``
    after an edit): its results are then not kept."""
    return code_version() != _imported_version(PACKAGE)


def keeps() -> bool:
    """Whether `lookup` keeps what it computes here: the cache is on, no function of the
    package is replaced, and this process runs the code on disk. A head start that only
    fills the cache (`pages.warm_side_by_side`, `notebooks.run_all`) is wasted otherwise."""
    return directory() is not None and not replaced() and not stale()


def machine() -> dict[str, str]:
    """What can change the last bits of a result on this machine, in this process."""
    _, features = verified.dispatch()
    enabled = sorted(k for k, on in features.items() if on)
    return {
        "numpy": np.__version__,
        "python": sys.version,
        "os": platform.system(),
        "architecture": platform.machine(),
        "kernels": ",".join(enabled),
        "openblas": os.environ.get("OPENBLAS_CORETYPE", ""),
        "disabled": os.environ.get("NPY_DISABLE_CPU_FEATURES", ""),
    }


def _feed(sha: Any, obj: object) -> None:
    """Hash the content of ``obj``: arrays by dtype, shape and bytes; containers by items."""
    if isinstance(obj, np.ndarray):
        sha.update(f"array {obj.dtype.str} {obj.shape}".encode())
        sha.update(np.ascontiguousarray(obj).tobytes())
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        sha.update(type(obj).__qualname__.encode())
        for f in dataclasses.fields(obj):
            sha.update(f.name.encode())
            _feed(sha, getattr(obj, f.name))
    elif isinstance(obj, dict):
        sha.update(b"dict")
        for k in sorted(obj, key=repr):
            _feed(sha, k)
            _feed(sha, obj[k])
    elif isinstance(obj, list | tuple | range):
        sha.update(f"{type(obj).__name__} {len(obj)}".encode())
        for item in obj:
            _feed(sha, item)
    elif obj is None or isinstance(obj, bool | int | float | str | np.generic):
        sha.update(f"{type(obj).__name__} {obj!r}".encode())
    else:
        raise TypeError(f"cannot key a cache entry by a {type(obj).__name__}: {obj!r}")


def key(name: str, *args: object, version: str | None = None, **kwargs: object) -> str:
    """The entry for calling the function ``name`` with these arguments, on this machine,
    with the package's source at ``version`` (by default, as it is on disk)."""
    sha = hashlib.sha256()
    _feed(sha, [version or code_version(), machine(), name, list(args), kwargs])
    return sha.hexdigest()


def entry(where: Path, name: str, *args: object, version: str, **kwargs: object) -> Path:
    """The file that keeps the result of calling ``name`` with these arguments (see `key`)."""
    return where / f"{key(name, *args, version=version, **kwargs)}.pickle"


def has(name: str, *args: object, **kw: object) -> bool:
    """Whether `lookup` would read this entry instead of computing it."""
    where = directory()
    if where is None or replaced() or stale():
        return False
    try:
        return entry(where, name, *args, version=code_version(), **kw).is_file()
    except TypeError:
        return False


def lookup(name: str, label: str, compute: Callable[[], T], *args: object, **kw: object) -> T:
    """``compute()``, or the result it gave before for the same key.

    Arguments that have no content key (a callable, an object of another type) mean no
    caching: ``compute()`` runs, and reports any problem with them as it always would.
    """
    where = directory()
    if where is None or replaced():
        return compute()
    version = code_version()
    if stale():
        start, result = time.perf_counter(), compute()
        log.info(
            "%s: computed (%.1f s) by the code this process imported, older than backprop/ "
            "on disk: not kept",
            label,
            time.perf_counter() - start,
        )
        counts["computed"] += 1
        return result
    try:
        path = entry(where, name, *args, version=version, **kw)
    except TypeError:
        return compute()
    start = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    # One process computes an entry; another that needs it meanwhile (a test worker, the
    # site build) waits for it instead of computing it again.
    with FileLock(path.with_suffix(".lock")):
        if path.is_file():
            with path.open("rb") as f:
                result = pickle.load(f)
            log.debug("%s: cached (%.2f s)", label, time.perf_counter() - start)
            counts["cached"] += 1
            return result
        result = compute()
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".part", delete=False) as f:
            pickle.dump(result, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(f.name, path)  # whole or absent, even if this process is killed
    seconds = time.perf_counter() - start
    log.log(level(seconds), "%s: computed (%.1f s)", label, seconds)
    counts["computed"] += 1
    return result


def level(seconds: float) -> int:
    """How loudly to log a computation: a step a reader waits for says so (INFO); a quick
    one (a figure drawn, a page's copy buttons marked) is only for DEBUG."""
    return logging.INFO if seconds >= 1 else logging.DEBUG


def _sizes(net: object) -> str:
    return str(getattr(net, "sizes", "?"))


def cached_train(train: Callable[..., T]) -> Callable[..., T]:
    """`backprop.train`, cached when nothing is printed or watched along the way."""

    @functools.wraps(train)
    def wrapper(*args: Any, **settings: Any) -> T:
        if {"print_every", "watch", "out"} & {k for k, v in settings.items() if v is not None}:
            return train(*args, **settings)
        compute = functools.partial(train, *args, **settings)
        arguments = _train_arguments(train, args, settings)
        if arguments is None:
            return compute()  # train says what is wrong
        return lookup("backprop.train", _train_label(args, settings), compute, **arguments)

    return wrapper


def _train_label(args: tuple, settings: dict) -> str:
    return f"train {_sizes(args[0]) if args else '?'}, {settings.get('sweeps')} sweeps"


def _train_arguments(train: Callable, args: tuple, settings: dict) -> dict | None:
    """What keys a `train` study: every argument by name, defaults filled in (decay=0.0
    spelled out or left out, one entry); None if train would refuse them."""
    try:
        bound = inspect.signature(train).bind(*args, **settings)
    except TypeError:
        return None
    bound.apply_defaults()
    return {k: v for k, v in bound.arguments.items() if k != "out"}  # it always prints


def study(network: Callable[[int], Any], seeds: list[int]) -> list | None:
    """What keys a `train_seeds` study besides its seeds and settings: the starting network
    of each seed (None if they cannot be made: then train_seeds says what is wrong)."""
    try:
        return [network(seed) for seed in seeds]
    except Exception:
        return None


def cached_train_seeds(train_seeds: Callable[..., T]) -> Callable[..., T]:
    """`backprop.experiments.train_seeds`, keyed by the starting network of every seed."""

    @functools.wraps(train_seeds)
    def wrapper(network: Callable[[int], Any], seeds: Iterable[int], *args: Any, **kw: Any) -> T:
        try:
            seeds = list(seeds)  # a generator is used up here: train_seeds gets the list
        except TypeError:
            return train_seeds(network, seeds, *args, **kw)
        starts = study(network, seeds)
        if starts is None:
            return train_seeds(network, seeds, *args, **kw)
        label = f"{len(seeds)} runs of {_sizes(starts[0]) if starts else '?'}"
        return lookup(
            "backprop.experiments.train_seeds", label,
            lambda: train_seeds(network, seeds, *args, **kw),
            seeds, starts, *args, **kw,
        )  # fmt: skip

    return wrapper


# What the cache memoizes: (module, function) -> the wrapper that keys its calls. A page
# imports these from either module, so both names are routed.
CACHED: dict[tuple[str, str], Callable[[Callable], Callable]] = {
    ("backprop", "train"): cached_train,
    ("backprop.network", "train"): cached_train,
    ("backprop.experiments", "train_seeds"): cached_train_seeds,
}


def install() -> Callable[[], None]:
    """Route every function in `CACHED` through the cache (as the pages' doctests, the
    build's runs of the pages, pasted copies and generated notebooks in the tests do);
    returns what puts the package back as it was."""
    originals = {}
    for (module_name, name), wrap in CACHED.items():
        module = importlib.import_module(module_name)
        originals[module_name, name] = getattr(module, name)
        setattr(module, name, wrap(originals[module_name, name]))

    def restore() -> None:
        for (module_name, name), original in originals.items():
            setattr(importlib.import_module(module_name), name, original)

    return restore
