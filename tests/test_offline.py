"""What a reader downloads runs where it lands: each page's script in a fresh virtual
environment with no network, the package installed from the built wheel (the one-page
script with no package at all), printing what its page shows."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from backprop_docs import doctests, downloads
from backprop_docs.testing import ROOT

PAGES = sorted(
    p for p in (ROOT / "docs").glob("*.md") if downloads.has_python(p.read_text("utf-8"))
)
OFFLINE = {  # any attempt to reach a registry or a repository fails at once
    "PIP_NO_INDEX": "1",
    "http_proxy": "http://127.0.0.1:9",
    "https_proxy": "http://127.0.0.1:9",
    "HTTP_PROXY": "http://127.0.0.1:9",
    "HTTPS_PROXY": "http://127.0.0.1:9",
    "UV_OFFLINE": "1",
    "PYTHONIOENCODING": "utf-8",
}


def run(*args: str, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, encoding="utf-8", timeout=900, **kw)


def venv(where: Path, *packages: str) -> Path:
    """A fresh environment with NumPy and these packages, from uv's cache, else from the
    registry (the cache may hold a package's wheel without its index: the suite's
    scikit-learn did once). Only the environment is made online; the scripts run offline."""
    done = run("uv", "venv", "-q", "--python", sys.executable, str(where))
    assert done.returncode == 0, done.stderr
    python = where / ("Scripts" if os.name == "nt" else "bin") / "python"
    install = ("uv", "pip", "install", "-q", "--python", str(python), "numpy>=1.26", *packages)
    done = run(*install, "--offline")
    if done.returncode != 0:
        done = run(*install)
    assert done.returncode == 0, done.stderr
    return python


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    done = run("uv", "build", "-q", "--wheel", "--out-dir", str(out), str(ROOT))
    assert done.returncode == 0, done.stderr
    return next(out.glob("backprop-*.whl"))


@pytest.fixture(scope="module")
def with_package(tmp_path_factory: pytest.TempPathFactory, wheel: Path) -> Path:
    return venv(tmp_path_factory.mktemp("venv") / "with", str(wheel))


@pytest.fixture(scope="module")
def with_extras(tmp_path_factory: pytest.TempPathFactory, wheel: Path) -> Path:
    """The package and what some pages need besides (`downloads.EXTRAS`), from the cache."""
    return venv(tmp_path_factory.mktemp("venv") / "extras", str(wheel), *downloads.EXTRAS)


@pytest.fixture(scope="module")
def without_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return venv(tmp_path_factory.mktemp("venv") / "without")


def prints_what_the_page_shows(printed: str, page: Path) -> list[str]:
    """Each printed line, in order, among what the page shows (a session's bare expressions
    show their value on the page, and print nothing in a script): the lines that are not."""
    shown = downloads.shown(page.read_text("utf-8")).splitlines()
    at, missing = 0, []
    for line in printed.splitlines():
        k = next((k for k in range(at, len(shown)) if doctests.matches(shown[k], line)), None)
        if k is None:
            missing.append(line)
        else:
            at = k + 1
    return missing


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_the_script_runs_offline_with_the_wheel_and_prints_what_its_page_shows(
    built_site: Path, with_package: Path, page: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    script = built_site / "downloads" / f"{page.stem}.py"
    if downloads.extras(page.read_text("utf-8")):
        with_package = request.getfixturevalue("with_extras")
    done = run(str(with_package), str(script), cwd=tmp_path, env={**os.environ, **OFFLINE})
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip()
    assert prints_what_the_page_shows(done.stdout, page) == []


def test_the_one_page_script_needs_no_package_at_all(
    built_site: Path, without_package: Path, tmp_path: Path
) -> None:
    script = built_site / "downloads" / "one-page.py"
    done = run(str(without_package), str(script), cwd=tmp_path, env={**os.environ, **OFFLINE})
    assert done.returncode == 0, done.stderr[-3000:]
    assert prints_what_the_page_shows(done.stdout, ROOT / "docs" / "one-page.md") == []


def test_a_script_that_needs_the_package_and_cannot_install_it_says_so_in_one_line(
    built_site: Path, without_package: Path, tmp_path: Path
) -> None:
    script = built_site / "downloads" / "xor.py"
    done = run(str(without_package), str(script), cwd=tmp_path, env={**os.environ, **OFFLINE})
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip().count("\n") == 0, done.stderr
    assert "pip install" in done.stderr and "could not be installed" in done.stderr


def test_a_script_that_needs_another_package_and_cannot_install_it_says_so_in_one_line(
    built_site: Path, with_package: Path, tmp_path: Path
) -> None:
    needs = [p for p in PAGES if downloads.extras(p.read_text("utf-8"))]
    assert needs  # the digits page needs scikit-learn
    script = built_site / "downloads" / f"{needs[0].stem}.py"
    done = run(str(with_package), str(script), cwd=tmp_path, env={**os.environ, **OFFLINE})
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip().count("\n") == 0, done.stderr
    assert "pip install scikit-learn" in done.stderr and "could not be installed" in done.stderr
