"""Every claim names its source: the references page lists every link to another site, and
a page that compares itself with a text links it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from backprop_docs.testing import ROOT

DOCS = ROOT / "docs"
LINK = re.compile(r"https?://[^\s)\"'<>\]]+")
CONFIG = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8").replace("!ENV", ""))
OURS = (CONFIG["site_url"], CONFIG["repo_url"], "http://127.0.0.1", "https://colab.research")
REFERENCES = (DOCS / "references.md").read_text("utf-8")
# A text a page may name, and the address its reference links.
SOURCES = {
    "CS231n": "https://cs231n.github.io/",
    "Nielsen": "http://neuralnetworksanddeeplearning.com/",
    "micrograd": "https://github.com/karpathy/micrograd",
    "Dive into Deep Learning": "https://d2l.ai/",
    "TensorFlow Playground": "https://playground.tensorflow.org/",
    "Hinton-Family-Tree-Exp-Repro": "https://github.com/guopei/Hinton-Family-Tree-Exp-Repro",
    "Learning representations by back-propagating errors": "https://doi.org/10.1038/323533a0",
}


def pages() -> list[Path]:
    return sorted([*DOCS.rglob("*.md"), *DOCS.rglob("*.ipynb")])


def external_links(page: Path) -> set[str]:
    text = page.read_text("utf-8")
    if page.suffix == ".ipynb":
        text = "".join("".join(cell["source"]) for cell in json.loads(text)["cells"])
    return {url.rstrip(".,") for url in LINK.findall(text) if not url.startswith(OURS)}


def test_the_paper_is_cited_with_its_doi_on_home_and_references() -> None:
    doi = SOURCES["Learning representations by back-propagating errors"]
    assert doi in (DOCS / "index.md").read_text("utf-8") and doi in REFERENCES
    assert "*Nature* **323**, 533–536 (1986)" in REFERENCES


@pytest.mark.parametrize("page", pages(), ids=lambda p: p.name)
def test_every_link_to_another_site_is_in_the_references(page: Path) -> None:
    assert external_links(page) <= external_links(DOCS / "references.md")


def test_every_source_named_here_is_linked_from_the_references() -> None:
    for address in SOURCES.values():
        assert address in REFERENCES, address


@pytest.mark.parametrize("page", pages(), ids=lambda p: p.name)
def test_a_page_that_names_a_source_links_it(page: Path) -> None:
    text = page.read_text("utf-8")
    missing = [name for name, url in SOURCES.items() if name in text and url not in text]
    assert missing == []
