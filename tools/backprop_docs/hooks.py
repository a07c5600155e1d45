"""The site's build, step by step: what MkDocs calls, and in what order each step runs.

``mkdocs.yml`` loads ``tools/mkdocs_hooks.py``, which hands MkDocs these functions. Each
event runs its steps top to bottom; the comment beside a step says why it comes where it
does. The steps live in the modules of this package; this module only orders them.
MkDocs runs the plugins of ``mkdocs.yml`` (search, mkdocstrings, mkdocs-jupyter) before
these.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from backprop_docs import copy_buttons, downloads, figures, footer, notebooks, source_views


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    config.copyright = footer.footer()  # which machines verified these very sources
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    files = source_views.add_pages(files, config)  # a page per module of backprop/
    files = notebooks.use_executed(files, config)  # after mkdocs-jupyter's on_files: it
    #   then converts the executed copy of each notebook
    files = figures.add(files, config)  # every figure, light and dark (the slow step)
    files = downloads.add(files, config)  # each page with code, as a notebook and a script,
    #   after the figures: a notebook carries its page's figures inside it
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    markdown = source_views.fill(markdown, page, config)  # a source page: its module
    markdown = downloads.link(markdown, page, config)  # the downloads line under the title
    markdown = figures.themed(markdown, page)  # each figure as one image per theme
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    html = notebooks.adjust(html, page)  # a notebook page: MathML, no CDN, alt texts, dark
    #   plots; before the copy buttons, which then see its code cells
    html = copy_buttons.mark(html, page)  # what each copy button copies
    return html


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return footer.label_search(output, page.file.src_uri)  # in the theme's HTML: last


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """The same for the page built from a template alone (the 404 page)."""
    if template_name != "404.html":
        return output
    return footer.label_search(output, template_name)
