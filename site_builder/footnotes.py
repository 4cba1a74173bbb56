"""The citation view, as markdown-it rules: every footnote becomes a numbered reference
to a structured source (site_builder.citations), shown

- in the text, as a superscript link to the note (a popover on hover/focus with JS);
- beside the paragraph that cites it, as a side-note (wide screens), but not again beside
  the next citing block when that one cites it too;
- in the notes list at the end, formatted, with a back-link to every citing place
  (a, b, c ...), uncited definitions included and marked as such.

It replaces the footnote plugin's `footnote_tail` rule, which drops uncited notes,
and records the notes and their problems (the citation lint) in the parser env.

The notes stay in the token stream, in a section at its end (from a NOTES_OPEN token on), so
that every later rule treats a note as it treats the body (text_join's escapes and entities,
the base path of site-absolute links): a note the writer wrote as free text is rendered there
as the Markdown blocks it is made of, and its side-note shows the same tokens rendered again.
Rules about the body alone (heading ids, entity mentions) stop at NOTES_OPEN: an id in a note
would be an id twice in the page.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape
from string import ascii_lowercase

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.footnote.index import footnote_ref

from site_builder.citations import Citation, parse_citation
from site_builder.i18n import format_day
from site_builder.model import Compact
from site_builder.registry import name_key
from site_builder.sentences import sentence_before, unstowed

NOTES_OPEN = "notes_open"  # the notes section: the last tokens of the stream
_OPEN_LINK = re.compile(r"<a ")  # the renderer's links (a side-note's are out of the tab order)

# no "[" in the label: "[^[^[^…" must not rescan the rest of the text from every "[^"
_UNDEFINED_REF = re.compile(r"\[\^([^\[\]\s]+)\]")


@dataclass(slots=True)
class NoteRef(Compact):
    id: str  # element id of the reference in the page
    utf8: bytes  # the sentence it stands after, as UTF-8 (see mentions.Mention)
    line: int | None  # line in the document's file
    source: str = ""  # where the sentence is once stowed (see mentions.Mention)
    span: int = 0

    @property
    def sentence(self) -> str:
        return unstowed(self)


@dataclass(slots=True)
class Note(Compact):
    number: int
    label: str
    citation: Citation
    line: int | None
    refs: list[NoteRef] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"note-{self.number}"

    @property
    def cited(self) -> bool:
        return bool(self.refs)


def notes_digest(notes: list[Note]) -> str:
    """Names what the pages of sources show of a document's notes (each note's number,
    label and citation, each reference's id and sentence; not their lines, which
    depends.Sources leaves out): made by the worker that reads them, while their sentences
    are in them (Document.shown)."""
    shown = [(n.number, n.label, n.citation, [(r.id, r.utf8) for r in n.refs]) for n in notes]
    return hashlib.sha256(repr(shown).encode()).hexdigest()[:32]


def _ref_id(number: int, sub: int) -> str:
    return f"cite-{number}" + (f"-{sub + 1}" if sub else "")


def _letter(i: int) -> str:
    return ascii_lowercase[i] if i < 26 else str(i + 1)


def _safe_url(url: str | None) -> str | None:
    return url if url and re.match(r"https?://", url, re.I) else None


def as_written(c: Citation) -> bool:
    """Shown as the writer wrote it (the note's Markdown, rendered) rather than as fields:
    free text, and a source with neither title nor http(s) URL (a URL alone would drop the text)."""
    return c.form == "free" or not (c.title or _safe_url(c.url))


def format_citation(c: Citation, t: dict[str, str], language: str,
                    link: Callable[[str], str | None] | None = None) -> str:
    """A source as HTML fields: title, publisher, author, published and accessed dates;
    "" for a note shown as written (see as_written). link(name): the URL of the entity
    page of a publisher or author the registry knows, or None."""
    if as_written(c):
        return ""
    parts: list[str] = []
    url = _safe_url(c.url)
    if c.title:
        title = escape(c.title)
        parts.append(f'<cite class="src-title">{f"<a href={escape(url)!r}>{title}</a>" if url else title}</cite>')
    elif url:
        parts.append(f'<a class="src-url" href="{escape(url)}">{escape(url)}</a>')
    for cls, value in (("src-publisher", c.publisher), ("src-author", c.author)):
        if value:
            href = link(value) if link else None
            name = f'<a class="entity" href="{escape(href)}">{escape(value)}</a>' if href else escape(value)
            parts.append(f'<span class="{cls}">{name}</span>')
    for cls, label, day in (("src-published", t["cite_published"], c.published),
                            ("src-accessed", t["cite_accessed"], c.accessed)):
        if day:
            parts.append(f'<span class="{cls}">{label} <time datetime="{day.isoformat()}">'
                         f"{escape(format_day(day, language))}</time></span>")
    return '<span class="sep"> · </span>'.join(parts)


def _collect_definitions(state: StateCore) -> list[tuple[str, int | None, list[Token]]]:
    """Cut the definitions out of the token stream: (label, line, tokens) in source order
    (a definition inside another's blocks is a note of its own; the other goes on after it)."""
    defs: list[tuple[str, int | None, list[Token]]] = []
    kept: list[Token] = []
    open_defs: list[list[Token]] = []
    for tok in state.tokens:
        if tok.type == "footnote_reference_open":
            open_defs.append([])
            defs.append((tok.meta["label"], tok.map[0] if tok.map else None, open_defs[-1]))
        elif tok.type == "footnote_reference_close":
            open_defs.pop()
        else:
            (open_defs[-1] if open_defs else kept).append(tok)
    state.tokens = kept
    return defs


def citations_tail(state: StateCore) -> None:
    problems: list[tuple[int | None, str]] = state.env.setdefault("note_problems", [])
    first = state.env.get("first_line", 1)
    defs = [(label, None if line is None else first + line, tokens)
            for label, line, tokens in _collect_definitions(state)]
    by_label: dict[str, tuple[int | None, list[Token]]] = {}
    for label, line, tokens in defs:
        if label in by_label:
            where = f" (first on line {earlier})" if (earlier := by_label[label][0]) is not None else ""
            problems.append((line, f"footnote [^{label}] is defined twice{where}; the last one is used"))
        by_label[label] = (line, tokens)

    # Cited notes are numbered in order of first citation, uncited ones after them.
    cited = [entry["label"] for entry in state.env.get("footnotes", {}).get("list", {}).values()
             if "label" in entry]
    cited_set = set(cited)
    order = cited + [label for label in dict.fromkeys(lbl for lbl, _, _ in defs) if label not in cited_set]
    notes: dict[str, Note] = {}
    for number, label in enumerate(order, start=1):
        line, tokens = by_label[label]
        raw = "\n".join(t.content for t in tokens if t.type == "inline")
        notes[label] = Note(number, label, parse_citation(raw), line, [])
    # A note may cite another note ([^1]: see also[^2]): a plain link to it, not a citing place.
    for _, _, tokens in defs:
        for child in (c for t in tokens if t.type == "inline" for c in t.children or ()):
            if child.type == "footnote_ref":
                child.meta.update(number=notes[child.meta["label"]].number, ref_id=None)

    # Number the references, find the sentence each cites, and place side-notes
    # before the top-level block that holds them. Linear in the references: the block is
    # kept apart until its side-notes are known (no list insertions), notes are looked up
    # by number, and only the end of the text is searched for the sentence.
    out: list[Token] = []
    block: list[Token] = []  # the current top-level block's tokens
    pending: dict[int, Note] = {}  # by number, in citation order
    # the sources the last citing block cites: a side-note for one of them beside the next
    # citing block would repeat the one the reader has just seen (seven in a row in seed 000)
    beside: set[str] = set()
    for tok in state.tokens:
        if tok.level == 0 and tok.nesting >= 0 and not pending:
            out += block
            block = []
        block.append(tok)
        if tok.type == "inline" and tok.children:
            text = ""
            for child in tok.children:
                if child.type == "footnote_ref":
                    note = notes[child.meta["label"]]
                    ref_id = _ref_id(note.number, child.meta["subId"])
                    child.meta.update(number=note.number, ref_id=ref_id)
                    line = first + tok.map[0] if tok.map else None
                    note.refs.append(NoteRef(ref_id, sentence_before(text).encode(), line))
                    pending.setdefault(note.number, note)
                elif child.type in ("text", "code_inline"):
                    text += child.content
                    if child.type == "text":
                        for m in _UNDEFINED_REF.finditer(child.content):
                            if m[1] not in notes:
                                problems.append((first + tok.map[0] if tok.map else None,
                                                 f"reference [^{m[1]}] has no definition"))
                elif child.type in ("softbreak", "hardbreak"):
                    text += " "
        if tok.level == 0 and tok.nesting <= 0 and pending:
            shown = [note for note in pending.values() if note.citation.key not in beside]
            beside = {note.citation.key for note in pending.values()}
            if shown:
                side = Token("sidenotes", "aside", 0)
                side.meta = {"notes": shown}
                out.append(side)
            out += block
            block, pending = [], {}
    out += block
    if notes:
        out += _notes_section(notes.values(), by_label)
    state.tokens = out

    for note in notes.values():
        c = note.citation
        if not note.cited:
            problems.append((note.line, f"footnote [^{note.label}] is defined but never cited"))
        if c.published and c.accessed and c.accessed < c.published:
            problems.append((note.line, f"footnote [^{note.label}]: accessed {c.accessed} "
                                        f"before it was published {c.published}"))
        for text in c.unreadable_dates:
            problems.append((note.line, f"footnote [^{note.label}]: cannot read the date {text!r}"))
    state.env["notes"] = list(notes.values())


def _block_token(type_: str, tag: str, nesting: int, meta: dict | None = None) -> Token:
    return Token(type_, tag, nesting, meta=meta or {}, block=True)


def _notes_section(notes, by_label: dict[str, tuple[int | None, list[Token]]]) -> list[Token]:
    """The notes list, last in the stream: one item per note, holding the note's own block
    tokens when it is shown as written (a source's fields are made when rendering)."""
    out = [_block_token(NOTES_OPEN, "section", 1)]
    for note in notes:
        out.append(_block_token("note_open", "li", 1, {"note": note}))
        if as_written(note.citation):
            out += by_label[note.label][1]
        out.append(_block_token("note_close", "li", -1, {"note": note}))
    out.append(_block_token("notes_close", "section", -1))
    return out


def _written_notes(tokens, env) -> dict[int, tuple[int, int]]:
    """Where the blocks of each note shown as written are in the stream, by number: found
    once per rendering (after every core rule, whatever tokens they put there)."""
    memo = env.get("_written_notes")
    if memo is None or memo[0] is not tokens:
        spans, start = {}, 0
        for i, tok in enumerate(tokens):
            if tok.type == "note_open":
                start = i + 1
            elif tok.type == "note_close":
                spans[tok.meta["note"].number] = (start, i)
        memo = env["_written_notes"] = (tokens, spans)
    return memo[1]


def _render_ref(self, tokens, idx, options, env) -> str:
    meta = tokens[idx].meta
    n = meta["number"]
    ref_id = f' id="{meta["ref_id"]}"' if meta["ref_id"] else ""  # none for a note citing a note
    return (f'<sup class="cite"{ref_id}><a class="cite-link" href="#note-{n}" '
            f'aria-describedby="note-{n}-src">{n}</a></sup>')


def entity_linker(names: dict[str, str], entities: dict, url_of: Callable, itself: str | None = None
                  ) -> Callable[[str], str | None]:
    """link() for format_citation: a publisher's or author's name -> the URL of the person's,
    company's (any kind but a topic's) page the registry names so; not the page's own."""
    def link(name: str) -> str | None:
        entity = entities.get(names.get(name_key(name), ""))
        return url_of(entity) if entity and entity.kind != "topic" and entity.key != itself else None

    return link


def _linker(env) -> Callable[[str], str | None] | None:
    if "_linker" not in env:
        names = env.get("names")
        env["_linker"] = entity_linker(names, env["entities"], env["entity_url"], env.get("itself")) if names \
            else None
    return env["_linker"]


def _render_sidenotes(self, tokens, idx, options, env) -> str:
    t, lang = env["t"], env["language"]
    items = []
    for note in tokens[idx].meta["notes"]:
        body = format_citation(note.citation, t, lang, _linker(env))
        if as_written(note.citation):  # the note's blocks, as the notes list shows them
            start, end = _written_notes(tokens, env)[note.number]
            body = self.render(tokens[start:end], options, env)
        # hidden from assistive technology, so its links are out of the tab order too (the
        # notes list has the same links for the keyboard); the writer's raw HTML is not here yet
        body = _OPEN_LINK.sub("<a tabindex=\"-1\" ", body)
        items.append(f'<div class="sidenote"><span class="sn-number">{note.number}</span> {body}</div>')
    # The notes list is the accessible copy; side-notes are a visual aid only.
    return f'<aside class="sidenotes" aria-hidden="true">{"".join(items)}</aside>\n'


def _render_notes_open(self, tokens, idx, options, env) -> str:
    return f'<section class="notes" aria-label="{escape(env["t"]["cite_notes"])}">\n<ol>\n'


def _render_notes_close(self, tokens, idx, options, env) -> str:
    return "</ol>\n</section>\n"


def _render_note_open(self, tokens, idx, options, env) -> str:
    """The note's item and its source: the fields of a source, or the note's own blocks
    (rendered after this, from the stream)."""
    note: Note = tokens[idx].meta["note"]
    return (f'<li id="{note.id}" class="note{"" if note.cited else " note-uncited"}">'
            f'<div class="src" id="{note.id}-src">'
            f'{format_citation(note.citation, env["t"], env["language"], _linker(env))}')


def _render_note_close(self, tokens, idx, options, env) -> str:
    """After the source: the back-links to every citing place (or "uncited"), and the text
    as written under a source shown as fields."""
    note: Note = tokens[idx].meta["note"]
    t = env["t"]
    if note.cited:
        links = " ".join(
            f'<a class="backref" href="#{r.id}" aria-label="{escape(t["cite_back"])} {note.number}'
            f'{_letter(i) if len(note.refs) > 1 else ""}">{_letter(i) if len(note.refs) > 1 else "↩"}</a>'
            for i, r in enumerate(note.refs))
        tail = f'<span class="backrefs">{"↩ " if len(note.refs) > 1 else ""}{links}</span>'
    else:
        tail = f'<span class="uncited">{escape(t["cite_uncited"])}</span>'
    raw = (f'<details class="src-raw"><summary>{escape(t["cite_raw"])}</summary>'
           f"{escape(note.citation.raw)}</details>") if note.citation.form != "free" else ""
    return f"</div> {tail}{raw}</li>\n"


_REF_STOP = re.compile(r"[ \n\]]")  # what ends a reference label, as footnote_ref reads it


def bounded_footnote_ref(state: StateInline, silent: bool) -> bool:
    """mdit-py-plugins' footnote_ref, called only where it can succeed.

    Its own scan for the label's end starts again at every "[^", so a line of "[^a[^a…"
    in a document with notes took hours for a megabyte. Here the end is found once per
    stretch of text (remembered in env while the position stays before it), and only a
    label of a defined length is compared: linear, with the plugin's result unchanged."""
    src, start = state.src, state.pos
    if src[start] != "[" or start + 3 > state.posMax or src[start + 1] != "^":
        return False
    refs = state.env.get("footnotes", {}).get("refs")
    if not refs:
        return False
    memo = state.env.get("_ref_stop")
    if memo and memo[0] is src and memo[1] <= start + 2 <= memo[2]:
        stop = memo[2]
    else:
        m = _REF_STOP.search(src, start + 2)
        stop = m.start() if m else len(src)
        state.env["_ref_stop"] = (src, start + 2, stop)
    lengths = state.env.get("_ref_lengths")
    if lengths is None or lengths[0] != len(refs):
        lengths = state.env["_ref_lengths"] = (len(refs), {len(key) - 1 for key in refs})  # keys are ":label"
    if stop >= state.posMax or src[stop] != "]" or stop - start - 2 not in lengths[1]:
        return False
    return footnote_ref(state, silent)


def citations_plugin(md: MarkdownIt) -> None:
    """Use after footnote_plugin: takes over its tail rule and its rendering."""
    md.inline.ruler.at("footnote_ref", bounded_footnote_ref)
    md.core.ruler.at("footnote_tail", citations_tail)
    md.add_render_rule("footnote_ref", _render_ref)
    md.add_render_rule("sidenotes", _render_sidenotes)
    md.add_render_rule(NOTES_OPEN, _render_notes_open)
    md.add_render_rule("notes_close", _render_notes_close)
    md.add_render_rule("note_open", _render_note_open)
    md.add_render_rule("note_close", _render_note_close)
