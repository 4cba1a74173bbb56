"""Citations and entities both ways: a registered company or person that a note names as a
source's publisher or author lists those sources, with their citing passages, on its page;
the names in the notes link to the pages. Read from the built HTML."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SEED_000, Built, build_project, cold, make_project, snapshot

DOC_000 = f"/articles/{SEED_000}/"


def cited_as(site: Built, url: str):
    page = site.page(url)
    return page.select_one("section.cited-as")


def test_36kr_tencent_tech_and_bo_yang_list_seed_000_as_citing_them(seed_site: Built) -> None:
    for url, title in (("companies/36kr/", "36氪"), ("companies/tencent-tech/", "腾讯科技"),
                       ("people/bo-yang/", "腾讯科技")):
        section = cited_as(seed_site, url)
        assert section is not None, url
        sources = section.select("li.source")
        assert len(sources) == 1 and int(section.select_one("h2 .count").get_text()) == 1
        # the source, as fields, and the document citing it with the passage it cites
        assert "对话Linux基金会创始人" in sources[0].select_one(".source-title").get_text()
        assert title in sources[0].select_one(".src-publisher").get_text()
        citing = sources[0].select_one("ul.citing > li")
        assert citing.select_one("a.doc-title")["href"] == DOC_000
        if url == "companies/36kr/":  # seed 000 defines this note but cites it nowhere: the note, said so
            assert citing.select_one("p.uncited a")["href"] == DOC_000 + "#note-2"
        else:  # the passage citing it, and a link to that place
            jump = citing.select_one("blockquote.context a.cite-jump")
            assert jump["href"] == DOC_000 + "#cite-1" and "Linux基金会" in jump.find_parent("blockquote").get_text()
    # more than the page shows are on the publisher's part of the sources index
    assert cited_as(seed_site, "companies/36kr/").select_one("p.more a")["href"] == "/citations/#pub-36氪"


def test_an_entity_no_source_names_has_no_cited_section(seed_site: Built) -> None:
    assert cited_as(seed_site, "companies/openai/") is None
    assert cited_as(seed_site, "people/kai-fu-lee/") is None


def test_publishers_and_authors_in_the_notes_link_to_their_pages(seed_site: Built) -> None:
    page = seed_site.page(DOC_000)
    notes = page.select("section.notes li.note")
    links = [(n.select_one(".src-publisher a"), n.select_one(".src-author a")) for n in notes[:3]]
    assert links[0][0]["href"] == "/companies/tencent-tech/" and links[0][1]["href"] == "/people/bo-yang/"
    assert links[1][0]["href"] == "/companies/36kr/" and links[1][1] is None  # 无作者: no author
    assert links[2][0]["href"] == "/companies/tencent-news/"
    # the side-notes too, out of the tab order (they are hidden from screen readers); the sources index
    side = page.select_one('aside.sidenotes .src-author a[href="/people/bo-yang/"]')
    assert side["tabindex"] == "-1"
    sources = seed_site.page("citations/")
    assert sources.select_one('.source .src-author a[href="/people/bo-yang/"]') is not None


def test_a_name_the_registry_does_not_know_stays_text(tmp_path: Path) -> None:
    body = "---\ntitle: A\ndate: 2025-01-02\n---\n文字[^1]。\n\n[^1]: 标题·无名小报·张三（2025/1/1）\n"
    site = build_project(make_project(tmp_path, {"a.md": body}, seeds=True))
    note = site.page("articles/a/").select_one("section.notes li.note")
    assert note.select_one(".src-publisher").get_text() == "无名小报" and note.select(".src a.entity") == []


def test_a_rebuild_after_a_note_stops_naming_a_publisher_equals_a_cold_build(tmp_path: Path) -> None:
    """The sources naming an entity are a read of its page: a note that changes its publisher
    takes the source off the old publisher's page and puts it on the new one's."""
    project = make_project(tmp_path / "kb", {"b.md": "---\ntitle: B\ndate: 2025-03-01\n---\n"
                                             "一段话[^1]。\n\n[^1]: 某篇报道·36氪·无作者（2025/2/1）\n"}, seeds=True)
    (project / "site.yaml").write_text((project / "site.yaml").read_text() + "search: false\n")
    first = build_project(project)
    assert len(cited_as(first, "companies/36kr/").select("li.source")) == 2
    note = project / "content/b.md"
    note.write_text(note.read_text(encoding="utf-8").replace("36氪", "腾讯科技"), encoding="utf-8")
    again = build_project(project)
    assert len(cited_as(again, "companies/36kr/").select("li.source")) == 1
    assert {a["href"] for a in cited_as(again, "companies/tencent-tech/").select("a.doc-title")} == \
        {DOC_000, "/articles/b/"}
    assert snapshot(again.out) == cold(project, tmp_path)
