"""Failure during the build: a worker process killed, the disk full, Ctrl-C, a bug met by
one document, a corrupt cache. The previous public/ stays as it was, no temporary folder
is left behind, the next build recovers, and the command line says what happened in one
line with a non-zero exit (130 for Ctrl-C) instead of a traceback."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from site_builder import cli, tasks
from site_builder.emitters import EMITTERS, Emitter
from site_builder.executors import INLINE_BELOW
from tests.conftest import ROOT, build_project, make_project, snapshot

PARENT = os.getpid()
MANY = INLINE_BELOW + 12  # documents: enough for the build to use the process pool


def docs(text: str = "Fine text.", n: int = MANY) -> dict[str, str]:
    return {f"d{i:03d}.md": f"---\ntitle: Doc {i}\ntags: [t{i % 5}]\n---\n{text} {i}\n" for i in range(n)}


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".public"))


def rewrite(project: Path, text: str) -> None:
    for rel, content in docs(text).items():
        (project / "content" / rel).write_text(content, encoding="utf-8")


def die(*args, **kwargs):
    """A task that kills the worker process running it (never the test process itself)."""
    if os.getpid() == PARENT:
        raise RuntimeError("expected to run in a worker process")
    os._exit(1)


@pytest.fixture()
def built(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    project = make_project(tmp_path, docs())
    site = build_project(project)
    assert site.reporter.errors == []
    return project, snapshot(site.out)


def assert_untouched(project: Path, before: dict[str, bytes]) -> None:
    assert snapshot(project / "public") == before
    assert leftovers(project) == []


def failed_build(args: list[str], capsys) -> tuple[int, str]:
    """The exit code of `site-builder <args>` and the last line it printed; never a traceback."""
    code = cli.main(args)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err.splitlines()[-1]


def assert_kept_then_recovers(project: Path, before: dict[str, bytes], monkeypatch, text: str) -> None:
    """The failed build left the site as it was; with the failure gone, the next build works."""
    assert_untouched(project, before)
    monkeypatch.undo()
    assert_recovers(project, text)


def assert_recovers(project: Path, text: str) -> None:
    site = build_project(project)
    assert site.reporter.errors == []
    assert f"{text} 0" in (site.out / "articles/d000/index.html").read_text(encoding="utf-8")
    assert leftovers(project) == []


@pytest.mark.parametrize("target", ["site_builder.build.process_documents", "site_builder.tasks.render_pages"])
def test_a_killed_worker_fails_the_build_and_keeps_the_site(built, monkeypatch, capsys, target: str) -> None:
    """A worker killed while loading documents, or while rendering pages (the real
    ProcessPoolExecutor: every document changed, so the pool starts at once)."""
    project, before = built
    rewrite(project, "Changed text.")
    monkeypatch.setattr(target, die)
    monkeypatch.chdir(project)
    assert failed_build(["build"], capsys) == (1, "error: a worker process died (killed, or out of memory?); "
                                                  "the previous site is unchanged")
    assert_kept_then_recovers(project, before, monkeypatch, "Changed text.")


def test_disk_full_fails_the_build_and_keeps_the_site(built, monkeypatch, capsys) -> None:
    project, before = built
    rewrite(project, "Changed again.")
    real_write = tasks.write_file

    def full(path: str, data: bytes) -> None:
        if ".public.new-" in path and path.endswith("/index.html") and "d003" in path:
            real_write(path, data[: len(data) // 2])  # half a file, then no room
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), path)
        real_write(path, data)

    monkeypatch.setattr(tasks, "write_file", full)
    monkeypatch.chdir(project)
    assert failed_build(["build", "--jobs", "1"], capsys) == (
        1, "error: disk full (No space left on device) writing articles/d003/index.html; "
           "the previous site is unchanged")
    assert_kept_then_recovers(project, before, monkeypatch, "Changed again.")


def test_ctrl_c_exits_130_and_keeps_the_site(built, monkeypatch, capsys) -> None:
    project, before = built
    rewrite(project, "Interrupted.")

    def interrupt(site, out):
        out.write_text("half.html", "half-written")
        raise KeyboardInterrupt

    monkeypatch.setattr("site_builder.build.EMITTERS", [*EMITTERS[:2], Emitter("ctrl-c", files=interrupt)])
    monkeypatch.chdir(project)
    assert failed_build(["build"], capsys) == (130, "interrupted: the previous site is unchanged")
    assert_kept_then_recovers(project, before, monkeypatch, "Interrupted.")


DRIVER = """
import os, signal, sys
from site_builder import cli, tasks
from site_builder.emitters import EMITTERS, Emitter
import site_builder.build

def ctrl_c(site, out):
    os.killpg(0, signal.SIGINT)  # the terminal's Ctrl-C: the whole process group, pool workers too
    signal.pause()

site_builder.build.EMITTERS[:] = [*EMITTERS[:2], Emitter("ctrl-c", files=ctrl_c)]
sys.exit(cli.main(["build"]))
"""


def test_a_real_sigint_to_the_process_group(built) -> None:
    """Ctrl-C as a terminal sends it: SIGINT to the build and its worker processes at once.
    The build exits 130 with one line; the workers leave no tracebacks; the site is kept."""
    project, before = built
    rewrite(project, "Signalled.")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-c", DRIVER], cwd=project, env=env, capture_output=True, text=True,
                         timeout=120, start_new_session=True, check=False)
    assert run.returncode == 130, run.stderr
    assert run.stderr.splitlines()[-1] == "interrupted: the previous site is unchanged"
    assert "Traceback" not in run.stderr and "KeyboardInterrupt" not in run.stderr
    assert_untouched(project, before)
    assert_recovers(project, "Signalled.")


def test_a_build_killed_outright_is_cleaned_up_by_the_next(built, monkeypatch) -> None:
    """SIGKILL leaves what it leaves: a half-written temporary folder, or (between the two
    renames of the swap) the old site set aside and no public/. The next build recovers."""
    project, before = built
    half = project / ".public.new-abc123"
    (half / "articles").mkdir(parents=True)
    (half / "articles/half.html").write_text("half", encoding="utf-8")
    site = build_project(project)
    assert site.reporter.errors == [] and leftovers(project) == []
    os.rename(project / "public", project / ".public.old-4242")  # killed between the renames

    def boom(site, out):
        raise KeyboardInterrupt

    monkeypatch.setattr("site_builder.build.EMITTERS", [*EMITTERS[:2], Emitter("boom", files=boom)])
    rewrite(project, "Killed.")  # not a no-op build
    with pytest.raises(KeyboardInterrupt):
        build_project(project)
    assert_untouched(project, before)  # the set-aside site is back in place


def test_a_bug_in_one_document_is_that_documents_error(tmp_path: Path, monkeypatch) -> None:
    from site_builder import tasks

    real_render = tasks.render

    def flaky(markdown, *args, **kwargs):
        if "trigger" in markdown:
            raise RuntimeError("boom")
        return real_render(markdown, *args, **kwargs)

    monkeypatch.setattr(tasks, "render", flaky)
    site = build_project(make_project(tmp_path, {"bad.md": "---\ntitle: Bad\n---\ntrigger\n", **docs(n=3)}))
    assert [str(d) for d in site.reporter.errors] == [
        "bad.md: error: cannot build this document (RuntimeError: boom); this is a bug in site-builder"]
    assert sorted(p.name for p in (site.out / "articles").iterdir() if p.is_dir()) == ["d000", "d001", "d002"]


@pytest.mark.parametrize("damage", ["truncate", "garbage", "delete"])
def test_a_corrupt_cache_is_a_miss(built, damage: str) -> None:
    """Every cache file damaged -- cut in half, overwritten, or deleted -- after a good
    build: the next build reads nothing from it that is wrong and makes the same site."""
    project, before = built
    cache = project / ".cache"
    files = [p for p in cache.rglob("*") if p.is_file()]
    assert any(p.suffix == ".msgpack" for p in files) and any(p.suffix == ".doc" for p in files)
    for path in files:
        if damage == "truncate":
            path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
        elif damage == "garbage":
            path.write_bytes(b"\x80\x04not a record")
        else:
            path.unlink()
    site = build_project(project)
    assert site.reporter.errors == []
    after = snapshot(site.out)
    assert after.keys() == before.keys()
    assert [rel for rel in after if after[rel] != before[rel] and not rel.startswith("pagefind/")] == []


def test_a_missing_document_entry_in_the_cache_is_rebuilt(built) -> None:
    """Only the cached record and body of one document are gone (the list of all documents'
    records is intact)."""
    project, before = built
    bodies = sorted((project / ".cache/docs").rglob("*.doc"))
    bodies[0].unlink()
    (project / "content/d000.md").write_text(docs()["d000.md"] + "\n", encoding="utf-8")  # a real rebuild
    site = build_project(project)
    assert site.reporter.errors == []
    assert snapshot(site.out)["articles/d000/index.html"] == before["articles/d000/index.html"]


def test_a_build_killed_while_moving_its_pages_in_is_finished_by_the_next(built, monkeypatch) -> None:
    """A rebuild moves its new pages into public/ after writing a journal; killed half-way
    through the moves, the next build finishes them (roll forward) and then builds as usual."""
    project, _ = built
    for i in range(4):  # a few documents: the rebuild moves its pages in (most of a site changed is swapped)
        (project / f"content/d{i:03d}.md").write_text(docs("Moved in.")[f"d{i:03d}.md"], encoding="utf-8")
    import site_builder.output as output

    real_replace, calls = os.replace, []

    def killed(src, dst, *args, **kwargs):
        if str(dst).startswith(str(project / "public") + os.sep):  # a page moved into the site
            calls.append(dst)
            if len(calls) == 3:
                raise KeyboardInterrupt  # as if the process died here
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(output.os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        build_project(project)
    monkeypatch.undo()
    assert (project / ".public.journal").is_file()  # the moves were begun, not finished
    site = build_project(project)
    assert site.reporter.errors == [] and leftovers(project) == []
    for i in range(4):
        assert f"Moved in. {i}" in (site.out / f"articles/d{i:03d}/index.html").read_text(encoding="utf-8")
