"""The footer's record of what verified the pages: only legs of the current sources count."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from backprop_docs import verified
from backprop_docs.testing import ROOT


def leg(**changes: str) -> str:
    base = {
        "machine": "x86-64",
        "kernels": "AVX-512",
        "numpy": "2.4.6",
        "python": "3.11.7",
        "sources": verified.digest(),
    }
    return json.dumps(base | changes) + "\n"


def test_the_summary_lists_machines_kernels_and_versions_of_the_current_sources(
    tmp_path: Path,
) -> None:
    record = tmp_path / "verified.jsonl"
    record.write_text(
        leg() + leg(kernels="AVX2") + leg(numpy="1.26.4") + leg(python="3.13.0"), "utf-8"
    )
    assert verified.summary(record) == (
        "on x86-64 (AVX-512, AVX2 kernels), NumPy 2.4.6 and 1.26.4, Python 3.11.7 and 3.13.0"
    )


def test_legs_of_other_sources_are_left_out(tmp_path: Path) -> None:
    record = tmp_path / "verified.jsonl"
    record.write_text(leg(kernels="baseline", sources="0" * 16) + leg(), "utf-8")
    assert "baseline" not in verified.summary(record)
    record.write_text(leg(sources="0" * 16), "utf-8")
    assert verified.summary(record) is None


def test_there_is_no_summary_without_a_record(tmp_path: Path) -> None:
    assert verified.summary(tmp_path / "missing.jsonl") is None


def test_the_digest_changes_when_a_page_changes(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(verified, "ROOT", tmp_path)
    (tmp_path / "docs").mkdir()
    page = tmp_path / "docs" / "page.md"
    page.write_text("one", "utf-8")
    before = verified.digest()
    page.write_text("two", "utf-8")
    assert verified.digest() != before


def test_the_record_names_this_process(tmp_path: Path) -> None:
    import numpy as np

    record = tmp_path / "verified.jsonl"
    verified.record(record)
    (line,) = record.read_text("utf-8").splitlines()
    assert json.loads(line)["numpy"] == np.__version__
    assert json.loads(line)["kernels"] == verified.kernels()


@pytest.mark.skipif(
    verified.platform.machine().lower() not in verified.X86, reason="x86-64 personalities"
)
def test_a_disabled_avx512_personality_is_seen_as_avx2_or_less() -> None:
    disable = subprocess.run(
        [sys.executable, str(ROOT / ".ci" / "personality.py"), "avx2"],
        capture_output=True,
        encoding="utf-8",
    )
    if disable.returncode == 3:
        pytest.skip(disable.stderr.strip())  # no AVX-512 here: nothing to disable
    seen = subprocess.run(
        [sys.executable, "-c", "from backprop_docs import verified; print(verified.kernels())"],
        capture_output=True,
        encoding="utf-8",
        cwd=ROOT,
        env={**os.environ, "NPY_DISABLE_CPU_FEATURES": disable.stdout.strip()},
    )
    assert seen.stdout.strip() in {"AVX2", "baseline"}, seen.stderr
