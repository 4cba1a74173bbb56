"""One typed schema (schema.py) for site.yaml, front matter, sidecars and registry files, seen
as a writer sees it, through the command line: every wrong value is one line `file:line:
severity: message` in our words, never a traceback; a wrong site.yaml builds nothing (exit
2); an unknown key is a warning -- once for the whole build for front matter -- and its value
reaches the templates as `site.extra.KEY` or `doc.extra.KEY`."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder import cli
from tests.conftest import make_project

GOOD = "---\ntitle: Good\ndate: 2025-01-02\ntags: [a]\n---\nFine text.\n"
SCRIPT = "---\ntitle: Raw\n---\nBefore <script>alert(1)</script> after.\n"
# what make_project writes: four lines, so a key added after them is on line 5
SITE = "title: Test KB\nlanguage: zh-CN\nbase_url: https://example.org/\npage_size: 3\n"


def run(project: Path, monkeypatch, capsys, *args: str) -> tuple[int, list[str]]:
    """site-builder build in project: (exit code, the lines it printed to stderr)."""
    monkeypatch.chdir(project)
    code = cli.main(["build", *args])
    return code, capsys.readouterr().err.splitlines()


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_allow_html_quoted_false_is_an_error_at_its_line_and_nothing_new_is_published(
        tmp_path: Path, monkeypatch, capsys) -> None:
    """`allow_html: 'false'` is text, and bool('false') is True: it used to turn raw HTML on."""
    project = make_project(tmp_path, {"good.md": GOOD, "raw.md": SCRIPT})
    assert run(project, monkeypatch, capsys)[0] == 0
    before = files(project / "public")
    assert "<script>" not in before["articles/raw/index.html"].decode()
    (project / "site.yaml").write_text(SITE + "allow_html: 'false'\n", encoding="utf-8")
    (project / "content/good.md").write_text(GOOD.replace("Fine", "Changed"), encoding="utf-8")
    code, err = run(project, monkeypatch, capsys)
    assert code == 2
    assert err == ["site.yaml:5: error: allow_html must be sanitize, escape or trust (true is trust, false escape), "
                   "not 'false'"]
    assert files(project / "public") == before


@pytest.mark.parametrize("lines, said", [
    ("page_size: many\n", "site.yaml:4: error: page_size must be a whole number above 0, not 'many'"),
    ("page_size: 0\n", "site.yaml:4: error: page_size must be a whole number above 0, not 0"),
    ("search: 'no'\n", "site.yaml:4: error: search must be true or false, not 'no'"),
    ("entity_links: all\n", "site.yaml:4: error: entity_links must be first, every or none, not 'all'"),
    ("description: {a: 1}\n", "site.yaml:4: error: description must be text, not a mapping"),
    # a nested key has its own line
    ("paths:\n  content: content\n  output: [a, b]\n", "site.yaml:6: error: paths.output must be a folder name, "
                                                        "not a list"),
])
def test_a_wrong_value_in_site_yaml_is_one_line_and_exit_2(tmp_path: Path, monkeypatch, capsys, lines: str,
                                                           said: str) -> None:
    project = make_project(tmp_path, {"good.md": GOOD})
    (project / "site.yaml").write_text(SITE.replace("page_size: 3\n", "") + lines, encoding="utf-8")
    code, err = run(project, monkeypatch, capsys)
    assert (code, err) == (2, [said])
    assert not (project / "public").exists()


def test_every_wrong_value_in_site_yaml_is_reported_at_once(tmp_path: Path, monkeypatch, capsys) -> None:
    project = make_project(tmp_path)
    (project / "site.yaml").write_text("title: T\npage_size: many\nallow_html: 'yes'\nmotto: hi\n", encoding="utf-8")
    assert run(project, monkeypatch, capsys) == (2, [
        "site.yaml:2: error: page_size must be a whole number above 0, not 'many'",
        "site.yaml:3: error: allow_html must be sanitize, escape or trust (true is trust, false escape), not 'yes'",
        "site.yaml:4: warning: unknown key 'motto'; available to templates as extra.motto",
    ])


def prepend_to_main(project: Path, template: str, html: str) -> None:
    """An override of one of the theme's templates that puts html before its main block."""
    (project / "templates").mkdir(exist_ok=True)
    (project / "templates" / template).write_text(
        f'{{% extends "theme/{template}" %}}{{% block main %}}{html}{{{{ super() }}}}{{% endblock %}}',
        encoding="utf-8")


def test_an_unknown_site_key_is_one_warning_and_reaches_templates_as_site_extra(
        tmp_path: Path, monkeypatch, capsys) -> None:
    project = make_project(tmp_path, {"good.md": GOOD})
    (project / "site.yaml").write_text(SITE + "motto: Ask better questions\n", encoding="utf-8")
    prepend_to_main(project, "home.html", '<p id="motto">{{ site.extra.motto }}</p>')
    code, err = run(project, monkeypatch, capsys)
    assert code == 0
    assert err == ["site.yaml:5: warning: unknown key 'motto'; available to templates as extra.motto"]
    assert '<p id="motto">Ask better questions</p>' in (project / "public/index.html").read_text(encoding="utf-8")
    assert run(project, monkeypatch, capsys, "--strict")[0] == 1  # --strict: every warning is an error


def test_an_unknown_front_matter_key_in_three_documents_is_one_warning_with_the_count(
        tmp_path: Path, monkeypatch, capsys) -> None:
    docs = {name: f"---\ntitle: {name}\nlayout: {layout}\n---\nText.\n"
            for name, layout in (("a", "post"), ("b", "post"), ("c", "wide"))}
    docs["c"] = docs["c"].replace("---\nText", "colour: red\n---\nText")
    project = make_project(tmp_path, {f"{name}.md": text for name, text in docs.items()})
    prepend_to_main(project, "document.html", '<p id="layout">{{ doc.extra.layout }}</p>')
    code, err = run(project, monkeypatch, capsys)
    assert code == 0
    assert err == ["a.md:3: warning: unknown front matter key 'layout'  [3 places; also b.md:3, c.md:3]",
                   "c.md:4: warning: unknown front matter key 'colour'"]  # in one document: its file and line
    assert '<p id="layout">wide</p>' in (project / "public/articles/c/index.html").read_text(encoding="utf-8")
    # a rebuild with nothing changed says the same
    assert run(project, monkeypatch, capsys) == (0, err)


def test_a_wrong_type_in_a_registry_file_is_an_error_at_its_line(tmp_path: Path, monkeypatch, capsys) -> None:
    project = make_project(tmp_path, {
        "good.md": GOOD,
        "people/ada.md": "---\nname: Ada\naliases: 5\ndescription: [a, b]\nwebsite: https://ada.example/\n---\n",
        "people/nobody.md": "---\ndescription: x\nname: [a, b]\n---\n",
        "companies/acme.md": "---\nname: Acme\nroles: yes\nfounded: 1999\n---\n",
    })
    code, err = run(project, monkeypatch, capsys)
    assert code == 1
    assert sorted(err) == [
        "companies/acme.md:3: error: roles must be a list of {title, org}, org the file name of a company, not True",
        "companies/acme.md:4: warning: unknown entity key 'founded'",
        "people/ada.md:3: error: aliases must be a list of names, not 5",
        "people/ada.md:4: error: description must be text, not a list",
        "people/nobody.md:3: error: name must be text, not a list; the entity is left out",
    ]
    # the rest of the entity is kept
    ada = (project / "public/people/ada/index.html").read_text(encoding="utf-8")
    assert "https://ada.example/" in ada
    assert (project / "public/companies/acme/index.html").is_file()
    assert not (project / "public/people/nobody").exists()


def test_a_wrong_value_in_a_sidecar_is_named_by_the_sidecar_and_its_line(tmp_path: Path, monkeypatch,
                                                                          capsys) -> None:
    project = make_project(tmp_path, {
        "interview.txt": "An interview\n\nA paragraph.\n",
        "interview.meta.yaml": "# from the PDF\nsummary: fine\ndraft: 'no'\ntags: {a: 1}\n",
    })
    code, err = run(project, monkeypatch, capsys)
    assert code == 1
    assert sorted(err) == ["interview.meta.yaml:3: error: draft must be true or false, not 'no'",
                           "interview.meta.yaml:4: error: tags must be a list of names, not {'a': 1}"]
    page = (project / "public/articles/interview/index.html").read_text(encoding="utf-8")
    assert "fine" in page  # the rest of the sidecar is used
