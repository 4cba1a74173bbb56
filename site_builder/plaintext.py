"""Plain text pulled out of a PDF -> the structure a reader sees in the PDF, as Markdown.

PDF extraction leaves one block of lines per visual block, separated by blank lines.
We classify each block by its shape, never dropping or repeating a character:

- the first line is the title (stray spaces between CJK characters removed);
- a short one-line block without sentence-ending punctuation, followed by prose,
  is a section heading (h2);
- a run of several short blocks is a card (a byline or speaker box: name, role, company);
- a lone opening quote mark followed by a block, or a block wrapped in quote marks
  (or ending in a closing mark it never opened), is a pull quote;
- `NAME：answer` is a speaker's answer; a paragraph ending in a question mark, or
  one asking something right before an answer, is the interviewer's question;
- a block that is only a URL is a link.

The output is Markdown in which every character of the source is escaped, so the
text stays literal; structure is expressed with headings, block quotes and
`{.class}` block attributes (mdit-py-plugins attrs_block).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from site_builder.cjk import UNSPACED

# UNSPACED: CJK characters but Hangul (cjk.py); between two of them a space is the PDF's
_CJK_SPACE = re.compile(rf"(?<=[{UNSPACED}])[ \t\u00a0\u3000]+(?=[{UNSPACED}])")
_CJK_CHAR = re.compile(rf"[{UNSPACED}]")
_SENTENCE_END = tuple("。！？!?；;…：:.”’\"」』)")
_QUESTION_END = ("？", "?")
_OPEN_QUOTES = "“\"「『"
_CLOSE_QUOTES = "”\"」』"
_LONE_QUOTE = re.compile(rf"^[{_OPEN_QUOTES}]$")
_URL = re.compile(r"^<?((?:https?://|www\.)[^\s<>]+)>?$")
# A speaker label: a 2-4 character Chinese name (with an optional ·), one to three
# capitalised Latin words, or Q/A/问/答 -- short enough never to be a sentence opening.
_SPEAKER = re.compile(
    rf"^((?:[{UNSPACED}]{{2,4}}(?:·[{UNSPACED}]{{1,6}})?)|(?:[A-Z][\w.'-]*(?: [A-Z][\w.'-]*){{0,2}})"
    r"|[QA问答])\s*[：:]\s*(?=\S)"
)
_MD_SPECIAL = re.compile(r"([!\"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])")
SHORT_LINE = 40  # characters: longer lines are prose, whatever their punctuation


def squeeze_cjk_spaces(text: str) -> str:
    """Remove the spaces PDF extraction puts between CJK characters."""
    return _CJK_SPACE.sub("", text).strip()


def escape(text: str) -> str:
    """Backslash-escape every ASCII punctuation character: CommonMark then keeps it literal."""
    return _MD_SPECIAL.sub(r"\\\1", text)


@dataclass
class Block:
    lines: list[str]

    @property
    def text(self) -> str:
        return _join(self.lines)

    @property
    def is_short(self) -> bool:
        return all(len(line) <= SHORT_LINE and not line.endswith(_SENTENCE_END)
                   for line in self.lines) and not self.is_lone_quote and not self.url

    @property
    def is_lone_quote(self) -> bool:
        return len(self.lines) == 1 and bool(_LONE_QUOTE.match(self.lines[0]))

    @property
    def url(self) -> str | None:
        m = _URL.match(self.lines[0]) if len(self.lines) == 1 else None
        return m[1] if m else None

    @property
    def is_pull_quote(self) -> bool:
        text = self.text
        opens = sum(text.count(q) for q in "“「『")
        closes = sum(text.count(q) for q in "”」』")
        wrapped = text[:1] in _OPEN_QUOTES and text[-1:] in _CLOSE_QUOTES and opens == 1
        return wrapped or (text[-1:] in _CLOSE_QUOTES and closes > opens)


def _join(lines: list[str]) -> str:
    """Join wrapped lines: no space between CJK characters, one space between words."""
    out = lines[0]
    for line in lines[1:]:
        cjk_seam = _CJK_CHAR.match(out[-1:]) or _CJK_CHAR.match(line[:1])
        out += line if cjk_seam else " " + line
    return out


def _blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    current: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if line:
            current.append(line)
        elif current:
            blocks.append(Block(current))
            current = []
    if current:
        blocks.append(Block(current))
    return blocks


def to_markdown(text: str) -> tuple[str, str]:
    """(title, Markdown body) for a plain-text document."""
    blocks = _blocks(text)
    if not blocks:
        return "", ""
    first = blocks[0]
    title = squeeze_cjk_spaces(first.lines[0])
    blocks = ([Block(first.lines[1:])] if len(first.lines) > 1 else []) + blocks[1:]
    return title, "\n\n".join(_render(blocks)) + "\n"


def _render(blocks: list[Block]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.is_lone_quote and i + 1 < len(blocks):
            # The opening mark stood on its own line in the PDF: it opens the quote below.
            out.append(pull_quote(block.lines[0] + blocks[i + 1].text))
            i += 2
            continue
        if block.is_short:
            run_end = i
            while run_end + 1 < len(blocks) and blocks[run_end + 1].is_short:
                run_end += 1
            nxt = blocks[run_end + 1] if run_end + 1 < len(blocks) else None  # not a slice: linear in blocks
            out.extend(_short_run(blocks[i : run_end + 1], nxt))
            i = run_end + 1
            continue
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        out.append(_prose(block, nxt))
        i += 1
    return out


def _short_run(run: list[Block], nxt: Block | None) -> list[str]:
    """Short blocks in a row: a heading if one line leads into prose (nxt), otherwise a card."""
    out: list[str] = []
    followed_by_prose = nxt is not None and not nxt.is_lone_quote
    heading = None
    if followed_by_prose and len(run[-1].lines) == 1:
        heading, run = run[-1], run[:-1]
    if len(run) == 1:
        out.append(_lines(run[0].lines))
    elif run:
        out.append(card([line for b in run for line in b.lines]))
    if heading:
        out.append(heading_block(heading.lines[0]))
    return out


def _lines(lines: list[str]) -> str:
    """A paragraph keeping the source's line breaks (Markdown hard breaks)."""
    return "\\\n".join(escape(line) for line in lines)


def _prose(block: Block, nxt: Block | None) -> str:
    if url := block.url:
        href = url if "://" in url else "https://" + url
        return f"<{href}>" if href == url else f"[{escape(url)}](<{href}>)"
    text = block.text
    if block.is_pull_quote:
        return pull_quote(text)
    if m := _SPEAKER.match(text):
        # `**name**：` not `**name：**`: CommonMark without the CJK-friendly amendment
        # (cjk_emphasis.py) will not close emphasis after punctuation when a letter follows.
        return answer(m[1], text[len(m[1]) :])
    asks = text.endswith(_QUESTION_END) or (
        any(q in text for q in _QUESTION_END) and nxt is not None and bool(_SPEAKER.match(nxt.text))
    )
    if asks:
        return question(text)
    return paragraph(text)


# The blocks, in Markdown: what this module and pdf.py (a PDF read directly) write.


def heading_block(text: str) -> str:
    return "## " + escape(text)


def question(text: str) -> str:
    return "{.question}\n" + escape(text)


def answer(speaker: str, rest: str) -> str:
    """A speaker's answer; rest is the text after the name, colon first."""
    return "{.answer}\n**" + escape(speaker) + "**" + escape(rest)


def pull_quote(text: str) -> str:
    return "{.pull-quote}\n> " + escape(text)


def card(lines: list[str]) -> str:
    """A byline or speaker box: short lines, each kept on its own."""
    return "{.card}\n" + _lines(lines)


def paragraph(text: str) -> str:
    return escape(text)
