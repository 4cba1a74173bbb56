"""The theme inside the package, and a site's own templates/ and static/ over it, file by
file: what a site has replaces the theme's file of that name, the rest is the theme's."""

from __future__ import annotations

from pathlib import Path

from site_builder.layers import THEME_STATIC
from tests.conftest import build_project, make_project

DOC = "---\ntitle: Alpha\ndate: 2025-01-02\n---\nText.\n"


def project(tmp_path: Path, own: dict[str, str]) -> Path:
    folder = make_project(tmp_path / "kb", {"a.md": DOC})
    (folder / "site.yaml").write_text((folder / "site.yaml").read_text(encoding="utf-8") + "search: false\n",
                                      encoding="utf-8")
    for rel, text in own.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    return folder


def test_a_site_without_templates_or_static_is_built_with_the_themes(tmp_path: Path) -> None:
    site = build_project(project(tmp_path, {}))
    assert site.reporter.errors == [] and site.reporter.warnings == []
    page = site.page("articles/a/")
    assert page.select_one("main h1").get_text(strip=True) == "Alpha"
    for link in [page.select_one('link[rel="stylesheet"]')["href"], page.select_one("script[src]")["src"]]:
        name = link.removeprefix("/")
        assert (site.out / name).read_bytes() == (THEME_STATIC / name).read_bytes()


def test_a_sites_static_file_replaces_the_themes_of_that_name_and_no_other(tmp_path: Path) -> None:
    site = build_project(project(tmp_path, {"static/style.css": "body { color: teal }\n",
                                            "static/extra/note.txt": "mine\n"}))
    assert site.reporter.warnings == []  # overriding the theme is what static/ is for
    assert (site.out / "style.css").read_text(encoding="utf-8") == "body { color: teal }\n"
    assert (site.out / "extra/note.txt").read_text(encoding="utf-8") == "mine\n"
    for name in ["site.js", "search.js", "favicon.svg"]:
        assert (site.out / name).read_bytes() == (THEME_STATIC / name).read_bytes()


def test_a_sites_template_replaces_the_themes_and_may_extend_the_themes_own(tmp_path: Path) -> None:
    site = build_project(project(tmp_path, {
        # only the blocks it changes: the rest is the theme's base.html, reached as theme/base.html
        "templates/base.html": '{% extends "theme/base.html" %}'
                               '{% block head %}<meta name="x-layer" content="site">{% endblock %}',
        "templates/404.html": '{% extends "base.html" %}{% block main %}<h1>Lost</h1>{% endblock %}',
    }))
    assert site.reporter.errors == []
    for page in [site.page("/"), site.page("404.html"), site.page("tags/")]:
        assert page.select_one('head meta[name="x-layer"]')["content"] == "site"
        assert page.select_one("header .site-title").get_text() == "Test KB"  # the theme's header
    assert site.page("404.html").select_one("main h1").get_text() == "Lost"
    assert site.page("/").select_one("main a[href='/articles/a/']").get_text(strip=True) == "Alpha"
