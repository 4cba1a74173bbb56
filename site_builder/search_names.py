"""The names a page is found by: every name and alias of the entities a document mentions
or is filed under (of an entity page, its own), as words of its search index.

Pagefind splits a Chinese page's text into words with jieba, and the search page splits a
query with the browser's segmenter (theme/static/search.js): the two disagree on names
(jieba cuts 林纳斯·托瓦兹 into single characters and 零一万物 into 零|一|万物), and a query
whose words are not the index's finds nothing. Pagefind does not split the words of a
page's metadata (data-pagefind-meta: split at spaces only) and matches a query word against
the start of an indexed word. So each name is given as the pieces the search page splits
a query at (spaces, and between Han and other scripts); the search page keeps a registered
name's Han piece whole in a query (han_runs). A person's Han piece is given with every one
of its suffixes as well: a reader types a given name or the last part of a transliteration
(李开复 → 开复, 林纳斯 → 纳斯), which starts inside the name. An organisation's or a topic's
is not (杭州深度求索人工智能基础技术研究有限公司 made 19 words): on 1,000 bench pages the
suffixes of every name were half the name words and 9% of Pagefind's CPU."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import chain, pairwise

from site_builder.cjk import HAN

# the search page's split of a query: at spaces, and where Han meets another script
_PIECES = re.compile(rf"[{HAN}]+|[^\s{HAN}]+")
_HAN = re.compile(rf"[{HAN}]")


def words(names: Iterable[str], people: Iterable[str] = ()) -> str:
    """The index words for these names and people's names (each Han piece with its suffixes),
    once each, space-separated (a metadata value). A word that starts another of them is left
    out (李开复 beside 李开复博士, 源 beside 源代码): a query word that finds it finds the longer one
    as well, since Pagefind matches the start of a word (on 1,000 bench pages: 23% fewer name
    words, Pagefind's CPU 2-4% less, its files 4% smaller)."""
    found = list(dict.fromkeys(chain(chain.from_iterable(map(_pieces_of, names)),
                                     chain.from_iterable(map(_words_of, people)))))
    # Pagefind compares words in lower case; in sorted order a word that starts another starts the next
    ordered = sorted({word.lower() for word in found})
    starts = {word for word, after in pairwise(ordered) if after.startswith(word)}
    return " ".join(word for word in found if word.lower() not in starts)


def han_runs(names: Iterable[str]) -> list[str]:
    """The runs of two or more Han characters of these names, once each, in order: words of
    the index (words above) that the search page keeps whole in a query where the browser's
    segmenter would split them (theme/static/search.js: words), as the index has them: 基础模型
    is searched as 基础模型, not as 基础 and 模型 (each found on pages that do not name it)."""
    return sorted({piece for name in names for piece in _pieces_of(name) if _HAN.match(piece) and len(piece) > 1})


@lru_cache(maxsize=1 << 16)  # the same few hundred names, on every page that names them
def _pieces_of(name: str) -> tuple[str, ...]:
    # Pagefind keeps letters and digits only
    return tuple(piece for piece in _PIECES.findall(name) if _HAN.match(piece) or any(c.isalnum() for c in piece))


@lru_cache(maxsize=1 << 16)
def _words_of(name: str) -> tuple[str, ...]:
    """A person's name: its pieces, each Han piece with its suffixes."""
    found: list[str] = []
    for piece in _pieces_of(name):
        if _HAN.match(piece):
            found.extend(piece[start:] for start in range(len(piece)))
        else:
            found.append(piece)
    return tuple(found)
