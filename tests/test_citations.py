"""The citation view: structured sources beside the passages citing them, the notes list,
the site-wide sources index and the citation lint."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from bs4 import BeautifulSoup

from tests.conftest import ROOT, SEED_000, Built, build_project, make_project

TITLE_1 = "对话Linux基金会创始人：AI基础模型注定全面开源，战场只在应用端"


def test_reference_1_shows_its_source_beside_the_passage(seed_site: Built) -> None:
    page = seed_site.page(f"articles/{SEED_000}/")
    ref = page.select_one("sup.cite a.cite-link")
    assert ref["href"] == "#note-1"  # without JavaScript: an ordinary link to the note
    described = page.find(id=ref["aria-describedby"])  # what the popover and screen readers show
    assert described.select_one(".src-title").get_text() == TITLE_1
    assert described.select_one(".src-publisher").get_text() == "腾讯科技"
    # the side-note stands right before the block that cites it
    paragraph = ref.find_parent("p")
    aside = paragraph.find_previous_sibling()
    assert aside.name == "aside" and "sidenotes" in aside["class"]
    assert TITLE_1 in aside.get_text() and "腾讯科技" in aside.get_text()


def test_notes_list_shows_all_three_sources_as_fields(seed_site: Built) -> None:
    notes = seed_site.page(f"articles/{SEED_000}/").select("section.notes li.note")
    assert len(notes) == 3
    fields = [(n.select_one(".src-title").get_text(), n.select_one(".src-publisher").get_text(),
               n.select_one(".src-published time")["datetime"], n.select_one(".src-accessed time")["datetime"])
              for n in notes]
    assert fields == [
        (TITLE_1, "腾讯科技", "2025-06-25", "2024-07-26"),
        (TITLE_1, "36氪", "2023-06-26", "2024-07-26"),
        ("AI开源路在何方丨2023智源大会精彩回顾", "腾讯新闻", "2023-06-26", "2024-07-26"),
    ]
    assert notes[0].select_one(".src-author").get_text() == "博阳"
    assert notes[1].select_one(".src-author") is None  # 无作者


def test_uncited_notes_are_shown_and_marked(seed_site: Built) -> None:
    page = seed_site.page(f"articles/{SEED_000}/")
    notes = page.select("section.notes li.note")
    assert [("note-uncited" in n["class"]) for n in notes] == [False, True, True]
    assert all(n.select_one(".uncited") for n in notes[1:])
    backrefs = notes[0].select("a.backref")
    assert [a.get_text() for a in backrefs] == list("abcdefg")
    for a in backrefs:
        assert page.find(id=a["href"][1:]).name == "sup"


def test_sources_index_links_back_to_each_reference(seed_site: Built) -> None:
    index = seed_site.page("citations/")
    sources = index.select("li.source")
    assert len(sources) == 3
    titles = sorted(s.select_one(".src-title").get_text() for s in sources)
    assert titles == sorted([TITLE_1, TITLE_1, "AI开源路在何方丨2023智源大会精彩回顾"])
    jumps = index.select("a.cite-jump")
    assert len(jumps) == 7
    for jump in jumps:
        url, fragment = unquote(jump["href"]).split("#")
        target = BeautifulSoup((seed_site.out / url.strip("/") / "index.html").read_text(encoding="utf-8"),
                               "html.parser")
        assert target.find(id=fragment).select_one("a.cite-link")["href"] == "#note-1"
    # a registered publisher links to its company page
    assert index.select_one('.publisher-entity a[href="/companies/tencent-tech/"]')


def test_same_source_in_two_documents_is_one_source(tmp_path: Path) -> None:
    seed_line = (ROOT / "content" / f"{SEED_000}.txt").read_text(encoding="utf-8").splitlines()[60]
    definition = seed_line.replace("[^1]", "[^a]")
    other = f"---\ntitle: 另一篇\ndate: 2025-07-01\n---\n开源模型越来越强。[^a]\n\n{definition}\n"
    site = build_project(make_project(tmp_path, {"other.md": other}, seeds=True))
    index = site.page("citations/")
    tencent = [s for s in index.select("li.source") if s.select_one(".src-publisher").get_text() == "腾讯科技"]
    assert len(tencent) == 1
    docs = [a.get_text() for a in tencent[0].select(".citing > li > a.doc-title")]
    assert docs == ["另一篇", "开源浪潮席卷AI：基础模型“护城河”消弭，价值转向应用深水区"]
    assert tencent[0].select_one('a.cite-jump[href="/articles/other/#cite-1"]')


def test_publisher_with_several_sources_gets_a_page(tmp_path: Path) -> None:
    doc = ("---\ntitle: T\n---\nA[^1] B[^2]\n\n[^1]: 甲文·某报·张三（2025/1/2）·检索日期2025/2/1\n"
           "[^2]: 乙文·某报·李四（2025/1/3）·检索日期2025/2/1\n")
    site = build_project(make_project(tmp_path, {"t.md": doc}))
    page = site.page("citations/某报/")
    assert len(page.select("li.source")) == 2
    assert site.page("citations/").select_one('a[href="/citations/%E6%9F%90%E6%8A%A5/"]')


def lint(tmp_path: Path, body: str, strict: bool = False) -> list[str]:
    site = build_project(make_project(tmp_path, {"doc.md": "---\ntitle: Lint\n---\n" + body}), strict=strict)
    return [str(d) for d in site.reporter.items]


def test_lint_reference_without_definition(tmp_path: Path) -> None:
    assert lint(tmp_path, "Text[^1] and[^x].\n\n[^1]: 甲·乙·丙（2025/1/1）\n") == [
        "doc.md:4: warning: reference [^x] has no definition"]


def test_lint_definition_never_cited(tmp_path: Path) -> None:
    assert lint(tmp_path, "Text.\n\n[^1]: 甲·乙·丙（2025/1/1）\n") == [
        "doc.md:6: warning: footnote [^1] is defined but never cited"]


def test_lint_label_defined_twice(tmp_path: Path) -> None:
    problems = lint(tmp_path, "Text[^1].\n\n[^1]: 甲·乙·丙（2025/1/1）\n[^1]: 丁·戊·己（2025/1/2）\n")
    assert problems == ["doc.md:7: warning: footnote [^1] is defined twice (first on line 6); the last one is used"]


def test_lint_accessed_before_published(tmp_path: Path) -> None:
    assert lint(tmp_path, "Text[^1].\n\n[^1]: 甲·乙·丙（2025/6/25）·检索日期2024/07/26\n") == [
        "doc.md:6: warning: footnote [^1]: accessed 2024-07-26 before it was published 2025-06-25"]


def test_lint_unreadable_date(tmp_path: Path) -> None:
    assert lint(tmp_path, "Text[^1].\n\n[^1]: 甲·乙·丙（2025/13/45）\n") == [
        "doc.md:6: warning: footnote [^1]: cannot read the date '2025/13/45'"]


def test_lint_strict_makes_errors(tmp_path: Path) -> None:
    problems = lint(tmp_path, "Text.\n\n[^1]: 甲·乙·丙（2025/1/1）\n", strict=True)
    assert problems == ["doc.md:6: error: footnote [^1] is defined but never cited"]


def test_seed_000_retrieved_before_published_is_reported(seed_site: Built) -> None:
    problems = [str(d) for d in seed_site.reporter.items]
    assert (f"{SEED_000}.txt:61: warning: footnote [^1]: accessed 2024-07-26 "
            "before it was published 2025-06-25") in problems
    assert f"{SEED_000}.txt:62: warning: footnote [^2] is defined but never cited" in problems


def test_free_text_footnote_stays_as_written(tmp_path: Path) -> None:
    site = build_project(make_project(tmp_path, {
        "t.md": "---\ntitle: T\n---\nA[^n]\n\n[^n]: 作者私下告知，*未公开*。\n"}))
    note = site.page("articles/t/").select_one("li.note .src")
    assert note.find("em").get_text() == "未公开" and "作者私下告知" in note.get_text()


def test_many_sources_are_split_over_publisher_pages_that_list_every_one(tmp_path: Path) -> None:
    """25 sources of one publisher: the index shows the first 10 and links to the
    publisher's pages, which (3 per page here) list all 25, each linking to its passage."""
    notes = "".join(f"[^{i}]: 文{i:02d}·某报·张三（2025/1/2）·检索日期2025/2/1\n" for i in range(25))
    text = "".join(f"句子{i}。[^{i}]\n\n" for i in range(25))
    site = build_project(make_project(tmp_path, {"t.md": f"---\ntitle: T\n---\n{text}{notes}"}))
    index = site.page("citations/")
    assert len(index.select("li.source")) == 10
    more = index.select_one("p.more a")
    assert "25" in more.get_text() and unquote(more["href"]) == "/citations/某报/"
    seen, url = [], "/citations/某报/"
    while url:
        page = site.page(unquote(url))
        seen += [li.select_one(".source-title").get_text() for li in page.select("li.source")]
        assert all(a["href"].startswith("/articles/t/#cite-") for a in page.select("a.cite-jump"))
        nxt = page.select_one('a[rel="next"]')
        url = nxt["href"] if nxt else None
    assert len(seen) == 25 and len(set(seen)) == 25
