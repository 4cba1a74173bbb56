"""The words of the interface, in the site's language (zh-* or English)."""

from __future__ import annotations

from datetime import date

from site_builder.model import When

ZH = {
    "home": "首页",
    "articles": "文章",
    "tags": "标签",
    "topics": "主题",
    "skip": "跳到正文",
    "newest": "最新文章",
    "top_tags": "热门标签",
    "all_tags": "全部标签",
    "all_topics": "全部主题",
    "documents": "篇文章",
    "tagged": "标签",
    "topic": "主题",
    "published": "发布于",
    "undated": "未注明日期",
    "page": "第 {n} 页，共 {total} 页",
    "previous": "上一页",
    "next": "下一页",
    "pagination": "分页",
    "summary": "摘要",
    "contents": "目录",
    "source": "来源",
    "not_found": "页面不存在",
    "not_found_text": "您要找的页面不存在或已被移动。",
    "back_home": "返回首页",
    "main_nav": "主导航",
    "person": "人物",
    "company": "公司与机构",
    "product": "产品",
    "topic_kind": "主题",
    "people": "人物",
    "companies": "机构",
    "products": "产品",
    "unreviewed": "此页由文章中出现的名称自动生成，尚未经编者审阅。",
    "aliases": "又称",
    "website": "网站",
    "roles": "职务",
    "members": "相关人物",
    "parent_topic": "上级主题",
    "subtopics": "下级主题",
    "mentioned_in": "提及的文章",
    "co_mentions": "常一同出现",
    "entity_tags": "相关标签",
    "over_time": "时间分布",
    "in_article": "本文涉及",
    "related": "相关文章",
    "mentions": "次提及",
    "see_in_context": "看原文",
    "no_mentions": "暂无文章提及。",
    "filed_under": "归入此主题",
    "tag_is_entity": "此标签即",
    "sources": "来源",
    "all_sources": "全部来源",
    "no_publisher": "未注明出处",
    "sources_count": "个来源",
    "all_sources_of": "{name}的全部 {n} 个来源 →",
    "card_count": "{n} 篇文章提及",
    "cited_by": "引用处",
    "publisher_page": "该出处的全部来源",
    "sources_intro": "全站文章脚注引用的每一个来源，按出处分组，并列出引用它的每一段文字。",
    "cite_published": "发布",
    "cite_accessed": "检索",
    "cite_back": "回到引用处",
    "cite_uncited": "正文未引用",
    "cite_raw": "原文",
    "cite_notes": "注释与来源",
    "search": "搜索",
    "search_label": "搜索全站文章、人物、机构与主题",
    "search_needs_js": "搜索需要 JavaScript。请启用 JavaScript，或从主题、标签和人物索引浏览。",
    "search_unavailable": "这次构建没有生成搜索索引。",
    "chart_co_title": "与{name}相关的人物、机构与主题",
    "chart_co_desc": "以{name}为中心的关系图，虚线是登记的关系（职务、上下级主题），"
                     "连线越粗表示同时提及的文章越多：{items}。",
    "chart_co_item": "{name}（{n} 篇）",
    "chart_time_title": "提及{name}的文章数（按{unit}）",
    "chart_time_desc": "柱状图，时间轴从{first}到{last}，每根柱子是一个时期（{unit}）内提及{name}的文章数：{items}。"
                       "其余 {empty} 个时期没有文章，留作空白。",
    "chart_time_item": "{period} {n} 篇",
    "list_sep": "；",
    "all_articles": "全部文章",
    "archive_pages": "按时间分页",
    "archive": "文章归档",
    "year_only": "{year}（只注明年份）",
    "unit_month": "月",
    "unit_quarter": "季度",
    "unit_year": "年",
    "chart_x_axis": "时间（每{unit}一格）",
    "chart_y_axis": "文章数",
    "chart_year_only": "{year}：{n} 篇只注明年份",
    "chart_year_only_desc": "另有只注明年份的文章，无法归入具体的{unit}，以横跨该年的括线标出：{items}。",
    "chart_rel_item": "{name}（{relation}）",
    "related_entities": "相关人物、机构与主题",
    "relations": "登记的关系",
    "relation": "相关",
    "timeline_table": "数据表",
    "period_col": "时期",
    "documents_col": "文章数",
    "cited_as": "作为来源被引用",
    "cited_as_intro": "以下来源注明{name}为出处或作者，并列出引用它们的段落。",
}
EN = {
    "home": "Home",
    "articles": "Articles",
    "tags": "Tags",
    "topics": "Topics",
    "skip": "Skip to content",
    "newest": "Newest",
    "top_tags": "Top tags",
    "all_tags": "All tags",
    "all_topics": "All topics",
    "documents": "documents",
    "tagged": "Tag",
    "topic": "Topic",
    "published": "Published",
    "undated": "Undated",
    "page": "Page {n} of {total}",
    "previous": "Previous",
    "next": "Next",
    "pagination": "Pagination",
    "summary": "Summary",
    "contents": "Contents",
    "source": "Source",
    "not_found": "Page not found",
    "not_found_text": "The page you are looking for does not exist or has moved.",
    "back_home": "Back to the home page",
    "main_nav": "Main navigation",
    "person": "Person",
    "company": "Company",
    "product": "Product",
    "topic_kind": "Topic",
    "people": "People",
    "companies": "Companies",
    "products": "Products",
    "unreviewed": "This page was made from a name found in the articles; no writer has reviewed it yet.",
    "aliases": "Also known as",
    "website": "Website",
    "roles": "Roles",
    "members": "People",
    "parent_topic": "Parent topic",
    "subtopics": "Subtopics",
    "mentioned_in": "Mentioned in",
    "co_mentions": "Often mentioned with",
    "entity_tags": "Tags",
    "over_time": "Over time",
    "in_article": "In this article",
    "related": "Related",
    "mentions": "mentions",
    "see_in_context": "in context",
    "no_mentions": "No document mentions it yet.",
    "filed_under": "filed under this topic",
    "tag_is_entity": "This tag is",
    "sources": "Sources",
    "all_sources": "All sources",
    "card_count": "mentioned in {n} documents",
    "no_publisher": "No publisher given",
    "sources_count": "sources",
    "all_sources_of": "All {n} sources of {name} →",
    "cited_by": "Cited in",
    "publisher_page": "All sources of this publisher",
    "sources_intro": "Every source the footnotes cite, by publisher, with every passage citing it.",
    "cite_published": "published",
    "cite_accessed": "accessed",
    "cite_back": "Back to reference",
    "cite_uncited": "not cited in the text",
    "cite_raw": "As written",
    "cite_notes": "Notes and sources",
    "search": "Search",
    "search_label": "Search the articles, people, companies and topics",
    "search_needs_js": "Search needs JavaScript. Turn it on, or browse the topics, tags and people.",
    "search_unavailable": "This build has no search index.",
    "chart_co_title": "People, companies and topics related to {name}",
    "chart_co_desc": "A graph with {name} in the middle; a dashed line is a relation in the registry (a role, a "
                     "parent or subtopic), and the thicker a line, the more documents mention both: {items}.",
    "chart_co_item": "{name} ({n} documents)",
    "chart_time_title": "Documents mentioning {name}, per {unit}",
    "chart_time_desc": "A bar chart from {first} to {last}, a bar per {unit} counting the documents that mention "
                       "{name}: {items}. The other {empty} periods have none and are left empty.",
    "chart_time_item": "{period}: {n}",
    "list_sep": "; ",
    "all_articles": "All articles",
    "archive_pages": "Pages by date",
    "archive": "Archive",
    "year_only": "{year} (year only)",
    "unit_month": "month",
    "unit_quarter": "quarter",
    "unit_year": "year",
    "chart_x_axis": "time, one {unit} per step",
    "chart_y_axis": "documents",
    "chart_year_only": "{year}: {n} dated by year only",
    "chart_year_only_desc": " Documents dated only by a year fit no {unit}: a bracket under the axis spans their "
                            "year: {items}.",
    "chart_rel_item": "{name} ({relation})",
    "related_entities": "Related people, companies and topics",
    "relations": "In the registry",
    "relation": "related",
    "timeline_table": "The data",
    "period_col": "Period",
    "documents_col": "Documents",
    "cited_as": "Cited as a source",
    "cited_as_intro": "These sources name {name} as their publisher or author; with the passages citing them.",
}


class Strings(dict):
    """The words of one language: t["key"] in Python, t.key in templates. As attributes too,
    so that a template's t.key is found at once: on a plain dict Jinja's attribute lookup
    fails, raises and falls back to the item, a million times per build at 10,000 documents."""

    def __init__(self, words: dict[str, str]) -> None:
        super().__init__(words)
        clashes = set(words) & set(dir(dict))
        assert not clashes, f"interface words named like dict methods: {clashes}"
        self.__dict__.update(words)


_STRINGS = {"zh": Strings(ZH), "en": Strings(EN)}


def strings(language: str) -> Strings:
    return _STRINGS["zh" if language.lower().startswith("zh") else "en"]


def format_day(day: date, language: str) -> str:
    if language.lower().startswith("zh"):
        return f"{day.year}年{day.month}月{day.day}日"
    return day.isoformat()


def format_period(period: str, language: str) -> str:
    """A period, 2025-06, 2025-Q2 or 2026, as the reader writes it."""
    year, _, part = period.partition("-")
    zh = language.lower().startswith("zh")
    if part.startswith("Q"):
        return f"{int(year)}年第{part[1:]}季度" if zh else f"{year} {part}"
    if zh:
        return f"{int(year)}年{int(part)}月" if part else f"{int(year)}年"
    return period


def format_when(when: When, language: str) -> str:
    """A document date to the precision the writer gave (a PDF may say only 2026)."""
    v = when.value
    zh = language.lower().startswith("zh")
    if when.precision == "year":
        return f"{v.year}年" if zh else str(v.year)
    if when.precision == "month":
        return f"{v.year}年{v.month}月" if zh else f"{v.year}-{v.month:02d}"
    return format_day(v.date(), language)
