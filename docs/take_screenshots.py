"""Screenshots of each kind of page for the README: build the site first (make site),
then: .venv/bin/python docs/take_screenshots.py [public] — served locally, shot in
Debian's Chromium, written to docs/screenshots/. `... public NAME=/PATH/ ...` shoots only
those pages (the first screen, 1280 wide): pdf-interview=/articles/SLUG/ for the page of a
PDF dropped into content/ of a scratch copy."""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.web import ARGS, CHROMIUM, serve  # noqa: E402

OUT = Path(__file__).resolve().parent / "screenshots"
DOC_000, DOC_003 = "/articles/000_565f44b68450ec1c/", "/articles/003_175542bd12a56448/"
# name, path, viewport width, colour scheme, whole page or the first screen
SHOTS = [
    ("home", "/", 1280, "light", True),
    ("article", DOC_000, 1280, "light", False),
    ("interview", DOC_003, 1280, "light", False),
    ("person", "/people/kai-fu-lee/", 1280, "light", True),
    ("company", "/companies/openai/", 1280, "light", True),
    ("tag", "/tags/开源/", 1280, "light", True),
    ("sources", "/citations/", 1280, "light", False),
    ("search", "/search/?q=李开复", 1280, "light", False),
    ("article-phone", DOC_000, 375, "light", False),
    ("article-dark", DOC_003, 1280, "dark", False),
    ("person-phone-dark", "/people/kai-fu-lee/", 375, "dark", True),
]


def main(site: Path, shots: list[tuple[str, str, int, str, bool]]) -> None:
    OUT.mkdir(exist_ok=True)
    with serve(site) as origin, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for name, path, width, scheme, whole in shots:
            context = browser.new_context(viewport={"width": width, "height": 900 if width > 500 else 800},
                                          color_scheme=scheme)
            page = context.new_page()
            page.goto(origin + path)
            if path.startswith("/search/"):
                page.wait_for_selector(".pagefind-ui__result-link")
                page.wait_for_timeout(300)
            page.screenshot(path=OUT / f"{name}.png", full_page=whole)
            context.close()
            print(f"{name}.png {(OUT / f'{name}.png').stat().st_size // 1024} KB")
        browser.close()


if __name__ == "__main__":
    chosen = [(name, path, 1280, "light", False) for name, _, path in (a.partition("=") for a in sys.argv[2:])]
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "public"), chosen or SHOTS)
