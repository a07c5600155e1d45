"""How long an author waits, measured on this machine in one run.

Prints:

1. the cold build (empty studies cache: every figure, study and the notebook computed);
2. a rebuild after an edit of one page's prose (what ``mkdocs serve`` does after a save);
3. a rebuild after an edit of ``backprop/network.py`` (a comment: the source hash changes,
   so every study is computed again);
4. ``uv run pytest`` wall time, with the cache the builds left (cold for the studies only
   the doctests ask for), then again warm; with the CPU time the machine was busy meanwhile
   (Linux), which divided by the core count bounds what any schedule of the tests could do;
5. the batched engine against a loop of single runs: 1,000 seeds x 10,001 sweeps of the
   tutorial's 2-4-1 XOR network, both in this process (the loop takes a few minutes).

The builds run in one process, through MkDocs's own ``build``, as ``mkdocs serve`` does
after a save. Edits are made in the working tree and undone before the script ends; the
cache is a temporary folder of its own, so the project's ``.cache/studies`` is untouched.

Run: ``uv run python benchmarks/author_loop.py`` (about 10 minutes on 2 cores). Add
``--skip-loop`` to leave out the loop of single runs. It asserts nothing; it prints.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROSE = ROOT / "docs" / "xor.md"
CODE = ROOT / "backprop" / "network.py"


def say(text: str) -> None:
    print(text, flush=True)


@contextlib.contextmanager
def edited(path: Path, addition: str) -> Iterator[None]:
    """The file with ``addition`` at its end, restored afterwards whatever happens."""
    original = path.read_bytes()
    path.write_bytes(original + addition.encode())
    try:
        yield
    finally:
        path.write_bytes(original)


def timed_build(site: Path) -> float:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    start = time.perf_counter()
    build(load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site), strict=True))
    return time.perf_counter() - start


def builds(site: Path) -> None:
    cold = timed_build(site)
    say(f"cold build (empty cache):                {cold:6.1f} s")
    with edited(PROSE, "\nOne more sentence of prose.\n"):
        prose = timed_build(site)
    say(f"rebuild after a prose edit (docs/xor.md): {prose:6.1f} s   (target <= 3 s)")
    with edited(CODE, "\n# an edit of the package\n"):
        code = timed_build(site)
    say(f"rebuild after an edit of network.py:     {code:6.1f} s")
    timed_build(site)  # the cache of the unedited package again, for the tests below


def busy_core_seconds() -> float | None:
    """CPU time the whole machine has spent busy since boot (Linux's /proc/stat), or None."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    except OSError:
        return None
    ticks = [int(f) for f in fields]
    idle = ticks[3] + ticks[4]  # idle and waiting for I/O
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def pytest_wall(label: str) -> None:
    start, busy = time.perf_counter(), busy_core_seconds()
    result = subprocess.run(
        ["uv", "run", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        capture_output=True,
        encoding="utf-8",
    )
    wall = time.perf_counter() - start
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else "?"
    say(f"uv run pytest, {label}: {wall:6.1f} s   ({summary})")
    if busy is not None:  # the work itself: no schedule on this machine's cores beats
        used = busy_core_seconds() - busy  # used / cores (the whole machine's, so run alone)
        say(f"  CPU busy: {used:.0f} core-s of {wall * os.cpu_count():.0f}; "
            f"on {os.cpu_count()} cores at best {used / os.cpu_count():.0f} s")  # fmt: skip
    for line in result.stdout.splitlines():  # what failed, if anything (-ra's summary)
        if line.startswith(("FAILED ", "ERROR ")):
            say(f"  {line}")


def batched_speed_up(loop: bool) -> None:
    from batched import identical, timed_batched, timed_loop, tutorial_nets  # benchmarks/

    nets = tutorial_nets()
    many, t_batched = timed_batched(nets)
    say(f"batched, 1,000 seeds x 10,001 sweeps:    {t_batched:6.1f} s")
    if not loop:
        return
    singles, t_loop = timed_loop(nets, progress=True)
    say(f"loop of 1,000 single runs:               {t_loop:6.1f} s")
    say(f"batched speed-up: {t_loop / t_batched:.0f}x (target >= 80x); "
        f"identical weights in every run: {identical(singles, many)}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-loop", action="store_true", help="no loop of single runs")
    args = parser.parse_args()
    say(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["BACKPROP_CACHE"] = str(Path(tmp) / "studies")
        os.environ["NO_MKDOCS_2_WARNING"] = "1"
        builds(Path(tmp) / "site")
        pytest_wall("after the builds")
        pytest_wall("warm cache")
    batched_speed_up(loop=not args.skip_loop)


if __name__ == "__main__":
    main()
