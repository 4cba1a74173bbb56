"""Markdown -> HTML with markdown-it-py: CommonMark, tables, footnotes (as the citation
view), strikethrough, task lists and bare URLs as links (gfm.py), heading ids, `{.class}`
block attributes, CJK-friendly emphasis and strikethrough (the markdown-cjk-friendly
proposal: cjk_emphasis.py), entity links, math as MathML (mathml.py) and the writer's raw
HTML sanitised, escaped or trusted (htmlsafe.py). Extensions are small core rules
registered on the parser, the markdown-it way; what a rule needs from the build travels in
the parser env."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.attrs import attrs_block_plugin
from mdit_py_plugins.footnote import footnote_plugin

from site_builder.cjk_emphasis import cjk_emphasis_plugin
from site_builder.doclinks import collect as collect_links
from site_builder.doclinks import place_raw_links, raw_html_hook, renumber
from site_builder.footnotes import NOTES_OPEN, citations_plugin
from site_builder.gfm import gfm_plugin
from site_builder.htmlsafe import URL_HOOK, RawHtml
from site_builder.i18n import strings
from site_builder.mathml import MATH_TOKENS, math_plugin
from site_builder.mentions import Matcher, entities_plugin
from site_builder.model import Heading, RenderedBody
from site_builder.registry import Entity
from site_builder.shortcodes import shortcodes_plugin
from site_builder.slugs import slugify
from site_builder.titles import title_heading
from site_builder.urls import Urls


@dataclass
class RenderContext:
    """What rendering needs from the site: built once per build (once per worker)."""

    allow_html: str = "sanitize"  # sanitize | escape | trust: the writer's raw HTML (HTML_MODES)
    base_path: str = "/"
    language: str = "zh-CN"
    matcher: Matcher | None = None
    entities: dict[str, Entity] = field(default_factory=dict)
    entity_links: str = "first"  # first | every | none
    itself: str | None = None  # key of the entity whose own page this is: not linked to itself
    # a document's local links become placeholders its page fills in (doclinks.py: the
    # workers' documents); elsewhere (an entity's description) they stay as written
    local_links: bool = False
    former_urls: tuple[str, ...] = ()  # site.yaml's: a link written with one leads into the site (doclinks.py)
    # the opening tags of mentions (see mentions.render_mentions): the same in every document
    entity_tags: dict = field(default_factory=dict, compare=False, repr=False)
    # name_key -> entity key (Registry.by_name): publishers and authors in notes link to their pages
    names: dict[str, str] = field(default_factory=dict, compare=False, repr=False)


# Lists and block quotes inside each other, in markdown-it levels (a list level takes two).
# markdown-it's default of 20 drops everything after a list nested 10 deep; beyond this
# limit the text is still not shown, but the writer gets an error naming the line.
MAX_NESTING = 100
TOO_DEEP = (f"lists or block quotes nested too deeply (more than {MAX_NESTING} levels, a list counting two): "
            "the text from this line on is not shown (to the end of the outermost quote; after a list, to the end "
            "of the document)")


def _guard_nesting(md: MarkdownIt) -> None:
    """Record in env["too_deep"] the first line that markdown-it skips for being nested
    deeper than maxNesting (it skips the rest of the container silently)."""
    tokenize = md.block.tokenize

    def guarded(state, start_line: int, end_line: int) -> None:
        if state.level >= md.options["maxNesting"] and "too_deep" not in state.env:
            line = state.skipEmptyLines(start_line)
            if line < end_line and state.sCount[line] >= state.blkIndent:  # what tokenize would skip
                state.env["too_deep"] = line
        tokenize(state, start_line, end_line)

    md.block.tokenize = guarded  # rules call state.md.block.tokenize for nested blocks


# What becomes of raw HTML in Markdown: kept to an allowlist (htmlsafe.py), shown as text,
# or published as written. site.yaml's true and false are trust and escape.
HTML_MODES = ("sanitize", "escape", "trust")


def html_mode(allow_html: str | bool) -> str:
    if isinstance(allow_html, bool):
        return "trust" if allow_html else "escape"
    if allow_html not in HTML_MODES:
        raise ValueError(f"allow_html must be one of {', '.join(HTML_MODES)}, not {allow_html!r}")
    return allow_html


def _mark_raw_html(self, tokens, idx, options, env) -> str:
    """The writer's HTML, set aside for the sanitiser (RawHtml.sanitize_body)."""
    return env["raw_html"].mark(tokens[idx].content, tokens[idx].meta.get("line"))


def _heading_slug(text: str) -> str:
    return slugify(text, fallback="section")


# Ids the page around a document's body uses: the theme's templates (a test keeps this list
# whole), the notes' (note-3, note-3-src, cite-3-2), the sources index's (src-…, pub-…), and
# sb-… for the ids of a site's own templates. A heading never takes one (it gets h-site-data):
# "Site data" would be id="site-data", the element site.js reads, and "Note 1" the first note's.
THEME_IDS = frozenset({"main", "site-data", "search", "search-title", "site-search-q", "topics", "tags", "time",
                       "related", "newest", "mentioned-in", "in-article", "etags", "co", "archive", "cited-as"})
_RESERVED_ID = re.compile(r"(note-\d+(-src)?|cite-\d+(-\d+)?|src-.*|pub-.*|sb-.*)")


def reserved_id(slug: str) -> bool:
    return slug in THEME_IDS or _RESERVED_ID.fullmatch(slug) is not None


def heading_ids(state: StateCore) -> None:
    """Core rule: an id for every heading, from its text, unique in the document (section,
    section-1, section-2 ...: the numbering of mdit-py-plugins' anchors plugin, which this
    replaces because it tries every number from 1 again for each heading, so a PDF with
    thousands of identical headings took minutes). Linear: each base remembers its next number."""
    used: set[str] = set()
    following: dict[str, int] = {}
    for i, token in enumerate(state.tokens):
        if token.type == NOTES_OPEN:
            break  # a heading in a note takes no id: the note is in the page twice (its side-note)
        if token.type != "heading_open" or token.attrGet("id"):
            continue
        inline = state.tokens[i + 1]
        base = _heading_slug("".join(c.content for c in inline.children or () if c.type in ("text", "code_inline")))
        if reserved_id(base):
            base = f"h-{base}"  # h-site-data, h-note-1: never an id of the page's own
        slug, n = base, following.get(base, 1)
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
            if reserved_id(slug):
                slug = f"h-{slug}"  # a second "Note" is h-note-1, not the first note's note-1
        following[base] = n
        used.add(slug)
        token.attrSet("id", slug)


def _prefix_site_links(base_path: str):
    """Links and images written as /path are site-absolute: put them under the base path."""

    def rule(state: StateCore) -> None:
        if base_path == "/":
            return
        for token in state.tokens:
            for child in token.children or ():
                attr = "href" if child.type == "link_open" else "src" if child.type == "image" else None
                value = child.attrGet(attr) if attr else None
                if isinstance(value, str) and value.startswith("/") and not value.startswith("//"):
                    child.attrSet(attr, base_path + value.lstrip("/"))

    return rule


_NOT_IN_TOC = frozenset({"link_open", "link_close", "footnote_ref", "html_inline"})


def _toc_entry(md: MarkdownIt, inline: Token, env: dict) -> tuple[str, str]:
    """A heading as the table of contents shows it, as text and as HTML: its inline formatting
    kept, a link or an image as its text (the entry is a link itself), no note reference (its
    id is the heading's) and no raw HTML."""
    children = [Token("text", "", 0, content=md.renderer.renderInlineAsText(c.children, md.options, env))
                if c.type == "image" else c for c in inline.children or () if c.type not in _NOT_IN_TOC]
    text = md.renderer.renderInlineAsText(children, md.options, env).replace("\n", " ")
    return text, md.renderer.renderInline(children, md.options, env)


@lru_cache(maxsize=8)
def renderer(allow_html: str | bool = "sanitize", base_path: str = "/") -> MarkdownIt:
    """One configured parser per process; building it is the expensive part."""
    mode = html_mode(allow_html)
    md = (
        MarkdownIt("commonmark", {"html": mode != "escape", "maxNesting": MAX_NESTING})
        .enable(["table", "strikethrough"])
        .use(gfm_plugin)  # task lists, bare URLs as links
        .use(cjk_emphasis_plugin)
        .use(footnote_plugin, inline=False)
        .use(citations_plugin)
        .use(attrs_block_plugin, allowed=["class"])  # only classes: no on*=, no style
        .use(entities_plugin)
        .use(math_plugin)
        .use(shortcodes_plugin)
    )
    if mode == "sanitize":
        md.add_render_rule("html_block", _mark_raw_html)
        md.add_render_rule("html_inline", _mark_raw_html)
    # the writer's links, before entity links are made and site paths put under the base path
    md.core.ruler.after("code_escapes", "local_links", collect_links)
    md.core.ruler.push("site_links", _prefix_site_links(base_path))
    md.core.ruler.before("link_entities", "heading_ids", heading_ids)
    md.core.ruler.after("inline", "title_heading", title_heading)  # titles.py
    _guard_nesting(md)
    return md


def render(markdown: str, ctx: RenderContext | None = None, first_line: int = 1,
           title: str | None = None) -> RenderedBody:
    """Render a document body; first_line is the file line the body starts on, so that
    problems found while rendering name the writer's line. title: the document's, which
    its page shows above the body (see title_heading)."""
    ctx = ctx or RenderContext()
    md = renderer(ctx.allow_html, ctx.base_path)
    urls = Urls(ctx.base_path)
    env: dict = {
        "t": strings(ctx.language), "language": ctx.language,
        "matcher": ctx.matcher, "entities": ctx.entities, "entity_links": ctx.entity_links,
        "itself": ctx.itself, "first_line": first_line,
        "entity_url": lambda entity: urls.entity(entity.section, entity.slug),
        "entity_tags": ctx.entity_tags, "raw_html": RawHtml(), "local_links": ctx.local_links, "names": ctx.names,
        "former_urls": ctx.former_urls,
        "trusted_html": html_mode(ctx.allow_html) == "trust", "title": title,
    }
    tokens = md.parse(markdown, env)
    headings: list[Heading] = []
    images: list[str] = []
    text_parts: list[str] = []
    excerpt: str | None = None  # the text before <!--more-->
    body = True  # the notes section is no part of the text, nor of the table of contents
    for i, token in enumerate(tokens):
        if token.type == NOTES_OPEN:
            body = False
        if token.type == "more" and excerpt is None:
            excerpt = "".join(text_parts)
        if token.type == "heading_open" and body:
            toc_text, toc_html = _toc_entry(md, tokens[i + 1], env)
            headings.append(Heading(int(token.tag[1]), toc_text, toc_html, str(token.attrGet("id"))))
        for child in token.children or ():
            if child.type == "more" and excerpt is None:
                excerpt = "".join(text_parts)
            if child.type == "image" and not str(child.attrGet("src")).startswith("\ue000"):  # the build checks those
                images.append(str(child.attrGet("src")))
            elif child.type in ("text", "code_inline", "mentions", *MATH_TOKENS) and body:
                text_parts.append(child.content)
        if token.type == "inline" and body:
            text_parts.append("\n")
    raw_html = env["raw_html"]
    hooked = URL_HOOK.set(raw_html_hook(env)) if ctx.local_links else None
    try:
        html = raw_html.sanitize_body(md.renderer.render(tokens, md.options, env), ctx.base_path, reserved_id)
    finally:
        if hooked is not None:
            URL_HOOK.reset(hooked)
    if ctx.local_links:
        html, env["links"] = renumber(html, env.get("links", []))
        place_raw_links(raw_html.pieces, raw_html.lines, env["links"], env.get("raw_links", []))
    warnings = env.get("math_problems", []) + ([(raw_html.first_line(), raw_html.problem)] if raw_html.problem else [])
    return RenderedBody(html=html, headings=headings, text="".join(text_parts), images=images,
                        notes=env.get("notes", []), note_problems=env.get("note_problems", []),
                        errors=[(first_line + env["too_deep"], TOO_DEEP)] if "too_deep" in env else [],
                        warnings=warnings,
                        mentions=env.get("mentions", []), mention_counts=env.get("mention_counts", {}),
                        links=env.get("links", []), tallied=[(line, message) for message, line
                                                             in env.get("unsupported", {}).items()],
                        excerpt=excerpt, written=env.get("written", []))
