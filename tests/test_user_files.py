"""A file of the site's own at a path the build also writes: one of static/ wins (robots.txt,
CNAME, 404.html, a page, the sitemap: anything but Pagefind's bundle), with one warning naming
it; one of content/, which may come from a stranger, is one error line and the generated file
is published. Never a traceback."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from site_builder.cli import main
from tests.conftest import make_project

ROBOTS = b"User-agent: *\nDisallow: /drafts/\n"
DOC = "---\ntitle: A\ndate: 2025-01-02\n---\nText.\n"


def project_with(tmp_path: Path, own: dict[str, bytes], config: str = "") -> Path:
    project = make_project(tmp_path / "kb", {"a.md": DOC}, base_url="https://kb.example.org/")
    (project / "site.yaml").write_text((project / "site.yaml").read_text(encoding="utf-8") + "search: false\n"
                                       + config, encoding="utf-8")
    for rel, data in own.items():
        path = project / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return project


def build(project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    """`site-builder build` in project: its exit code and the diagnostics it printed."""
    monkeypatch.chdir(project)
    code = main(["build"])
    return code, [line for line in capsys.readouterr().err.splitlines() if ": warning: " in line or ": error: " in line]


def test_the_sites_robots_txt_replaces_the_generated_one_with_one_warning(tmp_path: Path, monkeypatch, capsys) -> None:
    project = project_with(tmp_path, {"static/robots.txt": ROBOTS})
    code, said = build(project, monkeypatch, capsys)
    assert code == 0
    assert said == ["static/robots.txt: warning: replaces the generated robots.txt"]
    assert (project / "public/robots.txt").read_bytes() == ROBOTS
    # gone again: the generated one comes back
    (project / "static/robots.txt").unlink()
    code, said = build(project, monkeypatch, capsys)
    assert code == 0 and said == []
    assert (project / "public/robots.txt").read_text(encoding="utf-8").startswith("User-agent: *\nAllow: /\n")


@pytest.mark.parametrize("rel", ["static/CNAME"])  # content/ may not (see test_security)
def test_the_sites_cname_file_for_the_same_domain_replaces_the_generated_one(tmp_path: Path, monkeypatch, capsys,
                                                                           rel: str) -> None:
    own = b"KB.example.org\r\n"  # as written by hand: case and line end are the writer's
    project = project_with(tmp_path, {rel: own}, "cname: kb.example.org\n")
    code, said = build(project, monkeypatch, capsys)
    assert code == 0
    assert said == [f"{rel}: warning: replaces the generated CNAME"]
    assert (project / "public/CNAME").read_bytes() == own


def test_a_cname_file_for_another_domain_than_the_configs_is_one_error(tmp_path: Path, monkeypatch, capsys) -> None:
    project = project_with(tmp_path, {"static/CNAME": b"old.example.net\n"}, "cname: kb.example.org\n")
    code, said = build(project, monkeypatch, capsys)
    assert code == 1
    assert said == ["static/CNAME: error: names 'old.example.net', but site.yaml has cname: kb.example.org; "
                    "keep one of the two"]


def generated(out: Path, rel: str) -> bool:
    """rel in out is the build's own file, read as a reader's browser or a crawler reads it."""
    if not (out / rel).is_file():
        return rel.startswith("pagefind/")  # search is off here: no bundle, and nothing of the writer's either
    data = (out / rel).read_bytes()
    if rel == "sitemap.xml":
        return ET.fromstring(data).tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    if rel == "feed.xml":
        return ET.fromstring(data).tag == "{http://www.w3.org/2005/Atom}feed"
    if rel.endswith(".html"):
        soup = BeautifulSoup(data.decode("utf-8"), "html.parser")
        return soup.select_one("header .site-title") is not None and soup.select_one("#mine") is None
    return b"mine" not in data


PAGES = ["404.html", "index.html", "articles/a/index.html", "sitemap.xml", "feed.xml", "search/index.html",
         "entities.json"]


@pytest.mark.parametrize("rel", PAGES)
def test_a_file_of_static_where_the_build_writes_a_page_replaces_it_with_one_warning(
        tmp_path: Path, monkeypatch, capsys, rel: str) -> None:
    own = b'<!doctype html><p id="mine">mine</p>'
    project = project_with(tmp_path, {f"static/{rel}": own})
    code, said = build(project, monkeypatch, capsys)
    assert code == 0
    assert said == [f"static/{rel}: warning: replaces the generated {rel}"]
    assert (project / "public" / rel).read_bytes() == own
    # gone again: the build's own comes back, as a cold build makes it
    (project / "static" / rel).unlink()
    code, said = build(project, monkeypatch, capsys)
    assert code == 0 and said == []
    assert generated(project / "public", rel)


def test_a_file_of_static_in_pagefinds_bundle_is_one_error_and_the_bundle_stays(
        tmp_path: Path, monkeypatch, capsys) -> None:
    rel = "pagefind/pagefind.js"
    project = project_with(tmp_path, {f"static/{rel}": b"mine"})
    code, said = build(project, monkeypatch, capsys)
    assert code == 1
    assert len(said) == 1 and said[0].startswith(f"static/{rel}: error: {rel} is generated by the build")
    assert generated(project / "public", rel)


def test_a_file_of_static_differing_from_a_page_only_by_case_is_one_error_not_a_traceback(
        tmp_path: Path, monkeypatch, capsys) -> None:
    project = project_with(tmp_path, {"static/Articles/A/index.html": b"mine"})
    code, said = build(project, monkeypatch, capsys)
    assert code == 1
    assert len(said) == 1 and said[0].startswith("static/Articles/A/index.html: error: ")
    assert "differ only by case" in said[0]
    assert generated(project / "public", "articles/a/index.html")


@pytest.mark.parametrize("rel", [*PAGES, "pagefind/pagefind.js"])
def test_a_file_of_content_where_the_build_writes_a_page_or_index_is_one_error_and_the_generated_one_stays(
        tmp_path: Path, monkeypatch, capsys, rel: str) -> None:
    # content/ may come from a stranger: it publishes HTML only when told to, never XML or
    # scripts (see test_security), and never in a page's place
    project = project_with(tmp_path, {f"content/{rel}": b'<!doctype html><p id="mine">mine</p>'},
                           "publish_html_and_svg: true\n")
    code, said = build(project, monkeypatch, capsys)
    if rel.endswith((".xml", ".js")):
        assert code == 0
        assert len(said) == 1 and said[0].startswith(f"content/{rel}: warning: not published: a .")
    else:
        assert code == 1
        assert len(said) == 1 and said[0].startswith(f"content/{rel}: error: {rel} is generated by the build")
    assert generated(project / "public", rel)
