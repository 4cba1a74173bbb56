"""The markdown-cjk-friendly proposal's own test suite (tests/fixtures/cjk_friendly, see its
README) run through our Markdown renderer: its 115 emphasis cases and the 11 of its
strikethrough amendment render as the reference implementations render them, text without
CJK renders as without the amendment, and our CJK characters are the proposal's."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import regex
from markdown_it import MarkdownIt

from site_builder import cjk
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


# --------------------------------------------------------------------------- the CJK characters

def listed(section: str) -> set[int]:
    """The code points ranges.md lists under a heading."""
    text = read("ranges.md").split(f"## {section}\n", 1)[1].split("\n## ", 1)[0].split("<details>", 1)[0]
    points: set[int] = set()
    for first, last in re.findall(r"^- U\+([0-9A-F]+)(?:\.\.U\+([0-9A-F]+))?", text, re.M):
        points.update(range(int(first, 16), int(last or first, 16) + 1))
    return points


def ours() -> set[int]:
    return {c for first, last in cjk.CJK_RANGES for c in range(first, last + 1)}


def test_cjk_characters_are_the_proposals() -> None:
    """cjk.py's CJK characters are the ones ranges.md lists (of Unicode 17), but for the ones
    Unicode 18 added (the regex library knows Unicode 18) and two noncharacters."""
    assert "## Unicode Version\n\n17\n" in read("ranges.md")
    unicode_18 = {*range(0x18CD6, 0x18CDB),  # Khitan Small Script
                  0x18D1F, 0x18D20,  # Tangut
                  *range(0x18E00, 0x19192), *range(0x191A0, 0x191D3),  # Jurchen
                  *range(0x1B123, 0x1B129), 0x1B168,  # kana
                  0x1F1AE, 0x1F7DA}  # symbols
    # U+2FFFE, U+2FFFF: noncharacters, which ranges.md merges into U+20000..U+3FFFD "to simplify"
    assert ours() - listed("CJK characters") == unicode_18
    assert listed("CJK characters") - ours() == {0x2FFFE, 0x2FFFF}


def test_no_cjk_character_is_outside_the_scanned_code_points() -> None:
    outside = "".join(map(chr, [*range(cjk.SCANNED[0]), *range(cjk.SCANNED[1], 0x110000)]))
    assert regex.search(cjk.CJK_PROPERTY, outside, flags=regex.V1) is None
    assert regex.search(cjk.HAN_PROPERTY, outside) is None


@pytest.mark.parametrize("char", [*"中𩸽あアｱ한ᄀꀀㄅ，。《～㈱㊗㎡﹏︵〰🈂"])
def test_cjk(char: str) -> None:
    assert cjk.is_cjk(char)


@pytest.mark.parametrize("char", [*"a1,·“é😀🈚① ", "\U000e0100", "\ufe00"])
def test_not_cjk(char: str) -> None:
    assert not cjk.is_cjk(char)


def test_unspaced_is_cjk_but_hangul_and_han_is_the_han_script() -> None:
    unspaced, han = re.compile(f"[{cjk.UNSPACED}]"), re.compile(f"[{cjk.HAN}]")
    assert [c for c in "中あ한，ᄀ" if unspaced.match(c)] == ["中", "あ", "，"]
    assert [c for c in "中𩸽〇々あ，한㈱" if han.match(c)] == ["中", "𩸽", "〇", "々"]
