"""An Atom feed per tag, per topic and per entity (/tags/x/feed.xml, /people/x/feed.xml, …):
the newest dated documents of its list, made by feed.atom and linked from the list's page
(structured.PageMeta.feed). Each reads its head (name, page) and its newest documents whole
(an entry shows fields a card does not: the source, the last change), so a rebuild keeps
every feed whose documents did not change."""

from __future__ import annotations

from collections.abc import Iterator

from site_builder.depends import Value, Wholes
from site_builder.emitters.entities import entity_documents
from site_builder.emitters.feed import atom, newest
from site_builder.output import OutputTree
from site_builder.pages import File, Globals
from site_builder.registry import kind_of
from site_builder.site import Site
from site_builder.structured import feed_url


def pages(site: Site, out: OutputTree) -> Iterator[File]:
    urls, index, title = site.urls, site.index, site.config.title
    for taxon in index.tags.values():
        yield _feed(urls.tag(taxon.slug), f"{taxon.name} · {title}", newest(taxon.documents), site)
    for section in site.config.entity_folders:
        for entity in index.registry.of_kind(kind_of(section)):
            docs = newest(entity_documents(site, entity))
            yield _feed(urls.entity(entity.section, entity.slug), f"{entity.name} · {title}", docs, site)


def _feed(page: str, title: str, docs: list, site: Site) -> File:
    url = feed_url(page)
    return File(site.urls.file_for(url), _make, (Value((title, page, url)), Wholes(docs)))


def _make(g: Globals, head: tuple[str, str, str], docs: list) -> bytes:
    title, page, url = head
    return atom(g.config, g.urls, docs, title, page, url)
