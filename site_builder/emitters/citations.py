"""The sources index: /citations/ lists the distinct sources grouped by publisher, with
every passage that cites each; a publisher with more sources than the index shows (or
several) has its own paginated pages /citations/<publisher>/, which list them all.

At tens of thousands of sources one page listing all of them would weigh tens of
megabytes and change with every edit; so the index shows the first sources of each
publisher and links to the rest, and each page is rewritten only when its own sources
(or the documents citing them) changed."""

from __future__ import annotations

from dataclasses import dataclass, field

from site_builder.emitters.pagination import paginate
from site_builder.index import NO_PUBLISHER, Citing, Publisher, Source
from site_builder.output import OutputTree
from site_builder.site import Site

SHOWN = 10  # sources of each publisher on the index page


@dataclass
class PublisherView:
    """What a page shows of a publisher: its name, its number of sources and some of them."""

    slug: str
    name: str
    count: int
    sources: list[Source] = field(default_factory=list)


def _listed(source: Source) -> Source:
    """The source with each citing document as its card (what the page shows of it)."""
    return Source(source.key, source.citation, [Citing(c.document.listed, c.note, c.ref) for c in source.citing])


def _inputs(sources: list[Source]) -> str:
    # a source is named by its key and the documents citing it (their versions name the notes)
    return "".join(s.key + "".join(repr(c.document) for c in s.citing) for s in sources)


def emit(site: Site, out: OutputTree) -> int:
    urls, index = site.urls, site.index
    publishers = list(index.publishers.values())
    paged = {p.slug for p in publishers if len(p.sources) > SHOWN or (len(p.sources) > 1 and p.slug != NO_PUBLISHER)}
    # a publisher that is a registered company links to its page
    companies = {p.slug: index.registry.lookup(p.name) for p in publishers if p.slug != NO_PUBLISHER}
    companies = {slug: entity.ref for slug, entity in companies.items() if entity}
    url = urls.section("citations")
    inputs = repr(sorted(paged)) + repr(companies) + "".join(
        f"{p.slug}|{p.name}|{len(p.sources)}|{_inputs(p.sources[:SHOWN])}" for p in publishers)
    out.write_page_from(urls.file_for(url), "citations.html", inputs, lambda: {
        "publishers": [PublisherView(p.slug, p.name, len(p.sources), [_listed(s) for s in p.sources[:SHOWN]])
                       for p in publishers],
        "publisher_pages": paged, "url": url, "companies": companies, "shown": SHOWN})
    written = 1
    for slug in sorted(paged):
        written += _emit_publisher(site, out, index.publishers[slug], companies.get(slug))
    return written


def _emit_publisher(site: Site, out: OutputTree, publisher: Publisher, company) -> int:
    urls = site.urls
    written = 0
    for page_url, pager in paginate(publisher.sources, site.config.page_size,
                                    lambda n: urls.entity("citations", publisher.slug) if n == 1
                                    else urls.entity("citations", publisher.slug) + f"page/{n}/"):
        sources, pager.items = pager.items, []  # the sources go in the view
        first = (pager.page - 1) * site.config.page_size
        inputs = (f"{page_url}|{pager.page}/{pager.pages}|{publisher.name}|{len(publisher.sources)}|{company!r}|"
                  f"{_inputs(sources)}")
        out.write_page_from(urls.file_for(page_url), "publisher.html", inputs, lambda sources=sources, pg=pager,
                            u=page_url, f=first: {
                                "publisher": PublisherView(publisher.slug, publisher.name, len(publisher.sources),
                                                           [_listed(s) for s in sources]),
                                "url": u, "companies": {publisher.slug: company} if company else {},
                                "pager": pg, "first": f})
        written += 1
    return written
