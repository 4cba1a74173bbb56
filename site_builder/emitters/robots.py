"""robots.txt: every crawler may read everything; the sitemap's absolute URL.
Crawlers read it only at the root of a host, so a site under /REPO/ relies on the
sitemap being found otherwise (a search console), but the file does no harm there."""

from __future__ import annotations

from site_builder.output import OutputTree
from site_builder.site import Site


def emit(site: Site, out: OutputTree) -> int:
    sitemap = site.urls.absolute(site.urls.static("sitemap.xml"))
    out.write_text("robots.txt", f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n")
    return 1
