"""Words an extractor broke at a soft hyphen, joined again.

A browser prints a PDF with the soft hyphens of the page (U+00AD, where a long word may be
broken) still in its text; where the word was not broken the mark is invisible, and pypdf
and pdfminer.six give it as a space: `check pointing`, `cur ated`. Nothing in one line says
which space is a word's, so the document is read as a whole, with SymSpell's English words
and word pairs (counted in Google Books; symspellpy ships them):

- a pair whose halves are not both words while the two make one (`cur ated`, `mis leading`)
  is a broken word; two different such pairs in a document say its extractor breaks words
  this way (none of 3,700 English texts of a Debian system and Python's library has two);
- in such a document only, two words that make one long word (`bottle necks`), or an
  inflection of one (`check pointing`: Snowball's stem of the two is `checkpoint`), and are not a
  pair of words one writes (`over all`, `some times`) are one word too; and so are two words
  a single space apart on a line whose other words pdfminer.six set two spaces apart (the
  widened spaces of a justified line: `loading  and  check pointing.`), unless they are a
  common pair.

A space found to stand for a soft hyphen is given back as one (U+00AD): the paragraph's text
(plainparas.join) drops it, and knows the document marks its breaks, so a hyphen at a line
end is the writer's (old-/fashioned). pdftotext keeps soft hyphens but takes every hyphen at
a line end for one, joining the two lines without it: in its text, that hyphen is given back
(_rehyphenate).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any

SOFT_HYPHEN = "\u00ad"
MIN_EVIDENCE = 2  # different broken words that only a lost soft hyphen explains
MIN_HALF = 2  # letters on either side of a soft hyphen (TeX asks for 2 and 3)
MIN_BROKEN = 6  # letters of a word broken at a soft hyphen
MIN_JOINED = 7  # letters: a word of two words is joined only when long (joining short ones risks more)
MAX_STEMS = 5000  # words a document may have stemmed (half a second)
MIN_WIDE_GAPS = 3  # two-space gaps on a line that pdfminer justified wide
MIN_MEASURE = 20  # characters: a line of prose, not a heading
JOINED_LINES = 1.6  # times the measure: a line this long is two joined
MIN_PART = 3  # letters of each word of a compound pdftotext joined
_LATIN_LINE = re.compile(r"^[\x00-\x7f\u00ad]+$")
LINE_END = (0.7, 1.15)  # of the measure: where the first of two joined lines ended
_WORD = re.compile(r"(?<!\S)[a-z]{6,}(?=[\s,.;:!?)]|$)")  # a word of prose, not of a path or a name
# a space between two runs of letters; the lookahead finds overlapping pairs (carefully cur, cur ated)
_PAIR = re.compile(r"(?<![A-Za-z\u00ad'’-])(?=([A-Za-z]+) ([a-z]+)(?![A-Za-z\u00ad'’-]))")
_WIDE_GAP = re.compile(r"\S {2}(?=\S)")


@cache
def _words() -> frozenset[str]:
    return frozenset(_first_fields("frequency_dictionary_en_82_765.txt", 1))


@cache
def _pairs() -> frozenset[str]:
    return frozenset(_first_fields("frequency_bigramdictionary_en_243_342.txt", 2))


def _first_fields(name: str, n: int) -> list[str]:
    text = (files("symspellpy") / name).read_text(encoding="utf-8")
    return [" ".join(line.split(" ")[:n]) for line in text.splitlines() if line]


def _broken(head: str, tail: str) -> bool:
    """Only a lost soft hyphen explains the pair: the halves are not both words, the two are one
    (a letter alone is a symbol or an initial: `x or`, `the e`)."""
    words = _words()
    return (min(len(head), len(tail)) >= MIN_HALF and len(head) + len(tail) >= MIN_BROKEN
            and (head + tail).lower() in words and not (head.lower() in words and tail in words))


def _one_word(head: str, tail: str, stems: list[int]) -> bool:
    """Two words that also make one long word, or an inflection of one (checkpointing: its
    Snowball stem, checkpoint, is a word), and are no pair of words one writes. stems: how
    many words the document may still stem (Snowball in Python takes a tenth of a
    millisecond a word: a huge text stops asking, and stays fast)."""
    joined = (head + tail).lower()
    if len(joined) < MIN_JOINED or f"{head.lower()} {tail}" in _pairs():
        return False
    if joined in _words():
        return True
    if stems[0] <= 0:
        return False
    stems[0] -= 1
    return _stem(joined) in _words()


@cache
def _stemmer() -> Any:
    import snowballstemmer  # here: only a document with broken words needs it

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=1 << 16)  # a text's words repeat
def _stem(word: str) -> str:
    return _stemmer().stemWord(word)


def _not_a_pair(head: str, tail: str) -> bool:
    return f"{head.lower()} {tail}" not in _pairs()


def rejoin(lines: list[str]) -> list[str]:
    """The lines (raw, as the extractor spaced them), each space that stood for a soft hyphen
    given back as one, and each hyphen pdftotext took for one given back."""
    if any(SOFT_HYPHEN in line for line in lines):
        return _rehyphenate(lines)
    if not any(" " in line for line in lines):
        return lines
    evidence = {(m[1].lower(), m[2]) for line in lines for m in _PAIR.finditer(line) if _broken(m[1], m[2])}
    if len(evidence) < MIN_EVIDENCE:
        return lines
    stems = [MAX_STEMS]
    return [_rejoin_line(line, stems) for line in lines]


def _justified_wide(line: str) -> bool:
    """pdfminer.six's line of words two spaces apart, with a single space or two among them
    (not a typist's two spaces after a full stop: those lines are mostly single-spaced)."""
    wide = len(_WIDE_GAP.findall(line))
    return wide >= MIN_WIDE_GAPS and len(_PAIR.findall(line)) <= wide // MIN_WIDE_GAPS


def _rejoin_line(line: str, stems: list[int]) -> str:
    wide = _justified_wide(line)
    cuts: list[int] = []  # where the space stands, left to right
    for m in _PAIR.finditer(line):
        head, tail = m[1], m[2]
        at = m.start() + len(head)
        if cuts and cuts[-1] == m.start() - 1:
            continue  # the head was joined to the word before it already
        if _broken(head, tail) or _one_word(head, tail, stems) or (wide and _not_a_pair(head, tail)):
            cuts.append(at)
    for at in reversed(cuts):
        line = line[:at] + SOFT_HYPHEN + line[at + 1 :]
    return line


def _rehyphenate(lines: list[str]) -> list[str]:
    """pdftotext joins a line ending in a hyphen to the next, without the hyphen (old-/fashioned
    -> oldfashioned), as if every such hyphen were a soft one. In a text that keeps its soft
    hyphens, a hyphen at a line end was the writer's: where a line is far longer than the
    measure (two lines joined), a word that is no word but two words in one way only
    (old + fashioned) gets its hyphen back."""
    latin = sorted(len(line) for line in lines if len(line) >= MIN_MEASURE and _LATIN_LINE.match(line))
    if not latin:
        return lines
    measure = latin[len(latin) // 2]
    return [_rehyphenate_line(line, measure) if len(line) > JOINED_LINES * measure else line for line in lines]


def _rehyphenate_line(line: str, measure: int) -> str:
    """The one word where the first line ended (near the measure) gets its hyphen back."""
    words = _words()
    for m in _WORD.finditer(line):
        word = m[0]
        if word in words:
            continue
        cuts = [k for k in range(MIN_PART, len(word) - MIN_PART + 1) if word[:k] in words and word[k:] in words
                and LINE_END[0] * measure <= m.start() + k <= LINE_END[1] * measure]
        if len(cuts) == 1:
            at = m.start() + cuts[0]
            return line[:at] + "-" + line[at:]
    return line
