"""Untrusted content, injection: script, event handlers and javascript:/data: URLs in every
field that reaches HTML -- titles, tags, topics, summaries, sources, entity names, aliases,
descriptions and websites, footnotes, Markdown links, images and raw HTML -- come out as
text or not at all; raw HTML, by default, sanitised: what is safe of it kept, the rest
dropped. The page shows what the writer typed; the browser runs nothing."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from site_builder.layers import THEME_STATIC
from tests.conftest import Built, build_project, make_project
from tests.hostile import active_content

X = '<script>alert(1)</script><img src=x onerror=alert(2)>'
QUOTE = '" onmouseover="alert(3)'

DOC = f'''---
title: "T {X}"
date: 2025-06-25
summary: 'S {X} {QUOTE}'
tags: ["{X}", "javascript:alert(4)"]
main_topics: ["{X}"]
featured_image: "javascript:alert(5)"
source: "{X}"
---
Raw <script>alert(6)</script> and <img src=x onerror=alert(7)> and <a href="javascript:alert(8)">a</a>.

[j1](javascript:alert(9)) [j2](JAVASCRIPT:alert(10)) [j3](data:text/html;base64,PHNjcmlwdD4=) [j4](vbscript:x)
[j5](&#106;avascript:alert(12)) [j6](java&#x09;script:alert(13)) <javascript:alert(14)> [ok](https://example.org/?q="x")

![i1](javascript:alert(15)) ![i2](data:image/svg+xml;base64,PHN2Zz4=) ![i3](x" onerror="alert(16))

[ref][r]

{{.c onclick=alert(17)}}
Attributes other than classes are dropped.

Cited[^1] and[^2] and[^3] and[^4].

[r]: javascript:alert(18)
[^1]: [{X}](javascript:alert(19)), Pub {X}, 2025-06-25
[^2]: javascript:alert(20)
[^3]: {X}·出版方{X}·作者（2025/6/25）·检索日期2025/07/26
[^4]: Free text with <script>alert(21)</script> and [x](javascript:alert(22)) and ![y](javascript:alert(23))
'''

PERSON = f'''---
name: "Evil {X}"
aliases: ["{X}", "Evil Person"]
description: '{QUOTE} {X}'
website: "javascript:alert(24)"
roles:
  - {{title: "{X}", org: "acme"}}
---
Body <script>alert(25)</script> [x](javascript:alert(26))
'''

COMPANY = f'''---
name: "Acme {X}"
aliases: [Acme]
website: "  JaVaScRiPt:alert(27)"
description: "</script><script>alert(28)</script>"
---
'''

SAFE_COMPANY = "---\nname: Safe Co\nwebsite: https://safe.example/a?b=1&c=2\n---\n"

PLAIN = f"Title {X}\n\njavascript:alert(29)\n\n<https://ok.example/?q=\"x\">\n\nA：{X}\n"

FILES = {
    "evil.md": DOC,
    "mentions.md": "---\ntitle: Mentions\ndate: 2025-06-26\n---\nEvil Person met Acme.\n",
    "plain.txt": PLAIN,
    "people/evil.md": PERSON,
    "companies/acme.md": COMPANY,
    "companies/safe.md": SAFE_COMPANY,
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Built:
    return build_project(make_project(tmp_path_factory.mktemp("injection"), FILES))


def test_nothing_in_the_site_can_run_script(site: Built) -> None:
    assert active_content(site.out) == []


def test_fields_show_as_text(site: Built) -> None:
    page = site.page("articles/evil/")
    assert page.select_one("h1").get_text() == f"T {X}"
    assert page.select_one("title").get_text().startswith(f"T {X} · ")
    assert page.select_one(".doc-lede").get_text() == f"S {X} {QUOTE}"
    assert page.select_one('meta[property="og:description"]')["content"] == f"S {X} {QUOTE}"
    assert [a.get_text() for a in page.select(".doc-tags li > a:first-child")] == [X, "javascript:alert(4)"]
    assert [a.get_text() for a in page.select(".doc-topics a")] == [X]
    assert page.select_one(".doc-source").get_text() == f"来源：{X}"
    assert page.select_one("img.featured") is None


def test_raw_html_is_sanitised_and_bad_links_are_text(site: Built) -> None:
    body = site.page("articles/evil/").select_one(".doc-body")
    first = body.select("p")[0]
    # the script element goes (its text, between two inline tags, stays text); the image
    # stays without its handler, the link without its javascript: URL
    assert first.get_text() == "Raw alert(6) and  and a."
    assert [(e.name, e.attrs) for e in first.find_all(True)] == [("img", {"src": "x"}), ("a", {})]
    links = {a.get_text(): a["href"] for a in body.select("a[href]") if not a.get("class")}
    # [ref][r] points at javascript: and is text; an encoded tab is no scheme, just a relative path
    assert links == {"ok": "https://example.org/?q=%22x%22", "j6": "java%09script:alert(13)"}
    text = body.get_text()
    for shown in ("[j1](javascript:alert(9))", "[j3](data:text/html;base64,PHNjcmlwdD4=)", "[j4](vbscript:x)",
                  "<javascript:alert(14)>", "![i1](javascript:alert(15))", "[ref][r]"):
        assert shown in text
    # the raw one only: i3 is no image, a destination cannot hold a space
    assert [img.attrs for img in body.select("img") if not img.find_parent(class_=["notes", "sidenote"])] \
        == [{"src": "x"}]
    # the notes' raw images (X in [^1] and [^3]) are sanitised the same way
    assert {tuple(img.attrs.items()) for img in body.select("img")} == {(("src", "x"),)}
    assert '![i3](x" onerror="alert(16))' in text
    assert "Attributes other than classes are dropped." in text
    assert not body.select("[onclick]")


def test_footnotes_show_text_and_link_only_http(site: Built) -> None:
    notes = site.page("articles/evil/").select("section.notes li")
    assert [n.select_one(".src").get_text().strip() for n in notes] == [
        f"{X} · Pub {X} · 发布 2025年6月25日",
        "javascript:alert(20)",
        # [^3] starts with raw HTML, so it is an HTML block, not a citation: sanitised, its
        # images lose their handlers and the script goes
        "·出版方·作者（2025/6/25）·检索日期2025/07/26",
        # free text is the writer's Markdown, rendered: its HTML sanitised, the bad links text
        "Free text with alert(21) and [x](javascript:alert(22)) and ![y](javascript:alert(23))",
    ]
    assert [img.attrs for img in notes[2].select(".src img")] == [{"src": "x"}, {"src": "x"}]
    assert not notes[2].select(".src script") and not notes[3].select(".src script, .src img")
    assert [a["href"] for n in notes for a in n.select(".src a")] == []


def test_plain_text_from_a_pdf_stays_text(site: Built) -> None:
    page = site.page("articles/plain/")
    assert page.select_one("h1").get_text() == f"Title {X}"
    body = page.select_one(".doc-body")
    assert "javascript:alert(29)" in body.get_text()
    # the URL block is a link; the alias in the answer is a mention of the person
    assert [a["href"] for a in body.select("a")] == ["https://ok.example/?q=%22x%22", "/people/evil/"]


def test_entity_fields_show_as_text_and_websites_are_http_only(site: Built) -> None:
    person = site.page("people/evil/")
    assert person.select_one("h1").get_text() == f"Evil {X}"
    assert [s.get_text() for s in person.select(".aliases span")] == [X, "Evil Person"]
    assert person.select_one(".lede").get_text() == f"{QUOTE} {X}"
    assert "alert" not in "".join(a["href"] for a in person.select("a[href]"))
    assert person.select_one(".entity-body").get_text().strip() == "Body alert(25) [x](javascript:alert(26))"
    acme = site.page("companies/acme/")
    assert not [a for a in acme.select("a[rel=external]")]
    safe = site.page("companies/safe/")
    assert [a["href"] for a in safe.select("a[rel=external]")] == ["https://safe.example/a?b=1&c=2"]
    warnings = {str(d) for d in site.reporter.warnings}
    # named with the line of the key
    assert "people/evil.md:5: warning: website must be an http:// or https:// URL, not 'javascript:alert(24)'; " \
           "left out" in warnings
    assert "companies/acme.md:4: warning: website must be an http:// or https:// URL, not " \
           "'  JaVaScRiPt:alert(27)'; left out" in warnings
    assert "evil.md: warning: missing image javascript:alert(5)" in warnings


def test_mention_titles_and_cards_keep_the_text(site: Built) -> None:
    page = site.page("articles/mentions/")
    link = page.select_one("a.entity-person")
    assert link.get_text() == "Evil Person" and link["title"] == f"{QUOTE} {X}"
    cards = json.loads((site.out / "entities.json").read_text(encoding="utf-8"))
    assert cards["person:evil"]["description"] == f"{QUOTE} {X}"
    assert cards["company:acme"]["description"] == "</script><script>alert(28)</script>"


def test_feed_carries_text_only(site: Built) -> None:
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.parse(site.out / "feed.xml").getroot()
    titles = [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert f"T {X}" in titles
    assert {el.tag.split("}")[-1] for el in feed.iter()} <= {
        "feed", "title", "subtitle", "id", "link", "updated", "author", "name", "generator", "entry",
        "published", "category", "summary"}


def test_a_hostile_site_title_stays_text(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"a.md": "---\ntitle: A\n---\nx\n"})
    (project / "site.yaml").write_text(f"title: '{X} </script><script>alert(30)</script>'\n"
                                       "description: '\" onload=\"alert(31)'\nbase_url: https://example.org/\n",
                                       encoding="utf-8")
    site = build_project(project)
    assert active_content(site.out) == []
    assert site.page("articles/a/").select_one(".site-title").get_text() == \
        f"{X} </script><script>alert(30)</script>"


def test_static_scripts_build_no_html_from_strings() -> None:
    """site.js and search.js put content into the page with textContent and cloned nodes
    only, so an entity card or citation popover cannot turn text into markup."""
    scripts = sorted(THEME_STATIC.glob("*.js"))
    assert {s.name for s in scripts} >= {"site.js", "search.js"}
    for script in scripts:
        source = script.read_text(encoding="utf-8")
        assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function",
                             source), script.name


@pytest.mark.parametrize("html, found", [
    ('<script>alert(1)</script>', ["<script {}>", "inline script 'alert(1)'"]),
    ('<img src=x onerror=alert(1)>', ["<img onerror='alert(1)'>"]),
    ('<a href=" java\tscript:alert(1)">x</a>', ["<a href=' java\\tscript:alert(1)'>"]),
    ('<a href="data:text/html,x">x</a>', ["<a href='data:text/html,x'>"]),
    ('<img src="data:image/png;base64,AA==">', []),
    ('<iframe src="https://e.org"></iframe>', ["<iframe {'src': 'https://e.org'}>"]),
    ('<meta http-equiv="refresh" content="0; url=javascript:alert(1)">',
     ["<meta {'http-equiv': 'refresh', 'content': '0; url=javascript:alert(1)'}>"]),
    ('<script src="/site.js" defer></script>', []),
    ('<script src="https://evil.example/x.js"></script>', ["<script {'src': 'https://evil.example/x.js'}>"]),
    ('<p style="background:url(javascript:x)">', ["<p style='background:url(javascript:x)'>"]),
])
def test_the_scanner_finds_what_could_run(tmp_path: Path, html: str, found: list[str]) -> None:
    (tmp_path / "index.html").write_text(html, encoding="utf-8")
    assert active_content(tmp_path) == [f"index.html: line 1: {f}" for f in found]
