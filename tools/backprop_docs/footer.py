"""Build step: a footer with what the site was verified on, and small accessibility fixes.

The footer is filled in at build time. The deploy workflow builds the site only after the
test suite has passed. It names the legs that verified these very sources (CPU kernels,
NumPy and Python versions; see `backprop_docs.verified`) when ``.ci/run`` or the
workflow has left that record, and otherwise the Python and NumPy that built the site.

Accessibility (found by axe-core in the browser tests): Material's search toggle, a hidden
checkbox, gets an accessible name (through ``patching.patch``, which stops the build if the
toggle is no longer there to name).
"""

from __future__ import annotations

import datetime
import os
import platform

import numpy as np

from backprop_docs import verified
from backprop_docs.patching import patch


def build_date() -> datetime.date:
    """Today, or SOURCE_DATE_EPOCH's day for a reproducible build."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC).date()
    return datetime.date.today()


def footer() -> str:
    legs = verified.summary()
    what = (
        f"verified {legs}"
        if legs
        else f"verified with Python {platform.python_version()} and NumPy {np.__version__}"
    )
    return (
        f'<span class="build-info">Every code block {what}; '
        f"built {build_date().isoformat()}.</span>"
    )


SEARCH_TOGGLE = '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search"'


def label_search(output: str, where: str) -> str:
    return patch(
        output,
        SEARCH_TOGGLE,
        SEARCH_TOGGLE + ' aria-label="Search"',
        "Material's search toggle (an <input> with id __search)",
        where,
    )
