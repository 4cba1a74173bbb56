"""The command line as a writer meets it: progress and colour on a terminal (a pseudo-terminal),
plain lines in a pipe, -q and -v; deploy refusing what must not be published; new doc and
new KIND writing files the build turns into linked pages; --help for every option."""

from __future__ import annotations

import argparse
import datetime
import os
import pty
import re
import select
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest
import yaml
from bs4 import BeautifulSoup

from site_builder import cli
from tests.conftest import ROOT, make_project
from tests.test_publishing import _source_repo, git

# the drawing and colour a terminal gets: SGR colours (30-37, 38;…, 90-97) and cursor movement
COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-8]|9[0-7])(?:;[0-9;]*)?m")
ESCAPE = re.compile(r"\x1b\[")
RESULT = re.compile(r"^\d+ files written, \d+ unchanged(, \d+ removed)?; \d+ warnings, \d+ errors, built in [\d.]+ s$")


def _project(tmp_path: Path) -> Path:
    """Three documents, two with the same unknown front matter key (two warnings, alike)."""
    files = {f"note-{i}.md": f"---\ntitle: Note {i}\ndate: 2025-0{i}-01\nlayout: post\n---\nText {i}.\n"
             for i in (1, 2)}
    files["plain.md"] = "---\ntitle: Plain\ndate: 2025-03-01\n---\nPlain text.\n"
    project = make_project(tmp_path / "kb", files, base_url="https://kb-owner.github.io/")
    with (project / "site.yaml").open("a", encoding="utf-8") as f:
        f.write("search: false\n")  # Pagefind is not what these tests are about
    return project


def _command(progress_after: float) -> list[str]:
    """site-builder, with the progress drawn after progress_after seconds (2 by default)."""
    code = (f"import site_builder.cli_output as o; o.PROGRESS_AFTER = {progress_after}; "
            "from site_builder.cli import entry; entry()")
    return [sys.executable, "-c", code]


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "CI")}
    return {**env, "PYTHONPATH": str(ROOT), "TERM": "xterm-256color", "COLUMNS": "120", **extra}


def _on_terminal(project: Path, args: list[str], progress_after: float, **env: str) -> tuple[int, str]:
    """Run site-builder with stdout and stderr on a pseudo-terminal: exit code, what it drew."""
    main, child = pty.openpty()
    proc = subprocess.Popen([*_command(progress_after), *args], cwd=project, env=_env(**env),
                            stdin=child, stdout=child, stderr=child)
    os.close(child)
    drawn = b""
    while True:
        ready, _, _ = select.select([main], [], [], 60)
        assert ready, "site-builder wrote nothing for 60 s"
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal's other end closed: the process is done
            break
        if not chunk:
            break
        drawn += chunk
    os.close(main)
    return proc.wait(timeout=60), drawn.decode("utf-8", errors="replace")


def _in_a_pipe(project: Path, args: list[str], progress_after: float = 0) -> subprocess.CompletedProcess:
    return subprocess.run([*_command(progress_after), *args], cwd=project, env=_env(), capture_output=True,
                          text=True, timeout=120)


def test_a_terminal_gets_the_progress_of_each_phase_and_colour(tmp_path: Path) -> None:
    project = _project(tmp_path)
    code, drawn = _on_terminal(project, ["build", "--jobs", "1"], progress_after=0)
    assert code == 0, drawn
    for phase in ("reading documents", "indexing", "making entity pages", "making sitemap"):
        assert phase in drawn, drawn  # rich's live line, drawn again as each phase begins
    assert COLOUR.search(drawn)
    # the warning's severity is coloured, its text is as in a log
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", drawn)
    assert "note-1.md:4: warning: unknown front matter key 'layout'  [2 places; also note-2.md:4]" in plain
    assert re.search(r"\x1b\[[0-9;]*33m\s*warning", drawn)
    # the summary: the files of each kind, written and kept
    header = next(line for line in plain.splitlines() if "written" in line and "kept" in line)
    assert header.split() == ["files", "written", "kept"]
    assert re.search(r"^documents\s+3\s+3\s+0\s*$", plain, re.MULTILINE)
    assert any(RESULT.match(line.strip()) for line in plain.splitlines())

    # again, nothing changed: quicker than the delay, no progress; NO_COLOR: no colour
    (project / "content/plain.md").write_text("---\ntitle: Plain\ndate: 2025-03-01\n---\nEdited.\n",
                                              encoding="utf-8")
    code, drawn = _on_terminal(project, ["build", "--jobs", "1"], progress_after=60, NO_COLOR="1")
    assert code == 0 and "making" not in drawn and not COLOUR.search(drawn), drawn
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", drawn)
    assert re.search(r"^documents\s+3\s+1\s+2\s*$", plain, re.MULTILINE), plain  # one written, two kept


def test_a_pipe_gets_plain_lines_and_q_and_v_say_less_and_more(tmp_path: Path) -> None:
    project = _project(tmp_path)
    run = _in_a_pipe(project, ["build", "--jobs", "1"])  # the progress would be drawn at once on a terminal
    assert run.returncode == 0, run.stderr
    assert not ESCAPE.search(run.stdout + run.stderr) and "making" not in run.stdout + run.stderr
    assert run.stderr.splitlines() == [
        "note-1.md:4: warning: unknown front matter key 'layout'  [2 places; also note-2.md:4]"]
    assert "warnings by kind: 2 unknown front matter key" in run.stdout
    assert re.search(r"^documents\s+3\s+3\s+0$", run.stdout, re.MULTILINE)
    # the table's totals are the files the build wrote and kept, as the result line counts them
    total = re.search(r"^total\s+(\d+)\s+(\d+)\s+(\d+)$", run.stdout, re.MULTILINE)
    result = re.search(r"^(\d+) files written, (\d+) unchanged", run.stdout, re.MULTILINE)
    assert total and result and (total[2], total[3]) == result.groups() and int(total[1]) == len(
        [p for p in (project / "public").rglob("*") if p.is_file()])

    # -q, before or after the command: the one-line result only; the warnings are still counted
    (project / "content/plain.md").write_text("---\ntitle: Plain\ndate: [\n---\n", encoding="utf-8")
    for args in (["-q", "build", "--jobs", "1"], ["build", "--jobs", "1", "--quiet"]):
        shutil.rmtree(project / ".cache")
        run = _in_a_pipe(project, args)
        assert run.returncode == 1
        lines = run.stdout.splitlines()
        assert len(lines) == 1 and RESULT.match(lines[0]) and "2 warnings, 1 errors" in lines[0], run.stdout
        assert len(errors := run.stderr.splitlines()) == 1 and errors[0].startswith("plain.md:")
        assert ": error: " in errors[0] and "layout" not in run.stderr

    # -v: every warning where it is found, and the seconds of each phase
    shutil.rmtree(project / ".cache")
    run = _in_a_pipe(project, ["-v", "build", "--jobs", "1"])
    layout = [line for line in run.stderr.splitlines() if "'layout'" in line]
    assert sorted(layout) == ["note-1.md:4: warning: unknown front matter key 'layout'",
                              "note-2.md:4: warning: unknown front matter key 'layout'"]
    assert re.search(r"^seconds: .*documents \d", run.stdout, re.MULTILINE)
    run = _in_a_pipe(project, ["-v", "-q", "build"])
    assert run.returncode == 2 and "not both" in run.stderr


# --- deploy refuses what must not be published ---

def _site_yaml(project: Path, old: str, new: str) -> None:
    path = project / "site.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _branches(remote: Path) -> str:
    return git(f"--git-dir={remote}", "for-each-ref", "--format=%(refname)")


def test_deploy_refuses_a_site_built_without_search_when_search_is_on(tmp_path: Path, monkeypatch, capsys) -> None:
    project, remote = _source_repo(tmp_path)
    monkeypatch.chdir(project)
    with (project / "site.yaml").open("a", encoding="utf-8") as f:
        f.write("search: false\n")
    assert cli.main(["build"]) == 0
    assert not (project / "public/pagefind").exists()
    _site_yaml(project, "search: false\n", "search: true\n")  # turned on, not built again
    capsys.readouterr()
    assert cli.main(["deploy"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: not deployed: public/ was built without its search index") and "--force" in err
    assert _branches(remote) == ""
    # built again, with the index: deployed
    assert cli.main(["build"]) == 0
    assert (project / "public/pagefind/pagefind-entry.json").is_file()
    assert cli.main(["deploy"]) == 0
    assert _branches(remote) == "refs/heads/gh-pages"
    assert "pagefind/pagefind-entry.json" in git(f"--git-dir={remote}", "ls-tree", "-r", "--name-only", "gh-pages")


def test_deploy_refuses_the_placeholder_base_url_unless_forced(tmp_path: Path, monkeypatch, capsys) -> None:
    project, remote = _source_repo(tmp_path)
    monkeypatch.chdir(project)
    _site_yaml(project, "base_url: https://kb-owner.github.io/kb/", "base_url: https://example.github.io/")
    assert cli.main(["build"]) == 0
    capsys.readouterr()
    assert cli.main(["deploy"]) == 1
    err = capsys.readouterr().err
    assert "built for https://example.github.io/, a placeholder" in err and "base_url" in err
    assert _branches(remote) == ""
    # --base-url at build time is what the site is built for: a real one deploys
    assert cli.main(["build", "--base-url", "https://kb-owner.github.io/kb/"]) == 0
    assert cli.main(["deploy"]) == 0
    assert _branches(remote) == "refs/heads/gh-pages"
    # built for the placeholder again: --force publishes it, saying what it overrode
    assert cli.main(["build", "--base-url", "https://www.example.com/kb/"]) == 0
    capsys.readouterr()
    assert cli.main(["deploy"]) == 1
    assert cli.main(["deploy", "--force"]) == 0
    assert "warning: deploying all the same (--force)" in capsys.readouterr().err
    page = git(f"--git-dir={remote}", "show", "gh-pages:sitemap.xml")
    assert "https://www.example.com/kb/" in page


def test_deploy_refuses_a_site_no_build_recorded(tmp_path: Path, monkeypatch, capsys) -> None:
    project, remote = _source_repo(tmp_path)
    monkeypatch.chdir(project)
    assert cli.main(["build"]) == 0
    shutil.rmtree(project / ".cache")
    capsys.readouterr()
    assert cli.main(["deploy"]) == 1
    assert "no build of this project into public/ is recorded" in capsys.readouterr().err
    assert _branches(remote) == ""


# --- new doc, new KIND ---

def _page(project: Path, href: str, base: str = "/") -> Path:
    """The file a link of the site leads to."""
    path = unquote(urljoin(base, href))
    return project / "public" / path.strip("/") / "index.html"


def test_new_doc_writes_a_document_the_build_publishes_and_links(tmp_path: Path, monkeypatch, capsys) -> None:
    project = make_project(tmp_path / "kb", {"old.md": "---\ntitle: Old\ndate: 2020-01-01\n---\nOld.\n"})
    monkeypatch.chdir(project)
    title = "大模型的价格战：谁在降价？"
    assert cli.main(["new", "doc", title]) == 0
    path = project / "content/大模型的价格战-谁在降价.md"
    assert capsys.readouterr().out == f"wrote content/{path.name} (document: {title})\n"
    text = path.read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("---\n")[1])
    assert meta == {"title": title, "date": datetime.date.today(), "tags": [], "slug": "大模型的价格战-谁在降价"}
    # never over a file; a folder must stay inside content/
    path.write_text(text + "The writer's text.\n", encoding="utf-8")
    assert cli.main(["new", "doc", title]) == 1
    assert "exists; not written over" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8").endswith("The writer's text.\n")
    assert cli.main(["new", "doc", "Escape", "--folder", "../.."]) == 2
    assert cli.main(["new", "doc", "Escape", "--folder", "/tmp"]) == 2
    outside = tmp_path / "outside"
    outside.mkdir()
    (project / "content/linked").symlink_to(outside, target_is_directory=True)
    assert cli.main(["new", "doc", "Escape", "--folder", "linked/deeper"]) == 1
    assert "leads outside the content folder" in capsys.readouterr().err
    assert list(outside.iterdir()) == []
    (project / "content/linked").unlink()
    assert cli.main(["new", "doc", "In a folder", "--folder", "articles/2026"]) == 0
    assert (project / "content/articles/2026/in-a-folder.md").is_file()

    assert cli.main(["build", "--jobs", "1"]) == 0
    home = BeautifulSoup((project / "public/index.html").read_text(encoding="utf-8"), "html.parser")
    links = {a.get_text(strip=True): a["href"] for a in home.select("main a[href]")}
    assert title in links
    page = BeautifulSoup(_page(project, links[title]).read_text(encoding="utf-8"), "html.parser")
    assert page.h1.get_text(strip=True) == title
    assert page.select_one("time")["datetime"] == datetime.date.today().isoformat()


@pytest.mark.parametrize(("kind", "name", "folder", "file"), [
    ("person", "Sam Altman", "people", "sam-altman.md"),
    ("company", "月之暗面", "companies", "月之暗面.md"),
    ("product", "Kimi", "products", "kimi.md"),
])
def test_new_entity_writes_a_registry_file_the_build_links(tmp_path: Path, monkeypatch, capsys, kind: str,
                                                           name: str, folder: str, file: str) -> None:
    doc = f"---\ntitle: A note\ndate: 2025-01-01\n---\n今天 {name} 说了一件事。\n"
    project = make_project(tmp_path / "kb", {"note.md": doc})
    monkeypatch.chdir(project)
    assert cli.main(["new", kind, name]) == 0
    path = project / "content" / folder / file
    assert yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1]) == \
        {"name": name, "aliases": [], "description": ""}
    assert cli.main(["new", kind, name]) == 1
    assert "exists; not written over" in capsys.readouterr().err
    assert cli.main(["build", "--jobs", "1"]) == 0
    note = BeautifulSoup((project / "public/articles/note/index.html").read_text(encoding="utf-8"), "html.parser")
    mention = next(a for a in note.select("main a[href]") if a.get_text(strip=True) == name)
    entity = BeautifulSoup(_page(project, mention["href"], "/articles/note/").read_text(encoding="utf-8"),
                           "html.parser")
    assert entity.h1.get_text(strip=True) == name


def test_new_refuses_a_kind_the_site_has_not(tmp_path: Path, monkeypatch, capsys) -> None:
    project = make_project(tmp_path / "kb")
    monkeypatch.chdir(project)
    assert cli.main(["new", "planet", "Mars"]) == 2
    assert "one of company, person, product" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["new", "doc"])  # a title is needed
    assert "new doc needs a TITLE" in capsys.readouterr().err
    assert sorted(p.name for p in (project / "content").iterdir()) == []


# --- help ---

def _commands(parser: argparse.ArgumentParser, prefix: str = "") -> dict[str, argparse.ArgumentParser]:
    found = {prefix: parser}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found |= _commands(sub, f"{prefix} {name}".strip())
    return found


def test_help_describes_every_option_and_gives_examples(capsys) -> None:
    commands = _commands(cli._parser())
    assert {"", "new", "build", "check", "serve", "deploy", "entities", "entities suggest", "entities add"} <= \
        set(commands)
    for name, parser in commands.items():
        for action in parser._actions:
            if not isinstance(action, argparse._SubParsersAction):
                assert action.help, f"site-builder {name}: {action.option_strings or action.dest} has no help"
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    text = capsys.readouterr().out
    assert "Build a static knowledge-base website from a folder of Markdown" in text
    assert 'site-builder new doc "' in text and "examples:" in text
    with pytest.raises(SystemExit):
        cli.main(["serve", "--help"])
    assert re.search(r"--port N\s+port to listen on \(default: 8000\)", capsys.readouterr().out)
