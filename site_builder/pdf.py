"""A .pdf in content/ read directly -> the blocks of the plain-text path, as Markdown.

pdfplumber (on pdfminer.six) gives every word with its font name and size and its place on
the page, which plain text has lost; pypdf gives text runs only through a visitor, with a
text matrix to interpret and no words. From those:

- rows are the words at one height; a gutter that many rows leave empty makes two columns,
  read left then right, band by band (a full-width row closes a band);
- running headers, footers and page numbers are the first and last rows of a page that
  repeat on other pages at the same height (digits aside), read `第N页`, `Page N of M`…, or
  stand apart in the page's margin in smaller type;
- paragraphs: a line continues the one above unless that one ended short of its column's
  right edge (the next word would have fitted), the next is indented, the gap above it is
  wider than the lines', its size or weight differs, or it opens a turn; the lines are
  joined as plain text's are (plainparas.join: CJK without a space, Latin with one, a word
  hyphenated at a line end whole again, unless the PDF marks its breaks with soft hyphens);
- look-alike ideographs (⼈ for 人) are unified as in plain text, and ⼾ drawn by a
  simplified-Chinese font is 户;
- the title is page 1's largest text; larger or all-bold short paragraphs are headings;
  a bold run ending in a colon names a speaker, as do the turns plain text knows
  (plaintext.Turns: 问：, Q:, a name that opens two turns); a run of short lines is a card.

The blocks are written with plaintext.py's emitters, so both paths share one vocabulary.
A PDF that cannot be read (encrypted, no text layer, damaged, too large) raises Unreadable
with the reason; anything the library raises is caught here. Images are left out.
"""

from __future__ import annotations

import io
import logging
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from statistics import median

from site_builder import plaintext
from site_builder.cjk import UNSPACED
from site_builder.plainpages import Removed, is_page_number, squeeze_cjk_spaces, unify_han
from site_builder.plainparas import SENTENCE_END, join

# pdfminer logs every oddity of a PDF (a missing CropBox…) as a warning on stderr
logging.getLogger("pdfminer").setLevel(logging.ERROR)

# The work one PDF may cost: pages, characters and seconds (checked between pages).
MAX_PAGES = 500
MAX_CHARS = 2_000_000
MAX_SECONDS = 60.0

_CJK = re.compile(f"[{UNSPACED}]")
_BOLD = re.compile(r"bold|black|heavy|semibold|demi|[-,]w[6-9]\b|-(?:sb|b)$", re.I)
_PUNCT_ONLY = re.compile(r"^[\W_]+$")
_COLONS = ("：", ":")
_QUESTION_END = ("？", "?")
_OPEN_QUOTES = "“「『\""
CARD_LINE = 40  # characters: a card's lines are short


class Unreadable(Exception):
    """Why a PDF gives no page (the message of its one error)."""


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool


@dataclass
class Line:
    words: list[Word]
    page: int
    column: str = "full"  # "full", "left" or "right"
    left: float = 0.0  # its column's edges
    right: float = 0.0

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return self.words[-1].x1

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def size(self) -> float:
        return _weighted_size(self.words)

    @property
    def bold(self) -> bool:
        """All bold (punctuation aside: a colon may be set in the regular face)."""
        words = [w for w in self.words if not _PUNCT_ONLY.match(w.text)]
        return bool(words) and all(w.bold for w in words)

    @property
    def lead(self) -> str:
        """The text of the bold words it starts with, when it is not bold throughout."""
        n = 0
        while n < len(self.words) and self.words[n].bold:
            n += 1
        return _text(self.words[:n]) if 0 < n < len(self.words) else ""

    @property
    def text(self) -> str:
        return _text(self.words)


@dataclass
class Paragraph:
    lines: list[Line]
    text: str = ""

    @property
    def size(self) -> float:
        return _weighted_size([w for line in self.lines for w in line.words])

    @property
    def bold(self) -> bool:
        return all(line.bold for line in self.lines)

    @property
    def page(self) -> int:
        return self.lines[0].page


@dataclass
class Page:
    rows: list[list[Word]]  # top to bottom, each left to right
    width: float
    height: float
    soft_hyphens: int = 0  # invisible break marks inside words (see _soft_hyphens)
    sideways: int = 0  # characters not upright (turned text is not read)


@dataclass
class PdfText:
    title: str
    body: str  # Markdown
    removed: list[Removed] = field(default_factory=list)  # running headers, footers, page numbers: by page


def read(raw: bytes) -> PdfText:
    """The title and Markdown body of a PDF; Unreadable when it has none to give."""
    pages = _pages(raw)
    if not any(page.rows for page in pages):
        if any(page.sideways for page in pages):
            raise Unreadable("has no upright text (its text is turned sideways); not read")
        raise Unreadable("has no text to read (a scan, or only images): give its text as a .txt beside it instead; "
                         "not read")
    removed = _remove_running(pages)
    lines = [line for number, page in enumerate(pages, 1) for line in _reading_order(page.rows, page.width, number)]
    _edges(lines)
    turns = plaintext.Turns([line.text for line in lines])
    paragraphs = _paragraphs(lines, _body_size(lines), turns, any(page.soft_hyphens for page in pages))
    return PdfText(*_render(paragraphs, _body_size(lines), turns), removed=removed)


# -- reading the PDF ---------------------------------------------------------------------


def _pages(raw: bytes) -> list[Page]:
    """Each page's rows of words: the work bounded by MAX_PAGES, MAX_CHARS and MAX_SECONDS."""
    if b"%PDF-" not in raw[:1024]:
        raise Unreadable("is not a PDF (it does not start with %PDF-); not read")
    if b"%%EOF" not in raw[-2048:]:
        # the library would read what it finds of a cut file and say nothing of the rest
        raise Unreadable("is damaged: it stops short (no %%EOF at its end; an incomplete download?); not read")
    import pdfplumber  # here: a site without PDFs does not load it (pdfminer, a tenth of a second)

    deadline = time.monotonic() + MAX_SECONDS
    try:
        with pdfplumber.open(io.BytesIO(raw)) as document:
            count = len(document.pages)
            if count > MAX_PAGES:
                raise Unreadable(f"has {count:,} pages, more than the {MAX_PAGES:,} a document may have; not read")
            pages, chars = [], 0
            for page in document.pages:
                if time.monotonic() > deadline:
                    raise Unreadable(f"took more than {MAX_SECONDS:.0f} seconds to read; not read")
                words = _words(page)
                chars += sum(len(w.text) for w in words)
                if chars > MAX_CHARS:
                    raise Unreadable(f"holds more than {MAX_CHARS:,} characters of text; not read")
                pages.append(Page(_rows(words), float(page.width), float(page.height), _soft_hyphens(page.chars),
                                  sum(1 for c in page.chars if not c.get("upright", True))))
                page.close()
            return pages
    except Unreadable:
        raise
    except Exception as exc:  # whatever a stranger's PDF makes the library raise
        raise Unreadable(_why(exc)) from None


def _why(exc: BaseException) -> str:
    """The reason a PDF could not be opened, in our words."""
    chain, seen = [exc], set()
    while chain:
        e = chain.pop()
        if id(e) in seen:
            continue
        seen.add(id(e))
        if "Password" in type(e).__name__:
            return "is encrypted: it needs a password to open; not read"
        if "Encrypt" in type(e).__name__:
            return "is encrypted in a way that cannot be read; not read"
        chain += [a for a in e.args if isinstance(a, BaseException)] + [c for c in (e.__cause__, e.__context__) if c]
    detail = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else type(exc).__name__
    return f"is not a PDF that can be read, or is damaged ({detail}); not read"


def _words(page) -> list[Word]:
    # a character drawn twice in one place (a bold faked by overprinting) is one; deduplicating
    # sorts the page's characters, slow on a big page: only when there is something to do
    seen = Counter((c["text"], round(c["x0"]), round(c["top"])) for c in page.chars)
    if any(n > 1 for n in seen.values()):
        page = page.dedupe_chars()
    words = page.extract_words(
        x_tolerance_ratio=0.15, y_tolerance=2, keep_blank_chars=False, use_text_flow=False,
        extra_attrs=["fontname", "size"])
    return [Word(_unified(w["text"], _face(w["fontname"])), float(w["x0"]), float(w["x1"]), float(w["top"]),
                 float(w["bottom"]), round(float(w["size"]), 1), bool(_BOLD.search(_face(w["fontname"]))))
            for w in words if w.get("upright", True) and w["text"].strip()]


def _unified(text: str, face: str) -> str:
    """Look-alike ideographs as the ideographs the font drew (plainpages.unify_han); in a
    simplified-Chinese font, ⼾ is drawn as 户, not as 戶 (its NFKC form)."""
    return unify_han(text.translate(_SC_RADICALS) if _SC_FONT.search(face) else text)


# Kangxi radicals a simplified-Chinese font draws with the glyph of another ideograph than
# their NFKC form: in Noto Sans/Serif CJK SC (their cmaps), ⼾ alone, which is 户 there.
_SC_RADICALS = str.maketrans("⼾", "户")
_SC_FONT = re.compile(r"CJKsc|(?<=[a-z])(?:SC|CN|GB)\b|SimSun|SimHei|YaHei|STSong|STHeiti|STKaiti|FangSong|KaiTi")


def _soft_hyphens(chars: list[dict]) -> int:
    """Soft hyphens where a word was not broken: a blank glyph of no width between two
    letters (Chromium draws one so). A document that marks its breaks so hyphenates at them:
    a hyphen it prints at a line end is the writer's (well-/known)."""
    return sum(1 for a, blank, b in zip(chars, chars[1:], chars[2:], strict=False)
               if blank["text"] in " \u00ad" and a["text"].isalpha() and b["text"].isalpha()
               and abs(b["x0"] - blank["x0"]) < 0.5 and abs(a["x1"] - b["x0"]) < 0.5)


def _face(fontname: str) -> str:
    """A font's name without the subset tag (ABCDEF+NotoSansCJKsc-Bold)."""
    return fontname.split("+", 1)[-1]


def _rows(words: list[Word]) -> list[list[Word]]:
    """Words at one height, top to bottom, each row left to right."""
    from pdfplumber.utils import cluster_objects

    if not words:
        return []
    tolerance = max(2.0, 0.35 * median(w.size for w in words))
    rows = cluster_objects(words, lambda w: (w.top + w.bottom) / 2, tolerance)
    return sorted((sorted(row, key=lambda w: w.x0) for row in rows), key=_top)


def _weighted_size(words: list[Word]) -> float:
    sizes = Counter[float]()
    for w in words:
        sizes[w.size] += len(w.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _text(words: list[Word]) -> str:
    """Words of one line: a space where the PDF leaves a gap, but none between two CJK
    characters (a justified line spaces them out), nor between a CJK character and a mark
    of punctuation, nor where only the font changes."""
    out = ""
    for prev, word in zip([None, *words], words, strict=False):
        gap = prev is not None and word.x0 - prev.x1 > 0.1 * max(word.size, prev.size)
        if gap and not _glued(out[-1], word.text[0]):
            out += " "
        out += word.text
    return out


def _glued(a: str, b: str) -> bool:
    """No space between two CJK characters, beside full-width punctuation (its glyph has its
    own space; a justified line widens the gap), nor between a CJK character and a
    quotation mark or bracket (“ ” are not CJK characters, but in Chinese take no space)."""
    cjk_a, cjk_b = bool(_CJK.match(a)), bool(_CJK.match(b))
    punct_a, punct_b = unicodedata.category(a)[0] == "P", unicodedata.category(b)[0] == "P"
    mark_a, mark_b = unicodedata.category(a) in _MARKS, unicodedata.category(b) in _MARKS
    return ((cjk_a and cjk_b) or (cjk_a and punct_a) or (cjk_b and punct_b) or (cjk_a and mark_b)
            or (mark_a and cjk_b))


_MARKS = {"Pi", "Pf", "Ps", "Pe"}  # quotation marks and brackets


# -- running headers and footers -----------------------------------------------------------


def _remove_running(pages: list[Page]) -> list[Removed]:
    """Take out the rows at the top and bottom of each page that are page numbers, that
    repeat at the same height on other pages (digits aside), or that stand apart in the
    page's margin (_in_margin); returns their text."""
    def key(row: list[Word]) -> str:
        return re.sub(r"\d+", "#", _text(row)).replace(" ", "")

    def edges(rows: list[list[Word]]) -> list[int]:
        return sorted(i for i in {0, 1, len(rows) - 1, len(rows) - 2} if 0 <= i < len(rows))

    seen: dict[str, list[tuple[int, float]]] = {}
    for number, page in enumerate(pages):
        for i in edges(page.rows):
            seen.setdefault(key(page.rows[i]), []).append((number, _top(page.rows[i])))
    body = _weighted_size([w for page in pages for row in page.rows for w in row])
    removed = []
    for number, page in enumerate(pages):
        rows = page.rows
        drop = set()
        for i in edges(rows):
            repeats = sum(1 for other, y in seen[key(rows[i])] if other != number and abs(y - _top(rows[i])) < 3)
            if (is_page_number(_text(rows[i])) or repeats >= max(1, (len(pages) - 1) // 3)
                    or _in_margin(rows, i, page.height, body)):
                drop.add(i)
        # only rows at the page's edge: a repeated row with body text outside it is body text
        keep_from = next((i for i in range(len(rows)) if i not in drop), len(rows))
        keep_to = next((i for i in range(len(rows) - 1, -1, -1) if i not in drop), -1)
        removed += [Removed(number + 1, _text(rows[i])) for i in sorted(drop) if i < keep_from or i > keep_to]
        page.rows = rows[keep_from : keep_to + 1]
    return removed


MARGIN = 0.07  # of the page's height: above and below it no text block reaches


def _in_margin(rows: list[list[Word]], i: int, height: float, body: float) -> bool:
    """A row in the page's top or bottom margin, smaller than the body text and set apart
    from it: a running header or footer even on a page of its own."""
    row = rows[i]
    if _weighted_size(row) >= body * 0.95:
        return False
    if i == 0 and _bottom(row) < height * MARGIN:
        return len(rows) == 1 or _top(rows[1]) - _bottom(row) > 1.5 * body
    if i == len(rows) - 1 and _top(row) > height * (1 - MARGIN):
        return len(rows) == 1 or _top(row) - _bottom(rows[i - 1]) > 1.5 * body
    return False


def _top(row: list[Word]) -> float:
    return min(w.top for w in row)


def _bottom(row: list[Word]) -> float:
    return max(w.bottom for w in row)


# -- columns and reading order ---------------------------------------------------------------


def _reading_order(rows: list[list[Word]], width: float, page: int) -> list[Line]:
    """The page's lines in reading order: two columns, when there are, band by band."""
    gutter = _gutter(rows, width)
    if gutter is None:
        return [Line(row, page) for row in rows]
    out: list[Line] = []
    band: list[Line] = []
    for row in rows:
        left = [w for w in row if w.x1 <= gutter]
        right = [w for w in row if w.x0 >= gutter]
        if len(left) + len(right) < len(row):  # a word across the gutter: a full-width row
            out += _band(band)
            band = []
            out.append(Line(row, page))
            continue
        band += [Line(part, page, column) for part, column in ((left, "left"), (right, "right")) if part]
    out += _band(band)
    return out


def _band(lines: list[Line]) -> list[Line]:
    return [line for line in lines if line.column == "left"] + [line for line in lines if line.column == "right"]


def _gutter(rows: list[list[Word]], width: float) -> float | None:
    """The x of a gutter between two columns, or None. At each x of the middle half of the
    page, count the rows that leave x empty with text on its left, and those that leave it
    empty with text on its right (the two columns' rows need not be level); the gutter is
    where the smaller count is largest, at least three rows and a tenth of them (the last
    page's second column may be short), and most rows right of it start at one x, as a
    column's do (centred or right-aligned lines do not)."""
    lo_x, hi_x = int(width * 0.25), int(width * 0.75)
    left, right = [0] * (hi_x - lo_x + 2), [0] * (hi_x - lo_x + 2)

    def add(counts: list[int], a: float, b: float) -> None:
        a, b = max(lo_x, int(a) + 1), min(hi_x, int(b) - 1)
        if b >= a:
            counts[a - lo_x] += 1
            counts[b - lo_x + 1] -= 1

    for row in rows:
        spans = _spans(row)
        for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
            add(left, end, start)
            add(right, end, start)
        add(left, spans[-1][1], hi_x + 1)
        add(right, lo_x - 1, spans[0][0])
    scores, on_left, on_right = [], 0, 0
    for i in range(hi_x - lo_x + 1):
        on_left, on_right = on_left + left[i], on_right + right[i]
        scores.append((min(on_left, on_right), -i))
    # the best-scored x whose right-hand rows start level (a loose line's wide gaps score too)
    for score, i in sorted(scores, reverse=True):
        if score < 3 or score < len(rows) / 10:
            break
        x = float(lo_x - i)
        if _starts_level(rows, x):
            # the middle of the empty stripe around x, so that neither column's edge touches it
            lo = max((w.x1 for row in rows for w in row if w.x1 <= x), default=x)
            hi = min((w.x0 for row in rows for w in row if w.x0 >= x), default=x)
            return (lo + hi) / 2
    return None


def _starts_level(rows: list[list[Word]], x: float) -> bool:
    """Whether few rows cross x (a title, a full-width row) and most rows that leave x empty
    and go on right of it start at one x (± 1), a few ems from x: a column's left edge."""
    crossing = sum(1 for row in rows if any(a < x < b for a, b in _spans(row)))
    if crossing > max(2, len(rows) / 4):
        return False
    starts = Counter(round(next(w.x0 for w in row if w.x0 >= x)) for row in rows
                     if any(w.x0 >= x for w in row) and not any(w.x0 < x < w.x1 for w in row))
    em = median(w.size for row in rows for w in row)
    level = max((starts[s - 1] + starts[s] + starts[s + 1] for s in starts if s - x <= 3 * em), default=0)
    return level >= 3 and level >= 0.5 * sum(starts.values())


def _spans(row: list[Word]) -> list[tuple[float, float]]:
    """The stretches of x a row's text covers: words less than 0.8 em apart merged (a gap
    between words, even in a loosely justified line, is no gutter; a gutter is 1 em or more)."""
    spans: list[tuple[float, float]] = []
    for w in row:
        if spans and w.x0 <= spans[-1][1] + 0.8 * w.size:
            spans[-1] = (spans[-1][0], max(spans[-1][1], w.x1))
        else:
            spans.append((w.x0, w.x1))
    return spans


def _edges(lines: list[Line]) -> None:
    """Each line's column edges: where the lines of the body's size start and end in its
    column on its page, or, on a page with few of them, in that column on every page."""
    body = _body_size(lines)
    usual = [line for line in lines if abs(line.size - body) < 0.6] or lines
    everywhere: dict[str, list[Line]] = {}
    on_page: dict[tuple[int, str], list[Line]] = {}
    for line in usual:
        everywhere.setdefault(line.column, []).append(line)
        on_page.setdefault((line.page, line.column), []).append(line)

    def extent(column: list[Line]) -> tuple[float, float]:
        # the right edge most full lines reach, not the farthest: a line may overrun it (a
        # word or a mark that may not start a line, kept on)
        ends = sorted(c.x1 for c in column)
        return min(c.x0 for c in column), ends[int(0.9 * (len(ends) - 1))]

    wide = {column: extent(found) for column, found in everywhere.items()}
    page = {key: extent(found) for key, found in on_page.items() if len(found) >= 5}
    for line in lines:
        line.left, line.right = page.get((line.page, line.column)) or wide.get(line.column) or (line.x0, line.x1)


def _body_size(lines: list[Line]) -> float:
    return _weighted_size([w for line in lines for w in line.words])


# -- paragraphs ------------------------------------------------------------------------------


def _paragraphs(lines: list[Line], body: float, turns: plaintext.Turns, soft_hyphens: bool) -> list[Paragraph]:
    pitch = _pitch(lines, body)
    paragraphs: list[Paragraph] = []
    for line in lines:
        if paragraphs and _continues(paragraphs[-1].lines[-1], line, pitch, body, turns):
            paragraphs[-1].lines.append(line)
        else:
            paragraphs.append(Paragraph([line]))
    for p in paragraphs:
        p.text = join([line.text for line in p.lines], soft_hyphens)
    return paragraphs


def _pitch(lines: list[Line], body: float) -> float:
    """The usual distance between the tops of two lines of body text in a paragraph."""
    steps = [b.top - a.top for a, b in zip(lines, lines[1:], strict=False)
             if a.page == b.page and a.column == b.column and abs(a.size - body) < 0.6
             and abs(b.size - body) < 0.6 and 0 < b.top - a.top < 3 * body]
    return median(steps) if steps else 1.2 * body


def _continues(a: Line, b: Line, pitch: float, body: float, turns: plaintext.Turns) -> bool:
    """Whether line b goes on with the paragraph that line a ended."""
    size = max(a.size, b.size)
    if abs(a.size - b.size) >= 0.6 or a.bold != b.bold or _opens_turn(b, turns):
        return False
    if abs(a.size - body) >= 0.6:  # a title, heading or quote, often centred: its lines are close
        return b.top - a.top <= 1.6 * size if (a.page, a.column) == (b.page, b.column) else True
    first = b.words[0]
    room = first.size if _CJK.match(first.text[:1]) else (first.x1 - first.x0)
    if a.right - a.x1 > room + 0.5 * size:  # the next word would have fitted: a ended there
        return False
    if b.x0 > a.x0 + 0.5 * size and b.x0 > b.left + 0.5 * size:  # an indented first line
        return False
    if a.page == b.page and a.column == b.column:
        return b.top - a.top <= 1.2 * max(pitch, size * 1.05)
    return True  # on across a column or a page


def _bold_label(line: Line) -> str:
    """The speaker a line names in bold before a colon (**王磊：**, **Maria Lopez**:), or ""."""
    lead = line.lead
    if lead and (lead.endswith(_COLONS) or line.text[len(lead) :].lstrip().startswith(_COLONS)):
        return lead.rstrip("：: ")
    return ""


def _opens_turn(line: Line, turns: plaintext.Turns) -> bool:
    return bool(_bold_label(line)) or turns.starts(line.text)


# -- blocks ----------------------------------------------------------------------------------


def _render(paragraphs: list[Paragraph], body: float, turns: plaintext.Turns) -> tuple[str, str]:
    """(title, Markdown body)."""
    title_at = _title(paragraphs, body)
    title = squeeze_cjk_spaces(paragraphs[title_at].text) if title_at is not None else ""
    rest = [p for i, p in enumerate(paragraphs) if i != title_at]
    return title, "\n\n".join(_blocks(rest, body, turns)) + "\n" if rest else ""


def _title(paragraphs: list[Paragraph], body: float) -> int | None:
    """Page 1's largest text, if larger than the body's; else a first paragraph that is short
    and bold."""
    first = [(i, p) for i, p in enumerate(paragraphs) if p.page == 1]
    if not first:
        return None
    largest = max(p.size for _, p in first)
    if largest > body * 1.15:
        return next(i for i, p in first if p.size == largest)
    i, p = first[0]
    return i if p.bold and len(p.text) <= 80 else None


def _blocks(paragraphs: list[Paragraph], body: float, turns: plaintext.Turns) -> Iterator[str]:
    i = 0
    while i < len(paragraphs):
        p = paragraphs[i]
        text = p.text
        if len(text) == 1 and text in _OPEN_QUOTES and i + 1 < len(paragraphs):  # a lone opening mark, set large
            yield plaintext.pull_quote(text + paragraphs[i + 1].text)
            i += 2
            continue
        if _card_line(p, body, turns):
            run = i
            while run + 1 < len(paragraphs) and _card_line(paragraphs[run + 1], body, turns):
                run += 1
            if run > i:
                yield plaintext.card([q.text for q in paragraphs[i : run + 1]])
                i = run + 1
                continue
        yield _block(p, body, turns)
        i += 1


def _card_line(p: Paragraph, body: float, turns: plaintext.Turns) -> bool:
    return (len(p.lines) == 1 and len(p.text) <= CARD_LINE and not p.bold and abs(p.size - body) < 0.6
            and not p.text.endswith(SENTENCE_END) and not _opens_turn(p.lines[0], turns)
            and not plaintext.is_pull_quote(p.text))


def _block(p: Paragraph, body: float, turns: plaintext.Turns) -> str:
    text = p.text
    if plaintext.is_pull_quote(text):
        return plaintext.pull_quote(text)
    if name := _bold_label(p.lines[0]):
        return _turn(name, name in plaintext.ASKERS, text)
    if m := turns.label(text):
        return _turn(m[1].rstrip(), turns.asks(m), text)
    if p.size > body * 1.1 or (p.bold and len(text) <= 60 and not text.endswith(SENTENCE_END)):
        return plaintext.heading_block(text)
    if p.bold and any(q in text for q in _QUESTION_END) or text.endswith(_QUESTION_END):
        return plaintext.question(text)
    return plaintext.paragraph(text)


def _turn(label: str, asks: bool, text: str) -> str:
    """A speaker's turn, the label set bold: the asker's is a question, anyone else's an answer."""
    if asks:
        return plaintext.question(text, label)
    return plaintext.answer(label, text[len(label) :])
