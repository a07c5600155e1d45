"""The notebooks branch: each publish commits exactly the built downloads/ folder, and every
page's "Open in Colab" link opens a file that is published there."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml
from backprop_docs import downloads
from backprop_docs.publish import publish
from backprop_docs.testing import ROOT


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, encoding="utf-8", check=True
    ).stdout


def tree(bare: Path, branch: str = "notebooks") -> dict[str, str]:
    """Every file on the branch, with its content."""
    names = git("ls-tree", "-r", "--name-only", branch, cwd=bare).split()
    return {name: git("show", f"{branch}:{name}", cwd=bare) for name in names}


def test_each_publish_is_one_commit_whose_tree_is_exactly_the_folder(tmp_path: Path) -> None:
    bare = tmp_path / "origin.git"
    git("init", "-q", "--bare", str(bare), cwd=tmp_path)
    built = tmp_path / "downloads"
    (built / "sub").mkdir(parents=True)
    (built / "a.ipynb").write_text("{}", "utf-8")
    (built / "a.py").write_text("print(1)\n", "utf-8")
    (built / "sub" / "b.ipynb").write_text("{}", "utf-8")
    first = publish(built, str(bare))
    assert tree(bare) == {"a.ipynb": "{}", "a.py": "print(1)\n", "sub/b.ipynb": "{}"}
    (built / "a.py").write_text("print(2)\n", "utf-8")
    (built / "sub" / "b.ipynb").unlink()
    second = publish(built, str(bare), message="again")
    assert tree(bare) == {"a.ipynb": "{}", "a.py": "print(2)\n"}  # b is gone from the branch
    log = git("log", "--format=%H %P", "notebooks", cwd=bare).split("\n")
    assert log[0].split() == [second, first] and log[1].split() == [first]  # no force


def test_an_empty_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "downloads").mkdir()
    with pytest.raises(ValueError, match="downloads must be a folder of built notebooks"):
        publish(tmp_path / "downloads", str(tmp_path))


def test_every_colab_link_opens_a_published_notebook(built_site: Path) -> None:
    published = {p.relative_to(built_site / "downloads").as_posix() for p in
                 (built_site / "downloads").rglob("*.ipynb")}  # fmt: skip
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8").replace("!ENV", ""))
    prefix = downloads.colab(config["repo_url"], "").removesuffix(".ipynb")
    links = set()
    for page in built_site.rglob("index.html"):
        for href in re.findall(r'href="(https://colab\.research\.google\.com/[^"]+)"',
                               page.read_text("utf-8")):  # fmt: skip
            if "/blob/notebooks/" in href:
                assert href.startswith(prefix), href
                links.add(href.removeprefix(prefix))
    assert links and links == published


def test_only_the_notebooks_job_may_write_to_the_repository() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text("utf-8"))
    assert workflow["permissions"]["contents"] == "read"
    writers = [
        name
        for name, job in workflow["jobs"].items()
        if job.get("permissions", {}).get("contents") == "write"
    ]
    assert writers == ["notebooks"]
    steps = workflow["jobs"]["notebooks"]["steps"]
    assert workflow["jobs"]["notebooks"]["needs"] == "build"
    assert any("backprop_docs.publish _downloads ." in step.get("run", "") for step in steps)


def test_the_command_says_what_is_wrong_in_one_line(tmp_path: Path) -> None:
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "backprop_docs.publish", str(tmp_path / "nothing"), str(tmp_path)],
        capture_output=True, encoding="utf-8",
    )  # fmt: skip
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "downloads must be a folder of built notebooks" in done.stderr.splitlines()[-1]
