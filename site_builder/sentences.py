"""The sentence around a position in a text: the context shown beside a mention or a
citation. Chinese and English sentence ends both count."""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Any

_END = "。！？!?…"
_CLOSERS = "”’\"」』）)】"
_BOUNDARY = re.compile(rf"[{_END}][{_CLOSERS}]*|\.(?=\s)[{_CLOSERS}]*|\n")
_TRAILING = set(_CLOSERS + _END + ".")  # stripped from the end before looking for the sentence
MAX_CHARS = 240  # a context longer than this is cut at the mention, with an ellipsis


def boundaries(text: str) -> list[int]:
    """Where each sentence of text ends; find sentences with sentence_span(..., ends=...)."""
    return [m.end() for m in _BOUNDARY.finditer(text)]


def sentence_span(text: str, start: int, end: int | None = None,
                  ends: list[int] | None = None) -> tuple[int, int]:
    """(begin, finish) of the sentence holding text[start:end]. Pass ends=boundaries(text)
    when looking up many positions in one text: each lookup is then a binary search."""
    end = start if end is None else end
    ends = boundaries(text) if ends is None else ends
    i = bisect_right(ends, start)
    begin = ends[i - 1] if i else 0
    j = bisect_right(ends, end)
    finish = ends[j] if j < len(ends) else len(text)
    while begin < finish and text[begin].isspace():
        begin += 1
    return begin, finish


def sentence_before(text: str) -> str:
    """The sentence that ends text (a footnote reference cites the sentence before it).
    Only the end of text is read: the sentence is clipped to MAX_CHARS anyway, so a
    paragraph with thousands of references costs the same for each."""
    end = len(text)
    while end and text[end - 1].isspace():
        end -= 1
    core = end
    while core and text[core - 1] in _TRAILING:
        core -= 1
    start = max(0, core - 2 * MAX_CHARS)
    begin, _ = sentence_span(text[start:core], core - start)
    return clip(text[start + begin : end].strip())


def clip(sentence: str) -> str:
    if len(sentence) <= MAX_CHARS:
        return sentence
    return "…" + sentence[-(MAX_CHARS - 1):]


def unstowed(holder: Any) -> str:
    """The sentence a mention or a note reference holds, until its worker stows it in the
    cache (cache.stow_passages); a template reads either with sentence(...)."""
    if holder.source:
        raise ValueError("this sentence is stowed in the cache: a template reads it with sentence(...)")
    return holder.utf8.decode()
