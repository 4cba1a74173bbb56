"""The bench harness's trash: a cold run's previous output is moved out of the way, not
deleted right before the run, and is deleted when a corpus is done."""

from __future__ import annotations

from pathlib import Path

from bench.harness import Trash


def test_discarded_folders_leave_their_place_and_are_deleted_when_emptied(tmp_path: Path) -> None:
    public, cache = tmp_path / "kb" / "public", tmp_path / "kb" / ".cache"
    for folder in (public, cache):
        (folder / "sub").mkdir(parents=True)
        (folder / "sub" / "index.html").write_text("x")
    trash = Trash(tmp_path / "trash")
    trash.RECENT = 0
    trash.discard(public, cache, tmp_path / "kb" / "missing")
    assert not public.exists() and not cache.exists()
    kept = sorted(p.name for p in (tmp_path / "trash").iterdir())
    assert kept == ["1-public", "2-.cache"]
    assert (tmp_path / "trash" / "1-public" / "sub" / "index.html").read_text() == "x"
    public.mkdir()  # the next run's output: discarded under its own name
    trash.discard(public)
    assert (tmp_path / "trash" / "3-public").is_dir()
    trash.empty()
    assert not (tmp_path / "trash").exists()
    trash.empty()  # nothing to empty: no error


def test_a_second_run_over_a_trash_not_emptied_keeps_the_first_runs_folders(tmp_path: Path) -> None:
    """A bench stopped before it emptied its trash left 1-public there: the next run, whose
    count starts again, puts its folder beside it."""
    public = tmp_path / "kb" / "public"
    public.mkdir(parents=True)
    Trash(tmp_path / "trash").discard(public)
    public.mkdir()
    (public / "second").write_text("y")
    Trash(tmp_path / "trash").discard(public)
    assert sorted(p.name for p in (tmp_path / "trash").iterdir()) == ["1-public", "2-public"]
    assert (tmp_path / "trash" / "2-public" / "second").read_text() == "y"
