"""One way to change HTML that another package wrote: say what you expect to find.

Material, mkdocs-jupyter and nbconvert write HTML this site adjusts (an accessible name on
the search toggle, no CDN scripts on notebook pages...). If an update changes their
templates, a silent search-and-replace would quietly stop working; ``patch`` stops the
build instead, naming what it expected.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from mkdocs.exceptions import PluginError


def patch(
    text: str,
    pattern: str | re.Pattern[str],
    replacement: str | Callable[[re.Match[str]], str],
    what: str,
    where: str,
) -> str:
    """``text`` with every match of ``pattern`` replaced; a build error if there is none.

    ``pattern`` is a literal string (then ``replacement`` is one too) or a compiled regular
    expression (then ``replacement`` may be a function of the match).
    """
    if isinstance(pattern, str):
        count = text.count(pattern)
        new = text.replace(pattern, replacement)
    else:
        new, count = pattern.subn(replacement, text)
    if count == 0:
        raise PluginError(
            f"{where}: expected {what} in the HTML, and found none; the template it comes "
            "from has changed: update backprop_docs to match"
        )
    return new
