"""The site in a real browser (Debian's Chromium driven by Playwright): what works only
with JavaScript — the citation popover and the entity card on keyboard focus."""

from __future__ import annotations

from tests.conftest import SEED_000
from tests.web import needs_chromium

pytestmark = needs_chromium


def test_citation_popover_appears_on_keyboard_focus(browser, origin: str) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{origin}/articles/{SEED_000}/")
    assert page.locator(".popover").count() == 0
    page.focus("sup.cite a.cite-link")
    popover = page.wait_for_selector(".popover-citation", timeout=5000)
    assert "对话Linux基金会创始人" in popover.inner_text() and "腾讯科技" in popover.inner_text()
    page.keyboard.press("Escape")
    assert page.locator(".popover").count() == 0
    assert errors == []
    page.close()


def test_entity_card_appears_on_keyboard_focus(browser, origin: str) -> None:
    page = browser.new_page()
    page.goto(f"{origin}/articles/{SEED_000}/")
    page.focus("a.entity[data-entity='company:openai']")
    card = page.wait_for_selector(".popover-entity", timeout=5000)
    text = card.inner_text()
    assert "OpenAI" in text and "2" in text  # both seeds mention it
    page.close()


def test_without_javascript_references_are_plain_links(browser, origin: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{origin}/articles/{SEED_000}/")
    page.click("sup.cite a.cite-link")
    assert page.url.endswith("#note-1")
    assert page.locator(".popover").count() == 0
    context.close()
