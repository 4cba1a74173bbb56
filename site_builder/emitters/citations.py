"""The sources index: /citations/ lists every distinct source grouped by publisher, with
every passage that cites it; /citations/<publisher>/ for a publisher of several sources."""

from __future__ import annotations

from site_builder.output import OutputTree
from site_builder.site import Site


def emit(site: Site, out: OutputTree) -> int:
    urls, index = site.urls, site.index
    pages = {slug for slug, p in index.publishers.items() if len(p.sources) > 1 and slug != "-"}
    url = urls.section("citations")
    # a publisher that is a registered company links to its page
    companies = {slug: index.registry.lookup(p.name) for slug, p in index.publishers.items() if slug != "-"}
    out.write_text(urls.file_for(url), site.render(
        "citations.html", publishers=list(index.publishers.values()), publisher_pages=pages, url=url,
        companies=companies))
    for slug in sorted(pages):
        page_url = urls.entity("citations", slug)
        out.write_text(urls.file_for(page_url), site.render(
            "publisher.html", publisher=index.publishers[slug], url=page_url, companies=companies))
    return 1 + len(pages)
