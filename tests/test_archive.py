"""The archive: every document reachable from the home page in two links, by following the
links of the built HTML as a reader (or a crawler without JavaScript) does."""

from __future__ import annotations

from collections import deque
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin

import pytest
from bs4 import BeautifulSoup

from bench import corpus
from site_builder.emitters import archive
from site_builder.emitters.archive import ARCHIVE_SIZE
from tests.conftest import Built, build_project, make_project

DOCUMENTS = 210  # three archive pages


@pytest.fixture(scope="module")
def bench_site(tmp_path_factory) -> Built:
    # short tag and entity pages: as at 2,000 documents, they cannot reach every document in two clicks
    project = corpus.generate(tmp_path_factory.mktemp("archive") / "kb", DOCUMENTS)
    (project / "site.yaml").write_text((project / "site.yaml").read_text() + "page_size: 2\n", encoding="utf-8")
    return build_project(project)


def is_archive(url: str) -> bool:
    return url == "/articles/" or url.startswith("/articles/page/")


def read(site: Built, url: str) -> BeautifulSoup | None:
    path = site.out / unquote(url).lstrip("/")
    path = path / "index.html" if url.endswith("/") else path
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser") if path.is_file() else None


def clicks_from_home(site: Built, depth: int, archive: bool = True) -> dict[str, int]:
    """Every page of the site reached from / by following <a href> links, with the fewest
    clicks it takes (breadth first, up to depth); without the archive's pages if not archive."""
    seen, todo = {"/": 0}, deque(["/"])
    while todo:
        url = todo.popleft()
        if seen[url] == depth or (page := read(site, url)) is None:
            continue
        for a in page.find_all("a", href=True):
            target = urldefrag(urljoin(url, a["href"]))[0]
            if target.startswith("/") and target not in seen and (archive or not is_archive(target)):
                seen[target] = seen[url] + 1
                todo.append(target)
    return seen


def test_every_document_is_two_links_from_the_home_page(bench_site: Built) -> None:
    documents = {f"/articles/{p.parent.name}/" for p in (bench_site.out / "articles").glob("*/index.html")
                 if p.parent.name != "page"}
    assert len(documents) == DOCUMENTS
    reached = clicks_from_home(bench_site, depth=2)
    assert documents - set(reached) == set()
    # what the archive adds: the tags, topics and entities alone leave most documents further away
    elsewhere = documents & set(clicks_from_home(bench_site, depth=2, archive=False))
    assert len(elsewhere) < DOCUMENTS / 2
    print(f"\n{DOCUMENTS} documents: all within 2 clicks of the home page ({len(reached)} pages), "
          f"{len(elsewhere)} without the archive")


def test_the_archive_lists_every_document_newest_first_grouped_by_year_and_month(bench_site: Built) -> None:
    pages = [bench_site.page("articles/")]
    while (nxt := pages[-1].select_one('.pagination a[rel="next"]')) is not None:
        pages.append(read(bench_site, nxt["href"]))
    assert len(pages) == -(-DOCUMENTS // ARCHIVE_SIZE)
    dates = [t["datetime"] for page in pages for t in page.select(".archive-list li time")]
    assert len(dates) == DOCUMENTS and dates == sorted(dates, reverse=True)
    first = pages[0]
    # each month's documents under its month heading, each year's months under its year
    for heading in first.select(".archive-month"):
        year = heading.find_previous("h2", class_="archive-year").get_text()
        items = heading.find_next("ol", class_="archive-list").select("time")
        month = {t["datetime"][:7] for t in items}
        assert len(month) == 1
        y, m = month.pop().split("-")
        assert heading.get_text() == f"{int(y)}年{int(m)}月" and year == f"{int(y)}年"
    # the first page names all the others, by the months each covers
    assert len(first.select(".archive-pages li")) == len(pages)
    assert first.select_one(".archive-pages [aria-current=page]").get_text().count("年") == 2


def test_the_home_page_and_every_page_link_to_the_archive(bench_site: Built) -> None:
    home = bench_site.page("")
    assert home.select_one('main a[href="/articles/"]').get_text().startswith(f"全部文章 ({DOCUMENTS})")
    assert [a["href"] for a in home.select("ol.archive-pages a")] == ["/articles/", "/articles/page/2/",
                                                                      "/articles/page/3/"]
    tag = next((bench_site.out / "tags").glob("*/index.html"))
    nav = BeautifulSoup(tag.read_text(encoding="utf-8"), "html.parser").select_one("header nav")
    assert nav.find("a", href="/articles/").get_text() == "文章"


def test_a_document_slugged_page_does_not_take_the_archive_pages_place(tmp_path: Path) -> None:
    files = {f"d{i}.md": f"---\ntitle: D{i}\ndate: 2024-01-{i + 1:02d}\n---\nText {i}.\n" for i in range(3)}
    files["page.md"] = "---\ntitle: Called page\ndate: 2023-01-01\n---\nText.\n"
    site = build_project(make_project(tmp_path, files))
    assert any("using 'page-2'" in d.message for d in site.reporter.items)
    archive = site.page("articles/")
    hrefs = {a["href"] for a in archive.select(".archive-list a")}
    assert "/articles/page-2/" in hrefs and "/articles/page/" not in hrefs
    assert site.page("articles/page-2/").h1.get_text() == "Called page"


def test_an_archive_page_names_the_first_the_last_and_those_near_it(tmp_path: Path, monkeypatch) -> None:
    """The first archive page (as the home page) names every archive page; another names the
    first, the last and NEAR on each side of itself, with a gap where pages are left out: the
    archive's links grow with its pages, not with their square."""
    monkeypatch.setattr(archive, "ARCHIVE_SIZE", 2)
    files = {f"d{i:02d}.md": f"---\ntitle: D{i}\ndate: 2024-{i % 12 + 1:02d}-{i % 28 + 1:02d}\n---\nText.\n"
             for i in range(30)}
    site = build_project(make_project(tmp_path, files))
    count = 15
    urls = ["/articles/", *(f"/articles/page/{n}/" for n in range(2, count + 1))]
    assert [a["href"] for a in site.page("").select("ol.archive-pages a")] == urls
    links = 0
    for n, url in enumerate(urls, 1):
        nav = read(site, url).select_one("nav.archive-pages")
        items = nav.select("li")
        current = [i for i, li in enumerate(items) if li.select_one("[aria-current=page]")]
        assert len(current) == 1 and not items[current[0]].a  # itself, not a link
        named = [a["href"] for a in nav.select("a")]
        near = set(range(max(1, n - archive.NEAR), min(count, n + archive.NEAR) + 1))
        links += len(named)
        assert n == 1 or len(named) <= 2 * archive.NEAR + 2  # a few, however many pages
        expected = set(range(1, count + 1)) if n == 1 else {1, count} | near
        assert named == [urls[k - 1] for k in sorted(expected - {n})], url
        gaps = [li.get_text() for li in items if li.get("class") == ["gap"]]
        assert gaps == ["…"] * ((n - archive.NEAR > 2) + (n + archive.NEAR < count - 1)) if n > 1 else not gaps
    assert links < (count - 1) + (count - 1) * (2 * archive.NEAR + 2) < count * (count - 1)
    # every document still two links from the home page
    documents = {f"/articles/d{i:02d}/" for i in range(30)}
    assert documents <= set(clicks_from_home(site, depth=2))


def test_undated_documents_are_listed_by_their_numbers_as_a_reader_counts(tmp_path: Path) -> None:
    """Undated documents come last, by path, each run of digits by its value: issue-2 before
    issue-10 (a weekly's issues, numbered without leading zeros), a dated one first."""
    names = ["issue-10", "issue-2", "issue-100", "issue-1", "issue-9", "note-v2-b", "note-v10-a"]
    files = {f"{name}.md": f"---\ntitle: {name}\n---\n正文。\n" for name in names}
    files["dated.md"] = "---\ntitle: dated\ndate: 2024-05-01\n---\n正文。\n"
    built = build_project(make_project(tmp_path, files))
    listed = [a.get_text(strip=True) for a in read(built, "/articles/").select("main li a")
              if a.get_text(strip=True) in files or f"{a.get_text(strip=True)}.md" in files]
    assert listed == ["dated", "issue-1", "issue-2", "issue-9", "issue-10", "issue-100", "note-v2-b", "note-v10-a"]
