"""Bad input and interrupted builds: clear errors naming file and line, the rest of the
site still built, the previous site kept whole."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from site_builder import cli
from site_builder.emitters import EMITTERS, Emitter
from tests.conftest import SEED_000, SEED_003, build_project, make_project

GOOD = "---\ntitle: Good\ndate: 2025-01-02\ntags: [a]\n---\nFine text.\n"


def test_broken_yaml_is_reported_and_the_rest_is_built(tmp_path: Path) -> None:
    broken = "---\ntitle: Broken\ntags: [a, b\ndate: 2025-01-01\n---\nBody\n"
    site = build_project(make_project(tmp_path, {"broken.md": broken, "good.md": GOOD}, seeds=True))
    errors = [str(d) for d in site.reporter.errors]
    assert len(errors) == 1
    assert errors[0].startswith("broken.md:") and "invalid YAML front matter" in errors[0]
    line = int(errors[0].split(":")[1])
    assert 3 <= line <= 5  # the unclosed list, or where YAML noticed it
    assert (site.out / "articles/good/index.html").is_file()
    assert (site.out / f"articles/{SEED_000}/index.html").is_file()
    assert (site.out / f"articles/{SEED_003}/index.html").is_file()
    assert not (site.out / "articles/broken").exists()


@pytest.mark.parametrize("text, message, line", [
    ("---\n- a\n- b\n---\nx\n", "front matter must be a mapping of keys, not a list", 2),
    ("---\ntitle: x\nno end\n", "front matter opened with --- is never closed", 1),
    ("---\ntitle: T\ndate: yesterday\n---\nx\n", "cannot read the date 'yesterday'", 3),
    ("---\ntitle: T\ntags: 5\n---\nx\n", "tags must be a list of names, not 5", 3),
    ("---\ntitle: T\ndraft: maybe\n---\nx\n", "draft must be true or false", 3),
])
def test_front_matter_problems_name_file_and_line(tmp_path: Path, text: str, message: str, line: int) -> None:
    site = build_project(make_project(tmp_path, {"bad.md": text, "good.md": GOOD}))
    errors = site.reporter.errors
    assert len(errors) == 1 and errors[0].path == "bad.md" and errors[0].line == line
    assert message in errors[0].message
    assert (site.out / "articles/good/index.html").is_file()


def test_unknown_key_and_missing_image_warn_once_and_strict_fails(tmp_path: Path) -> None:
    doc = "---\ntitle: T\ncolour: red\n---\n![a](/img/none.png) ![b](/img/none.png)\n"
    site = build_project(make_project(tmp_path, {"t.md": doc}))
    # each once, however many times the document says it
    assert sorted(str(d) for d in site.reporter.items) == [
        "t.md: warning: missing image /img/none.png",
        "t.md:3: warning: unknown front matter key 'colour'",
    ]
    strict = build_project(tmp_path, strict=True)
    assert len(strict.reporter.errors) == 2


def test_cli_exits_1_on_errors_and_prints_path_line(tmp_path: Path, monkeypatch, capsys) -> None:
    make_project(tmp_path, {"bad.md": "---\ntitle: [x\n---\n", "good.md": GOOD})
    monkeypatch.chdir(tmp_path)
    assert cli.main(["build"]) == 1
    captured = capsys.readouterr()
    assert "bad.md:" in captured.err and "error" in captured.err
    assert "documents" in captured.out and "errors" in captured.out  # the summary table
    assert (tmp_path / "public/articles/good/index.html").is_file()


def test_drafts_left_out_unless_asked(tmp_path: Path) -> None:
    make_project(tmp_path, {"d.md": "---\ntitle: Draft\ndraft: true\n---\nx\n", "good.md": GOOD})
    assert not (build_project(tmp_path).out / "articles/d").exists()
    assert (build_project(tmp_path, drafts=True).out / "articles/d/index.html").is_file()


class Boom(Exception):
    pass


@pytest.mark.parametrize("interruption", [KeyboardInterrupt, Boom])
def test_interrupted_build_leaves_the_old_site_intact(tmp_path: Path, monkeypatch, interruption) -> None:
    site = build_project(make_project(tmp_path, {"good.md": GOOD}, seeds=True))
    before = {p.relative_to(site.out): p.read_bytes() for p in site.out.rglob("*") if p.is_file()}
    (tmp_path / "content/good.md").write_text(GOOD.replace("Fine text.", "Changed text."), encoding="utf-8")

    def explode(site, out):
        out.write_text("half.html", "half-written")
        raise interruption()

    monkeypatch.setattr("site_builder.build.EMITTERS", [*EMITTERS[:2], Emitter("boom", files=explode)])
    with pytest.raises(interruption):
        build_project(tmp_path)
    after = {p.relative_to(site.out): p.read_bytes() for p in site.out.rglob("*") if p.is_file()}
    assert after == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".public")]  # no temp folder left
    monkeypatch.undo()
    rebuilt = build_project(tmp_path)
    assert "Changed text." in (rebuilt.out / "articles/good/index.html").read_text(encoding="utf-8")


def test_python_dash_m_builds(tmp_path: Path) -> None:
    make_project(tmp_path, {"good.md": GOOD})
    run = subprocess.run([sys.executable, "-m", "site_builder", "build", "--out", "site", "--base-url",
                          "https://me.github.io/kb/"], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    html = (tmp_path / "site/articles/good/index.html").read_text(encoding="utf-8")
    assert 'href="/kb/tags/a/"' in html


def test_featured_image_local_and_remote(tmp_path: Path) -> None:
    project = make_project(tmp_path, {
        "local.md": "---\ntitle: L\nfeatured_image: /img/cover.png\n---\nx\n",
        "remote.md": "---\ntitle: R\nfeatured_image: https://cdn.example.org/a.png\n---\nx\n"},
        base_url="https://me.github.io/kb/")
    (project / "static/img").mkdir(parents=True)  # a static/ of its own, beside the theme's
    (project / "static/img/cover.png").write_bytes(b"\x89PNG")
    site = build_project(project)
    assert site.page("articles/local/").select_one("img.featured")["src"] == "/kb/img/cover.png"
    assert site.page("articles/remote/").select_one("img.featured")["src"] == "https://cdn.example.org/a.png"


def test_duplicate_slugs_are_disambiguated_on_every_build(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"a/same.md": GOOD, "b/same.md": GOOD.replace("Good", "Other")})
    for _ in range(2):
        site = build_project(project)
        assert (site.out / "articles/same/index.html").is_file()
        assert (site.out / "articles/same-2/index.html").is_file()
        assert any("slug 'same' is taken" in str(d) for d in site.reporter.items)
        (project / "content/b/same.md").write_text(GOOD.replace("Good", "Other again"), encoding="utf-8")
    (project / "content/a/same.md").unlink()
    site = build_project(project)
    assert (site.out / "articles/same/index.html").is_file() and not (site.out / "articles/same-2").exists()
