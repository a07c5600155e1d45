"""The source pages as a reader sees them: line numbers apart from the code, the line a link
points at highlighted, and on a phone every "# (N)" link on screen."""

from __future__ import annotations

import re
from pathlib import Path

from backprop_docs.testing import ROOT

NETWORK = (ROOT / "backprop" / "network.py").read_text("utf-8").splitlines()
TAGGED = next(k + 1 for k, line in enumerate(NETWORK) if re.search(r"#\s*\(5\)\s*$", line))


def test_line_numbers_sit_in_a_gutter_apart_from_the_code(visit) -> None:
    page = visit("source/network/").page
    gaps = page.evaluate(
        """() => [...document.querySelectorAll('.source-view .line')].slice(0, 400)
            .filter(line => line.children.length > 1)
            .map(line => line.children[1].getBoundingClientRect().left
                         - line.children[0].getBoundingClientRect().right)"""
    )
    assert len(gaps) > 100 and min(gaps) >= 8  # px between the number and the code


def test_the_line_a_link_points_at_is_highlighted(visit) -> None:
    page = visit(f"source/network/#L-{TAGGED}").page
    target, other = (
        page.evaluate(f"getComputedStyle(document.getElementById('L-{n}')).backgroundColor")
        for n in (TAGGED, TAGGED + 1)
    )
    assert target != other and other in ("rgba(0, 0, 0, 0)", "transparent")


def test_on_a_phone_every_equation_link_is_on_screen(visit) -> None:
    page = visit("source/network/", width=390, height=844).page
    rights = page.evaluate(
        "[...document.querySelectorAll('.source-view .eq-backlink')]"
        ".map(a => a.getBoundingClientRect().right)"
    )
    assert len(rights) >= 9 and max(rights) <= 390


def test_only_a_module_with_equations_says_its_comments_link_to_them(built_site: Path) -> None:
    says = "links back to equation (N)"
    assert says in (built_site / "source" / "network" / "index.html").read_text("utf-8")
    assert says not in (built_site / "source" / "_checks" / "index.html").read_text("utf-8")
