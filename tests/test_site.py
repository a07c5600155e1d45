"""The site builds strictly and has what a reader needs, with nothing fetched from elsewhere."""

from __future__ import annotations

import re
from pathlib import Path

import yaml  # ships with MkDocs
from backprop_docs.testing import ROOT, Build


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.name != "404.html")


def test_the_site_builds_strictly_with_every_page(built_site: Path) -> None:
    for name in ["index.html", "one-page/index.html", "xor/index.html"]:
        assert (built_site / name).is_file(), name


def test_no_page_loads_a_script_stylesheet_or_font_from_another_host(built_site: Path) -> None:
    # <script src=...> and <link rel="stylesheet|preload|icon|..."> load; rel="canonical" does not
    script = re.compile(r"""<script\b[^>]*\bsrc=["'](?:https?:)?//""", re.I)
    loaded = re.compile(
        r"""<link\b(?=[^>]*\brel=["'][^"']*(?:stylesheet|preload|icon|preconnect|modulepreload))"""
        r"""[^>]*\bhref=["'](?:https?:)?//""",
        re.I,
    )
    for page in pages(built_site):
        html = page.read_text(encoding="utf-8")
        assert not script.search(html), page
        assert not loaded.search(html), page
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, page


def test_code_blocks_get_a_copy_button_and_the_theme_a_dark_mode() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    assert "content.code.copy" in config["theme"]["features"]
    schemes = {palette["scheme"] for palette in config["theme"]["palette"]}
    assert schemes == {"default", "slate"}
    assert config["theme"]["font"] is False


def test_search_index_covers_the_pages(built_site: Path) -> None:
    index = (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Published vs. verified" in index


def config() -> dict:
    return yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))


def test_edit_links_derive_from_repo_url_and_edit_uri(built_site: Path) -> None:
    settings = config()
    expected = f"{settings['repo_url']}/{settings['edit_uri']}derivation.md"
    assert f'href="{expected}"' in (built_site / "derivation" / "index.html").read_text("utf-8")


def test_there_is_a_404_page_and_no_social_cards(built_site: Path) -> None:
    page = (built_site / "404.html").read_text("utf-8")
    assert "404" in page and 'class="md-header' in page
    plugins = [p if isinstance(p, str) else next(iter(p)) for p in config()["plugins"]]
    assert "social" not in plugins  # social cards would be fetched or drawn with web fonts


def test_the_publishing_workflow_is_a_valid_github_actions_workflow() -> None:
    import subprocess
    import sys

    workflow = ROOT / ".github" / "workflows" / "site.yml"
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
         str(workflow)],
        capture_output=True, encoding="utf-8",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_workflow_tests_before_it_builds_and_deploys_with_the_pages_actions() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text("utf-8"))
    jobs = workflow["jobs"]
    assert workflow[True]["push"]["branches"] == ["main"]  # YAML reads the key `on` as True
    assert "bash .ci/run" in [step.get("run") for step in jobs["test"]["steps"]]
    assert jobs["build"]["needs"] == "test" and jobs["deploy"]["needs"] == "build"
    uses = [step.get("uses", "") for job in jobs.values() for step in job["steps"]]
    for action in ("actions/upload-pages-artifact", "actions/deploy-pages"):
        assert any(u.startswith(action + "@") for u in uses), action
    builds = [step.get("run", "") for step in jobs["build"]["steps"]]
    assert any("python -m backprop_docs build --strict" in run for run in builds)


def test_the_workflow_tests_on_linux_macos_and_windows_with_old_and_new_python() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text("utf-8"))
    test = workflow["jobs"]["test"]
    assert set(test["strategy"]["matrix"]["os"]) == {
        "ubuntu-latest",
        "ubuntu-24.04-arm",
        "macos-latest",
        "windows-latest",
    }
    assert test["strategy"]["matrix"]["python"] == ["3.11", "3.x"]
    assert test["runs-on"] == "${{ matrix.os }}"
    assert "strategy" not in workflow["jobs"]["build"]  # built and deployed once
    runs = {step.get("run"): step.get("if") for step in test["steps"]}
    assert runs["bash .ci/run"] == "runner.os == 'Linux'"
    assert runs["uv run pytest"] == "runner.os != 'Linux'"


def test_the_build_job_gets_every_legs_record_for_the_footer() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text("utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    download = next(s for s in steps if s.get("uses", "").startswith("actions/download-artifact"))
    assert download["with"]["pattern"] == "verified-*"
    runs = [s.get("run", "") for s in steps]
    merge = next(k for k, run in enumerate(runs) if ".cache/verified.jsonl" in run)
    build = next(k for k, run in enumerate(runs) if "backprop_docs build --strict" in run)
    assert merge < build
    # The published site starts cold: a cache folder in the job's own fresh temporary folder.
    assert steps[build]["env"]["BACKPROP_CACHE"] == "${{ runner.temp }}/studies"


def test_the_build_says_what_it_does_and_prints_no_warning(site_build: Build) -> None:
    out = site_build.output
    assert "end of life" not in out and "NO_MKDOCS_2_WARNING" not in out  # Material's banner
    assert "without encryption" not in out  # the Jupyter kernel's advice to administrators
    assert [line for line in out.splitlines() if "WARNING" in line or "ERROR" in line] == []
    from backprop_docs import figures

    drawings = sum(len(figures.variants(name)) for name in figures.FIGURES) * len(figures.THEMES)
    assert drawings > 0  # every figure, wide and narrow, light and dark
    assert re.search(rf"INFO +- +figures: {drawings}, ", out), out


def test_the_readme_serves_the_site_with_the_quiet_command() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "\nuv run python -m backprop_docs serve " in readme


def test_ci_runs_the_readme_test_command_then_the_cpu_and_version_legs() -> None:
    script = (ROOT / ".ci" / "run").read_text("utf-8")
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "uv run pytest   " in readme and "\nuv run pytest\n" in script
    for leg in (
        'leg "an AVX2 CPU" avx2 Haswell',
        'leg "a baseline x86-64-v2 CPU" baseline Nehalem',
    ):
        assert leg in script
    assert "--with 'numpy==1.26.*'" in script and "BACKPROP_RECORD_LEG=1" in script
    assert "properdocs build --strict -f mkdocs.yml" in script
