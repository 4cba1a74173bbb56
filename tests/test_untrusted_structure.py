"""Untrusted content, broken structure: every malformed document, sidecar or registry file is
one diagnostic `path:line: severity: message`, nothing raises, and every other document is
built. (The first cases -- broken YAML, a list, an unclosed block, `date: yesterday`,
`tags: 5` -- are in test_build_errors.py.)

Decisions: an empty (or whitespace-only) file is a warning "empty document, skipped" and no
page; a file of only front matter is a page with an empty body."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from site_builder import cli
from tests.conftest import Built, build_project, make_project

GOOD = "---\ntitle: Good\ndate: 2025-01-02\ntags: [a]\n---\nFine text.\n"

# file -> its content; each is built into one site with GOOD beside it
FILES: dict[str, str | bytes] = {
    "good.md": GOOD,
    "string-fm.md": "---\njust a sentence\n---\nBody\n",
    "number-fm.md": "---\n42\n---\nBody\n",
    "tab.md": "---\ntitle: T\n\tdate: 2025-01-01\n---\nBody\n",
    "python-tag.md": "---\ntitle: !!python/object/apply:os.system ['touch pwned']\n---\nBody\n",
    "alias-bomb.md": "---\n" + "".join(
        f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10) if i else 'x'}]\n" for i in range(6)) + "---\nBody\n",
    # past our limit of 50 levels, and past the YAML parser's own (1,000 in libyaml since PyYAML 6.0.4)
    "deep.md": "---\ntitle: Deep\nx: " + "[" * 60 + "]" * 60 + "\n---\nBody\n",
    "deeper.md": "---\ntitle: Deeper\nx: " + "[" * 10_000 + "]" * 10_000 + "\n---\nBody\n",
    "huge-int.md": "---\ntitle: " + "1" * 5000 + "\n---\nBody\n",
    "impossible-date.md": "---\ntitle: Impossible date\ndate: 2025-13-45\n---\nBody\n",
    "empty.md": "",
    "blank.md": " \n\n\t\n",
    "bom-only.md": b"\xef\xbb\xbf",
    "only-front-matter.md": "---\ntitle: Only front matter\n---\n",
    "only-front-matter-no-newline.md": "---\ntitle: No newline\n---",
    "twice.md": "---\ntitle: First\ntitle: Second\n---\nBody\n",
    "empty-summary.md": "---\ntitle: Empty summary\nsummary:\n---\nBody\n",
    "number-slug.md": "---\ntitle: Number slug\nslug: 2025\n---\nBody\n",
    "list-slug.md": "---\ntitle: List slug\nslug: [a, b]\n---\nBody\n",
    "image-number.md": "---\ntitle: Image number\nfeatured_image: 5\n---\nBody\n",
    "source-list.md": "---\ntitle: Source list\nsource: [a, b]\n---\nBody\n",
    "title-map.md": "---\ntitle: {a: 1}\n---\nBody\n",
    "side.txt": "A plain text\n\nWith a paragraph.\n",
    "side.meta.yaml": "- a list\n- not a mapping\n",
    "side2.txt": "Another plain text\n\nWith a paragraph.\n",
    "side2.meta.yaml": "summary: fine\ntags: [a, b\n",
    "people/broken.md": "---\nname: Broken\naliases: [a, b\n---\n",
    "people/no-front-matter.md": "Just a body, no name.\n",
    "people/nameless.md": "---\ndescription: no name\n---\n",
}

# Diagnostics in our own words, whole.
EXPECTED = {
    "string-fm.md:2: error: front matter must be a mapping of keys, not text",
    "number-fm.md:2: error: front matter must be a mapping of keys, not a number",
    "alias-bomb.md:1: error: invalid YAML front matter: more than 10,000 values (do YAML aliases repeat a list?)",
    "deep.md:1: error: invalid YAML front matter: nested more than 50 levels deep",
    "impossible-date.md:3: error: cannot read the date '2025-13-45' (use 2025-06-25 or 2025-06-25T09:10:04+08:00)",
    "empty.md: warning: empty document, skipped",
    "blank.md: warning: empty document, skipped",
    "bom-only.md: warning: empty document, skipped",
    "twice.md:3: warning: 'title' is given twice (first on line 2); this later value is used",
    "list-slug.md:3: error: slug must be text, not a list; the file name is used",
    "image-number.md:3: error: featured_image must be a path or URL, not a number",
    "source-list.md:3: error: source must be text, not a list",
    "title-map.md:2: error: title must be text, not a mapping",
    "side.meta.yaml:1: error: a sidecar must be a mapping of keys, not a list",
    "people/no-front-matter.md:1: error: cannot read entity: no front matter (--- name: … ---)",
    "people/nameless.md: error: an entity needs a name",
}
# Diagnostics that end with what the YAML parser (or Python's int) says: the file, the line and
# our words are ours; the parser's own wording after them is not asserted (it changes between
# releases: PyYAML 6.0.4 brought a nesting limit of its own).
FROM_THE_PARSER = {
    "tab.md:3: error: invalid YAML front matter: ",
    "python-tag.md:2: error: invalid YAML front matter: ",
    "deeper.md:3: error: invalid YAML front matter: ",
    "huge-int.md:1: error: invalid YAML front matter: ",
    # YAML names the line where it noticed the unclosed list
    "side2.meta.yaml:3: error: invalid YAML: ",
    "people/broken.md:4: error: cannot read entity: ",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Built:
    return build_project(make_project(tmp_path_factory.mktemp("structure"), FILES))


def articles(site: Built) -> set[str]:
    return {p.name for p in (site.out / "articles").iterdir() if p.is_dir()} - {"page"}  # not the archive


def test_every_problem_is_one_diagnostic_with_file_and_line(site: Built) -> None:
    said = [str(d) for d in site.reporter.items]
    ours = {line for line in said if line in EXPECTED}
    assert ours == EXPECTED
    rest = sorted(set(said) - EXPECTED)
    # each of the others is one line that starts with its file, line and our words, and says more
    assert [next((p for p in FROM_THE_PARSER if line.startswith(p) and len(line) > len(p)), line)
            for line in rest] == sorted(FROM_THE_PARSER)
    assert len(said) == len(EXPECTED) + len(FROM_THE_PARSER)  # each once


def test_the_rest_of_the_site_is_built(site: Built) -> None:
    # documents whose front matter cannot be read are left out; those with a bad value are
    # built without that value; empty files are skipped
    assert articles(site) == {
        "good", "impossible-date", "only-front-matter", "only-front-matter-no-newline", "twice", "empty-summary",
        "2025", "list-slug", "image-number", "source-list", "title-map", "side", "side2"}
    assert site.page("articles/good/").select_one("h1").get_text() == "Good"
    assert site.page("people/").select("ul.entity-index li") == []
    assert not (site.config.root / "pwned").exists()  # the python tag ran nothing


def test_a_document_of_only_front_matter_is_a_page_with_an_empty_body(site: Built) -> None:
    for slug, title in (("only-front-matter", "Only front matter"), ("only-front-matter-no-newline", "No newline")):
        page = site.page(f"articles/{slug}/")
        assert page.select_one("h1").get_text() == title
        assert page.select_one(".doc-body").get_text(strip=True) == ""


def test_bad_values_are_left_out_and_the_rest_kept(site: Built) -> None:
    assert site.page("articles/twice/").select_one("h1").get_text() == "Second"
    impossible = site.page("articles/impossible-date/")
    assert impossible.select_one("h1").get_text() == "Impossible date"
    assert impossible.select_one(".doc-meta .undated") is not None
    assert site.page("articles/empty-summary/").select_one(".doc-lede") is None
    assert site.page("articles/2025/").select_one("h1").get_text() == "Number slug"
    assert site.page("articles/image-number/").select_one("img.featured") is None
    assert site.page("articles/source-list/").select_one(".doc-source") is None
    assert site.page("articles/title-map/").select_one("h1").get_text() == "title-map"  # the file name
    # a sidecar that cannot be read adds nothing; the document is still built from its text
    assert site.page("articles/side2/").select_one("h1").get_text() == "Another plain text"


def test_cli_empty_document_is_a_warning_and_exit_0(tmp_path: Path, monkeypatch, capsys) -> None:
    make_project(tmp_path, {"good.md": GOOD, "empty.md": ""})
    monkeypatch.chdir(tmp_path)
    assert cli.main(["build"]) == 0
    assert "empty.md: warning: empty document, skipped" in capsys.readouterr().err
    assert cli.main(["build", "--strict"]) == 1  # --strict: every warning is an error
    assert (tmp_path / "public/articles/good/index.html").is_file()


def test_a_free_text_footnote_with_a_url_keeps_its_text() -> None:
    """A note that is no recognised citation is shown as written, not as its URL alone."""
    from site_builder.markdown import render

    html = render("Text.[^1]\n\n[^1]: Some free text, see https://example.com/x for details.\n").html
    note = BeautifulSoup(html, "html.parser").select_one("section.notes li .src")
    assert note.get_text().strip() == "Some free text, see https://example.com/x for details."


def test_a_footnote_citing_another_footnote_links_to_it() -> None:
    """[^1]: see[^2] used to stop the whole build (KeyError while rendering the note)."""
    from site_builder.markdown import render

    body = render("Text.[^1]\n\n[^1]: Free text, see also[^2].\n\n[^2]: Another note.\n")
    notes = BeautifulSoup(body.html, "html.parser").select("section.notes li")
    assert notes[0].select_one(".src").get_text().strip() == "Free text, see also2."
    assert [a["href"] for a in notes[0].select(".src a")] == ["#note-2"]
    assert body.note_problems == [(5, "footnote [^2] is defined but never cited")]
