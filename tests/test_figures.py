"""The figures follow the theme: each is drawn for light and for dark, and a reader sees the
one that matches (backprop_docs.figures)."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from backprop_docs import figures
from backprop_docs.testing import ROOT, Tabs
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

PAGES = sorted(p.stem for p in (ROOT / "docs").glob("*.md") if "](figures/" in p.read_text("utf-8"))


@pytest.fixture(scope="module", params=PAGES)
def page(request: pytest.FixtureRequest) -> str:
    """Each page with figures, in turn (module-scoped: its tests run together)."""
    return request.param


@pytest.fixture(scope="module")
def view(tabs: Tabs, page: str) -> Iterator[Callable[..., object]]:
    """The page as a reader sees it at a width and in a theme: each way loaded once and
    shared by this module's tests, which only read it."""
    opened = {}

    def load_once(width: int = 1280, dark: bool = False) -> object:  # a Playwright Page
        if (width, dark) not in opened:
            opened[width, dark] = tabs.open(f"{page}/", width, dark=dark)
        return opened[width, dark].page

    yield load_once
    for seen in opened.values():
        tabs.close(seen)


def background(svg: Path) -> str:
    """The fill of the figure's own background (Matplotlib's first patch)."""
    text = svg.read_text("utf-8")
    start = text.index('<g id="patch_1">')
    return re.search(r'style="fill: ([^;"]+)', text[start : text.index("/>", start)])[1]


def test_every_figure_has_a_dark_variant_on_a_transparent_background(built_site: Path) -> None:
    light = sorted(p for p in (built_site / "figures").glob("*.svg") if "-dark" not in p.stem)
    assert len(light) == len(figures.FIGURES) + len(figures.NARROW) > 0
    for figure in light:
        assert background(figure) == "#ffffff", figure.name
        assert background(figure.with_name(f"{figure.stem}-dark.svg")) == "none", figure.name


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_a_reader_sees_the_figures_of_their_theme(view, dark: bool) -> None:
    shown = view(dark=dark).evaluate(
        "[...document.querySelectorAll('article img')].filter(i => i.offsetParent !== null)"
        ".map(i => [i.getAttribute('src'), i.naturalWidth])"
    )
    figures = [(src, width) for src, width in shown if "figures/" in src]
    assert figures and all(width > 0 for _, width in figures)
    for src, _ in figures:
        assert src.endswith("-dark.svg#only-dark" if dark else ".svg#only-light"), src
        assert dark or "-dark" not in src


def drawn_texts(fig) -> list:  # noqa: ANN001 - a Matplotlib Figure, drawn
    """Every piece of text the figure shows (tick labels of ticks outside the view are not
    drawn: Axis._update_ticks is what Matplotlib itself draws from)."""
    hidden = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if not ax.axison:  # ax.axis("off"): no ticks, no tick labels
                hidden |= {id(t) for t in axis.get_ticklabels(which="both")}
                continue
            drawn = set(map(id, axis._update_ticks()))
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if id(tick) not in drawn:
                    hidden |= {id(tick.label1), id(tick.label2)}
    return [
        t
        for t in fig.findobj(Text)
        if t.get_visible() and t.get_text().strip() and id(t) not in hidden
    ]


DRAWINGS = [
    (name, narrow) for name in sorted(figures.FIGURES) for _, narrow in figures.variants(name)
]
each_drawing = pytest.mark.parametrize(  # every drawing: each figure, wide and narrow
    ("name", "narrow"),
    DRAWINGS,
    ids=lambda v: v if isinstance(v, str) else ("narrow" if v else "wide"),
)


@functools.cache
def drawn(name: str, narrow: bool) -> tuple[list[tuple[str, Bbox, float]], list[np.ndarray]]:
    """Each text of a drawing (its words, box in pixels and size in points), and the points
    of each line drawn in its axes (in pixels, about one per pixel)."""
    with matplotlib.rc_context(figures.STYLE):
        fig = figures.make(name, narrow)  # from its page's values, as the build draws it
        FigureCanvasAgg(fig).draw()
        renderer = fig.canvas.get_renderer()
        texts = [
            (t.get_text(), t.get_window_extent(renderer), t.get_fontsize())
            for t in drawn_texts(fig)
        ]
        lines = []
        for ax in fig.axes:
            for line in ax.lines:
                corners = line.get_transform().transform(line.get_path().vertices)
                between = [
                    np.linspace(a, b, max(2, int(np.hypot(*(b - a)))))
                    for a, b in zip(corners, corners[1:], strict=False)
                ]
                points, box = np.vstack(between), ax.bbox  # as drawn: clipped to the axes
                inside = (points >= [box.x0, box.y0]).all(axis=1) & (
                    points <= [box.x1, box.y1]
                ).all(axis=1)
                lines.append(points[inside])
    return texts, lines


@each_drawing
def test_no_two_labels_of_a_figure_collide(name: str, narrow: bool) -> None:
    texts, _ = drawn(name, narrow)
    collisions = [
        (a, b)
        for (a, box_a, _), (b, box_b, _) in itertools.combinations(texts, 2)
        if min(box_a.x1, box_b.x1) - max(box_a.x0, box_b.x0) > 1
        and min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0) > 1
    ]
    assert len(texts) >= 8 and collisions == []


@each_drawing
def test_no_line_of_a_figure_runs_through_a_label(name: str, narrow: bool) -> None:
    texts, lines = drawn(name, narrow)
    crossed = [
        words
        for words, box, _ in texts
        for points in lines
        if box.padded(-1).count_contains(points) > 0
    ]
    assert crossed == []


def test_the_line_check_sees_a_line_through_a_label() -> None:
    """The check above can fail: a label placed on the line of the XOR hidden-space figure."""
    fig = Figure()
    ax = fig.subplots()
    ax.plot([0, 1], [0, 1])
    ax.text(0.5, 0.5, "on the line", ha="center", va="center")
    FigureCanvasAgg(fig).draw()
    box = ax.texts[0].get_window_extent(fig.canvas.get_renderer())
    points = ax.lines[0].get_transform().transform(np.linspace([0, 0], [1, 1], 500))
    assert box.padded(-1).count_contains(points) > 0


def shown_size(built_site: Path, src: str, width: float) -> tuple[str, float]:
    """The figure an <img> shows, and the size in CSS pixels of its smallest text there."""
    stem = src.split("figures/")[1].split("#")[0].removesuffix(".svg").removesuffix("-dark")
    name, narrow = (stem.removesuffix("-narrow") + ".svg", stem.endswith("-narrow"))
    svg = (built_site / "figures" / f"{stem}.svg").read_text("utf-8")
    points_wide = float(re.search(r'<svg[^>]*\bwidth="([\d.]+)pt"', svg)[1])
    smallest = min(size for _, _, size in drawn(name, narrow)[0])
    return stem, smallest * width / points_wide  # points of text, scaled as the image is


def test_every_figure_text_is_at_least_9_px_on_a_phone(view, built_site: Path) -> None:
    shown = view(width=390).evaluate(
        "[...document.querySelectorAll('article img')].filter(i => i.offsetParent !== null)"
        ".map(i => [i.getAttribute('src'), i.getBoundingClientRect().width])"
    )
    sizes = dict(shown_size(built_site, src, width) for src, width in shown if "figures/" in src)
    assert sizes and all(px >= 9 for px in sizes.values()), sizes


def test_a_desktop_shows_the_wide_figures_and_a_phone_the_narrow_ones(view) -> None:
    def shown(width: int) -> list[str]:
        return view(width=width).evaluate(
            "[...document.querySelectorAll('article img')].filter(i => i.offsetParent !== null)"
            ".map(i => i.getAttribute('src')).filter(s => s.includes('figures/'))"
        )

    wide, phone = shown(1280), shown(390)
    assert wide and len(wide) == len(phone)
    assert not any("-narrow" in src for src in wide)
    narrow = {f"{name.removesuffix('.svg')}-narrow" for name in figures.NARROW}
    for src in phone:
        stem = src.split("figures/")[1].split(".svg")[0]
        assert ("-narrow" in stem) == (f"{stem.removesuffix('-narrow')}-narrow" in narrow), src
