"""Build step: draw the site's figures at build time, from the pages' own results.

A figure is a function that returns a Matplotlib figure, registered with `figure`; this step
saves each as ``figures/NAME.svg`` among the site's files (pages link to it like any other
file, and the strict build checks the links). Nothing drawn here is committed.

A figure that shows a page's study names its page (``page="experiments.md"``) and asks for
the page's own values by the names of its parameters (``def xor_solve_rates(results)``):
`backprop_docs.pages` runs the page's code and hands it what the page had made where the
figure appears. No figure repeats a page's call. Each drawing is kept in the studies cache,
keyed by its function (and the helpers and constants it uses), the page's code before it,
the theme and the machine: a prose edit redraws nothing, an edit of one figure redraws it.
"""

from __future__ import annotations

import dis
import functools
import inspect
import io
import logging
import re
import time
from collections.abc import Callable

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.patches import Circle, Rectangle
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from backprop import TUTORIAL, forward, unstack
from backprop_docs import cache, contrast, downloads, pages

log = logging.getLogger("mkdocs.plugins.backprop")
DOCS = cache.ROOT / "docs"

FIGURES: dict[str, Callable[..., Figure]] = {}
# Figures also drawn narrow, make(narrow=True): a page shows that drawing below 45em (720 px,
# docs/stylesheets/extra.css), where the wide one would shrink its text below 9 px.
NARROW: set[str] = set()
PAGE: dict[str, str] = {}  # a figure drawn from a page's values: the page
STYLE = {"svg.hashsalt": "backprop", "font.size": 10}  # a fixed hash salt: the same SVG each build


def figure(
    name: str, page: str | None = None, narrow: bool = False
) -> Callable[[Callable[..., Figure]], Callable[..., Figure]]:
    """Register a figure; with ``page``, its parameters (but ``narrow``) name that page's
    values where the figure appears."""

    def register(make: Callable[..., Figure]) -> Callable[..., Figure]:
        FIGURES[name] = make
        if narrow:
            NARROW.add(name)
        if page:
            PAGE[name] = page
        return make

    return register


def variants(name: str) -> list[tuple[str, bool]]:
    """The file suffix and layout of each drawing of a figure (before the theme's suffix)."""
    return [("", False), ("-narrow", True)] if name in NARROW else [("", False)]


def needs(name: str) -> list[str]:
    """The page values a figure asks for: its parameters, but ``narrow``."""
    return [p for p in inspect.signature(FIGURES[name]).parameters if p != "narrow"]


@functools.cache
def page_values(page: str) -> dict[str, dict[str, object]]:
    """What the page's code had made at each figure it shows (run once per build)."""
    return pages.run(DOCS / page)


def values(name: str) -> dict[str, object]:
    """The values a figure is drawn from: from its page, by the names it asks for."""
    if name not in PAGE:
        return {}
    shown = page_values(PAGE[name])
    if name not in shown:
        raise PluginError(f"figure {name} is drawn from {PAGE[name]}, which does not show it")
    missing = [n for n in needs(name) if n not in shown[name]]
    if missing:
        raise PluginError(
            f"figure {name} asks {PAGE[name]} for {missing}, which its code has not made "
            "where the figure appears"
        )
    return {n: shown[name][n] for n in needs(name)}


def make(name: str, narrow: bool = False) -> Figure:
    """The figure, drawn (wide, or narrow) from its values."""
    return FIGURES[name](**values(name), **({"narrow": True} if narrow else {}))


def svg(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return buffer.getvalue()


# Each figure is drawn twice: for the light theme, and for the dark one (light text and
# axes on a transparent background); pages show the one that matches (Material's
# #only-light / #only-dark image suffixes, added by `themed` below).
THEMES = {
    "": {},
    "-dark": {
        "text.color": "#e2e4e9",
        "axes.labelcolor": "#e2e4e9",
        "axes.edgecolor": "#a3a8b4",
        "xtick.color": "#e2e4e9",
        "ytick.color": "#e2e4e9",
        "legend.labelcolor": "#e2e4e9",
        "figure.facecolor": "none",
        "axes.facecolor": "none",
        "savefig.facecolor": "none",
    },
}
IMAGE = downloads.IMAGE


def source(make: Callable) -> str:
    """What a figure's drawing depends on in this module: its function's source, and that of
    every function and constant of this module it uses, however deep."""
    seen: dict[str, str] = {}
    here = globals()

    def names(code: object) -> set[str]:  # the globals it reads, in nested code too
        found = {i.argval for i in dis.get_instructions(code) if i.opname == "LOAD_GLOBAL"}
        for const in code.co_consts:
            if inspect.iscode(const):
                found |= names(const)
        return found

    def visit(name: str) -> None:
        if name in seen or name not in here:
            return
        obj = here[name]
        if inspect.isfunction(obj) and obj.__module__ == __name__:
            seen[name] = inspect.getsource(obj)
            for used in names(obj.__code__):
                visit(used)
        elif isinstance(obj, dict | list | tuple | str | int | float):  # constants
            seen[name] = repr(obj)

    visit(make.__name__)
    return "\n".join(seen[k] for k in sorted(seen))


def drawing(name: str, layout: bool, theme: str) -> list[object]:
    """What a drawing is keyed by: the figure, its code, its page's code before it, how."""
    code = pages.code_before((DOCS / PAGE[name]).read_text("utf-8"), name) if name in PAGE else ""
    return [name, source(FIGURES[name]), code, matplotlib.__version__, STYLE, theme, layout]


def add(files: Files, config: MkDocsConfig) -> Files:
    """Add every figure, drawn now, or as drawn before by this code on this machine."""
    start, before = time.perf_counter(), dict(cache.counts)
    drawings = []
    for name in FIGURES:
        stem = name.removesuffix(".svg")
        for layout, narrow in variants(name):
            for suffix, theme in THEMES.items():
                key = drawing(name, narrow, theme)  # read once: the check and the lookup
                drawings.append((name, narrow, theme, f"figures/{stem}{layout}{suffix}.svg", key))
    # A cold cache: the pages the missing drawings come from run side by side first.
    cold = {
        PAGE[name]
        for name, _, _, _, key in drawings
        if name in PAGE and not cache.has("figure", *key)
    }
    pages.warm_side_by_side([DOCS / page for page in sorted(cold)])
    for name, narrow, theme, path, key in drawings:
        content = cache.lookup(
            "figure",
            f"figure {path.removeprefix('figures/')}",
            lambda n=name, t=theme, w=narrow: draw(n, t, w),
            *key,
        )
        files.append(File.generated(config, path, content=content))
    computed = cache.counts["computed"] - before["computed"]
    log.info(
        "figures: %d, %s (%.1f s)",
        len(drawings),
        f"{computed} figures and studies computed" if computed else "all from the cache",
        time.perf_counter() - start,
    )
    return files


def draw(name: str, theme: dict[str, str], narrow: bool = False) -> bytes:
    # Figure objects of their own, not pyplot: no global figure state, no backend to choose.
    with matplotlib.rc_context(STYLE | theme):
        return svg(make(name, narrow))


def themed(markdown: str, page: Page) -> str:
    """Each figure on a page as one image per theme (and per layout, if it has a narrow
    one: the classes figure-wide / figure-narrow, shown by screen width in extra.css); the
    reader sees one. A figure drawn from another page's values is refused: it belongs there."""
    where = page.file.src_uri

    def images(m: re.Match) -> str:
        name, shown = f"{m['name']}.svg", []
        if PAGE.get(name, where) != where:
            raise PluginError(f"{where} shows {name}, which is drawn from {PAGE[name]}'s code")
        for layout, narrow in variants(name):
            css = "" if name not in NARROW else "{.figure-narrow}" if narrow else "{.figure-wide}"
            for suffix, only in (("", "light"), ("-dark", "dark")):
                src = f"{m['up']}figures/{m['name']}{layout}{suffix}.svg#only-{only}"
                shown.append(f"![{m['alt']}]({src}){css}")
        return "".join(shown)

    return IMAGE.sub(images, markdown) if "figures/" in markdown else markdown


# --- the mathematics page -----------------------------------------------------------------

# The colours of marks, per theme: each stands out from the page behind it by at least 3:1
# (WCAG 1.4.11; tests/test_contrast.py checks every figure's lines, marks and labels).
PALETTE = {
    "light": {"accent": "#3949ab", "line": "#3f51b5", "red": "#c62828"},
    "dark": {"accent": "#9fa8da", "line": "#9fa8da", "red": "#ef5350"},
}


def theme() -> str:
    return "dark" if matplotlib.rcParams["figure.facecolor"] == "none" else "light"


def colour(role: str) -> str:
    """A role's colour (``"line"``, ``"red"``...) in the theme being drawn."""
    return PALETTE[theme()][role]


def label_on(background: object) -> str:
    """Black or white, whichever reads better on a cell of this colour."""
    cell = matplotlib.colors.to_hex(background)
    return max(
        ("black", "#000000"), ("white", "#ffffff"), key=lambda c: contrast.ratio(c[1], cell)
    )[0]


# The 2-4-1 network: unit centres by layer (input i, hidden j, output), in data units. The
# highlighted units are the top ones: no other connection runs above theirs, so the labels
# of the highlighted weights sit above their lines, clear of every other line.
LAYERS = [[(0.0, 0.75), (0.0, -0.75)], [(2.6, y) for y in (2.25, 0.75, -0.75, -2.25)], [(5.2, 0.0)]]
RADIUS = 0.32


def network_panel(ax: Axes, backward_pass: bool, size: float = 9) -> None:
    """The network with one input unit i, one hidden unit j and the weight w_ji between them
    highlighted; forward: what (1) to (3) compute; backward: what (4) to (7) compute."""
    ink, accent = matplotlib.rcParams["text.color"], colour("accent")
    (i_xy, j_xy, out_xy) = (LAYERS[0][0], LAYERS[1][0], LAYERS[2][0])
    highlighted = [(i_xy, j_xy), (j_xy, out_xy)]
    for lower, upper in zip(LAYERS, LAYERS[1:], strict=False):
        for a in lower:
            for b in upper:
                on = (a, b) in highlighted
                ax.plot(
                    [a[0] + RADIUS, b[0] - RADIUS],
                    [a[1], b[1]],
                    color=accent if on else ink,
                    lw=2 if on else 0.6,
                    alpha=1 if on else 0.4,
                    zorder=1,
                )
    for layer in LAYERS:
        for xy in layer:
            on = xy in (i_xy, j_xy)
            edge = accent if on else ink
            ax.add_patch(Circle(xy, RADIUS, facecolor="none", edgecolor=edge, lw=2 if on else 1))
    for xy, name in ((i_xy, "$i$"), (j_xy, "$j$")):
        ax.text(*xy, name, ha="center", va="center", color=accent, fontsize=11)
    for x, name in ((0.0, "input\nunits $i$"), (2.6, "hidden\nunits $j$"), (5.2, "output\nunit")):
        ax.text(x, -2.75, name, ha="center", va="top", fontsize=size, linespacing=1.1)

    def label(xy: tuple[float, float], text: str, **how: object) -> None:
        ax.text(*xy, text, color=how.pop("color", accent), fontsize=size, **how)

    def arrow(start: tuple[float, float], end: tuple[float, float]) -> None:
        """An arrowhead half way along the line from start to end."""
        tip = (start[0] + 0.55 * (end[0] - start[0]), start[1] + 0.55 * (end[1] - start[1]))
        style = {"arrowstyle": "-|>", "color": accent, "lw": 0, "mutation_scale": 16}
        ax.annotate("", tip, start, arrowprops=style)

    w_at = ((i_xy[0] + j_xy[0]) / 2 - 0.25, (i_xy[1] + j_xy[1]) / 2 + 0.3)
    if not backward_pass:
        arrow(i_xy, j_xy)
        arrow(j_xy, out_xy)
        label((i_xy[0] - 0.45, i_xy[1]), "$y_i$", ha="right", va="center")
        label(w_at, "$w_{ji}$", ha="center", va="bottom")
        label(
            (j_xy[0], j_xy[1] + 0.45),
            "(1) $x_j = \\sum_i \\, y_i\\, w_{ji}$",
            ha="center",
            va="bottom",
        )
        label((j_xy[0] + 0.4, j_xy[1] + 0.05), "(2) $y_j$", ha="left", va="bottom")
        label((out_xy[0] + 0.45, out_xy[1]), "(3) $E$, with $d$", ha="left", va="center", color=ink)
        ax.set_title("forward: each layer from the one below", fontsize=10)
    else:
        arrow(j_xy, i_xy)
        arrow(out_xy, j_xy)
        label(
            (out_xy[0] + 0.45, out_xy[1]),
            "(4) $\\partial E/\\partial y$",
            ha="left",
            va="center",
            color=ink,
        )
        label(
            (j_xy[0], j_xy[1] + 0.45),
            "(7) $\\partial E/\\partial y_j$, (5) $\\partial E/\\partial x_j$",
            ha="center",
            va="bottom",
        )
        # Ending above the middle of its line: the line rises to the right, under the label.
        label(
            (w_at[0] + 0.3, w_at[1]), "(6) $\\partial E/\\partial w_{ji}$", ha="right", va="bottom"
        )
        label((i_xy[0] - 0.45, i_xy[1]), "(7) $\\partial E/\\partial y_i$", ha="right", va="center")
        ax.set_title("backward: each layer from the one above", fontsize=10)
    ax.set_xlim(-2.0, 6.9)
    ax.set_ylim(-3.5, 3.4)
    ax.set_aspect("equal")
    ax.axis("off")


@figure("network.svg", narrow=True)
def network(narrow: bool = False) -> Figure:
    with matplotlib.rc_context({"mathtext.fontset": "cm"}):
        fig = Figure(figsize=(4.4, 7.6) if narrow else (8.4, 3.6), layout="constrained")
        forward_ax, backward_ax = fig.subplots(2, 1) if narrow else fig.subplots(1, 2)
        network_panel(forward_ax, backward_pass=False, size=11 if narrow else 9)
        network_panel(backward_ax, backward_pass=True, size=11 if narrow else 9)
        FigureCanvasAgg(fig).draw()  # mathtext's font is chosen when drawn: inside the context
    return fig


def grid(
    ax: Axes, left: float, top: float, rows: int, cols: int, lit: set[tuple[int, int]]
) -> None:
    """A matrix as a grid of unit squares, its top-left corner at (left, top); lit: the
    (row, col) cells to highlight."""
    ink, accent = matplotlib.rcParams["text.color"], colour("accent")
    for r in range(rows):
        for c in range(cols):
            on = (r, c) in lit
            ax.add_patch(
                Rectangle(
                    (left + c, top - r - 1),
                    1,
                    1,
                    facecolor=accent if on else "none",
                    alpha=0.75 if on else 1,
                    edgecolor=ink,
                    lw=0.8,
                )
            )


@figure("matrix-products.svg")
def matrix_products() -> Figure:
    """y_i @ w for four cases: row c of y_i times column j of w is x_j for case c."""
    ink = matplotlib.rcParams["text.color"]
    c, j = 1, 2  # the highlighted case and unit (0-based)
    with matplotlib.rc_context({"mathtext.fontset": "cm"}):
        fig = Figure(figsize=(4.8, 2.7))
        ax = fig.subplots()
        grid(ax, 0, 4, 4, 2, {(c, 0), (c, 1)})  # y_i: cases x inputs
        grid(ax, 3.6, 3, 2, 4, {(0, j), (1, j)})  # w: inputs x units
        grid(ax, 9.2, 4, 4, 4, {(c, j)})  # x: cases x units
        ax.text(2.8, 2, "@", ha="center", va="center", fontsize=14)
        ax.text(8.4, 2, "=", ha="center", va="center", fontsize=14)
        for x, y, name in (
            (1, -0.3, "$y_i$ (4, 2)"),
            (5.6, 0.7, "$w$ (2, 4)\n$w[i, j] = w_{ji}$"),
            (11.2, -0.3, "$x$ (4, 4)"),
        ):
            ax.text(x, y, name, ha="center", va="top", fontsize=9, linespacing=1.4)
        ax.text(-0.3, 4.3, "rows:\ncases", ha="right", va="top", fontsize=9, linespacing=1.1)
        ax.text(-0.3, 4 - c - 0.5, "case $c$", ha="right", va="center", fontsize=9)
        ax.text(3.6 + j + 0.5, 3.3, "unit $j$", ha="center", va="bottom", fontsize=9)
        ax.text(
            6.6,
            -2.3,
            "$x_{j,c} = \\sum_i \\, y_{i,c}\\, w_{ji}$: row $c$ of $y_i$ times column $j$ of $w$",
            ha="center",
            va="top",
            fontsize=10,
            color=ink,
        )
        ax.set_xlim(-2.2, 13.4)
        ax.set_ylim(-3.4, 4.6)
        ax.set_aspect("equal")
        ax.axis("off")
        FigureCanvasAgg(fig).draw()  # mathtext's font is chosen when drawn: inside the context
    return fig


# --- the graph page ------------------------------------------------------------------------


def chain_and_leaves(E: object) -> tuple[list, dict]:
    """The graph's main chain, from the inputs to E, and the other leaves (weights, targets)
    by the chain node they feed: read from the nodes' parents, not drawn by hand."""
    chain, node = [E], E
    while node.parents:
        node = node.parents[0]  # every operation's first parent continues the chain
        chain.append(node)
    chain.reverse()
    leaves = {id(n): [p for p in n.parents[1:]] for n in chain}
    return chain, leaves


OPERATION_SYMBOLS = {"square": "$e^2$", "sum": "$\\Sigma$", "half": "$\\times\\frac{1}{2}$"}


@figure("computational-graph.svg", page="graph.md", narrow=True)
def computational_graph(E: object, narrow: bool = False) -> Figure:
    """The page's graph of the tutorial's network: each node an array, each arrow an array
    flowing into an operation, labelled with its shape; backward runs the arrows in reverse."""
    ink, accent = matplotlib.rcParams["text.color"], colour("accent")
    chain, leaves = chain_and_leaves(E)
    step = 1.0
    # Wide: the chain left to right, each leaf above its operation. Narrow: top to bottom,
    # each leaf to the left of its operation.
    spot = {
        id(n): ((k * step, 0.0) if not narrow else (0.0, -k * step)) for k, n in enumerate(chain)
    }
    for n in chain:
        for leaf in leaves[id(n)]:
            x, y = spot[id(n)]
            spot[id(leaf)] = (x - 0.5 * step, 1.1) if not narrow else (-1.3, y + 0.5 * step)
    fig = Figure(figsize=(4.4, 8.6) if narrow else (8.4, 2.6))
    ax = fig.subplots()
    radius = 0.26

    def name(n: object) -> str:
        return n.name or n.op

    for n in chain:
        for parent in n.parents:
            (x0, y0), (x1, y1) = spot[id(parent)], spot[id(n)]
            ax.annotate(
                "",
                (x1, y1),
                (x0, y0),
                arrowprops={
                    "arrowstyle": "-|>",
                    "color": ink,
                    "lw": 1,
                    "shrinkA": radius * 72 * 0.85,
                    "shrinkB": radius * 72 * 0.85,
                    "mutation_scale": 10,
                },
            )
            shape = str(tuple(parent.value.shape)) if parent.value.shape else "scalar"
            mid = ((x0 + x1) / 2, (y0 + y1) / 2)
            if parent is n.parents[0]:  # along the chain: the shape beside the arrow
                at, how = (
                    ((mid[0], mid[1] - 0.3), {"ha": "center", "va": "top"})
                    if not narrow
                    else ((mid[0] + 0.25, mid[1]), {"ha": "left", "va": "center"})
                )
            else:  # from a leaf
                at, how = (
                    ((mid[0] + 0.12, mid[1] + 0.12), {"ha": "left", "va": "bottom"})
                    if not narrow
                    else ((mid[0], mid[1] + 0.2), {"ha": "center", "va": "bottom"})
                )
            ax.text(*at, shape, fontsize=8 if not narrow else 9, color=ink, **how)
    for n in chain + [leaf for c in chain for leaf in leaves[id(c)]]:
        xy = spot[id(n)]
        if n.parents:  # an operation: its symbol in a circle
            ax.add_patch(Circle(xy, radius, facecolor="none", edgecolor=accent, lw=1.4))
            symbol = OPERATION_SYMBOLS.get(n.op, n.op)
            ax.text(*xy, symbol, ha="center", va="center", fontsize=9, color=accent)
        else:  # a leaf: its name in a box as wide as the name
            box = {"boxstyle": "round,pad=0.35", "facecolor": "none", "edgecolor": ink}
            ax.text(*xy, name(n), ha="center", va="center", fontsize=8, color=ink, bbox=box)
        if n.parents and n.name:  # what the operation makes, under (or beside) it
            at = (xy[0], xy[1] - 0.95) if not narrow else (xy[0] + 1.1, xy[1])
            ax.text(*at, f"${n.name}$", ha="center", va="center", fontsize=10, color=ink)
    xs = [xy[0] for xy in spot.values()]
    ys = [xy[1] for xy in spot.values()]
    ax.set_xlim(min(xs) - 0.6, max(xs) + (0.6 if not narrow else 1.6))
    ax.set_ylim(min(ys) - (1.3 if not narrow else 0.6), max(ys) + 0.6)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig


# --- the experiments page -----------------------------------------------------------------

INPUT_LABELS = ["[0, 0]", "[0, 1]", "[1, 0]", "[1, 1]"]


@figure("xor-solve-rates.svg", page="experiments.md", narrow=True)
def xor_solve_rates(results: dict, narrow: bool = False) -> Figure:
    """The page's table, as bars: ``results[hidden, biases]`` holds each size's runs."""
    sizes = sorted({hidden for hidden, _ in results})
    starts = len(next(iter(results.values())).seeds)
    fig = Figure(figsize=(4.4, 3.8) if narrow else (6.4, 3.4))
    ax = fig.subplots()
    for k, (biases, fill) in enumerate([(False, "#7a7a7a"), (True, colour("line"))]):
        rates = [results[n, biases].solve_rate(0.5) for n in sizes]
        x = np.arange(len(sizes)) + (k - 0.5) * 0.38
        bars = ax.bar(
            x, rates, width=0.36, color=fill, label="with biases" if biases else "no biases"
        )
        labels = [f"{r:.0%}" for r in rates]
        if narrow:  # upright, so that neighbours' labels never meet
            ax.bar_label(bars, labels=labels, fontsize=9, padding=2, rotation=90)
        else:
            ax.bar_label(bars, labels=labels, fontsize=8, padding=2)
    ax.set_xticks(np.arange(len(sizes)), [str(n) for n in sizes])
    ax.set_xlabel("hidden units")
    ax.set_ylabel(f"fraction of {starts} starts solved")
    ax.set_ylim(0, 1.3 if narrow else 1.12)
    gap = "\n" if narrow else " "  # a narrow drawing's title on two lines
    ax.set_title(
        f"XOR solved within {TUTORIAL.sweeps:,} sweeps{gap}(learning rate {TUTORIAL.epsilon})"
    )
    ax.legend(loc="upper left", frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


@figure("xor-hidden-tutorial.svg", page="experiments.md")
def xor_hidden_tutorial(ys: list[np.ndarray]) -> Figure:
    """The hidden outputs the page prints for the tutorial's run: ``ys[1]``."""
    hidden = ys[1]
    fig = Figure(figsize=(4.6, 3.2))
    ax = fig.subplots()
    image = ax.imshow(hidden, cmap="gray", vmin=0, vmax=1)
    for (row, col), value in np.ndenumerate(hidden):
        ax.text(
            col,
            row,
            f"{value:.2f}",
            ha="center",
            va="center",
            color=label_on(image.to_rgba(value)),
            fontsize=9,
        )
    ax.set_xticks(range(4), [f"unit {j + 1}" for j in range(4)])
    ax.set_yticks(range(4), [f"input {label}" for label in INPUT_LABELS])
    ax.set_xlabel("hidden unit")
    ax.set_title(f"Hidden outputs after training (seed {TUTORIAL.seed})")
    fig.colorbar(image, ax=ax, label="output y")
    return fig


# Where a point's label may go (offset in points, alignment), in order of preference: above,
# then below; starting near the point and running right, or ending near it.
LABEL_SPOTS = [
    ((dx, dy), ha)
    for dy in (8, -14)
    for dx, ha in (
        (-6, "left"),
        (6, "right"),
        (8, "left"),
        (-8, "right"),
        (6, "left"),
        (-6, "right"),
    )
]


def hidden_plane(
    ax: Axes, net: object, inputs: np.ndarray, d: np.ndarray, title: str, fontsize: float
) -> None:
    hidden = forward(net, inputs)[1]
    ax.set_xlim(-0.1, 1.15)
    ax.set_ylim(-0.15, 1.15)
    ax.set_aspect("equal")
    ax.set_xlabel("hidden unit 1")
    ax.set_ylabel("hidden unit 2")
    ax.set_title(title, fontsize=10)
    w1, w2, b = net.w[1][:, 0]
    line = np.empty((0, 2))
    if abs(w2) > 1e-12:
        h1 = np.linspace(-0.05, 1.05, 400)
        line = np.column_stack([h1, -(w1 * h1 + b) / w2])
        ax.plot(*line.T, color=colour("line"), lw=1.5, label="output's total input = 0")
    labels: dict[tuple[float, float], list[str]] = {}  # inputs that land on one point
    for (x, y), target, label in zip(hidden, d[:, 0], INPUT_LABELS, strict=True):
        # Target 1: a ring around the point, target 0: a small square; where two cases land
        # on one point (a stuck run), both stay visible.
        if target == 1:
            ax.scatter(x, y, s=150, marker="o", facecolors="none", edgecolors=colour("red"),
                       linewidths=2, zorder=3)  # fmt: skip
        else:
            ax.scatter(x, y, s=45, marker="s", color="#757575", zorder=4)
        labels.setdefault((round(x, 2), round(y, 2)), []).append(label)
    ax.apply_aspect()  # the axes' final place, to measure the labels in
    renderer = FigureCanvasAgg(ax.figure).get_renderer()
    avoid = ax.transData.transform(np.vstack([line, hidden]))  # the line and every point
    for xy, names in labels.items():
        label_clear_of(ax, renderer, " and ".join(names), xy, avoid, fontsize)


def label_clear_of(
    ax: Axes,
    renderer: RendererAgg,
    text: str,
    xy: tuple[float, float],
    avoid: np.ndarray,
    fontsize: float,
) -> None:
    """Label the point xy at the first of LABEL_SPOTS where the text stays inside the axes and
    clear (by 4 px) of every point in ``avoid`` (display coordinates); the first spot if none."""
    inside = ax.get_window_extent(renderer)
    for offset, ha in LABEL_SPOTS:
        label = ax.annotate(
            text, xy, textcoords="offset points", xytext=offset, ha=ha, fontsize=fontsize
        )
        box = label.get_window_extent(renderer)
        fits = (
            inside.x0 <= box.x0
            and box.x1 <= inside.x1
            and inside.y0 <= box.y0
            and box.y1 <= inside.y1
        )
        if fits and box.padded(4).count_contains(avoid) == 0:
            return
        label.remove()
    (offset, ha) = LABEL_SPOTS[0]
    ax.annotate(text, xy, textcoords="offset points", xytext=offset, ha=ha, fontsize=fontsize)


@figure("xor-hidden-plane.svg", page="experiments.md", narrow=True)
def xor_hidden_plane(
    results: dict, inputs: np.ndarray, d: np.ndarray, narrow: bool = False
) -> Figure:
    """The page's 2-2-1 runs with biases: the first start that solves, the first that not."""
    runs = results[2, True]
    solved = runs.solved_at(0.5) >= 0
    first, stuck = int(np.argmax(solved)), int(np.argmax(~solved))
    nets = unstack(runs.net)
    small = 9 if narrow else 8
    if narrow:  # one panel above the other
        fig = Figure(figsize=(4.4, 8.8))
        (left, right) = fig.subplots(2, 1)
        fig.subplots_adjust(bottom=0.1, hspace=0.3)
    else:
        fig = Figure(figsize=(7.6, 4.3))
        (left, right) = fig.subplots(1, 2)
        fig.subplots_adjust(bottom=0.2, wspace=0.3)  # room for the legend under the panels
    seeds = runs.seeds
    title = f"solved (seed {seeds[first]}): one line separates"
    hidden_plane(left, nets[first], inputs, d, title, small)
    title = f"stuck (seed {seeds[stuck]}): [1, 0] meets [1, 1]"  # the page's section 3
    hidden_plane(right, nets[stuck], inputs, d, title, small)
    # Under the panels, not over the points and the line.
    handles = left.get_legend_handles_labels()
    fig.legend(*handles, loc="lower center", fontsize=small, frameon=False)
    title = "XOR in the hidden space of a 2-2-1 network with biases (circles: target 1)"
    fig.suptitle(title.replace(" with", "\nwith") if narrow else title)
    return fig


# --- the paper's experiments --------------------------------------------------------------


def hinton(ax: Axes, matrix: np.ndarray, largest: float) -> None:
    """A Hinton diagram: one square per weight, area for magnitude, white + / black -."""
    ax.set_facecolor("#8c8c8c")
    for (row, col), value in np.ndenumerate(matrix):
        side = np.sqrt(abs(value) / largest) * 0.95
        colour = "white" if value > 0 else "black"
        ax.add_patch(Rectangle((col - side / 2, row - side / 2), side, side, color=colour))
    ax.set_xlim(-0.5, matrix.shape[1] - 0.5)
    ax.set_ylim(matrix.shape[0] - 0.5, -0.5)
    ax.set_aspect("equal")


@figure("mirror-sweeps.svg", page="mirror.md", narrow=True)
def mirror_sweeps(runs: object, narrow: bool = False) -> Figure:
    """The page's runs: when each solved, at 0.2."""
    from backprop import mirror

    at = runs.first_solved[0.2]
    done = at[at >= 0]
    fig = Figure(figsize=(4.4, 3.4) if narrow else (6.4, 3.2))
    ax = fig.subplots()
    ax.hist(done, bins=np.geomspace(100, len(runs.E), 25), color=colour("line"), edgecolor="white")
    paper = mirror.REPORTED_SWEEPS
    ax.axvline(paper, color=colour("red"), ls="--", lw=1.5, label=f"the paper: {paper:,} sweeps")
    ax.set_xscale("log")
    ax.set_xlabel("sweeps to solve (log scale)")
    ax.set_ylabel("runs")
    gap = "\n" if narrow else " "
    ax.set_title(
        f"Mirror symmetry: {len(done)} of {len(at)} starts{gap}solved within {len(runs.E):,} sweeps"
    )
    if narrow:  # under the axes: no room beside the bars and the line
        ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.3))
    else:
        ax.legend(frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


@figure("mirror-hinton.svg", page="mirror.md", narrow=True)
def mirror_hinton(runs: object, narrow: bool = False) -> Figure:
    """The page's first run's weights."""
    net = unstack(runs.net)[0]
    hidden = net.w[0].T  # 2 hidden units x (6 inputs + bias)
    output = net.w[1].T  # 1 output x (2 hidden + bias)
    largest = max(np.abs(hidden).max(), np.abs(output).max())
    gap = "\n" if narrow else " "
    if narrow:  # the output's weights under the hidden units'
        fig = Figure(figsize=(4.4, 3.9), layout="constrained")
        (left, right) = fig.subplots(2, 1, gridspec_kw={"height_ratios": [2, 1]})
    else:
        fig = Figure(figsize=(7.6, 2.6))
        (left, right) = fig.subplots(1, 2, gridspec_kw={"width_ratios": [7, 3], "wspace": 0.35})
    hinton(left, hidden, largest)
    left.set_xticks(range(7), ["in 1", "in 2", "in 3", "in 4", "in 5", "in 6", "bias"])
    left.set_yticks(range(2), ["hidden 1", "hidden 2"])
    left.set_title("weights into the hidden units")
    hinton(right, output, largest)
    right.set_xticks(range(3), ["hid 1", "hid 2", "bias"])
    right.set_yticks([0], ["output"])
    right.set_title("into the output")
    fig.suptitle(f"Mirror symmetry, seed 0:{gap}white positive, black negative")
    return fig


@figure("family-map.svg", page="family-trees.md", narrow=True)
def family_map(grid: dict, runs: Callable, narrow: bool = False) -> Figure:
    """The page's grid: ``grid[margin, r]`` is ``(net, right, held_out)`` of its runs, made by
    its ``runs(r, margin)``, whose defaults give the sweeps and the decay."""
    defaults = {k: p.default for k, p in inspect.signature(runs).parameters.items()}
    ink = matplotlib.rcParams["text.color"]
    if narrow:  # one map above the other
        fig = Figure(figsize=(4.4, 5.6), layout="constrained")
        axes = fig.subplots(2, 1)
    else:
        fig = Figure(figsize=(8.4, 2.9), layout="constrained")
        axes = fig.subplots(1, 2)
    cmap = matplotlib.colormaps["viridis"]
    margins = sorted({margin for margin, _ in grid})
    ranges = sorted({r for _, r in grid})
    cells = [[grid[m, r] for r in ranges] for m in margins]  # rows: margin
    count = len(cells[0][0][1])  # runs per cell
    for ax, (title, which) in zip(axes, (("training", 1), ("held out", 2)), strict=True):
        means = np.array([[cell[which].mean() for cell in row] for row in cells])
        ax.imshow(means, cmap=cmap, vmin=0, vmax=1, aspect="auto")
        for (row, col), value in np.ndenumerate(means):
            text = f"{value:.0%}"
            if which == 2:  # and in how many runs all 4 held-out questions were right
                text += f"\nall 4: {int(np.sum(cells[row][col][2] == 1))} of {count}"
            ax.text(col, row, text, ha="center", va="center", fontsize=9,
                    color=label_on(cmap(value)))  # fmt: skip
        ax.set_xticks(range(len(ranges)), [f"r = {r}" for r in ranges])
        ax.set_yticks(range(len(margins)), [f"margin {m:g}" if m else "no margin" for m in margins])
        ax.set_title(f"{title}: mean questions right", color=ink)
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
    decay = f"decay {defaults['decay']:g}" if defaults["decay"] else "no decay"
    fig.suptitle(f"Family trees, {count} runs per cell, {defaults['sweeps']:,} sweeps, {decay}")
    return fig


@figure("family-person-units.svg", page="family-trees.md", narrow=True)
def family_person_units(w_people: np.ndarray, run: int, narrow: bool = False) -> Figure:
    """The page's ``w_people``: the weights from the 24 people into the 6 person units."""
    from backprop.family import ENGLISH, ITALIAN

    largest = np.abs(w_people).max()
    fig = Figure(figsize=(4.4, 9.6) if narrow else (7.2, 9.4))
    axes = fig.subplots(6, 1, sharex=True)
    for unit, ax in enumerate(axes):
        hinton(ax, w_people[:, unit].reshape(2, 12), largest)
        ax.set_yticks(range(2), ["English", "Italian"])
        ax.set_title(f"person unit {unit + 1}", fontsize=9)
    # The people's names once, under the last panel, upright so that none collides.
    axes[-1].set_xticks(
        range(12),
        [f"{e} / {i}" for e, i in zip(ENGLISH, ITALIAN, strict=True)],
        rotation=90,
        fontsize=9 if narrow else 8,
    )
    people, units = w_people.shape
    title = f"Weights from the {people} people into the {units} person units (run {run})"
    fig.suptitle(title.replace(" into", "\ninto") if narrow else title)
    fig.tight_layout()
    return fig


# --- the digits page ----------------------------------------------------------------------


@figure("digits-confusion.svg", page="digits.md", narrow=True)
def digits_confusion(y_test: np.ndarray, test_d: np.ndarray, narrow: bool = False) -> Figure:
    """The page's run: its test digits by what was written (rows) and answered (columns)."""
    written, answered = test_d.argmax(axis=1), y_test.argmax(axis=1)
    counts = np.zeros((10, 10), dtype=int)
    np.add.at(counts, (written, answered), 1)
    cmap = matplotlib.colormaps["viridis"]
    fig = Figure(figsize=(4.4, 4.6) if narrow else (5.6, 5.0), layout="constrained")
    ax = fig.subplots()
    ax.imshow(counts, cmap=cmap, vmin=0, vmax=counts.max())
    for (row, col), n in np.ndenumerate(counts):
        if n:
            ax.text(col, row, str(n), ha="center", va="center", fontsize=9,
                    color=label_on(cmap(n / counts.max())))  # fmt: skip
    ax.set_xticks(range(10))
    ax.set_yticks(range(10))
    ax.set_xlabel("the network's answer")
    ax.set_ylabel("the digit written")
    ax.tick_params(length=0)
    right = int(np.trace(counts))
    ax.set_title(f"{right} of {len(written)} test digits read right")
    for spine in ax.spines.values():
        spine.set_visible(False)
    return fig


def pixels(ax: Axes, image: np.ndarray, frame: bool = False, **how: object) -> None:
    """An 8x8 image, without ticks; framed in the text's colour, or not framed."""
    ax.imshow(image.reshape(8, 8), interpolation="nearest", **how)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(frame)
        spine.set_color(matplotlib.rcParams["text.color"])


@figure("digits-hidden-units.svg", page="digits.md", narrow=True)
def digits_hidden_units(net: object, narrow: bool = False) -> Figure:
    """The page's run: the weights from the 64 pixels into each hidden unit, as 8x8 images."""
    w = net.w[0][:64]  # the bias row left out
    units = w.shape[1]
    cols = 5 if narrow else 10
    rows = -(-units // cols)
    fig = Figure(figsize=(4.4, 0.95 * rows + 0.8) if narrow else (8.0, 0.85 * rows + 0.7))
    axes = fig.subplots(rows, cols, squeeze=False)
    for unit, ax in enumerate(axes.flat):
        if unit >= units:
            ax.set_visible(False)
            continue
        largest = np.abs(w[:, unit]).max()
        pixels(ax, w[:, unit], cmap="RdBu_r", vmin=-largest, vmax=largest)
        ax.set_title(f"unit {unit + 1}", fontsize=9, pad=2)
    gap = "\n" if narrow else " "
    fig.suptitle(f"Weights into each of the {units} hidden units:{gap}red positive, blue negative")
    return fig


@figure("digits-wrong.svg", page="digits.md", narrow=True)
def digits_wrong(
    test_inputs: np.ndarray, answers: np.ndarray, written: np.ndarray, narrow: bool = False
) -> Figure:
    """The page's run: the first test digits it read wrong, with both readings."""
    wrong = np.flatnonzero(answers != written)[:8]
    cols = 4
    rows = -(-len(wrong) // cols)  # a row: a square image a quarter of the width, and a title
    fig = Figure(figsize=(4.4, 1.55 * rows) if narrow else (7.2, 2.0 * rows), layout="constrained")
    axes = fig.subplots(rows, cols, squeeze=False)
    for ax, k in zip(axes.flat, wrong, strict=False):
        pixels(ax, test_inputs[k], frame=True, cmap="gray_r", vmin=0, vmax=1)
        ax.set_title(f"written {written[k]}\nread as {answers[k]}", fontsize=10)
    for ax in axes.flat[len(wrong) :]:
        ax.set_visible(False)
    return fig


@figure("digits-rules.svg", page="digits.md", narrow=True)
def digits_rules(curves: dict, passes: list, narrow: bool = False) -> Figure:
    """The page's ``curves[rule, measure]``: test accuracy after each of ``passes`` sweeps."""
    ink = matplotlib.rcParams["text.color"]
    rules = list(dict.fromkeys(rule for rule, _ in curves))
    hues = dict(zip(rules, [colour("line"), colour("red"), ink], strict=True))
    fig = Figure(figsize=(4.4, 4.6) if narrow else (6.8, 3.8), layout="constrained")
    ax = fig.subplots()
    for (rule, measure), found in curves.items():
        squared = measure == "squared"
        ax.plot(passes[: len(found)], found, color=hues[rule], marker="o" if squared else "s",
                ls="-" if squared else "--", label=f"{rule}, {measure}")  # fmt: skip
    ax.set_xscale("log")
    ax.set_xticks(passes, [f"{p:,}" for p in passes])
    ax.minorticks_off()
    ax.set_ylim(0, 1)
    ax.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
    ax.set_xlabel("sweeps (log scale)")
    ax.set_ylabel("test digits read right")
    if narrow:
        ax.legend(frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=1)
    else:
        ax.legend(frameon=False, loc="center left", bbox_to_anchor=(1.0, 0.5))
    ax.spines[["top", "right"]].set_visible(False)
    return fig
