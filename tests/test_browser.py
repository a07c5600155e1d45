"""Every page of the built site in a real browser, offline, as a reader meets it.

Each page is served from localhost with every other host blocked, and loaded twice: at
desktop width (math, images, structure, then axe-core's WCAG 2.1 A and AA checks in light
mode and, switched with the palette toggle as a reader switches, in dark mode, and last the
console errors and requests of the whole visit) and at phone width (no horizontal overflow,
in both themes). Full-page screenshots at both widths, light and dark, are kept in
.cache/screenshots/ for a person to look at, under CI (which uploads them) or with
BACKPROP_SCREENSHOTS=1. Chromium is required under CI=true; elsewhere these tests skip
without it.

The checks of one page share its loads (the ``page_path`` fixture, tests/conftest.py), in
the order of this file: the dark-mode check comes after the light ones, as it leaves the
page dark.
"""

from __future__ import annotations

import http.server
import os
import re
from pathlib import Path

import pytest
from backprop_docs.testing import (
    PAGES,
    ROOT,
    Tabs,
    Visit,
    _SiteServer,
    keep_screenshot,
    switch_palette,
)

# Visible text outside code, MathML annotations, scripts and styles.
VISIBLE_PROSE = """() => {
  const skip = el => el.closest('pre, code, annotation, script, style, .highlight, [hidden]');
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const parts = [];
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const parent = node.parentElement;
    if (!skip(parent) && parent.offsetParent !== null) parts.push(node.data);
  }
  return parts.join(' ');
}"""


def test_the_browser_suite_covers_every_built_page(built_site: Path) -> None:
    built = sorted(
        str(p.parent.relative_to(built_site)) + "/" if p.name == "index.html" else p.name
        for p in built_site.rglob("*.html")
    )
    built = ["" if b == "./" else b for b in built]
    assert sorted(PAGES) == built


def test_the_test_server_is_silent_when_a_browser_hangs_up_and_only_then(
    capsys: pytest.CaptureFixture,
) -> None:
    server = _SiteServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    try:
        for error in (BrokenPipeError(32, "Broken pipe"), ValueError("a real fault")):
            try:
                raise error
            except Exception:
                server.handle_error(None, ("127.0.0.1", 1))
    finally:
        server.server_close()
    printed = capsys.readouterr().err
    assert "ValueError: a real fault" in printed and "Broken pipe" not in printed


SCHEME = "document.body.getAttribute('data-md-color-scheme')"


def test_a_tab_is_reused_by_the_next_visit_once_a_visit_ends(tabs: Tabs) -> None:
    first = tabs.open("xor/")
    tabs.close(first)
    second = tabs.open("derivation/", width=390)
    tabs.close(second)
    assert second.page is first.page


def test_a_reused_tab_keeps_nothing_of_the_visit_before(tabs: Tabs) -> None:
    first = tabs.open("xor/")
    first.page.evaluate("console.error('from the first visit'); sessionStorage.setItem('k', 1)")
    switch_palette(first.page)  # Material keeps the reader's choice in local storage
    assert first.page.evaluate(SCHEME) == "slate"
    tabs.close(first)
    second = tabs.open("xor/")
    kept = second.page.evaluate(f"[{SCHEME}, sessionStorage.getItem('k')]")
    tabs.close(second)
    assert second.page is first.page
    assert kept == ["default", None]
    assert first.console_errors == ["from the first visit"] and second.console_errors == []


def test_visits_open_at_once_share_no_storage(tabs: Tabs) -> None:
    light = tabs.open("")
    switch_palette(light.page)
    dark = tabs.open("", dark=True)
    switch_palette(dark.page)
    schemes = [light.page.evaluate(SCHEME), dark.page.evaluate(SCHEME)]
    tabs.close(light)
    tabs.close(dark)
    assert schemes == ["slate", "default"]


def test_a_tab_that_broke_is_not_reused(tabs: Tabs) -> None:
    broken = tabs.open("")
    broken.page.close()
    tabs.close(broken)
    after = tabs.open("")
    tabs.close(after)
    assert after.page is not broken.page and not after.page.is_closed()


def test_page_shows_math_and_images_at_desktop_width(desktop: Visit) -> None:
    seen = desktop
    page = seen.page
    prose = page.evaluate(VISIBLE_PROSE)
    for raw in ("\\frac", "\\partial", "\\sum", "\\varepsilon", "$$", "\\("):
        assert raw not in prose, f"raw LaTeX {raw!r} visible"
    assert "$" not in prose
    annotated = page.evaluate(
        "[...document.querySelectorAll('math')].every("
        "m => m.querySelector('annotation[encoding=\"application/x-tex\"]'))"
    )
    assert annotated, "a <math> without its LaTeX annotation"

    images = page.evaluate(
        "[...document.querySelectorAll('article img')].map(i => [i.naturalWidth, i.alt, i.src])"
    )
    for width, alt, src in images:
        assert width > 0, f"image did not load: {src[:80]}"
        assert alt.strip(), f"image without alt text: {src[:80]}"
    keep_screenshot(page, seen.path, "1280-light")


def test_page_has_one_h1_headings_in_order_landmarks_and_captions(desktop: Visit) -> None:
    page = desktop.page
    levels = page.evaluate(
        "[...document.querySelectorAll('article h1, article h2, article h3, article h4, "
        "article h5, article h6')].map(h => Number(h.tagName[1]))"
    )
    assert levels.count(1) == 1 and levels[0] == 1, levels
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, f"heading level jumps from h{before} to h{after}"
    for landmark in ("header", "main", "nav", "footer"):
        assert page.locator(landmark).count() >= 1, f"no <{landmark}>"
    uncaptioned = page.evaluate(
        "[...document.querySelectorAll('article figure')]"
        ".filter(f => !f.querySelector('figcaption')).length"
    )
    assert uncaptioned == 0


WIDE_TABLES = """[...document.querySelectorAll('article table')]
  .filter(t => t.offsetParent !== null)
  .map(t => [t.rows[0].textContent.trim().slice(0, 40), t.scrollWidth,
             (t.closest('.md-typeset__scrollwrap') || t.parentElement).clientWidth])
  .filter(([, width, room]) => width > room + 1)"""


def test_every_table_fits_the_phone_screen_without_scrolling(phone: Visit) -> None:
    assert phone.page.evaluate(WIDE_TABLES) == []


# Headings whose permalink sits lower than the last line of their text: a "¶" wrapped
# alone onto a line of its own (invisible until hovered, it leaves a blank line).
LONELY_PERMALINKS = """[...document.querySelectorAll('article .headerlink')]
  .filter(link => link.offsetParent !== null)
  .filter(link => {
    const text = document.createRange();
    text.selectNodeContents(link.parentElement);
    text.setEndBefore(link);
    const lines = [...text.getClientRects()];
    return link.getBoundingClientRect().top > lines[lines.length - 1].bottom - 1;
  })
  .map(link => link.parentElement.textContent.slice(0, 50))"""


def test_no_heading_leaves_its_permalink_on_a_line_of_its_own_on_a_phone(phone: Visit) -> None:
    assert phone.page.evaluate(LONELY_PERMALINKS) == []


def test_page_fits_a_phone_screen_in_both_themes(phone: Visit) -> None:
    """The phone's last check: it leaves the page dark."""
    page = phone.page
    for theme in ("light", "dark"):
        if theme == "dark":
            switch_palette(page)
            scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
            assert scheme == "slate"
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the page is {overflow}px wider than the phone ({theme})"
        keep_screenshot(page, phone.path, f"390-{theme}")


def test_every_table_fits_the_desktop_column_without_scrolling(desktop: Visit) -> None:
    assert desktop.page.evaluate(WIDE_TABLES) == []


# Code blocks (code and outputs, source views too) whose text runs past their right edge:
# what is off the edge is hidden until scrolled, and can change what the code says.
SCROLLING_CODE = """[...document.querySelectorAll('article pre > code')]
  .filter(code => code.offsetParent !== null && code.scrollWidth > code.clientWidth + 1)
  .map(code => [code.textContent.trim().slice(0, 60), code.scrollWidth - code.clientWidth])"""


def test_no_code_block_scrolls_sideways_on_a_desktop(desktop: Visit) -> None:
    assert desktop.page.evaluate(SCROLLING_CODE) == []


def test_no_code_or_output_scrolls_sideways_on_a_phone(phone: Visit) -> None:
    assert phone.page.evaluate(SCROLLING_CODE) == []


# Display formulas wider than the column (they scroll, with no sign that they do).
WIDE_FORMULAS = """[...document.querySelectorAll('article .math-display')]
  .filter(m => m.offsetParent !== null && m.scrollWidth > m.clientWidth + 1)
  .map(m => (m.querySelector('annotation') || m).textContent.trim().slice(0, 60))"""


def test_no_display_formula_is_wider_than_a_phone(phone: Visit) -> None:
    assert phone.page.evaluate(WIDE_FORMULAS) == []


# Blocks with text under their copy button (Material's .md-code__nav, over the block's top
# right corner; it shows on hover, and always takes that place).
UNDER_THE_BUTTON = """() => [...document.querySelectorAll('article .highlight')]
  .filter(block => block.querySelector('.md-code__nav') && block.offsetParent !== null)
  .filter(block => {
    const button = block.querySelector('.md-code__nav').getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(block.querySelector('pre > code'));
    return [...range.getClientRects()].some(r => r.width > 1 && r.right > button.left + 1
      && r.left < button.right && r.bottom > button.top + 1 && r.top < button.bottom - 1);
  })
  .map(block => block.textContent.trim().slice(0, 60))"""


def test_no_copy_button_covers_code_on_a_desktop(desktop: Visit) -> None:
    assert desktop.page.evaluate(UNDER_THE_BUTTON) == []


def test_no_copy_button_covers_code_on_a_phone(phone: Visit) -> None:
    assert phone.page.evaluate(UNDER_THE_BUTTON) == []


def test_the_copy_button_of_a_session_copies_its_code_only(visit) -> None:
    page = visit("xor/").page
    session = (
        (ROOT / "docs" / "xor.md").read_text("utf-8").split("```pycon\n", 1)[1].split("```")[0]
    )
    code = "".join(line[4:] + "\n" for line in session.splitlines() if line[:4] in (">>> ", "... "))
    block = page.locator("article .highlight").first
    block.hover()
    block.locator("button[data-md-type='copy']").click()
    assert page.evaluate("navigator.clipboard.readText()") == code.rstrip("\n")


def test_search_finds_the_derivation_offline(visit) -> None:
    page = visit("", wait="networkidle").page  # the search worker has fetched its index
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially("sigmoid", delay=50)
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=60_000)
    hrefs = [results.nth(k).get_attribute("href") for k in range(results.count())]
    assert any("derivation/" in href for href in hrefs), hrefs


def test_a_reader_whose_system_is_in_dark_mode_gets_the_dark_palette(visit) -> None:
    page = visit("", dark=True).page
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"


def test_the_palette_toggle_switches_light_and_dark(visit) -> None:
    page = visit("").page
    scheme = "document.body.getAttribute('data-md-color-scheme')"
    assert page.evaluate(scheme) == "default"
    page.locator("form[data-md-component='palette'] label:visible").first.click()
    assert page.evaluate(scheme) == "slate"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(255, 255, 255)"
    page.locator("form[data-md-component='palette'] label:visible").first.click()
    assert page.evaluate(scheme) == "default"


def test_the_footer_says_what_the_site_was_verified_with(built_site: Path) -> None:
    import platform

    import numpy as np

    footer = re.search(
        r'<span class="build-info">(.*?)</span>', (built_site / "index.html").read_text("utf-8")
    )
    assert footer and footer[1].startswith("Every code block verified ")
    assert np.__version__ in footer[1] and platform.python_version() in footer[1]


INLINE_MATH_SIZES = """[...document.querySelectorAll('article math:not([display=block])')]
  .filter(m => m.offsetParent !== null)
  .map(m => [m.querySelector('annotation').textContent,
             parseFloat(getComputedStyle(m).fontSize),
             parseFloat(getComputedStyle(m.parentElement).fontSize)])"""


@pytest.mark.parametrize("path", ["derivation/", "xor/", "one-page/", "experiments/"])
def test_inline_math_is_the_size_of_the_text_around_it(visit, path: str) -> None:
    sizes = visit(path).page.evaluate(INLINE_MATH_SIZES)
    assert sizes, "no inline math"
    off = [(tex, math, text) for tex, math, text in sizes if abs(math / text - 1) > 0.1]
    assert off == []


def test_formulas_in_running_text_are_math_not_typed_symbols() -> None:
    """The same math everywhere: no '½', 'Σ', '²' or <sub> standing in for a formula."""
    typed = {
        page.name: symbol
        for page in (ROOT / "docs").glob("*.md")
        for symbol in ("½", "Σ", "²", "<sub>")
        if symbol in page.read_text("utf-8")
    }
    assert typed == {}


# --- axe-core on every page, light then dark: late in this file (the page stays dark) ------

AXE = ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(seen: Visit, scheme: str) -> list[str]:
    """axe-core's WCAG 2.1 A and AA violations on a loaded page, in the colour scheme it must
    be in (the first call on a page adds axe's script to it)."""
    if not AXE.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"CI=true but {AXE} is missing: .ci/run installs axe-core from npm")
        pytest.skip("axe-core not installed (npm install --prefix .cache/npm axe-core@4)")
    page = seen.page
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == scheme
    if page.evaluate("typeof axe === 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(
        "async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', "
        "'wcag21aa']})).violations.map(v => v.id + ': ' + v.nodes.slice(0, 3).map("
        "n => n.target.join(' ')).join(', '))"
    )


def test_page_has_no_axe_core_violations_in_light_mode(desktop: Visit) -> None:
    assert axe_violations(desktop, "default") == []


def test_page_has_no_axe_core_violations_in_dark_mode(desktop: Visit) -> None:
    switch_palette(desktop.page)
    assert axe_violations(desktop, "slate") == []
    keep_screenshot(desktop.page, desktop.path, "1280-dark")


def test_page_works_offline_without_errors(desktop: Visit) -> None:
    """Last of a page's desktop checks, so requests made late (the search worker's index,
    say) are seen without a wait at load: the network has long been quiet by now."""
    desktop.page.wait_for_load_state("networkidle")
    assert desktop.foreign_requests == [], "requests to other hosts"
    assert desktop.failed_requests == [], "failed requests"
    assert desktop.console_errors == [], "console errors"
