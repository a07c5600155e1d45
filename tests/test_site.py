"""The site builds strictly and has what a reader needs, with nothing fetched from elsewhere."""

from __future__ import annotations

import re
from pathlib import Path

import yaml  # ships with MkDocs

ROOT = Path(__file__).resolve().parent.parent


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
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text())
    assert "content.code.copy" in config["theme"]["features"]
    schemes = {palette["scheme"] for palette in config["theme"]["palette"]}
    assert schemes == {"default", "slate"}
    assert config["theme"]["font"] is False


def test_search_index_covers_the_pages(built_site: Path) -> None:
    index = (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Published vs. verified" in index


def config() -> dict:
    return yaml.safe_load((ROOT / "mkdocs.yml").read_text())


def test_edit_links_derive_from_repo_url_and_edit_uri(built_site: Path) -> None:
    settings = config()
    expected = f"{settings['repo_url']}/{settings['edit_uri']}derivation.md"
    assert f'href="{expected}"' in (built_site / "derivation" / "index.html").read_text()


def test_there_is_a_404_page_and_no_social_cards(built_site: Path) -> None:
    page = (built_site / "404.html").read_text()
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
        capture_output=True, text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_workflow_tests_before_it_builds_and_deploys_with_the_pages_actions() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text())
    jobs = workflow["jobs"]
    assert workflow[True]["push"]["branches"] == ["main"]  # YAML reads the key `on` as True
    assert "bash .ci/run" in [step.get("run") for step in jobs["test"]["steps"]]
    assert jobs["build"]["needs"] == "test" and jobs["deploy"]["needs"] == "build"
    uses = [step.get("uses", "") for job in jobs.values() for step in job["steps"]]
    for action in ("actions/upload-pages-artifact", "actions/deploy-pages"):
        assert any(u.startswith(action + "@") for u in uses), action
    builds = [step.get("run", "") for step in jobs["build"]["steps"]]
    assert any("mkdocs build --strict" in run for run in builds)
