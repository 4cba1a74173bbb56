"""Documents in two languages and the interface in the site's: a zh/en pair of documents
linked both ways (language switch, hreflang in the head and the sitemap), each page's
languages right, lists showing one version; the seed site built in English, every page's
interface text scanned for Chinese and for wrong plurals."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from site_builder.build import check_content
from site_builder.diagnostics import Reporter
from tests.conftest import Built, build_project, make_project
from tests.web import needs_chromium, serve

ZH_DOC = """---
title: 开源模型的新进展
date: 2025-06-01
tags: [开源]
translation_key: open-models
---
开源模型正在追上闭源模型。
"""
EN_DOC = """---
title: Progress of open models
date: 2025-06-02
lang: en
tags: [开源, open weights]
translationKey: open-models
---
Open models are catching up with closed ones.
"""
# named by `translations:` instead of a shared key
FR_DOC = """---
title: Les modèles ouverts
date: 2025-06-03
lang: fr
translations: [news/zh.md]
---
Les modèles ouverts rattrapent les modèles fermés.
"""
ALONE = """---
title: 另一篇
date: 2025-05-01
tags: [开源]
---
正文。
"""


@pytest.fixture(scope="module")
def pair(tmp_path_factory) -> Built:
    project = make_project(tmp_path_factory.mktemp("pair"), {
        "news/zh.md": ZH_DOC, "news/en.md": EN_DOC, "news/fr.md": FR_DOC, "alone.md": ALONE})
    return build_project(project)


def _alternates(page: BeautifulSoup) -> dict[str, str]:
    return {link["hreflang"]: link["href"] for link in page.select('head link[rel="alternate"][hreflang]')}


def _path(built: Built, href: str) -> str:
    """The site path an absolute or root-relative link leads to."""
    return re.sub(r"^https://example\.org", "", href)


def test_front_matter_keys_are_known(pair: Built) -> None:
    messages = [str(d) for d in pair.report.diagnostics]
    assert not [m for m in messages if "unknown front matter key" in m], messages


def test_each_version_links_to_every_other_both_ways(pair: Built) -> None:
    pages = {slug: pair.page(f"articles/{slug}/") for slug in ("zh", "en", "fr")}
    langs = {"zh": "zh-CN", "en": "en", "fr": "fr"}
    for slug, page in pages.items():
        # the head names every version, itself too, at its absolute URL
        assert {lang: _path(pair, href) for lang, href in _alternates(page).items()} == \
            {lang: f"/articles/{other}/" for other, lang in langs.items()}
        # the switch in the page leads to each other version, which names this one back
        switch = page.select_one("nav.lang-switch")
        links = {a["hreflang"]: a["href"] for a in switch.select("a[hreflang]")}
        assert set(links) == {lang for other, lang in langs.items() if other != slug}
        for lang, href in links.items():
            other = pair.page(href)
            assert other.select_one(".doc-body")["lang"] == lang
            back = {a["hreflang"]: a["href"] for a in other.select("nav.lang-switch a[hreflang]")}
            assert back[langs[slug]] == f"/articles/{slug}/"
        assert switch.select_one('[aria-current="page"]')["lang"] == langs[slug]
    assert [a.get_text() for a in pages["zh"].select("nav.lang-switch a")] == ["English", "français"]


def test_content_language_and_interface_language(pair: Built) -> None:
    en = pair.page("articles/en/")
    assert en.html["lang"] == "zh-CN"  # the interface: the site's language
    assert en.select_one("h1")["lang"] == en.select_one(".doc-body")["lang"] == "en"
    zh = pair.page("articles/zh/")
    assert zh.select_one(".doc-body")["lang"] == "zh-CN"


def test_lists_show_one_version_the_others_reachable(pair: Built) -> None:
    for url in ("", "articles/", "tags/开源/"):
        page = pair.page(url)
        titles = [a.get_text() for a in page.select("a.doc-title")]
        assert titles.count("开源模型的新进展") == 1, url
        assert "Progress of open models" not in titles and "Les modèles ouverts" not in titles, url
        item = next(a for a in page.select("a.doc-title") if a.get_text() == "开源模型的新进展").parent
        assert {a["hreflang"]: a["href"] for a in item.select("a.doc-version")} == \
            {"en": "/articles/en/", "fr": "/articles/fr/"}, url
        assert "另一篇" in titles, url
    assert pair.page("tags/开源/").select_one(".count-line").get_text() == "2 篇文章"


def test_a_list_only_another_version_is_in_shows_that_version(pair: Built) -> None:
    titles = [a.get_text() for a in pair.page("tags/open-weights/").select("a.doc-title")]
    assert titles == ["Progress of open models"]


def test_a_documents_own_versions_are_not_its_related_documents(pair: Built) -> None:
    for slug in ("zh", "en"):
        related = [a["href"] for a in pair.page(f"articles/{slug}/").select(".related a.doc-title")]
        assert "/articles/alone/" in related  # it shares the tag 开源
        assert not {"/articles/zh/", "/articles/en/", "/articles/fr/"} & set(related), slug


def test_sitemap_names_the_versions(pair: Built) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(pair.out / "sitemap.xml").getroot()
    entries = {u.findtext("s:loc", namespaces=ns): {x.get("hreflang"): x.get("href")
                                                    for x in u.findall("x:link", ns)}
               for u in root.findall("s:url", ns)}
    every = {"zh-CN": "https://example.org/articles/zh/", "en": "https://example.org/articles/en/",
             "fr": "https://example.org/articles/fr/"}
    for url in every.values():
        assert entries[url] == every
    assert entries["https://example.org/articles/alone/"] == {}


def test_a_wrong_language_tag_is_a_warning(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"x.md": "---\ntitle: X\nlang: not a language\n---\nText.\n"})
    diagnostics = check_content_diagnostics(project)
    assert any("x.md" in d and "lang must be a language tag" in d for d in diagnostics), diagnostics


def check_content_diagnostics(project: Path) -> list[str]:
    from site_builder.config import load_config

    reporter = Reporter(strict=False, stream=None)
    check_content(load_config(project), reporter)
    return [str(d) for d in reporter.items]


# --- the interface in English ----------------------------------------------------------------

CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
# an English plural after 1, a singular after any other number
WRONG_PLURAL = re.compile(r"\b(?:1 (?:documents|sources|mentions|articles)|(?:0|[2-9]|\d\d+) "
                          r"(?:document|source|mention|article)\b(?!s))")
# what writers wrote, not the interface: the bodies, and the passages pages quote from them
CONTENT = ".doc-body, .entity-body, .mention, mark, .src-raw, .citing, blockquote, script, style"


@pytest.fixture(scope="module")
def english(tmp_path_factory) -> Built:
    return build_project(make_project(tmp_path_factory.mktemp("seed-en"), seeds=True), language="en")


def _content_strings(built: Built) -> list[str]:
    """Every string of the content a page may show (titles, names, tags, sources...), longest first."""
    linked = check_content(built.config, Reporter(strict=False, stream=None))
    found: set[str] = set()
    for doc in linked.documents:
        found |= {doc.title, doc.summary, doc.source or "", *doc.tags, *doc.topics, *doc.authors}
        for note in linked.bodies[doc.rel].notes:
            c = note.citation
            found |= {c.raw, c.title or "", c.publisher or "", c.author or ""}
    for entity in linked.registry.entities.values():
        found |= {*entity.names, entity.description, *(role.title or "" for role in entity.roles)}
    return sorted((s for s in found if s), key=len, reverse=True)


def _interface_text(page: BeautifulSoup, content: list[str]) -> str:
    for element in page.select(CONTENT):
        element.decompose()
    for element in page.select("[lang]"):
        if element is not page.html and not element["lang"].startswith("en"):
            element.decompose()
    parts = [page.get_text(" ")]
    parts += [el[attr] for attr in ("aria-label", "title", "placeholder", "alt") for el in page.select(f"[{attr}]")]
    text = " ".join(parts)
    for s in content:
        text = text.replace(s, " ")
    return text


def test_english_interface_has_no_chinese_and_right_plurals(english: Built) -> None:
    content = _content_strings(english)
    pages = sorted(english.out.rglob("*.html"))
    assert len(pages) > 50
    problems = []
    for path in pages:
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert page.html["lang"] == "en", path
        text = _interface_text(page, content)
        for found in {*CHINESE.findall(text), *WRONG_PLURAL.findall(text)}:
            problems.append((path.relative_to(english.out).as_posix(), found))
    assert not problems, problems[:30]


def test_english_interface_words(english: Built) -> None:
    tag = english.page("tags/deepseek/")
    assert tag.title.get_text().startswith("Tag: DeepSeek")
    source = english.page("articles/003_175542bd12a56448/").select_one(".doc-source").get_text()
    assert source.startswith("Source: ")
    # an entity registered by its Chinese name is shown by its English alias, the Chinese one kept
    kai_fu = english.page("people/kai-fu-lee/")
    assert kai_fu.h1.get_text() == "Kai-Fu Lee"
    assert "李开复" in kai_fu.select_one(".aliases").get_text()
    assert ", " in kai_fu.select_one(".aliases").get_text() and "、" not in kai_fu.select_one(".aliases").get_text()
    counts = [c.get_text() for c in english.page("citations/").select(".count")]
    assert "1 source" in counts and "1 sources" not in counts


@needs_chromium
def test_the_language_switch_in_chromium(browser, pair: Built) -> None:
    """A reader on the Chinese version clicks English: the English page, its body read as
    English by the browser, with the way back."""
    with serve(pair.out) as origin:
        page = browser.new_page()
        page.goto(f"{origin}/articles/zh/")
        page.get_by_role("navigation", name="其他语言").get_by_role("link", name="English").click()
        page.wait_for_url(f"{origin}/articles/en/")
        assert page.locator("h1").inner_text() == "Progress of open models"
        assert page.locator(".doc-body").evaluate("e => e.closest('[lang]').lang") == "en"
        assert page.locator("nav.lang-switch [aria-current=page]").inner_text() == "English"
        page.get_by_role("navigation", name="其他语言").get_by_role("link", name="中文").click()
        page.wait_for_url(f"{origin}/articles/zh/")
        page.close()


def test_the_dev_servers_error_page_is_in_the_sites_language() -> None:
    from site_builder.diagnostics import Diagnostic
    from site_builder.serve import ServerState, error_page

    state = ServerState(errors=[Diagnostic("error", "a.md", 3, "title must be text, not a list")])
    for language, heading in (("zh-CN", "网站未能构建"), ("en", "The site could not be built")):
        page = BeautifulSoup(error_page(state, language), "html.parser")
        assert page.html["lang"] == language and page.h1.get_text() == heading
        assert page.select_one("ul code").get_text() == "a.md:3: error: title must be text, not a list"


def test_machine_readable_pages_carry_each_documents_language(pair: Built) -> None:
    """JSON-LD's inLanguage and a feed entry's xml:lang are the document's, not the site's."""
    def in_language(path: str) -> str:
        data = [json.loads(s.string) for s in pair.page(path).select('script[type="application/ld+json"]')]
        return next(d["inLanguage"] for d in data if "headline" in d)

    assert in_language("articles/en/") == "en" and in_language("articles/zh/") == "zh-CN"
    feed = ET.parse(pair.out / "tags/open-weights/feed.xml").getroot()
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert feed.get(xml_lang) == "zh-CN"
    entries = feed.findall("{http://www.w3.org/2005/Atom}entry")
    assert [e.get(xml_lang) for e in entries] == ["en"]
