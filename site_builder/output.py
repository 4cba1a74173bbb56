"""Atomic output. The pages of a build are written into a staging folder beside the
output folder and only put in place once the build has finished, so a crash, a full disk
or Ctrl-C leaves the previous site as it was. Every write is checked to stay inside the
folder.

Each file is recorded with the fingerprint of its bytes, and each page with the fingerprint
of what it is made from (pages.PageMaker): a page whose fingerprint is the previous build's
is neither rendered nor written; one rendered to the same bytes as before is not written. A first build (or one into a
folder we have no record of) stages the whole site and swaps the folders; a rebuild
stages only the files that changed and moves them in through a journal: the journal is
written before the first move, so a build killed half-way through the moves is finished
by the next one (roll forward). The cost of a rebuild is that of what changed, not of the
size of the site. Pages to render are batched to the build's executor (worker processes)."""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
import subprocess
import tempfile
import threading
import time
import unicodedata
from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor, Future, wait
from pathlib import Path
from typing import Any

from site_builder.cache import BuildCache, digest, manifest_bytes
from site_builder.presence import Presence

BATCH = 32  # pages per task sent to a worker


def _read_umask() -> int:
    mask = os.umask(0o022)  # the only way to read it is to set it: at import, before any thread
    os.umask(mask)
    return mask


UMASK = _read_umask()
# Batches sent and not yet rendered. A pool queues whatever it is given, and contexts are
# made faster than pages are rendered: unbounded, every pickled context of an emitter would
# wait in this process's memory (100 MB at 10,000 documents). Enough to keep workers busy.
IN_FLIGHT = 8


class OutputError(Exception):
    pass


class OutputTree:
    def __init__(self, target: Path, cache: BuildCache | None = None, executor: Executor | None = None,
                 newer: Callable[[str], bool] | None = None, presence: Presence | None = None) -> None:
        self.target = target
        self._target_str = str(target)
        self._target_fd: int | None = None  # the output folder, open while a rebuild looks into it
        # files written into the output folder since this build began, by someone else (the dev
        # server showing a saved page at once): this build's older versions must not replace them
        self.newer = newer
        self.cache = cache
        self.executor = executor
        self.root: Path | None = None
        self.files: set[str] = set()
        self.claimed: list[str] = []  # the files, in the order they were claimed: by emitter (build.emit)
        self._folded: dict[str, str] = {}  # folded -> a file's path that folding changes: see _add
        self.manifest: dict[str, str] = {}
        self.previous: dict[str, str] = {}
        # fingerprints of what pages were made from (see same_inputs), this build's and the last's
        self.inputs: dict[str, str] = {}
        self.previous_inputs: dict[str, str] = {}
        self.rendered = 0
        self._pending: list[tuple[str, str, bytes, str | None]] = []
        self._kept: set[str] = set()  # files of the previous build kept as they are
        self._found: set[str] = set()  # files of the previous build on_disk found there
        self._presence = presence  # a helper looking for them meanwhile (presence.py)
        self._all_found = False  # _found holds every one there: the helper answered
        self.update = False
        self._dirs: set[str] = set()
        # the batches in flight, each with its files: this process's own strings (a worker's
        # answer would bring a copy of each path, 280,000 at 100,000 documents)
        self._futures: deque[tuple[Future, list[str]]] = deque()
        self.published = False
        # processes writing into the staged folder (the search index's pages to read: see
        # search_view.start_view_writer), stopped before a failed build removes it
        self.helpers: list[subprocess.Popen] = []
        # files of the writer's own (static/) at paths the build would write: the build's
        # are not made (see yields), and which were not is kept for one warning each
        self.owned: frozenset[str] = frozenset()
        self.yielded: set[str] = set()
        self._removals: list[threading.Thread] = []  # see remove

    def publish(self) -> None:
        """Put the staged site in place (what leaving the block does when nothing failed)."""
        self.__exit__(None, None, None)

    def __enter__(self) -> OutputTree:
        self.target.parent.mkdir(parents=True, exist_ok=True)
        recover(self.target)
        if self.cache and self.target.is_dir():
            self.previous, self.previous_inputs = self.cache.load_manifest(self.target)
        # a rebuild over a folder we know stages only what changed; anything else, the whole site
        self.update = bool(self.previous)
        if self.update and os.access in os.supports_dir_fd:
            self._target_fd = os.open(self.target, os.O_RDONLY | os.O_DIRECTORY)
        self.root = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.new-", dir=self.target.parent))
        # mkdtemp makes it 0700; it becomes the published folder, which a web server run by
        # another user must read: the mode any folder made here gets (the umask's)
        os.chmod(self.root, 0o777 & ~UMASK)
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        assert self.root is not None
        if self.published:  # see publish
            return
        self.published = True
        if self._target_fd is not None:
            os.close(self._target_fd)
            self._target_fd = None
        if exc_type is None:
            try:
                self.finish()
                self._removed()
            except BaseException:
                self._discard()
                raise
            if self.update:
                self._commit_update()
            elif self.files or self.target.exists():
                self._commit_swap()
            else:  # nothing written and nothing there: no empty site
                self._discard()
                return
            if self.cache:
                self.cache.save_output_list(self.target, self.manifest, self.manifest.keys() != self.previous.keys())
        else:
            self._discard()  # the old site stays

    def _discard(self) -> None:
        assert self.root is not None
        for future, _ in self._futures:
            future.cancel()
        # a batch of pages a worker has begun is written to the end: into the folder removed below
        wait([future for future, _ in self._futures if not future.cancelled()], timeout=60)
        for helper in self.helpers:  # a process still writing into the staged folder
            if helper.poll() is None:
                helper.kill()
                helper.wait()
        self._removed()
        # a thread of the search index may be removing a folder of it meanwhile (search.py:
        # _ahead), and one of the two removals then finds a folder not empty yet
        for _ in range(50):
            shutil.rmtree(self.root, ignore_errors=True)
            if not self.root.exists():
                break
            time.sleep(0.02)

    def _commit_swap(self) -> None:
        assert self.root is not None
        old = self.target.with_name(f".{self.target.name}.old-{os.getpid()}")
        if self.target.exists():
            os.rename(self.target, old)
        os.rename(self.root, self.target)
        shutil.rmtree(old, ignore_errors=True)
        if self.cache:
            self.cache.save_manifest(self.target, self.manifest, self.inputs)

    def _commit_update(self) -> None:
        """Move the staged files into the output folder and delete the pages this build did
        not write, through a journal (see recover)."""
        assert self.root is not None
        moved = sorted(self.files - self._kept)
        newer = [rel for rel in moved if self.newer(rel)] if self.newer else []
        for rel in newer:  # what is there now is not this build's: the next build writes it again
            moved.remove(rel)
            del self.manifest[rel]
        deleted = sorted(set(self.previous) - self.files)
        if len(moved) > len(self._kept):  # most of the site changed: one swap is cheaper than many moves
            for rel in [*self._kept, *newer]:
                target = self.target.joinpath(*rel.split("/"))
                if target.is_file():
                    self.path(rel).unlink(missing_ok=True)
                    link_or_copy(target, self.path(rel))
            self._commit_swap()
            return
        if not moved and not deleted and self.manifest == self.previous and self.inputs == self.previous_inputs:
            # a no-op build: nothing to touch
            shutil.rmtree(self.root, ignore_errors=True)
            return
        pending = None
        if self.cache:  # the new manifest goes in with the files, not before nor after them
            pending = self.root / ".manifest"
            pending.write_bytes(manifest_bytes(self.manifest, self.inputs))
        journal = {"staging": self.root.name, "moved": moved, "deleted": deleted,
                   "manifest": str(self.cache.manifest_path(self.target)) if self.cache else None}
        write_journal(self.target, journal)  # the commit point
        apply_journal(self.target, journal)

    def path(self, rel: str) -> Path:
        """The file for rel, refusing anything that would land outside the output folder."""
        assert self.root is not None
        _check(rel)
        return self.root.joinpath(*rel.split("/"))

    def taken(self, rel: str) -> bool:
        """Whether a file of this build is at rel already, or at a path that differs only by
        case (see _add)."""
        folded = _folded(rel)
        return rel in self.files or folded in self.files or folded in self._folded

    def _add(self, rel: str, checked: bool = False) -> None:
        """checked: _all_plain found rel plain already."""
        if not checked:
            _check(rel)
        if rel in self.files:
            raise OutputError(f"two pages want to be {rel}")
        # macOS and Windows checkouts (and their Pages previews) fold case and Unicode forms:
        # Articles/Doc/index.html would replace articles/doc/index.html there
        # (only paths that folding changes are kept folded: most are folded already, and a
        # second copy of each was kept for 430,000 paths at 100,000 documents)
        folded = _folded(rel)
        if folded == rel:
            other = self._folded.get(rel, rel)  # a path added before that folds to this one
        elif (other := self._folded.setdefault(folded, rel)) == rel and folded in self.files:
            other = folded
        if other != rel:
            raise OutputError(f"{rel} and {other} differ only by case, and would be one file on macOS and Windows")
        self.files.add(rel)
        self.claimed.append(rel)

    def yields(self, rel: str) -> bool:
        """True when rel is a file of the writer's own: the build's file of that path is
        not made (nor its inputs recorded: once the writer's file is gone, the next build
        makes it again)."""
        if rel in self.owned:
            self.yielded.add(rel)
            return True
        return False

    def _keep_as(self, rel: str, fingerprint: str) -> None:
        """rel stays the previous build's file, whose bytes have this fingerprint."""
        self.manifest[rel] = fingerprint
        self._kept.add(rel)

    def _claim(self, rel: str, fingerprint: str) -> bool:
        """Record rel; True when the previous build's file can be kept as it is. Otherwise
        its folder is made."""
        self._add(rel)
        if self.previous.get(rel) == fingerprint and self.on_disk(rel):
            self._keep_as(rel, fingerprint)
            return True
        self.manifest[rel] = fingerprint
        self._mkdir(os.path.join(str(self.root), *rel.split("/")[:-1]))
        return False

    def same_inputs(self, name: str, fingerprint: str) -> bool:
        """Record the fingerprint of what `name` (a page, a group of pages) is made from
        (see pages.PageMaker); True when it is the previous build's."""
        self.inputs[name] = fingerprint
        return self.previous_inputs.get(name) == fingerprint

    def keep_group(self, name: str, fingerprint: str, rels: list[str]) -> bool:
        """Keep every page of a group (the pages of one tag or entity) as the previous build
        wrote them, when the group's fingerprint is unchanged: one comparison for the
        group, not one per page. False, with nothing kept, when any page must be made."""
        if any(rel in self.owned for rel in rels) or not self.same_inputs(name, fingerprint):
            return False
        previous, previous_inputs = self.previous, self.previous_inputs
        if not all(rel in previous and rel in previous_inputs and self.on_disk(rel) for rel in rels):
            return False
        checked = _all_plain(rels)
        for rel in rels:
            self._add(rel, checked)
            self._keep_as(rel, previous[rel])
            self.inputs[rel] = previous_inputs[rel]  # for the next build that makes them one by one
        return True

    def written(self) -> list[str]:
        """The files this build wrote (the others were kept from the previous build)."""
        return sorted(self.files - self._kept)

    def written_among(self, start: int, end: int) -> int:
        """How many of the files claimed start..end this build wrote."""
        kept = self._kept
        return sum(rel not in kept for rel in self.claimed[start:end])

    def removed(self) -> int:
        """Files of the previous build this one does not make (deleted when it is published)."""
        return len(self.previous.keys() - self.files)

    def keep(self, rel: str) -> bool:
        """Keep the previous build's rel as it is, without knowing its fingerprint (an
        emitter that knows its inputs did not change); False when there is none (True for
        a writer's file published there: nothing to keep)."""
        return not self.keep_all([rel])

    def keep_all(self, rels: list[str]) -> list[str]:
        """Keep each of rels as the previous build wrote it, in one loop (a search shard kept
        has a thousand files, a paged group hundreds of pages); those it could not keep (no
        previous file). A writer's file published at one is not made: nothing to keep."""
        previous, owned = self.previous, self.owned
        missing = []
        checked = _all_plain(rels)
        for rel in rels:
            if rel in owned:
                self.yielded.add(rel)
                continue
            if (fingerprint := previous.get(rel)) is None or not self.on_disk(rel):
                missing.append(rel)
                continue
            self._add(rel, checked)
            self._keep_as(rel, fingerprint)
        return missing

    def on_disk(self, rel: str) -> bool:
        """The previous build's rel is in the output folder (someone may have deleted it).
        Asked for every page kept: told by the helper that looked while the build loaded
        (presence.py), or else one system call, relative to the open folder (it walks two or
        three names, not the whole path). Once per file and build: the search index asks
        again of the files of its bundles that it keeps (28,000 of 58,000 at 10,000 documents)."""
        if rel in self._found:
            return True
        if self._presence is not None:  # the helper's answer, once: then every file is known
            found, self._presence = self._presence.found(), None
            if found is not None:
                found.update(self._found)
                self._found, self._all_found = found, True
        if self._all_found:
            return rel in self._found
        if self._target_fd is not None:
            there = os.access(rel, os.F_OK, dir_fd=self._target_fd)
        else:
            there = os.path.isfile(os.path.join(self._target_str, rel))
        if there:
            self._found.add(rel)
        return there

    @property
    def linked(self) -> int:
        """Files kept from the previous build as they are."""
        return len(self._kept)

    def kept(self, rel: str) -> bool:
        return rel in self._kept

    def source(self, rel: str) -> Path:
        """Where rel's bytes are now: staged by this build, or kept from the previous one."""
        return self.target.joinpath(*rel.split("/")) if self.kept(rel) else self.path(rel)

    def previous_file(self, rel: str) -> Path | None:
        """The previous build's file of rel, while this build stages its own (None: it had
        none, or it is gone)."""
        return self.target.joinpath(*rel.split("/")) if rel in self.previous and self.on_disk(rel) else None

    def previous_under(self, prefix: str) -> list[str]:
        return [rel for rel in self.previous if rel.startswith(prefix)]

    def _mkdir(self, folder: str) -> None:
        if folder not in self._dirs:  # one mkdir per folder, not per file (strings: 30,000 Paths weigh)
            os.makedirs(folder, exist_ok=True)
            self._dirs.add(folder)

    def write_text(self, rel: str, text: str) -> None:
        self.write_bytes(rel, text.encode("utf-8"))

    def write_bytes(self, rel: str, data: bytes, own: bool = False) -> None:
        """own: the writer's file (static/), which takes the place of the build's."""
        if not own and self.yields(rel):
            return
        if not self._claim(rel, digest(data)):
            self.path(rel).write_bytes(data)
            self.rendered += 1

    def remove(self, folder: Path) -> None:
        """Remove a folder of the staged site that is not the site's (the search phase's work
        folder, whose bundles have been moved into the site) in a thread of its own while the
        build makes its last files; gone before the site is published."""
        thread = threading.Thread(target=shutil.rmtree, args=(folder, True), name="remove", daemon=True)
        thread.start()
        self._removals.append(thread)

    def _removed(self) -> None:
        for thread in self._removals:
            thread.join()
        self._removals = []

    def move(self, source: Path, rel: str, fingerprint: str) -> None:
        """Move the file at source (in this build's staged folder, whose bytes have this
        fingerprint) to rel, unless the previous build's file there can be kept."""
        if not self.yields(rel) and not self._claim(rel, fingerprint):
            os.replace(source, self.path(rel))
            self.rendered += 1

    def copy(self, source: Path, rel: str, own: bool = False) -> None:
        self.write_bytes(rel, source.read_bytes(), own)

    def write_page(self, rel: str, template: str, context: dict[str, Any]) -> None:
        """Render template with context into rel, in a worker. The context must be plain data
        (dataclasses, tuples, strings): picklable, no Site, no index, no functions.

        The worker fingerprints the page by its bytes: a page equal to the previous build's
        file is not written again (it is kept, see _done). Pages are not fingerprinted by
        their contexts here: that would cost this process a repr of every context."""
        if self.yields(rel):
            return
        self._add(rel)
        # a page per folder (pretty URLs): its folder is made by the worker, not by this process
        blob = pickle.dumps(context, protocol=pickle.HIGHEST_PROTOCOL)
        self._pending.append((rel, template, blob, self.previous.get(rel)))
        if len(self._pending) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        assert self.executor is not None and self.root is not None, "write_page needs an executor"
        from site_builder.tasks import render_pages

        future = self.executor.submit(render_pages, str(self.root), self._target_str, self._pending)
        self._futures.append((future, [job[0] for job in self._pending]))
        self._pending = []
        while len(self._futures) > IN_FLIGHT:  # wait for the oldest: it leaves room for the next
            self._done(*self._futures.popleft())

    def _done(self, future: Future, rels: list[str]) -> None:
        """Record what a worker did with a batch: (fingerprint of each file's bytes, written),
        in the batch's order."""
        for rel, (fingerprint, written) in zip(rels, future.result(), strict=True):
            if written:
                self.manifest[rel] = fingerprint
                self.rendered += 1
            else:
                self._keep_as(rel, fingerprint)

    def finish(self, release: bool = False) -> None:
        """Wait for every page sent to a worker; the first failure is raised. release: no
        page will be sent again, the workers may go (and their memory with them)."""
        self._flush()
        while self._futures:
            self._done(*self._futures.popleft())
        if release and self.executor is not None:
            self.executor.shutdown()


def link_or_copy(source: Path, dest: Path) -> None:
    """dest becomes source's bytes: a hard link, or a copy where the filesystem has none."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, dest)
    except OSError:
        shutil.copyfile(source, dest)


# an empty, `.` or `..` part (a leading or trailing slash, `//`), a backslash or a NUL
_NOT_PLAIN = re.compile(r"(?:^|/)\.{0,2}(?:/|$)|[\\\0]")


def _folded(rel: str) -> str:
    """rel as a file system that folds case and Unicode forms sees it (ASCII: lower case)."""
    return rel.lower() if rel.isascii() else unicodedata.normalize("NFC", rel).casefold()


def _check(rel: str) -> None:
    """Refuse a path that is not a plain relative path inside the folder (asked of every
    file of the site: one regular expression, not a split)."""
    if _NOT_PLAIN.search(rel):
        raise OutputError(f"refusing to write {rel!r}")


# What _NOT_PLAIN finds, as text around the paths joined by newlines (each line one path,
# the whole between two newlines): an empty, `.` or `..` part at a path's start, middle or end,
# a backslash, a NUL. Substring searches run in C at memory speed; the regular expression
# tries its alternatives at every character (0.45 s over the 430,000 paths a rebuild keeps
# at 100,000 documents, about what one search per path costs).
_NOT_PLAIN_JOINED = ("\n\n", "\n/", "/\n", "//", "\n./", "\n../", "/./", "/../", "/.\n", "/..\n", "\n.\n", "\n..\n",
                     "\\", "\0")


def _all_plain(rels: list[str]) -> bool:
    """True when _check would refuse none of rels (a rebuild keeps every file of the site).
    False when something is found, in a refused path or in a line of a path with a newline
    in it: then each path is checked on its own as it is added, so that what is refused,
    and when, stays _check's."""
    joined = "\n" + "\n".join(rels) + "\n"
    return not any(part in joined for part in _NOT_PLAIN_JOINED)


def _ours(name: str, target: str) -> bool:
    """Whether name is a staging folder (mkdtemp's random letters) or a swapped-out old
    folder (a pid) of a build of target."""
    return re.fullmatch(rf"\.{re.escape(target)}\.(new-[a-z0-9_]+|old-[0-9]+)", name) is not None


def _valid_journal(target: Path, journal: object) -> bool:
    """Whether journal is one a build of ours wrote for target. The journal lies beside the
    output folder, where a project from elsewhere may hold one of its own: a `../` path or a
    manifest named anywhere would move or delete files outside the output folder."""
    if not isinstance(journal, dict) or not isinstance(staging := journal.get("staging"), str) \
            or not staging.startswith(f".{target.name}.new-") or not _ours(staging, target.name):
        return False
    paths = [*journal.get("moved", ()), *journal.get("deleted", ())]
    if not isinstance(journal.get("moved"), list) or not isinstance(journal.get("deleted"), list) \
            or not all(isinstance(rel, str) for rel in paths):
        return False
    try:
        for rel in paths:
            _check(rel)
    except OutputError:
        return False
    manifest = journal.get("manifest")
    return manifest is None or (isinstance(manifest, str) and Path(manifest).parent.name == ".cache"
                                and re.fullmatch(r"manifest-[0-9a-f]{32}\.msgpack", Path(manifest).name) is not None)


def _journal_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.journal")


def write_journal(target: Path, journal: dict) -> None:
    path = _journal_path(target)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(journal), encoding="utf-8")
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, path)


def apply_journal(target: Path, journal: dict) -> None:
    """Move the staged files into target and delete the dropped ones. Idempotent: run
    again after a crash, it finishes what is left."""
    staging = target.parent / journal["staging"]
    made: set[Path] = set()
    for rel in journal["moved"]:
        parts = rel.split("/")
        source, dest = staging.joinpath(*parts), target.joinpath(*parts)
        if not source.exists():  # moved before the crash
            continue
        if dest.parent not in made:
            dest.parent.mkdir(parents=True, exist_ok=True)
            made.add(dest.parent)
        os.replace(source, dest)
    for rel in journal["deleted"]:
        path = target.joinpath(*rel.split("/"))
        path.unlink(missing_ok=True)
        for folder in path.parents:  # articles/<slug>/ goes with its page
            if folder == target or not folder.is_relative_to(target):
                break
            try:
                folder.rmdir()
            except OSError:  # not empty
                break
    manifest = staging / ".manifest"
    if journal.get("manifest") and manifest.exists():
        os.replace(manifest, journal["manifest"])
    _journal_path(target).unlink(missing_ok=True)
    shutil.rmtree(staging, ignore_errors=True)


def recover(target: Path) -> None:
    """Finish a rebuild killed while moving its files in (its journal says what is left);
    restore the old folder if a crash came between the two renames of a swap; remove the
    staging folders of interrupted builds."""
    journal = _journal_path(target)
    if journal.exists():
        try:
            data = json.loads(journal.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # written by a temporary file renamed: cannot be half; be safe anyway
            data = None
        if data and _valid_journal(target, data):
            apply_journal(target, data)
        journal.unlink(missing_ok=True)
    journal.with_name(journal.name + ".tmp").unlink(missing_ok=True)
    for leftover in target.parent.glob(f".{target.name}.*"):
        if not _ours(leftover.name, target.name):  # only what a build of ours made: never a user's folder
            continue
        if ".old-" in leftover.name and not target.exists():
            os.rename(leftover, target)
        else:
            shutil.rmtree(leftover, ignore_errors=True)
