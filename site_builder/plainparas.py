"""The lines of a PDF's text (plainpages.py) -> its paragraphs, each a list of lines.

An extractor ends every printed line with a line break and marks paragraphs only sometimes
(a blank line in pdftotext's and pdfminer's text, an indent in `-layout`'s, nothing in
pypdf's). So a paragraph is found from how its lines look: a line filled to the measure
(the width most lines of prose reach) goes on in the next line, across a blank line or a
page break too; a line that stops short, or a blank line after a finished sentence, ends
it; a new turn (`问：`, `NAME：`) or an indented line starts one; a quotation mark opened
and not closed goes on to its closing mark. Joined text: CJK characters without a space,
words with one, a hyphen that splits a word at the line end removed, soft hyphens always.

Before that, the title's lines are found (a large title wraps onto two or three), and
blocks pdftotext read out of turn on a page of two columns are put back in reading order.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

import regex

from site_builder.cjk import HAN, UNSPACED
from site_builder.plainpages import Line, has_latin, is_cjk, width

SENTENCE_END = tuple("。！？!?；;…：:.”’\"」』)）")
_CJK_CHAR = re.compile(rf"[{UNSPACED}]")
_SOFT_HYPHEN = "\u00ad"
_SOFT_BREAK = re.compile("[\u00ad\\-\u2010]+$")
_LINE_END_HYPHEN = re.compile(r"(?<=[A-Za-z])[-\u2010]$")
_FIRST_WORD = re.compile(rf"^[^\s{UNSPACED}]+")  # up to a space or a CJK character
_HALF_WIDTH_COMMA = re.compile(rf"(?<=[{HAN}])[ \t]*,[ \t]*(?=[{HAN}])")
UNWRAPPED = 200  # half-ems: a measure wider than any page means one paragraph per line
MIN_MEASURE = 20  # half-ems: no column of prose is narrower (ten CJK characters)
MIN_FULL_LINES = 3
HEADING_MAX = 40  # characters
FIRST_LINE_INDENT = 4  # half-ems: the two characters a Chinese paragraph is indented by
OPEN_QUOTES, CLOSE_QUOTES = "“「『", "”」』"
_GOES_ON = regex.compile(r"[\p{L},，、\-‐–—]$")
READ_AHEAD = 40  # blocks: more than two columns of a page hold
MAX_TITLE_LINES = 3
CJK_TITLE_LINE = 16  # characters: a CJK title's line this long may be wrapped (20 fit A5 at 16pt)
_PUNCTUATION = regex.compile(r"[\p{P}\p{S}]")  # Unicode punctuation and symbols
MAX_QUOTE_LINES = 6  # an unclosed quotation mark carries a paragraph on this far, no further


@dataclass
class Para:
    lines: list[Line]
    soft_hyphens: bool = False  # the document has soft hyphens: a hyphen at a line end is the writer's

    @property
    def text(self) -> str:
        return join([line.text for line in self.lines], self.soft_hyphens)

    @property
    def first(self) -> Line:
        return self.lines[0]


def join(lines: list[str], soft_hyphens: bool = False) -> str:
    """Wrapped lines as one paragraph's text; soft_hyphens: the document marks its breaks with them."""
    whole = " ".join(lines)
    parts = [lines[0]]  # joined once at the end: a long paragraph is not copied line by line
    for line in lines[1:]:
        end = parts[-1]
        soft = _SOFT_BREAK.search(end[-8:])
        if soft and _SOFT_HYPHEN in soft[0]:
            parts[-1] = end[: len(end) - len(soft[0])]  # a break at a soft hyphen, with or without its hyphen
        elif _LINE_END_HYPHEN.search(end[-2:]) and line[:1].islower() \
                and not _kept_hyphen(end, line, whole, soft_hyphens):
            parts[-1] = end[:-1]  # reinforce- / ment
        elif not (_CJK_CHAR.match(end[-1:]) or _CJK_CHAR.match(line[:1]) or end.endswith(("-", "\u2010", "/"))):
            parts.append(" ")
        parts.append(line)
    return _HALF_WIDTH_COMMA.sub("，", "".join(parts).replace(_SOFT_HYPHEN, ""))


def _kept_hyphen(out: str, line: str, whole: str, soft_hyphens: bool) -> bool:
    """A hyphenated compound broken at its hyphen keeps it: known when the text marks its own
    breaks with soft hyphens (then a hyphen is the writer's), or writes the compound on one
    line elsewhere (service-level) and the word joined up nowhere."""
    if soft_hyphens:
        return True
    head = re.search(r"[A-Za-z]+-$", out[-64:].replace("\u2010", "-"))
    tail = _FIRST_WORD.match(line)
    if not head or not tail:
        return False
    word = re.match(r"[A-Za-z]+", tail[0])
    if not word:
        return False
    return f"{head[0]}{word[0]}" in whole and f"{head[0][:-1]}{word[0]}" not in whole


@dataclass(frozen=True)
class _Layout:
    cjk: float  # the measure of lines mostly of CJK characters (0: none)
    latin: float  # the measure of lines mostly of Latin letters (0: none)
    indent: int | None  # the usual left edge, when first lines are indented (-layout)
    gaps: bool = True  # a blank line can end a paragraph (not when the extractor puts one after most lines)

    def full(self, line: Line) -> float:
        """The measure line is filled to, when it is: by its script, else the other one's."""
        own, other = (self.cjk, self.latin) if is_cjk(line.text) else (self.latin, self.cjk)
        return own or other


def paragraphs(lines: list[Line], starts_turn: Callable[[str], bool]) -> list[Para]:
    """Lines grouped into paragraphs; starts_turn(text): the line opens a new speaker's turn."""
    if not lines:
        return []
    layout = _layout(lines)
    soft = any(_SOFT_HYPHEN in line.text for line in lines)
    title = _title_lines(lines, starts_turn)
    lines = lines[:title] + _reading_order(lines[title:], layout, starts_turn)
    paras = [Para(lines[:title], soft)]
    for i in range(title, len(lines)):
        prev, line, nxt = lines[i - 1], lines[i], lines[i + 1] if i + 1 < len(lines) else None
        if i > title and _continues(paras[-1], prev, line, nxt, layout, starts_turn):
            paras[-1].lines.append(line)
        else:
            paras.append(Para([line], soft))
    return paras


def _reading_order(lines: list[Line], layout: _Layout, starts_turn: Callable[[str], bool]) -> list[Line]:
    """The blocks (lines between blank lines) in the order they are read.

    pdftotext reads the blocks of a page set in two columns out of turn: a block that stops
    mid-sentence at a full line is followed by one that cannot go on with it (it opens a turn
    or a heading, or is in the other script), and the block that does comes later.
    Then the unfinished block is read just before the first later block, on its page or the
    next, that can go on with it. Blocks are left as they are where blank lines mean nothing
    (pypdf has none, pdfminer one after every line), in `-layout`'s text (its columns are cut
    apart by plainpages.py) and where every block is finished."""
    if not layout.gaps or layout.indent is not None:
        return lines
    blocks: list[list[Line]] = []
    for line in lines:
        if line.gap or not blocks:
            blocks.append([])
        blocks[-1].append(line)
    after: dict[int, int] = {}  # an unfinished block -> the block that goes on with it
    taken: set[int] = set()
    for i, block in enumerate(blocks[:-1]):
        if not _unfinished(block[-1], layout) or _goes_on(block, blocks[i + 1], layout, starts_turn):
            continue
        if (j := _going_on(blocks, i, taken, layout, starts_turn)) is not None:
            after[i] = j
            taken.add(j)
    if not after:
        return lines
    moved = set(after)
    order: list[int] = []
    for j in range(len(blocks)):
        chain = [i for i in sorted(after) if after[i] == j]
        order.extend(chain)
        if j not in moved:
            order.append(j)
    return [line for j in order for line in blocks[j]]


def _going_on(blocks: list[list[Line]], i: int, taken: set[int], layout: _Layout,
              starts_turn: Callable[[str], bool]) -> int | None:
    """The first block after the next one, on block i's page or the next and at most
    READ_AHEAD blocks on (a page's worth: the search stays linear in the text), that goes on with it."""
    last_page = blocks[i][-1].page + 1
    for j in range(i + 2, min(len(blocks), i + 2 + READ_AHEAD)):
        if blocks[j][0].page > last_page:
            return None
        if j not in taken and _goes_on(blocks[i], blocks[j], layout, starts_turn):
            return j
    return None


def _unfinished(line: Line, layout: _Layout) -> bool:
    """The line stops mid-sentence (in a word, after a comma or a hyphen: not at a number, as
    a table of contents' lines do), filled to the measure (nearly: a proportional font's full
    lines differ by a fifth in letters, a CJK font's by a character or two)."""
    full = layout.full(line)
    slack = 0.9 if is_cjk(line.text) else 0.8
    return bool(full) and bool(_GOES_ON.search(line.text)) and width(line.text) >= slack * full


def _goes_on(block: list[Line], nxt: list[Line], layout: _Layout, starts_turn: Callable[[str], bool]) -> bool:
    """nxt can go on with block's last sentence: in its script, opening no turn or heading."""
    first, last = nxt[0], block[-1]
    if starts_turn(first.text) or is_cjk(first.text) != is_cjk(last.text):
        return False
    return not _stands_alone(first, nxt[1] if len(nxt) > 1 else None, layout)


def _title_lines(lines: list[Line], starts_turn: Callable[[str], bool]) -> int:
    """How many lines the title takes: it wraps when the next line follows it directly (no
    blank line or page break), is no wider (a title's last line is its shortest; the body's
    smaller type fills wider lines) and the break shows a wrap (_wrapped)."""
    n = 1
    while n < min(len(lines), MAX_TITLE_LINES):
        prev, line = lines[n - 1], lines[n]
        if line.gap or line.page != prev.page or starts_turn(line.text) or width(line.text) > width(prev.text) \
                or not _wrapped(prev.text, line.text):
            break
        n += 1
    return n


def _wrapped(first: str, second: str) -> bool:
    """The title's line breaks before its end: in Latin text, a line of a Title Case title
    ending in a lowercase word (of, a, and: words that never end one) or a comma, or a next
    line going on in lowercase; in CJK, a long first line (the large type's measure) and a
    next line without punctuation (not a deck or a byline, which have it)."""
    if first.endswith(SENTENCE_END):
        return False
    if not is_cjk(first):
        words = re.findall(r"[A-Za-z][A-Za-z'’-]*", first)
        long_words = [w for w in words if len(w) > 3]
        title_case = bool(long_words) and sum(w[0].isupper() for w in long_words) >= 0.8 * len(long_words)
        return second[:1].islower() or first.endswith((",", "，", "-", "–", "—")) or (
            title_case and bool(words) and words[-1].islower() and first.endswith(words[-1]))
    return len(first) >= CJK_TITLE_LINE and not _PUNCTUATION.search(second) and " " not in second


def _layout(lines: list[Line]) -> _Layout:
    body = lines[1:]  # not the title
    cjk = [line for line in body if is_cjk(line.text)]
    pure = [line for line in cjk if not has_latin(line.text)]  # Latin letters' widths vary by font
    if len(pure) < len(cjk) / 3:
        pure = []
    layout = _Layout(_measure(pure) or _measure(cjk), _measure([line for line in body if not is_cjk(line.text)]),
                     _indents(lines))
    # where a line surely goes on (filled, mid-sentence), is there a blank line all the same?
    sure = [line.gap for prev, line in zip(lines, lines[1:], strict=False)
            if _is_full(prev, line, layout.full(prev)) and not prev.text.endswith(SENTENCE_END)
            and prev.page == line.page]
    return replace(layout, gaps=len(sure) < MIN_FULL_LINES or sum(sure) <= len(sure) / 2)


def _measure(lines: list[Line]) -> float:
    """How wide these lines are filled (0: no wrapped lines to go by, each line is a paragraph).
    Wrapped text shows it as many lines of nearly one width."""
    if not lines:
        return 0.0
    widths = sorted(width(line.text) for line in lines)
    measure = widths[int(0.9 * (len(widths) - 1))]
    filled = sum(w >= 0.9 * measure for w in widths)
    if not MIN_MEASURE <= measure <= UNWRAPPED or filled < max(MIN_FULL_LINES, len(widths) / 4):
        return 0.0
    return measure


def _indents(lines: list[Line]) -> int | None:
    """The usual left edge, when `-layout` indents first lines (None: no indents to go by)."""
    edges = Counter(line.indent for line in lines)
    if len(edges) < 2:
        return None
    return edges.most_common(1)[0][0]


def _is_full(prev: Line, line: Line, full: float, opening: bool = False) -> bool:
    """prev was filled: the next line's first word (or CJK character) would not have fitted.
    opening: prev opens its paragraph, and may be indented (by two CJK characters at most).
    Without a measure, a long line goes on into the next one when no blank line is between."""
    if not full:
        return len(prev.text) > HEADING_MAX and not line.gap
    first = line.text[:1] if _CJK_CHAR.match(line.text[:1]) else (_FIRST_WORD.match(line.text) or [""])[0]
    space = 0 if _CJK_CHAR.match(prev.text[-1:]) or _CJK_CHAR.match(first[:1]) else 1
    return width(prev.text) + space + width(first) > full * 0.97 - (FIRST_LINE_INDENT if opening else 0)


def _continues(para: Para, prev: Line, line: Line, nxt: Line | None, layout: _Layout,
               starts_turn: Callable[[str], bool]) -> bool:
    if len(para.lines) < MAX_QUOTE_LINES and _open_quote(para):
        return True
    if starts_turn(line.text):
        return False
    edge = layout.indent
    if edge is not None and line.indent > edge + 1 and line.page == prev.page and prev.indent <= edge + 1:
        return False  # a first-line indent
    if not _is_full(prev, line, layout.full(prev), opening=len(para.lines) == 1):
        return False
    if prev.text.endswith(SENTENCE_END):
        # a finished sentence at a full line: a blank line, if blank lines mean anything, ends
        # it; so does a line that stands alone, short and unfinished (a heading)
        return not (line.gap and layout.gaps) and not _stands_alone(line, nxt, layout)
    return True


def _stands_alone(line: Line, nxt: Line | None, layout: _Layout) -> bool:
    return (not line.text.endswith(SENTENCE_END) and len(line.text) <= HEADING_MAX
            and (nxt is None or not _is_full(line, nxt, layout.full(line))))


def _open_quote(para: Para) -> bool:
    """The paragraph opened with a quotation mark it has not closed yet (a pull quote wrapped)."""
    return para.first.text[:1] in OPEN_QUOTES and not any(q in line.text for line in para.lines for q in CLOSE_QUOTES)
