"""feed.xml: an Atom feed (RFC 4287) of the newest dated documents. A document without
a date has no place in "newest" and no honest <updated>, so it is left out."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import islice

from site_builder.emitters.xmlfiles import text, timestamp, to_bytes
from site_builder.output import OutputTree
from site_builder.site import Site

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NEWEST = 20
EPOCH = "1970-01-01T00:00:00Z"  # <updated> is required; a feed with no entries has no better value


def _sub(parent: ET.Element, tag: str, value: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: text(v) for k, v in attrs.items()})
    if value is not None:
        element.text = text(value)
    return element


def emit(site: Site, out: OutputTree) -> int:
    urls, config = site.urls, site.config
    home = urls.absolute(urls.home())
    newest = list(islice((d for d in site.index.documents if d.date), NEWEST))  # newest first already

    feed = ET.Element("feed", {"xmlns": ATOM, XML_LANG: config.language})
    _sub(feed, "title", config.title)
    if config.description:
        _sub(feed, "subtitle", config.description)
    _sub(feed, "id", home)
    _sub(feed, "link", rel="self", type="application/atom+xml", href=urls.absolute(urls.static("feed.xml")))
    _sub(feed, "link", rel="alternate", type="text/html", href=home)
    changed = [doc.modified for doc in newest if doc.modified]
    _sub(feed, "updated", timestamp(max(changed, key=lambda w: w.sort_key)) if changed else EPOCH)
    _sub(_sub(feed, "author"), "name", config.title)  # for entries that name no author of their own
    _sub(feed, "generator", "site-builder")

    for doc in newest:
        assert doc.date is not None
        url = urls.absolute(urls.document(doc.slug))
        entry = _sub(feed, "entry")
        _sub(entry, "title", doc.title)
        _sub(entry, "link", rel="alternate", type="text/html", href=url)
        _sub(entry, "id", url)
        _sub(entry, "published", timestamp(doc.date))
        _sub(entry, "updated", timestamp(doc.modified or doc.date))
        for name in doc.authors or ([doc.source] if doc.source else []):  # the publisher stands in
            _sub(_sub(entry, "author"), "name", name)
        for tag in doc.tags:
            _sub(entry, "category", term=tag)
        if doc.summary:  # optional in Atom when the entry links to its page
            _sub(entry, "summary", doc.summary, type="text")
    out.write_bytes("feed.xml", to_bytes(feed))
    return 1
