"""A Python-Markdown extension: settings written into the prose when the site is built.

``{{ TUTORIAL.epsilon }}`` in a page becomes the tutorial's learning rate, read from
`backprop.TUTORIAL` when the page is built, so a sentence that states a setting cannot be
left behind when the setting changes; ``{{ TUTORIAL.sizes.1 }}`` is an item (4, the hidden
units). A format spec may follow a colon, as in an f-string:
``{{ TUTORIAL.sweeps:, }}`` is "10,001". A name that does not exist stops the build,
naming the page. The downloads (`backprop_docs.downloads`) fill in the same values.

Code blocks keep their literals (``epsilon=0.5`` teaches, and the doctests run the page as
written); ``tests/test_settings.py`` holds those literals to `backprop.TUTORIAL`.
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from backprop import TUTORIAL

PLACEHOLDER = re.compile(r"\{\{ (?P<name>[A-Z_]+(?:\.\w+)*)(?::(?P<spec>[^}]*))? \}\}")
VALUES = {"TUTORIAL": TUTORIAL}  # what a page may name


try:  # under MkDocs, an error that stops the build with one message
    from mkdocs.exceptions import BuildError

    _BASES: tuple[type, ...] = (BuildError, ValueError)
except ImportError:
    _BASES = (ValueError,)


class ValueNameError(*_BASES):
    """A placeholder that names no value."""


def fill(text: str, where: str = "<markdown>") -> str:
    """``text`` with every ``{{ NAME.attribute:spec }}`` replaced by the value's text."""

    def value(m: re.Match[str]) -> str:
        first, *rest = m["name"].split(".")
        if first not in VALUES:
            raise ValueNameError(f"{where}: no value {m['name']!r} (known: {sorted(VALUES)})")
        found: object = VALUES[first]
        for attribute in rest:  # an attribute, or an index: sizes.1 is sizes[1]
            try:
                found = found[int(attribute)] if attribute.isdigit() else getattr(found, attribute)
            except (AttributeError, IndexError, TypeError):
                raise ValueNameError(f"{where}: no value {m['name']!r}") from None
        return format(found, m["spec"] or "")

    return PLACEHOLDER.sub(value, text)


class FillValues(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if "{{ " not in text:
            return lines
        relpath = self.md.treeprocessors["relpath"] if "relpath" in self.md.treeprocessors else None
        where = getattr(getattr(relpath, "file", None), "src_uri", None) or "<markdown>"
        return fill(text, where).split("\n")


class ValuesExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802
        md.registerExtension(self)
        # Before everything else (the equation pairs are 35, raw HTML 20): a value may sit
        # in raw HTML too (the playground's form).
        md.preprocessors.register(FillValues(md), "backprop-values", 40)


def makeExtension(**kwargs: object) -> ValuesExtension:  # noqa: N802
    return ValuesExtension(**kwargs)
