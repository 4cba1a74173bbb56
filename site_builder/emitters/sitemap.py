"""sitemap.xml (sitemaps.org 0.9): the absolute URL of every HTML page written before it,
with <lastmod> for documents that have a date (when they last changed, if they say: Document.modified).
It runs after the page emitters and before the alias redirects, which are not pages to
index; 404.html is left out too."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator

from site_builder.depends import Value
from site_builder.emitters.xmlfiles import to_bytes, w3c_date
from site_builder.output import OutputTree
from site_builder.pages import File, Globals
from site_builder.site import Site

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NOT_PAGES = {"404.html"}


def pages(site: Site, out: OutputTree) -> Iterator[File]:
    urls = site.urls
    dated = {urls.file_for(urls.document(d.slug)): w3c_date(d.modified) for d in site.index.documents if d.modified}
    pages = [rel for rel in sorted(out.files) if rel.endswith(".html") and rel not in NOT_PAGES]
    yield File("sitemap.xml", _sitemap, (Value(pages), Value(dated)))


def _sitemap(g: Globals, pages: list[str], dated: dict[str, str]) -> bytes:
    urlset = ET.Element("urlset", xmlns=NS)
    for rel in pages:
        entry = ET.SubElement(urlset, "url")
        ET.SubElement(entry, "loc").text = g.urls.absolute(g.urls.for_file(rel))
        if when := dated.get(rel):
            ET.SubElement(entry, "lastmod").text = when
    return to_bytes(urlset)
