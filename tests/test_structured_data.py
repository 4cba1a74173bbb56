"""Machine-readable pages: every document and entity page of the seed site read by a real
structured-data extractor (extruct: JSON-LD and Open Graph) and checked against the page a
reader sees and the registry's files; the feeds of tags, topics and entities found through
their pages' <link rel="alternate"> and read by a feed parser (feedparser); JSON-LD that holds
a writer's `</script>` still parses to the text; `check` reads every feed's links; a side-note
shown once for consecutive blocks."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

import extruct
import feedparser
import pytest
from bs4 import BeautifulSoup

from site_builder.check import check
from site_builder.diagnostics import Reporter
from site_builder.registry import load_registry
from tests.conftest import ROOT, SEED_000, SEED_003, Built, build_project, make_project

SITE = "https://example.org/"
TYPES = {"people": "Person", "companies": "Organization", "products": "Product", "topics": "Thing"}
ATOM = "{http://www.w3.org/2005/Atom}"


def extract(built: Built, rel: str) -> tuple[BeautifulSoup, list[dict], dict]:
    """The page at rel (a file under the output), its JSON-LD items and its Open Graph properties."""
    html = (built.out / rel).read_text(encoding="utf-8")
    data = extruct.extract(html, base_url=SITE + rel, syntaxes=["json-ld", "opengraph"], uniform=True)
    og = data["opengraph"][0] if data["opengraph"] else {}
    return BeautifulSoup(html, "html.parser"), data["json-ld"], og


def local(built: Built, url: str) -> Path:
    """The output file an absolute URL of the site is served from (it must exist)."""
    assert url.startswith(SITE), url
    path = unquote(urlsplit(url).path).lstrip("/")
    file = built.out / (path + "index.html" if not path or path.endswith("/") else path)
    assert file.is_file(), url
    return file


def document_pages(built: Built) -> list[str]:
    return sorted(p.relative_to(built.out).as_posix() for p in built.out.glob("articles/*/index.html")
                  if p.parent.name != "page")


def entity_pages(built: Built) -> list[str]:
    return sorted(p.relative_to(built.out).as_posix() for section in TYPES
                  for p in built.out.glob(f"{section}/*/index.html"))


def test_every_document_page_describes_itself_as_an_article(seed_site: Built) -> None:
    registry, _ = load_registry(ROOT / "content")
    websites = {e.name: e.website for e in registry.entities.values()}
    pages = document_pages(seed_site)
    assert pages == sorted([f"articles/{SEED_000}/index.html", f"articles/{SEED_003}/index.html"])
    for rel in pages:
        soup, items, og = extract(seed_site, rel)
        assert len(items) == 1, rel
        item = items[0]
        assert item["@type"] == "Article"  # neither seed says `type: news`
        assert item["headline"] == soup.h1.get_text()
        canonical = soup.find("link", rel="canonical")["href"]
        assert item["url"] == item["mainEntityOfPage"] == og["og:url"] == canonical
        # the date as the page shows it, to the precision the writer gave
        shown = soup.select_one(".doc-meta time")["datetime"]
        assert item["datePublished"] == shown == og["article:published_time"]
        assert item["publisher"] == {"@type": "Organization", "name": "Test KB", "url": SITE}
        assert og["og:title"] == soup.h1.get_text() and og["@type"] == "article"
        # about: the topics the page files it under, linked to their pages
        topics = [(a.get_text(), SITE + a["href"].lstrip("/")) for a in soup.select(".doc-topics a")]
        assert [(t["name"], t["url"]) for t in item["about"]] == topics
        # mentions: the entities the page lists as named in it, each with its page and website
        named = {a.get_text() for a in soup.select(".in-article a.entity")}
        assert {m["name"] for m in item["mentions"]} == named
        for m in item["mentions"]:
            local(seed_site, m["url"])
            assert m.get("sameAs") == websites[m["name"]]
    # a year-only date stays a year
    assert extract(seed_site, f"articles/{SEED_003}/index.html")[1][0]["datePublished"] == "2026"


def test_seed_000_cites_each_source_of_its_notes_once(seed_site: Built) -> None:
    soup, items, _ = extract(seed_site, f"articles/{SEED_000}/index.html")
    cited = items[0]["citation"]
    notes = soup.select("section.notes .src")
    assert [c["name"] for c in cited] == [n.select_one(".src-title").get_text() for n in notes]
    assert [c["publisher"]["name"] for c in cited] == [n.select_one(".src-publisher").get_text() for n in notes]
    assert [c["datePublished"] for c in cited] == [n.select_one(".src-published time")["datetime"] for n in notes]
    # a registered publisher is named by its page and its website
    kr = cited[1]["publisher"]
    assert kr["@type"] == "Organization" and kr["sameAs"] == "https://36kr.com/"
    assert local(seed_site, kr["url"]).parent.name == "36kr"
    assert cited[0]["author"]["name"] == "博阳" and cited[0]["author"]["@type"] == "Person"


def test_every_entity_page_describes_its_entity(seed_site: Built) -> None:
    registry, _ = load_registry(ROOT / "content")
    pages = entity_pages(seed_site)
    assert len(pages) > 30
    for rel in pages:
        soup, items, _ = extract(seed_site, rel)
        assert len(items) == 1, rel
        item = items[0]
        section = rel.split("/")[0]
        assert item["@type"] == TYPES[section], rel
        assert item["name"] == soup.h1.get_text()
        assert item["url"] == soup.find("link", rel="canonical")["href"]
        lede = soup.select_one("header .lede")
        assert item.get("description") == (lede.get_text() if lede else None)
        website = soup.select_one("dl.facts a[rel=external]")
        assert item.get("sameAs") == (website["href"] if website else None), rel
        entity = registry.lookup(item["name"])
        if entity is not None:  # a registry file's: its aliases as alternate names
            assert item.get("alternateName", []) == [a for a in entity.aliases if a != entity.name]
    kai_fu = extract(seed_site, "people/kai-fu-lee/index.html")[1][0]
    assert "Kai-Fu Lee" in kai_fu["alternateName"]


def _feed_of(built: Built, rel: str) -> tuple[BeautifulSoup, feedparser.FeedParserDict, Path]:
    soup = BeautifulSoup((built.out / rel).read_text(encoding="utf-8"), "html.parser")
    links = [link for link in soup.find_all("link", rel="alternate", type="application/atom+xml")
             if link["href"] != "/feed.xml"]
    assert len(links) == 1, rel
    path = local(built, SITE + links[0]["href"].lstrip("/"))
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, (rel, parsed.get("bozo_exception"))
    assert parsed.version == "atom10"
    return soup, parsed, path


@pytest.mark.parametrize("rel", ["tags/deepseek/index.html", "topics/ai-agents/index.html",
                                 "people/kai-fu-lee/index.html", "companies/openai/index.html"])
def test_tag_topic_and_entity_pages_link_their_own_feed(seed_site: Built, rel: str) -> None:
    soup, parsed, path = _feed_of(seed_site, rel)
    page = SITE + rel.removesuffix("index.html")
    assert parsed.feed.link == page
    assert any(link.rel == "self" and local(seed_site, link.href) == path for link in parsed.feed.links)
    # its entries are the dated documents the page lists, newest first
    listed = [a.get_text() for a in soup.select(".doclist .doc-title, .mention-list .doc-title")]
    assert [e.title for e in parsed.entries] == listed and listed
    for entry in parsed.entries:
        local(seed_site, entry.link)
    # and a reader sees it: a link in the page's text, to the same feed
    shown = soup.select('main a[type="application/atom+xml"]')
    assert len(shown) == 1 and local(seed_site, SITE + shown[0]["href"].lstrip("/")) == path
    assert shown[0].get_text(strip=True)


def test_every_tag_topic_and_entity_feed_parses(seed_site: Built) -> None:
    pages = [*entity_pages(seed_site), *(p.relative_to(seed_site.out).as_posix()
                                         for p in seed_site.out.glob("tags/*/index.html"))]
    for rel in pages:
        _feed_of(seed_site, rel)


def test_a_year_only_date_is_no_invented_publication_instant(seed_site: Built) -> None:
    feed = ET.parse(seed_site.out / "feed.xml").getroot()
    entries = {e.findtext(f"{ATOM}title"): e for e in feed.iter(f"{ATOM}entry")}
    interview = entries["开源是实现主权AI的第三条路"]  # dated 2026 by its sidecar
    assert interview.find(f"{ATOM}published") is None
    assert interview.findtext("{http://purl.org/dc/elements/1.1/}date") == "2026"
    assert interview.findtext(f"{ATOM}updated") == "2026-01-01T00:00:00Z"  # required: the period's start
    news = entries["开源浪潮席卷AI：基础模型“护城河”消弭，价值转向应用深水区"]
    assert news.findtext(f"{ATOM}published") == "2025-06-25T09:10:04+08:00"


HOSTILE = "</script><script>alert(1)</script>"


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Built:
    return build_project(make_project(tmp_path_factory.mktemp("structured"), {
        "news.md": f"---\ntitle: 'News {HOSTILE} & <b>'\ntype: news\ndate: 2025-06-25\nlastmod: 2025-07\n"
                   "author: [Sam Altman, Ann]\nfeatured_image: cover.png\nsummary: 'a <!-- b'\n---\n"
                   "OpenAI 发布了新模型。\n",
        "cover.png": b"\x89PNG\r\n\x1a\n",
        "people/sam-altman.md": "---\nname: Sam Altman\naliases: [山姆·奥特曼]\n"
                                f"description: '{HOSTILE}'\nwebsite: https://blog.samaltman.com/\n---\n",
        "companies/openai.md": "---\nname: OpenAI\nwebsite: https://openai.com/\n---\n",
        "cites.md": "---\ntitle: Cites\ndate: 2025-01-01\n---\n"
                    "One.[^a]\n\nTwo.[^a]\n\nThree.[^a]\n\nFour.[^b]\n\nFive.[^a]\n\n## Later\n\nSix.[^a]\n\n"
                    "[^a]: Report A·OpenAI·Ann（2025/1/1）\n[^b]: Report B·OpenAI·Bo（2025/1/2）\n",
    }))


def test_hostile_text_stays_inside_the_json_ld(small: Built) -> None:
    assert small.report.errors == 0
    html = (small.out / "articles/news/index.html").read_text(encoding="utf-8")
    soup, items, og = extract(small, "articles/news/index.html")
    assert [s.get("type") for s in soup.find_all("script") if s.get("type") != "application/json"
            and s.get("src") is None] == ["application/ld+json"]  # no script the title opened
    text = html.split('type="application/ld+json">')[1].split("</script>")[0]
    assert "alert(1)" in text and not {"<", ">", "&"} & set(text)  # the writer's markup as \u escapes
    item = items[0]
    assert item["headline"] == f"News {HOSTILE} & <b>"
    assert item["@type"] == "NewsArticle"  # `type: news`, a key of the schema's, not an unknown one
    assert not [d for d in small.reporter.items if "unknown front matter key" in d.message]
    assert item["datePublished"] == "2025-06-25" and item["dateModified"] == "2025-07"
    assert og["article:published_time"] == "2025-06-25" and og["article:modified_time"] == "2025-07"
    assert og["og:image"] == item["image"] == SITE + "cover.png"
    local(small, og["og:image"])
    assert item["author"] == [
        {"@type": "Person", "name": "Sam Altman", "url": SITE + "people/sam-altman/", "sameAs": "https://blog.samaltman.com/"},
        {"@type": "Person", "name": "Ann"}]
    person = extract(small, "people/sam-altman/index.html")[1][0]
    assert person["description"] == HOSTILE and person["alternateName"] == ["山姆·奥特曼"]
    # the same JSON a plain parser reads from the script's text
    raw = BeautifulSoup(html, "html.parser").find("script", type="application/ld+json").string
    assert json.loads(raw) == item


def test_a_source_cited_by_consecutive_blocks_is_shown_beside_the_first(small: Built) -> None:
    page = BeautifulSoup((small.out / "articles/cites/index.html").read_text(encoding="utf-8"), "html.parser")
    body = page.select_one(".doc-body")
    shown = [s.get_text() for s in body.select("aside.sidenotes .sn-number")]
    # One, Two, Three cite [^a]: once; Four cites [^b]; Five [^a] again after another source; Six follows Five
    assert shown == ["1", "2", "1"]
    beside = [side.find_next_sibling().get_text() for side in body.select("aside.sidenotes")]
    assert beside == ["One.1", "Four.2", "Five.1"]
    # every citing place still has its reference and its back-link in the notes list
    assert len(body.select("sup.cite a.cite-link")) == 6
    assert len(page.select("section.notes li#note-1 .backref")) == 5


def test_check_reads_the_links_of_every_feed(small: Built) -> None:
    assert check(small.config, Reporter(stream=None)).errors == []
    feed = small.out / "companies/openai/feed.xml"
    good = feed.read_text(encoding="utf-8")
    feed.write_text(good.replace("articles/news/", "articles/gone/"), encoding="utf-8")
    try:
        errors = check(small.config, Reporter(stream=None)).errors
    finally:
        feed.write_text(good, encoding="utf-8")
    assert [(e.path, e.message) for e in errors] == [
        ("public/companies/openai/feed.xml",
         f"{SITE}articles/gone/ is listed but public/articles/gone/index.html does not exist")]
