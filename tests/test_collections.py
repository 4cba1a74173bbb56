"""Bring your own collection: small Hugo, Jekyll and Hexo folders (tests/fixtures/collections,
written for these tests in each generator's shape) build as they are, checked on the built
site as a reader gets it: front matter in each dialect read (none of it left in the body),
summaries, categories, dates from file names, modified dates, drafts, old addresses
redirected, section pages listing their folder, unknown keys readable by templates, the
writer's static/robots.txt published with one warning, and warnings collapsed."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from site_builder import cli
from site_builder.loader import load_document
from tests.conftest import build_project, cold, make_project, snapshot
from tests.test_schema import prepend_to_main

FIXTURES = Path(__file__).parent / "fixtures" / "collections"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def project(tmp_path: Path, name: str, config: str = "") -> Path:
    root = tmp_path / name
    shutil.copytree(FIXTURES / name, root)
    (root / "site.yaml").write_text("title: Imported\nlanguage: zh-CN\nbase_url: https://example.org/blog/\n"
                                    f"page_size: 10\nsearch: false\n{config}", encoding="utf-8")
    return root


def build(root: Path, monkeypatch, capsys, *args: str) -> tuple[int, list[str], str]:
    """site-builder build in root: exit code, the lines printed to stderr, and stdout."""
    monkeypatch.chdir(root)
    code = cli.main(["build", "--jobs", "1", *args])  # no worker processes: a small site builds faster
    out, err = capsys.readouterr()
    return code, err.splitlines(), out


def page(root: Path, url: str) -> BeautifulSoup:
    """The page served at url (a path under /blog/, as the site's links give it)."""
    path = unquote(urlsplit(url).path).removeprefix("/blog/")
    file = root / "public" / (path + "index.html" if path.endswith("/") or not path else path)
    return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


def article(root: Path, slug: str) -> BeautifulSoup:
    return page(root, f"/blog/articles/{slug}/")


def listed(soup: BeautifulSoup) -> list[str]:
    """The titles a page lists (a list of documents, or a topic's), in order."""
    return [a.get_text(strip=True) for a in soup.select(".doclist .doc-title, .mention-list .doc-title")]


def body_text(soup: BeautifulSoup) -> str:
    return soup.select_one(".doc-body").get_text(" ", strip=True)


def followed(root: Path, soup: BeautifulSoup, selector: str) -> dict[str, BeautifulSoup]:
    """The pages the links matched by selector lead to, by link text (each must exist)."""
    return {a.get_text(strip=True): page(root, a["href"]) for a in soup.select(selector)}


def test_a_hugo_site_with_toml_json_sections_and_its_own_robots_txt(tmp_path: Path, monkeypatch, capsys) -> None:
    root = project(tmp_path, "hugo")
    prepend_to_main(root, "document.html", '{% if doc.params.weight is defined %}<p id="params">'
                                           '{{ doc.params.weight }} {{ doc.extra.cover.image }}</p>{% endif %}')
    code, err, out = build(root, monkeypatch, capsys)
    assert code == 1  # broken.md's TOML: its error, the rest built
    broken = [line for line in err if line.startswith("posts/broken.md:")]
    assert len(broken) == 1 and ": error: invalid TOML front matter: " in broken[0]
    assert int(broken[0].split(":")[1]) >= 2  # a line of the file, not the whole file
    assert not (root / "public/articles/broken").exists()

    # TOML read: the title is the front matter's, no +++ or key left in the body
    first = article(root, "2025-06-01")
    assert first.h1.get_text() == "AI 日报 6月1日"
    assert "+++" not in body_text(first) and "title =" not in body_text(first)
    assert body_text(first) == "第一期。"
    # its date from the file name, tags from one string split on the comma, categories as topics
    assert first.select_one(".doc-meta time")["datetime"] == "2025-06-01"
    assert set(followed(root, first, ".doc-tags a")) == {"AI", "大模型"}
    topics = followed(root, first, ".doc-topics a")
    assert set(topics) == {"新闻"} and set(listed(topics["新闻"])) == {"AI 日报 6月1日", "AI 日报 6月2日"}
    # keys site-builder does not read reach templates as doc.extra / doc.params
    assert first.select_one("#params").get_text() == "3 cover.png"

    # description as the summary; url: as a redirect from the old address
    second = article(root, "2025-06-02")
    assert second.select_one(".doc-lede").get_text() == "模型发布与融资。"
    redirect = page(root, "/blog/daily/2025-06-02/")
    assert redirect.select_one('meta[http-equiv="refresh"]')["content"] == "0; url=/blog/articles/2025-06-02/"

    # JSON front matter read
    as_json = article(root, "json-post")
    assert as_json.h1.get_text() == "JSON front matter" and body_text(as_json) == "Body after JSON."
    assert as_json.select_one(".doc-lede").get_text() == "Written with JSON."

    # _index.md: the folder's page, its own text above its documents, newest first; not an article
    section = page(root, "/blog/posts/")
    assert section.h1.get_text() == "AI 日报"
    assert section.select_one(".section-text strong").get_text() == "合集"
    assert listed(section) == ["AI 日报 6月2日", "AI 日报 6月1日", "JSON front matter", "A page bundle"]
    articles = {p.name for p in (root / "public/articles").iterdir() if p.is_dir()}  # not the archive's index.html
    assert articles == {"2025-06-01", "2025-06-02", "json-post", "bundle-post"}
    # an index.md alone in its folder is an article (a page bundle), named by its folder
    assert article(root, "bundle-post").h1.get_text() == "A page bundle"
    # the content folder's _index.md: its text on the home page
    assert "Welcome to the daily." in page(root, "/blog/").select_one(".section-text").get_text()

    # the feed: newest first, each entry's <updated> its lastmod when it has one
    feed = ET.parse(root / "public/feed.xml").getroot()
    entries = [(e.findtext(f"{ATOM}title"), e.findtext(f"{ATOM}updated")) for e in feed.iter(f"{ATOM}entry")]
    assert entries == [("AI 日报 6月2日", "2025-06-05T10:00:00+08:00"), ("AI 日报 6月1日", "2025-06-01T00:00:00Z"),
                       ("JSON front matter", "2025-05-20T00:00:00Z"), ("A page bundle", "2025-05-01T00:00:00Z")]
    sitemap = ET.parse(root / "public/sitemap.xml").getroot()
    lastmod = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in sitemap.iter(f"{SITEMAP}url")}
    assert lastmod["https://example.org/blog/articles/2025-06-02/"] == "2025-06-05T10:00:00+08:00"

    # the writer's robots.txt is published, with one warning and no traceback
    assert (root / "public/robots.txt").read_bytes() == (root / "static/robots.txt").read_bytes()
    assert [line for line in err if "robots.txt" in line] == [
        "static/robots.txt: warning: replaces the generated robots.txt"]
    assert "warnings by kind: " in out


def test_a_jekyll_blog_with_dated_names_categories_as_tags_and_a_draft(tmp_path: Path, monkeypatch,
                                                                      capsys) -> None:
    root = project(tmp_path, "jekyll", "categories: tags\n")
    code, err, out = build(root, monkeypatch, capsys)
    assert code == 0
    # the date and the slug from the file name; excerpt as the summary
    year_end = article(root, "year-end")
    assert year_end.select_one(".doc-meta time")["datetime"] == "2016-12-31"
    assert year_end.select_one(".doc-lede").get_text() == "一年的回顾。"
    # tags split on 、 and categories split on spaces, filed as tags (site.yaml categories: tags)
    tags = followed(root, year_end, ".doc-tags a")
    assert set(tags) == {"总结", "生活", "life", "review"}
    assert listed(tags["life"]) == ["New start", "年终总结"]  # newest first: by the names' dates
    assert year_end.select(".doc-topics a") == []
    # published: false is a draft: not built
    assert not (root / "public/articles/unfinished").exists()
    assert "Not ready" not in (root / "public/index.html").read_text(encoding="utf-8")
    # permalink: the old address redirects to the page
    redirect = (root / "public/2017/01/new-start.html").read_text(encoding="utf-8")
    assert 'url=/blog/articles/new-start/"' in redirect
    # an index.md beside other documents is its folder's page
    blog = page(root, "/blog/blog/")
    assert blog.h1.get_text() == "Blog notes" and listed(blog) == ["About notes"]
    assert not (root / "public/articles/blog").exists() and not (root / "public/articles/index").exists()
    # one line for `layout`, said in five documents, with the count and the first places
    layout = [line for line in err if "unknown front matter key 'layout'" in line]
    assert len(layout) == 1 and "[5 places; also " in layout[0], err
    assert "comments" in " ".join(err) and len([line for line in err if "'comments'" in line]) == 1
    assert "warnings by kind: " in out and " unknown front matter key" in out
    # -v: every place on a line of its own
    shutil.rmtree(root / ".cache")
    _, err, _ = build(root, monkeypatch, capsys, "-v")
    assert len([line for line in err if "unknown front matter key 'layout'" in line]) == 5


def test_a_hexo_blog_whose_header_has_no_opening_dashes(tmp_path: Path, monkeypatch, capsys) -> None:
    root = project(tmp_path, "hexo")
    code, err, _ = build(root, monkeypatch, capsys)
    assert code == 0, err
    hello = article(root, "hello")
    assert hello.h1.get_text() == "你好 Hexo"
    assert body_text(hello) == "Hexo 的第一篇文章。"  # no header left in the body
    assert hello.select_one(".doc-meta time")["datetime"].startswith("2020-11-29")
    # a category and its sub-category, both topics by default
    topics = followed(root, hello, ".doc-topics a")
    assert set(topics) == {"技术", "博客"} and listed(topics["技术"]) == ["Second post", "你好 Hexo"]
    sitemap = ET.parse(root / "public/sitemap.xml").getroot()
    lastmod = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in sitemap.iter(f"{SITEMAP}url")}
    assert lastmod["https://example.org/blog/articles/hello/"].startswith("2021-01-02")
    # "Note: …" and a thematic break is a document without front matter, shown whole
    note = article(root, "note")
    assert "Note: this is a document without front matter." in body_text(note)
    assert "Its thematic break above" in body_text(note)


def test_a_folder_gaining_a_document_makes_its_index_a_section_as_a_cold_build_does(
        tmp_path: Path, monkeypatch, capsys) -> None:
    root = project(tmp_path, "hugo")
    (root / "content/posts/broken.md").unlink()
    assert build(root, monkeypatch, capsys)[0] == 0
    assert (root / "public/articles/bundle-post/index.html").is_file()
    (root / "content/posts/bundle-post/more.md").write_text("+++\ntitle = \"More\"\ndate = 2025-07-01\n+++\nx\n",
                                                           encoding="utf-8")
    (root / "static/robots.txt").unlink()  # and the generated robots.txt comes back
    assert build(root, monkeypatch, capsys)[0] == 0
    assert not (root / "public/articles/bundle-post").exists()
    assert listed(page(root, "/blog/posts/bundle-post/")) == ["More"]
    assert snapshot(root / "public") == cold(root, tmp_path)


@pytest.mark.parametrize(("text", "line", "message"), [
    ('+++\ntitle = "a"\ndate = = 2\n+++\nx\n', 3, "invalid TOML front matter: Invalid value"),
    ('+++\ntitle = "a"\ntags = ["x"\n+++\nx\n', 4, "invalid TOML front matter: Unclosed array"),  # its closing +++
    ('{\n  "title": "a",\n  "tags": [1,\n}\nx\n', 4, "invalid JSON front matter: Expecting value"),
    ("+++\ntitle = 'a'\n", 1, "front matter opened with +++ is never closed"),
    ("+++\na = " + "[" * 60 + "]" * 60 + "\n+++\nx\n", 1, "invalid TOML front matter: nested more than 50 levels"),
    ('{"a": ' * 60 + "1" + "}" * 60 + "\nx\n", 1, "invalid JSON front matter: nested more than 50 levels"),
])
def test_a_malformed_header_in_any_dialect_is_an_error_at_its_line(tmp_path: Path, text: str, line: int,
                                                                   message: str) -> None:
    # as a built site shows it: test_a_hugo_site_with_toml_json_sections_and_its_own_robots_txt
    (tmp_path / "bad.md").write_text(text, encoding="utf-8")
    loaded = load_document(tmp_path / "bad.md", tmp_path)
    assert loaded.document is None
    said = [str(d) for d in loaded.diagnostics]
    assert len(said) == 1 and said[0].startswith(f"bad.md:{line}: error: {message}"), said


def test_a_section_whose_address_is_a_page_of_the_site_is_a_warning_not_a_traceback(
        tmp_path: Path, monkeypatch, capsys) -> None:
    root = project(tmp_path, "hexo")
    for folder in ("tags", "Search", "Articles/Hello"):
        (root / "content" / folder).mkdir(parents=True)
        (root / "content" / folder / "_index.md").write_text(f"---\ntitle: {folder}\n---\nx\n", encoding="utf-8")
    code, err, _ = build(root, monkeypatch, capsys)
    assert code == 0
    said = sorted(line for line in err if "this folder's page" in line)
    assert [line.split(":")[0] for line in said] == ["Articles/Hello/_index.md", "Search/_index.md", "tags/_index.md"]
    assert page(root, "/blog/tags/").h1.get_text() != "tags"  # the tags index is the build's



def test_front_matter_after_blank_lines_is_read_as_hugo_reads_it(tmp_path: Path) -> None:
    """A file that starts with an empty line, then its front matter (205 pages of a Hugo
    documentation site): the title is the front matter's, none of it left in the body; a
    body that opens with a thematic break after a blank line stays a body."""
    root = make_project(tmp_path, {
        "yaml.md": "\n\n---\ntitle: After blank lines\naliases: \"/old/yaml\"\n---\nThe body.\n",
        "toml.md": "\n+++\ntitle = \"TOML after a blank line\"\n+++\nTOML body.\n",
        "rule.md": "\n---\nNot front matter, a rule\n\n---\nText after.\n",
        "bad.md": "\n---\ntitle: [unclosed\n---\nBody of bad.\n",
    })
    built = build_project(root)
    for slug, title, body in (("yaml", "After blank lines", "The body."),
                              ("toml", "TOML after a blank line", "TOML body.")):
        soup = built.page(f"articles/{slug}/")
        assert soup.h1.get_text() == title and soup.select_one(".doc-body").get_text(strip=True) == body
    assert built.page("old/yaml/").select_one('meta[http-equiv="refresh"]') is not None
    for slug, text in (("rule", "Not front matter, a rule"), ("bad", "title: [unclosed")):
        # not front matter: the text is the body, shown as written, with no error
        assert text in built.page(f"articles/{slug}/").select_one(".doc-body").get_text()
    assert built.reporter.errors == []


def test_a_docs_page_opening_with_its_title_shows_it_once(tmp_path: Path) -> None:
    """Docs collections (and many Jekyll posts) repeat the front matter's title as the first
    heading of the body; an untitled Markdown file takes its title from that heading. Each
    page shows its title once, as its one heading of level 1; a heading of other words stays."""
    root = make_project(tmp_path, {
        "docs/intro.md": "---\ntitle: TiDB 简介\n---\n\n<!-- markdownlint-disable MD001 -->\n\n# TiDB 简介\n\n"
                         "TiDB 是一个分布式数据库。\n\n## 架构\n\n三个组件。\n\n## 部署\n\n两种方式。\n\n"
                         "## 运维\n\n监控。\n",
        "docs/calibrate.md": "---\ntitle: CALIBRATE RESOURCE\n---\n\n# `CALIBRATE RESOURCE`\n\n预估集群的 RU 容量。\n",
        "docs/other.md": "---\ntitle: 短标题\n---\n\n# 一个更长的标题\n\n正文。\n",
        "notes/untitled.md": "# 无题笔记\n\n没有 front matter 的笔记。\n",
    })
    site = build_project(root)

    def h1s(slug: str) -> list[str]:
        return [h.get_text(" ", strip=True) for h in site.page(f"/articles/{slug}/").find_all("h1")]

    intro = site.page("/articles/intro/")
    assert h1s("intro") == ["TiDB 简介"]
    assert [a.get_text(strip=True) for a in intro.select(".toc a")] == ["架构", "部署", "运维"]
    assert intro.select_one(".doc-body").get_text(" ", strip=True).startswith("TiDB 是一个分布式数据库。")
    assert h1s("calibrate") == ["CALIBRATE RESOURCE"]
    assert h1s("other") == ["短标题", "一个更长的标题"]
    assert h1s("untitled") == ["无题笔记"]
    assert "无题笔记" in [a.get_text(strip=True) for a in site.page("/articles/").select(".doc-title")]
