"""Page weight and speed: every page of the built site, loaded in Chromium from localhost.

Builds the site, serves it under its ``site_url`` path, loads each page in a fresh browser
context (empty cache) and prints, per page: bytes transferred (response headers + bodies),
number of requests, and the time to the load event. Budget: at most 1.5 MB and 30
requests per page; pages over budget are marked.

Run: ``uv run python benchmarks/page_weight.py`` (needs Chromium: apt-get install chromium).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import yaml
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
BUDGET_BYTES = 1_500_000
BUDGET_REQUESTS = 30


def main() -> None:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    prefix = urllib.parse.urlparse(config["site_url"]).path.strip("/")
    chromium = shutil.which("chromium") or shutil.which("google-chrome")
    if chromium is None:
        sys.exit("no Chromium found (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / prefix
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
            cwd=ROOT, check=True, capture_output=True, env=env,
        )  # fmt: skip
        pages = sorted(
            str(p.parent.relative_to(site)) + "/" if p.name == "index.html" else p.name
            for p in site.rglob("*.html")
        )
        server = subprocess.Popen(
            [sys.executable, "-m", "http.server", "0", "--bind", "127.0.0.1", "-d", tmp],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, encoding="utf-8",
        )  # fmt: skip
        try:
            port = server.stdout.readline().split("port ")[1].split()[0]
            base = f"http://127.0.0.1:{port}/{prefix}/"
            measure(chromium, base, pages)
        finally:
            server.terminate()


def measure(chromium: str, base: str, pages: list[str]) -> None:
    print(f"{'page':28s} {'bytes':>10s} {'requests':>9s} {'load (ms)':>10s}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        for path in pages:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            requests = []
            page.on("requestfinished", lambda request, seen=requests: seen.append(request))
            start = time.perf_counter()
            page.goto(base + ("" if path == "./" else path), wait_until="networkidle")
            elapsed = time.perf_counter() - start
            load = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
            size = 0
            for request in requests:
                sizes = request.sizes()
                size += sizes["responseHeadersSize"] + sizes["responseBodySize"]
            over = size > BUDGET_BYTES or len(requests) > BUDGET_REQUESTS
            name = "(home)" if path == "./" else path
            print(
                f"{name:28s} {size:10,d} {len(requests):9d} {load:10.0f}"
                f"{'   OVER BUDGET' if over else ''}  (networkidle {elapsed:.1f} s)"
            )
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
