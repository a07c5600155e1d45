"""Contrast of the figures' lines, marks and text against the page, in both themes."""

import pytest
from backprop_docs import contrast


def test_ratio_is_the_wcag_formula_at_its_known_points() -> None:
    assert contrast.ratio("#000", "#fff") == pytest.approx(21.0)
    assert contrast.ratio("#fff", "#fff") == pytest.approx(1.0)
    assert contrast.ratio("#777777", "#ffffff") == pytest.approx(4.478, abs=1e-3)  # WCAG's 4.5 edge
    assert contrast.ratio("#000", "#fff") == contrast.ratio("#fff", "#000")


def test_a_see_through_colour_is_laid_over_what_is_under_it() -> None:
    assert contrast.rgb("rgba(0, 0, 0, 0.5)", over="#ffffff") == (127.5, 127.5, 127.5)
    assert contrast.rgb("#00000080", over="#ffffff") == pytest.approx((127.0,) * 3, abs=0.6)
    with pytest.raises(ValueError, match="see-through"):
        contrast.rgb("rgba(0, 0, 0, 0.5)")


@pytest.mark.parametrize("colour", ["red", "#12", "rgb(1, 2)"])
def test_a_colour_it_cannot_read_is_a_value_error_naming_it(colour: str) -> None:
    with pytest.raises(ValueError, match="colour"):
        contrast.rgb(colour)


# --- the figures: every line, mark and label against what it is drawn on -----------------

import matplotlib  # noqa: E402
import numpy as np  # noqa: E402
from backprop_docs import figures  # noqa: E402
from matplotlib.axis import Axis  # noqa: E402
from matplotlib.collections import Collection, QuadMesh  # noqa: E402
from matplotlib.colors import to_hex, to_rgba  # noqa: E402
from matplotlib.image import AxesImage  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.spines import Spine  # noqa: E402
from matplotlib.text import Text  # noqa: E402


def seen(colour: object) -> str | None:
    """A Matplotlib colour as #rrggbb, or None if it is not drawn (no colour, or see-through)."""
    if colour is None or (isinstance(colour, str) and colour == "none"):
        return None
    rgba = to_rgba(colour)
    return None if rgba[3] == 0 else to_hex(rgba, keep_alpha=rgba[3] < 1)


def under_text(text: Text, ax: matplotlib.axes.Axes, ground: str) -> str:
    """What a label inside an axes is drawn on: the image's colour at its spot, or the axes'."""
    for image in ax.images:
        left, right, bottom, top = image.get_extent()
        x, y = text.get_position()
        values = image.get_array()
        rows, cols = values.shape[:2]
        col = int(np.floor((x - left) / (right - left) * cols))
        first = top if image.origin == "upper" else bottom  # the edge of row 0
        row = int(np.floor((y - first) / ((bottom + top - first) - first) * rows))
        if 0 <= row < rows and 0 <= col < cols:
            return to_hex(image.to_rgba(np.array([[values[row, col]]]))[0, 0])
    return ground


def marks(fig: matplotlib.figure.Figure, page: str):
    """(what, kind, colour, ground) for everything a figure draws: kind "text" or "mark"."""
    for text in fig.texts:
        if text.get_visible() and text.get_text().strip():
            yield f"figure text {text.get_text()!r}", "text", seen(text.get_color()), page
    for ax in fig.axes:
        face = seen(ax.patch.get_facecolor()) if ax.patch.get_visible() else None
        ground = face or page
        for child in ax.get_children():
            if not child.get_visible() or child is ax.patch or isinstance(child, AxesImage):
                continue
            if isinstance(child, QuadMesh):  # a colour bar's scale: colours as data
                continue
            if isinstance(child, Axis):
                for tick in child.get_major_ticks():
                    if not tick.get_visible():
                        continue
                    if tick.tick1line.get_visible() and tick.tick1line.get_markersize() > 0:
                        yield (
                            f"{child.axis_name} tick",
                            "mark",
                            seen(tick.tick1line.get_color()),
                            page,
                        )
                    if tick.label1.get_visible() and tick.label1.get_text().strip():
                        yield (
                            f"tick label {tick.label1.get_text()!r}",
                            "text",
                            seen(tick.label1.get_color()),
                            page,
                        )
                label = child.label
                if label.get_visible() and label.get_text().strip():
                    yield f"axis label {label.get_text()!r}", "text", seen(label.get_color()), page
            elif isinstance(child, Spine):
                if child.get_linewidth() > 0:  # against the page: a filled axes' edge is its own
                    yield "axes edge", "mark", seen(child.get_edgecolor()), page
            elif isinstance(child, Text):
                if not child.get_text().strip():
                    continue
                inside = child.get_transform() == ax.transData
                behind = under_text(child, ax, ground) if inside else page
                if child.get_bbox_patch() is not None:
                    behind = seen(child.get_bbox_patch().get_facecolor()) or behind
                yield f"text {child.get_text()!r}", "text", seen(child.get_color()), behind
            elif isinstance(child, Line2D):
                if child.get_linestyle() not in ("None", "", " ") and child.get_linewidth() > 0:
                    yield f"line {child.get_label()!r}", "mark", seen(child.get_color()), ground
                if child.get_marker() not in ("None", "", " ", None):
                    for colour in (child.get_markerfacecolor(), child.get_markeredgecolor()):
                        yield f"marker {child.get_label()!r}", "mark", seen(colour), ground
            elif isinstance(child, Patch):
                face, edge = seen(child.get_facecolor()), seen(child.get_edgecolor())
                if child.get_fill() and face and face != ground:
                    yield f"patch {type(child).__name__}", "mark", face, ground
                if child.get_linewidth() > 0 and edge and edge not in (ground, face):
                    yield f"patch edge {type(child).__name__}", "mark", edge, ground
            elif isinstance(child, Collection):
                colours = list(child.get_facecolors()) + (
                    list(child.get_edgecolors())
                    if max(child.get_linewidths(), default=0) > 0
                    else []
                )
                for colour in {seen(c) for c in colours} - {None, ground}:
                    yield f"points {child.get_label()!r}", "mark", colour, ground
        legend = ax.get_legend()
        if legend is not None:
            frame = seen(legend.get_frame().get_facecolor()) if legend.get_frame_on() else None
            frame = to_hex(np.array(contrast.rgb(frame, over=ground)) / 255) if frame else ground
            for text in legend.get_texts():
                yield f"legend {text.get_text()!r}", "text", seen(text.get_color()), frame
            for handle in legend.legend_handles:
                colour = (
                    handle.get_color() if isinstance(handle, Line2D) else handle.get_facecolor()
                )
                yield f"legend key {handle.get_label()!r}", "mark", seen(colour), frame


DRAWINGS = [
    (name, narrow, suffix)
    for name in figures.FIGURES
    for _, narrow in figures.variants(name)
    for suffix in figures.THEMES
]


@pytest.mark.parametrize(
    ("name", "narrow", "suffix"),
    DRAWINGS,
    ids=[f"{n.removesuffix('.svg')}{'-narrow' if w else ''}{s}" for n, w, s in DRAWINGS],
)
def test_every_line_mark_and_label_of_a_figure_stands_out_from_what_it_is_drawn_on(
    name: str, narrow: bool, suffix: str
) -> None:
    page = contrast.PAGE["dark" if suffix else "light"]
    with matplotlib.rc_context(figures.STYLE | figures.THEMES[suffix]):
        fig = figures.make(name, narrow)
        fig.canvas.draw()  # ticks and legends exist once drawn
        found = list(marks(fig, page))
    assert found, f"{name}: nothing drawn was found to check"
    faint = sorted(
        {
            f"{what}: {colour} on {behind} is {contrast.ratio(colour, behind):.2f}:1, "
            f"needs {need}:1"
            for what, kind, colour, behind in found
            if colour is not None
            and contrast.ratio(colour, behind)
            < (need := contrast.TEXT if kind == "text" else contrast.MARK)
        }
    )
    assert not faint, f"{name}{' narrow' if narrow else ''}{suffix or ' light'}:\n" + "\n".join(
        faint
    )


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_page_colours_the_contrast_is_measured_against_are_the_sites(visit, theme: str) -> None:  # noqa: ANN001
    seen = visit("xor/", dark=theme == "dark")
    background = seen.page.evaluate(
        "getComputedStyle(document.querySelector('.md-main')).backgroundColor "
        "+ '|' + getComputedStyle(document.body).backgroundColor"
    )
    colours = {c for c in background.split("|") if c != "rgba(0, 0, 0, 0)"}
    assert colours, "the page has no background colour to measure"
    for colour in colours:
        assert contrast.rgb(colour) == pytest.approx(contrast.rgb(contrast.PAGE[theme]), abs=1)
