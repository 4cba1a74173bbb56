"""A document's title and the heading its body may open with: docs collections (and many
Jekyll posts) write the front matter's title again as the body's first heading, and a
Markdown file without front matter is titled by that heading, as MkDocs and GitHub Pages'
jekyll-titles-from-headings title it. Apart from markdown.py, which the loader does not
import: the loader asks for a title before any rendering."""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

HEADING_PREFIX = 4096  # characters of a body read for its heading: a title is on its first lines


def title_heading(state: StateCore) -> None:
    """Core rule: a body that begins with its document's title as a heading of level 1 (the
    "# Title" under a front matter title: most pages of docs collections, Jekyll posts)
    loses that heading: the page shows the title once, in its header, as MkDocs and
    Docusaurus show it. The same title: as written, or as read (`CALIBRATE RESOURCE` under
    the title CALIBRATE RESOURCE); a heading of other words, or with a note, stays, as do
    comments before it (<!-- markdownlint-disable -->)."""
    title, tokens = state.env.get("title"), state.tokens
    if not title:
        return
    first = next((i for i, token in enumerate(tokens) if not _comment(token)), len(tokens))
    if first + 3 > len(tokens) or tokens[first].type != "heading_open" or tokens[first].tag != "h1":
        return
    inline = tokens[first + 1]
    children = inline.children or []
    if any(c.type == "footnote_ref" for c in children) or _plain(title) not in (_plain(inline.content),
                                                                                _plain(_read(children))):
        return
    del tokens[first : first + 3]


def _comment(token: Token) -> bool:
    """An HTML block of comments alone."""
    return token.type == "html_block" and _past_comments(token.content) == len(token.content)


def heading_title(body: str) -> str | None:
    """The title of a body whose front matter names none: its leading heading of level 1,
    as read (MkDocs' rule, and GitHub Pages' jekyll-titles-from-headings); None when it
    begins otherwise. Only its first block is parsed (by plain CommonMark), and only when
    it looks like a heading: a body of 4,000 characters took 2 ms to parse."""
    block = _first_block(body)
    lines = block.split("\n", 2)
    setext = len(lines) > 1 and lines[1].strip(" \t").strip("=") == "" and "=" in lines[1]
    if not (block.lstrip(" ")[:1] == "#" and len(block) - len(block.lstrip(" ")) <= 3) and not setext:
        return None
    tokens = _plain_parser().parse(block)
    if len(tokens) < 3 or tokens[0].type != "heading_open" or tokens[0].tag != "h1":
        return None
    return _collapsed(_read(tokens[1].children or [])) or None


def _read(children: list[Token]) -> str:
    """A heading's words as read: its text, escapes (tokens of their own until markdown-it
    joins them, after title_heading runs) and code, a line break a space."""
    return "".join(" " if c.type == "softbreak" else c.content for c in children
                   if c.type in ("text", "text_special", "code_inline", "softbreak"))


def _first_block(body: str) -> str:
    """The body's first block past blank lines and comments (<!-- markdownlint-disable -->):
    its lines up to a blank one, at most HEADING_PREFIX characters; "" when a comment is never
    closed, or has text after it on its line (an HTML block, not a heading)."""
    at = _past_comments(body)
    line_start = body.rfind("\n", 0, at) + 1
    if at < 0 or body[line_start:at].strip():
        return ""
    block = body[line_start : line_start + HEADING_PREFIX]
    blank = _BLANK_LINE.search(block)
    return block[: blank.start()] if blank else block


def _past_comments(text: str) -> int:
    """Where text goes on past its leading blank space and comments; -1 when a comment is
    never closed. A loop over find(), not a pattern: "<!--" written 200,000 times took a
    pattern minutes, and one matching comments and the spaces between them took a second
    over "<!-- -->  " written 22 times before other text, twice as long for each more."""
    at = 0
    while True:
        while at < len(text) and text[at] in " \t\r\n":
            at += 1
        if not text.startswith("<!--", at):
            return at
        closed = text.find("-->", at + 4)
        if closed < 0:
            return -1
        at = closed + 3


_BLANK_LINE = re.compile(r"\n[ \t]*(?:\n|$)")


@lru_cache(maxsize=1)
def _plain_parser() -> MarkdownIt:
    return MarkdownIt("commonmark")


def _collapsed(text: str) -> str:
    return " ".join(text.split())


def _plain(text: str) -> str:
    return _collapsed(text).casefold()
