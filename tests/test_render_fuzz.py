"""The renderer against plain markdown-it-py, property-based: random Markdown snippets that
mix CJK text, footnotes, emphasis, raw HTML, math and links. Whatever the snippet, our
renderer (raw HTML sanitised, the default) does not raise, writes well-formed HTML (html5lib
reads it without a parse error) and loses no text: every letter and digit of markdown-it-py's
rendering of the same snippet, with the same syntax plugins and none of ours, once nh3 has
removed from it what our sanitiser removes, is in ours.

What is compared is the letters and digits a reader sees, counted: not their order, not
spaces or punctuation (our CJK rules join lines, our notes say "·" and "↩"), and not the
footnote markers, which we number otherwise ([1:1] there, 1 here) and show twice (beside
the text and at the end).

Deterministic by default (the "ci" profile: a few hundred snippets, the same on every run);
HYPOTHESIS_PROFILE=explore tries 2,000 new ones."""

from __future__ import annotations

import os
from collections import Counter

import html5lib
import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.attrs import attrs_block_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin

from site_builder.htmlsafe import html_cleaner
from site_builder.markdown import RenderContext, render

settings.register_profile("fuzz-ci", max_examples=500, deadline=None, derandomize=True, database=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("fuzz-explore", max_examples=2000, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PROFILE = "fuzz-explore" if os.environ.get("HYPOTHESIS_PROFILE") == "explore" else "fuzz-ci"

# markdown-it-py with the syntax we parse (tables, strikethrough, footnotes, {.class}, $math$
# with our settings) and none of our own rules
REFERENCE = (MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
             .use(footnote_plugin, inline=False).use(attrs_block_plugin, allowed=["class"])
             .use(dollarmath_plugin, allow_labels=False, allow_space=False, allow_digits=False,
                  allow_blank_lines=False, double_inline=True))

FRAGMENTS = [
    # CJK text and punctuation
    "中文", "数据与模型", "李开复：", "开源", "。", "，", "“", "”", "《", "》", "（", "）", "\u3000", "Ｆｕｌｌ",
    # emphasis, code, strikethrough
    "*", "_", "**", "__", "~~", "`", "*强调*", "**粗体**", "_下划线_", "`code`",
    # links and images
    "[a link](https://example.org/x)", "[站内](/docs/a)", "<https://example.org/auto>", "![img](a.png)",
    "[ref]", "\n\n[ref]: https://example.org/r\n", "[", "]", "(", ")",
    # footnotes
    "[^1]", "[^n]", "\n\n[^1]: A note with words.\n", "\n\n[^n]: 标题·出版方\n", "\n\n[^1]: ", "[^",
    # math, and dollars that are prices
    "$x^2$", "$\\frac{a}{b}$", "$\\{a\\}$", "\n\n$$\nE=mc^2\n$$\n", "$$a+b$$", "$5", " $10", "$", "\\$", "$x^$",
    # raw HTML, safe and not
    "<b>", "</b>", "<br/>", "<br>", '<p align="center">', "</p>", '<img src="a.png">', "<details>",
    "<summary>More</summary>", "</details>", "<kbd>K</kbd>", '<span title="t">', "</span>", "<sup>1</sup>",
    "<div>", "</div>", '<div align="center">\n\n', "\n\n</div>\n", "<!-- c -->", "<script>alert(1)</script>",
    '<a href="javascript:alert(1)">', '<a href="/p">', "</a>", "<table><tr><td>", "</td></tr></table>",
    "<style>p{}</style>", "<x", "< />", '"', "'", ">", "<", "&", "&amp;", "&#x41;",
    # structure
    "\n", "\n\n", "# ", "## ", "> ", "- ", "1. ", "```\n", "\n```\n", "    ", "|a|b|\n|-|-|\n", "{.c}\n", "---\n",
    "\\",
]
# any text a writer types: letters, digits, punctuation, spaces, CJK; not control characters,
# surrogates or unassigned code points (HTML itself reports those, whatever renders them)
WRITTEN = st.characters(blacklist_categories=("Cc", "Cs", "Cn", "Co"), blacklist_characters="\ufeff") \
    | st.sampled_from("\n\t ")
snippets = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(WRITTEN, max_size=12)), max_size=30) \
    .map("".join)

# the footnote markers and their copies: numbered otherwise, shown twice (see the docstring)
MARKERS = {"reference": "sup.footnote-ref, a.footnote-backref",
           "ours": "sup.cite, aside.sidenotes, .backrefs, .uncited, details.src-raw"}
# the notes, both renderers': a problem that is gone without them is footnotes.py's
NOTES = {"reference": "section.footnotes, hr.footnotes-sep", "ours": "section.notes, aside.sidenotes"}


def letters(html: str, drop: str) -> Counter:
    page = BeautifulSoup(html, "html.parser")
    for element in page.select(drop):
        element.decompose()
    return Counter(c for c in page.get_text() if c.isalnum())


def parse_errors(html: str) -> list[str]:
    parser = html5lib.HTMLParser(strict=False)
    parser.parseFragment(html)
    return [f"{code} at {position}" for position, code, _ in parser.errors]


def without(html: str, drop: str) -> str:
    page = BeautifulSoup(html, "html.parser")
    for element in page.select(drop):
        element.decompose()
    return str(page)


def problem(snippet: str) -> tuple[str, str] | None:
    """(kind, what) of the first thing wrong with our rendering of snippet, or None. kind is
    crash, malformed or text lost, with " in a note" when the notes alone are at fault."""
    try:
        ours = render(snippet, RenderContext()).html
    except Exception as exc:  # noqa: BLE001 - any exception is the finding
        return "crash", f"{type(exc).__name__}: {exc}"
    if errors := parse_errors(ours):
        # html.parser reads the notes out as a browser would not, for the very markup at fault:
        # cut them at the text level instead
        bare = ours.split('<aside class="sidenotes"', 1)[0].split('<section class="notes"', 1)[0]
        return ("malformed in a note" if not parse_errors(bare) else "malformed"), f"{errors}\nours: {ours}"
    reference = html_cleaner().clean(REFERENCE.render(snippet))
    lost = letters(reference, MARKERS["reference"]) - letters(ours, MARKERS["ours"])
    if lost:
        outside = (letters(reference, f'{MARKERS["reference"]}, {NOTES["reference"]}')
                   - letters(ours, f'{MARKERS["ours"]}, {NOTES["ours"]}'))
        return ("text lost in a note" if not outside else "text lost"), \
            f"{dict(lost)}\nreference: {reference}\nours: {ours}"
    return None


def check(snippet: str) -> None:
    found = problem(snippet)
    assert found is None, f"{found[0]}: {found[1]}"


@pytest.mark.skipif(PROFILE == "fuzz-explore", reason="the explore profile counts instead: test_explore")
@settings(settings.get_profile("fuzz-ci"))
@given(snippets)
def test_a_random_snippet_renders_well_formed_and_keeps_its_text(snippet: str) -> None:
    check(snippet)


@pytest.mark.skipif(PROFILE != "fuzz-explore", reason="HYPOTHESIS_PROFILE=explore only")
def test_explore() -> None:
    """2,000 new snippets, every problem counted by kind (the first of each kind shown),
    then the figures printed: run with -s to see them."""
    found: Counter = Counter()
    first: dict[str, str] = {}

    @settings(settings.get_profile("fuzz-explore"))
    @given(snippets)
    def tally(snippet: str) -> None:
        result = problem(snippet)
        found["snippets"] += 1
        if result:
            found[result[0]] += 1
            first.setdefault(result[0], f"{snippet!r}\n{result[1]}")

    tally()
    print("\nfuzz, explore:", dict(found))
    for kind, example in first.items():
        print(f"\n--- first {kind}:\n{example}")
    assert set(found) - {"snippets", "malformed in a note", "text lost in a note"} == set(), dict(found)


@pytest.mark.parametrize("snippet", [
    'A <span title="t">span **bold** 中文</span>, <kbd>K</kbd>.',
    "<details>\n<summary>More</summary>\n\n*Hidden* 开源[^1].\n\n</details>\n\n[^1]: A note.\n",
    "Prices $5 and $10, math $x^2$ and $$a+b$$.",
    "> <div>\n> foo\n\nbar\n",  # a div left open in a quote: closed where the browser closes it
    "Foo\n<a href=\"bar\">\nbaz\n",
])
def test_snippets_a_writer_writes(snippet: str) -> None:
    check(snippet)
