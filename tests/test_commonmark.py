"""The 652 examples of the CommonMark spec 0.31.2 (tests/fixtures/commonmark/: source,
commit and licence in its README) through our renderer.

With raw HTML trusted, our renderer is CommonMark: every example renders as the spec says,
compared as markdown-it-py's own spec test compares (two of its known differences of
whitespace made equal). Of what we add to plain CommonMark, two change an example's HTML:
heading ids (every heading gets an id= from its text, for links into the page), checked and
then removed before comparing; and GFM's bare URLs and e-mail addresses made links (gfm.py),
which the spec's examples write as text: in those examples, once the links that the spec
does not have are unwrapped, the HTML is the spec's. The rest -- GFM tables,
strikethrough and task lists, footnotes (as citations), `{.class}` block attributes, the
CJK emphasis rules, $math$ and entity links -- changes none of the 652, which this test
shows by not listing them.

With raw HTML sanitised (the default), every difference from markdown-it-py's output is
what nh3 does to markdown-it-py's output with our allowlist: the output equals that, but
for one example, where only the place of whitespace between tags differs (a <table> whose
rows are Markdown: the parser moves the text out of the table, around the whitespace)."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from xml.etree.ElementTree import Comment

import html5lib
from markdown_it import MarkdownIt

from site_builder.htmlsafe import HTML_ATTRIBUTES, HTML_TAGS, MATHML_TAGS, html_cleaner
from site_builder.markdown import RenderContext, render

EXAMPLES = json.loads((Path(__file__).parent / "fixtures/commonmark/commonmark.json").read_text(encoding="utf-8"))
HEADING_ID = re.compile(r'(<h[1-6]) id="[^"]*"')


def as_markdown_it_tests_it(example: dict, html: str) -> str:
    """markdown-it-py's tests/test_cmark_spec/test_spec.py: differences it lets pass."""
    if example["example"] == 596:
        html = html.replace("mailto", "MAILTO")
    if example["example"] in (218, 239, 240):
        html = html.replace("<blockquote></blockquote>", "<blockquote>\n</blockquote>")
    return html


def ours(markdown: str, allow_html: str) -> str:
    html = render(markdown, RenderContext(allow_html=allow_html)).html
    headings = re.findall(r"<h[1-6][ >]", html)
    assert len(HEADING_ID.findall(html)) == len(headings)  # every heading has its id
    return HEADING_ID.sub(r"\1", html)


def test_the_spec_has_652_examples() -> None:
    assert len(EXAMPLES) == 652 and EXAMPLES[-1]["example"] == 652


# an <a> whose text is its URL (or its address, for mailto:): what linkify makes of a bare URL
AUTOLINK = re.compile(r'<a href="(?:mailto:)?([^"]*)">\1</a>')


def linkified(html: str, spec: str) -> tuple[str, int]:
    """html with the bare-URL links the spec's HTML does not have unwrapped, and their number."""
    found = [m for m in AUTOLINK.finditer(html) if m[0] not in spec]
    for m in reversed(found):
        html = html[: m.start()] + m[1] + html[m.end():]
    return html, len(found)


def gfm_markdown_it() -> MarkdownIt:
    """markdown-it-py with the same GFM extensions as ours: linkify (linkify-it-py), task lists."""
    from mdit_py_plugins.tasklists import tasklists_plugin

    from site_builder.gfm import CjkLinkify

    md = MarkdownIt("commonmark", {"linkify": True}).use(tasklists_plugin).enable("linkify")
    md.linkify = CjkLinkify()
    return md


def test_with_raw_html_trusted_every_example_renders_as_the_spec_says() -> None:
    gfm = gfm_markdown_it()
    failed, links = [], {}
    for e in EXAMPLES:
        html, n = linkified(as_markdown_it_tests_it(e, ours(e["markdown"], "trust")), e["html"])
        if n:
            links[e["example"]] = n
            assert re.search(r"(?:https?|ftp)://|@", e["markdown"]), e["example"]  # a URL or an address
        if html != e["html"]:
            failed.append(e["example"])
    same_as_markdown_it = sum(ours(e["markdown"], "trust") == gfm.render(e["markdown"]) for e in EXAMPLES)
    print(f"\nCommonMark 0.31.2, raw HTML trusted: {652 - len(failed)}/652 as the spec says "
          f"({len(links)} once {sum(links.values())} bare URLs made links are unwrapped: examples {sorted(links)}), "
          f"{same_as_markdown_it}/652 as markdown-it-py with linkify renders them")
    assert failed == [] and same_as_markdown_it == 652


ALLOWED_TAGS = HTML_TAGS | MATHML_TAGS


def removed(html: str) -> set[str]:
    """What our allowlist takes out of html, by kind, read as a browser builds it."""
    kinds = set()
    fragment = html5lib.parseFragment(html, namespaceHTMLElements=False)
    for element in [e for child in fragment for e in child.iter()]:
        if element.tag is Comment:  # also <?php ?>, <!DOCTYPE>, <![CDATA[ ]]>: HTML reads them as comments
            kinds.add("comment, processing instruction or declaration dropped")
        elif element.tag in ("script", "style"):
            kinds.add(f"<{element.tag}> dropped with its content")
        elif isinstance(element.tag, str):
            if element.tag not in ALLOWED_TAGS:
                kinds.add("element off the allowlist: its tags dropped, its content kept")
            allowed = HTML_ATTRIBUTES["*"] | HTML_ATTRIBUTES.get(element.tag, set())
            if element.tag not in ("script", "style") and set(element.attrib) - allowed:
                kinds.add("attribute off the allowlist dropped")
    return kinds or {"nothing dropped: written as a browser reads it (<tbody>, end tags, lower case)"}


def test_sanitised_every_difference_is_what_the_sanitiser_removes() -> None:
    plain = gfm_markdown_it()
    plain.options["html"] = True
    cleaner = html_cleaner()
    by_kind: Counter = Counter()
    unexplained = []
    for example in EXAMPLES:
        expected, got = plain.render(example["markdown"]), ours(example["markdown"], "sanitize")
        if got == expected:
            by_kind["identical to markdown-it-py"] += 1
            continue
        cleaned = cleaner.clean(expected)
        if got != cleaned and re.sub(r">\s+<", "><", got).strip() != re.sub(r">\s+<", "><", cleaned).strip():
            unexplained.append(example["example"])
        by_kind["differs"] += 1
        by_kind.update(removed(expected))
    print("\nCommonMark 0.31.2, raw HTML sanitised:", dict(sorted(by_kind.items(), key=lambda kv: -kv[1])))
    assert unexplained == []
    assert by_kind["identical to markdown-it-py"] + by_kind["differs"] == 652
