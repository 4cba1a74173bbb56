"""Markdown rendering: the parts we configure on top of markdown-it-py."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from site_builder.markdown import RenderContext, render
from site_builder.titles import heading_title
from tests.conftest import build_project, make_project

# What Chinese writers write every day, and what a reader must see: (Markdown, the element the
# delimiters make or None, its text). Emphasis and strikethrough follow the markdown-cjk-friendly
# proposal (test_cjk_friendly.py runs its own suite); each of these rendered wrongly before.
WRITTEN = {
    # punctuation inside the delimiters, a letter outside: the proposal asks a space or punctuation
    # outside only for non-CJK punctuation
    "colon inside": ("**注意：**Python 3.12 起默认开启", "strong", "注意："),
    "bracket inside, after Latin": ("OpenAI**（美国）**与DeepSeek**（中国）**", "strong", "（美国）"),
    "title marks inside": ("**《三体》**Netflix 版口碑两极", "strong", "《三体》"),
    "strikethrough of a price": ("原价~~（99元）~~现价49元", "s", "（99元）"),
    # `_` inside a word (Latin, digits, identifiers) opens and closes nothing, CJK around or not
    "underscores in a file name": ("见附件数据_2024_报告.xlsx", None, "见附件数据_2024_报告.xlsx"),
    "dunder in a method name": ("先调用__init__方法", None, "先调用__init__方法"),
    # a variation selector (U+FE01 after 。) or an ideographic one (U+E0100 after 葛) before a
    # delimiter is looked through to the character whose form it selects
    "variation selector": ("正體字。\ufe01_Traditional._", "em", "Traditional."),
    "ideographic variation selector": ("葛\U000e0100**(注)**", "strong", "(注)"),
    # CJK characters that were not CJK before: enclosed and squared CJK, Yi, Kana Supplement,
    # small and vertical forms (as symbols and punctuation they fail next to Latin letters or
    # digits; as letters, next to ASCII punctuation)
    "enclosed ideograph": ("Sony**㈱**", "strong", "㈱"),
    "circled ideograph": ("v2.0**㊗**上线", "strong", "㊗"),
    "square metre": ("面积120**㎡**", "strong", "㎡"),
    "Yi syllable": ("ꀀ**(彝)**", "strong", "(彝)"),
    "Kana Supplement": ("\U0001b001**(变体假名)**", "strong", "(变体假名)"),
    "small form": ("OK**﹗**", "strong", "﹗"),
    "vertical form": ("Hi**︕**", "strong", "︕"),
}


@pytest.fixture(scope="module")
def written_page(tmp_path_factory) -> BeautifulSoup:
    """One document, a paragraph for each case, built into a site."""
    body = "\n\n".join(markdown for markdown, _, _ in WRITTEN.values())
    project = make_project(tmp_path_factory.mktemp("cjk"), {"w.md": f"---\ntitle: W\n---\n{body}\n"})
    return build_project(project).page("articles/w/")


@pytest.mark.parametrize("case", WRITTEN)
def test_cjk_emphasis_and_strikethrough_as_written(written_page: BeautifulSoup, case: str) -> None:
    markdown, tag, text = WRITTEN[case]
    paragraph = written_page.find(class_="doc-body").find_all("p")[list(WRITTEN).index(case)]
    marked = paragraph.find_all(["em", "strong", "s"])
    if tag is None:
        assert marked == [] and paragraph.get_text() == text
    else:
        assert [(m.name, m.get_text()) for m in marked][:1] == [(tag, text)]
        assert not set("*_~") & set(paragraph.get_text())  # no delimiter left over


def test_cjk_emphasis_between_chinese_words() -> None:
    """`_` between two CJK letters is ours, not the proposal's (see cjk_emphasis.py): the seed
    document marks words so (高质量的_数据_、), and so keeps its emphasis."""
    html = BeautifulSoup(render("高质量的_数据_、_模型权重_、以及_预训练和后训练_的流程，**李开复：**主权").html,
                         "html.parser")
    assert [em.get_text() for em in html.find_all("em")] == ["数据", "模型权重", "预训练和后训练"]
    assert [s.get_text() for s in html.find_all("strong")] == ["李开复："]
    assert str(html.find("strong").next_sibling) == "主权"
    # what the addition costs, and the proposal avoids: an all-CJK file name gets emphasis too
    assert "<em>华东</em>" in render("销售_华东_汇总.xlsx").html


def test_latin_emphasis_rules_unchanged() -> None:
    assert render("snake_case_name and foo_bar").html == "<p>snake_case_name and foo_bar</p>\n"
    assert render("*a* _b_ **c**").html == "<p><em>a</em> <em>b</em> <strong>c</strong></p>\n"


def test_raw_html_is_escaped_when_asked() -> None:
    for mode in ("escape", False):  # false: what site.yaml said before there were three modes
        html = render('<script>alert(1)</script>\n\nx <img src=x onerror="alert(1)">', RenderContext(mode)).html
        assert "<script>" not in html and "<img" not in html
        assert "&lt;script&gt;" in html


def test_raw_html_trusted_by_config_switch() -> None:
    for mode in ("trust", True):
        html = render("press <kbd>K</kbd>\n\n<script>x()</script>", RenderContext(allow_html=mode)).html
        assert "<kbd>" in html and "<script>x()</script>" in html


def test_dangerous_link_schemes_are_not_linked() -> None:
    html = render("[x](javascript:alert(1)) ![y](data:text/html,abc)").html
    assert "javascript:" not in html.replace("[x](javascript:alert(1))", "")
    assert 'href="javascript' not in html


def test_heading_ids_are_unicode_and_unique() -> None:
    body = render("# 开源 与 闭源\n\n## 开源 与 闭源\n\n## Hello, World!")
    assert [h.id for h in body.headings] == ["开源-与-闭源", "开源-与-闭源-1", "hello-world"]
    assert '<h1 id="开源-与-闭源">' in body.html


def test_tables_strikethrough_footnotes() -> None:
    html = render("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ new[^n]\n\n[^n]: note").html
    assert "<table>" in html and "<s>old</s>" in html
    assert 'href="#note-1"' in html and 'href="#cite-1"' in html


def test_site_absolute_links_get_the_base_path() -> None:
    html = render("[a](/tags/x/) [b](//cdn.example/x) [c](https://e.org/) ![i](/img/a.png)",
                  RenderContext(base_path="/kb/")).html
    assert 'href="/kb/tags/x/"' in html and 'href="//cdn.example/x"' in html
    assert 'src="/kb/img/a.png"' in html and 'href="https://e.org/"' in html


def test_class_attributes_only() -> None:
    html = render('{.note onclick="alert(1)" style="x"}\nText').html
    assert html == '<p class="note">Text</p>\n'


@pytest.mark.parametrize("body, title", [
    ("# TiDB 整体架构\n\n正文。\n\n## 小节\n", "TiDB 整体架构"),
    ("#   Same   Title  #\n\ntext\n", "same title"),  # its words, whatever the spacing and case
    ("Setext Title\n=====\n\ntext\n", "Setext Title"),
    ("<!-- markdownlint-disable MD001 -->\n\n# 插入数据\n\n正文\n", "插入数据"),  # after comments
    ("# `CALIBRATE RESOURCE`\n\ntext\n", "CALIBRATE RESOURCE"),  # as read
    ("# SESSION\\_CONNECT\\_ATTRS\n\ntext\n", "SESSION_CONNECT_ATTRS"),  # its escapes read
    ("# 使用 C\\# 连接 TiDB\n\ntext\n", "使用 C# 连接 TiDB"),
    ("# 通过 `tidb_read_staleness` 读取\n\n正文\n", "通过 `tidb_read_staleness` 读取"),  # as written
])
def test_a_body_opening_with_its_title_shows_it_no_second_time(body: str, title: str) -> None:
    rendered = render(body, title=title)
    assert "<h1" not in rendered.html
    assert all(h.level > 1 for h in rendered.headings)  # nor in the table of contents
    assert render(body).html.count("<h1") == 1  # without a title, the heading is the body's


@pytest.mark.parametrize("body, title", [
    ("# 一个更长的标题\n\ntext\n", "短标题"),  # other words: the writer's second heading
    ("intro\n\n# Title\n", "Title"),  # not where the body begins
    ("<div>x</div>\n\n# Title\n", "Title"),
    ("## Title\n\ntext\n", "Title"),  # not of level 1
    ("# Title[^1]\n\ntext\n\n[^1]: A note.\n", "Title"),  # its note is cited there
    ("<!-- -->  " * 40 + "x\n\n# Title\n", "Title"),  # comments, then text: an HTML block (a pattern took hours)
])
def test_a_heading_that_is_not_the_title_opening_the_body_stays(body: str, title: str) -> None:
    heading = BeautifulSoup(render(body, title=title).html, "html.parser").find(["h1", "h2"])
    assert heading is not None and heading.get_text(strip=True).startswith(("一个", "Title"))


@pytest.mark.parametrize("body, title", [
    ("# 无题笔记\n\n内容", "无题笔记"),
    ("<!-- a comment -->\n# Hello *world* and `code`\n", "Hello world and code"),
    ("Setext\n===\n\ntext", "Setext"),
    ("text first\n\n# Later", None),
    ("## Second level\n", None),
    ("#\n\ntext", None),
    ("<!-- a --> # on the comment's line\n", None),  # part of an HTML block
    ("<!--" * 50_000, None),  # never closed (a pattern took minutes over it)
    ("<!-- -->\n" * 10_000 + "# After many comments\n", "After many comments"),
])
def test_an_untitled_bodys_title_is_its_leading_heading(body: str, title: str | None) -> None:
    assert heading_title(body) == title
