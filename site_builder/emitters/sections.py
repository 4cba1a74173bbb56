"""A page per section (sections.py): the folder's own text above the documents under it,
newest first and paginated, at the folder's address (/posts/). The content folder's own
text is the home page's (emitters/home.py). A folder whose address is already a page of
the site (a folder named tags/) gets none, with a warning."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from functools import partial

from site_builder.depends import Cards, Value, Whole
from site_builder.emitters.pagination import page_urls, paginate, without_items
from site_builder.model import Document, RenderedBody
from site_builder.output import OutputTree
from site_builder.pages import Globals, Group, Page
from site_builder.sections import Section
from site_builder.site import Site

TEMPLATE = "section.html"


def pages(site: Site, out: OutputTree) -> Iterator[Group]:
    urls = site.urls
    later = {urls.file_for(urls.section("search")).casefold()}  # written after this emitter
    for section in site.index.sections:
        if not section.folder:
            continue  # the home page's
        url_for = partial(urls.folder, section.folder)
        rels = [urls.file_for(url) for url in page_urls(section.documents, site.config.page_size, url_for)]
        if taken := [rel for rel in rels if out.taken(rel) or rel.casefold() in later]:
            site.reporter.warning(section.doc.rel, f"this folder's page would be {urls.for_file(taken[0])}, which is "
                                                   "already a page of the site; not written")
            continue
        yield _section(site, section, rels)


def _section(site: Site, section: Section, rels: list[str]) -> Group:
    size, url_for = site.config.page_size, partial(site.urls.folder, section.folder)
    head = Whole(section.doc, site.bodies[section.doc.rel])

    def each() -> Iterator[Page]:
        for url, pager in paginate(section.documents, size, url_for):
            yield Page(site.urls.file_for(url), TEMPLATE, _context,
                       (head, Value((url, without_items(pager), len(section.documents))), Cards(pager.items)))

    return Group(f"section:{section.folder}", TEMPLATE, rels, (head, Value(size), Cards(section.documents)), each)


def _context(g: Globals, whole: tuple[Document, RenderedBody], place: tuple, cards: list) -> dict:
    doc, _ = whole
    url, pager, count = place
    return {"doc": doc, "body_key": doc.version, "url": url, "count": count, "pager": replace(pager, items=cards)}
