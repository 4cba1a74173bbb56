"""Tags and topics: an index of all with counts, and a paginated page each."""

from __future__ import annotations

from collections.abc import Callable

from site_builder.index import Taxon
from site_builder.output import OutputTree
from site_builder.site import Site


def _emit(site: Site, out: OutputTree, kind: str, taxa: dict[str, Taxon],
          index_url: str, taxon_url: Callable[[str, int], str]) -> int:
    out.write_text(site.urls.file_for(index_url),
                   site.render("taxonomy.html", kind=kind, taxa=list(taxa.values()), url=index_url))
    written = 1
    size = site.config.page_size
    for taxon in taxa.values():
        pages = max(1, -(-taxon.count // size))
        for n in range(1, pages + 1):
            url = taxon_url(taxon.slug, n)
            html = site.render(
                "taxon.html", kind=kind, taxon=taxon, url=url,
                documents=taxon.documents[(n - 1) * size : n * size],
                page=n, pages=pages,
                prev_url=taxon_url(taxon.slug, n - 1) if n > 1 else None,
                next_url=taxon_url(taxon.slug, n + 1) if n < pages else None,
            )
            out.write_text(site.urls.file_for(url), html)
            written += 1
    return written


def emit_tags(site: Site, out: OutputTree) -> int:
    return _emit(site, out, "tags", site.index.tags, site.urls.tags(), site.urls.tag)


def emit_topics(site: Site, out: OutputTree) -> int:
    return _emit(site, out, "topics", site.index.topics, site.urls.topics(), site.urls.topic)
