"""Tags: an index of all tags with counts, and a paginated page per tag.
(Topics are entities: see emitters/entities.py.)"""

from __future__ import annotations

from site_builder.emitters.pagination import paginate
from site_builder.output import OutputTree
from site_builder.site import Site


def emit_tags(site: Site, out: OutputTree) -> int:
    urls, index = site.urls, site.index
    briefs = [(t.slug, t.name, t.count) for t in index.tags.values()]
    out.write_page(urls.file_for(urls.tags()), "tags.html", {"tags": briefs, "url": urls.tags()})
    written = 1
    for taxon in index.tags.values():
        entity = index.tag_entity(taxon.name)
        for url, pager in paginate(taxon.documents, site.config.page_size, lambda n, s=taxon.slug: urls.tag(s, n)):
            out.write_page(urls.file_for(url), "tag.html", {
                "tag": (taxon.slug, taxon.name, taxon.count), "pager": pager, "url": url, "entity": entity})
            written += 1
    return written
