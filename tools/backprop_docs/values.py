"""A Python-Markdown extension: settings written into the prose when the site is built.

``{{ TUTORIAL.epsilon }}`` in a page becomes the tutorial's learning rate, read from
`backprop.TUTORIAL` when the page is built, so a sentence that states a setting cannot be
left behind when the setting changes; ``{{ TUTORIAL.sizes.1 }}`` is an item (4, the hidden
units). A format spec may follow a colon, as in an f-string:
``{{ TUTORIAL.sweeps:, }}`` is "10,001". ``{{ TIMED.family.low:.0f }}`` is a time ratio
measured on the machine that builds the site (`backprop_docs.timing`). A lower-case name
is a value of the page's own code where the placeholder stands (``{{ first_change:.3f }}``:
`backprop_docs.pages` runs the page's code, cached): a number the prose states is then the
number the page's doctests hold. A name that does not exist stops the build, naming the
page. The downloads (`backprop_docs.downloads`) fill in the same values.

Code blocks keep their literals (``epsilon=0.5`` teaches, and the doctests run the page as
written); ``tests/test_settings.py`` holds those literals to `backprop.TUTORIAL`.
"""

from __future__ import annotations

import re
from pathlib import Path

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from backprop import TUTORIAL
from backprop_docs.timing import TIMED

PLACEHOLDER = re.compile(r"\{\{ (?P<name>[A-Z_]+(?:\.\w+)*)(?::(?P<spec>[^}]*))? \}\}")
VALUES = {"TUTORIAL": TUTORIAL, "TIMED": TIMED}  # what a page may name


try:  # under MkDocs, an error that stops the build with one message
    from mkdocs.exceptions import BuildError

    _BASES: tuple[type, ...] = (BuildError, ValueError)
except ImportError:
    _BASES = (ValueError,)


class ValueNameError(*_BASES):
    """A placeholder that names no value."""


def resolve(m: re.Match[str], namespace: dict[str, object], where: str) -> str:
    """The text of one placeholder: its name looked up in ``namespace``, formatted."""
    first, *rest = m["name"].split(".")
    if first not in namespace:
        known = f" (known: {sorted(VALUES)})" if namespace is VALUES else ""
        raise ValueNameError(f"{where}: no value {m['name']!r}{known}")
    found: object = namespace[first]
    for attribute in rest:  # an attribute, or an index: sizes.1 is sizes[1]
        try:
            found = found[int(attribute)] if attribute.isdigit() else getattr(found, attribute)
        except (AttributeError, IndexError, TypeError):
            raise ValueNameError(f"{where}: no value {m['name']!r}") from None
    return format(found, m["spec"] or "")


def fill(text: str, where: str = "<markdown>", page: Path | None = None) -> str:
    """``text`` with every ``{{ NAME.attribute:spec }}`` replaced by the value's text; with
    ``page`` (the Markdown file), a lower-case name is a value of the page's own code, where
    the placeholder stands (`backprop_docs.pages`)."""
    text = PLACEHOLDER.sub(lambda m: resolve(m, VALUES, where), text)
    if page is None or "{{ " not in text:
        return text
    from backprop_docs import pages

    found = iter(pages.prose_values(page))
    return pages.VALUE.sub(lambda m: next(found), text)


class FillValues(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if "{{ " not in text:
            return lines
        relpath = self.md.treeprocessors["relpath"] if "relpath" in self.md.treeprocessors else None
        file = getattr(relpath, "file", None)
        where = getattr(file, "src_uri", None) or "<markdown>"
        page = Path(file.abs_src_path) if getattr(file, "abs_src_path", None) else None
        return fill(text, where, page).split("\n")


class ValuesExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802
        md.registerExtension(self)
        # Before everything else (the equation pairs are 35, raw HTML 20): a value may sit
        # in raw HTML too (the playground's form).
        md.preprocessors.register(FillValues(md), "backprop-values", 40)


def makeExtension(**kwargs: object) -> ValuesExtension:  # noqa: N802
    return ValuesExtension(**kwargs)
