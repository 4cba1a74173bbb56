"""A page per document: /articles/<slug>/, rendered in the workers."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from functools import partial

from site_builder import search_names
from site_builder.depends import Pages, Related, Value, Whole
from site_builder.model import Document, RenderedBody
from site_builder.output import OutputTree
from site_builder.pages import Globals, Group, Page
from site_builder.registry import FOLDERS, PERSON, EntityRef, Registry
from site_builder.site import Site
from site_builder.structured import document_meta

TEMPLATE = "document.html"


def page(site: Site, doc: Document, body: RenderedBody, related_of: Document | None = None,
         links: list[str] | None = None) -> Page:
    """The page of a document: the document whole, its related documents (those of
    related_of: the dev server shows a saved document with the last build's), and the
    names and links of its topics and tags (an implicit topic is named by documents).
    links: the URLs of its body's links, if its group has resolved them already."""
    index = site.index
    links = site.body_links(doc, body) if links is None else links
    return Page(site.page_file(doc), TEMPLATE, context, (
        Whole(doc, body), Related(index, related_of or doc),
        # one Value (one repr to fingerprint it, not four: 10,000 pages)
        Value(([(name, index.topic_slug(name)) for name in doc.topics],
               [(name, index.tag_slug(name), index.tag_entity(name)) for name in doc.tags],
               links, index.versions.get(doc.rel, ())))))


def context(g: Globals, whole: tuple[Document, RenderedBody], related: list, named: tuple) -> dict:
    """What document.html needs: the document, its body (by cache key: its HTML and headings
    are read by the worker that renders the page; the URLs of its links are put in there),
    the entities it names, its related documents, its topics and tags and its versions in
    other languages (all of them, itself too: the head's hreflang alternates name every version)."""
    doc, body = whole
    topics, tags, links, versions = named
    names, people = names_of(g.registry, body.mentions, doc.topics)
    return {"doc": doc, "url": g.urls.document(doc.slug), "body_key": doc.version, "body_links": links,
            "topics": topics, "tags": tags, "in_article": entities_in(g.registry, body.mentions), "related": related,
            "search_names": search_names.words([*names, *body.written], people),
            "structured": document_meta(doc, body, topics, g.config, g.urls, g.registry),
            "versions": versions}


def names_of(registry: Registry, mentions: list, topics: list[str]) -> tuple[list[str], list[str]]:
    """Every name of the entities whose pages list the document: those it mentions and the
    topics it is filed under (an implicit topic has the one name the document gives it); the
    others' names, then the people's (search_names.words gives those with their suffixes)."""
    names: list[str] = []
    people: list[str] = []
    for m in mentions:
        entity = registry.entities[m.entity]
        (people if entity.kind == PERSON else names).extend(entity.names)
    for name in topics:
        topic = registry.lookup(name, "topic")
        names.extend(topic.names if topic else [name])
    return names, people


def entities_in(registry: Registry, mentions: list) -> list[tuple[str, list[tuple[EntityRef, int]]]]:
    """The entities a document mentions (one mention each, with its count: see
    mentions.link_entities), by kind (people, companies, products, topics, then the site's own; kinds it names none of
    left out), most mentioned first. Mentions are of the registry's files' entities."""
    by_kind: dict[str, list[tuple[EntityRef, int]]] = {kind: [] for kind in FOLDERS.values()}
    for m in sorted(mentions, key=lambda m: -m.count):  # stable: ties in order of first mention
        entity = registry.entities[m.entity]
        by_kind.setdefault(entity.kind, []).append((entity.ref, m.count))
    return [(kind, entities) for kind, entities in by_kind.items() if entities]


# Document pages are decided in groups (by a hash of the document's path: the same group in
# every build), each fingerprinted first by what its pages read: a rebuild after an edit
# of one document's body looks at its group's pages one by one, and keeps the others' with
# one comparison each (at 10,000 documents, 80 pages a group).
GROUPS = 128


def pages(site: Site, out: OutputTree) -> Iterator[Group]:
    index = site.index
    groups: list[list[Document]] = [[] for _ in range(GROUPS)]
    for doc in index.every:
        groups[zlib.crc32(doc.rel.encode()) % GROUPS].append(doc)
    # what each page reads of the rest of the site (the heads of the lists its related
    # documents come from, its topics' and tags' slugs and entities): for all pages at once
    rest = Value(index.pages_fingerprint())
    for number, docs in enumerate(groups):
        if docs:
            links = [_own_links(site, doc) for doc in docs]
            yield Group(f"documents:{number}", TEMPLATE, [site.page_file(doc) for doc in docs],
                        (rest, Pages(docs, links, index.versions)), partial(_pages, site, docs, links))


def _pages(site: Site, docs: list[Document], links: list[list[str]]) -> Iterator[Page]:
    # (the links its group resolved: not resolved a second time)
    return (page(site, doc, site.bodies[doc.rel], links=own) for doc, own in zip(docs, links, strict=True))


def _own_links(site: Site, doc: Document) -> list[str]:
    body = site.bodies[doc.rel]
    return site.body_links(doc, body) if body.links else []
