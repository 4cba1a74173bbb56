"""Atomic output: the site is written into a fresh folder beside the output folder and
swapped in only when the build has finished, so a crash, a full disk or Ctrl-C leaves
the previous site as it was. Every write is checked to stay inside the folder.

Each file is recorded with the fingerprint of what produced it (its bytes, or its
template and context). When the fingerprint matches the previous build's, the previous
file is hard-linked into the new folder: unchanged pages cost neither rendering nor
writing, and the swap still happens all at once. Pages to render are batched to the
build's executor (worker processes)."""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import Any

from site_builder.cache import BuildCache, digest

BATCH = 32  # pages per task sent to a worker


class OutputError(Exception):
    pass


class OutputTree:
    def __init__(self, target: Path, cache: BuildCache | None = None, executor: Executor | None = None,
                 salt: str = "") -> None:
        self.target = target
        self.cache = cache
        self.executor = executor
        self.salt = salt.encode()  # templates and config: part of every page's fingerprint
        self.root: Path | None = None
        self.files: set[str] = set()
        self.manifest: dict[str, str] = {}
        self.previous: dict[str, str] = {}
        self.rendered = 0
        self.linked = 0
        self._pending: list[tuple[str, str, bytes]] = []
        self._reused: list[str] = []
        self._dirs: set[Path] = set()
        self._futures: list[Future] = []

    def __enter__(self) -> OutputTree:
        self.target.parent.mkdir(parents=True, exist_ok=True)
        recover(self.target)
        self.previous = self.cache.load_manifest(self.target) if self.cache and self.target.is_dir() else {}
        self.root = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.new-", dir=self.target.parent))
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        assert self.root is not None
        if exc_type is None:
            try:
                self.finish()
                same_site = self.unchanged and set(self.previous) == self.files
                if not same_site:
                    self._link_reused()
            except BaseException:
                shutil.rmtree(self.root, ignore_errors=True)
                raise
        if exc_type is not None:
            for future in self._futures:
                future.cancel()
            shutil.rmtree(self.root, ignore_errors=True)  # the old site stays
            return
        if same_site:  # a no-op build: the previous folder is the site, untouched
            shutil.rmtree(self.root, ignore_errors=True)
            self.linked = len(self._reused)
            return
        old = self.target.with_name(f".{self.target.name}.old-{os.getpid()}")
        if self.target.exists():
            os.rename(self.target, old)
        os.rename(self.root, self.target)
        shutil.rmtree(old, ignore_errors=True)
        if self.cache:
            self.cache.save_manifest(self.target, self.manifest)

    def _link_reused(self) -> None:
        """Hard-link every reused file from the previous folder; write it if that fails."""
        assert self.root is not None
        for rel in self._reused:
            parts = rel.split("/")
            path = self.root.joinpath(*parts)
            self._mkdir(path.parent)
            try:
                os.link(self.target.joinpath(*parts), path)
                self.linked += 1
            except OSError:  # no hard links on this filesystem
                shutil.copyfile(self.target.joinpath(*parts), path)
                self.rendered += 1

    def path(self, rel: str) -> Path:
        """The file for rel, refusing anything that would land outside the output folder."""
        assert self.root is not None
        if not rel or rel.startswith(("/", "\\")) or "\\" in rel or "\0" in rel:
            raise OutputError(f"refusing to write {rel!r}")
        parts = rel.split("/")
        if any(p in ("", ".", "..") for p in parts):
            raise OutputError(f"refusing to write {rel!r}")
        return self.root.joinpath(*parts)

    def _claim(self, rel: str, fingerprint: str) -> bool:
        """Record rel; True when the previous build's file can be reused for it (it is
        hard-linked into the new folder when the build finishes)."""
        path = self.path(rel)
        if rel in self.files:
            raise OutputError(f"two pages want to be {rel}")
        self.files.add(rel)
        self.manifest[rel] = fingerprint
        if self.previous.get(rel) == fingerprint and self.target.joinpath(*rel.split("/")).is_file():
            self._reused.append(rel)
            return True
        self._mkdir(path.parent)
        return False

    def _mkdir(self, folder: Path) -> None:
        if folder not in self._dirs:  # one mkdir per folder, not per file
            folder.mkdir(parents=True, exist_ok=True)
            self._dirs.add(folder)

    @property
    def unchanged(self) -> bool:
        """Nothing differs from the previous build so far: every file could be reused."""
        return not self._pending and not self._futures and self.rendered == 0 and \
            len(self._reused) == len(self.files)

    def write_text(self, rel: str, text: str) -> None:
        self.write_bytes(rel, text.encode("utf-8"))

    def write_bytes(self, rel: str, data: bytes) -> None:
        if not self._claim(rel, digest(data)):
            self.path(rel).write_bytes(data)
            self.rendered += 1

    def copy(self, source: Path, rel: str) -> None:
        self.write_bytes(rel, source.read_bytes())

    def write_page(self, rel: str, template: str, context: dict[str, Any]) -> None:
        """Render template with context into rel, in a worker, unless nothing changed.
        The context must be plain data (dataclasses, tuples, strings): picklable, and with a
        repr that is a function of its content alone (no Site, no index, no functions)."""
        # Fingerprint the repr, not the pickle: pickle's bytes depend on which objects happen
        # to be shared, which differs between a fresh result and one read from the cache.
        if self._claim(rel, digest(self.salt, template.encode(), repr(context).encode())):
            return
        blob = pickle.dumps(context, protocol=pickle.HIGHEST_PROTOCOL)
        self._pending.append((rel, template, blob))
        if len(self._pending) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        assert self.executor is not None and self.root is not None, "write_page needs an executor"
        from site_builder.workers import render_pages

        self._futures.append(self.executor.submit(render_pages, str(self.root), self._pending))
        self._pending = []

    def finish(self) -> None:
        """Wait for every page sent to a worker; the first failure is raised."""
        self._flush()
        for future in self._futures:
            self.rendered += future.result()
        self._futures = []


def recover(target: Path) -> None:
    """A crash between the two renames of a swap leaves only the old folder: restore it.
    Folders of interrupted builds are removed."""
    for leftover in target.parent.glob(f".{target.name}.*"):
        if ".old-" in leftover.name and not target.exists():
            os.rename(leftover, target)
        else:
            shutil.rmtree(leftover, ignore_errors=True)
