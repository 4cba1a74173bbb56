"""URL slugs: readable Unicode (Chinese stays Chinese), safe on every filesystem.

Unicode rather than pinyin: a Chinese reader recognises 基础模型 in the address bar,
pinyin guesses polyphones (重 chong/zhong) and needs a dictionary, and every
browser and GitHub Pages handle UTF-8 paths.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

_UNSAFE = re.compile(r"[^\w-]+")  # \w is Unicode-aware: CJK letters and digits stay
_DASHES = re.compile(r"-{2,}")
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
             *(f"lpt{i}" for i in range(10))}  # Windows device names
# File systems limit a name to 255 bytes, not characters: 80 CJK characters are 240 bytes of
# UTF-8, but 80 of CJK Extension B (4 bytes each) are 320. Cut by bytes, with room left for
# unique()'s "-N" and an 8-character hash.
MAX_BYTES = 240


@lru_cache(maxsize=1 << 16)  # tags and topics repeat across thousands of documents
def slugify(text: str, fallback: str = "untitled") -> str:
    """Lower-case, NFKC-normalised, punctuation and spaces folded to single dashes."""
    slug = unicodedata.normalize("NFKC", text).casefold()
    slug = _DASHES.sub("-", _UNSAFE.sub("-", slug)).strip("-_")
    if len(encoded := slug.encode()) > MAX_BYTES:
        # keep it unique: two long titles sharing a prefix must not collide
        digest = hashlib.sha1(encoded).hexdigest()[:8]
        # cut at a character's start: a continuation byte is 0b10xxxxxx
        slug = encoded[: MAX_BYTES - 9].decode(errors="ignore").rstrip("-_") + "-" + digest
    if not slug:
        return fallback
    if slug in _RESERVED:
        slug += "-"
    return slug


def unique(slug: str, taken: set[str]) -> str:
    """The slug itself, or slug-2, slug-3 ... whichever is still free; records it."""
    candidate, n = slug, 1
    while candidate in taken:
        n += 1
        candidate = f"{slug}-{n}"
    taken.add(candidate)
    return candidate
