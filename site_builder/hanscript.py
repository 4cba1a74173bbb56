"""Which Chinese script a text is written in, and a character's Simplified form: OpenCC's
character tables (opencc-python-reimplemented ships them), read once.

A PDF extractor that meets a glyph shared by a Kangxi radical and an ideograph emits the
radical (⼾); its compatibility decomposition (NFKC) is the Traditional form (戶), while in a
Simplified font the glyph is the Simplified one (户). So plainpages.py asks here whether the
document is Simplified Chinese and, if so, gives such a character its Simplified form. The
characters the author's text spells out as ideographs are never converted.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib.resources import files

MIN_MARKED = 10  # characters only Simplified Chinese writes: fewer, and the script is not known
MAX_TRADITIONAL = 0.1  # of the characters that tell one script from the other


def _table(name: str) -> dict[str, list[str]]:
    """An OpenCC dictionary: a character -> its candidates in the other script, best first."""
    text = (files("opencc") / "dictionary" / name).read_text(encoding="utf-8")
    table: dict[str, list[str]] = {}
    for line in text.splitlines():
        key, _, values = line.partition("\t")
        if len(key) == 1 and values:
            table[key] = values.split()
    return table


@cache
def _scripts() -> tuple[dict[str, str], frozenset[str]]:
    """(a Traditional-only character -> its Simplified form, the Simplified-only characters).
    Only: the character is never written in the other script (乾 and 台 are both)."""
    to_simplified, to_traditional = _table("TSCharacters.txt"), _table("STCharacters.txt")
    traditional = {c: forms[0] for c, forms in to_simplified.items()
                   if c not in forms and c not in to_traditional and len(forms[0]) == 1}
    simplified = frozenset(c for c, forms in to_traditional.items() if c not in forms and c not in to_simplified)
    return traditional, simplified


def is_simplified(chars: Iterable[str]) -> bool:
    """The text is Simplified Chinese: at least MIN_MARKED characters only Simplified writes
    (们, 这), and Traditional-only ones (們, 這) are at most a tenth of those that tell."""
    traditional, simplified = _scripts()
    marked_s = marked_t = 0
    for c in chars:
        marked_s += c in simplified
        marked_t += c in traditional
    return marked_s >= MIN_MARKED and marked_t <= MAX_TRADITIONAL * (marked_s + marked_t)


def simplified_form(char: str) -> str:
    """The Simplified form of a Traditional-only character (戶 -> 户), else the character."""
    return _scripts()[0].get(char, char)
