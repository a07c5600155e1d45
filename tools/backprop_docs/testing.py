"""What the tests share besides their fixtures (tests/conftest.py): where things are, the
site built strictly, a server for it, browser tabs on it, and the site's pages.

Test modules import it by name: ``from backprop_docs.testing import ROOT, Tabs``.
"""

from __future__ import annotations

import http.server
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Build:
    """One ``mkdocs build --strict`` of the site: where it went, and what it printed."""

    site: Path
    returncode: int
    output: str


def build_site(site: Path) -> Build:
    """Build with the README's command (``python -m backprop_docs``, MkDocs's command line)."""
    result = subprocess.run(
        [sys.executable, "-m", "backprop_docs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        encoding="utf-8",
        timeout=900,
    )
    return Build(site, result.returncode, result.stdout + result.stderr)


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


class _SiteServer(http.server.ThreadingHTTPServer):
    """A server that says nothing when a browser hangs up mid-request (a page closed while
    it still loads): socketserver would print a traceback into whichever test is running."""

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exception(), ConnectionError):
            super().handle_error(request, client_address)


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site below ``prefix``; anything else is not found. Logs nothing."""

    def __init__(self, prefix: str, *args: object, **kwargs: object) -> None:
        self.prefix = prefix
        super().__init__(*args, **kwargs)

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "no such file")
        return super().translate_path("/" + path[len(self.prefix) :])

    def log_message(self, format: str, *args: object) -> None:
        pass


def chromium_is_required() -> bool:
    """Under CI=true on Linux the browser tests must run; elsewhere they may skip."""
    return bool(os.environ.get("CI")) and sys.platform.startswith("linux")


@dataclass
class Visit:
    """What one page load did: the page, and every problem seen on the way."""

    page: object
    path: str = ""  # the page's path in the site
    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)


CRASHED = "the page's renderer crashed"  # a console error of its own: the tab is not reused


class Tabs:
    """Browser tabs on the site, each reused from one visit to the next.

    Chromium starts a renderer process for a new tab: a page load in a new tab cost about
    1.9 s of CPU on a 2-core machine, in an open tab about 1.1 s (leaving the last page
    included), so a test session keeps its tabs open. Nothing of one visit reaches the
    next: when a visit ends, the site's local and session storage are cleared (Material
    keeps the reader's palette there), the tab goes to about:blank (the page, its workers
    and its late requests stop), and the next visit sets its own viewport and colour scheme
    and gets its own `Visit`.
    Each tab has a browser context of its own, so two visits open at once (a page at desktop
    and at phone width) share no storage. A tab whose renderer crashed is closed, not reused.
    """

    def __init__(self, browser, site_url: str) -> None:  # noqa: ANN001 - a Playwright Browser
        self.browser, self.site_url = browser, site_url
        self.free: list = []  # open tabs (Playwright Pages) that no visit uses
        self.seen: dict = {}  # a tab's current visit, by the tab's id
        self.contexts: list = []

    def _new_tab(self):  # noqa: ANN202 - a Playwright Page
        context = self.browser.new_context(permissions=["clipboard-read", "clipboard-write"])
        self.contexts.append(context)
        page = context.new_page()
        key = id(page)

        def note(what: str, text: str) -> None:
            seen = self.seen.get(key)
            if seen is not None:
                getattr(seen, what).append(text)

        def route(route_) -> None:  # noqa: ANN001 - a Playwright Route
            url = route_.request.url
            if url.startswith(self.site_url) or url.startswith(("data:", "blob:")):
                route_.continue_()
            else:
                note("foreign_requests", url)
                route_.abort()

        page.route("**/*", route)
        page.on("console", lambda m: note("console_errors", m.text) if m.type == "error" else 0)
        page.on("pageerror", lambda e: note("console_errors", str(e)))
        page.on("crash", lambda _: note("console_errors", CRASHED))
        page.on("requestfailed", lambda r: note("failed_requests", r.url))
        page.on(
            "response",
            lambda r: note("failed_requests", f"{r.status} {r.url}") if r.status >= 400 else 0,
        )
        return page

    def open(
        self,
        path: str,
        width: int = 1280,
        height: int = 900,
        dark: bool = False,
        wait: str = "load",
    ) -> Visit:
        """Load a page of the site in a free tab; requests to other hosts are blocked."""
        page = self.free.pop() if self.free else self._new_tab()
        seen = Visit(page, path)
        self.seen[id(page)] = seen
        page.set_viewport_size({"width": width, "height": height})
        page.emulate_media(color_scheme="dark" if dark else "light")
        page.goto(self.site_url + path, wait_until=wait)
        return seen

    def close(self, seen: Visit) -> None:
        """End a visit: its tab is emptied and free for the next one (or closed if broken)."""
        from playwright.sync_api import Error

        page = seen.page
        if self.seen.pop(id(page), None) is not seen:
            return  # already ended
        try:
            if CRASHED in seen.console_errors:
                raise Error("crashed")
            page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
            page.goto("about:blank")
        except Error:
            page.context.close()
            return
        self.free.append(page)


# --- every page of the site, each loaded once per test module and way of seeing it -------


def nav_pages() -> list[str]:
    """The URL path of every page in mkdocs.yml's navigation, plus the 404 page."""

    def walk(entries: list) -> list[str]:
        found = []
        for entry in entries:
            for value in entry.values() if isinstance(entry, dict) else [entry]:
                if isinstance(value, list):
                    found += walk(value)
                else:
                    stem = value.removesuffix(".md").removesuffix(".ipynb")
                    found.append("" if stem == "index" else stem + "/")
        return found

    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8").replace("!ENV", ""))
    return walk(config["nav"]) + ["404.html"]


PAGES = nav_pages()
# Full-page screenshots of every page at both widths, light and dark, kept for a person to
# look at; each run replaces them. CI takes them (its workflow uploads the folder), and so
# does a run with BACKPROP_SCREENSHOTS=1; a reader's plain `uv run pytest` leaves them out:
# they are about a fifth of the whole suite's time, and no test reads them.
SCREENSHOTS = ROOT / ".cache" / "screenshots"


def screenshots_wanted() -> bool:
    return bool(os.environ.get("CI") or os.environ.get("BACKPROP_SCREENSHOTS"))


def keep_screenshot(page, path: str, how: str) -> None:  # noqa: ANN001 - a Playwright Page
    """Save a full-page screenshot as .cache/screenshots/PAGE-HOW.png, if screenshots are
    wanted (see above); a blank one (under 5 kB) fails the test."""
    if not screenshots_wanted():
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = path.strip("/").replace("/", "_").removesuffix(".html") or "home"
    shot = SCREENSHOTS / f"{name}-{how}.png"
    page.screenshot(path=shot, full_page=True)
    assert shot.stat().st_size > 5_000, f"{shot.name} is blank"


def switch_palette(page) -> None:  # noqa: ANN001 - a Playwright Page
    """Click the palette toggle, as a reader switches (so the toggle's own icon follows),
    with the theme's colour transitions off: a screenshot or axe-core would catch the colours
    half way."""
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    page.locator("form[data-md-component='palette'] label:visible").first.click()
