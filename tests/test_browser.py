"""The site in a real browser (Debian's Chromium driven by Playwright): what works only
with JavaScript — the citation popover and the entity card on keyboard focus."""

from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import SEED_000, Built

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="Chromium is not installed (make test installs it with apt-get as root)")


@pytest.fixture(scope="module")
def served(seed_site: Built) -> Iterator[str]:
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(seed_site.out))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
        yield browser
        browser.close()


def test_citation_popover_appears_on_keyboard_focus(browser, served: str) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{served}/articles/{SEED_000}/")
    assert page.locator(".popover").count() == 0
    page.focus("sup.cite a.cite-link")
    popover = page.wait_for_selector(".popover-citation", timeout=5000)
    assert "对话Linux基金会创始人" in popover.inner_text() and "腾讯科技" in popover.inner_text()
    page.keyboard.press("Escape")
    assert page.locator(".popover").count() == 0
    assert errors == []
    page.close()


def test_entity_card_appears_on_keyboard_focus(browser, served: str) -> None:
    page = browser.new_page()
    page.goto(f"{served}/articles/{SEED_000}/")
    page.focus("a.entity[data-entity='company:openai']")
    card = page.wait_for_selector(".popover-entity", timeout=5000)
    text = card.inner_text()
    assert "OpenAI" in text and "2" in text  # both seeds mention it
    page.close()


def test_without_javascript_references_are_plain_links(browser, served: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{served}/articles/{SEED_000}/")
    page.click("sup.cite a.cite-link")
    assert page.url.endswith("#note-1")
    assert page.locator(".popover").count() == 0
    context.close()
