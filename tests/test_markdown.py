"""Markdown rendering: the parts we configure on top of markdown-it-py."""

from __future__ import annotations

from site_builder.markdown import RenderContext, render


def test_cjk_emphasis_between_chinese_words() -> None:
    html = render("高质量的_数据_、_模型权重_的流程，**李开复：**主权").html
    assert "<em>数据</em>" in html and "<em>模型权重</em>" in html
    assert "<strong>李开复：</strong>主权" in html


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
