"""MkDocs hook: a footer with what the site was verified on, and small accessibility fixes.

The footer is filled in at build time. The deploy workflow builds the site only after the
test suite has passed. It names the legs that verified these very sources (CPU kernels,
NumPy and Python versions; see ``verified.py`` beside this file) when ``.ci/run`` or the
workflow has left that record, and otherwise the Python and NumPy that built the site.

Accessibility (found by axe-core in the browser tests): Material's search toggle, a hidden
checkbox, gets an accessible name; scrollable notebook code cells become focusable, so a
keyboard can scroll them.
"""

from __future__ import annotations

import datetime
import importlib.util
import os
import platform
import re
from pathlib import Path

import numpy as np
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page


def build_date() -> datetime.date:
    """Today, or SOURCE_DATE_EPOCH's day for a reproducible build."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC).date()
    return datetime.date.today()


def verified_legs() -> str | None:
    """What verified these sources, from the record the test legs leave, if any."""
    spec = importlib.util.spec_from_file_location(
        "verified", Path(__file__).with_name("verified.py")
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.summary()


def footer() -> str:
    legs = verified_legs()
    what = (
        f"verified {legs}"
        if legs
        else f"verified with Python {platform.python_version()} and NumPy {np.__version__}"
    )
    return (
        f'<span class="build-info">Every code block {what}; '
        f"built {build_date().isoformat()}.</span>"
    )


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    config.copyright = footer()
    return config


SEARCH_TOGGLE = '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search"'
NOTEBOOK_CODE = re.compile(r'<div class="highlight-ipynb hl-python">')


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    output = output.replace(SEARCH_TOGGLE, SEARCH_TOGGLE + ' aria-label="Search"')
    return NOTEBOOK_CODE.sub('<div class="highlight-ipynb hl-python" tabindex="0">', output)


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """The same for pages built from a template alone (the 404 page)."""
    return output.replace(SEARCH_TOGGLE, SEARCH_TOGGLE + ' aria-label="Search"')
