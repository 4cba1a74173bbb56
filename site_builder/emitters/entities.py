"""Entity pages: /people/<slug>/, /companies/<slug>/, /topics/<slug>/ (paginated), the
index page of each kind with counts, and entities.json for the hover cards."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace

from site_builder.emitters.pagination import paginate
from site_builder.index import DocumentMentions
from site_builder.markdown import render
from site_builder.output import OutputTree
from site_builder.registry import FOLDERS, Entity
from site_builder.site import Site

CO_MENTIONS_SHOWN = 12


def _items(site: Site, entity: Entity) -> list[DocumentMentions | object]:
    """Documents that mention the entity; for a topic also those filed under it."""
    mentions = site.index.mentioned_in.get(entity.key, [])
    if entity.kind != "topic" or entity.slug not in site.index.topics:
        return mentions
    by_rel = {dm.document.rel: dm for dm in mentions}
    filed = site.index.topics[entity.slug].documents
    merged = {**{d.rel: d for d in filed}, **by_rel}
    return sorted(merged.values(), key=lambda x: getattr(x, "document", x).sort_key)


def emit(site: Site, out: OutputTree) -> int:
    urls, index = site.urls, site.index
    written = 0
    for section, kind in FOLDERS.items():
        items_of = {e.key: _items(site, e) for e in index.registry.of_kind(kind)}
        counts = {key: len(items) for key, items in items_of.items()}
        entities = sorted(index.registry.of_kind(kind), key=lambda e: (-counts[e.key], e.name))
        url = urls.section(section)
        out.write_text(urls.file_for(url), site.render("entities.html", kind=kind, entities=entities,
                                                       counts=counts, url=url))
        written += 1
        for entity in entities:
            items = items_of[entity.key]
            own = replace(site.render_context, itself=entity.key)
            description = render(entity.body, own).html if entity.body.strip() else ""
            co = [(index.registry.entities[k], n)
                  for k, n in index.co_mentions.get(entity.key, Counter()).most_common(CO_MENTIONS_SHOWN)]
            children = [e for e in index.registry.of_kind("topic") if e.parent == entity.slug]
            tags, timeline = index.entity_tags(entity.key), index.timeline(entity.key)
            for page_url, pager in paginate(items, site.config.page_size,
                                            lambda n, e=entity: urls.entity(e.section, e.slug) if n == 1
                                            else urls.entity(e.section, e.slug) + f"page/{n}/"):
                out.write_text(urls.file_for(page_url), site.render(
                    "entity.html", entity=entity, url=page_url, pager=pager, total=len(items),
                    description=description, co_mentions=co, children=children,
                    tags=tags, timeline=timeline, members=index.members.get(entity.key, []),
                ))
                written += 1
    return written


def emit_cards(site: Site, out: OutputTree) -> int:
    """Name, kind, description and document count of every entity, for the hover card."""
    cards = {
        e.key: {"name": e.name, "kind": e.kind, "description": e.description,
                "count": len(_items(site, e)), "url": site.urls.entity(e.section, e.slug)}
        for e in site.index.registry.entities.values()
    }
    out.write_text("entities.json", json.dumps(cards, ensure_ascii=False, separators=(",", ":")))
    return 1
