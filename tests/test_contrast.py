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
