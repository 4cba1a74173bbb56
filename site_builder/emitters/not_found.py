"""404.html at the site root: GitHub Pages and the dev server serve it for a missing path."""

from __future__ import annotations

from site_builder.output import OutputTree
from site_builder.site import Site


def emit(site: Site, out: OutputTree) -> int:
    out.write_text("404.html", site.render("404.html", url=site.urls.static("404.html")))
    return 1
