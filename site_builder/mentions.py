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
- text inside headings, links, code and images is never scanned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

import ahocorasick
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from site_builder.model import Compact
from site_builder.registry import Entity, Registry
from site_builder.sentences import MAX_CHARS, boundaries, sentence_span

_LATIN = re.compile(r"[A-Za-z0-9]")
# Middle-dot variants writers use inside transliterated names: one form for matching.
_DOTS = str.maketrans({"・": "·", "•": "·", "‧": "·", "･": "·", "⋅": "·"})
LINK_MODES = ("first", "every", "none")
CONTEXTS = 3  # sentences kept per entity and document: the entity page shows the best of them


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    entity: str  # entity key
    ambiguous: bool


@dataclass(slots=True)
class Mention(Compact):
    entity: str  # entity key
    anchor: str  # element id in the document page
    # The sentence around it, as UTF-8: the build process keeps one per entity and document
    # and sends it to page workers; pickling a str (not bytes) leaves a UTF-8 copy inside it.
    utf8: bytes
    at: int  # where the mention starts in the sentence
    length: int

    @property
    def sentence(self) -> str:
        return self.utf8.decode()


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
                self.automaton.add_word(key, (len(key), entity.key, name in ambiguous))
        self.empty = len(self.automaton) == 0
        if not self.empty:
            self.automaton.make_automaton()

    def find(self, text: str) -> list[Match]:
        """Non-overlapping matches, leftmost-longest, Latin ones on word boundaries."""
        if self.empty:
            return []
        candidates = []
        for end_index, (length, entity, ambiguous) in self.automaton.iter(text.translate(_DOTS)):
            start, end = end_index - length + 1, end_index + 1
            if _LATIN.match(text[start]) and start > 0 and _LATIN.match(text[start - 1]):
                continue
            if _LATIN.match(text[end - 1]) and end < len(text) and _LATIN.match(text[end]):
                continue
            candidates.append(Match(start, end, entity, ambiguous))
        candidates.sort(key=lambda m: (m.start, m.start - m.end))
        chosen: list[Match] = []
        for match in candidates:
            if not chosen or match.start >= chosen[-1].end:
                chosen.append(match)
        return chosen


def _scannable(tokens: list[Token]):
    """(inline token, child index, child) for every text child outside headings and links."""
    in_heading = False
    for token in tokens:
        if token.type == "heading_open":
            in_heading = True
        elif token.type == "heading_close":
            in_heading = False
        elif token.type == "inline" and token.children and not in_heading:
            depth = 0
            for i, child in enumerate(token.children):
                if child.type == "link_open":
                    depth += 1
                elif child.type == "link_close":
                    depth -= 1
                elif child.type == "text" and depth == 0:
                    yield token, i, child


def _inline_text(token: Token) -> tuple[str, dict[int, int], list[int]]:
    """The inline's plain text, where each child's text starts in it, and its sentence ends."""
    parts, offsets, length = [], {}, 0
    for i, child in enumerate(token.children or ()):
        offsets[i] = length
        piece = child.content if child.type in ("text", "code_inline") else \
            "\n" if child.type in ("softbreak", "hardbreak") else ""
        parts.append(piece)
        length += len(piece)
    text = "".join(parts)
    return text, offsets, boundaries(text)


def link_entities(state: StateCore) -> None:
    """Core rule: find mentions, split text tokens around them, record them in env."""
    matcher: Matcher | None = state.env.get("matcher")
    if matcher is None:
        return
    entities: dict[str, Entity] = state.env["entities"]
    mode: str = state.env.get("entity_links", "first")
    found = [(inline, i, child, matcher.find(child.content)) for inline, i, child in _scannable(state.tokens)]
    named = {m.entity for *_, matches in found for m in matches if not m.ambiguous}
    itself = state.env.get("itself")

    mentions: list[Mention] = []
    seen: dict[str, int] = {}
    replacements: dict[int, list[tuple[int, list[Token]]]] = {}
    texts: dict[int, tuple[str, dict[int, int], list[int]]] = {}
    for inline, i, child, matches in found:
        matches = [m for m in matches if (not m.ambiguous or m.entity in named) and m.entity != itself]
        if not matches:
            continue
        if id(inline) not in texts:
            texts[id(inline)] = _inline_text(inline)
        full, offsets, ends = texts[id(inline)]
        pieces: list[Token] = []
        pos = 0
        for m in matches:
            entity = entities[m.entity]
            seen[m.entity] = seen.get(m.entity, 0) + 1
            anchor = f"m-{entity.slug}-{seen[m.entity]}"
            linked = mode == "every" or (mode == "first" and seen[m.entity] == 1)
            if m.start > pos:
                pieces.append(_text(child.content[pos : m.start]))
            opening = Token("entity_open", "a" if linked else "span", 1)
            opening.meta = {"entity": entity, "anchor": anchor, "linked": linked}
            closing = Token("entity_close", "a" if linked else "span", -1)
            pieces += [opening, _text(child.content[m.start : m.end]), closing]
            pos = m.end
            if seen[m.entity] > CONTEXTS:
                continue  # counted; enough sentences kept for this entity
            at = offsets[i] + m.start
            begin, finish = sentence_span(full, at, at + m.end - m.start, ends)
            begin = max(begin, at - MAX_CHARS // 2)  # a very long sentence: keep the part around it
            finish = min(finish, at + MAX_CHARS // 2)
            mentions.append(Mention(m.entity, anchor, full[begin:finish].replace("\n", " ").encode(), at - begin,
                                    m.end - m.start))
        if pos < len(child.content):
            pieces.append(_text(child.content[pos:]))
        replacements.setdefault(id(inline), []).append((i, pieces))
    for inline, *_ in found:  # from the right, so earlier indexes stay valid
        for i, pieces in sorted(replacements.pop(id(inline), []), key=lambda r: r[0], reverse=True):
            inline.children[i : i + 1] = pieces
    state.env["mentions"] = mentions
    state.env["mention_counts"] = seen


def _text(content: str) -> Token:
    token = Token("text", "", 0)
    token.content = content
    return token


def render_entity_open(self, tokens, idx, options, env) -> str:
    meta = tokens[idx].meta
    entity: Entity = meta["entity"]
    attrs = f'id="{escape(meta["anchor"])}" data-entity="{escape(entity.key)}"'
    if not meta["linked"]:
        return f'<span class="mention" {attrs}>'
    href = env["entity_url"](entity)
    title = f' title="{escape(entity.description)}"' if entity.description else ""
    return f'<a class="entity entity-{entity.kind}" href="{escape(href)}"{title} {attrs}>'


def render_entity_close(self, tokens, idx, options, env) -> str:
    return f"</{tokens[idx].tag}>"


def entities_plugin(md) -> None:
    md.core.ruler.push("link_entities", link_entities)
    md.add_render_rule("entity_open", render_entity_open)
    md.add_render_rule("entity_close", render_entity_close)
