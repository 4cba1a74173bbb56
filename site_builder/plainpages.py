"""Plain text as a PDF extractor gives it -> the lines of the document's content.

Extractors (pdftotext with or without -layout, pypdf, pdfminer.six) differ in what they put
between pages and paragraphs, but all of them keep what is printed on every page: running
headers and footers and page numbers. This module finds the pages (form feeds, else the
page furniture itself), takes the furniture out -- each line it removes is returned, to be
reported, never silently dropped -- reads a page set in two columns (`-layout` puts them
side by side) column after column, unifies the look-alike characters extractors emit
for Han ideographs (in their Simplified form in a Simplified document: hanscript.py) and
gives back the soft hyphens and hyphens an extractor lost (softhyphens.py). What remains
is the lines of the content with what the layout says about each: the blank line or page
break before it, its indent, and how full it is.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from site_builder import softhyphens
from site_builder.cjk import UNSPACED
from site_builder.hanscript import is_simplified, simplified_form

# Kangxi radicals, CJK radicals supplement and CJK compatibility ideographs: pypdf and pdfminer
# map glyphs shared with a unified ideograph to these (⼈ for 人). NFKC maps them to the unified
# character; nothing else of the author's text is normalised.
# The Latin ligatures ﬁ ﬂ ﬀ (U+FB00-FB06) are a font's glyphs that pypdf and pdfminer pass on
# as characters: NFKC spells them out too.
_HAN_LOOKALIKE = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf\uf900-\ufaff\ufb00-\ufb06\U0002f800-\U0002fa1f]")
# CJK radicals supplement: NFKC leaves all but two alone. The ones that stand for a whole
# ideograph, as the Unicode Character Database pairs them (EquivalentUnifiedIdeograph.txt).
_RADICALS = str.maketrans(
    "⺌⺍⺠⺩⺫⺬⺼⻁⻄⻅⻆⻉⻋⻑⻓⻔⻗⻘⻙⻚⻛⻜⻝⻢⻣⻤⻥⻦⻧⻨⻩⻪⻫⻬⻭⻮⻯⻰⻱⻲⻳"
    "⺊⺒⺓⺖⺘⺙⺡⺣⺨⺭⺰⻂⻈⻏⻖⻐⻌⻠",
    "小小民王目示月虎西见角贝车長长门雨青韦页风飞食马骨鬼鱼鸟卤麦黄黾斉齐歯齿竜龙龜亀龟"
    "卜巳幺忄扌攵氵灬犭礻纟衤讠阝阝钅辶饣",
)
_CJK_CHAR = re.compile(rf"[{UNSPACED}]")
_LATIN = re.compile(r"[A-Za-z0-9\u00c0-\u024f]")
_AMBIGUOUS = re.compile("[“”‘’—…·]")
# page numbers as printed alone on a line: 第1页 共2页, Page 1 of 2, 1 / 2, - 1 -, — 1 —, 1
_PAGE_NUMBER = re.compile(
    r"^(?:第\s*\d+\s*页(?:\s*[,，/／]?\s*共\s*\d+\s*页)?|(?:page|p\.)\s*\d+(?:\s*(?:of|/)\s*\d+)?"
    r"|\d+\s*[/／]\s*\d+|[-–—]*\s*\d{1,4}\s*[-–—]*)$",
    re.IGNORECASE,
)
FURNITURE_MAX = 60  # characters: a running header or footer is one short line
EDGE = 3  # lines at the top and at the bottom of a page where running headers and footers stand
MIN_GUTTER = 8  # characters: the indent of a right column's lines in -layout text
_CJK_PAIR = re.compile(rf"(?<=[{UNSPACED}])( ?)(?=[{UNSPACED}])")
# UNSPACED: CJK characters but Hangul (cjk.py); between two of them a space is the PDF's
_CJK_SPACE = re.compile(rf"(?<=[{UNSPACED}])[ \t\u00a0\u3000]+(?=[{UNSPACED}])")


@dataclass(frozen=True)
class Line:
    text: str  # stripped, look-alike ideographs unified
    number: int  # the line in the source text, from 1
    page: int  # from 0
    gap: bool  # a blank line, a page break or removed furniture before it
    indent: int  # leading spaces (pdftotext -layout keeps a paragraph's first-line indent)


@dataclass(frozen=True)
class Removed:
    number: int
    text: str


def unify_han(text: str, simplified: bool = False) -> str:
    """Look-alikes as unified ideographs; simplified: the document is Simplified Chinese, where
    the glyph an extractor called ⼾ is 户, not 戶 (its NFKC form): hanscript.py."""
    def unified(m: re.Match[str]) -> str:
        char = unicodedata.normalize("NFKC", m[0]).translate(_RADICALS)
        return simplified_form(char) if simplified and len(char) == 1 else char

    return _HAN_LOOKALIKE.sub(unified, text)


def width(text: str) -> int:
    """How wide a line is printed, in half-ems: a CJK character is two, other characters one,
    but quotation marks, dashes and ellipses are two in Chinese text (its fonts' glyphs)."""
    cjk = len(_CJK_CHAR.findall(text))
    wide_marks = len(_AMBIGUOUS.findall(text)) if cjk >= len(_LATIN.findall(text)) else 0
    return len(text) + cjk + wide_marks


def is_cjk(text: str) -> bool:
    """Mostly CJK characters (more than Latin letters and digits)."""
    return len(_CJK_CHAR.findall(text)) >= len(_LATIN.findall(text))


def has_latin(text: str) -> bool:
    return bool(_LATIN.search(text))


@dataclass
class _Raw:
    text: str  # as in the source, right-stripped
    number: int
    page: int


def _pages(text: str) -> list[list[_Raw]]:
    """The source's lines, page by page (a form feed starts a page, wherever it stands)."""
    pages: list[list[_Raw]] = [[]]
    simplified = bool(_HAN_LOOKALIKE.search(text)) and is_simplified(text)
    for number, line in enumerate(text.split("\n"), 1):
        for i, part in enumerate(line.split("\f")):
            if i:
                pages.append([])
            pages[-1].append(_Raw(unify_han(part, simplified).rstrip(), number, len(pages) - 1))
    flat = [r for page in pages for r in page]
    for r, rejoined in zip(flat, softhyphens.rejoin([r.text for r in flat]), strict=True):
        r.text = rejoined
    return [p for p in pages if any(r.text.strip() for r in p)]


def _key(line: str) -> str:
    """A line as it repeats from page to page: page numbers vary, spacing may."""
    return re.sub(r"\d+", "#", "".join(line.split()))


def is_page_number(line: str) -> bool:
    return bool(_PAGE_NUMBER.match(line.strip()))


def _furniture(pages: list[list[_Raw]]) -> set[int]:
    """Indexes (into the flattened lines) of running headers, footers and page numbers."""
    flat = [r for page in pages for r in page]
    found: set[int] = set()
    index = 0
    edges: list[list[int]] = []  # per page, the non-blank lines at its top and bottom
    for page in pages:
        filled = [index + i for i, r in enumerate(page) if r.text.strip()]
        edges.append(filled[:EDGE] + filled[-EDGE:])
        index += len(page)
    # a short line repeated at the edge of most pages (form feeds tell where pages are)
    if len(pages) > 1:
        seen: Counter[str] = Counter()
        for page_edges in edges:
            seen.update({_key(flat[i].text) for i in page_edges if len(flat[i].text.strip()) <= FURNITURE_MAX})
        running = {k for k, n in seen.items() if n >= max(2, (len(pages) + 1) // 2)}
        found |= {i for page_edges in edges for i in page_edges if _key(flat[i].text) in running}
        found |= {i for page_edges in edges for i in page_edges if is_page_number(flat[i].text)}
        return found
    # one page, or pages run together (pypdf): page numbers mark the page edges, and a short
    # line repeated next to them is a running header or footer
    numbers = [i for i, r in enumerate(flat) if is_page_number(r.text)]
    if len(numbers) < 2 and not _numbered_alike(flat, numbers):
        return found
    found |= set(numbers)
    # the same line at the same place next to two page numbers or more: a header printed
    # just before or after the page's number (lines of prose differ from page to page)
    near = Counter((_key(flat[j].text), offset) for i in numbers for offset, j in _neighbours(flat, i)
                   if len(flat[j].text.strip()) <= FURNITURE_MAX)
    repeated = {k for k, n in near.items() if n >= 2}
    found |= {j for i in numbers for offset, j in _neighbours(flat, i) if (_key(flat[j].text), offset) in repeated}
    return found


def _numbered_alike(flat: list[_Raw], numbers: list[int]) -> bool:
    """One page number is furniture when it says so (第1页共1页, Page 1 of 1)."""
    return len(numbers) == 1 and bool(re.search(r"页|page", flat[numbers[0]].text, re.IGNORECASE))


def _neighbours(flat: list[_Raw], i: int) -> list[tuple[int, int]]:
    """(offset, index) of the non-blank lines within EDGE of line i, before (-1, -2, ...) and after it."""
    before = [j for j in range(i - 1, -1, -1) if flat[j].text.strip()][:EDGE]
    after = [j for j in range(i + 1, len(flat)) if flat[j].text.strip()][:EDGE]
    return [(-n, j) for n, j in enumerate(before, 1)] + [(n, j) for n, j in enumerate(after, 1)]


def _columns(page: list[_Raw]) -> list[_Raw]:
    """A page that -layout printed as two columns side by side, as the left column then the right.

    The gutter is where the right column starts: the indent of lines of the right column
    alone, or the end of a run of 3 spaces or more after text of the left one, the same on
    3 lines at least and a tenth of the page's lines. A line is cut at its widest run of
    spaces past half the gutter. A blank line stays in both columns."""
    filled = [r for r in page if r.text.strip()]
    starts: Counter[int] = Counter()
    for r in filled:
        indent = len(r.text) - len(r.text.lstrip())
        if indent >= MIN_GUTTER:
            starts[indent] += 1
        starts.update(m.end() for m in re.finditer(r"\s{3,}", r.text.rstrip()) if m.start() > indent)
    if not starts:
        return page
    gutter, n = starts.most_common(1)[0]
    n += starts[gutter - 1] + starts[gutter + 1]
    if gutter < MIN_GUTTER or n < 3 or n < len(filled) / 10:
        return page
    left: list[_Raw] = []
    right: list[_Raw] = []
    for r in page:
        head, tail = _cut(r.text, gutter)
        if not head and not tail:
            left.append(r)
            right.append(r)
        if head:
            left.append(_Raw(head, r.number, r.page))
        if tail:
            right.append(_Raw(tail, r.number, r.page))
    return left + [_Raw("", right[0].number, right[0].page)] + right if right else left


def _cut(text: str, gutter: int) -> tuple[str, str]:
    """(left, right) parts of a -layout line of a two-column page."""
    if not text.strip():
        return "", ""
    indent = len(text) - len(text.lstrip())
    if indent >= gutter - 1:
        return "", text.strip()
    runs = [m for m in re.finditer(r"\s+", text.rstrip()) if m.start() > indent and m.end() >= gutter / 2]
    if not runs:
        return text.rstrip(), ""
    run = max(runs, key=lambda m: (len(m[0]), -abs(m.end() - gutter)))
    if len(run[0]) < 3 and abs(run.end() - gutter) > 1:
        return text.rstrip(), ""  # a space between words of the left column, not the gutter
    return text[: run.start()].rstrip(), text[run.end() :].strip()


def content_lines(text: str) -> tuple[list[Line], list[Removed]]:
    """The lines of the document's content, and the furniture removed from it."""
    pages = _pages(text)
    furniture = _furniture(pages)
    removed: list[Removed] = []
    kept: list[list[_Raw]] = []
    index = 0
    for page in pages:
        kept.append([])
        for r in page:
            if index in furniture:
                removed.append(Removed(r.number, r.text.strip()))
                kept[-1].append(_Raw("", r.number, r.page))  # a gap where it stood
            else:
                kept[-1].append(r)
            index += 1
    lines: list[Line] = []
    for page in kept:
        gap = bool(lines)  # a page break is a gap
        for r in _columns(page):
            stripped = _squeeze_spaced(" ".join(r.text.split()))  # justified lines' wide spaces are one
            if stripped:
                indent = len(r.text) - len(r.text.lstrip())
                lines.append(Line(stripped, r.number, r.page, gap, indent))
                gap = False
            else:
                gap = True
    return lines, removed


def _squeeze_spaced(line: str) -> str:
    """A justified line of CJK that an extractor letter-spaced (赵 静 ： 这 个 问 题), without the spaces."""
    pairs = _CJK_PAIR.findall(line)
    spaced = [p for p in pairs if p]
    if len(spaced) < 4 or len(spaced) < len(pairs) * 0.6:
        return line
    return squeeze_cjk_spaces(line)


def squeeze_cjk_spaces(text: str) -> str:
    """Remove the spaces PDF extraction puts between CJK characters."""
    return _CJK_SPACE.sub("", text).strip()
