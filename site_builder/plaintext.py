"""Plain text pulled out of a PDF -> the structure a reader sees in the PDF, as Markdown.

The text is first cleaned of what every page repeats (plainpages.py: running headers,
footers, page numbers, two columns side by side) and its wrapped lines are rejoined into
paragraphs (plainparas.py). Each paragraph is then classified by its shape in context,
never dropping or repeating a character:

- the first paragraph of the first page is the title, on one line or wrapped onto up to
  three (plainparas.py; stray spaces between CJK removed);
- a short one-line paragraph without sentence-ending punctuation, followed by prose, is a
  section heading (h2) -- but not the line right under the title (a byline or a deck);
- a run of several short paragraphs is a card (a byline or speaker box: name, role,
  company); a card that repeats an earlier one word for word is shown once;
- a lone opening quote mark followed by a paragraph, or a paragraph wrapped in quote marks
  (or ending in a closing mark it never opened, which is then opened), is a pull quote;
- a turn: `问：`/`Q：`/`记者：`/`主持人：` opens the interviewer's question, `答：`/`A：`
  or `NAME：` (a name that opens two turns or more) a speaker's answer, with a full- or
  half-width colon and stray spaces; a paragraph ending in a question mark, or one asking
  something right before an answer, is a question too;
- a paragraph that is only a URL is a link.

The output is Markdown in which every character of the source is escaped, so the
text stays literal; structure is expressed with headings, block quotes and
`{.class}` block attributes (mdit-py-plugins attrs_block).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from site_builder.cjk import HAN
from site_builder.plainpages import Removed, content_lines, squeeze_cjk_spaces
from site_builder.plainparas import SENTENCE_END, Para, paragraphs

_QUESTION_END = ("？", "?")
_OPEN_QUOTES = "“\"「『"
_CLOSE_QUOTES = "”\"」』"
_PAIRED = {"”": "“", "」": "「", "』": "『"}
_LONE_QUOTE = re.compile(rf"^[{_OPEN_QUOTES}]$")
_URL = re.compile(r"^<?((?:https?://|www\.)[^\s<>]+)>?$")
# A turn's label: a 1-4 character Chinese name (with an optional ·, stray spaces between its
# characters), or one to three capitalised Latin words; then a full- or half-width colon.
_LABEL = re.compile(
    rf"^((?:[{HAN}][ \u3000]?){{1,4}}(?:·[{HAN}]{{1,6}})?|[A-Z][A-Za-z.'-]*(?: [A-Z][A-Za-z.'-]*){{0,2}})"
    r"[ \u3000]*[：:][ \u3000]*(?=\S)"
)
ASKERS = {"问", "Q", "记者", "主持人", "编者", "提问", "Interviewer", "Host", "Moderator"}
ANSWERERS = {"答", "A"}
_MD_SPECIAL = re.compile(r"([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")
SHORT_LINE = 40  # characters: longer lines are prose, whatever their punctuation


def escape(text: str) -> str:
    """Backslash-escape every ASCII punctuation character: CommonMark then keeps it literal."""
    return _MD_SPECIAL.sub(r"\\\1", text)


@dataclass(frozen=True)
class Converted:
    title: str
    body: str  # Markdown
    removed: list[Removed] = field(default_factory=list)  # running headers, footers, repeated cards


@dataclass
class Block:
    para: Para

    @property
    def lines(self) -> list[str]:
        return [line.text for line in self.para.lines]

    @property
    def text(self) -> str:
        return self.para.text

    @property
    def is_short(self) -> bool:
        line = self.lines[0]
        return (len(self.lines) == 1 and len(line) <= SHORT_LINE and not line.endswith(SENTENCE_END)
                and not self.is_lone_quote and not self.url)

    @property
    def is_lone_quote(self) -> bool:
        return len(self.lines) == 1 and bool(_LONE_QUOTE.match(self.lines[0]))

    @property
    def url(self) -> str | None:
        m = _URL.match(self.lines[0]) if len(self.lines) == 1 else None
        return m[1] if m else None

    @property
    def is_pull_quote(self) -> bool:
        return is_pull_quote(self.text)


def is_pull_quote(text: str) -> bool:
    """Wrapped in quotation marks, or ending in a closing mark it never opened."""
    opens = sum(text.count(q) for q in "“「『")
    closes = sum(text.count(q) for q in "”」』")
    wrapped = text[:1] in _OPEN_QUOTES and text[-1:] in _CLOSE_QUOTES and opens == 1
    return wrapped or (text[-1:] in _CLOSE_QUOTES and closes > opens)


class Turns:
    """Who speaks in a document: the labels that open turns, and which of them ask."""

    def __init__(self, lines: list[str]) -> None:
        named = Counter(self.name(m[1]) for line in lines if (m := _LABEL.match(line)))
        self.speakers = ASKERS | ANSWERERS | {name for name, n in named.items() if n >= 2}

    @staticmethod
    def name(label: str) -> str:
        return squeeze_cjk_spaces(label)

    def label(self, text: str) -> re.Match[str] | None:
        m = _LABEL.match(text)
        return m if m and self.name(m[1]) in self.speakers else None

    def starts(self, text: str) -> bool:
        return self.label(text) is not None

    def asks(self, m: re.Match[str]) -> bool:
        return self.name(m[1]) in ASKERS


def convert(text: str) -> Converted:
    """Title, Markdown body and what was left out, for a plain-text document."""
    lines, removed = content_lines(text)
    if not lines:
        return Converted("", "", removed)
    turns = Turns([line.text for line in lines[1:]])
    paras = paragraphs(lines, turns.starts)
    title = squeeze_cjk_spaces(paras[0].text)
    blocks = [Block(p) for p in paras[1:]]
    out, repeated = _render(blocks, turns)
    return Converted(title, "\n\n".join(out) + "\n", sorted([*removed, *repeated], key=lambda r: r.number))


def to_markdown(text: str) -> tuple[str, str]:
    """(title, Markdown body) for a plain-text document."""
    converted = convert(text)
    return converted.title, converted.body


def _render(blocks: list[Block], turns: Turns) -> tuple[list[str], list[Removed]]:
    out: list[str] = []
    cards: set[str] = set()
    repeated: list[Removed] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.is_lone_quote and i + 1 < len(blocks):
            # The opening mark stood on its own line in the PDF: it opens the quote below.
            out.append(_pull_quote(block.lines[0] + blocks[i + 1].text))
            i += 2
            continue
        if block.is_short and not turns.starts(block.text):
            run_end = i
            while run_end + 1 < len(blocks) and blocks[run_end + 1].is_short \
                    and not turns.starts(blocks[run_end + 1].text):
                run_end += 1
            nxt = blocks[run_end + 1] if run_end + 1 < len(blocks) else None  # not a slice: linear in blocks
            out.extend(_short_run(blocks[i : run_end + 1], nxt, first=not out, cards=cards, repeated=repeated))
            i = run_end + 1
            continue
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        out.append(_prose(block, nxt, turns))
        i += 1
    return out, repeated


def _short_run(run: list[Block], nxt: Block | None, first: bool, cards: set[str],
               repeated: list[Removed]) -> list[str]:
    """Short paragraphs in a row: a heading if one line leads into prose (nxt), otherwise a card.
    A single line right under the title is a byline or a deck, not a heading."""
    out: list[str] = []
    followed_by_prose = nxt is not None and not nxt.is_lone_quote and not nxt.is_pull_quote
    heading = None
    if followed_by_prose and not (first and len(run) == 1):
        heading, run = run[-1], run[:-1]
    if len(run) == 1:
        out.append(_lines(run[0].lines))
    elif run:
        lines = [line for b in run for line in b.lines]
        key = "\n".join(lines)
        if key in cards:  # the PDF printed the same card again (a sidebar on a later page)
            repeated.extend(Removed(line.number, line.text) for b in run for line in b.para.lines)
        else:
            cards.add(key)
            out.append("{.card}\n" + _lines(lines))
    if heading:
        out.append("## " + escape(heading.text))
    return out


def _lines(lines: list[str]) -> str:
    """A paragraph keeping the source's line breaks (Markdown hard breaks)."""
    return "\\\n".join(escape(line) for line in lines)


def _pull_quote(text: str) -> str:
    closing = text[-1:]
    if closing in _PAIRED and _PAIRED[closing] not in text:
        text = _PAIRED[closing] + text  # the PDF set the opening mark apart, and the extractor lost it
    return "{.pull-quote}\n> " + escape(text)


def _prose(block: Block, nxt: Block | None, turns: Turns) -> str:
    if url := block.url:
        href = url if "://" in url else "https://" + url
        return f"<{href}>" if href == url else f"[{escape(url)}](<{href}>)"
    text = block.text
    if block.is_pull_quote:
        return _pull_quote(text)
    if m := turns.label(text):
        # `**name**：` not `**name：**`: CommonMark without the CJK-friendly amendment
        # (cjk_emphasis.py) will not close emphasis after punctuation when a letter follows.
        labelled = "**" + escape(m[1].rstrip()) + "**" + escape(text[len(m[1].rstrip()) :])
        return ("{.question}\n" if turns.asks(m) else "{.answer}\n") + labelled
    asks = text.endswith(_QUESTION_END) or (
        any(q in text for q in _QUESTION_END) and nxt is not None and turns.label(nxt.text) is not None
        and not turns.asks(turns.label(nxt.text))
    )
    if asks:
        return "{.question}\n" + escape(text)
    return escape(text)


# The blocks in Markdown, for pdf.py (a PDF read directly) to write what this module writes.


def heading_block(text: str) -> str:
    return "## " + escape(text)


def question(text: str, label: str = "") -> str:
    """An interviewer's question; label: the `问`, `Q` or `记者` it opens with, set in bold as
    an answer's speaker is."""
    return "{.question}\n" + ("**" + escape(label) + "**" + escape(text[len(label) :]) if label else escape(text))


def answer(speaker: str, rest: str) -> str:
    """A speaker's answer; rest is the text after the name, colon first."""
    return "{.answer}\n**" + escape(speaker) + "**" + escape(rest)


def pull_quote(text: str) -> str:
    return _pull_quote(text)


def card(lines: list[str]) -> str:
    """A byline or speaker box: short lines, each kept on its own."""
    return "{.card}\n" + _lines(lines)


def paragraph(text: str) -> str:
    return escape(text)
