"""The entity hover card in Chromium (Playwright): it stays inside the window next to its
bottom and right edges, and the browser's own tooltip (the link's title) is set aside while
the card shows, back when it goes; without JavaScript the title is there."""

from __future__ import annotations

from tests.conftest import SEED_000
from tests.web import needs_chromium

pytestmark = needs_chromium

LINKS = ".doc-body a.entity[data-entity][title]"
RECT = ("e => { const r = e.getBoundingClientRect(); "
        "return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; }")
VIEW = "() => ({width: document.documentElement.clientWidth, height: document.documentElement.clientHeight})"


def _open(browser, origin: str, width: int, height: int):
    page = browser.new_page(viewport={"width": width, "height": height})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{origin}/articles/{SEED_000}/")
    return page, errors


def _card(page) -> dict:
    return page.wait_for_selector(".popover-entity", timeout=5000).evaluate(RECT)


def test_card_near_the_bottom_edge_opens_above_its_link_inside_the_window(browser, origin: str) -> None:
    page, errors = _open(browser, origin, 1000, 600)
    link = page.locator(LINKS).nth(3).element_handle()  # the element, whatever its title
    title = link.get_attribute("title")
    link.evaluate("e => e.scrollIntoView({block: 'end'})")
    view, at = page.evaluate(VIEW), link.evaluate(RECT)
    assert at["bottom"] > view["height"] - 40  # the link is on the window's last line
    link.hover()
    card = _card(page)
    assert card["top"] >= 0 and card["bottom"] <= view["height"]
    assert card["bottom"] <= at["top"]  # above the link, not over it
    # the native tooltip is set aside while the card shows; the card describes the link
    assert link.get_attribute("title") is None
    assert link.get_attribute("aria-describedby") == page.locator(".popover-entity").get_attribute("id") != ""
    page.mouse.move(5, 5)
    assert page.locator(".popover").count() == 0
    assert link.get_attribute("title") == title and link.get_attribute("aria-describedby") is None
    assert errors == []
    page.close()


def test_card_near_the_right_edge_shifts_left_inside_the_window(browser, origin: str) -> None:
    page, errors = _open(browser, origin, 480, 800)
    view = page.evaluate(VIEW)
    links = page.locator(LINKS)
    rights = [links.nth(i).evaluate(RECT)["left"] for i in range(links.count())]
    link = links.nth(max(range(len(rights)), key=rights.__getitem__)).element_handle()  # the one furthest right
    link.evaluate("e => e.scrollIntoView({block: 'center'})")
    at = link.evaluate(RECT)
    assert at["left"] + 360 > view["width"]  # a card as wide as it may be would not fit after it
    link.hover()
    card = _card(page)
    assert card["left"] >= 0 and card["right"] <= view["width"]
    assert card["top"] >= 0 and card["bottom"] <= view["height"]
    assert card["top"] >= at["bottom"]  # room below: under its link
    assert errors == []
    page.close()


def test_keyboard_focus_sets_the_title_aside_and_escape_brings_it_back(browser, origin: str) -> None:
    page, errors = _open(browser, origin, 1000, 800)
    link = page.locator(LINKS).first.element_handle()
    title = link.get_attribute("title")
    link.focus()
    _card(page)
    assert link.get_attribute("title") is None
    page.keyboard.press("Escape")
    assert page.locator(".popover").count() == 0 and link.get_attribute("title") == title
    assert errors == []
    page.close()


def test_a_link_without_a_title_is_described_by_its_card_while_it_shows(browser, origin: str) -> None:
    page, errors = _open(browser, origin, 1000, 800)
    link = page.locator(LINKS).first.element_handle()
    link.evaluate("e => e.removeAttribute('title')")  # an entity without a description
    link.hover()
    _card(page)
    assert link.get_attribute("aria-describedby") == "site-popover"
    page.mouse.move(5, 5)
    assert page.locator(".popover").count() == 0
    assert link.get_attribute("aria-describedby") is None and link.get_attribute("title") is None
    assert errors == []
    page.close()


def test_without_javascript_entity_links_keep_their_title(browser, origin: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{origin}/articles/{SEED_000}/")
    link = page.locator(LINKS).first
    link.hover()
    assert link.get_attribute("title")
    assert page.locator(".popover").count() == 0
    context.close()
