"""Print the NPY_DISABLE_CPU_FEATURES value that makes NumPy run as another x86-64 CPU.

    python .ci/personality.py avx2       # an AVX2 machine: no AVX-512 kernels
    python .ci/personality.py baseline   # a baseline x86-64-v2 machine: no AVX at all

NumPy picks SIMD kernels per CPU at run time; disabling its dispatch targets above a level
makes it use the kernels that a CPU of that level would get. Only targets that this NumPy
dispatches and this CPU has are named (NumPy 1.x and 2.x name them differently). Exits 3,
printing why on stderr, when the personality cannot be emulated here: not an x86-64
machine, or a machine that has nothing above that level (the leg would equal the native
one).
"""

from __future__ import annotations

import platform
import sys

import numpy as np
from backprop_docs.verified import dispatch  # the one place that reads NumPy's targets

# The features of an x86-64-v2 CPU (NumPy 1.x names, and 2.x's level name).
V2 = {"SSE", "SSE2", "SSE3", "SSSE3", "SSE41", "POPCNT", "SSE42", "X86_V2"}


def above(level: str, targets: list[str]) -> list[str]:
    if level == "avx2":
        return [t for t in targets if t.startswith("AVX512") or t == "X86_V4"]
    if level == "baseline":
        return [t for t in targets if t not in V2]
    raise SystemExit(f"unknown personality {level!r}: avx2 or baseline")


def main() -> None:
    level = sys.argv[1] if len(sys.argv) > 1 else ""
    if platform.machine().lower() not in {"x86_64", "amd64"}:
        print(f"a {platform.machine()} machine cannot run as an x86-64 CPU", file=sys.stderr)
        raise SystemExit(3)
    targets, features = dispatch()
    disable = [t for t in above(level, targets) if features.get(t)]
    if not disable:
        print(f"this CPU has no NumPy {np.__version__} kernels above {level}", file=sys.stderr)
        raise SystemExit(3)
    print(" ".join(disable))


if __name__ == "__main__":
    main()
