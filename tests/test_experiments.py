"""Many-seed experiments: what 'solved' means, and that the recorded sweeps are right."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from backprop_docs.testing import ROOT

from backprop import forward, init_tutorial, init_uniform, train, xor
from backprop.experiments import solved, train_seeds

DOCS = ROOT / "docs"


def tutorial(sizes: list[int]):  # noqa: ANN201 - a function of a seed
    return lambda seed: init_tutorial(sizes, seed=seed)


def mirror_like(seed: int):  # noqa: ANN201 - a Network
    return init_uniform([2, 2, 1], r=0.3, seed=seed, biases=True)


def test_solved_needs_every_output_within_the_tolerance() -> None:
    d = np.array([[0.0], [1.0], [1.0], [0.0]])
    assert solved(np.array([[0.4], [0.6], [0.9], [0.1]]), d, 0.5)
    assert not solved(np.array([[0.4], [0.6], [0.9], [0.1]]), d, 0.2)
    assert not solved(np.array([[0.5], [0.6], [0.9], [0.1]]), d, 0.5)  # 0.5 is not a side


def test_first_solved_sweep_is_when_a_single_run_first_meets_the_criterion() -> None:
    inputs, d = xor()
    runs = train_seeds(tutorial([2, 3, 1]), [3, 5], inputs, d, epsilon=0.5, sweeps=3000)
    for k, seed in enumerate([3, 5]):
        ok: list[bool] = []

        def record(t: int, ys: list[np.ndarray], ok: list[bool] = ok) -> None:
            ok.append(bool(solved(ys[-1], d, 0.5)))

        net = init_tutorial([2, 3, 1], seed=seed)
        train(net, inputs, d, epsilon=0.5, sweeps=3000, watch=record)
        assert runs.first_solved[0.5][k] == (ok.index(True) if True in ok else -1)


def test_solve_rate_and_median_count_only_the_runs_that_solved() -> None:
    inputs, d = xor()
    runs = train_seeds(tutorial([2, 2, 1]), range(6), inputs, d, epsilon=0.5, sweeps=2000)
    runs.first_solved[0.5] = np.array([-1, 10, 30, -1, 20, -1])
    assert runs.solve_rate(0.5) == 0.5
    assert runs.median_sweeps(0.5) == 20


def test_a_run_that_never_solves_has_nan_median() -> None:
    inputs, d = xor()
    runs = train_seeds(tutorial([2, 1]), range(3), inputs, d, epsilon=0.5, sweeps=50)
    assert runs.solve_rate(0.5) == 0.0
    assert np.isnan(runs.median_sweeps(0.5))


def test_each_run_starts_from_the_network_made_for_its_seed() -> None:
    inputs, d = xor()
    runs = train_seeds(mirror_like, [1, 2], inputs, d, epsilon=1e-12, sweeps=1)
    for k, seed in enumerate([1, 2]):
        np.testing.assert_allclose(runs.net.w[0][k], mirror_like(seed).w[0], rtol=1e-9)


def test_a_network_maker_that_is_not_one_is_refused() -> None:
    inputs, d = xor()
    with pytest.raises(ValueError, match="network must be a function that makes a Network"):
        train_seeds("tutorial", [1], inputs, d, epsilon=0.5, sweeps=1)
    with pytest.raises(ValueError, match=r"network\(1\) must return a Network, got list"):
        train_seeds(lambda seed: [seed], [1], inputs, d, epsilon=0.5, sweeps=1)


def test_the_no_bias_network_outputs_one_half_for_zero_inputs_forever() -> None:
    inputs, d = xor()
    net, _ = train(init_tutorial([2, 1]), inputs, d, epsilon=0.5, sweeps=100)
    assert forward(net, inputs)[-1][0, 0] == 0.5


# --- the figures, built with the site -----------------------------------------------------

IMG = re.compile(r"<img\b[^>]*>")
SRC = re.compile(r'\bsrc="[^"]*figures/([^"#]+\.svg)(?:#only-(?:light|dark))?"')
ALT = re.compile(r'\balt="[^"]+"')


def figure_references(built_site: Path) -> dict[str, list[str]]:
    """Figure file name -> the pages that show it with an <img> that has alt text."""
    refs: dict[str, list[str]] = {}
    for page in built_site.rglob("*.html"):
        for tag in IMG.findall(page.read_text("utf-8")):
            src = SRC.search(tag)
            if src and ALT.search(tag):
                refs.setdefault(src[1], []).append(str(page))
    return refs


def shown_on() -> list[tuple[str, str]]:
    """(figure, page) for every figure a page of docs/ shows, read from the pages."""
    from backprop_docs.downloads import IMAGE

    return sorted(
        (f"{m['name']}.svg", page.relative_to(DOCS).with_suffix("").as_posix())
        for page in DOCS.rglob("*.md")
        for m in IMAGE.finditer(page.read_text("utf-8"))
    )


@pytest.mark.parametrize(("name", "page"), shown_on())
def test_each_figure_is_in_the_built_site_and_its_page_shows_it(
    built_site: Path, name: str, page: str
) -> None:
    path = built_site / "figures" / name
    assert path.is_file() and path.read_text("utf-8").lstrip().startswith("<?xml")
    assert "<path" in path.read_text("utf-8")
    pages = figure_references(built_site).get(name, [])
    assert str(built_site / page / "index.html") in pages, f"{page} does not show {name}"


def test_every_built_figure_is_shown_by_some_page(built_site: Path) -> None:
    built = {p.name for p in (built_site / "figures").glob("*.svg")}
    assert built == set(figure_references(built_site))


def test_no_figure_is_committed_to_the_repository() -> None:
    docs = Path(__file__).resolve().parent.parent / "docs"
    assert not list(docs.rglob("*.svg")) and not list(docs.rglob("*.png"))
