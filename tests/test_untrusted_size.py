"""Untrusted content, size and nesting: huge documents, deep nesting, many footnotes, very
long lines and text made to trip the regular expressions build in bounded time, without
RecursionError, and lose nothing without an error naming the line.

Timings are not asserted; the inputs that used to be quadratic (identical headings, a
paragraph citing thousands of notes, unclosed quote marks and "[^" in notes) run under a
wall-clock guard ten or more times what they need, far below what the quadratic versions
took (minutes)."""

from __future__ import annotations

import time
import tracemalloc
from contextlib import contextmanager
from pathlib import Path

import pytest

from site_builder import plaintext
from site_builder.citations import MAX_CHARS as CITATION_MAX
from site_builder.citations import parse_citation
from site_builder.loader import MAX_YAML_BYTES, load_document
from site_builder.markdown import render
from site_builder.registry import load_registry
from site_builder.sentences import MAX_CHARS as SENTENCE_MAX
from site_builder.sentences import sentence_before
from tests.conftest import Built, build_project, make_project


@contextmanager
def within(seconds: float):
    """A generous wall-clock guard: fails only when something is badly superlinear."""
    started = time.perf_counter()
    yield
    assert time.perf_counter() - started < seconds


PARAGRAPH = "李开复说，开源模型的发展让更多企业可以使用人工智能技术。This is a sentence with words. " * 4
NOTES = 5_000
LINE = "a" * 1_000_000

FILES = {
    "big.md": "---\ntitle: Big\n---\n" + f"{PARAGRAPH}\n\n" * (10_000_000 // len(PARAGRAPH.encode())),
    "lists.md": "---\ntitle: Lists\n---\nbefore\n\n" + "- " * 10_000 + "x\n\nafter\n",
    "quotes.md": "---\ntitle: Quotes\n---\nbefore\n\n" + "> " * 10_000 + "x\n\nafter\n",
    "fifty-lists.md": "---\ntitle: Fifty\n---\n" + "".join("  " * i + f"- level {i + 1}\n" for i in range(49)) +
                      "\nafter\n",
    "inline.md": "---\ntitle: Inline\n---\n" + "*" * 10_000 + "x" + "*" * 10_000 + "\n\n" + "[" * 10_000 + "y" +
                 "](z)" * 10_000 + "\n\n" + "a" + "`" * 10_000 + "\n",
    "notes.md": "---\ntitle: Notes\n---\n" + "".join(f"Claim {i}.[^{i}]\n" for i in range(NOTES)) + "\n" +
                "".join(f"[^{i}]: 标题{i}·出版方·作者（2025/6/25）·检索日期2025/07/26\n" for i in range(NOTES)),
    "line.md": "---\ntitle: Line\n---\n" + LINE + "\n",
    "headings.txt": "Headings\n\n" + PARAGRAPH + "\n\n" + ("Same heading\n\n" + PARAGRAPH + "\n\n") * 5_000,
    "title.md": "---\ntitle: " + "t" * 100_000 + "\n---\nx\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Built:
    with within(300):
        return build_project(make_project(tmp_path_factory.mktemp("size"), FILES))


def test_everything_is_built(site: Built) -> None:
    assert {p.name for p in (site.out / "articles").iterdir() if p.is_dir()} - {"page"} == {
        "big", "lists", "quotes", "fifty-lists", "inline", "notes", "line", "headings", "title"}
    assert [str(d) for d in site.reporter.errors] == [
        "lists.md:6: error: lists or block quotes nested too deeply (more than 100 levels, a list counting two): "
        "the text from this line on is not shown (to the end of the outermost quote; after a list, to the end of "
        "the document)",
        "quotes.md:6: error: lists or block quotes nested too deeply (more than 100 levels, a list counting two): "
        "the text from this line on is not shown (to the end of the outermost quote; after a list, to the end of "
        "the document)",
    ]


def test_ten_megabytes_are_all_there(site: Built) -> None:
    html = (site.out / "articles/big/index.html").read_text(encoding="utf-8")  # too big to parse quickly
    assert html.count(f"<p>{PARAGRAPH.strip()}</p>") == 10_000_000 // len(PARAGRAPH.encode())


def test_deep_nesting_is_capped_and_reported_not_silently_dropped(site: Built) -> None:
    quotes = site.page("articles/quotes/").select_one(".doc-body")
    assert len(quotes.select("blockquote")) == 100
    assert [p.get_text() for p in quotes.find_all("p", recursive=False)] == ["before", "after"]
    lists = site.page("articles/lists/").select_one(".doc-body")
    assert len(lists.select("ul")) == 50
    fifty = site.page("articles/fifty-lists/").select_one(".doc-body")  # 49 levels, as deep as it goes: kept
    assert [li.contents[0].strip() for li in fifty.select("li")] == [f"level {i + 1}" for i in range(49)]
    assert fifty.find_all("p", recursive=False)[-1].get_text() == "after"


def test_deep_inline_nesting_keeps_every_character(site: Built) -> None:
    body = site.page("articles/inline/").select_one(".doc-body")
    paragraphs = body.select("p")
    assert paragraphs[0].get_text() == "x"  # 5,000 <strong> inside each other
    assert paragraphs[1].get_text().count("[") + len(paragraphs[1].select("a")) == 10_000
    assert paragraphs[2].get_text() == "a" + "`" * 10_000  # an unclosed code span is text


def test_many_footnotes(site: Built) -> None:
    html = (site.out / "articles/notes/index.html").read_text(encoding="utf-8")  # plain counts: a big page
    assert html.count('<li id="note-') == NOTES and html.count('<sup class="cite" id="cite-') == NOTES
    last = html[html.index(f'<li id="note-{NOTES}"') :]
    assert f'<cite class="src-title">标题{NOTES - 1}</cite>' in last
    assert f'<a class="backref" href="#cite-{NOTES}"' in last


def test_a_megabyte_line_and_a_long_title(site: Built) -> None:
    assert site.page("articles/line/").select_one(".doc-body p").get_text() == LINE
    assert site.page("articles/title/").select_one("h1").get_text() == "t" * 100_000


def test_identical_headings_get_numbered_ids(site: Built) -> None:
    ids = [h["id"] for h in site.page("articles/headings/").select(".doc-body h2")]
    assert ids == ["same-heading"] + [f"same-heading-{i}" for i in range(1, 5_000)]


def test_identical_headings_are_linear() -> None:
    with within(30):  # 20,000 identical headings: minutes when each tried every number again
        body = render("## Same\n\ntext\n\n" * 20_000)
    assert body.headings[-1].id == "same-19999"


def test_a_paragraph_citing_thousands_of_notes_is_linear() -> None:
    n = 20_000
    source = "".join(f"S{i}.[^{i}] " for i in range(n)) + "\n\n" + "".join(f"[^{i}]: note {i}\n" for i in range(n))
    with within(60):  # one paragraph: every reference used to rescan the paragraph and the pending notes
        body = render(source)
    assert [r.sentence for r in body.notes[-1].refs] == [f"S{n - 1}."]


@pytest.mark.parametrize("unit", ["[^", "\\[", "“", "《", "「", "『", "[^a", "[\\[", "(", "（"])
def test_footnotes_of_repeated_delimiters(unit: str) -> None:
    text = unit * (CITATION_MAX // len(unit))  # just under the cap: every pattern is tried
    with within(10):
        for _ in range(20):
            parse_citation(text)
        body = render(f"x[^1]\n\n[^1]: {unit * (50_000 // len(unit))}\n")
    assert len(body.notes) == 1 and body.notes[0].citation.form == "free"


def test_a_long_note_is_free_text_kept_whole() -> None:
    text = "Author, “Title”, Publisher, 2025-06-25. " + "word " * 1_000
    assert parse_citation(text).form == "free" and parse_citation(text).raw == text
    assert parse_citation(text[:CITATION_MAX]).form == "author-title"


def test_sentence_before_reads_only_the_end() -> None:
    assert sentence_before("First. " + "x" * 100_000 + ". Second sentence.") == "Second sentence."
    long = "y" * 100_000
    assert sentence_before("First. " + long) == "…" + long[-(SENTENCE_MAX - 1):]


@pytest.mark.parametrize("text", [
    "中" + " " * 1_000_000 + "x",  # _CJK_SPACE: a long run of spaces after a CJK character
    "中" + "\u3000" * 1_000_000 + "x",  # ideographic spaces are both space and CJK
    "A" + "a" * 1_000_000,  # _SPEAKER: a capitalised word that never reaches a colon
    "A" + "a" * 300_000 + " B" + "b" * 300_000 + " C" + "c" * 300_000 + "：",  # three words, then the colon
    "李" * 1_000_000 + "：",  # a CJK run longer than a name
    "http://" + "a" * 1_000_000 + "<",  # _URL: almost a URL block
    "“" * 1_000_000,  # quote marks that never close
    "短\n\n" * 200_000,  # 200,000 short blocks: one card
])
def test_plain_text_heuristics_on_hostile_lines(text: str) -> None:
    with within(30):
        title, body = plaintext.to_markdown("Title\n\n" + text + "\n")
    assert title == "Title"
    kept = "".join(c for c in text if not c.isspace())
    assert len("".join(c for c in body if c not in "\\ \n")) >= len(kept)  # escaped, never dropped


# YAML above MAX_YAML_BYTES is refused before it is parsed: parsing took about 50 bytes of
# memory per byte (a 28.9 MB front matter, 1.47 GB), and only then were its values counted
HUGE_YAML = 8 * MAX_YAML_BYTES
LONG_VALUE = "summary: " + "长" * (HUGE_YAML // 3) + "\n"  # one value: under the 10,000-value bound
TITLED = ("\ntitle: Big\n" + LONG_VALUE).encode()  # a front matter's text: from the end of its first ---
NAMED = ("\nname: Big\n" + LONG_VALUE).encode()


def peak_of(fn):
    """fn()'s result and the peak of the memory Python allocated meanwhile."""
    tracemalloc.start()
    try:
        result = fn()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(("dialect", "raw"), [
    ("TOML", f"+++\ntitle = 'Big'\nsummary = '{'长' * (HUGE_YAML // 3)}'\n+++\nThe body.\n".encode()),
    ("JSON", f'{{"title": "Big", "summary": "{"长" * (HUGE_YAML // 3)}"}}\nThe body.\n'.encode()),
])
def test_an_oversized_toml_or_json_front_matter_is_refused_before_it_is_parsed(tmp_path: Path, dialect: str,
                                                                                 raw: bytes) -> None:
    result, peak = peak_of(lambda: load_document(tmp_path / "big.md", tmp_path, raw))
    assert result.document is None
    [problem] = [str(d) for d in result.diagnostics]
    assert problem.startswith(f"big.md:1: error: invalid {dialect} front matter: too large: ")
    assert problem.endswith(f"more than the 1 MiB {dialect} may have here; not read")
    assert peak < 5 * len(raw), peak  # the text decoded (3 times its bytes), never parsed


def test_an_oversized_front_matter_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    raw = f"---\ntitle: Big\n{LONG_VALUE}---\nThe body.\n".encode()
    result, peak = peak_of(lambda: load_document(tmp_path / "big.md", tmp_path, raw))
    assert result.document is None
    assert [str(d) for d in result.diagnostics] == [
        f"big.md:1: error: invalid YAML front matter: too large: {len(TITLED):,} "
        "bytes, more than the 1 MiB "
        "YAML may have here; not read"]
    # decoding it takes 3 times its bytes (CPython widens Chinese to 4 bytes a character
    # first); a parse took about 50 times
    assert peak < 4 * len(raw), peak


def test_an_oversized_sidecar_is_not_even_read(tmp_path: Path) -> None:
    (tmp_path / "doc.md").write_text("---\ntitle: Doc\n---\nThe body.\n", encoding="utf-8")
    (tmp_path / "doc.meta.yaml").write_text(LONG_VALUE, encoding="utf-8")
    result, peak = peak_of(lambda: load_document(tmp_path / "doc.md", tmp_path))
    assert result.document is not None and result.document.title == "Doc" and not result.document.summary
    assert [str(d) for d in result.diagnostics] == [
        f"doc.meta.yaml: error: {len(LONG_VALUE.encode()):,} bytes, more than the 1 MiB a sidecar may have; not read"]
    assert peak < MAX_YAML_BYTES // 4, peak


def test_an_oversized_registry_file_is_refused_and_the_rest_is_read(tmp_path: Path) -> None:
    (tmp_path / "people").mkdir()
    (tmp_path / "people/big.md").write_text(f"---\nname: Big\n{LONG_VALUE}---\nAbout.\n", encoding="utf-8")
    (tmp_path / "people/small.md").write_text("---\nname: 小明\n---\nAbout.\n", encoding="utf-8")
    size = (tmp_path / "people/big.md").stat().st_size
    (registry, diagnostics), peak = peak_of(lambda: load_registry(tmp_path))
    assert list(registry.entities) == ["person:small"]
    assert [str(d) for d in diagnostics] == [
        f"people/big.md:1: error: cannot read entity: too large: {len(NAMED):,} "
        "bytes, more than the 1 MiB YAML may have here; not read"]
    assert peak < 5 * size, peak  # its bytes and decoding them (see above): no parse


def test_a_site_with_oversized_yaml_builds_the_rest(tmp_path: Path) -> None:
    value = "summary: " + "x" * (MAX_YAML_BYTES + 1) + "\n"
    built = build_project(make_project(tmp_path, {
        "big.md": f"---\ntitle: Big\n{value}---\n小明说了话。\n",
        "people/big.md": f"---\nname: 大明\n{value}---\n",
        "people/small.md": "---\nname: 小明\n---\n",
        "fine.md": "---\ntitle: Fine\n---\n小明和大明说了话。\n",
    }), search=False)
    assert sorted(str(d).split(": too large")[0] for d in built.reporter.errors) == [
        "big.md:1: error: invalid YAML front matter", "people/big.md:1: error: cannot read entity"]
    page = built.page("articles/fine/")
    assert [a.get_text() for a in page.select(".doc-body a.entity")] == ["小明"]  # 大明 is not registered
    assert not (built.out / "articles/big").exists()
