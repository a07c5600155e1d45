"""The figures follow the theme: each is drawn for light and for dark, and a reader sees the
one that matches (docs/hooks/figures.py)."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import matplotlib
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

from conftest import ROOT, load

PAGES = sorted(p.stem for p in (ROOT / "docs").glob("*.md") if "](figures/" in p.read_text("utf-8"))


def background(svg: Path) -> str:
    """The fill of the figure's own background (Matplotlib's first patch)."""
    text = svg.read_text("utf-8")
    start = text.index('<g id="patch_1">')
    return re.search(r'style="fill: ([^;"]+)', text[start : text.index("/>", start)])[1]


def test_every_figure_has_a_dark_variant_on_a_transparent_background(built_site: Path) -> None:
    light = sorted(p for p in (built_site / "figures").glob("*.svg") if "-dark" not in p.stem)
    assert len(light) == 6
    for figure in light:
        assert background(figure) == "#ffffff", figure.name
        assert background(figure.with_name(f"{figure.stem}-dark.svg")) == "none", figure.name


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("page", PAGES)
def test_a_reader_sees_the_figures_of_their_theme(visit, page: str, dark: bool) -> None:
    shown = visit(f"{page}/", dark=dark).page.evaluate(
        "[...document.querySelectorAll('article img')].filter(i => i.offsetParent !== null)"
        ".map(i => [i.getAttribute('src'), i.naturalWidth])"
    )
    figures = [(src, width) for src, width in shown if "figures/" in src]
    assert figures and all(width > 0 for _, width in figures)
    for src, _ in figures:
        assert src.endswith("-dark.svg#only-dark" if dark else ".svg#only-light"), src
        assert dark or "-dark" not in src


figures = load("figures_hook_for_tests", ROOT / "docs" / "hooks" / "figures.py")


def drawn_texts(fig) -> list:  # noqa: ANN001 - a Matplotlib Figure, drawn
    """Every piece of text the figure shows (tick labels of ticks outside the view are not
    drawn: Axis._update_ticks is what Matplotlib itself draws from)."""
    hidden = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            drawn = set(map(id, axis._update_ticks()))
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if id(tick) not in drawn:
                    hidden |= {id(tick.label1), id(tick.label2)}
    return [
        t
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip() and id(t) not in hidden
    ]


@pytest.mark.parametrize("name", sorted(figures.FIGURES))
def test_no_two_labels_of_a_figure_collide(name: str) -> None:
    with matplotlib.rc_context(figures.STYLE):
        fig = figures.FIGURES[name]()
        FigureCanvasAgg(fig).draw()
        renderer = fig.canvas.get_renderer()
        boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in drawn_texts(fig)]
    collisions = [
        (a, b)
        for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2)
        if min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0) > 1
        and min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0) > 1
    ]
    assert len(boxes) >= 10 and collisions == []
