"""A GitHub Pages project site: built for https://example.github.io/my-kb/, served from a
folder my-kb/ by Python's http.server, every page kind loads in Chromium with no request
that fails or leaves /my-kb/."""

from __future__ import annotations

from urllib.parse import quote

from tests.test_browser_walk import PAGE_KINDS
from tests.web import chromium, needs_chromium, serve

pytestmark = needs_chromium


def test_every_page_kind_loads_under_the_sub_path_with_no_404(seed_site_subpath) -> None:
    base = seed_site_subpath.config.base_path
    assert base == "/my-kb/"
    with serve(seed_site_subpath.out, base) as origin, chromium() as browser:
        page = browser.new_page()
        seen: list[tuple[int, str]] = []
        failed: list[str] = []
        page.on("response", lambda r: seen.append((r.status, r.url)))
        page.on("requestfailed", lambda r: failed.append(r.url))
        for kind, path in PAGE_KINDS.items():
            seen.clear()
            response = page.goto(origin + base.rstrip("/") + quote(path, safe="/?=&"))
            assert response is not None and response.status == 200, kind
            if kind == "search":
                page.wait_for_selector(".pagefind-ui__result-link", timeout=30000)
            page.wait_for_load_state("networkidle")
            bad = [(status, url) for status, url in seen if status >= 400 or not url.startswith(origin + base)]
            assert bad == [], kind
            assert len(seen) >= 3, kind  # the page, its stylesheet and its scripts at least
        assert failed == []
        page.close()

