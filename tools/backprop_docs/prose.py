"""The numbers in a page's prose, and where each comes from.

Every number a page states in a sentence (outside its code, its outputs and its math) is
one of three things:

- printed by the page's own code in the same section (between two headings), so the
  sentence sits next to the output that holds it;
- written in at build time, ``{{ TUTORIAL.epsilon }}`` or a value of the page's code,
  ``{{ first_change:.3f }}`` (`backprop_docs.values`); the scanner never sees those;
- on the page's own list of numbers that are not results, an HTML comment at its top::

      <!-- not results: 1986 (the paper's year); 0, 1 (the inputs); 1 to 9 (equations) -->

  each group of numbers with the reason they are not results (years, equation and section
  numbers, the settings the page chooses, the sizes it defines).

`unexplained` lists the rest; ``tests/test_prose.py`` fails on any.
"""

from __future__ import annotations

import doctest
import re
from dataclasses import dataclass

from backprop_docs.downloads import FENCE, NOT_RESULTS, flatten

NUMBER = re.compile(r"(?<![\w.$\\#/=-])[+-]?\d(?:[\d,]*\d)?(?:\.\d+)?(?:e[+-]?\d+)?%?(?!\w)")
HEADING = re.compile(r"^#{1,6} .*$", re.MULTILINE)
_HIDDEN = [  # what is not prose: math, code spans, comments, tags, link targets, placeholders,
    # and equation numbers: (5), or (5) and (6)
    re.compile(r"\((?:\d{1,2}\)(?:,| and| to|–)? ?\(?)+"),
    re.compile(r"\$\$.*?\$\$", re.DOTALL),
    re.compile(r"(?<!\\)\$[^$\n]+\$"),
    re.compile(r"`[^`\n]+`"),
    re.compile(r"<!--.*?-->", re.DOTALL),
    re.compile(r"<[^>\n]+>"),
    re.compile(r"\]\([^)\n]*\)"),
    re.compile(r"\{[:#.][^}\n]*\}"),  # attribute lists: { #anchor }, {: .class }
    re.compile(r"\{\{[^}]*\}\}"),
]


@dataclass(frozen=True)
class Numeral:
    line: int
    text: str
    section: str


def _plain(number: str) -> str:
    """A number as compared: no thousands commas, no sign, no trailing %."""
    return number.replace(",", "").lstrip("+").rstrip("%")


def not_results(markdown: str) -> set[str]:
    """The numbers the page lists as not results."""
    found = set()
    for m in NOT_RESULTS.finditer(markdown):
        listed = re.sub(r"\([^)]*\)", " ", m["list"])  # the reasons
        for low, high in re.findall(r"(\d+) to (\d+)", listed):  # "1 to 9": each of them
            found |= {str(k) for k in range(int(low), int(high) + 1)}
        found |= {_plain(n) for n in NUMBER.findall(listed)}
    return found


def _outputs(body: str, lang: str) -> str:
    if lang == "pycon":
        return "".join(e.want for e in doctest.DocTestParser().get_examples(body))
    return body if lang in {"output", "text"} else ""


def numerals(markdown: str) -> tuple[list[Numeral], dict[str, set[str]]]:
    """The numbers in the page's prose, and, by section, the numbers its code prints there."""
    text = flatten(markdown)
    printed: dict[str, set[str]] = {}
    sections = [(0, "")] + [(m.start(), m[0]) for m in HEADING.finditer(text)]

    def section_at(position: int) -> str:
        return [title for start, title in sections if start <= position][-1]

    def blank(m: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", m[0])

    for fence in FENCE.finditer(text):
        out = _outputs(fence["body"], fence["lang"])
        printed.setdefault(section_at(fence.start()), set()).update(
            _plain(n) for n in NUMBER.findall(out)
        )
    prose = FENCE.sub(blank, text)
    prose = HEADING.sub(blank, prose)
    for pattern in _HIDDEN:
        prose = pattern.sub(blank, prose)
    found = [
        Numeral(prose.count("\n", 0, m.start()) + 1, m[0], section_at(m.start()))
        for m in NUMBER.finditer(prose)
    ]
    return found, printed


def unexplained(markdown: str) -> list[Numeral]:
    """The numbers in the prose that no code beside them prints and no list explains."""
    found, printed = numerals(markdown)
    listed = not_results(markdown)
    return [
        n
        for n in found
        if _plain(n.text) not in listed and _plain(n.text) not in printed.get(n.section, set())
    ]
