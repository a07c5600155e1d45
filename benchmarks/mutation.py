"""Mutation check: does the test suite notice when an equation's arithmetic is wrong?

Every arithmetic operator and number on the lines of ``backprop/network.py`` tagged with an
equation, (1)-(9) (forward pass, error, backward pass, update), and on the local gradients of
``backprop/reverse_mode.py``, tagged (4)-(7), is changed, one at a time:
``+`` <-> ``-``, ``*`` <-> ``/``, ``**`` -> ``*``, ``@`` -> ``*``, each number n -> n + 1. For each
mutant, the fast part of the suite runs against a copy of the repository; the mutant is
*killed* if some test fails.

Run: ``uv run python benchmarks/mutation.py`` (about a minute). Prints one row per mutant and
the fraction killed.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
import tokenize
from pathlib import Path

from backprop_docs.equations import TAG  # the site's own pattern for "# (N)"

ROOT = Path(__file__).resolve().parent.parent
TARGETS = [Path("backprop/network.py"), Path("backprop/reverse_mode.py")]
SWAPS = {"+": "-", "-": "+", "*": "/", "/": "*", "**": "*", "@": "*"}
TESTS = [
    "tests/test_network.py",
    "tests/test_gradients.py",
    "tests/test_batched.py",
    "docs/derivation.md",
    "docs/graph.md",
    "backprop/reverse_mode.py",
    "docs/gradients.md",
    "docs/xor.md",
]


def mutants(source: str) -> list[tuple[int, str, str]]:
    """(line number, description, mutated source) for every mutant of the tagged lines."""
    lines = source.splitlines(keepends=True)
    found = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        row, col = token.start
        if row > len(lines):  # the end marker
            continue
        tag = TAG.search(lines[row - 1])
        if not tag:  # every line tagged with an equation's number
            continue
        if token.type == tokenize.OP and token.string in SWAPS:
            new = SWAPS[token.string]
        elif token.type == tokenize.NUMBER:
            new = repr(type(eval(token.string))(eval(token.string) + 1))
        else:
            continue
        line = lines[row - 1]
        mutated = line[:col] + new + line[token.end[1] :]
        what = f"({tag[1]}) {token.string!r} -> {new!r} in: {line.strip()}"
        found.append((row, what, "".join(lines[: row - 1] + [mutated] + lines[row:])))
    return found


def killed(workdir: Path, target: Path, mutated: str) -> bool:
    (workdir / target).write_text(mutated, "utf-8")
    # The copy's own package and its own site tools (backprop_docs finds docs/ beside itself).
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(workdir), str(workdir / "tools")]))
    env.pop("CI", None)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *TESTS],
        cwd=workdir,
        env=env,
        capture_output=True,
        encoding="utf-8",
        timeout=600,
    )
    return result.returncode != 0


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp) / "repo"
        shutil.copytree(
            ROOT, workdir, ignore=shutil.ignore_patterns(".venv", ".git", "site", "__pycache__")
        )
        results = []
        for target in TARGETS:
            source = (ROOT / target).read_text("utf-8")
            assert not killed(workdir, target, source), "the unmutated code must pass"
            for row, what, mutated in mutants(source):
                dead = killed(workdir, target, mutated)
                results.append(dead)
                print(
                    f"{'killed  ' if dead else 'SURVIVED'} {target.name}:{row:<3d}  {what}",
                    flush=True,
                )
            (workdir / target).write_text(source, "utf-8")  # as it was, for the next target
    print(f"\n{sum(results)}/{len(results)} mutants killed ({sum(results) / len(results):.0%})")


if __name__ == "__main__":
    main()
