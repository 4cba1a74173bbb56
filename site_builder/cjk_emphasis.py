"""CJK-friendly emphasis and strikethrough for markdown-it-py, as the markdown-cjk-friendly
proposal specifies (https://github.com/tats-u/markdown-cjk-friendly, specification.md; its test
suite is vendored in tests/fixtures/cjk_friendly and passes whole).

CommonMark decides whether a run of `*`, `_` or `~` may open or close from the characters
beside it, assuming words are separated by spaces: `**注意：**Python` or `OpenAI**（美国）**`
stay literal, because a punctuation mark inside the delimiters must have a space or punctuation
outside. The proposal asks that only of non-CJK punctuation: a CJK character (cjk.py) beside the
run counts as punctuation does, and so does a CJK character followed by a variation selector
(羽︀**), an ideographic variation selector (葛󠄀**), or ‘’“” followed by U+FE01 (their fullwidth
forms). `_` still opens only after a space or punctuation and closes only before one, so
`数据_2024_报告` and `调用__init__方法` keep their underscores. Text without CJK parses as before.

One addition of ours: `_` between two CJK letters (的_数据_、以及_预训练和后训练_的) opens and
closes as `*` does. Chinese writers mark words so and have no spaces to put around them; the
proposal leaves such underscores literal (its `_` rule is CommonMark's, made for snake_case
identifiers, which are Latin). Delete `_between_cjk_letters` to follow the proposal to the letter.

markdown-it-py asks StateInline.scanDelims for the flanking of all three (the emphasis and
strikethrough rules); this plugin gives the parser a StateInline whose scanDelims follows the
proposal, as the proposal's own markdown-it plugin (markdown-it-cjk-friendly) does. Tokenizing,
pairing and rendering stay markdown-it-py's.

Not mdit-py-cjk-friendly (PyPI, 0.3.0): it requires markdown-it-py < 4 (we are on 4.x), patches
StateInline.scanDelims for every parser of the process, calls itself "an independent,
simplified implementation" (its own CJK ranges, no variation selectors, no strikethrough, the
proposal's `_` rule not followed), and also changes soft line breaks, which is not asked for.
"""

from __future__ import annotations

import unicodedata

from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.rules_inline.state_inline import Scanned, StateInline
from markdown_it.token import Token

from site_builder.cjk import is_cjk

# ‘ ’ “ ” followed by U+FE01 are their fullwidth forms (StandardizedVariants.txt): CJK punctuation
_AMBIGUOUS_QUOTES = frozenset("\u2018\u2019\u201c\u201d")


def _punct(char: str) -> bool:
    """CommonMark's Unicode punctuation character, as markdown-it-py decides it."""
    return isMdAsciiPunct(ord(char)) or isPunctChar(char)


def _cjk_letter(char: str) -> bool:
    return is_cjk(char) and unicodedata.category(char)[0] == "L"


def _between_cjk_letters(before: str, after: str) -> bool:
    return _cjk_letter(before) and _cjk_letter(after)


def scan_delims(src: str, start: int, maximum: int, can_split_word: bool) -> Scanned:
    """Whether the run of delimiters at start can open and close, and its length."""
    marker, pos = src[start], start
    while pos < maximum and src[pos] == marker:
        pos += 1
    # the beginning and the end of the text count as whitespace
    last = src[start - 1] if start > 0 else " "
    after = src[pos] if pos < maximum else " "
    # A character and a non-emoji variation selector (U+FE00..U+FE0E) after it are read as one:
    # what counts is the character. (A selector after whitespace: unspecified; read as a letter.)
    before = last
    if "\ufe00" <= last <= "\ufe0e" and start > 1 and not isWhiteSpace(ord(src[start - 2])):
        before = src[start - 2]

    last_space, next_space = isWhiteSpace(ord(before)), isWhiteSpace(ord(after))
    last_punct, next_punct = _punct(before), _punct(after)
    # a CJK sequence (a CJK character, maybe with a variation selector), a CJK ambiguous
    # punctuation sequence (‘’“” with U+FE01), or an ideographic variation selector
    last_cjk = is_cjk(before) or (last == "\ufe01" and before in _AMBIGUOUS_QUOTES) \
        or "\U000e0100" <= last <= "\U000e01ef"
    next_cjk = is_cjk(after)
    # left-flanking: not before whitespace, and not before non-CJK punctuation unless after
    # whitespace, punctuation or CJK; right-flanking: the mirror image
    left = not next_space and (not next_punct or next_cjk or last_space or last_punct or last_cjk)
    right = not last_space and (not last_punct or last_cjk or next_space or next_punct or next_cjk)
    if can_split_word or _between_cjk_letters(before, after):
        return Scanned(left, right, pos - start)
    # `_`: inside a word neither opens nor closes (left and right), unless after (opening) or
    # before (closing) punctuation, CJK punctuation included
    return Scanned(left and (not right or last_punct), right and (not left or next_punct), pos - start)


class CjkFriendlyState(StateInline):
    def scanDelims(self, start: int, canSplitWord: bool) -> Scanned:
        return scan_delims(self.src, start, self.posMax, canSplitWord)


def cjk_emphasis_plugin(md: MarkdownIt) -> None:
    """Inline text of this parser is parsed with CjkFriendlyState (ParserInline.parse, with
    our state in place of StateInline)."""
    inline = md.inline

    def parse(src: str, md: MarkdownIt, env: dict, tokens: list[Token]) -> list[Token]:
        state = CjkFriendlyState(src, md, env, tokens)
        inline.tokenize(state)
        for rule in inline.ruler2.getRules(""):
            rule(state)
        return state.tokens

    inline.parse = parse  # rules and plugins parse nested inline text through md.inline.parse
