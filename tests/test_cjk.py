"""cjk.py: the project's one definition of CJK characters is the markdown-cjk-friendly
proposal's (its ranges.md, vendored in tests/fixtures/cjk_friendly), and the modules that
look for CJK text use it."""

from __future__ import annotations

import re

import pytest
import regex

from site_builder import cjk, plaintext
from site_builder.citations import parse_citation, source_key
from site_builder.config import load_config
from site_builder.suggest import find_suggestions
from tests.conftest import make_project
from tests.test_cjk_friendly import read


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


# --------------------------------------------------------------------------- the modules using it

def test_pdf_titles_lose_the_spaces_between_cjk_characters_but_korean_keeps_its_own() -> None:
    """Kana and CJK Extension B were not CJK to plaintext.py before; Hangul is not now either."""
    assert plaintext.squeeze_cjk_spaces("ひらがな の 𠮷野家 ラーメン") == "ひらがなの𠮷野家ラーメン"
    assert plaintext.squeeze_cjk_spaces("한국어 제목 입니다") == "한국어 제목 입니다"


def test_wrapped_pdf_lines_join_without_a_space_between_cjk_characters() -> None:
    japanese = ["この文章はPDFから取り出したもので、行の折り返しがそのまま残っています。そこで行を", "つなぎます。"]
    korean = ["이 문장은 PDF에서 추출한 것으로 줄바꿈이 그대로 남아 있어서 한국어는 띄어쓰기를", "지킵니다."]
    _, body = plaintext.to_markdown("标题\n\n" + "\n".join(japanese) + "\n\n" + "\n".join(korean) + "\n")
    body = body.replace("\\", "")  # the Markdown escapes of ASCII punctuation
    assert "".join(japanese) in body
    assert " ".join(korean) in body


def test_citation_keys_ignore_spaces_next_to_any_cjk_character() -> None:
    """Writers put or omit a space next to CJK freely: one source either way (Yi, Extension B)."""
    assert source_key(parse_citation("Tokyo 𠮷野家 report")) == source_key(parse_citation("Tokyo𠮷野家report"))
    assert source_key(parse_citation("ꆈꌠ 文献")) == source_key(parse_citation("ꆈꌠ文献"))
    assert source_key(parse_citation("서울 보고서")) != source_key(parse_citation("서울보고서"))


def test_chinese_names_with_a_character_outside_the_bmp_are_suggested(tmp_path) -> None:
    files = {"a.md": "---\ntitle: A\n---\n会上，张𠮷表示同意。\n"}
    assert [s.name for s in find_suggestions(load_config(make_project(tmp_path, files)))] == ["张𠮷"]
