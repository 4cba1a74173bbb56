"""site-builder check: citation lint plus every link of the built site."""

from __future__ import annotations

from pathlib import Path

from site_builder import cli
from tests.conftest import SEED_003, make_project


def test_check_passes_on_the_built_seed_site_and_fails_on_a_broken_link(tmp_path: Path, monkeypatch, capsys) -> None:
    make_project(tmp_path, seeds=True)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["build"]) == 0
    capsys.readouterr()
    assert cli.main(["check"]) == 0
    err = capsys.readouterr().err
    assert "accessed 2024-07-26 before it was published 2025-06-25" in err  # the lint, as warnings
    (tmp_path / f"public/articles/{SEED_003}/index.html").unlink()
    assert cli.main(["check"]) == 1
    assert f"broken link /articles/{SEED_003}/" in capsys.readouterr().err


def test_check_strict_turns_lint_warnings_into_failure(tmp_path: Path, monkeypatch) -> None:
    make_project(tmp_path, seeds=True)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["build"]) == 0
    assert cli.main(["check", "--strict"]) == 1
