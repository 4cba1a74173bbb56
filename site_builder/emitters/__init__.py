"""Emitters: each writes one kind of output and returns how many pages it wrote.

To add an output kind, write a module with `emit(site, out) -> int` and list it here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from site_builder.emitters import (
    citations,
    cname,
    documents,
    entities,
    feed,
    home,
    nojekyll,
    not_found,
    redirects,
    robots,
    search,
    sitemap,
    static_files,
    taxonomies,
)
from site_builder.output import OutputTree
from site_builder.site import Site


@dataclass(frozen=True)
class Emitter:
    name: str
    emit: Callable[[Site, OutputTree], int]
    on_workers: bool = False  # renders pages on the executor's workers (OutputTree.write_page)


EMITTERS: list[Emitter] = [
    Emitter("documents", documents.emit, on_workers=True),
    Emitter("tag pages", taxonomies.emit_tags, on_workers=True),
    Emitter("entity pages", entities.emit, on_workers=True),
    Emitter("entity cards", entities.emit_cards),
    Emitter("sources index", citations.emit, on_workers=True),
    Emitter("home", home.emit),
    Emitter("404 page", not_found.emit),
    Emitter("static files", static_files.emit),
    # Pagefind indexes the pages written above, then /search/ knows if it may load it
    Emitter("search index", search.emit_index),
    Emitter("search page", search.emit_page),
    # publishing: the sitemap lists the pages written above; redirects come after every page they must not replace
    Emitter("sitemap", sitemap.emit),
    Emitter("robots.txt", robots.emit),
    Emitter("Atom feed", feed.emit),
    Emitter(".nojekyll", nojekyll.emit),
    Emitter("CNAME", cname.emit),
    Emitter("alias redirects", redirects.emit),
]
