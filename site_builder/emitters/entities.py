"""Entity pages: /people/<slug>/, /companies/<slug>/, /products/<slug>/, /topics/<slug>/ and
those of the site's own kinds (paginated), the
index page of each kind with counts, and entities.json for the hover cards."""

from __future__ import annotations

import heapq
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from itertools import chain, repeat
from operator import attrgetter

from markupsafe import Markup

from site_builder import search_names
from site_builder.charts import Node, Timeline, TimelineWords, neighbourhood_svg, timeline, timeline_svg
from site_builder.depends import Mentioning, Slices, Sources, Value
from site_builder.emitters.citations import publisher_url
from site_builder.emitters.pagination import Pager, page_at, page_urls, paginate, without_items
from site_builder.i18n import Strings, format_period, strings
from site_builder.index import CO_MENTIONS_KEPT, NO_PUBLISHER
from site_builder.markdown import render
from site_builder.mentions import Mention
from site_builder.model import Document
from site_builder.output import OutputTree
from site_builder.pages import Globals, Group, Page, Paged
from site_builder.registry import PERSON, Entity, EntityRef, kind_of
from site_builder.site import Site
from site_builder.structured import entity_meta

CITED_SHOWN = 10  # sources naming an entity shown on its page: the sources index lists them all


def entity_items(site: Site, entity: Entity) -> list[tuple[Document, Mention | None]]:
    """Documents that mention the entity, each with the mention shown; for a topic also
    those filed under it (without a mention), newest first."""
    if entity.kind != "topic" or entity.slug not in site.index.topics:
        return site.index.mentions_of(entity.key)
    return site.index.listed_with_mentions(entity.key, site.index.topics[entity.slug].documents)


def entity_documents(site: Site, entity: Entity) -> Iterator[Document]:
    """The documents of entity_items(site, entity), in its order, made as they are asked
    for: a feed reads the newest few of each entity's list, and the whole list (merged and
    sorted, for a topic) cost the feeds of a rebuild 0.8 s at 100,000 documents."""
    mentioned = site.index.mentioned_in.get(entity.key, ())
    if entity.kind != "topic" or entity.slug not in site.index.topics:
        return iter(mentioned)
    # both lists are newest first (index.every's order, whose sort keys are unique): a
    # document in both comes out twice in a row
    return _once_each(heapq.merge(site.index.topics[entity.slug].documents, mentioned, key=attrgetter("sort_key")))


def _once_each(docs: Iterator[Document]) -> Iterator[Document]:
    """docs without a document that repeats the one before it (by path, as entity_items merges)."""
    before = None
    for doc in docs:
        if doc.rel != before:
            yield doc
        before = doc.rel


def charts(g: Globals, entity: Entity, related: list[tuple[EntityRef, str, int]], counts: list[tuple[str, int]]
           ) -> tuple[Markup | None, Markup | None, Timeline | None]:
    """The graph of related entities and the timeline of an entity page, as inline SVG, and
    the timeline's data (the page's table of it)."""
    t, lang, urls = strings(g.config.language), g.config.language, g.urls
    graph = when = None
    if related:
        named = [(t["chart_rel_item"].format(name=e.name, relation=rel) if rel else e.name, n) for e, rel, n in related]
        items = t["list_sep"].join(t.n("chart_co_item", n, name=name) if n else name for name, n in named)
        graph = Markup(neighbourhood_svg(
            Node(entity.name, urls.entity(entity.section, entity.slug)),
            [(Node(e.name, urls.entity(e.section, e.slug), rel), n) for e, rel, n in related],
            title=t["chart_co_title"].format(name=entity.name),
            desc=t["chart_co_desc"].format(name=entity.name, items=items)))
    line = timeline(dict(counts))
    if line:
        when = Markup(timeline_svg(line, _words(t, lang, entity, line)))
    return graph, when, line


def _words(t: Strings, lang: str, entity: Entity, line: Timeline) -> TimelineWords:
    """The timeline's title, description (every count, the empty periods said as such) and labels."""
    def period(p: str) -> str:
        return format_period(p, lang)

    unit = t[f"unit_{line.granularity}"]
    shown = [(p, n) for p, n in line.periods if n]
    empty = len(line.periods) - len(shown)
    desc = t.form("chart_time_desc", empty).format(name=entity.name, unit=unit, items=t["list_sep"].join(
        t["chart_time_item"].format(period=period(p), n=n) for p, n in shown),
        empty=empty, first=period(line.periods[0][0]), last=period(line.periods[-1][0]))
    if line.year_only:
        desc += t["chart_year_only_desc"].format(unit=unit, items=t["list_sep"].join(
            t["chart_time_item"].format(period=period(y), n=n) for y, n in line.year_only))
    return TimelineWords(title=t["chart_time_title"].format(name=entity.name, unit=unit), desc=desc,
                         x_axis=t["chart_x_axis"].format(unit=unit), y_axis=t["chart_y_axis"], period=period,
                         year_only=lambda y, n: t["chart_year_only"].format(year=period(y), n=n))


def pages(site: Site, out: OutputTree) -> Iterator[Page | Group]:
    urls, index = site.urls, site.index
    registry = index.registry
    children: dict[str, list[Entity]] = {}
    for topic in registry.of_kind("topic"):
        if topic.parent:
            children.setdefault(topic.parent, []).append(topic)
    publishers: dict[str, list[tuple[str, str, int]]] = {}  # entity key -> (URL, name, sources) as publisher
    for publisher in index.publishers.values():
        if publisher.slug != NO_PUBLISHER and (named := registry.lookup(publisher.name)):
            publishers.setdefault(named.key, []).append(
                (publisher_url(site, publisher), publisher.name, len(publisher.sources)))
    for section in site.config.entity_folders:
        kind = kind_of(section)
        counts = {e.key: _count(site, e) for e in registry.of_kind(kind)}
        entities = sorted(registry.of_kind(kind), key=lambda e: (-counts[e.key], e.name))
        unreviewed = sorted(e.key for e in entities if not e.reviewed)
        yield Page(urls.file_for(urls.section(section)), "entities.html", _index_context,
                   (Value((kind, section, [e.ref for e in entities], counts, unreviewed)),))
        for entity in entities:  # one entity's items at a time: 180,000 for the companies at 10,000 documents
            yield _entity(site, entity, entity_items(site, entity), children, publishers)


def _index_context(g: Globals, head: tuple) -> dict:
    kind, section, entities, counts, unreviewed = head
    return {"kind": kind, "section": section, "entities": entities, "counts": counts, "unreviewed": set(unreviewed),
            "url": g.urls.section(section)}


def _entity(site: Site, entity: Entity, items: list, children: dict[str, list[Entity]],
            publishers: dict[str, list[tuple[str, str, int]]]) -> Group:
    """The pages of one entity: the entity itself and what the index says of it (small:
    counts and names; its description and charts are made from it), and the documents
    that mention it."""
    urls, index = site.urls, site.index
    registry = index.registry
    parent = registry.get("topic", entity.parent) if entity.parent else None
    roles = [(r.title, org.ref if (org := registry.get("company", r.org)) else None, r.org) for r in entity.roles]
    members = index.members.get(entity.key, [])
    kids = [c.ref for c in children.get(entity.slug, [])]
    filed = entity.kind == "topic" and entity.slug in index.topics
    cited_all = index.cited_as.get(entity.key, [])
    cited = Sources(cited_all[:CITED_SHOWN])
    co_all, tags, counts = _panels(site, entity, items) if filed else (
        index.co_mentions.get(entity.key, Counter()), index.entity_tags(entity.key), index.timeline(entity.key))
    co = co_all.most_common(CO_MENTIONS_KEPT)
    head = Value({
        "entity": entity, "total": len(items),
        # the registry's relations (roles, parent and subtopics), then the entities named with it
        # (entity, kind of relation, its title, documents naming both)
        "relations": [(e, kind, title, co_all.get(e.key) or _shared(site, entity.key, e.key)) for e, kind, title in (
            *((org, "role", title) for title, org, _ in roles if org),
            *((person, "role", title) for person, title in members),
            *([(parent.ref, "parent", "")] if parent else []), *((c, "child", "") for c in kids))],
        "co_mentions": [(registry.entities[k].ref, n) for k, n in co],
        "children": kids, "parent": parent.ref if parent else None, "roles": roles, "members": members,
        "tags": tags, "timeline": counts,
        # the sources naming it, beyond those shown: their count, and the publisher's own list of them
        "cited_total": len(cited_all), "publishers": publishers.get(entity.key, []),
    })
    # pages after the first show only the list
    rest = Value({"entity": entity, "total": len(items)})
    size = site.config.page_size

    def url_for(n: int) -> str:
        return urls.entity(entity.section, entity.slug) + (f"page/{n}/" if n > 1 else "")

    def made(url: str, pager: Pager) -> Page:
        place, listed = Value((url, without_items(pager))), Mentioning(pager.items)
        return (Page(urls.file_for(url), "entity.html", _first_context, (head, place, listed, cited))
                if pager.page == 1 else Page(urls.file_for(url), "entity.html", _context, (rest, place, listed)))

    def each() -> Iterator[Page]:
        return (made(url, pager) for url, pager in paginate(items, size, url_for))

    # what every page reads but its slice of the list (its place follows from its number and these)
    # its slices digested once, for the group and its pages (from the index's list of its
    # documents' bytes, for an entity's mentions: a topic's list is made here)
    listed = Slices(Mentioning, items, size, None if filed else index.listings_of(entity.key))
    paged = Paged((head, rest, cited, Value((size, len(items), url_for(1)))), listed.digests,
                  lambda k: made(*page_at(items, size, url_for, k + 1)))
    return Group(f"entity:{entity.key}", "entity.html", [urls.file_for(u) for u in page_urls(items, size, url_for)],
                 (head, Value(size), listed, cited), each, paged)


def _shared(site: Site, key: str, other: str) -> int:
    """How many documents name both: for a relation beyond the co-mentions the index keeps
    (CO_MENTIONS_KEPT); a set of the positions of one list, met by the other's."""
    at = site.index.mentioned_at
    return len(set(at.get(key, ())).intersection(at.get(other, ())))


def _panels(site: Site, entity: Entity, items: list[tuple[Document, Mention | None]]
            ) -> tuple[Counter[str], list[tuple[str, str, int]], list[tuple[str, int]]]:
    """A topic's co-mentions, tags and documents per period, counted over its documents (those
    filed under it as well as those naming it): what the index counts for the entities that
    documents name."""
    index = site.index
    docs = [doc for doc, _ in items]
    # counted by C loops over each document's lists (the index's, made once per build): a
    # topic files thousands of documents
    rels = list(map(attrgetter("rel"), docs))
    co = Counter(chain.from_iterable(map(index.entities_in.get, rels, repeat(()))))
    co.pop(entity.key, None)
    tags: Counter[str] = Counter()
    for name, n in Counter(chain.from_iterable(map(attrgetter("tags"), docs))).items():  # a few hundred names
        tags[index.tag_slug(name)] += n
    periods = index.periods_of(docs)
    return (co, [(slug, index.tags[slug].name, n) for slug, n in tags.most_common(20)],
            sorted(periods.items()))


def _context(g: Globals, head: dict, place: tuple, items: list) -> dict:
    url, pager = place
    blank = dict.fromkeys(("co_mentions", "relations", "children", "parent", "roles", "members", "tags", "timeline",
                           "description", "graph", "timeline_chart", "timeline_data", "related", "cited", "cited_total",
                           "publishers", "search_names"))
    return {**blank, **head, "url": url, "pager": replace(pager, items=items),
            "structured": entity_meta(head["entity"], g.config, g.urls)}


def _first_context(g: Globals, head: dict, place: tuple, items: list, cited: list) -> dict:
    """The first page also shows the entity's description, its related entities, the
    sources that name it as publisher or author, and its charts."""
    entity = head["entity"]
    own = replace(g.render_context, itself=entity.key)
    description = Markup(render(entity.body, own).html) if entity.body.strip() else ""
    related = _related(g, head["relations"], head["co_mentions"])
    graph, timeline_chart, line = charts(g, entity, related, head["timeline"])
    return {**_context(g, head, place, items), "description": description, "graph": graph, "related": related,
            "timeline_chart": timeline_chart, "timeline_data": line, "cited": cited,
            "search_names": search_names.words([], entity.names) if entity.kind == PERSON else
                            search_names.words(entity.names)}


def _related(g: Globals, relations: list, co_mentions: list[tuple[EntityRef, int]]) -> list[tuple[EntityRef, str, int]]:
    """(entity, its relation in the registry or "", documents naming both): relations first."""
    t = strings(g.config.language)
    labels = {"parent": t["parent_topic"], "child": t["subtopics"]}
    named = {e.key: (e, labels.get(kind, title) or t["relation"], n) for e, kind, title, n in relations}
    return [*named.values(), *((e, "", n) for e, n in co_mentions if e.key not in named)]


def _count(site: Site, entity: Entity) -> int:
    """len(entity_items(site, entity)), without making them."""
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
