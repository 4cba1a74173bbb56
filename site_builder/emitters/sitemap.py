"""sitemap.xml (sitemaps.org 0.9): the absolute URL of every HTML page written before it,
with <lastmod> for documents that have a date (when they last changed, if they say: Document.modified),
but for discovered entities' pages, which wait for a writer's review. It runs after the page
emitters and before the alias redirects, which are not pages to index; 404.html is left out too.

A sitemap lists at most 50,000 URLs (the protocol's limit: a search engine refuses a longer
one, and a site of 20,000 documents has more pages). Past that, sitemap.xml is a sitemap
index naming sitemap-1.xml, sitemap-2.xml ..., each a sitemap of 50,000 pages at most, in
path order: robots.txt names sitemap.xml either way."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator

from site_builder.depends import Value
from site_builder.emitters.xmlfiles import to_bytes, w3c_date
from site_builder.output import OutputTree
from site_builder.pages import File, Globals
from site_builder.site import Site

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"  # <xhtml:link hreflang>: a page's versions in other languages
NOT_PAGES = {"404.html"}
MAX_URLS = 50_000  # URLs in one sitemap (sitemaps.org)


def pages(site: Site, out: OutputTree) -> Iterator[File]:
    urls = site.urls
    dated = {site.page_file(d): w3c_date(d.modified) for d in site.index.every if d.modified}
    # each version of a document names every version (itself too), as Google's sitemaps do
    versions = {site.page_file(d): [(v.lang, urls.document(v.slug)) for v in every]
                for d in site.index.every if (every := site.index.versions.get(d.rel))}
    # a discovered entity's pages wait for a writer's review (registry.Entity.reviewed)
    unreviewed = tuple(urls.file_for(urls.entity(e.section, e.slug)).rsplit("/", 1)[0] + "/"
                       for e in site.index.registry.entities.values() if not e.reviewed)
    pages = [rel for rel in sorted(out.files) if rel.endswith(".html") and rel not in NOT_PAGES
             and not rel.startswith(unreviewed)]
    if len(pages) <= MAX_URLS:
        yield File("sitemap.xml", _sitemap, (Value(pages), Value(dated), Value(versions)))
        return
    parts = [pages[i : i + MAX_URLS] for i in range(0, len(pages), MAX_URLS)]
    names = [f"sitemap-{n}.xml" for n in range(1, len(parts) + 1)]
    yield File("sitemap.xml", _index, (Value(names),))
    for name, part in zip(names, parts, strict=True):
        yield File(name, _sitemap, (Value(part), Value({rel: dated[rel] for rel in part if rel in dated}),
                                    Value({rel: versions[rel] for rel in part if rel in versions})))


def _index(g: Globals, names: list[str]) -> bytes:
    """A sitemap index: the absolute URL of each sitemap."""
    root = ET.Element("sitemapindex", xmlns=NS)
    for name in names:
        ET.SubElement(ET.SubElement(root, "sitemap"), "loc").text = g.urls.absolute(g.urls.static(name))
    return to_bytes(root)


def _sitemap(g: Globals, pages: list[str], dated: dict[str, str], versions: dict[str, list[tuple[str, str]]]
             ) -> bytes:
    urlset = ET.Element("urlset", xmlns=NS)
    if versions:
        urlset.set("xmlns:xhtml", XHTML)
    for rel in pages:
        entry = ET.SubElement(urlset, "url")
        ET.SubElement(entry, "loc").text = g.urls.absolute(g.urls.for_file(rel))
        if when := dated.get(rel):
            ET.SubElement(entry, "lastmod").text = when
        for lang, url in versions.get(rel, ()):
            ET.SubElement(entry, "xhtml:link", rel="alternate", hreflang=lang, href=g.urls.absolute(url))
    return to_bytes(urlset)
