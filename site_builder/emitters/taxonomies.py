"""Tags: an index of all tags with counts, and a paginated page per tag.
(Topics are entities: see emitters/entities.py.)"""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from site_builder.emitters.pagination import page_urls, paginate
from site_builder.index import card_number
from site_builder.output import OutputTree
from site_builder.site import Site


def emit_tags(site: Site, out: OutputTree) -> int:
    urls, index = site.urls, site.index
    briefs = [(t.slug, t.name, t.count) for t in index.tags.values()]
    out.write_page(urls.file_for(urls.tags()), "tags.html", {"tags": briefs, "url": urls.tags()})
    written = 1
    size = site.config.page_size
    for taxon in index.tags.values():
        entity = index.tag_entity(taxon.name)
        url_for, tag = partial(urls.tag, taxon.slug), (taxon.slug, taxon.name, taxon.count)
        # a tag's pages show its documents' cards, not their bodies
        group = f"{taxon.name}|{size}|{entity!r}|{taxon.count}|{sum(card_number(d) for d in taxon.documents)}"
        pages = [urls.file_for(url) for url in page_urls(taxon.documents, size, url_for)]
        if out.keep_group(f"tag:{taxon.slug}", group, pages):
            written += len(pages)
            continue
        for url, pager in paginate(taxon.documents, size, url_for):
            inputs = (f"{url}|{pager.page}/{pager.pages}|{taxon.name}|{taxon.count}|{entity!r}|"
                      f"{sum(card_number(doc) for doc in pager.items)}")
            out.write_page_from(urls.file_for(url), "tag.html", inputs, lambda url=url, pager=pager, tag=tag, e=entity:
                                {"tag": tag, "pager": replace(pager, items=[d.listed for d in pager.items]),
                                 "url": url, "entity": e})
            written += 1
    return written
