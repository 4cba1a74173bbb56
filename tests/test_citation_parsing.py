"""Tests for site_builder.citations: footnote text -> Citation."""

import dataclasses
import datetime

import pytest

from site_builder.citations import Citation, parse_citation, parse_date

D = datetime.date

SEED_1 = (
    "对话Linux基金会创始人：AI基础模型注定全面开源，战场只在应用端·腾讯科技·博阳（2025/6/25）"
    "·检索日期2024/07/26"
)
SEED_2 = (
    "对话Linux基金会创始人：AI基础模型注定全面开源，战场只在应用端·36氪·无作者（2023/6/26）"
    "·检索日期2024/07/26"
)
SEED_3 = "AI开源路在何方丨2023智源大会精彩回顾·腾讯新闻·无作者（2023/06/26）·检索日期2024/07/26"
SEED_TITLE = "对话Linux基金会创始人：AI基础模型注定全面开源，战场只在应用端"


# --------------------------------------------------------------------------- the seed footnotes


@pytest.mark.parametrize(
    ("text", "title", "publisher", "author", "published"),
    [
        (SEED_1, SEED_TITLE, "腾讯科技", "博阳", D(2025, 6, 25)),
        (SEED_2, SEED_TITLE, "36氪", None, D(2023, 6, 26)),
        (SEED_3, "AI开源路在何方丨2023智源大会精彩回顾", "腾讯新闻", None, D(2023, 6, 26)),
    ],
)
def test_seed_footnotes(
    text: str, title: str, publisher: str, author: str | None, published: D
) -> None:
    cite = parse_citation(text)
    assert cite == Citation(
        raw=text,
        title=title,
        publisher=publisher,
        author=author,
        published=published,
        accessed=D(2024, 7, 26),
        url=None,
        form="cn-dot",
        unreadable_dates=(),
    )


def test_seed_1_and_2_are_different_sources() -> None:
    # Same title, different publisher: 腾讯科技 vs 36氪.
    assert parse_citation(SEED_1).key != parse_citation(SEED_2).key


def test_raw_is_never_changed() -> None:
    text = "  " + SEED_1 + " \n"
    assert parse_citation(text).raw == text
    assert parse_citation(text).title == SEED_TITLE


# --------------------------------------------------------------------------- cn-dot


@pytest.mark.parametrize("sep", ["·", "・", "•", " · ", " ・ "])
def test_cn_dot_separators(sep: str) -> None:
    cite = parse_citation(sep.join(["标题", "腾讯科技", "博阳（2025/6/25）", "检索日期2024/07/26"]))
    assert (cite.form, cite.title, cite.publisher, cite.author) == (
        "cn-dot",
        "标题",
        "腾讯科技",
        "博阳",
    )
    assert (cite.published, cite.accessed) == (D(2025, 6, 25), D(2024, 7, 26))


@pytest.mark.parametrize("parens", [("（", "）"), ("(", ")"), ("（", ")"), ("(", "）")])
def test_cn_dot_parentheses(parens: tuple[str, str]) -> None:
    left, right = parens
    cite = parse_citation(f"标题·腾讯科技·博阳{left}2025/6/25{right}·检索日期2024/07/26")
    assert (cite.author, cite.published) == ("博阳", D(2025, 6, 25))


@pytest.mark.parametrize("keyword", ["检索日期", "检索于", "访问日期", "访问于", "引用日期"])
@pytest.mark.parametrize("colon", ["", "：", ":", " ： ", " "])
def test_cn_dot_accessed_keywords(keyword: str, colon: str) -> None:
    cite = parse_citation(f"标题·腾讯科技·博阳（2025/6/25）·{keyword}{colon}2024/07/26")
    assert cite.form == "cn-dot"
    assert cite.accessed == D(2024, 7, 26)
    assert cite.publisher == "腾讯科技"


def test_cn_dot_accessed_date_in_chinese_form() -> None:
    cite = parse_citation("标题·腾讯科技·博阳（2025年6月25日）·访问于：2024年7月26日")
    assert (cite.published, cite.accessed) == (D(2025, 6, 25), D(2024, 7, 26))


def test_cn_dot_without_accessed_segment() -> None:
    cite = parse_citation("标题·腾讯科技·博阳（2025/6/25）")
    assert (cite.form, cite.title, cite.publisher, cite.author) == (
        "cn-dot",
        "标题",
        "腾讯科技",
        "博阳",
    )
    assert (cite.published, cite.accessed) == (D(2025, 6, 25), None)


def test_cn_dot_without_published_date() -> None:
    cite = parse_citation("标题·腾讯科技·博阳·检索日期2024/07/26")
    assert (cite.title, cite.publisher, cite.author) == ("标题", "腾讯科技", "博阳")
    assert (cite.published, cite.accessed) == (None, D(2024, 7, 26))
    assert cite.unreadable_dates == ()


def test_cn_dot_with_empty_date_parentheses() -> None:
    cite = parse_citation("标题·腾讯科技·博阳（）·检索日期2024/07/26")
    assert (cite.title, cite.publisher, cite.author, cite.published) == (
        "标题",
        "腾讯科技",
        "博阳",
        None,
    )


def test_cn_dot_accessed_keyword_without_date() -> None:
    cite = parse_citation("标题·腾讯科技·博阳（2025/6/25）·检索日期")
    assert (cite.form, cite.published, cite.accessed) == ("cn-dot", D(2025, 6, 25), None)
    assert cite.unreadable_dates == ()


def test_cn_dot_bare_date_segment() -> None:
    cite = parse_citation("标题·腾讯科技·2025-06-25·检索日期2024/07/26")
    assert (cite.title, cite.publisher, cite.author) == ("标题", "腾讯科技", None)
    assert cite.published == D(2025, 6, 25)


def test_cn_dot_only_title_and_author_date() -> None:
    cite = parse_citation("标题·博阳（2025/6/25）")
    assert (cite.form, cite.title, cite.publisher, cite.author) == ("cn-dot", "标题", None, "博阳")


def test_cn_dot_title_with_colon_comma_and_bar() -> None:
    title = "对话：AI，开源丨回顾"
    cite = parse_citation(f"{title}·腾讯科技·博阳（2025/6/25）·检索日期2024/07/26")
    assert cite.title == title


@pytest.mark.parametrize(
    "title", ["萨姆·奥特曼谈AGI", "对话萨姆·奥特曼：AGI何时到来", "A·B·C三人谈"]
)
def test_cn_dot_middle_dot_inside_title_is_kept(title: str) -> None:
    cite = parse_citation(f"{title}·腾讯科技·博阳（2025/6/25）·检索日期2024/07/26")
    assert (cite.title, cite.publisher, cite.author) == (title, "腾讯科技", "博阳")


def test_cn_dot_middle_dot_title_keeps_its_own_separator() -> None:
    cite = parse_citation("萨姆・奥特曼谈AGI・腾讯科技・博阳（2025/6/25）")
    assert cite.title == "萨姆・奥特曼谈AGI"


@pytest.mark.parametrize("no_author", ["无作者", "佚名", "no author", "No Author", "n.a.", "N.A."])
def test_cn_dot_no_author_markers(no_author: str) -> None:
    cite = parse_citation(f"标题·腾讯新闻·{no_author}（2023/06/26）·检索日期2024/07/26")
    assert cite.author is None
    assert cite.publisher == "腾讯新闻"
    assert cite.published == D(2023, 6, 26)


def test_cn_dot_parenthesis_without_author() -> None:
    cite = parse_citation("标题·腾讯新闻·（2023/06/26）·检索日期2024/07/26")
    assert (cite.author, cite.publisher, cite.published) == (None, "腾讯新闻", D(2023, 6, 26))


def test_cn_dot_title_with_non_date_parentheses() -> None:
    cite = parse_citation("大模型之争（上）·腾讯科技·博阳（2025/6/25）")
    assert (cite.title, cite.publisher) == ("大模型之争（上）", "腾讯科技")


@pytest.mark.parametrize(
    "text",
    [
        "标题·腾讯科技·博阳（2025/6/25）·https://news.qq.com/a/1·检索日期2024/07/26",
        "标题·腾讯科技·博阳（2025/6/25）·检索日期2024/07/26 https://news.qq.com/a/1",
        "标题·腾讯科技·博阳（2025/6/25）·检索日期2024/07/26·<https://news.qq.com/a/1>",
        "标题（https://news.qq.com/a/1）·腾讯科技·博阳（2025/6/25）·检索日期2024/07/26",
        "https://news.qq.com/a/1 标题·腾讯科技·博阳（2025/6/25）·检索日期2024/07/26",
        "[标题](https://news.qq.com/a/1)·腾讯科技·博阳（2025/6/25）·检索日期2024/07/26",
    ],
)
def test_cn_dot_url_anywhere(text: str) -> None:
    cite = parse_citation(text)
    assert cite.form == "cn-dot"
    assert cite.url == "https://news.qq.com/a/1"
    assert (cite.title, cite.publisher, cite.author) == ("标题", "腾讯科技", "博阳")
    assert (cite.published, cite.accessed) == (D(2025, 6, 25), D(2024, 7, 26))


def test_cn_dot_unreadable_published_date() -> None:
    cite = parse_citation("标题·腾讯科技·博阳（2025/13/45）·检索日期2024/07/26")
    assert cite.form == "cn-dot"
    assert cite.published is None
    assert cite.unreadable_dates == ("2025/13/45",)
    assert cite.author == "博阳"
    assert cite.accessed == D(2024, 7, 26)


def test_cn_dot_unreadable_accessed_date() -> None:
    cite = parse_citation("标题·腾讯科技·博阳（2025/6/25）·检索日期2024/02/30")
    assert (cite.published, cite.accessed) == (D(2025, 6, 25), None)
    assert cite.unreadable_dates == ("2024/02/30",)


def test_cn_dot_both_dates_unreadable_in_reading_order() -> None:
    cite = parse_citation("标题·腾讯科技·博阳（2025/13/45）·检索日期2024年13月1日")
    assert (cite.published, cite.accessed) == (None, None)
    assert cite.unreadable_dates == ("2025/13/45", "2024年13月1日")


def test_cn_dot_year_only_is_reported_unreadable() -> None:
    cite = parse_citation("标题·腾讯科技·博阳（2025）")
    assert cite.published is None
    assert cite.unreadable_dates == ("2025",)


def test_cn_dot_full_width_digits() -> None:
    cite = parse_citation("标题·腾讯科技·博阳（２０２５／６／２５）·检索日期２０２４／０７／２６")
    assert (cite.published, cite.accessed) == (D(2025, 6, 25), D(2024, 7, 26))


def test_middle_dot_without_anchor_is_not_cn_dot() -> None:
    # No (date) segment and no accessed segment: just a name with a middle dot.
    cite = parse_citation("萨姆·奥特曼在采访中提到了这一点")
    assert cite.form == "free"
    assert cite.title is None


# --------------------------------------------------------------------------- url


@pytest.mark.parametrize(
    ("text", "url", "publisher"),
    [
        ("https://www.example.com/a/b?c=1", "https://www.example.com/a/b?c=1", "example.com"),
        ("<https://www.example.com/a>", "https://www.example.com/a", "example.com"),
        ("  https://news.qq.com/rain/a/2025  ", "https://news.qq.com/rain/a/2025", "news.qq.com"),
        ("http://Example.COM:8080/x", "http://Example.COM:8080/x", "example.com"),
        ("https://example.com/a.", "https://example.com/a", "example.com"),
        (
            "https://en.wikipedia.org/wiki/Foo_(bar)",
            "https://en.wikipedia.org/wiki/Foo_(bar)",
            "en.wikipedia.org",
        ),
        (
            "[https://www.example.com/a](https://www.example.com/a)",
            "https://www.example.com/a",
            "example.com",
        ),
    ],
)
def test_url_form(text: str, url: str, publisher: str) -> None:
    cite = parse_citation(text)
    assert cite.form == "url"
    assert (cite.url, cite.publisher, cite.title, cite.author) == (url, publisher, None, None)
    assert cite.key == url


@pytest.mark.parametrize(
    "text",
    [
        "https://example.com/a (accessed 2025-07-01)",
        "<https://example.com/a>. Accessed 2025-07-01.",
        "https://example.com/a 检索日期：2025年7月1日",
        "https://example.com/a（访问于2025/7/1）",
    ],
)
def test_url_form_with_accessed_date(text: str) -> None:
    cite = parse_citation(text)
    assert cite.form == "url"
    assert cite.url == "https://example.com/a"
    assert cite.accessed == D(2025, 7, 1)


# --------------------------------------------------------------------------- link


def test_link_form_bare() -> None:
    cite = parse_citation("[The Title](https://example.com/x)")
    assert cite == Citation(
        raw="[The Title](https://example.com/x)",
        title="The Title",
        url="https://example.com/x",
        form="link",
    )


@pytest.mark.parametrize(
    ("text", "publisher", "published", "accessed"),
    [
        (
            "[The Title](https://example.com/x), Example News, 2025-06-25",
            "Example News",
            D(2025, 6, 25),
            None,
        ),
        ("[The Title](https://example.com/x). Accessed 2025-07-01.", None, None, D(2025, 7, 1)),
        (
            "[The Title](https://example.com/x), Example News, June 25, 2025. "
            "Retrieved July 1, 2025.",
            "Example News",
            D(2025, 6, 25),
            D(2025, 7, 1),
        ),
        (
            "[The Title](https://example.com/x) - Example News (2025-06-25)",
            "Example News",
            D(2025, 6, 25),
            None,
        ),
        (
            "[标题](https://example.com/x)，腾讯科技，2025年6月25日，检索日期2025年7月1日",
            "腾讯科技",
            D(2025, 6, 25),
            D(2025, 7, 1),
        ),
        ("[The Title](https://example.com/x), Example News", "Example News", None, None),
    ],
)
def test_link_form_with_tail(
    text: str, publisher: str | None, published: D | None, accessed: D | None
) -> None:
    cite = parse_citation(text)
    assert cite.form == "link"
    assert (cite.title, cite.url) == (cite.title, "https://example.com/x")
    assert cite.title in {"The Title", "标题"}
    assert (cite.publisher, cite.published, cite.accessed) == (publisher, published, accessed)
    assert cite.unreadable_dates == ()


def test_link_form_with_author_prefix() -> None:
    cite = parse_citation("博阳，[标题](https://x.cn/1)，腾讯科技，2025年6月25日")
    assert (cite.form, cite.author, cite.title, cite.publisher, cite.published) == (
        "link",
        "博阳",
        "标题",
        "腾讯科技",
        D(2025, 6, 25),
    )


def test_link_form_by_author_in_tail() -> None:
    cite = parse_citation("[The Title](https://example.com/x), Example News, by Jane Doe")
    assert (cite.publisher, cite.author) == ("Example News", "Jane Doe")


def test_link_form_unreadable_date() -> None:
    cite = parse_citation("[The Title](https://example.com/x), Example News, 2025/13/45")
    assert cite.published is None
    assert cite.unreadable_dates == ("2025/13/45",)
    assert cite.publisher == "Example News"


def test_link_target_with_title_attribute() -> None:
    cite = parse_citation('[The Title](https://example.com/x "hover"), Example News')
    assert (cite.url, cite.title, cite.publisher) == (
        "https://example.com/x",
        "The Title",
        "Example News",
    )


# --------------------------------------------------------------------------- author-title


@pytest.mark.parametrize(
    "text",
    [
        'John Smith, "The Title", Example News, 2025-06-25',
        "John Smith, “The Title”, Example News, 2025-06-25",
        "John Smith, “The Title,” Example News, 2025-06-25.",
        'John Smith. "The Title." Example News, June 25, 2025.',
    ],
)
def test_author_title_english(text: str) -> None:
    cite = parse_citation(text)
    assert cite.form == "author-title"
    assert (cite.author, cite.title, cite.publisher, cite.published) == (
        "John Smith",
        "The Title",
        "Example News",
        D(2025, 6, 25),
    )


@pytest.mark.parametrize(
    "text",
    [
        "博阳，《标题》，腾讯科技，2025年6月25日",
        "博阳：《标题》，腾讯科技，2025/6/25",
        "博阳，「标题」，腾讯科技，2025-06-25",
        "博阳，《标题》，《腾讯科技》，2025年6月25日",
    ],
)
def test_author_title_chinese(text: str) -> None:
    cite = parse_citation(text)
    assert cite.form == "author-title"
    assert (cite.author, cite.title, cite.publisher, cite.published) == (
        "博阳",
        "标题",
        "腾讯科技",
        D(2025, 6, 25),
    )


@pytest.mark.parametrize(
    "ending",
    [
        ", Accessed 2025-07-01",
        ". Accessed: July 1, 2025.",
        ". Retrieved 2025-07-01",
        "，检索日期2025年7月1日",
        "，检索日期：2025/7/1",
    ],
)
def test_author_title_accessed(ending: str) -> None:
    cite = parse_citation(f"博阳，《标题》，腾讯科技，2025年6月25日{ending}")
    assert (cite.published, cite.accessed) == (D(2025, 6, 25), D(2025, 7, 1))
    assert cite.publisher == "腾讯科技"


@pytest.mark.parametrize("no_author", ["佚名", "无作者", "No author", "n.a."])
def test_author_title_no_author(no_author: str) -> None:
    cite = parse_citation(f"{no_author}，《标题》，腾讯科技，2025年6月25日")
    assert (cite.form, cite.author, cite.title) == ("author-title", None, "标题")


def test_author_title_without_author() -> None:
    cite = parse_citation("《标题》，腾讯科技，2025年6月25日")
    assert (cite.form, cite.author, cite.title, cite.publisher) == (
        "author-title",
        None,
        "标题",
        "腾讯科技",
    )


def test_author_title_with_url_and_apa_date() -> None:
    cite = parse_citation('Smith, J. (2025-06-25). "Title". Publisher. https://ex.com/a')
    assert (cite.form, cite.author, cite.title, cite.publisher) == (
        "author-title",
        "Smith, J.",
        "Title",
        "Publisher",
    )
    assert (cite.published, cite.url) == (D(2025, 6, 25), "https://ex.com/a")


def test_author_title_unreadable_date() -> None:
    cite = parse_citation("博阳，《标题》，腾讯科技，2025/13/45")
    assert cite.published is None
    assert cite.unreadable_dates == ("2025/13/45",)


def test_author_title_title_keeps_inner_punctuation() -> None:
    cite = parse_citation("博阳，《对话：AI，开源？》，腾讯科技")
    assert cite.title == "对话：AI，开源？"


# --------------------------------------------------------------------------- free


@pytest.mark.parametrize(
    "text",
    [
        "just some words",
        "参见作者2024年的访谈笔记。",
        "他说“你好”然后走了",
        "我读了《三体》很受启发",
        "萨姆·奥特曼",
        "See page 12.",
    ],
)
def test_free_text_stays_raw(text: str) -> None:
    cite = parse_citation(text)
    assert cite == Citation(raw=text)
    assert cite.form == "free"


def test_free_text_keeps_url() -> None:
    text = "See the discussion at https://example.com/thread for details."
    cite = parse_citation(text)
    assert cite == Citation(raw=text, url="https://example.com/thread", form="free")


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_text(text: str) -> None:
    cite = parse_citation(text)
    assert cite == Citation(raw=text)


@pytest.mark.parametrize(
    "text",
    ["·", "（）", "·（）·", "[](", "[x]()", "<>", "《》", '""', "检索日期", "·检索日期", "http://"],
)
def test_odd_input_never_raises(text: str) -> None:
    cite = parse_citation(text)
    assert cite.raw == text
    assert isinstance(cite.key, str)


# --------------------------------------------------------------------------- parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025/6/25", D(2025, 6, 25)),
        ("2025/06/26", D(2025, 6, 26)),
        ("2025-06-25", D(2025, 6, 25)),
        ("2025.6.25", D(2025, 6, 25)),
        ("2025年6月25日", D(2025, 6, 25)),
        ("2025 年 6 月 25 日", D(2025, 6, 25)),
        ("2025年6月25号", D(2025, 6, 25)),
        ("2025年6月", D(2025, 6, 1)),
        ("2025-06", D(2025, 6, 1)),
        ("2025-06-25T09:10:04+08:00", D(2025, 6, 25)),
        ("2025-06-25T09:10:04", D(2025, 6, 25)),
        ("2025-06-25T23:30:00-05:00", D(2025, 6, 25)),  # the day as written, not UTC
        ("2025-06-25T09:10:04Z", D(2025, 6, 25)),
        ("2025-06-25 09:10", D(2025, 6, 25)),
        ("2025/6/25 10:00", D(2025, 6, 25)),
        ("２０２５年６月２５日", D(2025, 6, 25)),
        ("２０２５／６／２５", D(2025, 6, 25)),
        ("June 25, 2025", D(2025, 6, 25)),
        ("Jun. 25, 2025", D(2025, 6, 25)),
        ("25 June 2025", D(2025, 6, 25)),
        ("June 2025", D(2025, 6, 1)),
        ("  2025-06-25  ", D(2025, 6, 25)),
        ("（2025/6/25）", D(2025, 6, 25)),
        ("2025-06-25.", D(2025, 6, 25)),
        ("2024/2/29", D(2024, 2, 29)),
    ],
)
def test_parse_date_valid(text: str, expected: D) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2025/13/45",
        "2025/0/10",
        "2025-02-30",
        "2023/2/29",
        "2025年13月1日",
        "2025-06-25T25:00:00",
        "0000-01-01",
        "2025",
        "2025/6-25",
        "25/06/2025",
        "garbage",
        "",
        "Junk 25, 2025",
    ],
)
def test_parse_date_unreadable(text: str) -> None:
    assert parse_date(text) is None


# --------------------------------------------------------------------------- key


def test_key_same_source_different_whitespace_and_width() -> None:
    a = parse_citation("AI开源路在何方丨2023智源大会精彩回顾·腾讯新闻·无作者（2023/06/26）")
    b = parse_citation(
        "  ＡＩ 开源路在何方丨２０２３智源大会精彩回顾 ・ 腾讯 新闻 ・ 佚名（2023/6/26）"
        "·检索日期2024/07/26"
    )
    assert a.title != b.title
    assert a.key == b.key


def test_key_ignores_case_and_surrounding_punctuation() -> None:
    a = parse_citation('"The  Title", Example News, 2025-06-25')
    b = parse_citation("[the title!](https://example.com/x), EXAMPLE NEWS.")
    assert a.key == b.key == "the title|example news"


def test_key_same_source_across_forms() -> None:
    dot = parse_citation("标题·腾讯科技·博阳（2025/6/25）·检索日期2024/07/26")
    quoted = parse_citation("佚名，《标题》，腾讯科技，2025年6月25日")
    linked = parse_citation("[标题](https://news.qq.com/a/1)，腾讯科技")
    assert dot.key == quoted.key == linked.key == "标题|腾讯科技"


def test_key_ignores_author_and_dates() -> None:
    a = parse_citation("标题·腾讯科技·博阳（2025/6/25）·检索日期2024/07/26")
    b = parse_citation("标题·腾讯科技·无作者（2025/6/26）·检索日期2025/01/01")
    assert a.key == b.key


def test_key_differs_for_different_publisher() -> None:
    a = parse_citation("标题·腾讯科技·博阳（2025/6/25）")
    b = parse_citation("标题·36氪·博阳（2025/6/25）")
    assert a.key != b.key


def test_key_differs_for_different_title() -> None:
    a = parse_citation("标题一·腾讯科技·博阳（2025/6/25）")
    b = parse_citation("标题二·腾讯科技·博阳（2025/6/25）")
    assert a.key != b.key


def test_key_without_title_is_url() -> None:
    assert parse_citation("<https://example.com/a>").key == "https://example.com/a"


def test_key_of_free_text_is_normalised_raw() -> None:
    a = parse_citation("  Just   some\twords. ")
    b = parse_citation("JUST SOME WORDS")
    assert a.key == b.key == "just some words"


# --------------------------------------------------------------------------- the record


def test_citation_is_frozen_and_hashable() -> None:
    cite = parse_citation(SEED_1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        cite.title = "x"  # type: ignore[misc]
    assert len({cite, parse_citation(SEED_1)}) == 1


def test_citation_defaults() -> None:
    cite = Citation(raw="x")
    assert (cite.form, cite.unreadable_dates, cite.title, cite.url) == ("free", (), None, None)


# --------------------------------------------------------------------------- edge cases


def test_cn_dot_several_authors() -> None:
    cite = parse_citation("标题·腾讯科技·博阳，张三（2025/6/25）·检索日期2024/07/26")
    assert (cite.author, cite.publisher, cite.published) == (
        "博阳，张三",
        "腾讯科技",
        D(2025, 6, 25),
    )


def test_middle_dot_in_author_name_of_author_title() -> None:
    cite = parse_citation("萨姆·奥特曼，《标题》，腾讯科技，2025年6月25日")
    assert (cite.form, cite.author, cite.title, cite.publisher) == (
        "author-title",
        "萨姆·奥特曼",
        "标题",
        "腾讯科技",
    )


@pytest.mark.parametrize("label", ["See: ", "来源：", "参见，"])
def test_link_lead_in_label_is_not_an_author(label: str) -> None:
    cite = parse_citation(f"{label}[标题](https://x.cn/1)，腾讯科技")
    assert (cite.form, cite.author, cite.title, cite.publisher) == (
        "link",
        None,
        "标题",
        "腾讯科技",
    )


def test_link_whose_text_is_the_url_has_no_title() -> None:
    cite = parse_citation("[https://x.cn/1](https://x.cn/1), Example News, 2025-06-25")
    assert (cite.form, cite.title, cite.publisher, cite.url) == (
        "link",
        None,
        "Example News",
        "https://x.cn/1",
    )
    assert cite.key == "https://x.cn/1"


def test_link_in_mid_sentence_is_free() -> None:
    text = "See [this thread](https://example.com/t) for details."
    assert parse_citation(text) == Citation(raw=text, url="https://example.com/t")


def test_accessed_keyword_needs_a_word_boundary() -> None:
    cite = parse_citation('"Unaccessed Archives", Example News, 2025-06-25')
    assert (cite.title, cite.published, cite.accessed) == (
        "Unaccessed Archives",
        D(2025, 6, 25),
        None,
    )
