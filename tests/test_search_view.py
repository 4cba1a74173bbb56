"""What Pagefind reads of a page (search_view.py): indexed, it gives the words, metadata,
word counts and headings the page as written gives, with no anchor for each mention."""

from __future__ import annotations

import gzip
import json
import os
import re
from pathlib import Path

import pytest

from site_builder.emitters.search import Bundle, Job, build_indexes, is_content_page
from site_builder.search_view import search_view, sync_view
from tests.conftest import build_project, make_project

EXTRA = """---
title: M 系列芯片的测试
date: 2026-01-02
tags: [芯片]
---

## M-series chips

李开复在一次采访中谈到[零一万物](https://01.ai "零一万物的网站")的芯片。[^1]

![芯片的照片](https://example.org/chip.png)

### 第二节

OpenAI 与微软的合作。<span title="不被索引">正文</span>

[^1]: 报道：芯片的新进展，36氪，2026-01-01。
"""

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def fragments(bundle: Bundle) -> dict[str, dict]:
    """Each page's fragment as Pagefind made it (gzip: a signature, then JSON), by URL."""
    found = {}
    for name in (name for name in bundle if name.startswith("fragment/")):
        data = gzip.decompress(bundle[name])
        fragment = json.loads(data[data.index(b"{"):])
        found[fragment["url"]] = fragment
    return found


def as_searched(fragment: dict) -> dict:
    """What a search finds and shows of a page: its words (Pagefind puts a space where an
    element with an id began; the view has fewer of them), metadata, filters, word count
    and the headings that make sub-results."""
    return {"words": re.sub(r"\s", "", fragment["content"]), "meta": fragment["meta"],
            "filters": fragment["filters"], "word_count": fragment["word_count"],
            "headings": [a for a in fragment["anchors"] if a["element"] in HEADINGS]}


def test_the_search_view_indexes_as_the_page_does(tmp_path: Path) -> None:
    built = build_project(make_project(tmp_path / "kb", {"chips.md": EXTRA}, seeds=True))
    sections = ("articles", *built.config.entity_folders)
    pages = sorted(p.relative_to(built.out).as_posix() for p in built.out.rglob("index.html")
                   if is_content_page(p.relative_to(built.out).as_posix(), sections))
    assert len(pages) > 30 and any("people/" in rel for rel in pages)
    for rel in pages:
        page, view = tmp_path / "page" / rel, tmp_path / "view" / rel
        page.parent.mkdir(parents=True, exist_ok=True)
        view.parent.mkdir(parents=True, exist_ok=True)
        os.link(built.out / rel, page)
        view.write_bytes(search_view((built.out / rel).read_bytes()))
    as_page, as_view = map(fragments, build_indexes([Job(None, tmp_path / "page"), Job(None, tmp_path / "view")]))

    assert as_page.keys() == as_view.keys() and len(as_page) == len(pages)
    for url in as_page:
        assert as_searched(as_view[url]) == as_searched(as_page[url]), url
    chips = next(f for url, f in as_view.items() if url.startswith("/articles/") and "M 系列" in f["meta"]["title"])
    headings = [a["text"] for a in chips["anchors"]]
    assert headings == ["M-series chips", "第二节"]  # every anchor a heading's (one id starts "m-")
    assert (chips["meta"]["image"], chips["meta"]["image_alt"]) == ("https://example.org/chip.png", "芯片的照片")
    # a mention is an anchor of the page as written, and not of the view
    mentions = [a for a in as_page[chips["url"]]["anchors"] if a["element"] not in HEADINGS]
    assert any(a["text"] == "李开复" for a in mentions)
    size = sum(len(json.dumps(f)) for f in as_view.values())
    assert size < 0.9 * sum(len(json.dumps(f)) for f in as_page.values())


VIEWS = [
    # what Pagefind does not read of a mention (its id, class, title, link), the side-notes
    ('<html lang="zh-CN"><body><article class="document" data-pagefind-body>'
     '<h1 data-pagefind-meta="title" lang="zh-CN">标题</h1>'
     '<span hidden data-pagefind-meta="names[data-names]" data-names="李开复 开复"></span>'
     '<h2 class="x" id="m-series">M-series</h2><h10 id="not-a-heading">x</h10>'
     '<aside class="sidenotes" aria-hidden="true"><div class="sidenote">1 来源</div></aside>\n'
     '<p><a class="entity" href="/people/kai-fu-lee/" title="描述" id="m-kai-fu-lee-1" '
     'data-entity="person:kai-fu-lee">李开复</a><img alt="图" src="a.png"></p></article></body></html>',
     '<html lang="zh-CN"><body><article data-pagefind-body>'
     '<h1 data-pagefind-meta="title" lang="zh-CN">标题</h1>'
     '<span hidden data-pagefind-meta="names[data-names]" data-names="李开复 开复"></span>'
     '<h2 id="m-series">M-series</h2><h10>x</h10>'
     '<p><a>李开复</a><img alt="图" src="a.png"></p></article></body></html>'),
    # of the body, the element Pagefind indexes; an ignored block in it goes (a nested one with
    # it), unless Pagefind reads something in it
    ('<!doctype html>\n<html lang="en"><head><title>T</title></head>\n<body>\n'
     '<header><nav><a href="/">Home</a></nav></header>\n<main>'
     '<article data-pagefind-body><h1>Title</h1><p>Kept words.</p>'
     '<aside data-pagefind-ignore><aside><p>nested</p></aside><p>related</p></aside>'
     '<p>Between.</p>'
     '<footer data-pagefind-ignore><span data-pagefind-filter="tag">a</span></footer>'
     '<nav data-pagefind-ignore="all"><a>contents</a></nav>'
     '<article><p>An article in the article.</p></article>'
     '</article></main>\n<footer><p>Site footer</p></footer>\n<script>{"a": 1}</script>\n</body>\n</html>\n',
     '<!doctype html>\n<html lang="en"><head><title>T</title></head>\n<body>'
     '<article data-pagefind-body><h1>Title</h1><p>Kept words.</p>'
     '<p>Between.</p>'
     '<footer data-pagefind-ignore><span data-pagefind-filter="tag">a</span></footer>'
     '<article><p>An article in the article.</p></article>'
     '</article></body>\n</html>\n'),
    # an ignored block whose own start tag carries what Pagefind reads stays
    ('<html lang="en"><body><header>Site</header><article data-pagefind-body><p>x</p>'
     '<aside data-pagefind-ignore data-pagefind-filter="kind:note"><p>y</p></aside>'
     '<aside data-pagefind-ignore><p>z</p></aside></article></body></html>',
     '<html lang="en"><body><article data-pagefind-body><p>x</p>'
     '<aside data-pagefind-ignore data-pagefind-filter="kind:note"><p>y</p></aside>'
     '</article></body></html>'),
]


@pytest.mark.parametrize(("page", "view"), VIEWS)
def test_the_view_keeps_what_pagefind_reads_and_drops_what_it_does_not(page: str, view: str) -> None:
    assert search_view(page.encode()).decode() == view


def test_a_body_the_view_cannot_cut_safely_is_kept_whole() -> None:
    """Something outside the element Pagefind may read, markup that is text, two bodies, an
    element never closed: the body as written (less the attributes Pagefind does not read)."""
    head, tail = '<html lang="en"><body><header><a>Site</a></header>', '<footer>F</footer></body></html>'
    for body in ['<article data-pagefind-body><p>x</p></article><p data-pagefind-meta="date">2026</p>',
                 '<article data-pagefind-body><script>document.write("<article>")</script></article>',
                 '<article data-pagefind-body><!-- </article> --><p>x</p></article>',
                 '<article data-pagefind-body><p>x</p></article><div data-pagefind-body>y</div>',
                 '<article data-pagefind-body><p>x</p>']:
        page = head + body + tail
        assert search_view(page.encode()).decode() == page, body


def _pages(folder: Path, texts: dict[str, str]) -> list[tuple[str, Path, str]]:
    """Pages written under folder, as sync_view takes them (fingerprinted by their text)."""
    pages = []
    for rel, text in sorted(texts.items()):
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f'<html lang="en"><body><article data-pagefind-body><p>{text}</p></article></body></html>')
        pages.append((rel, path, text))
    return pages


def test_kept_views_are_written_again_only_where_their_page_changed(tmp_path: Path) -> None:
    texts = {f"articles/d{i}/index.html": f"text {i}" for i in range(5)}
    view = tmp_path / "views" / "3"
    view.parent.mkdir()
    sync_view(_pages(tmp_path / "site", texts), view, "code")
    assert sorted(p.relative_to(view).as_posix() for p in view.rglob("*.html")) == sorted(texts)
    before = {rel: (view / rel).stat().st_ino for rel in texts}
    for rel in texts:  # marked, to tell a view written again from one kept
        os.utime(view / rel, ns=(0, 0))

    texts["articles/d2/index.html"] = "text 2, edited"
    sync_view(_pages(tmp_path / "site", texts), view, "code")
    rewritten = {rel for rel in texts if (view / rel).stat().st_mtime_ns != 0}
    assert rewritten == {"articles/d2/index.html"}
    assert "text 2, edited" in (view / "articles/d2/index.html").read_text()
    assert {rel: (view / rel).stat().st_ino for rel in texts} == before  # in place: the folder lists them as before


def test_a_folder_of_views_not_as_recorded_is_written_again_whole(tmp_path: Path) -> None:
    """A page added, a view missing or not ours, a damaged record, other code: every view of
    the folder is written again (in path order, as a first build writes them)."""
    texts = {f"articles/d{i}/index.html": f"text {i}" for i in range(3)}
    view = tmp_path / "views" / "0"
    view.parent.mkdir()
    pages = _pages(tmp_path / "site", texts)
    record = view.with_name("0.json")

    def spoiled(spoil, current: list, key: str) -> set[str]:
        sync_view(pages, view, "code")
        for rel in texts:
            os.utime(view / rel, ns=(0, 0))
        spoil()
        sync_view(current, view, key)
        return {p.relative_to(view).as_posix() for p in view.rglob("*") if p.is_file()
                and p.stat().st_mtime_ns != 0}

    more = _pages(tmp_path / "site", {**texts, "articles/d9/index.html": "text 9"})
    for spoil, current, key in [
        (lambda: None, more, "code"),  # a page added
        (lambda: (view / "articles/d1/index.html").unlink(), pages, "code"),
        (lambda: (view / "articles/stray.html").write_text("<p>not ours</p>"), pages, "code"),
        (lambda: record.write_text("{not json"), pages, "code"),
        (lambda: None, pages, "other code"),
    ]:
        assert spoiled(spoil, current, key) == {rel for rel, _, _ in current}
        assert json.loads(record.read_text())["pages"] == {rel: made for rel, _, made in current}
