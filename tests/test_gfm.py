"""GFM task lists and bare URLs as links, read from the HTML as a browser gets it, in the
default renderer (raw HTML sanitised), with CJK text around the URLs."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from site_builder.markdown import RenderContext, render
from tests.conftest import build_project, make_project


def html(markdown: str, **ctx) -> BeautifulSoup:
    return BeautifulSoup(render(markdown, RenderContext(**ctx)).html, "html.parser")


def links(markdown: str) -> list[tuple[str, str]]:
    return [(a["href"], a.get_text()) for a in html(markdown).find_all("a")]


@pytest.mark.parametrize("mode", ["sanitize", "escape", "trust"])
def test_task_list_items_are_disabled_checkboxes_in_every_html_mode(mode: str) -> None:
    page = html("- [ ] 写初稿\n- [x] 找来源\n- 普通一项\n", allow_html=mode)
    items = page.select("ul > li")
    boxes = [li.find("input") for li in items]
    assert [b is not None for b in boxes] == [True, True, False]
    assert all(b["type"] == "checkbox" and b.has_attr("disabled") for b in boxes[:2])
    assert [b.has_attr("checked") for b in boxes[:2]] == [False, True]
    assert [li.get_text(strip=True) for li in items] == ["写初稿", "找来源", "普通一项"]
    assert page.ul["class"] == ["contains-task-list"] and "task-list-item" in items[0]["class"]


def test_a_writers_own_input_is_still_sanitised() -> None:
    page = html('- <input type="checkbox" onclick="alert(1)"> 不是任务\n- [ ] 是任务\n')
    assert len(page.find_all("input")) == 1 and "onclick" not in str(page)


def test_bare_urls_and_addresses_become_links_but_not_bare_domains() -> None:
    assert links("see https://example.org/a?b=1 and ftp://example.org/f.txt.") == [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"), ("ftp://example.org/f.txt", "ftp://example.org/f.txt")]
    assert links("write to kb@example.org") == [("mailto:kb@example.org", "kb@example.org")]
    assert links("edit README.md and app.py on example.com") == []
    assert links("`https://example.org/` in code") == []
    assert links("[text](https://example.org/) and <https://example.org/b>") == [
        ("https://example.org/", "text"), ("https://example.org/b", "https://example.org/b")]


def test_a_bare_url_ends_where_chinese_text_runs_on() -> None:
    assert links("详见https://36kr.com/p/123了解更多") == [("https://36kr.com/p/123", "https://36kr.com/p/123")]
    assert links("来源：https://36kr.com/p/1，腾讯科技。") == [("https://36kr.com/p/1", "https://36kr.com/p/1")]
    assert links("（https://example.org/a）") == [("https://example.org/a", "https://example.org/a")]
    page = html("详见https://36kr.com/p/123了解更多")
    assert page.p.get_text() == "详见https://36kr.com/p/123了解更多"  # no text lost or doubled
    assert links("https://a.org/x和https://b.org/y") == [("https://a.org/x", "https://a.org/x"),
                                                        ("https://b.org/y", "https://b.org/y")]
    # a percent-encoded Chinese path is one URL; a Chinese host too
    assert links("见 https://例子.测试/ 。") == [("https://xn--fsqu00a.xn--0zwm56d/", "https://例子.测试/")]
    encoded = "https://zh.wikipedia.org/wiki/%E5%BC%80%E6%BA%90"
    assert links(f"见 {encoded} 。") == [(encoded, "https://zh.wikipedia.org/wiki/开源")]  # shown decoded


def test_a_url_in_a_document_links_in_the_built_page_and_entity_names_around_it_still_link(tmp_path: Path) -> None:
    body = "---\ntitle: A\ndate: 2025-01-02\n---\nOpenAI的公告见https://openai.com/blog了解详情。\n\n- [ ] 核对日期\n"
    site = build_project(make_project(tmp_path, {"a.md": body}, seeds=True))
    page = site.page("articles/a/")
    body_links = {a["href"] for a in page.select(".doc-body a, article a")}
    assert "https://openai.com/blog" in body_links and "/companies/openai/" in body_links
    assert page.select_one("li.task-list-item input[type=checkbox][disabled]") is not None


def test_a_bare_url_in_a_note_links_in_the_notes_list_and_out_of_the_tab_order_in_its_side_note() -> None:
    page = html("一句话。[^1]\n\n[^1]: 见 https://example.org/report 的第三节\n")
    assert page.select_one("section.notes a[href='https://example.org/report']") is not None
    side = page.select_one("aside.sidenotes a[href='https://example.org/report']")
    assert side["tabindex"] == "-1" and side.find_parent(attrs={"aria-hidden": "true"}) is not None
