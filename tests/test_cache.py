"""The studies cache: a result is reused only when the package, the arguments and the
machine are those that made it (tools/backprop_docs/cache.py)."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from backprop_docs import cache, copy_buttons, doctests
from backprop_docs.testing import ROOT

import backprop.network
from backprop import init_tutorial, train, xor
from backprop.experiments import train_seeds

SMALL = {"epsilon": 0.5, "sweeps": 50}


@pytest.fixture
def empty_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache of its own, with a copy of the package's source to key it by."""
    package = tmp_path / "backprop"
    shutil.copytree(ROOT / "backprop", package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE", package)
    monkeypatch.setenv("BACKPROP_CACHE", str(tmp_path / "studies"))
    return package


def lookups(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    counts = {"computed": 0, "cached": 0}
    monkeypatch.setattr(cache, "counts", counts)
    return counts


def tutorial(seed: int):  # noqa: ANN201 - a Network
    return init_tutorial([2, 4, 1], seed=seed)


def test_the_same_study_asked_again_is_read_from_the_cache_with_the_same_result(
    empty_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counts = lookups(monkeypatch)
    cached = cache.cached_train_seeds(train_seeds)
    first = cached(tutorial, range(5), *xor(), **SMALL)
    again = cached(tutorial, [0, 1, 2, 3, 4], *xor(), **SMALL)  # the same seeds, as a list
    assert counts == {"computed": 1, "cached": 1}
    assert np.array_equal(first.E, again.E)
    assert all(np.array_equal(a, b) for a, b in zip(first.net.w, again.net.w, strict=True))


def test_an_edit_of_the_package_source_recomputes(
    empty_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counts = lookups(monkeypatch)
    cached = cache.cached_train(train)
    cached(tutorial(0), *xor(), **SMALL)
    network_py = empty_cache / "network.py"
    network_py.write_text(network_py.read_text("utf-8") + "\n# an edit\n", "utf-8")
    cached(tutorial(0), *xor(), **SMALL)
    assert counts == {"computed": 2, "cached": 0}


def test_results_of_code_older_than_the_source_on_disk_are_not_kept(
    empty_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """mkdocs serve: an edit of backprop/ is not re-imported by the running process."""
    counts = lookups(monkeypatch)
    cached = cache.cached_train(train)
    cached(tutorial(0), *xor(), **SMALL)  # this process imported the package as it was
    network_py = empty_cache / "network.py"
    network_py.write_text(network_py.read_text("utf-8") + "\n# an edit\n", "utf-8")
    cached(tutorial(0), *xor(), **SMALL)
    cached(tutorial(0), *xor(), **SMALL)  # nothing was kept under the edited source's key
    assert counts == {"computed": 3, "cached": 0}
    cache._imported_version.cache_clear()  # a new process imports the edited package
    cached(tutorial(0), *xor(), **SMALL)
    cached(tutorial(0), *xor(), **SMALL)
    assert counts == {"computed": 4, "cached": 1}


def test_other_arguments_or_another_machine_make_another_entry(
    empty_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counts = lookups(monkeypatch)
    cached = cache.cached_train(train)
    cached(tutorial(0), *xor(), **SMALL)
    cached(tutorial(1), *xor(), **SMALL)  # other starting weights
    cached(tutorial(0), *xor(), epsilon=0.25, sweeps=50)
    monkeypatch.setenv("OPENBLAS_CORETYPE", "Nehalem")  # another CPU personality
    cached(tutorial(0), *xor(), **SMALL)
    assert counts == {"computed": 4, "cached": 0}


def test_a_default_spelled_out_or_left_out_is_one_entry(
    empty_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counts = lookups(monkeypatch)
    cached = cache.cached_train(train)
    inputs, d = xor()
    first, _ = cached(tutorial(0), inputs, d, **SMALL)
    again, _ = cached(tutorial(0), inputs, d=d, decay=0.0, margin=0.0, alpha=0.0, **SMALL)
    assert counts == {"computed": 1, "cached": 1}
    assert all(np.array_equal(a, b) for a, b in zip(first.w, again.w, strict=True))


def test_a_package_function_replaced_at_run_time_turns_the_cache_off(
    empty_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counts = lookups(monkeypatch)

    monkeypatch.setattr(backprop.network, "sigmoid", doctests.noisy(1))
    assert cache.replaced() == ["backprop.network.sigmoid"]
    cached = cache.cached_train(train)
    cached(tutorial(0), *xor(), **SMALL)
    cached(tutorial(0), *xor(), **SMALL)
    assert counts == {"computed": 0, "cached": 0}  # computed twice, neither time kept


def test_a_study_printed_along_the_way_is_not_cached(
    empty_cache: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    counts = lookups(monkeypatch)
    cached = cache.cached_train(train)
    for _ in range(2):
        cached(tutorial(0), *xor(), **SMALL, print_every=25)
    assert capsys.readouterr().out.count("Step    25") == 2
    assert counts == {"computed": 0, "cached": 0}


def test_off_means_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BACKPROP_CACHE", "off")
    counts = lookups(monkeypatch)
    cache.cached_train(train)(tutorial(0), *xor(), **SMALL)
    assert counts == {"computed": 0, "cached": 0} and cache.directory() is None


def test_bad_arguments_get_the_packages_own_error(empty_cache: Path) -> None:
    with pytest.raises(ValueError, match="seeds"):
        cache.cached_train_seeds(train_seeds)(tutorial, [0, -1], *xor(), **SMALL)
    with pytest.raises(ValueError, match="epsilon"):
        cache.cached_train(train)(tutorial(0), *xor(), epsilon=-1.0, sweeps=5)


def test_every_module_of_the_package_is_watched_for_replaced_functions() -> None:
    """replaced() looks at every module on disk: a module added to backprop/ is covered."""
    on_disk = {p.stem for p in (ROOT / "backprop").glob("*.py")} - {"__init__", "__main__"}
    assert {m.removeprefix("backprop.") for m in cache.modules()} == on_disk | {"backprop"}


def test_install_routes_every_cached_function_and_restore_puts_it_back() -> None:
    import importlib

    before = {k: getattr(importlib.import_module(k[0]), k[1]) for k in cache.CACHED}
    restore = cache.install()
    try:
        for (module, name), original in before.items():
            routed = getattr(importlib.import_module(module), name)
            assert routed is not original and routed.__wrapped__ is original, (module, name)
    finally:
        restore()
    assert {k: getattr(importlib.import_module(k[0]), k[1]) for k in cache.CACHED} == before


PAGE = """# A page

```pycon
>>> from backprop import init_tutorial, train, xor
>>> net, E = train(init_tutorial([2, 2, 1], seed=3), *xor(), epsilon=0.5, sweeps=60)
```

![a figure](figures/some-figure.svg)

<!-- skip: next -->

```python
raise SystemExit("a skipped block does not run")
```
"""


def test_a_page_run_for_its_figures_gives_each_figure_the_names_made_before_it(
    empty_cache: Path, tmp_path: Path
) -> None:
    from backprop_docs import pages

    page = tmp_path / "page.md"
    page.write_text(PAGE, "utf-8")
    seen = pages.run(page)
    assert [k for k in seen if k != "values"] == ["some-figure.svg"]
    assert seen["some-figure.svg"]["E"].shape == (60,)
    assert pages.code_before(PAGE, "some-figure.svg").startswith("from backprop import")


def test_pages_run_side_by_side_leave_their_studies_for_their_callers(
    empty_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backprop_docs import pages

    paths = []
    for k in range(2):
        paths.append(tmp_path / f"page{k}.md")
        paths[-1].write_text(PAGE.replace("seed=3", f"seed={k}"), "utf-8")
    pages.warm_side_by_side(paths)
    counts = lookups(monkeypatch)
    for path in paths:
        pages.run(path)
    assert counts == {"computed": 0, "cached": 2}


def test_a_page_that_fails_side_by_side_is_left_to_its_caller_which_says_why(
    empty_cache: Path, tmp_path: Path
) -> None:
    from backprop_docs import pages

    good, bad = tmp_path / "good.md", tmp_path / "bad.md"
    good.write_text(PAGE, "utf-8")
    bad.write_text(PAGE.replace("epsilon=0.5", "epsilon=-1.0"), "utf-8")
    pages.warm_side_by_side([good, bad])
    with pytest.raises(RuntimeError, match="bad.md: its code failed .*epsilon must be"):
        pages.run(bad)


def test_a_computation_a_reader_waits_for_is_logged_and_a_quick_one_only_for_debugging() -> None:
    assert cache.level(1.5) == logging.INFO
    assert cache.level(0.2) == logging.DEBUG


SESSION_PAGE = (
    '<div class="language-pycon highlight"><pre><code>&gt;&gt;&gt; 6 * 7\n42\n</code></pre></div>'
)


def test_a_pages_copy_buttons_are_marked_once_then_read_from_the_cache(
    empty_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counts = lookups(monkeypatch)
    page = SimpleNamespace(file=SimpleNamespace(src_uri="xor.md"))
    first = copy_buttons.mark(SESSION_PAGE, page)
    again = copy_buttons.mark(SESSION_PAGE, page)
    assert counts == {"computed": 1, "cached": 1}
    assert first == again == copy_buttons.marked(SESSION_PAGE, "xor.md")
    assert 'data-copy="6 * 7\n"' in first


def test_an_edited_page_gets_its_copy_buttons_marked_again(
    empty_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counts = lookups(monkeypatch)
    page = SimpleNamespace(file=SimpleNamespace(src_uri="xor.md"))
    copy_buttons.mark(SESSION_PAGE, page)
    edited = copy_buttons.mark(SESSION_PAGE.replace("6 * 7", "6 * 8"), page)
    assert counts == {"computed": 2, "cached": 0}
    assert 'data-copy="6 * 8\n"' in edited
