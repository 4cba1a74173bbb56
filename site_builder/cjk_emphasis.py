"""CJK-friendly emphasis for markdown-it-py.

CommonMark decides whether `*`/`_` may open or close emphasis from the characters
beside it, assuming words are separated by spaces. Chinese has no spaces, so
`高质量的_数据_、` or `**李开复：**主权` stay literal although the writer meant
emphasis. Following the markdown-cjk-friendly proposal, a CJK letter beside a
delimiter counts like punctuation does. Text without CJK parses exactly as before.
This replaces the `emphasis` tokenizer rule; pairing and rendering are unchanged.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.rules_inline.state_inline import Delimiter, StateInline

_CJK = re.compile(
    r"[\u1100-\u11ff\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf"
    r"\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
    r"\U00020000-\U0003ffff]"
)


def _scan(state: StateInline, start: int, can_split_word: bool) -> tuple[bool, bool, int]:
    src, marker, pos = state.src, state.src[start], start
    last = src[start - 1] if start > 0 else " "
    while pos < state.posMax and src[pos] == marker:
        pos += 1
    nxt = src[pos] if pos < state.posMax else " "

    last_punct = isMdAsciiPunct(ord(last)) or isPunctChar(last)
    next_punct = isMdAsciiPunct(ord(nxt)) or isPunctChar(nxt)
    last_space, next_space = isWhiteSpace(ord(last)), isWhiteSpace(ord(nxt))
    last_cjk, next_cjk = bool(_CJK.match(last)), bool(_CJK.match(nxt))

    left = not next_space and (not next_punct or last_space or last_punct or last_cjk)
    right = not last_space and (not last_punct or next_space or next_punct or next_cjk)
    can_open = left and (can_split_word or not right or last_punct or last_cjk)
    can_close = right and (can_split_word or not left or next_punct or next_cjk)
    return can_open, can_close, pos - start


def _tokenize(state: StateInline, silent: bool) -> bool:
    marker = state.src[state.pos]
    if silent or marker not in ("_", "*"):
        return False
    can_open, can_close, length = _scan(state, state.pos, marker == "*")
    for _ in range(length):
        token = state.push("text", "", 0)
        token.content = marker
        state.delimiters.append(Delimiter(ord(marker), length, len(state.tokens) - 1, -1,
                                          can_open, can_close))
    state.pos += length
    return True


def cjk_emphasis_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.at("emphasis", _tokenize)
