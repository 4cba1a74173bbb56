"""Search that scales and finds every name: the index in shards merged in the browser, a
rebuild that indexes again only the shard of an edited document, every entity name finding
every document its page lists, and excerpts that read as text."""

from __future__ import annotations

import dataclasses
import gzip
import json
import re
import shutil
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import cbor2
import pytest
from bs4 import BeautifulSoup

from site_builder.emitters import search as search_emitter
from site_builder.emitters import word_packs
from site_builder.i18n import strings
from site_builder.output import OutputTree
from site_builder.registry import FOLDERS
from site_builder.search_names import words
from tests.conftest import SEED_000, SEED_003, Built, build_project, make_project
from tests.web import SEARCH_ALL, UI_MODULE, needs_chromium, serve

LABEL = strings("zh-CN")["search_label"]
RESULT = ".pagefind-ui__result"
EXCERPT = ".pagefind-ui__result-excerpt"  # of a page, and of its sections


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def edit_d3(project: Path, word: str = "quokkaword") -> None:
    """The sharded fixture's d3, its zebraword made another word: an edit of one document."""
    doc = project / "content/d3.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace("zebraword", word), encoding="utf-8")


def index_words(folder: Path) -> set[str]:
    """Every word of the Pagefind index files under folder (CBOR after a signature, gzipped)."""
    return {entry[0] for path in folder.rglob("*.pf_index")
            for entry in cbor2.loads(gzip.decompress(path.read_bytes())[len(word_packs.SIGNATURE):])[0]}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def entity_listings(site: Path) -> dict[str, set[str]]:
    """Each name and alias an entity page shows, with the documents its pages list."""
    listed: dict[str, set[str]] = {}
    for section in FOLDERS:
        for first in sorted((site / section).glob("*/index.html")):
            page = soup(first)
            names = [page.find("h1").get_text(strip=True)]
            names += [span.get_text(strip=True) for span in page.select(".aliases span")]
            docs = set()
            for html in [first, *sorted(first.parent.glob("page/*/index.html"))]:
                docs |= {unquote(urlsplit(a["href"]).path)
                         for a in soup(html).select(".mentions a[href*='/articles/']")}
            for name in names:
                listed.setdefault(name, set()).update(docs)
    return listed


def open_search(page, origin: str, query: str, label: str = LABEL) -> None:
    """The search page with a query typed and its results shown."""
    page.goto(f"{origin}/search/")
    page.get_by_role("textbox", name=label).fill(query)
    page.wait_for_selector(f"{RESULT} .pagefind-ui__result-link", timeout=10000)


def search_all(page, origin: str, names: list[str], first: str, label: str = LABEL) -> dict[str, set[str]]:
    open_search(page, origin, first, label)  # the UI has loaded and merged the bundles
    return {name: set(paths) for name, paths in page.evaluate(SEARCH_ALL, names).items()}


def test_names_become_words_whatever_the_browser_splits_them_into() -> None:
    # a person's name is found by any part a reader types (a given name: 纳斯, 托瓦兹); an
    # organisation's by its pieces (a query starting inside one is cut into the index's words)
    assert words(["01.AI", "Linux基金会"], ["林纳斯·托瓦兹"]).split() == [
        "01.AI", "Linux", "基金会", "林纳斯", "纳斯", "斯", "托瓦兹", "瓦兹", "兹"]
    assert words(["杭州深度求索人工智能基础技术研究有限公司"]).split() == ["杭州深度求索人工智能基础技术研究有限公司"]


def test_a_name_word_that_starts_another_is_left_to_the_longer_one() -> None:
    # a query word that finds 李开复 finds 李开复博士 (Pagefind matches the start of a word)
    assert words(["Open", "OpenAI"], ["李开复", "李开复博士"]).split() == [
        "OpenAI", "李开复博士", "开复博士", "复博士", "博士", "士"]


@needs_chromium
def test_every_entity_name_finds_every_document_its_page_lists(browser, seed_site: Built, origin: str) -> None:
    listed = entity_listings(seed_site.out)
    assert listed["零一万物"] >= {f"/articles/{SEED_003}/"} and listed["凯捷"] >= {f"/articles/{SEED_003}/"}
    assert len([n for n, docs in listed.items() if docs]) > 40  # names and aliases with documents
    page = browser.new_page()
    found = search_all(page, origin, sorted(listed), "开源")
    page.close()
    missing = {name: sorted(docs - found[name]) for name, docs in listed.items() if docs - found[name]}
    assert missing == {}
    # a part of a name, as a reader types it (the three: each was not found before)
    page = browser.new_page()
    found = search_all(page, origin, ["零一万物", "林纳斯", "凯捷"], "开源")
    page.close()
    assert f"/articles/{SEED_003}/" in found["零一万物"] and f"/articles/{SEED_003}/" in found["凯捷"]
    assert f"/articles/{SEED_000}/" in found["林纳斯"]


@needs_chromium
def test_excerpts_read_as_text_with_the_query_marked(browser, origin: str) -> None:
    page = browser.new_page()
    shown: dict[str, list[str]] = {}
    lengths: dict[str, list[int]] = {}
    for query in ["开源", "林纳斯", "凯捷"]:
        open_search(page, origin, query)
        page.wait_for_function("""(sel) => [...document.querySelectorAll(sel)].every(
            (p) => !p.classList.contains('pagefind-ui__loading'))""", arg=EXCERPT)
        excerpts = page.locator(EXCERPT).evaluate_all("els => els.map(e => [e.innerText, e.innerHTML])")
        marks = page.locator(RESULT).evaluate_all(f"els => els.map(e => e.querySelectorAll('{EXCERPT} mark').length)")
        assert excerpts and all(marks), (query, marks, excerpts)
        for text, _html in excerpts:
            assert not re.search(r"[\u4e00-\u9fff]\s+[\u4e00-\u9fff]", text), text  # no space between Chinese
            assert not re.match(r"[\s.,，。、：；:;!?！？)）]", text), text  # no leading punctuation
        shown[query] = [html for _, html in excerpts]
        lengths[query] = [len(text) for text, _html in excerpts]
    page.close()
    # a line or two of a Chinese page, not a third of one (Pagefind's 30 words: about 20 characters)
    assert all(max(n) >= 45 for n in lengths.values()), lengths
    # seed 000 is found by the name (its text was split 林|纳|斯): the name is marked where it is
    assert any("<mark>林纳斯</mark>" in html for html in shown["林纳斯"])


@needs_chromium
def test_a_query_of_two_index_words_is_marked_as_one_and_a_heading_ends_with_a_full_stop(
        browser, tmp_path: Path) -> None:
    """As ruanyf/weekly showed it: 人工智能 is two words of the index (人工|智能), each marked
    apart, which the UI drew as 人工 智能 (two highlights); a heading without a full stop ended
    the excerpt with Pagefind's `.`; a mark took in the space after its word (`<mark>的 </mark>`)."""
    docs = {"ai.md": "---\ntitle: 第220期\n---\n## 人工智能的机会在哪里\n\n"
                     "这一期讲人工智能。OpenAI 公司的人工智能产品 ChatGPT 的用户很多。\n"}
    built = build_project(make_project(tmp_path, docs), search=True)
    with serve(built.out) as origin:
        page = browser.new_page()
        open_search(page, origin, "人工智能")
        page.wait_for_function("""(sel) => [...document.querySelectorAll(sel)].every(
            (p) => !p.classList.contains('pagefind-ui__loading'))""", arg=EXCERPT)
        shown = page.locator(EXCERPT).evaluate_all("els => els.map(e => e.innerHTML)")
        page.close()
    assert shown and all("<mark>人工智能</mark>" in html for html in shown), shown
    for html in shown:
        assert "</mark><mark>" not in html and not re.search(r"\s</mark>|<mark>\s", html), html
        assert not re.search(r"[\u4e00-\u9fff]\.(\s|$)", html), html  # a Latin full stop after Chinese
    assert any("人工智能</mark>的机会在哪里。" in html for html in shown), shown


@pytest.fixture
def sharded(tmp_path: Path, monkeypatch) -> tuple[Path, list[list[str]]]:
    """A site of eight documents in shards of at most two pages, and the pages each
    Pagefind run indexed."""
    monkeypatch.setattr(search_emitter, "SHARD_PAGES", 2)
    runs: list[list[str]] = []
    index = search_emitter._index  # every Pagefind run: in the search phase, and started early

    def listed(prepare):  # the pages of a job's folder once written (None: written already)
        def written(site: Path) -> None:
            if prepare is not None:
                prepare(site)
            runs.append(sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")))
        return written

    async def recorded(jobs, first=None):
        return await index([dataclasses.replace(job, prepare=listed(job.prepare)) for job in jobs], first)

    monkeypatch.setattr(search_emitter, "_index", recorded)
    docs = {f"d{i}.md": f"---\ntitle: 文档{i}\n---\n这是 commonword 文档{i}。{'zebraword' if i == 3 else ''}\n"
            for i in range(8)}
    return make_project(tmp_path, docs), runs


@needs_chromium
def test_editing_one_document_indexes_only_its_shard_again(browser, sharded) -> None:
    project, runs = sharded
    first = build_project(project)
    count = search_emitter.shard_count(8)
    shards = {rel: search_emitter.shard_of(rel, count) for rel in (f"articles/d{i}/index.html" for i in range(8))}
    assert count == 4 and len(runs) == len(set(shards.values())) > 1  # a cold build indexes every shard
    assert sorted(rel for run in runs for rel in run) == sorted(shards)
    edited = "articles/d3/index.html"
    edit_d3(project)
    runs.clear()
    second = build_project(project)
    same_shard = sorted(rel for rel, n in shards.items() if n == shards[edited])
    assert runs == [same_shard]  # one Pagefind, over the edited document's shard only
    bundle = search_emitter.shard_folder(shards[edited]) + "/"
    others = [rel for rel in second.report.written if rel.startswith("pagefind/")
              and search_emitter.file_shard(rel) != shards[edited]]
    # and the catalog of every shard's entry and metadata, which the edited shard's are in, and
    # the packs of its group's words (each shard a group of its own here); the others are kept
    group = word_packs.group_of(shards[edited], search_emitter.BROWSER_LANES)
    packs = sorted(rel for rel in second.out.glob(f"{word_packs.WORDS}/{group}/*.pack"))
    assert packs and sorted(others) == sorted([search_emitter.CATALOG, search_emitter.PACK,
                                               f"{word_packs.WORDS}/{group}.json",
                                               *(p.relative_to(second.out).as_posix() for p in packs)])
    assert len({word_packs.group_of(n, search_emitter.BROWSER_LANES) for n in shards.values()}) > 1
    assert any(rel.startswith(bundle) for rel in second.report.written)
    assert first.report.pages["search index"] == second.report.pages["search index"] == 8
    # the bundles equal a cold build's of the same content, file for file and byte for byte
    copy = project / "cold"  # a project of its own, beside this one's folders
    shutil.copytree(project / "content", copy / "content")
    shutil.copy(project / "site.yaml", copy / "site.yaml")
    cold = build_project(copy)
    assert files_of(second.out / "pagefind") == files_of(cold.out / "pagefind")
    assert files_of(second.out / "search") == files_of(cold.out / "search")
    with serve(second.out) as origin:
        page = browser.new_page()
        found = search_all(page, origin, ["commonword", "quokkaword", "zebraword"], "commonword")
        page.close()
    assert found["commonword"] == {f"/articles/d{i}/" for i in range(8)}  # one list from every shard
    assert found["quokkaword"] == {"/articles/d3/"}
    assert found["zebraword"] == set()


def test_a_groups_packs_made_again_take_its_kept_shards_files_from_its_packs(sharded, monkeypatch) -> None:
    """A rebuild makes again the word packs of the edited shard's group; the files of the
    group's other shards, kept, come from its previous packs, not one read each. The packs
    equal a cold build's."""
    monkeypatch.setattr(search_emitter, "BROWSER_LANES", 1)  # one lane: every shard in one group
    project, _ = sharded
    build_project(project)
    edit_d3(project)
    read: list[str] = []
    source = OutputTree.source

    def recorded(self, rel: str) -> Path:
        if rel.endswith(".pf_index"):
            read.append(rel)
        return source(self, rel)

    monkeypatch.setattr(OutputTree, "source", recorded)
    second = build_project(project)
    edited = search_emitter.shard_folder(search_emitter.shard_of("articles/d3/index.html", 4))
    catalogued = json.loads((second.out / search_emitter.CATALOG).read_text(encoding="utf-8"))
    assert len(catalogued["chunks"]) == 3 and read  # three shards, in one group, whose packs are made again
    assert {rel.rsplit("/index/", 1)[0] for rel in read} == {edited}
    assert any(rel.startswith(word_packs.WORDS + "/0/") for rel in second.report.written)
    copy = project / "cold"
    shutil.copytree(project / "content", copy / "content")
    shutil.copy(project / "site.yaml", copy / "site.yaml")
    assert files_of(second.out / "pagefind") == files_of(build_project(copy).out / "pagefind")


def test_a_group_whose_listing_is_damaged_has_its_packs_made_again(sharded) -> None:
    """The listing of a group's packs, kept from the previous build, is read for the
    catalog: one that cannot be read has the group's packs made again, not a failed build.
    (The output folder is trusted to hold what its manifest says: a file damaged by hand
    whose new bytes equal its old is not written again, as any page.)"""
    project, _ = sharded
    first = build_project(project)
    edited = search_emitter.shard_of("articles/d3/index.html", 4)
    groups = {word_packs.group_of(n, search_emitter.BROWSER_LANES) for n in (0, 2, 3)} - {
        word_packs.group_of(edited, search_emitter.BROWSER_LANES)}
    damaged = f"{word_packs.WORDS}/{min(groups)}.json"
    (first.out / damaged).write_text("{not json", encoding="utf-8")
    edit_d3(project)
    second = build_project(project)
    copy = project / "cold"
    shutil.copytree(project / "content", copy / "content")
    shutil.copy(project / "site.yaml", copy / "site.yaml")
    made, cold = files_of(second.out / "pagefind"), files_of(build_project(copy).out / "pagefind")
    assert made.pop(damaged.removeprefix("pagefind/")) == b"{not json" and made.keys() == cold.keys() - {
        damaged.removeprefix("pagefind/")}
    assert all(made[name] == cold[name] for name in made)  # the catalog and every pack as a cold build's


@needs_chromium
def test_a_rebuild_indexes_the_edited_shard_while_the_pages_after_it_are_made(browser, sharded, monkeypatch) -> None:
    """Once the documents' and entities' pages are written, the shard of an edited document
    is indexed by Pagefind while this process makes the tag, archive and other pages: here
    the emitter after the plan waits for Pagefind to have begun, and would wait in vain if the
    shard were left for the search phase. What the rebuild publishes is still a cold build's."""
    project, runs = sharded
    build_project(project)
    edit_d3(project)
    waited = _wait_for_pagefind_after("search shards", monkeypatch)
    runs.clear()
    second = build_project(project)
    # the pages Pagefind read are gone (they were written beside the staged pages)
    assert list(second.out.glob(".search-*")) == [] and list(project.glob(".public.new-*")) == []
    count = search_emitter.shard_count(8)
    edited = search_emitter.shard_of("articles/d3/index.html", count)
    assert waited == [True] and len(runs) == 1 and "articles/d3/index.html" in runs[0]
    assert all(search_emitter.shard_of(rel, count) == edited for rel in runs[0])
    copy = project / "cold"
    shutil.copytree(project / "content", copy / "content")
    shutil.copy(project / "site.yaml", copy / "site.yaml")
    assert files_of(second.out / "pagefind") == files_of(build_project(copy).out / "pagefind")
    with serve(second.out) as origin:
        page = browser.new_page()
        found = search_all(page, origin, ["quokkaword", "zebraword"], "commonword")
        page.close()
    assert found == {"quokkaword": {"/articles/d3/"}, "zebraword": set()}


def _wait_for_pagefind_after(emitter: str, monkeypatch) -> list[bool]:
    """An emitter put right after `emitter` that waits for Pagefind to begin indexing (in vain
    when nothing is indexed before the search phase); whether it saw it begin, each time."""
    import threading

    from site_builder import build as build_module
    from site_builder.emitters import EMITTERS, Emitter

    began = threading.Event()
    index = search_emitter._index  # the fixture's: it records each run

    async def beginning(jobs, first=None):
        began.set()
        return await index(jobs, first)

    monkeypatch.setattr(search_emitter, "_index", beginning)
    waited: list[bool] = []

    def wait_for_pagefind(site, out) -> int:
        waited.append(began.wait(20))
        return 0

    after = [e.name for e in EMITTERS].index(emitter) + 1
    monkeypatch.setattr(build_module, "EMITTERS", [*EMITTERS[:after], Emitter("waits", files=wait_for_pagefind),
                                                   *EMITTERS[after:]])
    return waited


def test_an_edited_documents_shard_is_indexed_while_the_entities_pages_are_made(sharded, monkeypatch) -> None:
    """Pagefind begins on the shard of an edited document once the documents' pages are
    written, with the entities' pages as the previous build wrote them (here the emitter
    before the entities' pages waits for it). The site equals a cold build's."""
    project, runs = sharded
    (project / "content/people").mkdir()
    (project / "content/people/jobs.md").write_text("---\nname: 乔布斯\n---\n苹果公司的创始人。\n", encoding="utf-8")
    (project / "content/d5.md").write_text("---\ntitle: 文档5\n---\n这是 commonword 文档5，写乔布斯。\n",
                                           encoding="utf-8")
    build_project(project)
    edit_d3(project)
    waited = _wait_for_pagefind_after("search shards of documents", monkeypatch)
    runs.clear()
    second = build_project(project)
    count = search_emitter.shard_count(9)
    edited = search_emitter.shard_of("articles/d3/index.html", count)
    assert waited == [True] and len(runs) == 1 and "articles/d3/index.html" in runs[0]
    assert all(search_emitter.shard_of(rel, count) == edited for rel in runs[0])
    assert list(second.out.glob(".search-*")) == []
    copy = project / "cold"
    shutil.copytree(project / "content", copy / "content")
    shutil.copy(project / "site.yaml", copy / "site.yaml")
    assert files_of(second.out / "pagefind") == files_of(build_project(copy).out / "pagefind")


def test_an_edit_that_changes_an_entitys_page_indexes_its_shard_too(sharded, monkeypatch) -> None:
    """An edit that names an entity changes the entity's page: the shards indexed once the
    documents' pages were written are taken only where their pages are the ones planned, and
    the others indexed too. The site equals a cold build's."""
    project, runs = sharded
    (project / "content/people").mkdir()
    (project / "content/people/jobs.md").write_text("---\nname: 乔布斯\n---\n苹果公司的创始人。\n", encoding="utf-8")
    build_project(project)
    edit_d3(project, "乔布斯说过的话")
    runs.clear()
    second = build_project(project)
    count = search_emitter.shard_count(9)
    shards = {search_emitter.shard_of(rel, count) for rel in ("articles/d3/index.html", "people/jobs/index.html")}
    indexed = {search_emitter.shard_of(rel, count) for run in runs for rel in run}
    assert indexed == shards  # the edited document's and the entity's (one or two shards)
    copy = project / "cold"
    shutil.copytree(project / "content", copy / "content")
    shutil.copy(project / "site.yaml", copy / "site.yaml")
    assert files_of(second.out / "pagefind") == files_of(build_project(copy).out / "pagefind")


def test_a_build_that_fails_while_pagefind_indexes_ahead_leaves_the_site_and_no_folder(sharded, monkeypatch) -> None:
    """A build that fails after Pagefind started on the edited shard publishes nothing: the
    site is the last build's, and the pages written for Pagefind are removed."""
    import threading

    from site_builder import build as build_module
    from site_builder.emitters import EMITTERS, Emitter

    project, runs = sharded
    first = build_project(project)
    published = files_of(first.out)
    edit_d3(project)
    began = threading.Event()
    index = search_emitter._index

    async def beginning(jobs, first=None):  # still indexing when the build fails
        import asyncio

        began.set()
        await asyncio.sleep(5)
        return await index(jobs, first)

    monkeypatch.setattr(search_emitter, "_index", beginning)

    def fails(site, out) -> int:
        assert began.wait(60)
        raise RuntimeError("the disk is full")

    after = [e.name for e in EMITTERS].index("search shards") + 1
    monkeypatch.setattr(build_module, "EMITTERS", [*EMITTERS[:after], Emitter("fails", files=fails),
                                                   *EMITTERS[after:]])
    with pytest.raises(RuntimeError, match="disk is full"):
        build_project(project)
    assert files_of(first.out) == published
    # the job is cancelled as the build ends: its thread ends (or a command would wait for it
    # as it exits) and its folder is removed
    ahead = [t for t in threading.enumerate() if t.name.startswith("search-ahead")]
    for thread in ahead:
        thread.join(10)
    assert [t for t in ahead if t.is_alive()] == []
    assert list(first.out.glob(".search-*")) == [] and list(project.glob(".public.new-*")) == []


@needs_chromium
def test_a_document_kept_at_its_old_address_is_found(browser, tmp_path: Path) -> None:
    """permalinks: address keeps a migrated document at its old generator's address, outside
    /articles/: it is searched like every other document (it was left out of the index)."""
    project = make_project(tmp_path, {
        "posts/old.md": "---\ntitle: 旧文\nurl: /2024/01/01/hello-world/\n---\n这是 commonword 和 zanzibarword。\n",
        "posts/new.md": "---\ntitle: 新文\n---\n这是 commonword。\n",
    })
    with (project / "site.yaml").open("a", encoding="utf-8") as f:
        f.write("permalinks: address\n")
    built = build_project(project)
    assert (built.out / "2024/01/01/hello-world/index.html").is_file()
    with serve(built.out) as origin:
        page = browser.new_page()
        found = search_all(page, origin, ["zanzibarword", "commonword"], "commonword")
        page.close()
    assert found["zanzibarword"] == {"/2024/01/01/hello-world/"}
    assert len(found["commonword"]) == 2 and "/2024/01/01/hello-world/" in found["commonword"]


@needs_chromium
def test_a_writers_own_page_in_place_of_a_documents_is_searched(browser, tmp_path: Path) -> None:
    """A file of the site's static/ published in place of a document's page (the writer's
    own, with a warning) is what the search index reads there, as the Pagefind CLI over the
    published site would; and a rebuild after it changes indexes it again."""
    project = make_project(tmp_path, {"a.md": "---\ntitle: 甲\n---\n这是 quokkaword。\n",
                                      "b.md": "---\ntitle: 乙\n---\n这是 commonword。\n"})
    own = project / "static/articles/a/index.html"
    own.parent.mkdir(parents=True)
    own.write_text('<!doctype html><html lang="zh-CN"><head><title>甲</title></head>'
                   '<body data-pagefind-body><p>这是 commonword 和 ownword。</p></body></html>', encoding="utf-8")

    def searched() -> dict[str, set[str]]:
        with serve(build_project(project).out) as origin:
            page = browser.new_page()
            found = search_all(page, origin, ["ownword", "newownword", "quokkaword", "commonword"], "commonword")
            page.close()
        return found

    assert searched() == {"ownword": {"/articles/a/"}, "newownword": set(), "quokkaword": set(),
                          "commonword": {"/articles/a/", "/articles/b/"}}
    own.write_text(own.read_text(encoding="utf-8").replace("ownword", "newownword"), encoding="utf-8")
    again = searched()
    assert again["newownword"] == {"/articles/a/"} and again["quokkaword"] == set()


# A query's results on the UI's module (its lanes), and on one runtime of Pagefind's with
# every shard merged into it as the UI merges them (a module of its own: another address):
# the path and score of each, in the order each gives.
LANES_AND_ONE = """async (query) => {
  """ + UI_MODULE + """
  const options = { baseUrl: box.dataset.base, ranking: { pageLength: 0.2 } };  // the page's (search.js)
  const one = await import(box.dataset.bundle + 'pagefind.js?one');
  await one.options(options);
  for (const shard of JSON.parse(box.dataset.shards)) await one.mergeIndex(shard, options);
  const answer = async (module) => {
    const search = await module.search(query);
    const path = async (r) => new URL((await r.data()).url, location.href).pathname;
    return Promise.all(search.results.map(async (r) => [await path(r), r.score]));
  };
  return { lanes: await answer(pagefind), one: await answer(one) };
}"""


def lanes_and_one(page, origin: str, query: str) -> tuple[list[str], list[str], dict[str, list]]:
    """The search page with query typed: the links of every result the UI shows once it has
    been asked for more until it has none, the page's workers, and the query's results on the
    UI's module and on one runtime over every shard (which has a worker of its own)."""
    open_search(page, origin, query)
    more = page.locator(".pagefind-ui__button")  # "load more results"
    while more.count():
        more.click()
    page.wait_for_function("""() => [...document.querySelectorAll('.pagefind-ui__result')].every(
        (r) => r.querySelector('.pagefind-ui__result-link'))""")
    links = page.locator(".pagefind-ui__result-link").evaluate_all(
        "els => els.map(a => new URL(a.href).pathname)")
    workers = sorted(urlsplit(w.url).path for w in page.workers)
    return links, workers, page.evaluate(LANES_AND_ONE, query)


def assert_one_list(links: list[str], found: dict[str, list]) -> None:
    """Every result shown once, the lanes' results those of one runtime, each list by score."""
    assert len(found["one"]) == 8 and sorted(found["lanes"]) == sorted(found["one"])
    assert sorted(links) == sorted(path for path, _ in found["one"])  # past the first five too
    for results in found.values():  # one list, by score
        assert [score for _, score in results] == sorted((score for _, score in results), reverse=True)


@needs_chromium
@pytest.mark.parametrize("cores", [1, 2, 4])
def test_the_shards_searched_in_lanes_answer_as_one_runtime(browser, sharded, cores: int) -> None:
    """As many runtimes of Pagefind's as the reader has cores (the first shards carry one
    each), each in a module worker of its own, give the results one runtime over every shard
    gives; the results past the UI's first page come from their lane's worker when shown."""
    project, _ = sharded
    built = build_project(project)
    # shards 0, 2 and 3 hold the eight pages (shard_of), 1 none: the lanes' heads are the first
    # BROWSER_LANES shards that are there
    heads = [f for f in map(search_emitter.shard_folder, range(4)) if (built.out / f / "pagefind-entry.json").exists()]
    assert len(heads) == 3 and search_emitter.BROWSER_LANES == 4
    for head in heads:  # each its own runtime, patched as the first one
        assert (built.out / head / "pagefind.js").read_bytes() == (built.out / "pagefind/pagefind.js").read_bytes()
        assert search_emitter.SEGMENTATION_OFF in (built.out / head / "pagefind-worker.js").read_text(encoding="utf-8")
    assert not (built.out / search_emitter.shard_folder(4)).exists()  # eight pages: four shards, no fifth
    with serve(built.out) as origin:
        context = browser.new_context()
        context.add_init_script(f"Object.defineProperty(navigator, 'hardwareConcurrency', {{ get: () => {cores} }})")
        runtimes: list[str] = []
        context.on("request", lambda r: r.url.endswith("/pagefind.js") and runtimes.append(urlsplit(r.url).path))
        page = context.new_page()
        links, workers, found = lanes_and_one(page, origin, "commonword")
        context.close()
    # one lane per core, each a worker of ours with the runtime of its head (no worker of Pagefind's)
    assert workers == ["/search-lanes/lane.js"] * min(cores, len(heads))
    assert {f"/{h}/pagefind.js" for h in heads[:cores]} <= set(runtimes)
    assert not {f"/{h}/pagefind.js" for h in heads[cores:]} & set(runtimes)
    assert_one_list(links, found)


# The results of a query on the UI's module, read every way code reads an array: the
# paths and scores of each way, in its order.
READ_RESULTS = """async (query) => {
  """ + UI_MODULE + """
  const { results } = await pagefind.search(query);
  const first = results.slice(0, 3);  // as the UI reads them: its first page, then the count
  const count = results.length;
  const at = [];
  for (let k = 0; k < results.length; k++) at.push(results[k]);
  const ways = { first, at, iterated: [...results], mapped: results.map((r) => r), sliced: results.slice(),
                 tail: results.slice(-2), past: results.slice(1, 100), loose: results.slice('1', 2.5) };
  const path = async (r) => [new URL((await r.data()).url, location.href).pathname, r.score];
  const read = {};
  for (const [way, list] of Object.entries(ways)) read[way] = await Promise.all(list.map(path));
  return { read, count, isArray: Array.isArray(results) && results.constructor === Array,
           keys: Object.keys(results).length, has: [0 in results, count in results],
           beyond: results[count] === undefined,
           same: at.every((r, k) => r === ways.iterated[k] && r === ways.mapped[k]) };
}"""


@needs_chromium
@pytest.mark.parametrize("cores", [1, 2])
def test_the_merged_results_read_as_an_array_whatever_is_read_first(browser, sharded, cores: int) -> None:
    """The lanes' results are merged as the UI reads them (its first page, then the count):
    the list has every result, by score, and reads as an array every way (an index, a loop,
    its methods, a slice past the first page), each result one object whichever way reads it."""
    project, _ = sharded
    built = build_project(project)
    with serve(built.out) as origin:
        context = browser.new_context()
        context.add_init_script(f"Object.defineProperty(navigator, 'hardwareConcurrency', {{ get: () => {cores} }})")
        page = context.new_page()
        open_search(page, origin, "commonword")
        got = page.evaluate(READ_RESULTS, "commonword")
        context.close()
    read, whole = got["read"], got["read"]["iterated"]
    assert got["count"] == len(whole) == 8 and got["isArray"] and got["keys"] == 8 and got["has"] == [True, False]
    assert got["beyond"] and got["same"]
    assert [score for _, score in whole] == sorted((score for _, score in whole), reverse=True)
    assert len({path for path, _ in whole}) == 8
    assert read["first"] == whole[:3] and read["past"] == whole[1:] and read["tail"] == whole[-2:]
    assert read["loose"] == whole[1:2]  # as Array's slice takes them
    assert read["at"] == read["mapped"] == read["sliced"] == whole


@needs_chromium
def test_the_bench_times_pagefinds_runtime_over_the_shards_of_the_first_lane(browser, sharded) -> None:
    """bench.search.engine_times: Pagefind's runtime alone, over the shards the search page
    gives its first lane (search-lanes/pagefind.js): with one lane, every shard, so every
    page (each has the word); with two, that lane's share of them."""
    from bench.search import engine_times

    project, _ = sharded
    built = build_project(project)
    box = soup(built.out / "search/index.html").select_one("#search")
    heads, shards = json.loads(box["data-lanes"]), json.loads(box["data-shards"])

    def pages(bundle: str) -> int:
        entry = json.loads((built.out / bundle.strip("/") / "pagefind-entry.json").read_text(encoding="utf-8"))
        return sum(language["page_count"] for language in entry["languages"].values())

    first_lane = [heads[0], *[s for s in shards if s not in heads[:2]][::2]]
    assert sum(map(pages, set(heads) | set(shards))) == 8
    for lanes, expected in [(1, 8), (2, sum(map(pages, first_lane)))]:
        [(query, ms, found)] = engine_times(built.out, ["commonword"], lanes=lanes, browser=browser)
        assert (query, found) == ("commonword", expected) and ms >= 0
    assert 0 < expected < 8


# What a browser without module workers does: Worker refuses them, or runs one as a classic
# script that cannot load (an import statement; here its address answers 404).
NO_MODULE_WORKERS = {
    "refused": """const Native = window.Worker;
      window.Worker = function (url, options) {
        if (options && options.type === 'module') throw new TypeError('module workers are not supported');
        return new Native(url, options);
      };""",
    "failed": None,
}


@needs_chromium
@pytest.mark.parametrize("how", sorted(NO_MODULE_WORKERS))
def test_without_module_workers_the_lanes_search_in_the_page(browser, sharded, how: str) -> None:
    """Each lane's runtime then runs in the page, with Pagefind's own worker, and the results
    are the same."""
    project, _ = sharded
    built = build_project(project)
    heads = [f for f in map(search_emitter.shard_folder, range(4)) if (built.out / f / "pagefind-entry.json").exists()]
    with serve(built.out) as origin:
        context = browser.new_context()
        context.add_init_script("Object.defineProperty(navigator, 'hardwareConcurrency', { get: () => 2 })")
        if NO_MODULE_WORKERS[how]:
            context.add_init_script(NO_MODULE_WORKERS[how])
        else:
            context.route("**/search-lanes/lane.js", lambda route: route.fulfill(status=404, body="gone"))
        page = context.new_page()
        links, workers, found = lanes_and_one(page, origin, "commonword")
        context.close()
    assert workers == [f"/{h}/pagefind-worker.js" for h in heads[:2]]
    assert_one_list(links, found)


@needs_chromium
@pytest.mark.parametrize("catalog", ["read", "missing", "packs missing"])
def test_the_lanes_read_every_shards_entry_and_metadata_from_the_catalog(browser, sharded, catalog: str) -> None:
    """A page opened at ?q= asks for the catalog and its pack, not for each shard's
    pagefind-entry.json and metadata, and for the packs of the query's word, not for its
    index file in each shard; without a catalog it asks for those, and finds the same, as it
    does when the word packs cannot be fetched."""
    project, _ = sharded
    built = build_project(project)
    catalogued = json.loads((built.out / search_emitter.CATALOG).read_text(encoding="utf-8"))
    metas = sorted(built.out.glob("pagefind/**/*.pf_meta"))
    assert len(catalogued["entries"]) == len(metas) == 3  # shards 0, 2 and 3 (see the lanes' test)
    pack = (built.out / search_emitter.PACK).read_bytes()
    for path, (offset, size) in catalogued["metas"].items():
        assert pack[offset:offset + size] == (built.out / path.lstrip("/")).read_bytes()
    # every index file of every shard is in a pack of its words, byte for byte
    index_files = sorted(built.out.glob("pagefind/**/index/*.pf_index"))
    folders = {f"/{p.parent.relative_to(built.out).as_posix()}/" for p in index_files}
    assert len(index_files) >= len(metas) == len(folders) and set(catalogued["chunks"]) == folders
    assert sum(map(len, catalogued["chunks"].values())) == len(index_files)
    assert catalogued["words"] == f"/{word_packs.WORDS}/"
    for path in index_files:
        folder = f"/{path.parent.relative_to(built.out).as_posix()}/"
        name, offset, size, first = catalogued["chunks"][folder][path.stem]
        packed = (built.out / word_packs.WORDS / f"{name}.pack").read_bytes()
        assert packed[offset:offset + size] == path.read_bytes()
        # the file's first word, as its shard's metadata lists it
        entries = cbor2.loads(gzip.decompress(path.read_bytes())[len(word_packs.SIGNATURE):])[0]
        assert first == entries[0][0]
    with serve(built.out) as origin:
        context = browser.new_context()
        context.add_init_script("Object.defineProperty(navigator, 'hardwareConcurrency', { get: () => 2 })")
        if catalog == "missing":
            context.route("**/pagefind/shards.json", lambda route: route.fulfill(status=404, body="gone"))
        if catalog == "packs missing":
            context.route("**/pagefind/words/**", lambda route: route.fulfill(status=404, body="gone"))
        asked: list[str] = []
        context.on("requestfinished", lambda r: asked.append(urlsplit(r.url).path))
        page = context.new_page()
        page.goto(f"{origin}/search/?q=commonword")
        page.locator(".pagefind-ui__result-link").nth(4).wait_for()
        count = page.locator(RESULT).count()
        context.close()
    per_shard = [path for path in asked if path.endswith(("/pagefind-entry.json", ".pf_meta"))]
    words = [path for path in asked if path.endswith(".pf_index")]
    packs = [path for path in asked if path.startswith(f"/{word_packs.WORDS}/")]
    assert count == 5 and "/" + search_emitter.PACK in asked
    assert per_shard == [] if catalog != "missing" else len(per_shard) == 2 * len(metas)
    if catalog == "read":  # each pack asked for once: each lane fetches its own shards' packs
        assert words == [] and packs and len(packs) == len(set(packs))
    else:  # one index file of each shard, for the one word
        assert packs == [] if catalog == "missing" else packs
        assert len(words) == len(metas)


def test_the_index_files_a_shards_metadata_lists_are_read_or_none(tmp_path: Path) -> None:
    """word_packs reads the index files out of Pagefind's metadata; metadata it does not know
    gives none (the lanes then fetch each file as Pagefind asks)."""
    built = build_project(make_project(tmp_path, {"d.md": "---\ntitle: 文档\n---\n这是 commonword 文档。\n"}))
    meta = next((built.out / "pagefind").glob("*.pf_meta")).read_bytes()
    listed = word_packs.index_files(meta)
    assert listed and sorted(name for _, name in listed) == sorted(
        p.stem for p in (built.out / "pagefind/index").glob("*.pf_index"))
    assert [first for first, _ in listed] == sorted(first for first, _ in listed)  # in word order
    for other in (b"", b"not gzip", gzip.compress(b"pagefind_dcd" + b"\xff\x00"), gzip.compress(b"no signature"),
                  gzip.compress(word_packs.SIGNATURE + cbor2.dumps(["1.5.2", [], [["a", "b"]], [], [], []]))):
        assert word_packs.index_files(other) is None


def test_index_files_of_one_name_in_two_shards_are_packed_apart(tmp_path: Path) -> None:
    """Pagefind names an index file by seven hex digits of its hash: among thousands of
    shards' files two may share a name with other bytes. Each is found by its shard."""
    def meta(names: list[str]) -> bytes:
        return gzip.compress(word_packs.SIGNATURE + cbor2.dumps(["1.5.2", [], [[n, n, n] for n in names], [], [], []]))

    folders = {0: "pagefind", 1: "pagefind/shards/1", 4: "pagefind/shards/4"}  # groups 0, 1, and 0
    with OutputTree(tmp_path / "public") as out:
        shards = []
        for number, folder in folders.items():
            names = ["zh-cn_0000000", f"zh-cn_{number}{number}"]
            for name in names:
                out.write_bytes(f"{folder}/index/{name}.pf_index", f"{folder} {name}".encode())
            shards.append(word_packs.Shard(number, folder, meta(names)))
        placed = word_packs.write_word_packs(out, shards, 4, "salt")
        assert placed is not None and sorted(placed) == sorted(folders.values())
        for folder, names in placed.items():
            for name, (pack, offset, size, first) in names.items():
                data = out.source(f"{word_packs.WORDS}/{pack}.pack").read_bytes()[offset:offset + size]
                assert data == f"{folder} {name}".encode() and first == name  # the metadata's [from, to, name]
        assert {pack.split("/")[0] for names in placed.values() for pack, *_ in names.values()} == {"0", "1"}


@needs_chromium
def test_a_name_the_browser_splits_is_searched_as_the_word_the_index_has(browser, tmp_path: Path) -> None:
    """The search page joins back the pieces the browser's segmenter cuts a registered name
    into (基础|模型 → 基础模型), in a longer query too: the name is one word of the index (on
    the pages that name it), and the query finds those pages, not one with both pieces apart.
    A run that is no name is split as before."""
    project = make_project(tmp_path, {
        "a.md": "---\ntitle: 甲\n---\n基础模型的训练成本很高。\n",
        "b.md": "---\ntitle: 乙\n---\n基础研究决定了模型的上限。\n",
        "topics/foundation-models.md": "---\nname: 基础模型\n---\n大规模预训练的模型。\n",
    })
    built = build_project(project)
    with serve(built.out) as origin:
        page = browser.new_page()
        found = search_all(page, origin, ["基础模型"], "训练")["基础模型"]
        split, prepared = page.evaluate("""(queries) => [
            [...new Intl.Segmenter('zh', { granularity: 'word' }).segment(queries[0])].map((s) => s.segment),
            queries.map((q) => window.siteSearch.prepare(q))]""", ["基础模型", "我们的基础模型", "基础研究"])
        page.close()
    assert split == ["基础", "模型"]  # the browser's own split
    assert prepared[0] == "基础模型" and prepared[1].split()[-1] == "基础模型" and prepared[2] == "基础 研究"
    assert found == {"/articles/a/", "/topics/foundation-models/"}


def test_the_lanes_warm_up_on_a_word_of_the_text_of_every_page(tmp_path: Path) -> None:
    """The catalog names the word the lanes search as the page opens: of the words on most
    pages of the first shard, the one in fewest places, but at least one a page; an index
    word as Pagefind has it."""
    docs = {f"d{i}.md": f"---\ntitle: Note {i}\n---\nalpha alpha alpha bravo charlie{i}. "
            + ("aardvark" if i else "") + "\n" for i in range(4)}
    built = build_project(make_project(tmp_path, docs, base_url="https://example.org/kb/"))
    catalog = json.loads((built.out / search_emitter.CATALOG).read_text(encoding="utf-8"))
    # alpha is on every page three times; aardvark on three pages; "note" and "bravo" on every
    # page once (a page's title in its heading), and bravo comes first
    assert catalog["warm"] == "bravo"
    # a shard whose files are not Pagefind's as this module reads them gives no word
    head = word_packs.Shard(0, "pagefind", b"not Pagefind's")
    with OutputTree(tmp_path / "other") as out:
        assert word_packs.common_word(out, head) is None


@needs_chromium
def test_the_lanes_search_a_common_word_as_the_page_opens_but_not_for_a_query_given(browser, sharded) -> None:
    """Opened without a query, each lane searches the catalog's word over its first shards and
    makes its first results' data (their fragments fetched), showing nothing, and a query
    typed then finds what it finds; opened at ?q=, the query's search is the first, and the
    fragments fetched are its results' alone; a reader whose browser saves data gets no
    warm-up either."""
    project, _ = sharded
    built = build_project(project)
    assert json.loads((built.out / search_emitter.CATALOG).read_text(encoding="utf-8"))["warm"]
    with serve(built.out) as origin:
        for address in ("/search/", "/search/?q=zebraword", "save data"):
            context = browser.new_context()
            context.add_init_script("Object.defineProperty(navigator, 'hardwareConcurrency', { get: () => 2 })")
            if address == "save data":
                context.add_init_script("Object.defineProperty(navigator, 'connection', "
                                        "{ get: () => ({ saveData: true }) })")
            fragments: list[str] = []
            context.on("requestfinished", lambda r, into=fragments: r.url.endswith(".pf_fragment")
                       and into.append(urlsplit(r.url).path))
            page = context.new_page()
            page.goto(origin + address if address.startswith("/") else f"{origin}/search/", wait_until="networkidle")
            if address == "/search/":
                assert len(fragments) >= 2 and page.locator(RESULT).count() == 0  # both lanes' first results
            if "?q=" not in address:
                assert page.locator(RESULT).count() == 0
                page.get_by_role("textbox", name=LABEL).fill("zebraword")
            page.locator(".pagefind-ui__result-link").first.wait_for()
            page.wait_for_load_state("networkidle")
            links = page.locator(".pagefind-ui__result-link").evaluate_all("els => els.map(a => a.pathname)")
            context.close()
            assert links == ["/articles/d3/"], (address, links)
            if address != "/search/":
                assert fragments == [fragment_of(built.out, "/articles/d3/")], address


@needs_chromium
def test_a_result_whose_fragment_fails_to_load_leaves_the_others_shown(browser, sharded) -> None:
    """A lane loads its first results' fragments with its answer: one that fails is that
    result's failure, not the search's."""
    project, _ = sharded
    built = build_project(project)
    with serve(built.out) as origin:
        context = browser.new_context()
        failed: list[str] = []

        def fail_first(route) -> None:
            if not failed:
                failed.append(route.request.url)
                route.fulfill(status=404, body="gone")
            else:
                route.continue_()

        context.route("**/fragment/*.pf_fragment", fail_first)
        page = context.new_page()
        open_search(page, origin, "commonword")
        page.locator(".pagefind-ui__result-link").nth(3).wait_for()
        shown = page.locator(".pagefind-ui__result-link").count()
        context.close()
    assert len(failed) == 1 and shown == 4  # the UI's first five, but the one without its fragment


def fragment_of(site: Path, url: str) -> str:
    """The path on the site of the Pagefind fragment of the page at url."""
    for path in sorted((site / "pagefind").rglob("*.pf_fragment")):
        if json.loads(gzip.decompress(path.read_bytes())[len(word_packs.SIGNATURE):])["url"] == url:
            return "/" + path.relative_to(site).as_posix()
    raise AssertionError(f"no fragment of {url}")


@needs_chromium
def test_a_result_whose_fragment_is_slow_holds_back_no_other(browser, sharded) -> None:
    """The lanes answer with the results' scores; each result's data comes when it is ready.
    One page's fragment answered 3 s late (as a long page's excerpts took 320 ms to make)
    leaves the other results shown meanwhile, and comes in its turn."""
    project, _ = sharded
    built = build_project(project)
    slow = fragment_of(built.out, "/articles/d3/")
    with serve(built.out, slow={slow: 3.0}) as origin:
        page = browser.new_page()
        page.goto(f"{origin}/search/")
        page.get_by_role("textbox", name=LABEL).fill("commonword")
        page.locator(".pagefind-ui__result-link").nth(3).wait_for(timeout=2500)  # before the slow one
        shown = page.locator(".pagefind-ui__result-link").evaluate_all("els => els.map(a => a.pathname)")
        assert len(shown) == 4 and "/articles/d3/" not in shown, shown
        page.locator('.pagefind-ui__result-link[href$="/articles/d3/"]').wait_for(timeout=15000)
        assert page.locator(".pagefind-ui__result-link").count() == 5
        page.close()


# The paths of the results of each query, searched as given (not prepared as typed).
SEARCH_AS_GIVEN = """async (queries) => {
  """ + UI_MODULE + """
  const found = {};
  for (const query of queries) {
    const search = await pagefind.search(query);
    const data = await Promise.all(search.results.map((r) => r.data()));
    found[query] = data.map((d) => decodeURI(new URL(d.url, location.href).pathname)).sort();
  }
  return found;
}"""


def shards_apart(project: Path, pages: dict[str, str]) -> dict[str, int]:
    """Each of these documents written under a name whose page is in a shard of its own (the
    sharded fixture's eight documents and these); the shard of each."""
    count = search_emitter.shard_count(8 + len(pages))
    taken, shards = {search_emitter.shard_of("articles/d3/index.html", count)}, {}
    for key, text in pages.items():
        name = next(f"{key}{i}" for i in range(200)
                    if search_emitter.shard_of(f"articles/{key}{i}/index.html", count) not in taken)
        shards[name] = search_emitter.shard_of(f"articles/{name}/index.html", count)
        taken.add(shards[name])
        (project / "content" / f"{name}.md").write_text(f"---\ntitle: {key}\n---\n{text}\n", encoding="utf-8")
    return shards


@needs_chromium
def test_a_word_one_shard_lacks_finds_no_page_there_by_a_shorter_word(browser, sharded) -> None:
    """Pagefind's runtime, given a word that no word of its index starts with, searches the
    longest word of the index that the query word starts with. One index of the site does that
    only when no page has the word; a shard without 马路 found the page with 马 (ruanyf/weekly:
    李开复 found issues with 李飞飞). The lanes drop the shards that fell back when another has the
    word, and keep them when none has it (then the shards fall back as one index does)."""
    project, _ = sharded
    # Pagefind's segmenter makes 马 a word of the first, 马路 and 斑马 of the second (checked below)
    (horse, horse_shard), (road, road_shard) = shards_apart(
        project, {"horse": "草地上有马在跑。", "road": "过马路要走斑马线，注意安全。"}).items()
    built = build_project(project)
    with serve(built.out) as origin:
        page = browser.new_page()
        open_search(page, origin, "commonword")  # the UI's module loaded, every shard merged
        found = page.evaluate(SEARCH_AS_GIVEN, ["马路", "马", "马车"])
        page.close()

    def words(shard: int) -> set[str]:
        return index_words(built.out / search_emitter.shard_folder(shard) / "index")

    runtime = (built.out / "pagefind/pagefind.js").read_text(encoding="utf-8")
    assert search_emitter.MERGE_MARKED in runtime and search_emitter.INFLATE_SHOWN in runtime
    assert "马" in words(horse_shard) and "马路" not in words(horse_shard)
    assert "马路" in words(road_shard) and "马" not in words(road_shard)
    assert found["马路"] == [f"/articles/{road}/"]  # not the page with 马 alone
    assert found["马"] == sorted([f"/articles/{horse}/", f"/articles/{road}/"])  # 马 and 马路 start with it
    assert found["马车"] == [f"/articles/{horse}/"]  # no page has it: one index falls back to 马 too


@needs_chromium
def test_a_stemmed_word_one_shard_lacks_finds_no_page_there_by_a_shorter_word(browser, tmp_path: Path,
                                                                            monkeypatch) -> None:
    """The runtime stems a word of other scripts than Han before it looks it up (zebrawords →
    zebraword), which the page cannot: the lanes ask a copy of the runtime in its playground
    mode for the words it looks up. simonw/til in its four shards: workshop found 163 pages
    against one index's 5, competent 142 against 3."""
    monkeypatch.setattr(search_emitter, "SHARD_PAGES", 2)
    docs = {f"d{i}.md": f"---\ntitle: Page {i}\n---\nThis commonword page {i}.{' Zebrawords ran.' if i == 3 else ''}\n"
            for i in range(8)}
    project = make_project(tmp_path, docs)
    site_yaml = project / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8").replace("zh-CN", "en"), encoding="utf-8")
    [(zebra, zebra_shard)] = shards_apart(project, {"zebra": "A zebra crossed the road."}).items()
    built = build_project(project)
    d3_shard = search_emitter.shard_of("articles/d3/index.html", search_emitter.shard_count(9))
    with serve(built.out) as origin:
        page = browser.new_page()
        found = search_all(page, origin, ["zebrawords", "zebraword", "zebras", "zebracrossing"], "commonword",
                           strings("en")["search_label"])
        page.close()

    def words(shard: int) -> set[str]:
        return index_words(built.out / search_emitter.shard_folder(shard) / "index")

    assert "zebraword" in words(d3_shard) and "zebra" not in words(d3_shard)  # stemmed as the index has it
    assert "zebra" in words(zebra_shard) and not any(w.startswith("zebraw") for w in words(zebra_shard))
    assert found["zebrawords"] == found["zebraword"] == {"/articles/d3/"}  # not the page with zebra alone
    assert found["zebras"] == {"/articles/d3/", f"/articles/{zebra}/"}  # zebra, which zebraword starts with
    assert found["zebracrossing"] == {f"/articles/{zebra}/"}  # no page has it: one index falls back to zebra too


# Two searches that both find /articles/d3/, its data asked of each while its fragment loads;
# the excerpt each marked.
TWO_SEARCHES = """async () => {
  """ + UI_MODULE + """
  const first = await pagefind.search("commonword");
  const second = await pagefind.search("zebraword");
  const data = (search) => Promise.all(search.results.map((result) => result.data()));
  const [a, b] = await Promise.all([data(first), data(second)]);
  const d3 = (found) => found.find((d) => d.url.endsWith("/articles/d3/")).excerpt;
  return [d3(a), d3(b)];
}"""


@needs_chromium
def test_a_pages_excerpt_marks_its_own_searchs_words_when_another_search_found_it_meanwhile(
        browser, sharded) -> None:
    """Pagefind's runtime keeps one object for a page's data, and sets its excerpt for each
    search that asks for it once the page's fragment is in: two searches waiting for it got
    the last one's. Seen on ruanyf/weekly: 人工智能 typed as the search page opened, a
    result's excerpt marked 的, the word the lanes search to warm up."""
    project, _ = sharded
    built = build_project(project)
    with serve(built.out, slow={fragment_of(built.out, "/articles/d3/"): 1.5}) as origin:
        page = browser.new_page()
        open_search(page, origin, "文档1")  # the UI's module loaded, every shard merged
        first, second = page.evaluate(TWO_SEARCHES)
        page.close()
    marked = [re.findall(r"<mark>\s*(\w+)\s*</mark>", excerpt) for excerpt in (first, second)]
    assert marked == [["commonword"], ["zebraword"]], (first, second)


@needs_chromium
def test_the_files_a_typed_query_preloads_are_those_its_search_reads(browser, tmp_path: Path, monkeypatch) -> None:
    """The UI preloads the query as typed while it waits to search (its debounce), and then
    searches it as the page prepares it: 基础模型 is searched as 基础 模型, whose second word's
    file (an index file per few words here) a preload of 基础模型 would not have loaded."""
    monkeypatch.setattr(search_emitter, "INDEX_CHUNK", 2)
    text = "基础设施与模型训练，第{}篇。基础研究决定模型的上限。"
    docs = {f"d{i}.md": f"---\ntitle: 文档{i}\n---\n{text.format(i)}\n" for i in range(4)}
    built = build_project(make_project(tmp_path, docs))
    assert len(list((built.out / "pagefind/index").iterdir())) > 4  # the words in files of their own
    with serve(built.out) as origin:
        page = browser.new_page()
        fetched: list[str] = []  # index files, the lanes' workers' included

        def index_file(request) -> None:  # an index file, or a pack of them (word_packs)
            if request.url.endswith((".pf_index", ".pack")) and "/shards.pack" not in request.url:
                fetched.append(request.url)

        page.on("requestfinished", index_file)
        open_search(page, origin, "文档")
        page.evaluate("async (query) => {" + UI_MODULE + " await pagefind.preload(query); }", "基础模型")
        page.wait_for_timeout(300)
        preloaded = len(fetched)
        prepared = page.evaluate("window.siteSearch.prepare('基础模型')")
        page.evaluate("async (query) => {" + UI_MODULE + " await pagefind.search(query); }", prepared)
        page.wait_for_timeout(300)
        page.close()
    assert prepared == "基础 模型" and preloaded > 0 and fetched[preloaded:] == []


def test_the_pages_of_every_registry_folder_are_indexed(tmp_path: Path) -> None:
    """Products, and a kind of the site's own, are searched like people and companies."""
    project = make_project(tmp_path, {
        "a.md": "---\ntitle: 发布\n---\n深度求索发布了模型，会上有一个活动。\n",
        "products/model-x.md": "---\nname: 模型甲\n---\n一个模型。\n",
        "events/launch.md": "---\nname: 发布会\n---\n一场活动。\n",
    })
    (project / "site.yaml").write_text((project / "site.yaml").read_text(encoding="utf-8")
                                       + "entities:\n  kinds: [people, companies, products, events, topics]\n",
                                       encoding="utf-8")
    built = build_project(project, search=True)
    assert (built.out / "products/model-x/index.html").is_file() and (built.out / "events/launch/index.html").is_file()
    # the document, the product and the event: the pages Pagefind read
    assert built.report.pages["search index"] == 3


@pytest.mark.skipif(not Path("/dev/shm").is_dir(), reason="needs a tmpfs, which lists a folder's files as made")
def test_a_rebuilds_bundles_do_not_depend_on_the_file_system_of_the_temporary_folder(tmp_path: Path,
                                                                                   monkeypatch) -> None:
    """A system whose temporary folder is in memory (tmpfs: Debian 13, Fedora, Arch) lists a
    folder's files in the order they were made; ext4 lists them by a hash of their names, and
    Pagefind numbers a shard's pages in the order it lists them. A rebuild that indexes the
    edited shard while other pages are made must give Pagefind its pages as a cold build does."""
    docs = {f"d{i:02}.md": f"---\ntitle: 文档{i}\n---\n这是 commonword 文档{i} 的正文。\n" for i in range(24)}
    project = make_project(tmp_path / "site", docs)
    build_project(project)
    doc = project / "content/d07.md"
    doc.write_text(doc.read_text(encoding="utf-8") + "\n新增 quokkaword 一句。\n", encoding="utf-8")
    memory = Path(tempfile.mkdtemp(dir="/dev/shm"))
    try:
        monkeypatch.setattr(tempfile, "tempdir", str(memory))  # the system's temporary folder, in memory
        second = build_project(project)
    finally:
        monkeypatch.undo()
        shutil.rmtree(memory, ignore_errors=True)
    assert any(rel.startswith("pagefind/") for rel in second.report.written)  # the shard was indexed again
    copy = tmp_path / "cold"
    shutil.copytree(project / "content", copy / "content")
    shutil.copy(project / "site.yaml", copy / "site.yaml")
    assert files_of(second.out / "pagefind") == files_of(build_project(copy).out / "pagefind")


@needs_chromium
def test_a_key_typed_waits_for_the_next_and_a_word_committed_is_searched_at_once(browser, sharded) -> None:
    """The lanes wait for a reader typing a letter at a time: a search one key from the last
    is dropped when the next comes within the wait. A query that changed otherwise (the word
    an input method commits, a paste) is searched as soon as its files are in: with them in,
    at once, and not dropped by a query that comes after it. In the page, as typed."""
    project, _ = sharded
    built = build_project(project)
    # each term asked for `gap` ms after the one before it; the number of results of each
    ask = """async ([terms, gap]) => {""" + UI_MODULE + """
      const later = (term, k) => new Promise((resolve) => setTimeout(resolve, k * gap))
        .then(() => pagefind.search(term));
      const answers = await Promise.all(terms.map(later));
      return answers.map((answer) => answer.results.length);
    }"""
    with serve(built.out) as origin:
        page = browser.new_page()
        open_search(page, origin, "commonword")
        assert page.evaluate(ask, [["commonword"], 0]) == [8]
        # a key deleted, and typed again 60 ms later: the first is dropped
        assert page.evaluate(ask, [["commonwor", "commonword"], 60]) == [0, 8]
        assert page.evaluate(ask, [["zebraword"], 0]) == [1]
        # words committed (or pasted) 60 ms apart, their files in: each is searched
        assert page.evaluate(ask, [["commonword", "zebraword"], 60]) == [8, 1]
        # in the box, typed a key at a time: the results are the last query's
        box = page.get_by_role("textbox", name=LABEL)
        box.fill("")
        box.press_sequentially("zebraword", delay=20)
        page.wait_for_function("document.querySelectorAll('.pagefind-ui__result-link').length === 1")
        assert page.locator(RESULT).first.locator("a").get_attribute("href").endswith("/articles/d3/")
        page.close()


@needs_chromium
def test_a_registered_name_in_a_links_text_is_found_as_the_name(browser, tmp_path: Path) -> None:
    """A name in a link's text or a heading is no mention, and Pagefind's segmenter cuts a name
    alone in a link (乔布斯 → 乔布|斯, 黄仁勋 → 黄|仁|勋). The search page searches a registered
    name whole: the page that has it there is found by it as well as the one that names it."""
    project = make_project(tmp_path, {
        "quote.md": "---\ntitle: 引语\n---\n保持专注就是说不。\n\n-- [乔布斯](https://example.com/q)\n",
        "talk.md": "---\ntitle: 演讲\n---\n他说：[黄仁勋](https://example.com/t)。\n",
        "heading.md": "---\ntitle: 纪要\n---\n## 黄仁勋谈芯片\n\n会上谈了芯片。\n",
        "named.md": "---\ntitle: 访谈\n---\n乔布斯和黄仁勋都谈过产品。\n",
        "other.md": "---\ntitle: 其他\n---\n乔布的书和斯坦福的课。\n",
        "people/jobs.md": "---\nname: 乔布斯\n---\n苹果公司的创始人。\n",
        "people/jensen.md": "---\nname: 黄仁勋\n---\n英伟达的创始人。\n",
    })
    built = build_project(project)
    with serve(built.out) as origin:
        page = browser.new_page()
        found = search_all(page, origin, ["乔布斯", "黄仁勋"], "产品")
        page.close()
    assert found["乔布斯"] == {"/articles/quote/", "/articles/named/", "/people/jobs/"}
    assert found["黄仁勋"] == {"/articles/talk/", "/articles/heading/", "/articles/named/", "/people/jensen/"}


def test_the_kept_views_a_rebuild_reads_are_its_pages_as_they_are_now(sharded) -> None:
    """The pages as Pagefind reads them are kept in the cache between builds (search.py:
    views_home), not in the published site. A view removed by hand, or a shard's record
    damaged, is written again: the bundles of a rebuild equal a cold build's."""
    project, runs = sharded
    first = build_project(project)
    homes = list((project / ".cache").glob("views-*"))
    assert len(homes) == 1 and not list(first.out.rglob(".search-*"))
    home = homes[0]
    count = search_emitter.shard_count(8)
    edited = search_emitter.shard_of("articles/d3/index.html", count)
    kept = {rel for rel in (f"articles/d{i}/index.html" for i in range(8))
            if search_emitter.shard_of(rel, count) == edited and rel != "articles/d3/index.html"}
    assert kept and all((home / str(edited) / rel).is_file() for rel in kept)
    (home / str(edited) / sorted(kept)[0]).unlink()  # a view of the edited shard's, gone
    other = next(n for n in range(count) if n != edited and (home / f"{n}.json").exists())
    (home / f"{other}.json").write_text("{damaged")
    edit_d3(project)
    runs.clear()
    second = build_project(project)
    assert len(runs) == 1 and all((home / str(edited) / rel).is_file() for rel in kept)
    # and the shard whose record was damaged, indexed again after a change of its own
    moved = next(rel for rel in (f"articles/d{i}/index.html" for i in range(8))
                 if search_emitter.shard_of(rel, count) == other)
    doc = project / "content" / (moved.split("/")[1] + ".md")
    doc.write_text(doc.read_text(encoding="utf-8") + "\n补充的一句。\n", encoding="utf-8")
    third = build_project(project)
    copy = project / "cold"
    shutil.copytree(project / "content", copy / "content")
    shutil.copy(project / "site.yaml", copy / "site.yaml")
    cold = build_project(copy)
    assert files_of(third.out / "pagefind") == files_of(cold.out / "pagefind")
    assert json.loads((home / f"{other}.json").read_text())["pages"].keys() == {
        rel for rel in (f"articles/d{i}/index.html" for i in range(8)) if search_emitter.shard_of(rel, count) == other}
    assert second.report.pages["search index"] == 8
