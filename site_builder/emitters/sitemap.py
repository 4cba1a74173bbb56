"""sitemap.xml (sitemaps.org 0.9): the absolute URL of every HTML page written before it,
with <lastmod> for documents that have a date. It runs after the page emitters and
before the alias redirects, which are not pages to index; 404.html is left out too."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from site_builder.emitters.xmlfiles import to_bytes, w3c_date
from site_builder.output import OutputTree
from site_builder.site import Site

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NOT_PAGES = {"404.html"}


def emit(site: Site, out: OutputTree) -> int:
    urls = site.urls
    dated = {urls.file_for(urls.document(d.slug)): d.date for d in site.index.documents if d.date}
    pages = [rel for rel in sorted(out.files) if rel.endswith(".html") and rel not in NOT_PAGES]
    # the same pages with the same dates make the same sitemap: kept without serialising it again
    if out.same_inputs("sitemap.xml", *pages, *(f"{rel} {when.iso}" for rel, when in sorted(dated.items()))) \
            and out.keep("sitemap.xml"):
        return 1
    urlset = ET.Element("urlset", xmlns=NS)
    for rel in pages:
        entry = ET.SubElement(urlset, "url")
        ET.SubElement(entry, "loc").text = urls.absolute(urls.for_file(rel))
        if when := dated.get(rel):
            ET.SubElement(entry, "lastmod").text = w3c_date(when)
    out.write_bytes("sitemap.xml", to_bytes(urlset))
    return 1
