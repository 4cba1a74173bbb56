"""Atom feeds (RFC 4287) of the newest dated documents: feed.xml for the site, and one per
tag, topic and entity (emitters/feeds.py) made by the same atom(). A document without a date
has no place in "newest" and no honest <updated>, so it is left out.

A date given to the year or the month (a PDF that says only 2026) has no instant, and Atom's
dates must be RFC 3339 instants. The entry keeps its place (the feed is how subscribers learn
of the document), and says no more than the writer did where Atom lets it:
- <published> is optional: left out, rather than claiming 2026-01-01T00:00:00Z;
- <updated> is required: the first instant of the period (2026-01-01T00:00:00Z), the one value
  that never makes the entry look newer than it is, nor lies in the future;
- <dc:date> (Dublin Core, a foreign element Atom allows, W3C-DTF dates) carries the date as
  written, "2026", for a reader that wants its precision."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from itertools import islice

from site_builder.config import Config
from site_builder.emitters.xmlfiles import text, timestamp, to_bytes
from site_builder.model import Document
from site_builder.output import OutputTree
from site_builder.site import Site
from site_builder.urls import Urls

ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/elements/1.1/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NEWEST = 20
EPOCH = "1970-01-01T00:00:00Z"  # <updated> is required; a feed with no entries has no better value
INSTANTS = ("day", "time")  # precisions a <published> may state (a day as its midnight UTC)


def _sub(parent: ET.Element, tag: str, value: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, {k: text(v) for k, v in attrs.items()})
    if value is not None:
        element.text = text(value)
    return element


def newest(documents: Iterable[Document]) -> list[Document]:
    """The NEWEST dated documents of a list that is newest first."""
    return list(islice((d for d in documents if d.date), NEWEST))


def atom(config: Config, urls: Urls, documents: list[Document], title: str, page_url: str, feed_url: str) -> bytes:
    """The feed of documents (dated, newest first) listed at page_url, served at feed_url."""
    page = urls.absolute(page_url)
    feed = ET.Element("feed", {"xmlns": ATOM, "xmlns:dc": DC, XML_LANG: config.language})
    _sub(feed, "title", title)
    if config.description:
        _sub(feed, "subtitle", config.description)
    _sub(feed, "id", page)
    _sub(feed, "link", rel="self", type="application/atom+xml", href=urls.absolute(feed_url))
    _sub(feed, "link", rel="alternate", type="text/html", href=page)
    changed = [doc.modified for doc in documents if doc.modified]
    _sub(feed, "updated", timestamp(max(changed, key=lambda w: w.sort_key)) if changed else EPOCH)
    _sub(_sub(feed, "author"), "name", config.title)  # for entries that name no author of their own
    _sub(feed, "generator", "site-builder")
    for doc in documents:
        _entry(feed, doc, urls, config.language)
    return to_bytes(feed)


def _entry(feed: ET.Element, doc: Document, urls: Urls, language: str) -> None:
    assert doc.date is not None
    url = urls.absolute(urls.document(doc.slug))
    # a document in another language than the feed's says so (its own `lang`)
    entry = _sub(feed, "entry", **({XML_LANG: doc.lang} if doc.lang and doc.lang != language else {}))
    _sub(entry, "title", doc.title)
    _sub(entry, "link", rel="alternate", type="text/html", href=url)
    _sub(entry, "id", url)
    if doc.date.precision in INSTANTS:
        _sub(entry, "published", timestamp(doc.date))
    else:  # see the module's text
        _sub(entry, "dc:date", doc.date.iso)
    _sub(entry, "updated", timestamp(doc.modified or doc.date))
    for name in doc.authors or ([doc.source] if doc.source else []):  # the publisher stands in
        _sub(_sub(entry, "author"), "name", name)
    for tag in doc.tags:
        _sub(entry, "category", term=tag)
    if doc.summary:  # optional in Atom when the entry links to its page
        _sub(entry, "summary", doc.summary, type="text")


def emit(site: Site, out: OutputTree) -> int:
    urls, config = site.urls, site.config
    out.write_bytes("feed.xml", atom(config, urls, newest(site.index.documents), config.title, urls.home(),
                                     urls.static("feed.xml")))
    return 1
