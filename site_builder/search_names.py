"""The names a page is found by: every name and alias of the entities a document mentions
or is filed under (of an entity page, its own), as words of its search index.

Pagefind splits a Chinese page's text into words with jieba, and the search page splits a
query with the browser's segmenter (theme/static/search.js): the two disagree on names
(jieba cuts 林纳斯·托瓦兹 into single characters and 零一万物 into 零|一|万物), and a query
whose words are not the index's finds nothing. Pagefind does not split the words of a
page's metadata (data-pagefind-meta: split at spaces only) and matches a query word against
the start of an indexed word. So each name is given as the pieces the search page splits
a query at (spaces, and between Han and other scripts), and each Han piece with every one of
its suffixes: whatever words the browser splits a name (or the start of one) into, each is
the start of one of these (林纳斯 → 林纳斯, 纳斯, 斯)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from site_builder.cjk import HAN

# the search page's split of a query: at spaces, and where Han meets another script
_PIECES = re.compile(rf"[{HAN}]+|[^\s{HAN}]+")
_HAN = re.compile(rf"[{HAN}]")


def words(names: Iterable[str]) -> str:
    """The index words for these names, once each, space-separated (a metadata value)."""
    seen: dict[str, None] = {}
    for name in names:
        for piece in _PIECES.findall(name):
            if _HAN.match(piece):
                for start in range(len(piece)):
                    seen.setdefault(piece[start:], None)
            elif any(c.isalnum() for c in piece):  # Pagefind keeps letters and digits only
                seen.setdefault(piece, None)
    return " ".join(seen)
