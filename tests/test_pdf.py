"""A .pdf in content/ is read directly (pdf.py): its page has the PDF's title, headings,
questions and answers with their speakers, in reading order, without the running header,
footer and page numbers; a PDF that cannot be read is one error naming it while the rest
of the site builds; a sidecar's metadata applies; a rebuild after the PDF is replaced
equals a cold build. The PDFs are laid out by tests/pdfs.py."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from site_builder import pdf
from tests import pdfs
from tests.conftest import Built, build_project, cold, make_project, snapshot

GOOD = "---\ntitle: Good\n---\nFine text.\n"


def article(site: Built, slug: str):
    """The document's text on its page."""
    return site.page(f"/articles/{slug}/").select_one("article .doc-body")


def texts(body, selector: str) -> list[str]:
    return [el.get_text() for el in body.select(selector)]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Built:
    project = make_project(tmp_path_factory.mktemp("pdf"), {
        "interview.pdf": pdfs.interview(pdfs.CHINESE, header=pdfs.HEADER),
        "roundtable.pdf": pdfs.interview(pdfs.ENGLISH, header="Tech Quarterly, Spring 2025", footer="Page {n}",
                                         columns=2, cjk=False),
        "roundtable.meta.yaml": "date: 2025-03\ntags: [open models]\nsummary: Three researchers on open models.\n",
        "good.md": GOOD,
    })
    return build_project(project)


def test_a_chinese_interview_has_its_title_headings_questions_and_answers(site: Built) -> None:
    assert site.reporter.errors == []
    page = site.page("/articles/interview/")
    assert page.select_one("h1").get_text() == pdfs.TITLE
    body = article(site, "interview")
    assert texts(body, "h2") == ["开源与闭源", "人才与数据"]
    assert texts(body, ".question") == [b.text for b in pdfs.CHINESE if b.kind == "question"]
    answers = body.select(".answer")
    assert [a.select_one("strong").get_text() for a in answers] == ["答", "答", "答"]
    # each answer whole, its wrapped lines (and the page break) joined without a space
    assert [a.get_text() for a in answers] == [b.text for b in pdfs.CHINESE if b.kind == "answer"]
    quote = "“开源不是慈善，而是一种更有效率的协作方式。”"
    assert [q.get_text().strip() for q in body.select(".pull-quote")] == [quote]
    assert [card.get_text("|", strip=True) for card in body.select(".card")] == ["文 / 张三|2025年3月12日"]


def test_the_running_header_footer_and_page_numbers_are_not_in_the_page(site: Built) -> None:
    body = article(site, "interview").get_text()
    assert "新科技秩序" not in body and "2025年3月刊" not in body
    assert not re.search(r"第\s*\d+\s*页", body)
    assert len(site.page("/articles/interview/").select("h1")) == 1


def test_every_block_of_the_text_is_on_the_page_once(site: Built) -> None:
    body = re.sub(r"\s", "", article(site, "interview").get_text())
    for block in pdfs.CHINESE[1:]:
        assert body.count(re.sub(r"\s", "", block.text)) == 1, block.text


def test_two_columns_are_read_left_then_right_with_bold_speakers(site: Built) -> None:
    page = site.page("/articles/roundtable/")
    assert page.select_one("h1").get_text() == pdfs.ENGLISH_TITLE
    body = article(site, "roundtable")
    assert texts(body, "h2") == ["Open and closed", "People"]
    assert texts(body, ".question") == [b.text for b in pdfs.ENGLISH if b.kind == "question"]
    answers = body.select(".answer")
    assert [a.select_one("strong").get_text() for a in answers] == [b.speaker for b in pdfs.ENGLISH if b.speaker]
    assert [a.get_text() for a in answers] == [b.speaker + b.text for b in pdfs.ENGLISH if b.kind == "answer"]
    text = body.get_text()
    assert "Tech Quarterly" not in text and "Page 1" not in text


def test_a_sidecar_gives_a_pdf_its_metadata(site: Built) -> None:
    page = site.page("/articles/roundtable/")
    assert page.select_one("time").get("datetime", "").startswith("2025-03")
    assert page.select_one(".doc-lede").get_text() == "Three researchers on open models."
    assert site.page("/tags/open-models/").select_one('a[href="/articles/roundtable/"]') is not None


def test_the_pdf_itself_is_published_beside_its_page(site: Built) -> None:
    assert (site.out / "interview.pdf").read_bytes()[:5] == b"%PDF-"


UNREADABLE = {
    "locked.pdf": (lambda: pdfs.interview(pdfs.CHINESE, header=pdfs.HEADER, encrypt="secret"), "is encrypted"),
    "scan.pdf": (pdfs.blank, "has no text to read"),
    "cut.pdf": (lambda: pdfs.interview(pdfs.CHINESE, header=pdfs.HEADER)[:-600], "is damaged: it stops short"),
    "fake.pdf": (lambda: b"%PDF-1.4\nnot really\n%%EOF\n", "is not a PDF that can be read, or is damaged"),
    "text.pdf": (lambda: "问：这不是 PDF。\n".encode(), "is not a PDF"),
}


def test_a_pdf_that_cannot_be_read_is_one_error_naming_it_and_the_rest_builds(tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {name: make() for name, (make, _) in UNREADABLE.items()}
    files |= {"good.md": GOOD, "interview.pdf": pdfs.interview(pdfs.CHINESE, header=pdfs.HEADER)}
    site = build_project(make_project(tmp_path, files))
    errors = {d.path: d.message for d in site.reporter.errors}
    assert sorted(errors) == sorted(UNREADABLE)
    for name, (_, reason) in UNREADABLE.items():
        assert reason in errors[name], errors[name]
        assert "Traceback" not in errors[name] and "\n" not in errors[name]
    assert site.page("/articles/good/").select_one("h1").get_text() == "Good"
    assert site.page("/articles/interview/").select_one("h1").get_text() == pdfs.TITLE
    assert not (site.out / "articles/locked").exists()


def test_a_pdf_past_the_page_limit_is_not_read(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(pdf, "MAX_PAGES", 1)
    site = build_project(make_project(tmp_path, {"interview.pdf": pdfs.interview(pdfs.CHINESE, header=pdfs.HEADER)}))
    [error] = site.reporter.errors
    assert error.path == "interview.pdf" and "pages, more than the 1 a document may have" in error.message


def test_a_rebuild_after_the_pdf_is_replaced_equals_a_cold_build(tmp_path: Path) -> None:
    project = make_project(tmp_path / "kb", {"interview.pdf": pdfs.interview(pdfs.CHINESE, header=pdfs.HEADER),
                                             "good.md": GOOD})
    first = build_project(project)
    assert first.page("/articles/interview/").select_one("h1").get_text() == pdfs.TITLE
    changed = [pdfs.Block("title", "新的标题"), *pdfs.CHINESE[1:]]
    (project / "content/interview.pdf").write_bytes(pdfs.interview(changed, header=pdfs.HEADER))
    again = build_project(project)
    assert again.page("/articles/interview/").select_one("h1").get_text() == "新的标题"
    assert snapshot(again.out) == cold(project, tmp_path)


def test_a_damaged_pdf_is_read_or_refused_never_a_crash() -> None:
    """Bytes of a good PDF overwritten here and there (its %%EOF kept): the library meets
    broken objects, streams and tables; each is a page or an Unreadable, never anything else."""
    good = pdfs.interview(pdfs.CHINESE[:4], header=pdfs.HEADER)
    rng = random.Random(23)
    for _ in range(40):
        damaged = bytearray(good)
        for _ in range(rng.randint(1, 8)):
            at = rng.randrange(len(good) - 2048)
            damaged[at : at + rng.randint(1, 64)] = rng.randbytes(rng.randint(0, 64))
        try:
            read = pdf.read(bytes(damaged))
        except pdf.Unreadable as exc:
            assert str(exc).endswith("not read") and "\n" not in str(exc)
        else:
            assert isinstance(read.body, str)
