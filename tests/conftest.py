"""The tests' fixtures: the site built strictly once per test session (shared by the test
workers), served, and a browser on it. What the tests share besides fixtures is in
`backprop_docs.testing`, which they import by name."""

from __future__ import annotations

import functools
import json
import os
import threading
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from backprop_docs.testing import (
    CHROMIUM_ARGS,
    PAGES,
    ROOT,
    Build,
    Tabs,
    Visit,
    _SiteHandler,
    _SiteServer,
    build_site,
    chromium_is_required,
    find_chromium,
)
from filelock import FileLock
from hypothesis import settings

# Property tests: 300 examples per property under CI=true, 60 on a reader's machine.
settings.register_profile("ci", max_examples=300, deadline=None)
settings.register_profile("dev", max_examples=60, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")


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
