"""Untrusted content, encodings: a document is read as UTF-8 (with or without a byte-order
mark), UTF-16 or UTF-32 with a byte-order mark, or GB18030 with a warning; anything else is
one clear error -- never a page of mojibake."""

from __future__ import annotations

import pytest

from site_builder.loader import decode
from tests.conftest import Built, build_project, make_project

TITLE = "开源浪潮席卷AI：李开复谈“主权”"
BODY = "正文，可以引用来源。零一万物与「深度求索」"
DOC = f"---\ntitle: {TITLE}\ntags: [开源]\n---\n{BODY}\n"
PLAIN = f"{TITLE}\n\n{BODY}\n"
SIDECAR = "summary: 一句话摘要。\n"

FILES: dict[str, str | bytes] = {
    "utf8.md": DOC.encode("utf-8"),
    "utf8-bom.md": b"\xef\xbb\xbf" + DOC.encode("utf-8"),
    "utf16-le.md": b"\xff\xfe" + DOC.encode("utf-16-le"),
    "utf16-be.md": b"\xfe\xff" + DOC.encode("utf-16-be"),
    "utf32-le.md": b"\xff\xfe\x00\x00" + DOC.encode("utf-32-le"),
    "crlf.md": DOC.replace("\n", "\r\n").encode("utf-8"),
    "gb.md": DOC.encode("gb18030"),
    "gb-plain.txt": PLAIN.encode("gb18030"),
    "gb-side.txt": PLAIN.encode("utf-8"),
    "gb-side.meta.yaml": SIDECAR.encode("gb18030"),
    "utf16-no-bom.md": DOC.encode("utf-16-le"),
    "png.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01",
    "latin1.md": "---\ntitle: Café\n---\nUn résumé naïve.\n".encode("latin-1"),
    "cp1252.md": "---\ntitle: Quotes\n---\nSmart “quotes” and – a dash.\n".encode("cp1252"),
    "bad-utf16.md": b"\xff\xfe" + "---\ntitle: x\n---\n".encode("utf-16-le") + b"\x00\xd8",  # lone surrogate
    "people/gb-person.md": "---\nname: 李开复\naliases: [开复]\n---\n".encode("gb18030"),
}

READABLE = ["utf8", "utf8-bom", "utf16-le", "utf16-be", "utf32-le", "crlf", "gb"]

EXPECTED = {
    "gb.md:2: warning: read as GB18030, not UTF-8: save it as UTF-8",
    "gb-plain.txt:1: warning: read as GB18030, not UTF-8: save it as UTF-8",
    "gb-side.meta.yaml:1: warning: read as GB18030, not UTF-8: save it as UTF-8",
    "people/gb-person.md:2: warning: read as GB18030, not UTF-8: save it as UTF-8",
    "utf16-no-bom.md:1: error: a binary file, not text (it holds NUL bytes; so does UTF-16 without a byte-order "
    "mark): save it as UTF-8 text",
    "png.md:3: error: a binary file, not text (it holds NUL bytes; so does UTF-16 without a byte-order "
    "mark): save it as UTF-8 text",
    "latin1.md:2: error: not UTF-8 text (byte 0xe9), nor UTF-16 with a byte-order mark, nor Chinese in "
    "GB18030: save it as UTF-8",
    "cp1252.md:4: error: not UTF-8 text (byte 0x93), nor UTF-16 with a byte-order mark, nor Chinese in "
    "GB18030: save it as UTF-8",
    "bad-utf16.md:4: error: starts with a UTF-16 byte-order mark but is not valid UTF-16",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Built:
    return build_project(make_project(tmp_path_factory.mktemp("encodings"), FILES))


def test_each_encoding_problem_is_one_diagnostic(site: Built) -> None:
    assert {str(d) for d in site.reporter.items} == EXPECTED


@pytest.mark.parametrize("slug", READABLE)
def test_chinese_text_is_exact_on_the_page(site: Built, slug: str) -> None:
    page = site.page(f"articles/{slug}/")
    assert page.select_one("h1").get_text() == TITLE
    assert page.select_one(".doc-body p").get_text() == BODY
    assert [a.get_text() for a in page.select(".doc-tags a")] == ["开源"]
    assert page.select_one("title").get_text().startswith(TITLE)


def test_plain_text_and_sidecar_in_gb18030(site: Built) -> None:
    plain = site.page("articles/gb-plain/")
    assert plain.select_one("h1").get_text() == TITLE  # the first line is the title
    assert BODY in plain.select_one(".doc-body").get_text()
    assert site.page("articles/gb-side/").select_one(".doc-lede").get_text() == "一句话摘要。"


def test_registry_file_in_gb18030(site: Built) -> None:
    person = site.page("people/gb-person/")
    assert person.select_one("h1").get_text() == "李开复"


def test_unreadable_files_make_no_page(site: Built) -> None:
    made = {p.name for p in (site.out / "articles").iterdir() if p.is_dir()}  # not the archive's index.html
    assert made == {*READABLE, "gb-plain", "gb-side"}


@pytest.mark.parametrize("text, codec", [
    ("Un résumé naïve, à bientôt", "latin-1"),
    ("Grüße aus Köln", "latin-1"),
    ("Smart “quotes” – dash €", "cp1252"),
    ("Привет, мир", "cp1251"),
    ("日本語のテキスト", "shift_jis"),
    ("繁體中文內容", "big5"),
])
def test_other_legacy_encodings_are_an_error_not_mojibake(text: str, codec: str) -> None:
    decoded = decode(text.encode(codec))
    assert decoded.text is None and decoded.problem is not None
    assert decoded.problem[1].startswith("not UTF-8 text")


def test_gb18030_with_rare_characters_and_latin() -> None:
    text = "朱镕基讲话 Müller 说：“好”"  # 镕 is GBK, not GB2312; ü is four bytes in GB18030
    decoded = decode(text.encode("gb18030"))
    assert (decoded.text, decoded.encoding) == (text, "gb18030")
