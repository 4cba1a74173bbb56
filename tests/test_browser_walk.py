"""The seed site walked as a reader in Chromium: with the mouse and the keyboard, in dark
mode, at phone width; and every kind of page checked with axe-core for accessibility."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import SEED_000, SEED_003
from tests.web import needs_chromium

pytestmark = needs_chromium

TITLE_000 = "开源浪潮席卷AI：基础模型“护城河”消弭，价值转向应用深水区"
TITLE_003 = "开源是实现主权AI的第三条路"
PAGE_KINDS = {
    "home": "/",
    "document": f"/articles/{SEED_000}/",
    "interview": f"/articles/{SEED_003}/",
    "person": "/people/kai-fu-lee/",
    "company": "/companies/openai/",
    "company cited as a source": "/companies/36kr/",
    "topic": "/topics/open-source/",
    "topic from main_topics": "/topics/data-and-open-source-ecosystem/",
    "archive": "/articles/",
    "entities index": "/people/",
    "tags index": "/tags/",
    "tag page": "/tags/开源/",
    "citations": "/citations/",
    "search": "/search/?q=开源",
    "404": "/404.html",  # what GitHub Pages serves for a missing path
}


def open_page(browser, origin: str, path: str, **context):
    page = browser.new_context(**context).new_page()
    response = page.goto(origin + path)
    if path.startswith("/search/"):
        page.wait_for_selector(".pagefind-ui__result-link", timeout=10000)
    return page, response


def path_of(page) -> str:
    return unquote(urlsplit(page.url).path)


def test_reader_goes_from_home_to_a_document_to_a_person_and_on_to_another_document(browser, origin) -> None:
    page, _ = open_page(browser, origin, "/")
    page.get_by_role("link", name=TITLE_000).click()  # the mouse
    assert page.locator("h1").inner_text() == TITLE_000
    page.locator(".doc-body a.entity[data-entity='person:sam-altman']").first.focus()  # the keyboard
    page.keyboard.press("Enter")
    page.wait_for_url("**/people/sam-altman/")
    assert page.locator("h1").inner_text() == "山姆·奥特曼"
    assert TITLE_000 in page.locator(".mentions").inner_text()  # where he was just read about
    # his company, and from there the interview that also mentions it
    page.locator(".facts").get_by_role("link", name="OpenAI").click()
    page.wait_for_url("**/companies/openai/")
    page.locator(".mentions").get_by_role("link", name=TITLE_003).click()
    page.wait_for_url(f"**/articles/{SEED_003}/")
    assert page.locator("h1").inner_text() == TITLE_003
    page.go_back()
    page.go_back()
    assert path_of(page) == "/people/sam-altman/"
    page.context.close()


def test_keyboard_reader_skips_to_the_content_and_sees_where_the_focus_is(browser, origin) -> None:
    page, _ = open_page(browser, origin, f"/articles/{SEED_003}/")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "跳到正文"
    box = skip.bounding_box()
    assert box and box["x"] >= 0 and box["y"] >= 0  # shown on screen once focused
    page.keyboard.press("Enter")
    page.wait_for_url("**#main", timeout=5000)  # the jump is a navigation: wait for it, not a race
    assert page.url.endswith("#main")
    page.keyboard.press("Tab")  # the first link of the content
    focused = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return [document.activeElement.closest('main') !== null, s.outlineStyle, parseFloat(s.outlineWidth)]; }""")
    assert focused[0] and focused[1] != "none" and focused[2] >= 2
    page.context.close()


def test_dark_mode_follows_the_system_setting(browser, origin) -> None:
    colours = {}
    for scheme in ("light", "dark"):
        page, _ = open_page(browser, origin, f"/articles/{SEED_000}/", color_scheme=scheme)
        colours[scheme] = page.evaluate("""() => [getComputedStyle(document.body).backgroundColor,
            getComputedStyle(document.body).color, getComputedStyle(document.querySelector('main a')).color]""")
        page.context.close()
    assert all(light != dark for light, dark in zip(colours["light"], colours["dark"], strict=True))

    def brightness(rgb: str) -> int:
        return sum(int(v) for v in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3])

    assert brightness(colours["dark"][0]) < brightness(colours["light"][0])
    assert brightness(colours["dark"][1]) > brightness(colours["dark"][0])  # light text on dark


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_no_horizontal_scrolling_at_phone_width(browser, origin, kind: str) -> None:
    page, _ = open_page(browser, origin, PAGE_KINDS[kind], viewport={"width": 375, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_axe_finds_no_serious_accessibility_problem(browser, origin, kind: str, scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page, response = open_page(browser, origin, PAGE_KINDS[kind], color_scheme=scheme)
    assert response.status == 200
    violations = Axe().run(page).response["violations"]
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]]) for v in violations
               if v["impact"] in ("serious", "critical")]
    assert serious == []
    page.context.close()
