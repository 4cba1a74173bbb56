"""The 652 examples of the CommonMark spec 0.31.2 (tests/fixtures/commonmark/: source,
commit and licence in its README) through our renderer.

With raw HTML trusted, our renderer is CommonMark: every example renders as the spec says,
compared as markdown-it-py's own spec test compares (two of its known differences of
whitespace made equal). Of what we add to plain CommonMark, only heading ids change an
example's HTML (every heading gets an id= from its text, for links into the page): they
are checked and then removed before comparing. The rest -- GFM tables and strikethrough,
footnotes (as citations), `{.class}` block attributes, the CJK emphasis rules, $math$ and
entity links -- changes none of the 652, which this test shows by not listing them.

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


def test_with_raw_html_trusted_every_example_renders_as_the_spec_says() -> None:
    plain = MarkdownIt("commonmark")
    failed = [e["example"] for e in EXAMPLES if as_markdown_it_tests_it(e, ours(e["markdown"], "trust")) != e["html"]]
    same_as_markdown_it = sum(ours(e["markdown"], "trust") == plain.render(e["markdown"]) for e in EXAMPLES)
    print(f"\nCommonMark 0.31.2, raw HTML trusted: {652 - len(failed)}/652 as the spec says, "
          f"{same_as_markdown_it}/652 as markdown-it-py renders them")
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
    plain = MarkdownIt("commonmark", {"html": True})
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
