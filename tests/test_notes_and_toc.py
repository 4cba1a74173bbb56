"""Notes as the writer wrote them and the table of contents, in a built site on a project
path (base_url https://example.org/kb/, as a GitHub Pages project site): what a reader sees
in the notes list, in a side-note and in the contents box."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup, Tag

from tests.conftest import Built, build_project, make_project

PNG = b"\x89PNG\r\n\x1a\n"
DOCS = {
    "escapes.md": "---\ntitle: E\n---\nText.[^1]\n\n[^1]: A &amp; B \\* C &#x4E2D; &copy; \\[x\\]\n",
    "blocks.md": """---
title: B
---
Text.[^long]

[^long]: First paragraph.

    - item one
    - item two

    > quoted

    ```
    code line
    ```

        indented code

    | h1 | h2 |
    |----|----|
    | c1 | c2 |

    Last paragraph.

After the note.
""",
    "nested.md": "---\ntitle: N\n---\nA.[^a] B.[^b]\n\n[^a]: x\n\n    [^b]: y\n\n    more of a\n\nBody.\n",
    "free.md": "---\ntitle: F\n---\nText.[^n]\n\n"
               "[^n]: **作者**私下告知，见 [说明](https://example.org/x) &amp;amp; `x*y`。\n",
    "links.md": "---\ntitle: L\ntags: [x]\n---\nText.[^1]\n\n[^1]: 见 [标签](/tags/x/) ![图](/images/a.png)\n",
    "images/a.png": PNG,
    "ids.md": """---
title: I
---
# Note

One.[^1]

# Note

Two.[^2]

## Note 1

## Cite

## Cite

Three.[^3]

[^1]: one
[^2]: two
[^3]: three
""",
    "toc.md": """---
title: T
---
## **今日摘要**

## [标题](https://example.org/t) 与 `a<b`

## A &amp; B <b>x</b>

## 结论[^1]

## ![图标](/images/a.png) 图

Text.

[^1]: 来源说明
""",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Built:
    return build_project(make_project(tmp_path_factory.mktemp("notes"), DOCS, base_url="https://example.org/kb/"))


def words(node: Tag) -> str:
    return re.sub(r"\s+", " ", node.get_text()).strip()


def note_and_sidenote(page: BeautifulSoup, number: int) -> tuple[Tag, Tag]:
    """The note's source in the notes list, and its side-note without its number."""
    src = page.select_one(f"li#note-{number} .src")
    side = next(s for s in page.select("aside.sidenotes .sidenote") if words(s.select_one(".sn-number")) == str(number))
    side.select_one(".sn-number").decompose()
    return src, side


def test_an_escape_or_an_entity_in_a_note_is_its_character(site: Built) -> None:
    page = site.page("articles/escapes/")
    for shown in note_and_sidenote(page, 1):
        assert words(shown) == "A & B * C 中 © [x]"
    assert "< />" not in str(page)


def test_a_note_is_made_of_markdown_blocks(site: Built) -> None:
    page = site.page("articles/blocks/")
    for shown in note_and_sidenote(page, 1):
        assert [p.get_text() for p in shown.find_all("p", recursive=False)] == ["First paragraph.", "Last paragraph."]
        assert [li.get_text() for li in shown.select("ul > li")] == ["item one", "item two"]
        assert words(shown.select_one("blockquote > p")) == "quoted"
        assert [pre.get_text() for pre in shown.select("pre > code")] == ["code line\n", "indented code\n"]
        assert [c.get_text() for c in shown.select("table th, table td")] == ["h1", "h2", "c1", "c2"]
        assert not shown.select("br")
    # the paragraph after the note is the body's, not the note's
    assert [p.get_text() for p in page.select(".doc-body > p")] == ["Text.1", "After the note."]


def test_a_note_defined_inside_another_is_a_note_of_its_own(site: Built) -> None:
    page = site.page("articles/nested/")
    assert [words(li.select_one(".src")) for li in page.select("li.note")] == ["x more of a", "y"]
    assert [p.get_text() for p in page.select(".doc-body > p")] == ["A.1 B.2", "Body."]


def test_the_side_note_of_a_free_text_note_shows_it_rendered(site: Built) -> None:
    page = site.page("articles/free/")
    src, side = note_and_sidenote(page, 1)
    for shown in (src, side):
        assert words(shown) == "作者私下告知，见 说明 &amp; x*y。"
        assert shown.select_one("strong").get_text() == "作者"
        assert shown.select_one("a")["href"] == "https://example.org/x"
        assert shown.select_one("code").get_text() == "x*y"
    assert "**" not in side.get_text() and "[说明]" not in side.get_text()


def test_site_absolute_links_and_images_in_a_note_are_under_the_base_path(site: Built) -> None:
    page = site.page("articles/links/")
    for shown in note_and_sidenote(page, 1):
        link, image = shown.select_one("a"), shown.select_one("img")
        assert (link["href"], image["src"]) == ("/kb/tags/x/", "/kb/images/a.png")
        # both are there in the site served at /kb/
        assert (site.out / link["href"].removeprefix("/kb/") / "index.html").is_file()
        assert (site.out / image["src"].removeprefix("/kb/")).read_bytes() == PNG
    assert not [d for d in site.reporter.items if "links.md" in str(d)]


def test_a_heading_never_takes_the_id_of_a_note_or_a_reference(site: Built) -> None:
    page = site.page("articles/ids/")
    ids = [el["id"] for el in page.select("[id]")]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    for n in (1, 2, 3):
        assert page.find(id=f"note-{n}").name == "li" and page.find(id=f"cite-{n}").name == "sup"
    headings = page.select(".doc-body :is(h1, h2)")
    assert [h.get_text() for h in headings] == ["Note", "Note", "Note 1", "Cite", "Cite"]
    # and every entry of the contents leads to its heading
    assert [page.find(id=a["href"][1:]) for a in page.select("nav.toc a")] == headings


def test_the_table_of_contents_shows_headings_as_they_read(site: Built) -> None:
    page = site.page("articles/toc/")
    entries = page.select("nav.toc li > a")
    # raw HTML is no part of an entry (sanitised in the heading, dropped from its TOC link)
    assert [words(a) for a in entries] == ["今日摘要", "标题 与 a<b", "A & B x", "结论", "图标 图"]
    assert entries[0].select_one("strong").get_text() == "今日摘要"  # formatting kept
    assert entries[1].select_one("code").get_text() == "a<b"
    assert not page.select("nav.toc a a, nav.toc sup, nav.toc b, nav.toc img")  # links as text, no note marker
    # each entry leads to its heading, and reads as the heading does (its note marker aside)
    headings = [page.find(id=a["href"][1:]) for a in entries]
    for heading in headings:
        for marker in heading.select("sup.cite"):
            marker.decompose()
    assert [words(h) for h in headings] == [words(a) for a in entries[:4]] + ["图"]
