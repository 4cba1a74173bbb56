"""CJK characters: the one definition the project uses, the markdown-cjk-friendly proposal's
(https://github.com/tats-u/markdown-cjk-friendly/blob/main/specification.md, "CJK character"):
a character whose East_Asian_Width (UAX #11) is Wide, Fullwidth or Halfwidth and that is not
an emoji by default (Emoji_Presentation, UTS #51), or whose script (UAX #24) is Hangul. So
Han, kana, bopomofo, Yi, Hangul, CJK punctuation, ㈱ ㊗ ㎡, small and vertical forms, full- and
halfwidth forms are CJK; 😀 is not, and neither is 🈚 (an emoji), while 🈂 and 〰 are (text first).

Python's unicodedata knows East_Asian_Width only as of the interpreter's Unicode (14.0 on 3.11),
and knows neither Emoji_Presentation nor Script: the `regex` library has all three, of a newer
Unicode. It is asked once, at import, for every code point; what it answers becomes ranges for
`re` character classes, from which the modules that look for CJK text build their patterns.
Unassigned code points are CJK where Unicode says they default to Wide (UAX #11: the CJK
ideograph blocks, planes 2 and 3), so an ideograph newer than the library still counts.

- CJK: the proposal's CJK characters (emphasis and strikethrough: cjk_emphasis.py);
- UNSPACED: the CJK characters of the scripts written without spaces between words, all but
  Hangul (Korean separates words with spaces): where a space beside one is noise (plaintext.py's
  PDF text, citations.py's keys);
- HAN: the Han script (Script=Han: hanzi, kanji, hanja; suggest.py's Chinese names). The search
  page's script (theme/static/search.js) uses the browser's \\p{Script=Han}, the same set.
"""

from __future__ import annotations

import array
import re

import regex

# Unicode's default for unassigned code points: Wide in these (UAX #11, "Unassigned and
# Private-Use Characters"), Neutral elsewhere. (regex reports every unassigned one as Wide.)
_DEFAULT_WIDE = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fffd\U00030000-\U0003fffd"
_WIDE = rf"[[\p{{ea=W}}\p{{ea=F}}\p{{ea=H}}]&&[\p{{Assigned}}{_DEFAULT_WIDE}]]"
CJK_PROPERTY = rf"[[{_WIDE}--\p{{Emoji_Presentation}}]\p{{Script=Hangul}}]"
UNSPACED_PROPERTY = rf"[{CJK_PROPERTY}--\p{{Script=Hangul}}]"
HAN_PROPERTY = r"\p{Script=Han}"
# Every CJK character is in here: nothing below U+1100 (Hangul Jamo, the first Wide
# characters) is Wide, Fullwidth, Halfwidth or Hangul, nor anything past plane 3 (planes 14-16
# hold tags, variation selectors and private use, all Ambiguous or Neutral); a test checks it.
SCANNED = (0x1100, 0x40000)


def _code_points() -> str:
    """Every character in SCANNED, in order (a space for each surrogate: they are no characters
    and cannot be decoded), so that a character's index plus SCANNED[0] is its code point."""
    def text(start: int, stop: int) -> str:
        return array.array("I", range(start, stop)).tobytes().decode("utf-32-le")

    return text(SCANNED[0], 0xD800) + " " * 0x800 + text(0xE000, SCANNED[1])


def _ranges(prop: str, code_points: str) -> list[tuple[int, int]]:
    """The code points in SCANNED with a property, as (first, last) runs."""
    return [(m.start() + SCANNED[0], m.end() - 1 + SCANNED[0])
            for m in regex.finditer(rf"{prop}+", code_points, flags=regex.V1)]


def _class(ranges: list[tuple[int, int]]) -> str:
    """The inside of a `re` character class: [{CJK}] matches one CJK character."""
    return "".join(rf"\U{a:08x}" if a == b else rf"\U{a:08x}-\U{b:08x}" for a, b in ranges)


_all = _code_points()
CJK_RANGES = _ranges(CJK_PROPERTY, _all)
CJK = _class(CJK_RANGES)
UNSPACED = _class(_ranges(UNSPACED_PROPERTY, _all))
HAN = _class(_ranges(HAN_PROPERTY, _all))
del _all
_CJK_CHAR = re.compile(f"[{CJK}]")


def is_cjk(char: str) -> bool:
    """Whether a character (a string of one) is a CJK character."""
    return _CJK_CHAR.match(char) is not None
