"""404.html at the site root: GitHub Pages and the dev server serve it for a missing path."""

from __future__ import annotations

from collections.abc import Iterator

from site_builder.output import OutputTree
from site_builder.pages import Globals, Page
from site_builder.site import Site


def pages(site: Site, out: OutputTree) -> Iterator[Page]:
    yield Page("404.html", "404.html", _context)


def _context(g: Globals) -> dict:
    return {"url": g.urls.static("404.html")}
