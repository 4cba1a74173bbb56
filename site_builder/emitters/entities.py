"""Entity pages: /people/<slug>/, /companies/<slug>/, /topics/<slug>/ (paginated), the
index page of each kind with counts, and entities.json for the hover cards."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace

from markupsafe import Markup

from site_builder import search_names
from site_builder.charts import Node, neighbourhood_svg, timeline_svg
from site_builder.depends import Mentioning, Value
from site_builder.emitters.pagination import page_urls, paginate, without_items
from site_builder.i18n import format_period, strings
from site_builder.markdown import render
from site_builder.mentions import Mention
from site_builder.model import Document
from site_builder.output import OutputTree
from site_builder.pages import Globals, Group, Page
from site_builder.registry import FOLDERS, Entity, EntityRef
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


def charts(g: Globals, entity: Entity, co: list[tuple[EntityRef, int]], timeline: list[tuple[str, int]]
           ) -> tuple[Markup | None, Markup | None]:
    """The co-mention graph and the timeline of an entity page, as inline SVG."""
    t, lang, urls = strings(g.config.language), g.config.language, g.urls
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


def pages(site: Site, out: OutputTree) -> Iterator[Page | Group]:
    urls, index = site.urls, site.index
    registry = index.registry
    children: dict[str, list[Entity]] = {}
    for topic in registry.of_kind("topic"):
        if topic.parent:
            children.setdefault(topic.parent, []).append(topic)
    for section, kind in FOLDERS.items():
        counts = {e.key: _count(site, e) for e in registry.of_kind(kind)}
        entities = sorted(registry.of_kind(kind), key=lambda e: (-counts[e.key], e.name))
        yield Page(urls.file_for(urls.section(section)), "entities.html", _index_context,
                   (Value((kind, section, [e.ref for e in entities], counts)),))
        for entity in entities:  # one entity's items at a time: 180,000 for the companies at 10,000 documents
            yield _entity(site, entity, _items(site, entity), children)


def _index_context(g: Globals, head: tuple) -> dict:
    kind, section, entities, counts = head
    return {"kind": kind, "entities": entities, "counts": counts, "url": g.urls.section(section)}


def _entity(site: Site, entity: Entity, items: list, children: dict[str, list[Entity]]) -> Group:
    """The pages of one entity: the entity itself and what the index says of it (small:
    counts and names; its description and charts are made from it), and the documents
    that mention it."""
    urls, index = site.urls, site.index
    registry = index.registry
    parent = registry.get("topic", entity.parent) if entity.parent else None
    head = Value({
        "entity": entity, "total": len(items),
        "co_mentions": [(registry.entities[k].ref, n) for k, n in
                        index.co_mentions.get(entity.key, Counter()).most_common(CO_MENTIONS_SHOWN)],
        "children": [c.ref for c in children.get(entity.slug, [])],
        "parent": parent.ref if parent else None,
        "roles": [(r.title, org.ref if (org := registry.get("company", r.org)) else None, r.org)
                  for r in entity.roles],
        "members": index.members.get(entity.key, []),
        "tags": index.entity_tags(entity.key), "timeline": index.timeline(entity.key),
    })
    # pages after the first show only the list
    rest = Value({"entity": entity, "total": len(items)})
    size = site.config.page_size

    def url_for(n: int) -> str:
        return urls.entity(entity.section, entity.slug) + (f"page/{n}/" if n > 1 else "")

    def each() -> Iterator[Page]:
        for url, pager in paginate(items, size, url_for):
            yield Page(urls.file_for(url), "entity.html", _first_context if pager.page == 1 else _context,
                       (head if pager.page == 1 else rest, Value((url, without_items(pager))), Mentioning(pager.items)))

    return Group(f"entity:{entity.key}", "entity.html", [urls.file_for(u) for u in page_urls(items, size, url_for)],
                 (head, Value(size), Mentioning(items)), each)


def _context(g: Globals, head: dict, place: tuple, items: list) -> dict:
    url, pager = place
    blank = dict.fromkeys(("co_mentions", "children", "parent", "roles", "members", "tags", "timeline",
                           "description", "graph", "timeline_chart", "search_names"))
    return {**blank, **head, "url": url, "pager": replace(pager, items=items)}


def _first_context(g: Globals, head: dict, place: tuple, items: list) -> dict:
    """The first page also shows the entity's description and charts."""
    entity = head["entity"]
    own = replace(g.render_context, itself=entity.key)
    description = Markup(render(entity.body, own).html) if entity.body.strip() else ""
    graph, timeline = charts(g, entity, head["co_mentions"], head["timeline"])
    return {**_context(g, head, place, items), "description": description, "graph": graph,
            "timeline_chart": timeline, "search_names": search_names.words(entity.names)}


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
