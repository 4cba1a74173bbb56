"""The sources index: /citations/ lists the distinct sources grouped by publisher, with
every passage that cites each; a publisher with more sources than the index shows (or
several) has its own paginated pages /citations/<publisher>/, which list them all.

At tens of thousands of sources one page listing all of them would weigh tens of
megabytes and change with every edit; so the index shows the first sources of each
publisher and links to the rest, and each page is rewritten only when its own sources
(or the documents citing them) changed."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from site_builder.depends import Sources, Value
from site_builder.emitters.pagination import paginate, without_items
from site_builder.index import NO_PUBLISHER, Publisher, Source
from site_builder.output import OutputTree
from site_builder.pages import Globals, Page
from site_builder.registry import EntityRef
from site_builder.site import Site

SHOWN = 10  # sources of each publisher on the index page


@dataclass
class PublisherView:
    """What a page shows of a publisher: its name, its number of sources and some of them."""

    slug: str
    name: str
    count: int
    sources: list[Source] = field(default_factory=list)


def pages(site: Site, out: OutputTree) -> Iterator[Page]:
    urls, index = site.urls, site.index
    publishers = list(index.publishers.values())
    paged = sorted(p.slug for p in publishers if has_page(p))
    # a publisher that is a registered company links to its page
    companies = {p.slug: index.registry.lookup(p.name) for p in publishers if p.slug != NO_PUBLISHER}
    companies = {slug: entity.ref for slug, entity in companies.items() if entity}
    briefs = [(p.slug, p.name, len(p.sources), len(p.sources[:SHOWN])) for p in publishers]
    yield Page(urls.file_for(urls.section("citations")), "citations.html", _index_context,
               (Value((briefs, paged, companies)), Sources([s for p in publishers for s in p.sources[:SHOWN]])))
    for slug in paged:
        yield from _publisher(site, index.publishers[slug], companies.get(slug))


def has_page(publisher: Publisher) -> bool:
    """Whether a publisher has pages of its own (/citations/<slug>/): more sources than the
    index shows, or several."""
    return len(publisher.sources) > SHOWN or (len(publisher.sources) > 1 and publisher.slug != NO_PUBLISHER)


def publisher_url(site: Site, publisher: Publisher) -> str:
    """Where a publisher's sources are listed: its own pages, or its part of the index."""
    urls = site.urls
    return urls.entity("citations", publisher.slug) if has_page(publisher) else \
        urls.section("citations") + f"#pub-{publisher.slug}"


def _index_context(g: Globals, head: tuple, sources: list) -> dict:
    briefs, paged, companies = head
    views, at = [], 0
    for slug, name, count, shown in briefs:
        views.append(PublisherView(slug, name, count, sources[at : at + shown]))
        at += shown
    return {"publishers": views, "publisher_pages": set(paged), "url": g.urls.section("citations"),
            "companies": companies, "shown": SHOWN}


def _publisher(site: Site, publisher: Publisher, company: EntityRef | None) -> Iterator[Page]:
    urls, size = site.urls, site.config.page_size
    home = urls.entity("citations", publisher.slug)
    brief = (publisher.slug, publisher.name, len(publisher.sources), company)
    for url, pager in paginate(publisher.sources, size, lambda n: home if n == 1 else f"{home}page/{n}/"):
        place = (url, without_items(pager), (pager.page - 1) * size)
        yield Page(urls.file_for(url), "publisher.html", _publisher_context,
                   (Value(brief), Value(place), Sources(pager.items)))


def _publisher_context(g: Globals, brief: tuple, place: tuple, sources: list) -> dict:
    slug, name, count, company = brief
    url, pager, first = place
    return {"publisher": PublisherView(slug, name, count, sources), "url": url,
            "companies": {slug: company} if company else {},
            "pager": pager, "first": first}
