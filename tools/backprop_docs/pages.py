"""A page's own code, run when the site is built: what its figures are drawn from.

A figure that shows a page's study is drawn from the page's own results, not from a second
call that repeats the page's: `run` executes the page's Python blocks in order (a session's
code without its prompts, as the doctests run it; a block after ``<!-- skip: next -->`` is
left out, as Sybil leaves it out, and so are blocks that need a package the site does not
install, `downloads.set_aside`) and, at each figure the page shows, keeps the names the
code has made so far. The figure then gets the values its function asks for by name
(`backprop_docs.figures`). Its long studies come from the studies cache (`cache.install`),
which the page's doctests share; the drawings are kept in the cache too, keyed by the page's
code, so a prose edit runs nothing.

On a cold cache, `warm_side_by_side` runs several pages at once, one process per core,
before the figures ask for them: each process fills the studies cache, and the build's own
run of a page then reads every study from it.
"""

from __future__ import annotations

import contextlib
import doctest
import io
import logging
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from backprop_docs import cache
from backprop_docs.downloads import FENCE, IMAGE, flatten, set_aside

log = logging.getLogger("mkdocs.plugins.backprop")
SKIP = re.compile(r"<!--\s*skip:\s*next\s*-->\s*$")


# A value of the page's code in its prose: {{ first_change:.3f }} (a lower-case name).
VALUE = re.compile(r"\{\{ (?P<name>[a-z_]\w*(?:\.\w+)*)(?::(?P<spec>[^}]*))? \}\}")


def steps(markdown: str) -> list[tuple[str, str]]:
    """The page in order: ``("code", source)`` for each Python block the doctests run,
    ``("figure", name)`` for each figure it shows and ``("value", placeholder)`` for each
    value of its code that its prose names (collapsed blocks opened out)."""
    text = flatten(set_aside(markdown))
    found: list[tuple[int, str, str]] = []
    for fence in FENCE.finditer(text):
        if fence["lang"] not in {"python", "pycon"} or SKIP.search(text[: fence.start()]):
            continue
        if fence["lang"] == "pycon":
            examples = doctest.DocTestParser().get_examples(fence["body"])
            code = "".join(example.source for example in examples)
        else:
            code = fence["body"]
        found.append((fence.start(), "code", code))
    found += [(m.start(), "figure", f"{m['name']}.svg") for m in IMAGE.finditer(text)]
    found += [(m.start(), "value", m[0]) for m in VALUE.finditer(text)]
    return [(kind, value) for _, kind, value in sorted(found)]


def prose_values(path: Path) -> list[str]:
    """The text of each value of the page's code that its prose names, in order: from the
    studies cache, keyed by the page's code and placeholders (a prose edit runs nothing)."""
    wanted = [(kind, value) for kind, value in steps(path.read_text("utf-8")) if kind != "figure"]
    if not any(kind == "value" for kind, _ in wanted):
        return []
    found = cache.lookup(
        "prose values", f"values in {path.name}", lambda: run(path)["values"], wanted
    )
    return [found[k] for k in range(len(found))]


def code_before(markdown: str, figure: str) -> str:
    """All the code that runs before the page shows ``figure``: what the figure depends on."""
    code = []
    for kind, value in steps(markdown):
        if kind == "figure" and value == figure:
            return "".join(code)
        if kind == "code":
            code.append(value)
    raise ValueError(f"the page shows no figure {figure!r}")


def run(path: Path) -> dict[str, dict[str, object]]:
    """Run the page's code; for each figure, the names the code had made when it appears,
    and under ``"values"`` the text of each value its prose names, in order."""
    from backprop_docs.values import ValueNameError, resolve

    namespace: dict[str, object] = {"__name__": "__main__"}
    seen: dict[str, dict[str, object]] = {"values": {}}
    restore = cache.install()
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            for kind, value in steps(path.read_text("utf-8")):
                if kind == "code":
                    exec(compile(value, str(path), "exec"), namespace)  # noqa: S102 - our page
                elif kind == "figure":
                    seen.setdefault(value, dict(namespace))
                else:
                    k = len(seen["values"])
                    seen["values"][k] = resolve(VALUE.match(value), namespace, path.name)
    except ValueNameError:
        raise  # the prose names a value the code has not made: says so itself
    except Exception as e:
        raise RuntimeError(f"{path.name}: its code failed when run for its figures: {e!r}") from e
    finally:
        restore()
    return seen


# The page whose studies take longest on a cold build starts first, and the others share the
# other core meanwhile: started in name order it waited for two shorter pages, and the cold
# build took longer than the page itself (`mkdocs build -v` logs each page's seconds:
# family-trees.md about 50, the next two about 17 each, on 2 cores).
LONGEST = "family-trees.md"

# One process per page, run through the studies cache; what it makes is all in the cache.
RUN_ONE = (
    "import sys, pathlib; from backprop_docs import pages; pages.run(pathlib.Path(sys.argv[1]))"  # noqa: E501
)


def warm_side_by_side(paths: list[Path]) -> None:
    """Run these pages at once, one process per core, to fill the studies cache (a cold
    build). Only a head start: a page whose process fails is run by its caller, which then
    says what is wrong; with the cache off, or code older than the source, it does nothing."""
    if len(paths) < 2 or not cache.keeps():
        return

    def run_one(path: Path) -> tuple[bool, float]:
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", RUN_ONE, str(path)], capture_output=True, cwd=cache.ROOT
        )
        if done.returncode != 0:
            log.debug("%s failed side by side: %s", path.name, done.stderr.decode()[-2000:])
        return done.returncode == 0, time.perf_counter() - start

    paths = sorted(paths, key=lambda path: path.name != LONGEST)  # the longest first
    with ThreadPoolExecutor(min(len(paths), os.cpu_count() or 1)) as pool:
        for path, (ran, seconds) in zip(paths, pool.map(run_one, paths), strict=True):
            if ran:
                log.info("%s: its studies computed side by side (%.1f s)", path.name, seconds)
