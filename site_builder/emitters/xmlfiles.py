"""Shared by the XML outputs (sitemap.xml, feed.xml): ElementTree escapes markup, but it
writes any character it is given, and XML 1.0 forbids most control characters; dates in
the two formats the specifications ask for."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC

from site_builder.model import When

# Characters XML 1.0 does not allow anywhere, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def text(value: str) -> str:
    """value with the characters XML cannot hold removed (content is untrusted)."""
    return _NOT_XML.sub("", value)


def to_bytes(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def timestamp(when: When) -> str:
    """RFC 3339 date-time (Atom): a date given without a time is midnight UTC, a time
    without a zone is taken as UTC, as the document sort order does."""
    if when.precision != "time":
        return when.day.isoformat() + "T00:00:00Z"
    value = when.value if when.value.tzinfo else when.value.replace(tzinfo=UTC)
    return value.isoformat(timespec="seconds").replace("+00:00", "Z")


def w3c_date(when: When) -> str:
    """W3C Datetime (sitemaps): as precise as the writer was, 2026 or 2026-05 included."""
    return timestamp(when) if when.precision == "time" else when.iso
