"""Raw HTML in Markdown, sanitised by default (allow_html: sanitize): what a writer's HTML
shows is what a reader sees -- images, line breaks, alignment, tables, disclosures,
figures, video -- and nothing of it runs. The renderer's own HTML around it (heading ids,
entity links, notes) is never touched by the sanitiser. Every test reads the rendered
HTML as a browser would: parsed."""

from __future__ import annotations

import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from site_builder.markdown import RenderContext, render
from site_builder.mentions import Matcher
from site_builder.registry import Entity, Registry
from tests.conftest import build_project, make_project
from tests.hostile import active_content


def soup(markdown: str, **ctx) -> BeautifulSoup:
    return BeautifulSoup(render(markdown, RenderContext(**ctx)).html, "html.parser")


def shape(element) -> list[tuple[str, dict]]:
    """Every element under element, in order, with its attributes."""
    return [(e.name, {k: " ".join(v) if isinstance(v, list) else v for k, v in e.attrs.items()})
            for e in element.find_all(True)]


def test_what_a_writer_expects_is_kept() -> None:
    page = soup('<p align="center"><img src="a.png" alt="A" width="300"></p>\n\n'
                "Line one<br/>line two<br>three, press <kbd>Ctrl</kbd>+<kbd>K</kbd>; H<sub>2</sub>O, "
                "x<sup>2</sup>, <mark>marked</mark>.\n\n"
                '<table><thead><tr><th align="right">h</th></tr></thead>'
                '<tbody><tr><td colspan="2">c</td></tr></tbody></table>\n\n'
                "<figure><img src=\"b.png\"><figcaption>Figure 1</figcaption></figure>\n\n"
                '<video controls width="320"><source src="https://example.org/v.mp4" type="video/mp4"></video>\n\n'
                '<audio controls src="https://example.org/a.mp3"></audio>\n')
    assert shape(page.select_one("p[align]")) == [("img", {"src": "a.png", "alt": "A", "width": "300"})]
    second = page.find_all("p")[1]
    assert [e.name for e in second.find_all(True)] == ["br", "br", "kbd", "kbd", "sub", "sup", "mark"]
    assert second.get_text() == "Line oneline twothree, press Ctrl+K; H2O, x2, marked."
    assert shape(page.table) == [("thead", {}), ("tr", {}), ("th", {"align": "right"}), ("tbody", {}),
                                 ("tr", {}), ("td", {"colspan": "2"})]
    assert shape(page.figure) == [("img", {"src": "b.png"}), ("figcaption", {})]
    assert shape(page.video.parent) == [("video", {"controls": "", "width": "320"}),
                                        ("source", {"src": "https://example.org/v.mp4", "type": "video/mp4"})]
    assert page.audio.attrs == {"controls": "", "src": "https://example.org/a.mp3"}


def test_what_could_run_or_take_over_the_page_is_dropped() -> None:
    page = soup('<script>alert(1)</script>\n\n<style>body{display:none}</style>\n\n'
                '<p onclick="alert(2)" style="position:fixed;top:0;width:50%">p</p>\n\n'
                '<a href="javascript:alert(3)">a</a> <a href="JaVaScRiPt:alert(4)">b</a> '
                '<img src="data:image/svg+xml;base64,PHN2Zz4=" onerror="alert(5)"> '
                '<video src="javascript:alert(6)" onplay="alert(7)" controls></video> '
                '<audio controls><source src="data:audio/mp3;base64,AA"></audio>\n\n'
                '<form action="https://evil.example/"><input name="q"><button>Go</button>'
                "<textarea>t</textarea></form>\n\n"
                '<iframe src="https://evil.example/"></iframe><frameset><frame src="x"></frameset>'
                '<object data="x.swf"></object><embed src="x.swf"><base href="https://evil.example/">'
                '<meta http-equiv="refresh" content="0;url=https://evil.example/"><link rel="stylesheet" href="x">\n')
    assert shape(page) == [("p", {}), ("p", {}), ("a", {}), ("a", {}), ("img", {}),
                           ("video", {"controls": ""}), ("audio", {"controls": ""}), ("source", {})]
    assert "alert" not in page.get_text() and "display:none" not in page.get_text()


def test_a_tag_opened_in_one_piece_and_closed_in_another_is_one_element() -> None:
    page = soup("<details>\n<summary>More</summary>\n\nHidden *Markdown*, [a link](https://example.org/).\n\n"
                "</details>\n\n"
                '<div align="center">\n\n![img](/c.png)\n\n</div>\n\n'
                "A <span title=\"t\">span with **bold**</span> and <kbd>K</kbd>.\n")
    details = page.details
    assert details.summary.get_text() == "More"
    assert details.p.em.get_text() == "Markdown" and details.p.a["href"] == "https://example.org/"
    assert page.select_one("div[align=center] > p > img")["src"] == "/c.png"
    assert page.select_one("span[title=t] > strong").get_text() == "bold"


def test_the_renderers_own_html_is_untouched_and_a_writer_cannot_take_its_ids() -> None:
    registry = Registry()
    registry.add(Entity("company", "openai", "OpenAI"))
    page = soup('# Title\n\n<div id="site-data" class="box">OpenAI in <span id="note-1">a box</span>'
                '<span id="mine">.</span></div>\n\n'
                "OpenAI said it.[^1] <b>Bold</b>\n\n{.lead}\nA paragraph.\n\n[^1]: A note.\n",
                matcher=Matcher(registry), entities=registry.entities)
    assert page.h1["id"] == "title"
    assert page.select_one("div.box").attrs == {"class": ["box"]}  # site-data is the page's own
    assert page.select_one("div.box span").attrs == {}  # note-1 too; an id of the writer's own stays
    assert page.select_one("#mine").get_text() == "."
    link = page.select_one("a[data-entity]")  # the raw block is not scanned for mentions; the paragraph is
    assert link["data-entity"] == "company:openai" and link.find_parent("p") is not None
    assert page.select_one("sup.cite a")["href"] == "#note-1"
    assert page.select_one("section.notes li")["id"] == "note-1"
    assert page.select_one("p.lead").get_text() == "A paragraph."


def test_site_absolute_urls_in_raw_html_take_the_base_path() -> None:
    page = soup('<img src="/img/a.png"> <img src="b.png"> <img src="//cdn.example.org/c.png"> '
                '<a href="/docs/">d</a> <a href="https://example.org/e">e</a> <a href="#f">f</a>\n\n'
                "![md](/img/g.png)\n", base_path="/kb/")
    assert [i["src"] for i in page.find_all("img")] == ["/kb/img/a.png", "b.png", "//cdn.example.org/c.png",
                                                        "/kb/img/g.png"]
    assert [a["href"] for a in page.find_all("a")] == ["/kb/docs/", "https://example.org/e", "#f"]


@pytest.mark.parametrize("opening", ['<div class="a\nb', "<div class=", "<div class='a", "<div class=a",
                                     '<div title="', "<p title='x", '<div\n  class="a"\n  title="b', "<span",
                                     "x <style>", "x <script>", "x <textarea>", "x <xmp>", "x <noscript>",
                                     "x <title>", "x <math><mi>"])
def test_raw_html_that_stops_inside_a_tag_never_takes_in_the_renderers_html(opening: str) -> None:
    """A raw block that ends inside an attribute value, a comment or a tag would swallow the
    Markdown after it if sanitised together with it: the Markdown link after it, whose URL
    reads as an event handler, must stay a link in a paragraph of its own."""
    markdown = f'{opening}\n\nPara [x](onmouseover=alert(1)) and "quote".\n\n" class="x">y</div>\n'
    page = soup(markdown)
    link = page.find("a")
    assert link.attrs == {"href": "onmouseover=alert(1)"} and link.parent.name == "p"
    assert link.parent.get_text() == 'Para x and "quote".'
    assert not [e for e in page.find_all(True) if any(name.startswith("on") for name in e.attrs)]


def test_escape_and_trust_are_there_and_true_and_false_still_work() -> None:
    raw = '<p align="center">x</p>\n\n<script>alert(1)</script>\n'
    for mode in ("escape", False):
        page = soup(raw, allow_html=mode)
        assert page.find_all(True) == [page.p, page.find_all("p")[1]] and page.p.get_text() == '<p align="center">x</p>'
    for mode in ("trust", True):
        page = soup(raw, allow_html=mode)
        assert page.script.get_text() == "alert(1)" and page.p["align"] == "center"


def test_a_page_shows_the_image_the_line_break_and_the_disclosure_and_runs_nothing(tmp_path: Path) -> None:
    doc = ("---\ntitle: Raw\n---\n"
           '<p align="center"><img src="a.png"></p>\n\n'
           "One<br/>two\n\n"
           "<details><summary>More</summary>x</details>\n\n"
           "<script>alert(1)</script>\n\n"
           "Energy $E=mc^2$, and:\n\n$$\n\\int_0^1 x\\,dx = \\frac{1}{2}\n$$\n")
    site = build_project(make_project(tmp_path, {"raw.md": doc}))
    body = site.page("articles/raw/").select_one(".doc-body")
    assert body.select_one("p[align=center] > img")["src"] == "a.png"
    assert body.find("br").parent.get_text() == "Onetwo"
    assert body.details.summary.get_text() == "More" and body.details.get_text() == "Morex"
    assert body.find("script") is None and "alert" not in body.get_text()
    inline, block = body.find_all("math")
    assert inline["display"] == "inline" and inline.annotation.get_text() == "E=mc^2"
    assert [e.name for e in inline.semantics.mrow.find_all(True)] == ["mi", "mo", "mi", "msup", "mi", "mn"]
    assert block["display"] == "block" and block.find("mfrac") is not None and block.find("msubsup") is not None
    assert active_content(site.out) == []


@contextmanager
def within(seconds: float):
    """A generous wall-clock guard (as in test_untrusted_size.py): fails only when
    something is badly superlinear."""
    started = time.perf_counter()
    yield
    assert time.perf_counter() - started < seconds


def test_html_nested_deeper_than_a_page_ever_is_text_with_a_warning() -> None:
    """html5ever takes time growing with the square of the nesting: 50,000 unclosed <div>s
    took minutes to sanitise."""
    with within(30):
        body = render("<div>\n\npara\n\n" * 50_000)
    page = BeautifulSoup(body.html, "html.parser")
    assert page.find("div") is None and page.find_all("p")[0].get_text() == "para"
    assert page.get_text().count("<div>") == 50_000
    # said at the line of the first piece of raw HTML
    assert body.warnings == [(1, "raw HTML nested more than 2,000 elements deep: all of this document's raw "
                                 "HTML is shown as text")]
    shallow = render("<div>\n\npara\n\n" * 1_000)
    assert shallow.warnings == [] and len(BeautifulSoup(shallow.html, "html.parser").find_all("div")) == 1_000


def test_many_raw_pieces_that_swallow_what_follows_are_linear() -> None:
    with within(30):
        page = BeautifulSoup(render('<div class="a\n\npara\n\n</div>\n\n' * 20_000).html, "html.parser")
    assert [p.get_text() for p in page.find_all("p")] == ["para"] * 20_000
