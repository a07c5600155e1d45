"""Which machines verified the pages: a record that the test runs leave for the footer.

``.ci/run`` runs the docs doctests under several legs (this CPU's own NumPy kernels, other
CPU personalities, other NumPy and Python versions). Each leg that passes appends one line
to ``.cache/verified.jsonl`` (the root ``conftest.py`` does it when ``BACKPROP_RECORD_LEG``
is set), with a digest of the sources it verified. The site's footer lists the legs whose
digest is that of the sources being built, so it never names a run of older code.

No MkDocs or test imports here: the tests, the build and ``.ci/`` all import it.
"""

from __future__ import annotations

import hashlib
import json
import platform
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RECORD = ROOT / ".cache" / "verified.jsonl"
SOURCES = [
    "backprop/*.py",
    "docs/**/*.md",
    "docs/**/*.ipynb",
    "conftest.py",
    "tools/backprop_docs/doctests.py",  # how the pages are run and their outputs compared
]
X86 = {"x86_64", "amd64"}


def digest() -> str:
    """A hash of everything the doctests verify: the package, the pages, the Sybil setup."""
    sha = hashlib.sha256()
    for pattern in SOURCES:
        for path in sorted(ROOT.glob(pattern)):
            sha.update(path.relative_to(ROOT).as_posix().encode())
            sha.update(path.read_bytes().replace(b"\r\n", b"\n"))
    return sha.hexdigest()[:16]


def dispatch() -> tuple[list[str], dict[str, bool]]:
    """NumPy's SIMD dispatch targets, and which of them are enabled in this process."""
    try:
        from numpy._core import _multiarray_umath as umath  # NumPy 2.x
    except ImportError:  # NumPy 1.x
        from numpy.core import _multiarray_umath as umath
    return list(umath.__cpu_dispatch__), dict(umath.__cpu_features__)


def kernels() -> str:
    """The widest SIMD kernels NumPy uses in this process: 'AVX-512', 'AVX2', 'baseline'..."""
    targets, features = dispatch()
    enabled = [t for t in targets if features.get(t)]
    if platform.machine().lower() not in X86:
        return enabled[-1] if enabled else "baseline"
    if any(t.startswith("AVX512") or t == "X86_V4" for t in enabled):
        return "AVX-512"
    if any(t in {"AVX2", "X86_V3"} for t in enabled):
        return "AVX2"
    return "baseline"


def record(path: Path = RECORD) -> None:
    """Append this process's leg (machine, kernels, NumPy, Python) to the record."""
    import numpy as np

    machine = platform.machine().lower()
    leg = {
        "machine": "x86-64" if machine in X86 else machine,
        "kernels": kernels(),
        "numpy": np.__version__,
        "python": platform.python_version(),
        "sources": digest(),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as f:
        f.write(json.dumps(leg) + "\n")


def summary(path: Path = RECORD) -> str | None:
    """'on x86-64 (AVX-512, AVX2, baseline), NumPy 2.4.6 and 1.26.4, Python ...', or None.

    Only legs that verified exactly the current sources count.
    """
    if not path.is_file():
        return None
    current = digest()
    legs = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    legs = [leg for leg in legs if leg.get("sources") == current]
    if not legs:
        return None

    def unique(key: str, within: list[dict] = legs) -> list[str]:
        return list(dict.fromkeys(leg[key] for leg in within))

    machines = [
        f"{m} ({', '.join(unique('kernels', [g for g in legs if g['machine'] == m]))} kernels)"
        for m in unique("machine")
    ]
    return (
        f"on {' and '.join(machines)}, NumPy {' and '.join(unique('numpy'))}, "
        f"Python {' and '.join(unique('python'))}"
    )
