"""Emitters: each makes one kind of output.

A page emitter yields pages (pages.Page, pages.Group, pages.File), each with what it reads:
the build's PageMaker decides which to make and which to keep. A file emitter writes its
files itself (`emit(site, out) -> int`), each kept when its bytes are the previous
build's. To add an output kind, write a module with one of these and list it here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from site_builder.emitters import (
    archive,
    beside,
    citations,
    cname,
    documents,
    entities,
    feed,
    feeds,
    home,
    nojekyll,
    not_found,
    redirects,
    robots,
    search,
    sections,
    sitemap,
    static_files,
    taxonomies,
)
from site_builder.output import OutputTree
from site_builder.pages import Item
from site_builder.site import Site


@dataclass(frozen=True)
class Emitter:
    name: str
    pages: Callable[[Site, OutputTree], Iterable[Item]] | None = None
    files: Callable[[Site, OutputTree], int] | None = None
    on_workers: bool = False  # its pages are rendered on the executor's workers


EMITTERS: list[Emitter] = [
    Emitter("documents", pages=documents.pages, on_workers=True),
    # an edit's shards, indexed while the entities' pages are made (as they were, most of the time)
    Emitter("search shards of documents", files=search.guess_shards),
    Emitter("entity pages", pages=entities.pages, on_workers=True),
    # the search index's shards of the pages above, indexed from now on when few changed (search.py)
    Emitter("search shards", files=search.plan_shards),
    Emitter("archive", pages=archive.pages, on_workers=True),
    Emitter("tag pages", pages=taxonomies.pages, on_workers=True),
    Emitter("entity cards", files=entities.emit_cards),
    Emitter("sources index", pages=citations.pages, on_workers=True),
    Emitter("section pages", pages=sections.pages, on_workers=True),
    Emitter("home", pages=home.pages, on_workers=True),  # on workers: it may show a section's text
    Emitter("404 page", pages=not_found.pages),
    Emitter("static files", files=static_files.emit),
    Emitter("files beside documents", files=beside.emit),
    # Pagefind indexes the pages written above, then /search/ knows if it may load it
    Emitter("search index", files=search.emit_index),
    Emitter("search page", files=search.emit_page),
    # publishing: the sitemap lists the pages written above; redirects come after every page they must not replace
    Emitter("sitemap", pages=sitemap.pages),
    Emitter("robots.txt", files=robots.emit),
    Emitter("Atom feed", files=feed.emit),
    Emitter("tag and entity feeds", pages=feeds.pages),
    Emitter(".nojekyll", files=nojekyll.emit),
    Emitter("CNAME", files=cname.emit),
    Emitter("alias redirects", files=redirects.emit),
]
