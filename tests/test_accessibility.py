"""Every page of the built site passes axe-core's WCAG 2.1 A and AA checks, in light and
dark mode (the other browser checks are in tests/test_browser.py)."""

from __future__ import annotations

import os

import pytest

from conftest import ROOT, Visit, keep_screenshot

AXE = ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(seen: Visit, scheme: str) -> list[str]:
    """axe-core's WCAG 2.1 A and AA violations on a loaded page (run last on a page: it adds
    axe's script to it)."""
    if not AXE.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"CI=true but {AXE} is missing: .ci/run installs axe-core from npm")
        pytest.skip("axe-core not installed (npm install --prefix .cache/npm axe-core@4)")
    page = seen.page
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == scheme
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        "async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', "
        "'wcag21aa']})).violations.map(v => v.id + ': ' + v.nodes.slice(0, 3).map("
        "n => n.target.join(' ')).join(', '))"
    )


def test_page_has_no_axe_core_violations_in_light_mode(desktop: Visit) -> None:
    assert axe_violations(desktop, "default") == []


def test_page_has_no_axe_core_violations_in_dark_mode(desktop_dark: Visit) -> None:
    assert axe_violations(desktop_dark, "slate") == []
    keep_screenshot(desktop_dark.page, desktop_dark.path, "1280-dark")
