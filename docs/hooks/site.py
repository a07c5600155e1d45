"""MkDocs hook: a footer with what the site was verified with, and small accessibility fixes.

The footer is filled in at build time. The deploy workflow builds the site only after the
test suite has passed, so "verified with" is literal: these versions ran every code block.

Accessibility (found by axe-core in the browser tests): Material's search toggle, a hidden
checkbox, gets an accessible name; scrollable notebook code cells become focusable, so a
keyboard can scroll them.
"""

from __future__ import annotations

import datetime
import os
import platform
import re

import numpy as np
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page


def build_date() -> datetime.date:
    """Today, or SOURCE_DATE_EPOCH's day for a reproducible build."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC).date()
    return datetime.date.today()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    config.copyright = (
        f'<span class="build-info">Every code block verified with Python '
        f"{platform.python_version()} and NumPy {np.__version__}; "
        f"built {build_date().isoformat()}.</span>"
    )
    return config


SEARCH_TOGGLE = '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search"'
NOTEBOOK_CODE = re.compile(r'<div class="highlight-ipynb hl-python">')


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    output = output.replace(SEARCH_TOGGLE, SEARCH_TOGGLE + ' aria-label="Search"')
    return NOTEBOOK_CODE.sub('<div class="highlight-ipynb hl-python" tabindex="0">', output)


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """The same for pages built from a template alone (the 404 page)."""
    return output.replace(SEARCH_TOGGLE, SEARCH_TOGGLE + ' aria-label="Search"')
