"""The home page: the content folder's own text if it has one (sections.py), newest
documents, topics, top tags."""

from __future__ import annotations

from collections.abc import Iterator

from site_builder.depends import Value, Whole, Wholes
from site_builder.output import OutputTree
from site_builder.pages import Globals, Page
from site_builder.site import Site

NEWEST = 20
TOP_TAGS = 30


def pages(site: Site, out: OutputTree) -> Iterator[Page]:
    index = site.index
    lists = ([(t.slug, t.name, t.count) for t in index.topics.values()],
             [(t.slug, t.name, t.count) for t in list(index.tags.values())[:TOP_TAGS]])
    reads = (Wholes(index.documents[:NEWEST]), Value(lists))
    if root := next((s.doc for s in index.sections if not s.folder), None):
        reads += (Whole(root, site.bodies[root.rel]), Value(site.body_links(root, site.bodies[root.rel])))
    yield Page(site.urls.file_for(site.urls.home()), "home.html", _context, reads)


def _context(g: Globals, documents: list, lists: tuple, intro: tuple | None = None,
             links: list[str] | None = None) -> dict:
    topics, tags = lists
    context = {"url": g.urls.home(), "documents": documents, "topics": topics, "tags": tags}
    if intro:  # its body's HTML is read by the worker that renders the page, its links' URLs put in
        context["body_key"], context["body_links"] = intro[0].version, links or []
    return context
