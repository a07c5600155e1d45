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
