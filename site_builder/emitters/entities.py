"""Entity pages: /people/<slug>/, /companies/<slug>/, /topics/<slug>/ (paginated), the
index page of each kind with counts, and entities.json for the hover cards."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace

from markupsafe import Markup

from site_builder.charts import Node, neighbourhood_svg, timeline_svg
from site_builder.emitters.pagination import Pager, page_urls, paginate
from site_builder.i18n import format_period, strings
from site_builder.index import version_number
from site_builder.markdown import render
from site_builder.mentions import Mention
from site_builder.model import Document
from site_builder.output import OutputTree
from site_builder.registry import FOLDERS, Entity
from site_builder.site import Site

CO_MENTIONS_SHOWN = 12


def _items(site: Site, entity: Entity) -> list[tuple[Document, Mention | None]]:
    """Documents that mention the entity, each with the mention shown; for a topic also
    those filed under it (without a mention), newest first."""
    mentions = site.index.mentions_of(entity.key)
    if entity.kind != "topic" or entity.slug not in site.index.topics:
        return mentions
    filed = site.index.topics[entity.slug].documents
    merged = {**{d.rel: (d, None) for d in filed}, **{d.rel: (d, m) for d, m in mentions}}
    return sorted(merged.values(), key=lambda item: item[0].sort_key)


def charts(site: Site, entity: Entity, co: list[tuple[Entity, int]], timeline: list[tuple[str, int]]
           ) -> tuple[Markup | None, Markup | None]:
    """The co-mention graph and the timeline of an entity page, as inline SVG."""
    t, lang, urls = strings(site.config.language), site.config.language, site.urls
    graph = when = None
    if co:
        items = t["list_sep"].join(t["chart_co_item"].format(name=e.name, n=n) for e, n in co)
        graph = Markup(neighbourhood_svg(
            Node(entity.name, urls.entity(entity.section, entity.slug)),
            [(Node(e.name, urls.entity(e.section, e.slug)), n) for e, n in co],
            title=t["chart_co_title"].format(name=entity.name),
            desc=t["chart_co_desc"].format(name=entity.name, items=items)))
    if timeline:
        items = t["list_sep"].join(t["chart_time_item"].format(period=format_period(p, lang), n=n)
                                   for p, n in timeline)
        when = Markup(timeline_svg(timeline, title=t["chart_time_title"].format(name=entity.name),
                                   desc=t["chart_time_desc"].format(items=items)))
    return graph, when


def emit(site: Site, out: OutputTree) -> int:
    urls, index = site.urls, site.index
    registry = index.registry
    children: dict[str, list[Entity]] = {}
    for topic in registry.of_kind("topic"):
        if topic.parent:
            children.setdefault(topic.parent, []).append(topic)
    written = 0
    for section, kind in FOLDERS.items():
        counts = {e.key: _count(site, e) for e in registry.of_kind(kind)}
        entities = sorted(registry.of_kind(kind), key=lambda e: (-counts[e.key], e.name))
        url = urls.section(section)
        out.write_page(urls.file_for(url), "entities.html",
                       {"kind": kind, "entities": [e.ref for e in entities], "counts": counts, "url": url})
        written += 1
        for entity in entities:  # one entity's items at a time: 180,000 for the companies at 10,000 documents
            written += _emit_entity(site, out, entity, _items(site, entity), children)
    return written


def _emit_entity(site: Site, out: OutputTree, entity: Entity, items: list, children: dict[str, list[Entity]]) -> int:
    """The pages of one entity. Their inputs are named without building the contexts (the
    description rendered, the charts drawn): a rebuild that leaves them as they were keeps
    the pages as they are."""
    urls, index = site.urls, site.index
    registry = index.registry
    parent = registry.get("topic", entity.parent) if entity.parent else None
    page = {
        "entity": entity, "total": len(items),
        "co_mentions": [(registry.entities[k].ref, n) for k, n in
                        index.co_mentions.get(entity.key, Counter()).most_common(CO_MENTIONS_SHOWN)],
        "children": [c.ref for c in children.get(entity.slug, [])],
        "parent": parent.ref if parent else None,
        "roles": [(r.title, org.ref if (org := registry.get("company", r.org)) else None, r.org)
                  for r in entity.roles],
        "members": index.members.get(entity.key, []),
        "tags": index.entity_tags(entity.key), "timeline": index.timeline(entity.key),
    }
    head = repr(page)  # small: the entity, counts and names; what is costly below derives from it

    def first_page() -> dict:
        own = replace(site.render_context, itself=entity.key)
        page["description"] = Markup(render(entity.body, own).html) if entity.body.strip() else ""
        page["graph"], page["timeline_chart"] = charts(site, entity, page["co_mentions"], page["timeline"])
        return page

    # pages after the first show only the list: keep their contexts (and fingerprints) small
    rest = {**{key: None for key in (*page, "description", "graph", "timeline_chart")},
            "entity": entity, "total": len(items)}
    size = site.config.page_size

    def url_for(n: int) -> str:
        return urls.entity(entity.section, entity.slug) + (f"page/{n}/" if n > 1 else "")

    # an item is a document (its version names its path, content and mentions, so its count
    # and sentence; its slug its link): 280,000 items at 10,000 documents, so summed, not named
    numbers = [version_number(doc) for doc, _ in items]
    pages = [urls.file_for(url) for url in page_urls(items, size, url_for)]
    if out.keep_group(f"entity:{entity.key}", f"{head}|{size}|{sum(numbers)}", pages):
        return len(pages)
    for page_url, pager in paginate(items, size, url_for):
        first = (pager.page - 1) * size
        inputs = (f"{page_url}|{pager.page}/{pager.pages}|{head if pager.page == 1 else entity.key}|"
                  f"{sum(numbers[first : first + size])}")
        out.write_page_from(urls.file_for(page_url), "entity.html", inputs,
                            lambda url=page_url, pager=pager: {**(first_page() if pager.page == 1 else rest),
                                                               "url": url, "pager": _listed(pager)})
    return len(pages)


def _listed(pager: Pager) -> Pager:
    """The pager with each item as (card of the document, mentions in it, the mention shown);
    a document filed under a topic without mentioning it as (card, None, None)."""
    items = [(doc.listed, m.count, m) if m else (doc.listed, None, None) for doc, m in pager.items]
    return replace(pager, items=items)


def _count(site: Site, entity: Entity) -> int:
    """len(_items(site, entity)), without making them."""
    if entity.kind != "topic" or entity.slug not in site.index.topics:
        return site.index.entity_count(entity.key)
    filed = site.index.topics[entity.slug].documents
    return len({d.rel for d in filed} | {d.rel for d in site.index.mentioned_in.get(entity.key, ())})


def emit_cards(site: Site, out: OutputTree) -> int:
    """Name, kind, description and document count of every entity, for the hover card."""
    cards = {
        e.key: {"name": e.name, "kind": e.kind, "description": e.description,
                "count": _count(site, e), "url": site.urls.entity(e.section, e.slug)}
        for e in site.index.registry.entities.values()
    }
    out.write_text("entities.json", json.dumps(cards, ensure_ascii=False, separators=(",", ":")))
    return 1
