"""Publish the built ``downloads/`` to a branch of the repository, ``notebooks``: what each
page's "Open in Colab" link opens (Colab opens a notebook from a GitHub branch).

    uv run python -m backprop_docs.publish SITE/downloads REMOTE [--branch notebooks]

Each publish is one commit, on top of the branch's last one (history is kept, nothing is
forced), whose tree is exactly the built folder: a page's notebook removed from the site is
removed from the branch. REMOTE is any git remote, a path or a URL; the site's workflow
publishes into its own checkout (``.``) and pushes that branch.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from pathlib import Path

AUTHOR = [
    "-c",
    "user.name=backprop-site",
    "-c",
    "user.email=backprop-site@users.noreply.github.com",
]


def git(*args: str, cwd: Path) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, encoding="utf-8")
    if done.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed: {done.stderr.strip()}")
    return done.stdout.strip()


def publish(downloads: Path, remote: str, branch: str = "notebooks", message: str = "") -> str:
    """Commit ``downloads`` as the whole tree of ``branch`` at ``remote``; its commit id."""
    downloads = Path(downloads).resolve()
    if not downloads.is_dir() or not any(downloads.iterdir()):
        raise ValueError(f"downloads must be a folder of built notebooks, got {downloads}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        git("init", "-q", cwd=work)
        git("remote", "add", "origin", remote, cwd=work)
        if git("ls-remote", "--heads", "origin", branch, cwd=work):
            git("fetch", "-q", "origin", branch, cwd=work)
            git("checkout", "-q", "-b", branch, "FETCH_HEAD", cwd=work)
            git("rm", "-rq", "--ignore-unmatch", ".", cwd=work)
        else:
            git("checkout", "-q", "--orphan", branch, cwd=work)
        shutil.copytree(downloads, work, dirs_exist_ok=True)
        git("add", "-A", cwd=work)
        text = message or f"The notebooks and scripts of the site, built from {downloads.name}/"
        git(*AUTHOR, "commit", "-q", "--allow-empty", "-m", text, cwd=work)
        git("push", "-q", "origin", f"HEAD:refs/heads/{branch}", cwd=work)
        return git("rev-parse", "HEAD", cwd=work)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("downloads", type=Path, help="the built site's downloads/ folder")
    parser.add_argument("remote", help="the repository to publish to (a path or a URL)")
    parser.add_argument("--branch", default="notebooks")
    parser.add_argument("--message", default="")
    args = parser.parse_args(argv)
    try:
        print(publish(args.downloads, args.remote, args.branch, args.message))
    except (ValueError, RuntimeError) as e:  # one line, no traceback; exit status 2
        parser.error(str(e))


if __name__ == "__main__":
    main()
