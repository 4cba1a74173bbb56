"""Serving a built site and driving Debian's Chromium, for the browser tests."""

from __future__ import annotations

import functools
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                    reason="Chromium is not installed (make test installs it with apt-get as root)")


class _Quiet(SimpleHTTPRequestHandler):
    slow: dict[str, float] = {}  # a path served after so many seconds (serve's)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass

    def do_GET(self) -> None:
        if (seconds := self.slow.get(self.path.split("?", 1)[0])) is not None:
            time.sleep(seconds)  # this request's thread only: the server answers the others meanwhile
        super().do_GET()


@contextmanager
def serve(site: Path, base_path: str = "/", slow: dict[str, float] | None = None) -> Iterator[str]:
    """Serve site at http://127.0.0.1:PORT{base_path}; yields the origin (no trailing slash).
    Under a sub-path nothing else is served, so a request outside it is a 404. slow: paths
    answered only after so many seconds (a slow network, for one file)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        if base_path != "/":
            mount = root / base_path.strip("/")
            mount.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(site.resolve(), mount)
        else:
            root = site
        handler = type("Handler", (_Quiet,), {"slow": dict(slow or {})})
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            server.shutdown()
            server.server_close()


@contextmanager
def chromium():
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


# The module the search page's UI searches with (search-lanes/pagefind.js over Pagefind's
# runtimes, or the one runtime of a site without lanes): one per page, the bundles the UI
# merged are merged in it.
UI_MODULE = """const box = document.getElementById('search');
  const lanes = JSON.parse(box.dataset.lanes || '[]');
  const pagefind = await import((lanes.length ? box.dataset.runtime : box.dataset.bundle) + 'pagefind.js');"""

# Every query of `names`, run in the search page on the UI's module, each prepared as the
# page prepares a typed query; the path of every result of each.
SEARCH_ALL = """async (names) => {
  """ + UI_MODULE + """
  const found = {};
  for (const name of names) {
    const search = await pagefind.search(window.siteSearch.prepare(name));
    const data = await Promise.all(search.results.map((r) => r.data()));
    found[name] = data.map((d) => decodeURI(new URL(d.url, location.href).pathname));
  }
  return found;
}"""
