"""mdit-py-plugins' footnote fixtures (tests/fixtures/footnotes/, see its README) through the
citation view. Our notes are not the plugin's HTML, so each case is compared by structure:
references and back-links lead where they say, no text is lost or added, and every note, and
its side-note, is made of the same blocks as the fixture's note."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from markdown_it import MarkdownIt
from markdown_it.utils import read_fixture_file
from mdit_py_plugins.footnote import footnote_plugin

from site_builder import markdown
from site_builder.markdown import render

FILE = Path(__file__).parent / "fixtures" / "footnotes" / "footnote.md"
LINES = FILE.read_text(encoding="utf-8").splitlines()
# (what the case is about: the last line of prose above it, the Markdown, the plugin's HTML)
FIXTURES = [(next(t for t in reversed(LINES[:line]) if t.strip()).strip(), text, expected)
            for line, _, text, expected in read_fixture_file(FILE)]

# Syntax the site leaves off (markdown.renderer: footnote_plugin(inline=False) and references to
# a label no note defines stay text): these cases are compared with the plugin's own reading
# under the site's options, not with the fixture's.
OFF_IN_SITE = {
    "We support inline notes too (pandoc example):": "inline notes",
    "They could have arbitrary markup:": "inline notes",
    "Should allow links in inline footnotes": "inline notes",
    "refs with no definition, ALWAYS_MATCH-REFS": "references without a definition",
}
BLOCKS = ("p", "pre", "ul", "ol", "li", "blockquote", "table", "hr", "h1", "h2", "h3", "h4", "h5", "h6")


def words(node: Tag) -> str:
    return re.sub(r"\s+", " ", node.get_text()).strip()


def blocks(node: Tag) -> list[str]:
    return [el.name for el in node.find_all(BLOCKS)]


def without(soup: BeautifulSoup, selector: str) -> BeautifulSoup:
    copy = BeautifulSoup(str(soup), "html.parser")
    for el in copy.select(selector):
        el.decompose()
    return copy


def test_every_case_of_the_file_is_read() -> None:
    titles = [title for title, _, _ in FIXTURES]
    assert len(titles) == 20 and OFF_IN_SITE.keys() <= set(titles)


@pytest.mark.parametrize(("title", "text", "expected"), FIXTURES, ids=[c[0] for c in FIXTURES])
def test_fixture(title: str, text: str, expected: str, monkeypatch) -> None:
    if "DISABLE-CODEBLOCKS" in title:  # the fixture's parser option, on the site's parser
        md = markdown.renderer.__wrapped__().disable("code")
        monkeypatch.setattr(markdown, "renderer", lambda *args: md)
    if title in OFF_IN_SITE:
        expected = MarkdownIt("commonmark").use(footnote_plugin, inline=False).render(text)
    want = BeautifulSoup(expected, "html.parser")
    got = BeautifulSoup(render(text).html, "html.parser")

    ids = [el["id"] for el in got.select("[id]")]
    assert len(ids) == len(set(ids))

    # every reference links to its note, in the fixture's numbering
    refs = got.select("sup.cite a.cite-link")
    assert [a["href"] for a in refs] == [a["href"].replace("#fn", "#note-") for a in want.select("sup.footnote-ref a")]
    for a in refs:
        assert got.find(id=a["href"][1:]).name == "li"
        assert got.find(id=a["aria-describedby"]) is not None

    # the body's text and blocks are the fixture's, references and notes aside
    body = without(got, "sup.cite, aside.sidenotes, section.notes")
    want_body = without(want, "sup.footnote-ref, hr.footnotes-sep, section.footnotes")
    assert (words(body), blocks(body)) == (words(want_body), blocks(want_body))

    notes, want_notes = got.select("section.notes li.note"), want.select("section.footnotes li.footnote-item")
    assert len(notes) == len(want_notes)
    sidenotes = {words(s.select_one(".sn-number")): s for s in got.select("aside.sidenotes .sidenote")}
    for number, (note, want_note) in enumerate(zip(notes, want_notes, strict=True), start=1):
        assert note["id"] == f"note-{number}"
        # every back-link leads to a reference that links to this note
        back = note.select("a.backref")
        assert len(back) == len(want_note.select("a.footnote-backref"))
        for a in back:
            assert got.find(id=a["href"][1:]).select_one("a.cite-link")["href"] == f"#{note['id']}"
        # the note's text and blocks are the fixture's, and so are its side-note's
        src, want_src = note.select_one(".src"), without(want_note, "a.footnote-backref").li
        assert (words(src), blocks(src)) == (words(want_src), blocks(want_src))
        side = sidenotes.pop(str(number))
        side.select_one(".sn-number").decompose()
        assert (words(side), blocks(side)) == (words(want_src), blocks(want_src))
    assert sidenotes == {}
