"""Times on the pages are measured when the site is built, never asserted, and labelled."""

from __future__ import annotations

import re

import pytest
from backprop_docs import timing, values
from backprop_docs.testing import ROOT

TIME = re.compile(r"\{\{ TIMED\.")


def test_a_ratio_is_ordered_and_counts_its_rounds() -> None:
    r = timing.ratio(lambda: sum(range(50_000)), lambda: None, rounds=3)
    assert 0 < r.low <= r.median <= r.high and r.rounds == 3


def test_every_page_that_prints_a_time_says_the_machine_that_built_it_measured_it() -> None:
    pages = [p for p in (ROOT / "docs").rglob("*.md") if TIME.search(p.read_text("utf-8"))]
    assert pages, "no page prints a time: this test checks nothing"
    for page in pages:
        text = page.read_text("utf-8")
        for m in TIME.finditer(text):  # said in the lines just before it
            assert "the machine that built this page" in text[m.start() - 600 : m.start()], (
                f"{page.name}: a time with no word of where it was measured: "
                f"{text[m.start() : m.start() + 40]}"
            )


def test_a_measurement_that_does_not_exist_stops_the_build() -> None:
    with pytest.raises(values.ValueNameError, match="TIMED.nothing"):
        values.fill("{{ TIMED.nothing:.0f }}")
