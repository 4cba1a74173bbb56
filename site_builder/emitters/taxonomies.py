"""Tags: an index of all tags with counts, and a paginated page per tag.
(Topics are entities: see emitters/entities.py.)"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from functools import partial

from site_builder.depends import Cards, Slices, Value
from site_builder.emitters.pagination import Pager, page_at, page_urls, paginate, without_items
from site_builder.index import Taxon
from site_builder.output import OutputTree
from site_builder.pages import Globals, Group, Page, Paged
from site_builder.site import Site
from site_builder.structured import tag_meta


def pages(site: Site, out: OutputTree) -> Iterator[Page | Group]:
    urls, index = site.urls, site.index
    briefs = [(t.slug, t.name, t.count) for t in index.tags.values()]
    yield Page(urls.file_for(urls.tags()), "tags.html", lambda g, tags: {"tags": tags, "url": g.urls.tags()},
               (Value(briefs),))
    for taxon in index.tags.values():
        yield _tag(site, taxon)


def _tag(site: Site, taxon: Taxon) -> Group:
    """The pages of one tag: its name and count, the entity it stands for (if its text names
    one), and its documents' cards."""
    urls, size = site.urls, site.config.page_size
    url_for, head = partial(urls.tag, taxon.slug), Value(((taxon.slug, taxon.name, taxon.count),
                                                          site.index.tag_entity(taxon.name)))

    def made(url: str, pager: Pager) -> Page:
        return Page(urls.file_for(url), "tag.html", _context, (head, Value((url, without_items(pager))),
                                                               Cards(pager.items)))

    def each() -> Iterator[Page]:
        return (made(url, pager) for url, pager in paginate(taxon.documents, size, url_for))

    docs = taxon.documents
    rels = [urls.file_for(url) for url in page_urls(docs, size, url_for)]
    listed = Slices(Cards, docs, size)  # its slices digested once, for the group and its pages
    paged = Paged((head, Value((size, len(docs), url_for(1)))), listed.digests,
                  lambda k: made(*page_at(docs, size, url_for, k + 1)))
    return Group(f"tag:{taxon.slug}", "tag.html", rels, (head, Value(size), listed), each, paged)


def _context(g: Globals, head: tuple, place: tuple, cards: list) -> dict:
    tag, entity = head
    url, pager = place
    return {"tag": tag, "entity": entity, "url": url, "pager": replace(pager, items=cards),
            "structured": tag_meta(tag[0], tag[1], g.config, g.urls)}
