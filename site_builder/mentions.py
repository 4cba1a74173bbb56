"""Mention detection: every name and alias of the registry in one Aho-Corasick automaton,
built once per build, and a markdown-it core rule that scans each document's text in one
pass and turns mentions into links to entity pages.

Matching rules:
- longest match wins, and overlapping matches resolve to the leftmost-longest one
  (微软亚洲研究院 is one mention, not 微软 + something);
- Latin aliases match case-sensitively at word boundaries (Meta is not in Metadata
  nor in "meta"); CJK aliases match as substrings, since Chinese has no spaces;
- an alias the registry lists under `ambiguous_aliases` (a common word that is also a
  name, such as 奥特曼 = Ultraman) counts only in a document that also names the entity
  by an unambiguous name;
- text inside headings, links, code and images is never scanned, nor are the notes.
"""

from __future__ import annotations

import hashlib
import re
import string
from dataclasses import dataclass
from html import escape
from typing import NamedTuple

import ahocorasick
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from site_builder.footnotes import NOTES_OPEN
from site_builder.model import Compact
from site_builder.registry import Entity, Registry
from site_builder.sentences import MAX_CHARS, boundaries, sentence_span, unstowed

_LATIN_CHARS = frozenset(string.ascii_letters + string.digits)
# Middle-dot variants writers use inside transliterated names: one form for matching.
_DOTS = str.maketrans({"・": "·", "•": "·", "‧": "·", "･": "·", "⋅": "·"})
_ANY_DOT = re.compile("[・•‧･⋅]")  # a regex scan: cheaper than translate() on text that has none
_HTML_SPECIAL = re.compile(r'[&<>"]')  # what escapeHtml replaces
LINK_MODES = ("first", "every", "none")
CONTEXTS = 3  # mentions per entity and document whose sentences are looked at: the best is kept


class Match(NamedTuple):  # a tuple: tens of thousands per document scanned
    start: int
    end: int
    entity: str  # entity key
    ambiguous: bool


@dataclass(slots=True)
class Mention(Compact):
    entity: str  # entity key
    n: int  # the how-manieth mention of the entity in the document: names its anchor
    # The sentence around it, as UTF-8, until the worker that found it stows it in the
    # document's cache entry (cache.stow_passages): then source and span say where it is,
    # and templates read it with sentence(m).
    utf8: bytes
    at: int  # where the mention starts in the sentence
    length: int
    source: str = ""  # the cache key of the document's entry holding the sentence
    span: int = 0
    count: int = 0  # mentions of the entity in the document (set by the worker that found it)

    @property
    def sentence(self) -> str:
        return unstowed(self)

    @property
    def anchor(self) -> str:
        """Its element id in the document page (made, not kept: 230,000 at 10,000 documents)."""
        return anchor(self.entity.partition(":")[2], self.n)


def mentions_digest(mentions: list[Mention]) -> str:
    """Names what entity pages show of a document's mentions (each one's entity, anchor,
    sentence, the name's place in it and count): made by the worker that finds them, while
    their sentences are in them (Document.shown)."""
    shown = [(m.entity, m.n, m.utf8, m.at, m.length, m.count) for m in mentions]
    return hashlib.sha256(repr(shown).encode()).hexdigest()[:32]


def anchor(slug: str, n: int) -> str:
    return f"m-{slug}-{n}"


class Matcher:
    """All aliases of a registry, ready to scan text in one pass."""

    def __init__(self, registry: Registry) -> None:
        self.automaton = ahocorasick.Automaton()
        for entity in registry.entities.values():
            ambiguous = set(entity.ambiguous_aliases)
            for name in entity.names:
                key = name.strip().translate(_DOTS)
                if len(key) < 2 or key in self.automaton:
                    continue  # a one-letter alias would match everywhere; the first owner keeps a name
                # whether it starts or ends with a Latin letter or digit: only then are its
                # neighbours looked at (word boundaries), known here once rather than per match
                self.automaton.add_word(key, (len(key), entity.key, name in ambiguous,
                                              key[0] in _LATIN_CHARS, key[-1] in _LATIN_CHARS))
        self.empty = len(self.automaton) == 0
        if not self.empty:
            self.automaton.make_automaton()

    def find(self, text: str) -> list[Match]:
        """Non-overlapping matches, leftmost-longest, Latin ones on word boundaries."""
        if self.empty:
            return []
        candidates = []
        size = len(text)
        scanned = text.translate(_DOTS) if _ANY_DOT.search(text) else text
        for last, (length, entity, ambiguous, latin_start, latin_end) in self.automaton.iter(scanned):
            start = last - length + 1
            if latin_start and start and text[start - 1] in _LATIN_CHARS:
                continue
            if latin_end and last + 1 < size and text[last + 1] in _LATIN_CHARS:
                continue
            candidates.append((start, -length, entity, ambiguous))
        candidates.sort()  # leftmost first, the longest of those first
        chosen: list[Match] = []
        reach = 0
        for start, minus_length, entity, ambiguous in candidates:
            if start >= reach:
                reach = start - minus_length
                chosen.append(Match(start, reach, entity, ambiguous))
        return chosen


def _texts(tokens: list[Token]):
    """(inline token, child index, child, scanned) for every text child: scanned for mentions
    outside headings and links."""
    in_heading = False
    for token in tokens:
        if token.type == NOTES_OPEN:
            break  # the notes are not scanned: a note is shown twice (its side-note), an id once
        if token.type == "heading_open":
            in_heading = True
        elif token.type == "heading_close":
            in_heading = False
        elif token.type == "inline" and token.children:
            depth = 0
            for i, child in enumerate(token.children):
                if child.type == "link_open":
                    depth += 1
                elif child.type == "link_close":
                    depth -= 1
                elif child.type == "text":
                    yield token, i, child, depth == 0 and not in_heading


def _inline_text(token: Token) -> tuple[str, dict[int, int], list[int]]:
    """The inline's plain text, where each child's text starts in it, and its sentence ends."""
    parts, offsets, length = [], {}, 0
    for i, child in enumerate(token.children or ()):
        offsets[i] = length
        piece = child.content if child.type in ("text", "code_inline", "mentions") else \
            "\n" if child.type in ("softbreak", "hardbreak") else ""
        parts.append(piece)
        length += len(piece)
    text = "".join(parts)
    return text, offsets, boundaries(text)


def link_entities(state: StateCore) -> None:
    """Core rule: find mentions, mark the text tokens that hold them (one `mentions` token
    in place of each, rendered with its links: no token per mention), and record in env
    each entity's count and one mention of it, for its page: the first in a real sentence
    (not in a byline or a list) among its first CONTEXTS, else its first."""
    matcher: Matcher | None = state.env.get("matcher")
    if matcher is None:
        return
    entities: dict[str, Entity] = state.env["entities"]
    mode: str = state.env.get("entity_links", "first")
    texts_of = list(_texts(state.tokens))
    found = [(inline, i, child, matcher.find(child.content)) for inline, i, child, scanned in texts_of if scanned]
    named = {m.entity for *_, matches in found for m in matches if not m.ambiguous}
    # the names the text has where they are no mention, as written (in a heading, in a link's
    # text, an ambiguous one unlinked): Pagefind's segmenter may cut one there (乔布斯 alone in a
    # link: 乔布|斯), and the search page searches a registered name whole, finding the pages
    # that have it as a word of the index (search_names): the document gives these as such words
    written = {child.content[m.start : m.end]: None for *_, child, scanned in texts_of if not scanned
               for m in matcher.find(child.content)}
    itself = state.env.get("itself")

    kept: dict[str, Mention] = {}  # one per entity: the first in a real sentence, if any
    bare: set[str] = set()  # entities whose kept mention is (nearly) its whole sentence
    seen: dict[str, int] = {}
    texts: dict[int, tuple[str, dict[int, int], list[int]]] = {}
    for inline, i, child, matches in found:
        marks = []
        for start, end, key, ambiguous in matches:
            if (ambiguous and key not in named) or key == itself:
                written[child.content[start:end]] = None
                continue
            n = seen[key] = seen.get(key, 0) + 1
            marks.append((start, end, entities[key], n, mode == "every" or (mode == "first" and n == 1)))
            if n > 1 and (n > CONTEXTS or key not in bare):
                continue  # counted; its sentence is not looked for
            if id(inline) not in texts:
                texts[id(inline)] = _inline_text(inline)
            full, offsets, ends = texts[id(inline)]
            at = offsets[i] + start
            begin, finish = sentence_span(full, at, at + end - start, ends)
            begin = max(begin, at - MAX_CHARS // 2)  # a very long sentence: keep the part around it
            finish = min(finish, at + MAX_CHARS // 2)
            # a name on a line of its own, in a byline or a list: a later mention may say more
            is_bare = finish - begin < end - start + 8
            if n == 1 or not is_bare:
                kept[key] = Mention(key, n, full[begin:finish].replace("\n", " ").encode(), at - begin, end - start)
                (bare.add if is_bare else bare.discard)(key)
        if marks:
            child.type, child.meta = "mentions", {"marks": marks}
    state.env["mentions"] = list(kept.values())
    state.env["mention_counts"] = seen
    state.env["written"] = list(written)


def render_mentions(self, tokens, idx, options, env) -> str:
    """A text with mentions in it: each mention a link to its entity (or a span, when only
    the first is linked), everything else as the text rule renders it."""
    text, out, pos = tokens[idx].content, [], 0
    # kept across documents by the RenderContext: keyed by all that the tag is made of
    tags: dict[tuple[str, str, bool, bool], tuple[str, str]] = env.setdefault("entity_tags", {})
    # most text (Chinese above all) has nothing to escape: then its pieces are not looked at
    escaped = escapeHtml if _HTML_SPECIAL.search(text) else str
    for start, end, entity, n, linked in tokens[idx].meta["marks"]:
        # only the first mention carries the description (a title, for a reader without
        # the hover card): with every mention linked, a long document naming an entity
        # thousands of times would repeat it thousands of times
        titled = linked and n == 1
        if (tag := tags.get((entity.key, entity.description, linked, titled))) is None:
            tag = tags[entity.key, entity.description, linked, titled] = _tag(entity, linked, titled, env)
        # an anchor is made of a slug (letters, digits, dashes) and a number: nothing to escape
        out += [escaped(text[pos:start]), tag[0], anchor(entity.slug, n), tag[1],
                escaped(text[start:end]), "</a>" if linked else "</span>"]
        pos = end
    out.append(escaped(text[pos:]))
    return "".join(out)


def _tag(entity: Entity, linked: bool, titled: bool, env: dict) -> tuple[str, str]:
    """A mention's opening tag, before and after its id: the same for every mention of the
    entity (but the first, which has its title), in every document."""
    after = f'" data-entity="{escape(entity.key)}">'
    if not linked:
        return '<span class="mention" id="', after
    title = f' title="{escape(entity.description)}"' if entity.description and titled else ""
    href = env["entity_url"](entity)
    return f'<a class="entity entity-{entity.kind}" href="{escape(href)}"{title} id="', after


def entities_plugin(md) -> None:
    md.core.ruler.push("link_entities", link_entities)
    md.add_render_rule("mentions", render_mentions)
