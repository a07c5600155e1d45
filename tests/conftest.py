"""Shared helpers and fixtures: where things are, the site built strictly once per test
session (shared by the test workers), and a browser on it. Test modules import the
helpers: ``from conftest import ROOT``.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from backprop_docs.equations import TAG as EQUATION_TAG
from filelock import FileLock
from hypothesis import settings

# Property tests: 300 examples per property under CI=true, 60 on a reader's machine.
settings.register_profile("ci", max_examples=300, deadline=None)
settings.register_profile("dev", max_examples=60, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

ROOT = Path(__file__).resolve().parent.parent
TAG = EQUATION_TAG  # "# (N)" at the end of a line of the package: it computes equation N


def load(name: str, path: Path) -> ModuleType:
    """A module from a file that is not on the import path (the root conftest, a hook...).

    As MkDocs loads a hook, its folder is on the import path while it runs, so a hook can
    import its neighbours (``from patching import patch``)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(path.parent))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(path.parent))
    return module


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


@pytest.fixture(scope="session")
def site_build(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Build:
    """The site, built once per test session, shared by every test worker.

    Under pytest-xdist the first worker to need it builds it; the others wait for that
    build (a file lock in the session's temporary folder) and read its result.
    """
    if worker_id == "master":  # one process: its own temporary folder
        return build_site(tmp_path_factory.mktemp("site"))
    shared = tmp_path_factory.getbasetemp().parent  # this session's, common to its workers
    record = shared / "site-build.json"
    with FileLock(shared / "site-build.lock"):
        if not record.is_file():
            built = build_site(shared / "site")
            record.write_text(json.dumps([built.returncode, built.output]), "utf-8")
        returncode, output = json.loads(record.read_text("utf-8"))
    return Build(shared / "site", returncode, output)


@pytest.fixture(scope="session")
def built_site(site_build: Build) -> Path:
    """The strictly built site; a failed build fails every test that needs it."""
    if site_build.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{site_build.output}")
    return site_build.site


# --- a browser on the built site, with every other host blocked ---------------------------

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


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site, served on localhost by a thread of this process.

    It is served under the path of ``site_url`` in mkdocs.yml (``/backprop/``), as GitHub
    Pages serves it: the 404 page links its assets by that absolute path.
    """
    prefix = urllib.parse.urlparse(
        yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))["site_url"]
    ).path
    handler = functools.partial(_SiteHandler, prefix, directory=str(built_site))
    server = _SiteServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    server.shutdown()
    server.server_close()


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


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Chromium through Playwright: the system's, else Playwright's own build.

    Without either it skips, except under CI=true on Linux, where it fails.
    """
    from playwright.sync_api import Error, sync_playwright

    chromium = find_chromium()
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        except Error as e:
            if chromium_is_required():
                pytest.fail(f"CI=true on Linux but no Chromium could start: {e}")
            pytest.skip("no Chromium on this machine (apt-get install chromium); CI runs this")
        yield browser
        browser.close()


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


@pytest.fixture(scope="session")
def tabs(browser, site_url: str) -> Iterator[Tabs]:  # noqa: ANN001
    """The test session's browser tabs on the site (see `Tabs`)."""
    opened = Tabs(browser, site_url)
    yield opened
    for context in opened.contexts:
        context.close()


@pytest.fixture
def visit(tabs: Tabs) -> Iterator[Callable[..., Visit]]:
    """Open a page of the site at a viewport width; requests to other hosts are blocked."""
    visits = []

    def open_page(
        path: str, width: int = 1280, height: int = 900, dark: bool = False, wait: str = "load"
    ) -> Visit:
        visits.append(tabs.open(path, width, height, dark, wait))
        return visits[-1]

    yield open_page
    for seen in visits:
        tabs.close(seen)


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


@pytest.fixture(scope="module", params=PAGES, ids=lambda p: p or "home")
def page_path(request: pytest.FixtureRequest) -> str:
    """Each page of the site, in turn."""
    return request.param


def _seen(tabs: Tabs, path: str, **how: object) -> Iterator[Visit]:
    """A page load shared by the tests of one module (they run page by page: ``page_path`` is a
    module-scoped parameter, so pytest runs every test of a page before the next page)."""
    seen = tabs.open(path, **how)
    yield seen
    tabs.close(seen)


@pytest.fixture(scope="module")
def desktop(tabs: Tabs, page_path: str) -> Iterator[Visit]:
    """The page at 1280 px, light, once loaded. A module's later tests of a page may switch
    it to dark with the palette toggle; its last may wait for the network to go quiet."""
    yield from _seen(tabs, page_path)


@pytest.fixture(scope="module")
def phone(tabs: Tabs, page_path: str) -> Iterator[Visit]:
    """The page at 390 x 844 px."""
    yield from _seen(tabs, page_path, width=390, height=844)
