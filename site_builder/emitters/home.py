"""The home page: the content folder's own text if it has one (sections.py), newest
documents, the archive's pages, topics, top tags."""

from __future__ import annotations

from collections.abc import Iterator

from site_builder.depends import Value, Whole, Wholes
from site_builder.emitters import archive
from site_builder.output import OutputTree
from site_builder.pages import Globals, Page
from site_builder.site import Site

NEWEST = 20
TOP_TAGS = 30


def pages(site: Site, out: OutputTree) -> Iterator[Page]:
    index = site.index
    lists = ([(t.slug, t.name, t.count) for t in index.topics.values()],
             [(t.slug, t.name, t.count) for t in list(index.tags.values())[:TOP_TAGS]])
    # every archive page, so that every document is two links from here
    pages = Value((len(index.documents), archive.page_list(site)))
    reads = (Wholes(index.documents[:NEWEST]), Value(lists), pages)
    if root := next((s.doc for s in index.sections if not s.folder), None):
        reads += (Whole(root, site.bodies[root.rel]), Value(site.body_links(root, site.bodies[root.rel])))
    yield Page(site.urls.file_for(site.urls.home()), "home.html", _context, reads)


def _context(g: Globals, documents: list, lists: tuple, pages: tuple, intro: tuple | None = None,
             links: list[str] | None = None) -> dict:
    topics, tags = lists
    total, archive_pages = pages
    context = {"url": g.urls.home(), "documents": documents, "topics": topics, "tags": tags, "total": total,
               "archive_pages": archive_pages}
    if intro:  # its body's HTML is read by the worker that renders the page, its links' URLs put in
        context["body_key"], context["body_links"] = intro[0].version, links or []
    return context
