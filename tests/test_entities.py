"""People, companies and topics: registry, mention detection and entity pages, checked
on the built site as a reader follows the links."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from site_builder.markdown import RenderContext, render
from site_builder.mentions import Matcher
from site_builder.registry import Entity, Registry
from tests.conftest import SEED_000, SEED_003, Built, build_project, make_project


def entity_links(site: Built, slug: str) -> dict[str, str]:
    """Entity links in a document's body: href -> link text."""
    page = site.page(f"articles/{slug}/")
    return {unquote(a["href"]): a.get_text() for a in page.select(".doc-body a.entity")}


def test_seed_000_links_people_and_companies(seed_site: Built) -> None:
    links = entity_links(seed_site, SEED_000)
    for href in ["/people/jim-zemlin/", "/people/sam-altman/", "/people/linus-torvalds/",
                 "/companies/openai/", "/companies/anthropic/", "/companies/deepseek/",
                 "/companies/linux-foundation/"]:
        assert href in links, href
    assert links["/people/sam-altman/"] == "萨姆·奥特曼"  # written so in the text
    assert links["/people/linus-torvalds/"] == "林纳斯·托瓦兹"


def test_seed_003_links_kai_fu_lee_01ai_deepseek(seed_site: Built) -> None:
    links = entity_links(seed_site, SEED_003)
    assert links["/people/kai-fu-lee/"] == "李开复"
    assert links["/companies/01-ai/"] == "零一万物"
    assert "/companies/deepseek/" in links
    page = seed_site.page(f"articles/{SEED_003}/")
    spans = [s.get_text() for s in page.select('.doc-body [data-entity="company:deepseek"]')]
    assert "深度求索" in spans  # DeepSeek（深度求索）: both spellings are the one company


def test_only_first_mention_is_a_link_and_links_carry_descriptions(seed_site: Built) -> None:
    page = seed_site.page(f"articles/{SEED_000}/")
    zemlin = page.select('.doc-body [data-entity="person:jim-zemlin"]')
    assert len(zemlin) > 5
    assert zemlin[0].name == "a" and all(z.name == "span" for z in zemlin[1:])
    assert zemlin[0]["title"]


def test_entity_pages_list_both_seeds_with_context(seed_site: Built) -> None:
    for slug in ["openai", "anthropic", "deepseek"]:
        page = seed_site.page(f"companies/{slug}/")
        items = page.select(".mention-list > li")
        titles = [li.select_one("a.doc-title").get_text() for li in items]
        assert len(titles) == 2, slug
        for li in items:
            context = li.select_one("blockquote.context")
            assert context.find("mark").get_text()  # the mention, highlighted
            assert len(context.get_text()) > 10
            link = li.select_one("a.in-context")["href"]
            doc_url, anchor = link.split("#")
            target = BeautifulSoup((seed_site.out / unquote(doc_url).strip("/") / "index.html")
                                   .read_text(encoding="utf-8"), "html.parser")
            assert target.find(id=anchor)["data-entity"] == f"company:{slug}"


def test_kai_fu_lee_and_01ai_link_both_ways(seed_site: Built) -> None:
    person = seed_site.page("people/kai-fu-lee/")
    assert person.select_one('.facts a[href="/companies/01-ai/"]')
    company = seed_site.page("companies/01-ai/")
    assert company.select_one('.facts a[href="/people/kai-fu-lee/"]')


def test_no_entity_link_in_headings_or_code(seed_site: Built, tmp_path: Path) -> None:
    for slug in (SEED_000, SEED_003):
        page = seed_site.page(f"articles/{slug}/")
        for heading in page.select(".doc-body h1, .doc-body h2, .doc-body h3"):
            assert not heading.select("[data-entity]"), heading
    site = build_project(make_project(tmp_path, {
        "t.md": "---\ntitle: T\n---\n## OpenAI 标题\n\n`OpenAI` and [OpenAI](https://openai.com).\n"}, seeds=False))
    body = site.page("articles/t/").find(class_="doc-body")
    assert not body.select("[data-entity]")


def test_meta_is_not_found_inside_metadata(tmp_path: Path) -> None:
    registry = Registry()
    registry.add(Entity("company", "meta", "Meta"))
    matcher = Matcher(registry)
    assert matcher.find("Metadata and metadata and meta") == []
    assert [(m.start, m.end) for m in matcher.find("Meta的Llama, Meta.")] == [(0, 4), (12, 16)]


def test_longest_match_wins_and_cjk_substrings_match() -> None:
    registry = Registry()
    registry.add(Entity("company", "microsoft", "微软"))
    registry.add(Entity("company", "msra", "微软亚洲研究院"))
    found = Matcher(registry).find("他开创了微软亚洲研究院，后来离开微软。")
    assert [(m.entity, m.start, m.end) for m in found] == [("company:msra", 4, 11), ("company:microsoft", 16, 18)]


def test_ambiguous_alias_needs_an_unambiguous_mention() -> None:
    registry = Registry()
    registry.add(Entity("person", "sam-altman", "Sam Altman", ambiguous_aliases=["奥特曼"]))
    ctx = RenderContext(matcher=Matcher(registry), entities=registry.entities)
    assert render("孩子们喜欢奥特曼。", ctx).mentions == []
    body = render("Sam Altman说话了。奥特曼表示同意。", ctx)
    assert body.mention_counts == {"person:sam-altman": 2}
    assert [m.sentence for m in body.mentions] == ["Sam Altman说话了。"]  # one kept, for his page
    assert 'id="m-sam-altman-2"' in body.html


def test_the_mention_kept_for_an_entity_page_is_the_first_in_a_real_sentence() -> None:
    registry = Registry()
    registry.add(Entity("person", "sam-altman", "Sam Altman"))
    ctx = RenderContext(matcher=Matcher(registry), entities=registry.entities)
    byline = "Sam Altman\n\n今天Sam Altman发布了新模型。Sam Altman还说了别的。"
    assert [(m.n, m.sentence) for m in render(byline, ctx).mentions] == [(2, "今天Sam Altman发布了新模型。")]
    only_bare = "Sam Altman\n\n- Sam Altman\n"
    assert [(m.n, m.sentence) for m in render(only_bare, ctx).mentions] == [(1, "Sam Altman")]


def test_index_pages_list_entities_with_counts(seed_site: Built) -> None:
    people = seed_site.page("people/")
    rows = {a.get_text(): a.find_next(class_="count").get_text() for a in people.select(".entity-index a")}
    assert rows["李开复"].startswith("1")
    companies = seed_site.page("companies/")
    rows = {a.get_text(): a.find_next(class_="count").get_text() for a in companies.select(".entity-index a")}
    assert rows["OpenAI"].startswith("2")
    assert seed_site.page("topics/").select(".entity-index a")


def test_entity_page_co_mentions_tags_and_timeline(seed_site: Built) -> None:
    page = seed_site.page("companies/openai/")
    co = [a.get_text() for a in page.select(".co-mentions a")]
    assert "Anthropic" in co and "DeepSeek" in co
    assert page.select(".taxa a")  # tags of the documents that mention it
    chart = page.select_one("svg.timeline-chart")
    # June 2025 and a PDF dated 2026 only: a month axis to the end of 2026, the year-only date a bracket
    # the axis starts in June 2025, and says so: a year alone would read as January
    assert [t.get_text() for t in chart.select("text.label")] == ["2025年6月", "2026"]
    assert len(chart.select("rect.bar")) == 1
    assert chart.select_one("g.year-only title").get_text() == "2026年：1 篇只注明年份"
    assert chart.find("desc").get_text().startswith("柱状图")  # read out with every count


def test_document_panel_and_related_articles(seed_site: Built) -> None:
    page = seed_site.page(f"articles/{SEED_000}/")
    panel = page.select_one(".in-article")
    names = [a.get_text() for a in panel.select("a.entity")]
    assert "Jim Zemlin" in names and "OpenAI" in names
    related = [a.get_text() for a in page.select(".related a.doc-title")]
    assert related == ["开源是实现主权AI的第三条路"]


def test_tags_that_are_aliases_link_to_the_entity(seed_site: Built) -> None:
    page = seed_site.page(f"articles/{SEED_000}/")
    hrefs = [a["href"] for a in page.select(".doc-tags a.tag-entity-link")]
    assert "/people/jim-zemlin/" in hrefs and "/companies/deepseek/" in hrefs
    tag_page = seed_site.page("tags/jim-zemlin/")
    assert tag_page.select_one('.tag-entity a[href="/people/jim-zemlin/"]')


def test_main_topics_become_topic_pages(seed_site: Built) -> None:
    page = seed_site.page("topics/data-and-open-source-ecosystem/")
    assert page.find("h1").get_text() == "数据与开源生态"
    assert len(page.select(".mention-list > li")) == 2


def test_context_prefers_a_real_sentence_over_a_byline(seed_site: Built) -> None:
    page = seed_site.page("people/kai-fu-lee/")
    context = page.select_one(".mention-list blockquote.context").get_text()
    assert len(context) > 20 and "零一万物" in context


def test_one_instant_written_in_two_time_zones_shows_each_as_written(tmp_path: Path) -> None:
    """The date next to each listed document is the document's own: two documents of the
    same instant, one dated in +08:00 and one in UTC, are not shown with one date."""
    files = {
        "a.md": "---\ntitle: 北京时间\ndate: 2025-06-25T09:00:00+08:00\n---\nOpenAI发布了新模型。\n",
        "b.md": "---\ntitle: 世界时\ndate: 2025-06-25T01:00:00+00:00\n---\nOpenAI又发布了新模型。\n",
    }
    site = build_project(make_project(tmp_path / "kb", files, seeds=True), page_size=20)  # all on one page
    page = site.page("companies/openai/")
    dates = {li.select_one(".doc-title").get_text(): li.select_one("time")["datetime"]
             for li in page.select(".mention-list > li")}
    assert dates["北京时间"] == "2025-06-25T09:00:00+08:00"
    assert dates["世界时"] == "2025-06-25T01:00:00+00:00"


@pytest.mark.parametrize("mask_bits", [8192, 100])  # bit planes; and counted, for lists reaching far back
def test_related_documents_share_the_most_entities_and_tags_newest_first(mask_bits: int, monkeypatch) -> None:
    """related(): the documents sharing the most with a document, an entity weighing 2 and a
    tag 1, ties newest first, each list read up to its RELATED_SCAN newest documents;
    checked against that rule computed the plain way, on a random corpus."""
    import random
    from collections import Counter
    from datetime import datetime, timedelta

    from site_builder import index as index_module
    from site_builder.index import RELATED_SCAN, RELATED_SHOWN, build_index

    monkeypatch.setattr(index_module, "MASK_BITS", mask_bits)
    from site_builder.mentions import Mention
    from site_builder.model import Document, RenderedBody, When

    rng = random.Random(6)
    registry = Registry()
    keys = []
    for i in range(12):
        registry.add(Entity("company", f"c{i}", f"公司{i}"))
        keys.append(f"company:c{i}")
    start = datetime(2024, 1, 1)
    docs, bodies = [], {}
    for i in range(160):  # more documents per list than RELATED_SCAN, and days that repeat (ties)
        rel = f"d{i:03}.md"
        docs.append(Document(rel, f"d{i:03}", f"文{i}", "", date=When(start + timedelta(days=i // 3)),
                             tags=rng.sample([f"标签{t}" for t in range(9)], rng.randint(0, 3))))
        bodies[rel] = RenderedBody("", mentions=[Mention(k, 1, b"", 0, 1) for k in rng.sample(keys, rng.randint(0, 4))])
    index = build_index(docs, bodies, registry)
    newest = index.documents
    assert len({id(d) for d in newest}) == len(newest) > RELATED_SCAN

    def expected(doc: Document) -> list[str]:
        lists = [(2, [d for d in newest if any(m.entity == m0.entity for m in bodies[d.rel].mentions)])
                 for m0 in bodies[doc.rel].mentions]
        lists += [(1, [d for d in newest if tag in d.tags]) for tag in doc.tags]
        scores: Counter[int] = Counter()
        for weight, members in lists:
            for d in members[:RELATED_SCAN]:
                scores[newest.index(d)] += weight
        scores.pop(newest.index(doc), None)
        ranked = sorted(scores, key=lambda position: (-scores[position], position))
        return [newest[p].rel for p in ranked[:RELATED_SHOWN]]

    checked = 0
    for doc in newest:
        assert [d.rel for d in index.related(doc)] == expected(doc), doc.rel
        checked += bool(expected(doc))
    assert checked > 100  # most documents have related ones
    assert (None in index._masks.values()) == (mask_bits < len(newest))  # both ways were taken


def test_an_index_page_counts_what_each_entity_page_lists(tmp_path: Path) -> None:
    """The count beside a topic on topics/ is the number of documents its pages list (a page
    of 3 here, followed by rel=next): those filed under it and those mentioning it, once each."""
    from tests.conftest import build_project, make_project

    doc = "---\ntitle: {title}\ndate: 2025-01-0{day}\n{topics}---\n\n{body}\n"
    files = {"topics/agents.md": "---\nname: AI智能体\naliases:\n  - 智能体\n---\n\n自主调用工具的系统。\n"}
    for day, (topics, body) in enumerate([("topics: [AI智能体]\n", "智能体在增长。"),  # filed and mentioned
                                          ("topics: [AI智能体]\n", "没有提到。"),  # filed only
                                          ("", "智能体一。"), ("", "智能体二。"), ("", "别的话题。")], start=1):
        files[f"d{day}.md"] = doc.format(title=f"文{day}", day=day, topics=topics, body=body)
    built = build_project(make_project(tmp_path, files))
    assert not built.reporter.errors

    index = built.page("topics/")
    link = next(a for a in index.select(".entity-index a") if a.get_text() == "AI智能体")
    assert link.find_next(class_="count").get_text().split()[0] == "4"
    listed, href = [], link["href"]
    while href:
        page = built.page(unquote(href)[len(built.config.base_path):])
        listed += [li.find("a").get_text() for li in page.select(".mention-list > li")]
        href = (page.select_one(".pagination a[rel=next]") or {}).get("href")
    assert sorted(listed) == ["文1", "文2", "文3", "文4"]


def test_every_mention_linked_holds_each_description_once(tmp_path: Path) -> None:
    """With entity_links: every, each mention is a link with its name, and only the first
    carries the entity's description (a title, for readers without the hover card): a
    document naming an entity a thousand times does not repeat its description a thousand
    times. The page holds the description as often as with only the first linked."""
    description = "一家在文档里被反复提到的公司，描述只出现一次。"
    files = {"companies/acme.md": f"---\nname: 艾克米\ndescription: {description}\n---\n",
             "people/bo.md": "---\nname: 波波\ndescription: 艾克米的创始人。\n---\n",
             "d.md": "---\ntitle: 多次提到\ntags: [艾克米]\n---\n" + "艾克米和波波又见面了。\n\n" * 40}
    pages = {mode: build_project(make_project(tmp_path / mode, files), entity_links=mode, search=False)
             for mode in ("every", "first")}
    every = pages["every"].page("articles/d/")
    links = every.select('.doc-body a.entity[data-entity="company:acme"]')
    assert [a.get_text() for a in links] == ["艾克米"] * 40
    assert all(a["href"] == "/companies/acme/" for a in links)
    assert [a.get("title") for a in links] == [description] + [None] * 39
    assert [a.get("title") for a in every.select('.doc-body a[data-entity="person:bo"]')] == \
        ["艾克米的创始人。"] + [None] * 39
    html = {mode: (built.out / "articles/d/index.html").read_text(encoding="utf-8") for mode, built in pages.items()}
    assert html["every"].count(description) == html["first"].count(description)
    assert str(every.select_one(".doc-body")).count(description) == 1
