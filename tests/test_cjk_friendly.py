"""The markdown-cjk-friendly proposal's own test suite (tests/fixtures/cjk_friendly, see its
README) run through our Markdown renderer: its 115 emphasis cases and the 11 of its
strikethrough amendment render as the reference implementations render them, and text without
CJK renders as without the amendment. (test_cjk.py: our CJK characters are the proposal's.)"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from site_builder.cjk_emphasis import cjk_emphasis_plugin
from site_builder.markdown import render

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "cjk_friendly"

# the reference tests (markdownIt.spec.ts, micromarkStrikethrough.spec.ts): each snapshot is
# the HTML of one input file, rendered whole
EMPHASIS = {
    "** around Kana/Han is converted to <strong>": "strong.md",
    "** around Korean is converted to <strong>": "korean.md",
    "** around pseudo-emoji (CJK symbols that are also unqualified-emoji) is converted to <strong>":
        "pseudo-emoji.md",
    "recognizes non-BMP punctuation and symbols": "non-bmp.md",
    "process underscores around CJK punctuation": "underscore-cjk-punct.md",
    "Example Markdown in README": "markdown-it-cjk-friendly.README.md",
}


def read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def snapshots(name: str) -> dict[str, str]:
    """A Vitest snapshot file: the test's name -> the string it snapshotted (a template literal
    in which Vitest escaped backslashes, backquotes and `${`, holding the string in quotes)."""
    found = re.findall(r'^exports\[`(.*?) 1`\] = `\n"(.*?)"\n`;$', read(name), re.M | re.S)
    return {test.partition(" > ")[2]: re.sub(r"\\([\\`$])", r"\1", text) for test, text in found}


def source(name: str) -> str:
    if name.endswith("README.md"):  # the reference test takes the README's first ```md block
        return re.search(r"```md((?:.(?!```))+)", read(name), re.S)[1]
    return read(name)


def cases(snapshot_file: str, inputs: dict[str, str]) -> list:
    """One case a paragraph: every input paragraph is one line, and so is its HTML."""
    out = []
    expected = snapshots(snapshot_file)
    assert set(expected) == set(inputs)
    for test, name in inputs.items():
        paragraphs = re.split(r"\n\s*\n", source(name).strip())
        lines = expected[test].splitlines()
        assert len(paragraphs) == len(lines), name
        pairs = enumerate(zip(paragraphs, lines, strict=True), 1)
        out += [pytest.param(md, html, id=f"{name}:{n}") for n, (md, html) in pairs]
    return out


EMPHASIS_CASES = cases("markdownIt.spec.ts.snap", EMPHASIS)
# micromark writes <del>, markdown-it <s>: the same element as far as the proposal goes
STRIKETHROUGH_CASES = [
    pytest.param(p.values[0], p.values[1].replace("<del>", "<s>").replace("</del>", "</s>"), id=p.id)
    for p in cases("micromarkStrikethrough.spec.ts.snap", {"Compatible with CJK": "gfm-strikethrough.md"})
]


def test_the_suite_has_115_emphasis_and_11_strikethrough_cases() -> None:
    assert (len(EMPHASIS_CASES), len(STRIKETHROUGH_CASES)) == (115, 11)


@pytest.mark.parametrize(("markdown", "html"), EMPHASIS_CASES)
def test_emphasis(markdown: str, html: str) -> None:
    assert render(markdown).html == html + "\n"


@pytest.mark.parametrize(("markdown", "html"), STRIKETHROUGH_CASES)
def test_strikethrough(markdown: str, html: str) -> None:
    assert render(markdown).html == html + "\n"


# --------------------------------------------------------------------------- without CJK, as before

def parsers() -> tuple[MarkdownIt, MarkdownIt]:
    """CommonMark with strikethrough and tables, with the amendment and without."""
    def parser() -> MarkdownIt:
        return MarkdownIt("commonmark").enable(["table", "strikethrough"])
    return parser().use(cjk_emphasis_plugin), parser()


def test_commonmark_examples_render_as_without_the_amendment() -> None:
    """As the reference's test does (markdownIt.spec.ts): all 652 examples of CommonMark 0.31.2."""
    amended, plain = parsers()
    examples = json.loads(read("commonmark.json"))
    assert len(examples) == 652
    differ = [e["example"] for e in examples if amended.render(e["markdown"]) != plain.render(e["markdown"])]
    assert differ == []


def test_strikethrough_without_cjk_renders_as_without_the_amendment() -> None:
    """As micromarkStrikethrough.spec.ts checks micromark's: the same HTML, with <s> and a table in it."""
    amended, plain = parsers()
    html = amended.render(read("gfm-non-cjk.md"))
    assert html == plain.render(read("gfm-non-cjk.md"))
    assert "<s>" in html and "<table>" in html
