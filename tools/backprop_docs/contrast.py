"""Contrast against the page, as WCAG 2.1 measures it: what figures and the playground meet.

A line or a mark needs 3:1 against what it is drawn on (WCAG 1.4.11, non-text contrast),
text 4.5:1 (1.4.3). The page behind a figure is Material's background in each theme; a
browser test holds `PAGE` to the colours the built site really has.
"""

from __future__ import annotations

import re

PAGE = {"light": "#ffffff", "dark": "#1e2129"}  # Material: #fff; slate hsl(225deg 15% 14%)
TEXT = 4.5  # WCAG 1.4.3
MARK = 3.0  # WCAG 1.4.11: lines, marks, a chart's parts

NUMBERS = re.compile(r"[-+]?\d*\.?\d+")


def rgb(colour: str, over: str | None = None) -> tuple[float, float, float]:
    """A CSS colour (#rgb, #rrggbb, #rrggbbaa, rgb(), rgba()) as 0–255 channels; one that is
    partly transparent is laid over the colour `over` first."""
    text = colour.strip().lower()
    if text.startswith("#"):
        digits = text[1:]
        if len(digits) in (3, 4):
            digits = "".join(c * 2 for c in digits)
        if len(digits) not in (6, 8) or not re.fullmatch(r"[0-9a-f]+", digits):
            raise ValueError(f"colour: not a hex colour: {colour!r}")
        channels = [int(digits[i : i + 2], 16) for i in range(0, len(digits), 2)]
        alpha = channels[3] / 255 if len(channels) == 4 else 1.0
    elif text.startswith("rgb"):
        values = [float(n) for n in NUMBERS.findall(text)]
        if len(values) not in (3, 4):
            raise ValueError(f"colour: not an rgb() colour: {colour!r}")
        channels, alpha = values[:3], values[3] if len(values) == 4 else 1.0
    else:
        raise ValueError(f"colour: neither #hex nor rgb(): {colour!r}")
    if alpha < 1:
        if over is None:
            raise ValueError(f"colour: {colour!r} is see-through, and nothing is under it")
        under = rgb(over)
        return tuple(alpha * c + (1 - alpha) * u for c, u in zip(channels[:3], under, strict=True))
    return tuple(float(c) for c in channels[:3])


def luminance(colour: str, over: str | None = None) -> float:
    """Relative luminance (WCAG 2.1): 0 for black, 1 for white."""

    def linear(channel: float) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb(colour, over))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a: str, b: str) -> float:
    """How far apart two colours are in luminance, from 1 (the same) to 21 (black on white);
    `a` may be see-through: it is laid over `b`."""
    la, lb = luminance(a, over=b), luminance(b)
    light, dark = max(la, lb), min(la, lb)
    return (light + 0.05) / (dark + 0.05)
