"""Plain text as a PDF extractor gives it -> the lines of the document's content.

Extractors (pdftotext with or without -layout, pypdf, pdfminer.six) differ in what they put
between pages and paragraphs, but all of them keep what is printed on every page: running
headers and footers and page numbers. This module finds the pages (form feeds, else the
page furniture itself), takes the furniture out -- each line it removes is returned, to be
reported, never silently dropped -- reads a page set in two columns (`-layout` puts them
side by side) column after column, and unifies the look-alike characters extractors emit
for Han ideographs. What remains is the lines of the content with what the layout says
about each: the blank line or page break before it, its indent, and how full it is.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from site_builder.cjk import UNSPACED

# Kangxi radicals, CJK radicals supplement and CJK compatibility ideographs: pypdf and pdfminer
# map glyphs shared with a unified ideograph to these (⼈ for 人). NFKC maps them to the unified
# character; nothing else of the author's text is normalised.
_HAN_LOOKALIKE = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")
_CJK_CHAR = re.compile(rf"[{UNSPACED}]")
# page numbers as printed alone on a line: 第1页 共2页, Page 1 of 2, 1 / 2, - 1 -, — 1 —, 1
_PAGE_NUMBER = re.compile(
    r"^(?:第\s*\d+\s*页(?:\s*[,，/／]?\s*共\s*\d+\s*页)?|(?:page|p\.)\s*\d+(?:\s*(?:of|/)\s*\d+)?"
    r"|\d+\s*[/／]\s*\d+|[-–—]*\s*\d{1,4}\s*[-–—]*)$",
    re.IGNORECASE,
)
FURNITURE_MAX = 60  # characters: a running header or footer is one short line
EDGE = 3  # lines at the top and at the bottom of a page where running headers and footers stand
_GUTTER = re.compile(r"\S(\s{3,})\S")  # -layout: two columns side by side, 3+ spaces between


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


def unify_han(text: str) -> str:
    return _HAN_LOOKALIKE.sub(lambda m: unicodedata.normalize("NFKC", m[0]), text)


def width(text: str) -> int:
    """How wide a line is printed, in half-ems: a CJK character is two, other characters one."""
    return len(text) + len(_CJK_CHAR.findall(text))


@dataclass
class _Raw:
    text: str  # as in the source, right-stripped
    number: int
    page: int


def _pages(text: str) -> list[list[_Raw]]:
    """The source's lines, page by page (a form feed starts a page, wherever it stands)."""
    pages: list[list[_Raw]] = [[]]
    for number, line in enumerate(text.split("\n"), 1):
        for i, part in enumerate(line.split("\f")):
            if i:
                pages.append([])
            pages[-1].append(_Raw(unify_han(part).rstrip(), number, len(pages) - 1))
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

    The gutter is the character column where, on most lines that have two parts, the right
    part starts; a line is cut there when it has spaces just before it."""
    starts = Counter(m.end(1) for r in page for m in [_GUTTER.search(r.text)] if m)
    lines = [r for r in page if r.text.strip()]
    if not starts or not lines:
        return page
    gutter, n = starts.most_common(1)[0]
    if n < len(lines) / 3:
        return page
    left: list[_Raw] = []
    right: list[_Raw] = []
    for r in page:
        head, tail = r.text[:gutter], r.text[gutter:]
        if tail.strip() and (not head.strip() or head.endswith("  ")) and not tail[:1].isspace():
            left.append(_Raw(head.rstrip(), r.number, r.page))
            right.append(_Raw(tail, r.number, r.page))
        else:
            left.append(r)
    return left + [_Raw("", right[0].number, right[0].page)] + right if right else left


def content_lines(text: str) -> tuple[list[Line], list[Removed]]:
    """The lines of the document's content, and the furniture removed from it."""
    pages = [_columns(page) for page in _pages(text)]
    furniture = _furniture(pages)
    lines: list[Line] = []
    removed: list[Removed] = []
    gap = False
    index = 0
    for page in pages:
        gap = bool(lines)  # a page break is a gap
        for r in page:
            stripped = r.text.strip()
            if index in furniture:
                removed.append(Removed(r.number, stripped))
                gap = True
            elif stripped:
                indent = len(r.text) - len(r.text.lstrip())
                lines.append(Line(stripped, r.number, r.page, gap, indent))
                gap = False
            else:
                gap = True
            index += 1
    return lines, removed
