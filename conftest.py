"""pytest's hooks at the root: Sybil runs every Python block in docs/ and every docstring
example in backprop/ (`backprop_docs.doctests` says how, and how printed numbers are
compared); a run that passes them all under ``.ci/run`` records its leg for the footer."""

from __future__ import annotations

import os
from pathlib import Path

from backprop_docs import doctests, verified

ROOT = Path(__file__).resolve().parent

pytest_collect_file = doctests.collector()


_PASSED: set[Path] = set()  # files with an example or test that passed, in this session


def pytest_runtest_logreport(report) -> None:  # noqa: ANN001
    """Collect the files whose tests passed. Under pytest-xdist the workers' reports reach the
    controlling process too, so it sees every file, whichever worker ran it."""
    if report.when == "call" and report.passed:
        _PASSED.add((ROOT / report.nodeid.split("::")[0]).resolve())


def pytest_sessionfinish(session, exitstatus: int) -> None:  # noqa: ANN001
    """With BACKPROP_RECORD_LEG set (by .ci/run), a run that passed every page's examples
    records its machine, kernels and versions for the site's footer."""
    if exitstatus != 0 or not os.environ.get("BACKPROP_RECORD_LEG"):
        return
    if hasattr(session.config, "workerinput"):  # an xdist worker: the controller records
        return
    pages = [p for p in (ROOT / "docs").rglob("*.md") if "```python" in p.read_text("utf-8")]
    modules = [p for p in (ROOT / "backprop").glob("*.py") if ">>>" in p.read_text("utf-8")]
    if all(p.resolve() in _PASSED for p in pages + modules):
        verified.record()
