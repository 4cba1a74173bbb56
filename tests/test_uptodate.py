"""The command line's no-op build (uptodate.py): answered without importing the build, saying
what the full no-op path says, and never answered when anything the build reads or is run
with has changed. Each run is the real command in a process of its own."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from site_builder import uptodate
from site_builder.build import build
from site_builder.config import load_config
from tests.conftest import ROOT, make_project

# what a process that ran the full build path has imported; the quick path imports none of it
HEAVY = ("site_builder.build", "site_builder.config", "pydantic", "jinja2", "markdown_it")
SECONDS = re.compile(r"\d+\.\d\d s\b|up to date \d+\.\d\d")


def _project(tmp_path: Path) -> Path:
    files = {f"note-{i}.md": f"---\ntitle: Note {i}\ndate: 2025-0{i}-01\nlayout: post\n---\nText {i}.\n"
             for i in (1, 2)}
    files["draft.md"] = "---\ntitle: Draft\ndate: 2025-03-01\ndraft: true\n---\nNot yet.\n"
    project = make_project(tmp_path / "kb", files)
    with (project / "site.yaml").open("a", encoding="utf-8") as f:
        f.write("search: false\nunknown_key: 1\n")  # a config warning, said again by every no-op build
    return project


def _run(project: Path, *args: str, patch: str = "") -> tuple[int, str, str, bool]:
    """site-builder ARGS in project: exit code, stdout, stderr, and whether it took the full path."""
    code = (f"import sys; {patch}from site_builder.cli import main; code = main({list(args)!r}); "
            f"sys.stderr.write('FULL=%s' % any(m in sys.modules for m in {HEAVY!r})); sys.exit(code)")
    done = subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)
    err, _, full = done.stderr.rpartition("FULL=")
    return done.returncode, done.stdout, err, full == "True"


def _same(a: str, b: str) -> bool:
    return SECONDS.sub("S", a) == SECONDS.sub("S", b)


@pytest.mark.parametrize("args", [["build"], ["build", "-v"], ["-q", "build"], ["build", "--strict"],
                                  ["build", "--drafts", "--base-url", "https://kb.example.net/docs/"]])
def test_a_no_op_build_is_answered_without_the_build_and_says_what_the_full_path_says(tmp_path: Path,
                                                                                     args: list[str]) -> None:
    project = _project(tmp_path)
    first = _run(project, *args)
    assert first[3] and "written" in first[1]
    (project / ".cache" / uptodate.RECORD).unlink()  # the next no-op build takes the full path
    full = _run(project, *args)
    quick = _run(project, *args)
    assert full[3] and not quick[3], "the record a no-op build leaves answers the next one"
    assert full[0] == quick[0] == first[0]
    assert _same(full[1], quick[1]) and full[2] == quick[2]
    assert re.search(r"^0 files written, \d+ unchanged", quick[1], re.M)
    if "--strict" not in args and "-q" not in args:  # the config's warning and the documents' are said again
        assert "unknown key 'unknown_key'" in quick[2] and "layout" in quick[2]


def _edit_document(project: Path) -> None:
    with (project / "content" / "note-1.md").open("a", encoding="utf-8") as f:
        f.write("More text.\n")


def _symlinked_content(project: Path) -> None:
    """content/ a symlink, turned to another folder: the config names the same path."""
    os.rename(project / "content", project / "content-a")
    (project / "content-b").mkdir()
    (project / "content-b" / "other.md").write_text("---\ntitle: Other\n---\nElsewhere.\n", encoding="utf-8")
    os.symlink("content-a", project / "content")
    assert _run(project, "build")[3]
    assert not _run(project, "build")[3]
    os.unlink(project / "content")
    os.symlink("content-b", project / "content")


CHANGES = {
    "a document edited": _edit_document,
    "a document added": lambda p: (p / "content" / "new.md").write_text("---\ntitle: New\n---\nNew.\n", "utf-8"),
    "a document removed": lambda p: (p / "content" / "note-2.md").unlink(),
    "site.yaml edited": lambda p: (p / "site.yaml").write_text(
        (p / "site.yaml").read_text("utf-8").replace("Test KB", "Other KB"), "utf-8"),
    "a template added": lambda p: (p / "templates").mkdir() or (p / "templates" / "base.html").write_text(
        (ROOT / "site_builder" / "theme" / "templates" / "base.html").read_text("utf-8") + "<!-- mine -->",
        "utf-8"),
    "a static file added": lambda p: (p / "static").mkdir() or (p / "static" / "x.txt").write_text("x", "utf-8"),
    "the output folder removed": lambda p: __import__("shutil").rmtree(p / "public"),
    "a page deleted from the output folder": lambda p: (p / "public" / "index.html").unlink(),
    "a static file deleted from the output folder": lambda p: (p / "public" / "style.css").unlink(),
    "the symlinked content folder turned elsewhere": _symlinked_content,
}
DAMAGE = {
    "unreadable": lambda p: (p / ".cache" / uptodate.RECORD).write_bytes(b"\xff{not json"),
    "not a mapping": lambda p: (p / ".cache" / uptodate.RECORD).write_text("[1, 2]", "utf-8"),
    "diagnostics not diagnostics": lambda p: _rewrite(p, said=[[["fatal", 1, "x", 2, 0, 0]]]),
    "pages not counts": lambda p: _rewrite(p, pages={"documents": "many"}),
    "another version's": lambda p: _rewrite(p, version=0),
    "folders not paths": lambda p: _rewrite(p, folders=[None]),
}


def _rewrite(project: Path, **fields: object) -> None:
    path = project / ".cache" / uptodate.RECORD
    path.write_text(json.dumps({**json.loads(path.read_text("utf-8")), **fields}), "utf-8")


@pytest.mark.parametrize("change", CHANGES)
def test_any_change_takes_the_full_path(tmp_path: Path, change: str) -> None:
    project = _project(tmp_path)
    assert _run(project, "build")[3]
    assert not _run(project, "build")[3]
    CHANGES[change](project)
    code, out, err, full = _run(project, "build")
    assert full and code == 0 and "Traceback" not in err
    if change.startswith(("a ", "site.yaml", "the output", "the symlinked")):
        assert not re.search(r"^0 files written", out, re.M), out  # the change was built
    if "deleted from the output folder" in change:  # made again, as it was
        assert re.search(r"^1 files? written", out, re.M), out
        assert (project / "public" / "index.html").is_file() and (project / "public" / "style.css").is_file()
    assert not _run(project, "build")[3], "and the build after it is a no-op again"


def test_a_damaged_record_is_a_miss(tmp_path: Path) -> None:
    project = _project(tmp_path)
    assert _run(project, "build")[3]
    for damage in DAMAGE.values():
        damage(project)
        code, _, err, full = _run(project, "build")
        assert full and code == 0 and "Traceback" not in err


@pytest.mark.parametrize("options", [["--drafts"], ["--strict"], ["--base-url", "https://kb.example.net/"],
                                     ["--out", "elsewhere"]])
def test_other_options_are_another_build(tmp_path: Path, options: list[str]) -> None:
    project = _project(tmp_path)
    assert _run(project, "build")[3]
    assert _run(project, "build", *options)[3]
    assert not _run(project, "build", *options)[3]
    assert _run(project, "build")[3] or options == ["--strict"]


def test_other_code_takes_the_full_path(tmp_path: Path) -> None:
    project = _project(tmp_path)
    assert _run(project, "build")[3]
    other = "import site_builder.fingerprint as f; f.code_fingerprint = lambda: 'other code'; "
    assert _run(project, "build", patch=other)[3]


def test_any_other_build_clears_the_record(tmp_path: Path) -> None:
    """The dev server's builds, the API's: the site in public/ may no longer be the command line's."""
    project = _project(tmp_path)
    assert _run(project, "build")[3]
    record = project / ".cache" / uptodate.RECORD
    assert record.is_file()
    build(load_config(project).with_overrides(drafts=True))
    assert not record.exists()
    assert _run(project, "build")[3]


def test_the_build_after_a_change_takes_the_walk_that_found_it(tmp_path: Path) -> None:
    """The no-op check walks the inputs and finds a change: the build it then runs takes
    that walk (each file's size and time) rather than walking the content folder again, and
    builds the change; the next build is a no-op again."""
    project = _project(tmp_path)
    assert _run(project, "build")[3]
    note = project / "content" / "note-1.md"
    note.write_text(note.read_text(encoding="utf-8").replace("Text 1.", "Text one."), encoding="utf-8")
    counted = ("import site_builder.inputs as i; walk = i._tree_state; "
               "i._tree_state = lambda f, *a: (sys.stderr.write(f'WALK {f.name}\\n'), walk(f, *a))[1]; ")
    code, out, err, full = _run(project, "build", patch=counted)
    assert full and code == 0 and err.count("WALK content\n") == 1, err
    assert re.search(r"^[1-9]\d* files? written", out, re.M), out
    assert "Text one." in (project / "public" / "articles" / "note-1" / "index.html").read_text(encoding="utf-8")
    assert not _run(project, "build")[3]
