"""The two seed documents built into a site, checked as a reader sees the HTML."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from site_builder.link_checker import check_links
from tests.conftest import ROOT, SEED_000, SEED_003, Built

SEED_003_HEADINGS = [
    "交出AI控制权等于交出发展主动权",
    "美国靠封闭赚钱，中国靠开源追赶",
    "AI下半场的机遇，藏在中国硬件里",
    "大多数国家，不必从零重造OpenAI",
]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def article_text(soup: BeautifulSoup) -> str:
    """Title plus body as a reader reads it, without footnote reference markers."""
    article = soup.find("article")
    body = article.find(class_="doc-body")
    for extra in body.select("sup.cite, .backrefs, .uncited, aside.sidenotes, .notes .src"):
        extra.decompose()  # markers and the formatted copy; the notes' text stays in .src-raw
    return squash(article.find("h1").get_text() + body.get_text())


def test_both_seeds_have_pages_with_their_titles(seed_site: Built) -> None:
    assert seed_site.report.errors == 0
    page_000 = seed_site.page(f"articles/{SEED_000}/")
    assert page_000.find("h1").get_text() == "开源浪潮席卷AI：基础模型“护城河”消弭，价值转向应用深水区"
    assert page_000.title.get_text().startswith("开源浪潮席卷AI")
    page_003 = seed_site.page(f"articles/{SEED_003}/")
    # the PDF's stray spaces between CJK characters are gone from the title
    assert page_003.find("h1").get_text() == "开源是实现主权AI的第三条路"
    assert page_003.find("html")["lang"] == "zh-CN"


def test_seed_003_section_headings_are_h2(seed_site: Built) -> None:
    h2s = [h.get_text() for h in seed_site.page(f"articles/{SEED_003}/").select(".doc-body h2")]
    for heading in SEED_003_HEADINGS:
        assert heading in h2s
    # and nothing that is prose became a heading
    assert all(len(h) <= 40 for h in h2s)


def test_seed_003_interview_structure(seed_site: Built) -> None:
    body = seed_site.page(f"articles/{SEED_003}/").find(class_="doc-body")
    answers = body.select("p.answer")
    assert len(answers) == 7
    assert all(a.find("strong").get_text() == "李开复" for a in answers)
    questions = [q.get_text() for q in body.select("p.question")]
    assert "美国的出口管制究竟会对中国人工智能的发展产生什么影响？" in questions
    # the first question ends with text the PDF extraction glued on, but is still a question
    assert any(q.startswith("几十年来") for q in questions)
    quotes = [squash(q.get_text()) for q in body.select("blockquote.pull-quote")]
    # the lone “ line opens the pull quote instead of standing as a stray character
    assert "“在许多国家，企业普遍担心：自己的敏感数据会不会被用于训练另一国家开发的通用模型。”" in quotes
    assert not any(p.get_text().strip() == "“" for p in body.find_all("p"))
    # a pull quote whose opening mark the PDF set apart (and the extraction lost) is opened again
    assert "“中国公司在模型训练上的投入，往往不到美国顶尖公司的10%，却依然能够做出能力达到对方90%到95%的模型，" \
           "与美国同行之间的差距也只有六到九个月。”" in quotes
    assert body.find("a", href="https://www.capgemini.com/insights/research-institute/")
    # the byline card the PDF printed twice shows once
    assert len([c for c in body.select("p.card") if "创新工厂董事长" in squash(c.get_text())]) == 1
    # a half-width comma between Chinese characters is the full-width one; between words it stays
    text = body.get_text()
    assert not re.search(r"[\u4e00-\u9fff]\s*,\s*[\u4e00-\u9fff]", text)
    assert "首席执行官，这是一家" in text and "集团成立于 1967 年，总部位于法国巴黎，在 50 多个国家" in text
    assert "Capgemini Research Institute, CRI" in text


def test_every_paragraph_of_seed_000_appears_once(seed_site: Built) -> None:
    source = (ROOT / "content" / f"{SEED_000}.txt").read_text(encoding="utf-8")
    body = source.split("\n---\n", 1)[1]
    text = article_text(seed_site.page(f"articles/{SEED_000}/"))
    paragraphs = [p for p in body.split("\n\n") if p.strip() and p.strip() != "## 引用"]
    assert len(paragraphs) > 15
    for paragraph in paragraphs:
        for line in paragraph.splitlines():
            # Markdown markup is not text (seed 000 uses _ only for emphasis)
            plain = re.sub(r"\[\^\d+\]:?|^[>#]+ ?|\*\*|_", "", line.strip())
            plain = squash(plain)
            assert plain in text, line
            assert text.count(plain) == squash(body).count(squash(line)) or len(plain) < 20


def test_seed_000_emphasis_between_chinese_words_renders(seed_site: Built) -> None:
    body = seed_site.page(f"articles/{SEED_000}/").find(class_="doc-body")
    assert [em.get_text() for em in body.find_all("em")][:3] == ["数据", "模型权重", "预训练和后训练"]
    assert "_" not in body.get_text()


def test_every_line_of_seed_003_appears_as_often_as_in_the_pdf(seed_site: Built) -> None:
    """Less the repeated byline card, which --verbose names; half-width commas between Chinese
    characters are full-width."""
    source = (ROOT / "content" / f"{SEED_003}.txt").read_text(encoding="utf-8")
    text = article_text(seed_site.page(f"articles/{SEED_003}/"))
    notes = [d for d in seed_site.reporter.items if d.severity == "note" and d.path == f"{SEED_003}.txt"]
    card = ["李开复", "零一万物 创始人兼首席执行官", "创新工厂 董事长"]
    assert len(notes) == 1 and all(repr(line) in notes[0].message for line in card)
    source_lines = source.splitlines()
    second = max(i for i, line in enumerate(source_lines) if line.strip() == "创新工厂 董事长")
    assert [line for line in source_lines[second - 3 : second + 1] if line] == card
    shown = source_lines[: second - 3] + source_lines[second + 1 :]
    whole = squash(_full_width_commas("\n".join(shown)))
    # an autolink's angle brackets are markup, not text
    lines = [squash(_full_width_commas(line)).strip("<>") for line in shown if line.strip()]
    assert len(lines) > 60
    for line in lines:
        assert line in text, line
        if len(line) > 10:  # short lines (a name) also occur inside longer ones
            assert text.count(line) == whole.count(line), line


def _full_width_commas(text: str) -> str:
    return re.sub(r"(?<=[\u4e00-\u9fff])\s*,\s*(?=[\u4e00-\u9fff])", "，", text)


def test_footnote_references_link_to_notes_and_back(seed_site: Built) -> None:
    soup = seed_site.page(f"articles/{SEED_000}/")
    refs = soup.select("sup.cite a")
    assert len(refs) == 7  # [^1] is cited seven times
    ids = {el["id"] for el in soup.find_all(id=True)}
    for ref in refs:
        target = ref["href"].lstrip("#")
        assert target in ids
        note = soup.find(id=target)
        assert "腾讯科技" in note.get_text()
        back_links = {a["href"].lstrip("#") for a in note.select("a.backref")}
        assert ref.parent["id"] in back_links


def test_every_tag_of_seed_000_has_a_page_listing_it(seed_site: Built) -> None:
    doc_page = seed_site.page(f"articles/{SEED_000}/")
    tag_links = doc_page.select(".doc-tags a:not(.tag-entity-link)")
    assert [a.get_text() for a in tag_links] == [
        "AI开源", "基础模型", "Linux基金会", "Jim Zemlin", "DeepSeek", "护城河", "应用层",
        "AI Agent", "开源社区", "技术趋势"]
    for link in tag_links:
        tag_page = BeautifulSoup(_served(seed_site, link["href"]).read_text(encoding="utf-8"),
                                 "html.parser")
        assert tag_page.find("h1").get_text().endswith(link.get_text())
        listed = [a["href"] for a in tag_page.select(".doclist a.doc-title")]
        assert f"/articles/{SEED_000}/" in listed
    tag_index = seed_site.page("tags/")
    counts = {a.contents[0].strip(): a.find(class_="count").get_text()
              for a in tag_index.select(".taxa a")}
    assert counts["DeepSeek"] == "2"  # seed 003's sidecar tags DeepSeek too
    assert counts["护城河"] == "1"


def _served(site: Built, href: str) -> Path:
    from urllib.parse import unquote
    path = unquote(href)[len(site.config.base_path):]
    return site.out / path / "index.html"


@pytest.mark.parametrize("fixture", ["seed_site", "seed_site_subpath"])
def test_every_internal_link_resolves(fixture: str, request) -> None:
    site: Built = request.getfixturevalue(fixture)
    assert check_links(site.out, site.config.base_path) == []
    html = (site.out / "index.html").read_text(encoding="utf-8")
    if site.config.base_path == "/my-kb/":
        hrefs = re.findall(r'(?:href|src)="([^"#][^"]*)"', html)
        assert hrefs and all(h.startswith(("/my-kb/", "http")) for h in hrefs)


def test_link_checker_finds_broken_links_and_fragments(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="/a/">ok</a><a href="/missing/">x</a><a href="/a/#nope">y</a>'
        '<a id="here" href="#here">z</a>', encoding="utf-8")
    (tmp_path / "a" / "index.html").write_text("<p id=real>", encoding="utf-8")
    problems = [str(p) for p in check_links(tmp_path)]
    assert len(problems) == 2
    assert "broken link /missing/" in problems[0]
    assert "no element with id 'nope'" in problems[1]


def test_home_lists_newest_first_with_topics_and_tags(seed_site: Built) -> None:
    home = seed_site.page("")
    titles = [a.get_text() for a in home.select(".doclist a.doc-title")]
    # seed 003 is dated 2026 (its sidecar), seed 000 2025-06-25
    assert titles == ["开源是实现主权AI的第三条路", "开源浪潮席卷AI：基础模型“护城河”消弭，价值转向应用深水区"]
    assert "数据与开源生态" in home.get_text()
    topic = seed_site.page("topics/data-and-open-source-ecosystem/")
    assert len(topic.select(".mention-list > li")) == 2


def test_sidecar_metadata_is_applied(seed_site: Built) -> None:
    page = seed_site.page(f"articles/{SEED_003}/")
    assert page.find("time")["datetime"] == "2026"
    assert "凯捷研究院" in page.find(class_="doc-source").get_text()
    assert "李开复" in [a.get_text() for a in page.select(".doc-tags a")]
