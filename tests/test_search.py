"""Search: the Pagefind index written by the build, and the /search/ page used in Chromium
the way a reader uses it — typing into the header box, reading the results."""

from __future__ import annotations

import gzip
import json
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from site_builder.emitters.search import SEGMENTATION_OFF
from site_builder.i18n import strings
from tests.conftest import SEED_000, SEED_003, Built, build_project, make_project
from tests.test_search_shards import LANES_AND_ONE, index_words, search_all
from tests.web import needs_chromium, serve

LABEL = strings("zh-CN")["search_label"]


TITLE = ".pagefind-ui__result > .pagefind-ui__result-inner > .pagefind-ui__result-title a"  # not sections


def result_paths(page) -> list[str]:
    """The paths of the results shown (pages, not their sections), once all have loaded."""
    page.wait_for_function("""(title) => {
        const shown = document.querySelectorAll('.pagefind-ui__result').length;
        return shown > 0 && shown === document.querySelectorAll(title).length;
    }""", arg=TITLE, timeout=10000)
    links = page.locator(TITLE).evaluate_all("els => els.map(a => a.href)")
    return [unquote(urlsplit(href).path) for href in links]


def search(page, origin: str, query: str, base: str = "/") -> list[str]:
    page.goto(f"{origin}{base}search/")
    box = page.get_by_role("textbox", name=LABEL)
    box.fill(query)
    return result_paths(page)


def pages_with_body(site: Path) -> int:
    return sum("data-pagefind-body" in p.read_text(encoding="utf-8") for p in site.rglob("*.html"))


def test_build_writes_the_pagefind_bundle_for_content_pages_only(seed_site: Built) -> None:
    bundle = seed_site.out / "pagefind"
    for name in ["pagefind.js", "pagefind-ui.js", "pagefind-ui.css", "pagefind-entry.json"]:
        assert (bundle / name).is_file(), name
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["zh-cn"]
    # the documents and the first page of each entity; not home, tags, indexes, sources
    indexed = entry["languages"]["zh-cn"]["page_count"]
    assert indexed == pages_with_body(seed_site.out) == 2 + 39
    assert seed_site.report.pages["search index"] == indexed
    assert "data-pagefind-body" not in (seed_site.out / "index.html").read_text(encoding="utf-8")
    # the browser's own splitting of Chinese queries is off (the theme's search.js splits them)
    for runtime in ["pagefind.js", "pagefind-worker.js"]:
        assert SEGMENTATION_OFF in (bundle / runtime).read_text(encoding="utf-8")
    assert not [d for d in seed_site.reporter.items if d.path == "pagefind"]


def test_every_page_has_a_search_form_that_needs_no_javascript(seed_site: Built) -> None:
    for url in ["", f"articles/{SEED_000}/", "people/kai-fu-lee/", "tags/", "citations/"]:
        form = seed_site.page(url).find("form", role="search")
        assert form["action"] == "/search/" and form.get("method") == "get"
        field = form.find("input", attrs={"name": "q"})
        assert form.find("label", attrs={"for": field["id"]}).get_text() == LABEL


def test_without_pagefind_the_build_warns_once_and_search_says_so(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "pagefind.index", None)  # as if it were not installed
    project = make_project(tmp_path, {"a.md": "---\ntitle: 一\n---\n正文。\n"})
    built = build_project(project)
    assert built.report.errors == 0
    warnings = [d for d in built.reporter.items if d.path == "pagefind"]
    assert len(warnings) == 1 and "search index not built" in warnings[0].message
    assert not (built.out / "pagefind").exists()
    page = built.page("search/")
    assert "pagefind" not in str(page)
    assert page.find("main").get_text(strip=True).endswith(strings("zh-CN")["search_unavailable"])


def test_a_search_index_pagefind_failed_to_make_is_made_by_the_next_build(tmp_path: Path, monkeypatch) -> None:
    """Nothing changed since a build whose Pagefind failed (here: not installed; a timeout on
    a loaded machine, a crash): the next build is not a no-op that says the last one again,
    but makes the index."""
    project = make_project(tmp_path, {"a.md": "---\ntitle: 一\n---\n正文。\n"})
    with monkeypatch.context() as patched:
        patched.setitem(sys.modules, "pagefind.index", None)
        first = build_project(project)
    assert [d for d in first.reporter.items if d.path == "pagefind"] and not (first.out / "pagefind").exists()
    second = build_project(project)
    assert "up to date" not in second.report.phases
    assert [d for d in second.reporter.items if d.path == "pagefind"] == []
    assert (second.out / "pagefind/pagefind-entry.json").is_file()
    assert "pagefind" in str(second.page("search/"))
    third = build_project(project)  # and then a no-op again
    assert "up to date" in third.report.phases


@needs_chromium
def test_searching_open_source_finds_both_seed_documents(browser, origin: str) -> None:
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    paths = search(page, origin, "开源")
    assert f"/articles/{SEED_000}/" in paths and f"/articles/{SEED_003}/" in paths
    assert errors == []
    page.close()


@needs_chromium
def test_searching_a_chinese_name_finds_his_interview_and_his_page(browser, origin: str) -> None:
    page = browser.new_page()
    paths = search(page, origin, "李开复")
    assert paths[0] == "/people/kai-fu-lee/"
    assert f"/articles/{SEED_003}/" in paths
    page.close()


@needs_chromium
def test_chinese_compounds_and_mixed_script_queries_find_their_documents(browser, origin: str) -> None:
    page = browser.new_page()
    assert f"/articles/{SEED_000}/" in search(page, origin, "基础模型")  # indexed as 基础|模型
    assert f"/articles/{SEED_003}/" in search(page, origin, "主权AI")
    page.close()


@needs_chromium
def test_header_box_opens_the_search_page_with_the_query_run(browser, origin: str) -> None:
    page = browser.new_page()
    page.goto(f"{origin}/articles/{SEED_000}/")
    page.get_by_role("searchbox", name=LABEL).fill("李开复")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert "/people/kai-fu-lee/" in result_paths(page)
    assert page.get_by_role("textbox", name=LABEL).input_value() == "李开复"
    page.close()


@needs_chromium
def test_the_search_page_without_javascript_says_it_needs_it(browser, origin: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{origin}/")
    page.get_by_role("searchbox", name=LABEL).fill("开源")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert strings("zh-CN")["search_needs_js"] in page.locator("main").inner_text()
    context.close()


@pytest.fixture(scope="module")
def kb_site(tmp_path_factory) -> Built:
    return build_project(make_project(tmp_path_factory.mktemp("kb"), seeds=True,
                                      base_url="https://example.github.io/kb/"))


@needs_chromium
def test_search_on_a_project_site_stays_under_its_base_path(browser, kb_site: Built) -> None:
    with serve(kb_site.out, "/kb/") as kb_origin:
        page = browser.new_page()
        requested: list[str] = []
        page.on("request", lambda r: requested.append(urlsplit(r.url).path))
        page.goto(f"{kb_origin}/kb/")
        icon = page.locator("link[rel=icon]").get_attribute("href")  # or the browser asks for /favicon.ico
        assert icon == "/kb/favicon.svg" and page.request.get(kb_origin + icon).ok
        page.get_by_role("searchbox", name=LABEL).fill("李开复")
        page.keyboard.press("Enter")
        page.wait_for_url("**/kb/search/?q=*")
        paths = result_paths(page)
        assert "/kb/people/kai-fu-lee/" in paths and f"/kb/articles/{SEED_003}/" in paths
        page.locator(TITLE).first.click()
        page.wait_for_url("**/kb/people/kai-fu-lee/")
        assert page.locator("h1").inner_text() == "李开复"
        assert any(p.startswith("/kb/pagefind/") for p in requested)
        assert [p for p in requested if not p.startswith("/kb/")] == []
        page.close()


@pytest.fixture
def launched(monkeypatch) -> list:
    """Every Pagefind service the code under test starts, in order."""
    from site_builder.emitters import search as search_emitter

    services: list = []
    made = search_emitter._service

    def recorded():
        services.append(service := made())
        return service

    monkeypatch.setattr(search_emitter, "_service", recorded)
    return services


def test_pagefind_exits_by_itself_and_its_bundle_comes_whole(tmp_path: Path, launched: list) -> None:
    """Pagefind answered WriteFiles before its last writes were flushed, and its own close()
    ends it with SIGTERM: files of a bundle were cut short. The build takes the files from
    its answer instead, and ends it by closing its input: it exits by itself."""
    from site_builder.emitters import search as search_emitter

    page = tmp_path / "site" / "articles" / "a" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text('<html lang="zh-CN"><body data-pagefind-body><h1>测试</h1><p>你好 hello</p></body></html>',
                    encoding="utf-8")
    bundle = search_emitter.build_index(tmp_path / "site")
    assert search_emitter.pages_of(bundle) == 1
    assert [service._backend.returncode for service in launched] == [0]  # not -15: SIGTERM
    fragments = [gzip.decompress(data) for name, data in bundle.items() if name.endswith(".pf_fragment")]
    assert len(fragments) == 1 and "你好".encode() in fragments[0]
    assert not (tmp_path / "site" / "pagefind").exists()  # Pagefind wrote nothing


@pytest.mark.parametrize("fails", [False, True])
def test_the_build_starts_pagefind_with_it_and_stops_it_however_it_ends(tmp_path: Path, monkeypatch, launched: list,
                                                                        fails: bool) -> None:
    """Pagefind is started when the build starts (its dictionaries load while the build
    works) and indexes the site's one shard; it is stopped, and its thread ended, when the
    build ends, and when the build fails after starting it."""
    import threading

    from site_builder import build as build_module

    if fails:
        def publish(*args):
            raise RuntimeError("the disk is full")

        monkeypatch.setattr(build_module, "publish", publish)
    project = make_project(tmp_path, {"a.md": "---\ntitle: 一篇\n---\n开源模型。\n"})
    if fails:
        with pytest.raises(RuntimeError, match="disk is full"):
            build_project(project)
    else:
        assert build_project(project).report.pages["search index"] == 1
    assert len(launched) == 1  # the service started with the build indexed the shard
    assert [service._backend.returncode for service in launched] == [0]  # it exited, its input closed
    assert [t for t in threading.enumerate() if t.name == "pagefind"] == []


def test_a_bundle_larger_than_the_package_reads_comes_in_one_answer(tmp_path: Path) -> None:
    """The package reads an answer of at most 2 MiB; a shard of long pages makes a bundle
    bigger than that, sent base64 in one answer."""
    import random

    from site_builder.emitters.search import build_index, pages_of

    words = random.Random(26)
    for n in range(40):
        page = tmp_path / "site" / "articles" / f"p{n}" / "index.html"
        page.parent.mkdir(parents=True)
        text = " ".join("".join(words.choices("abcdefghijklmnopqrstuvwxyz", k=9)) for _ in range(6000))
        page.write_text(f'<html lang="en"><body data-pagefind-body><p>{text}</p></body></html>', encoding="utf-8")
    bundle = build_index(tmp_path / "site")
    assert pages_of(bundle) == 40 and sum(map(len, bundle.values())) * 4 / 3 > 2**21


def test_a_pagefind_that_dies_fails_the_index_at_once_not_at_the_timeout(tmp_path: Path, monkeypatch) -> None:
    """A service whose output ends without an answer (it crashed): every request waiting
    for it fails then (Pagefind's own client left them waiting for the whole TIMEOUT)."""
    from site_builder.emitters import search as search_emitter

    monkeypatch.setattr(search_emitter, "TIMEOUT", 30)
    dead = tmp_path / "pagefind"
    # closes its output (stdout and stderr, one pipe) and reads its input until it is closed
    dead.write_text("#!/bin/sh\nexec 1>&- 2>&-\nexec cat >/dev/null\n", encoding="utf-8")
    dead.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(dead))
    page = tmp_path / "site" / "articles" / "a" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text('<html lang="zh-CN"><body data-pagefind-body><p>你好</p></body></html>', encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(RuntimeError, match="stopped answering"):
        search_emitter.build_index(tmp_path / "site")
    assert time.monotonic() - started < 10


@needs_chromium
def test_an_undated_docs_page_is_found_by_its_words_not_by_the_pages_labels(browser, tmp_path: Path) -> None:
    """A docs page (no date, its title again as its first heading) is one result whose
    excerpt reads from its own words: the "undated" label the page shows is not searched."""
    undated = strings("zh-CN")["undated"]
    site = build_project(make_project(tmp_path, {
        "docs/region.md": "---\ntitle: Region 分裂\nsummary: 介绍 Region 的分裂。\n---\n\n# Region 分裂\n\n"
                          "当 Region 超过阈值时，TiKV 会将其分裂为两个。\n",
    }))
    assert undated in site.page("/articles/region/").select_one(".doc-meta").get_text()  # shown to a reader
    with serve(site.out) as origin:
        page = browser.new_page()
        assert search(page, origin, "分裂") == ["/articles/region/"]
        assert page.locator(".pagefind-ui__result-link").all_inner_texts() == ["Region 分裂"]  # no section of it
        excerpt = page.locator(".pagefind-ui__result-excerpt").first.inner_text()
        assert undated not in excerpt and excerpt.count("Region 分裂") <= 1, excerpt
        # the index searched as the page searches it: the label finds nothing, the words their page
        assert search_all(page, origin, [undated, "分裂"], "分裂") == {undated: set(), "分裂": {"/articles/region/"}}
        page.close()


# Names no registry lists, in pages whose Chinese Pagefind's jieba cuts its own way: 雷军 into
# 雷|军 (its dictionary lacks the name), beside pages with both characters apart, or in words
# of their own (雷达, 军队). The pages are named by what they hold.
UNREGISTERED = {
    "name.md": "---\ntitle: 发布会\n---\n\n雷军在发布会上介绍了新手机。发布会结束后，雷军回答了提问。\n",
    "apart.md": "---\ntitle: 老师\n---\n\n那位老师姓雷，也当过兵。军人们在营地里等待天晴。\n",
    "words.md": "---\ntitle: 雷达\n---\n\n雷达是军队常用的设备，军事专家介绍了它的原理。\n",
    "scholar.md": "---\ntitle: 视觉\n---\n\n李飞飞教授研究计算机视觉，李飞飞的课程很受欢迎。\n",
    "others.md": "---\ntitle: 飞行\n---\n\n李老师坐飞机去北京，飞机飞得很高。\n",
}


@pytest.fixture(scope="module")
def unregistered(tmp_path_factory) -> Built:
    return build_project(make_project(tmp_path_factory.mktemp("names"), UNREGISTERED))


@needs_chromium
def test_a_name_the_index_cut_apart_finds_the_pages_that_name_it(browser, unregistered: Built) -> None:
    """A query word no index has (Pagefind's runtime would search the longest word it starts
    with: 雷, and find 雷达 and 打雷 too) is searched as the index's words it is made of, side
    by side: the pages that name 雷军, and not those with 雷 and 军 apart."""
    words = index_words(unregistered.out / "pagefind")
    assert {"雷", "军"} <= words and not any(w.startswith("雷军") for w in words)  # what the search meets
    with serve(unregistered.out) as origin:
        page = browser.new_page()
        assert search(page, origin, "雷军") == ["/articles/name/"]
        excerpt = page.locator(".pagefind-ui__result-excerpt").first.inner_html()
        assert "<mark>雷</mark>" in excerpt or "<mark>雷军</mark>" in excerpt, excerpt
        # the browser cuts 李飞飞 into 李 and 飞飞 (a word no index has): the query is searched as
        # the name it was typed as
        assert search(page, origin, "李飞飞") == ["/articles/scholar/"]
        page.close()


@needs_chromium
def test_a_word_whose_parts_are_nowhere_side_by_side_keeps_the_runtimes_answer(browser, unregistered: Built) -> None:
    """军雷: no index has it, and no page has 军 then 雷: what Pagefind's runtime alone finds for
    it (over the index, in the page) is what the reader gets, not nothing."""
    with serve(unregistered.out) as origin:
        page = browser.new_page()
        shown = search(page, origin, "军雷")
        alone = {path for path, _ in page.evaluate(LANES_AND_ONE, "军雷")["one"]}
        assert sorted(shown) == sorted(alone) and "/articles/name/" in alone
        page.close()


@needs_chromium
def test_a_name_cut_apart_is_found_alike_over_shards_searched_in_lanes(browser, tmp_path: Path, monkeypatch) -> None:
    """The same site in shards of two pages, searched by lanes of several shards each: a word
    is cut when no shard of any lane has it, into the words some shard has."""
    from site_builder.emitters import search as search_emitter

    monkeypatch.setattr(search_emitter, "SHARD_PAGES", 2)
    filler = {"filler0.md": "---\ntitle: 其他\n---\n\n今天的新闻。\n"}  # so that the first shard has a page
    site = build_project(make_project(tmp_path, UNREGISTERED | filler))
    shards = [json.loads(p.read_text()) for p in (site.out / "pagefind").rglob("pagefind-entry.json")]
    assert len(shards) >= 3 and all(s["languages"] for s in shards)  # the first shard too (shard_of)
    with serve(site.out) as origin:
        context = browser.new_context()
        context.add_init_script("Object.defineProperty(navigator, 'hardwareConcurrency', { get: () => 2 })")
        page = context.new_page()
        assert search(page, origin, "雷军") == ["/articles/name/"]
        assert search(page, origin, "李飞飞") == ["/articles/scholar/"]
        assert len(page.workers) == 2  # two lanes
        context.close()
