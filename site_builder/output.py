"""Atomic output: the site is written into a fresh folder beside the output folder and
swapped in only when the build has finished, so a crash, a full disk or Ctrl-C leaves
the previous site as it was. Every write is checked to stay inside the folder."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


class OutputError(Exception):
    pass


class OutputTree:
    def __init__(self, target: Path) -> None:
        self.target = target
        self.root: Path | None = None
        self.files: set[str] = set()

    def __enter__(self) -> OutputTree:
        self.target.parent.mkdir(parents=True, exist_ok=True)
        _recover(self.target)
        self.root = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.new-", dir=self.target.parent))
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        assert self.root is not None
        if exc_type is not None:
            shutil.rmtree(self.root, ignore_errors=True)  # the old site stays
            return
        old = self.target.with_name(f".{self.target.name}.old-{os.getpid()}")
        if self.target.exists():
            os.rename(self.target, old)
        os.rename(self.root, self.target)
        shutil.rmtree(old, ignore_errors=True)

    def path(self, rel: str) -> Path:
        """The file for rel, refusing anything that would land outside the output folder."""
        assert self.root is not None
        if not rel or rel.startswith(("/", "\\")) or "\\" in rel or "\0" in rel:
            raise OutputError(f"refusing to write {rel!r}")
        parts = rel.split("/")
        if any(p in ("", ".", "..") for p in parts):
            raise OutputError(f"refusing to write {rel!r}")
        return self.root.joinpath(*parts)

    def write_text(self, rel: str, text: str) -> None:
        self.write_bytes(rel, text.encode("utf-8"))

    def write_bytes(self, rel: str, data: bytes) -> None:
        if rel in self.files:
            raise OutputError(f"two pages want to be {rel}")
        path = self.path(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.files.add(rel)

    def copy(self, source: Path, rel: str) -> None:
        path = self.path(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, path)
        self.files.add(rel)


def _recover(target: Path) -> None:
    """A crash between the two renames of a swap leaves only the old folder: restore it.
    Folders of interrupted builds are removed."""
    for leftover in target.parent.glob(f".{target.name}.*"):
        if ".old-" in leftover.name and not target.exists():
            os.rename(leftover, target)
        else:
            shutil.rmtree(leftover, ignore_errors=True)
