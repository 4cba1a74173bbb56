"""The persistent build cache under .cache/ (ignored by git).

- docs/: each document's processed result (metadata, mentions, notes, diagnostics) and
  its rendered body HTML, in one file keyed by a hash of its bytes, its sidecar and the
  build salt (site-builder version, config, entity registry). A rebuild re-does only
  documents whose key changed.
- manifest: for every output file, the fingerprint of its bytes, and for every page (or
  group of pages) the fingerprint of its inputs. A page whose inputs are unchanged is kept
  in the output folder as it is instead of being rendered and written again.

Every write goes to a temporary file renamed into place, and an unreadable entry counts
as a miss: an interrupted build never leaves the cache corrupt.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import struct
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

from site_builder.sentences import unstowed

# A document's entry: a header with the lengths of its four parts, then the passages (the
# sentences its mentions and citations stand in, read one at a time where a page quotes
# them: see stow_passages), the record, the body HTML and the body's headings (pickled).
_HEADER = struct.Struct("<QQQQ")
SLICE = 256  # documents' entries per pickle in documents.pickle
FORMAT = 14  # bump when the shape of cached records changes, or what loading a document produces


def stow_passages(key: str, holders: Iterable[Any]) -> bytes:
    """Move the sentences of holders (mentions and note references, each with `utf8`,
    `source` and `span`) into the passages of key's entry, returned as its bytes: each
    holder keeps only where its sentence is (the entry's key and span, offset << 32 |
    size). The build process holds every document's mentions and citations for the index
    (over 250,000 at 10,000 documents) but shows each sentence on one page only: read
    there, by the worker that renders it, the sentences stay out of its memory."""
    parts, at = [], 0
    for holder in holders:
        size = len(holder.utf8)
        parts.append(holder.utf8)
        holder.utf8, holder.source, holder.span = b"", key, at << 32 | size
        at += size
    return b"".join(parts)


def digest(*parts: bytes) -> str:
    """128 bits of SHA-256 (OpenSSL's, with the CPU's SHA instructions where it has them:
    twice BLAKE2b's speed on a 30 KB page, and every page of a build is hashed)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()[:32]


def write_atomic(path: Path, data: bytes) -> None:
    with atomic_file(path) as f:
        f.write(data)


_folders: set[str] = set()  # folders this process made or found: one mkdir each, not one per file


@contextmanager
def atomic_file(path: str | Path) -> Iterator[BinaryIO]:
    """A file to write path's new bytes into: renamed into place when the block ends, removed
    if it fails. Its temporary name is this process's and thread's own (no random names
    to try: there are tens of thousands of these)."""
    folder = os.path.dirname(path)
    if folder not in _folders:
        os.makedirs(folder, exist_ok=True)
        _folders.add(folder)
    tmp = os.path.join(folder, f".tmp-{os.path.basename(path)}.{os.getpid()}.{threading.get_ident()}")
    try:
        with _create(tmp) as f:
            yield f
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _create(path: str) -> BinaryIO:
    try:
        return open(path, "wb")  # noqa: SIM115 (closed by the caller's with)
    except FileNotFoundError:  # its folder was removed meanwhile (.cache deleted while serving)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        return open(path, "wb")  # noqa: SIM115


class BuildCache:
    def __init__(self, root: Path) -> None:
        self.root = root
        # what load_documents read: (salt, base id, entries in the base), and the changes since
        self._base: tuple[str, str, int] | None = None
        self._delta: dict[str, Any] = {}
        self._docs_fd: int | None = None  # the entries' folder, for reading sentences (see sentence)

    def __del__(self) -> None:
        if self._docs_fd is not None:
            os.close(self._docs_fd)

    def _doc_path(self, key: str) -> str:
        # a string, not a Path: made for every stowed sentence a page shows (250,000 a build)
        return f"{self.root}/docs/{key[:2]}/{key}.doc"

    def _read(self, key: str) -> tuple[bytes, bytes, bytes] | None:
        """(pickled record, body HTML, pickled headings) of a document's entry; None if
        missing or damaged."""
        try:
            with open(self._doc_path(key), "rb") as f:
                data = f.read()
        except OSError:
            return None
        if len(data) < _HEADER.size:
            return None
        passages, record, html, headings = _HEADER.unpack_from(data)
        if len(data) != _HEADER.size + passages + record + html + headings:
            return None
        at = _HEADER.size + passages
        return data[at : at + record], data[at + record : at + record + html], data[at + record + html :]

    def load_record(self, key: str) -> Any | None:
        entry = self._read(key)
        try:
            return pickle.loads(entry[0]) if entry else None
        except Exception:  # from another version: a miss
            return None

    def _bodies(self) -> set[str]:
        """The keys of every document entry in the cache: one listing, not a stat per document."""
        keys = set()
        for shard in os.scandir(self.root / "docs"):
            if shard.is_dir():
                keys.update(name[:-4] for name in os.listdir(shard.path) if name.endswith(".doc"))
        return keys

    def store(self, key: str, record: Any, html: str, passages: bytes = b"", headings: Any = ()) -> None:
        """One file per document: a header with the lengths, the passages, the record, the
        body HTML and its headings."""
        blob, body = pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL), html.encode("utf-8")
        toc = pickle.dumps(headings, protocol=pickle.HIGHEST_PROTOCOL)
        with atomic_file(self._doc_path(key)) as f:
            f.write(_HEADER.pack(len(passages), len(blob), len(body), len(toc)))
            f.write(passages)
            f.write(blob)
            f.write(body)
            f.write(toc)

    def body(self, key: str) -> tuple[str, Any]:
        """A document's body HTML and its headings (what its page shows of its content)."""
        entry = self._read(key)
        if entry is None:
            raise OSError(f"the cached body of a document ({key}) is missing or damaged: build again")
        return entry[1].decode("utf-8"), pickle.loads(entry[2])

    def sentence(self, holder: Any) -> str:
        """The sentence of a mention or note reference: its own, or its passage read from
        its document's entry (see stow_passages), one read at its place."""
        if not holder.source:
            return unstowed(holder)
        at, size = holder.span >> 32, holder.span & 0xFFFF_FFFF
        key = holder.source
        try:
            if self._docs_fd is None:  # opened once: each sentence's open then walks two names, not the whole path
                self._docs_fd = os.open(f"{self.root}/docs", os.O_RDONLY | os.O_DIRECTORY)
            fd = os.open(f"{key[:2]}/{key}.doc", os.O_RDONLY, dir_fd=self._docs_fd)
        except OSError as exc:
            raise OSError(f"the cached passages of a document ({key}) are missing: build again") from exc
        try:
            data = os.pread(fd, size, _HEADER.size + at)
        finally:
            os.close(fd)
        if len(data) != size:
            raise OSError(f"the cached passages of a document ({key}) are damaged: build again")
        return data.decode("utf-8")

    def prune(self, keep: set[str]) -> int:
        """Remove entries of documents that no longer exist or changed: the cache stays
        the size of the site."""
        removed = 0
        try:
            shards = [shard.path for shard in os.scandir(self.root / "docs") if shard.is_dir()]
        except OSError:
            return 0
        for shard in shards:  # os.scandir: 20,000 names, not 20,000 Paths
            for entry in os.scandir(shard):
                if entry.name.split(".")[0] not in keep:
                    os.unlink(entry.path)
                    removed += 1
        return removed

    def manifest_path(self, output: Path) -> Path:
        # one manifest per output folder: `build --out elsewhere` must not reuse another's
        return self.root / f"manifest-{digest(str(output.resolve()).encode())}.pickle"

    def load_manifest(self, output: Path) -> tuple[dict[str, str], dict[str, str]]:
        """(file -> fingerprint, input group -> fingerprint) of the last build into output."""
        try:
            data = pickle.loads(self.manifest_path(output).read_bytes())
            if isinstance(data, tuple) and len(data) == 2 and all(isinstance(d, dict) for d in data):
                return data
        except Exception:
            pass
        return {}, {}

    def load_documents(self, salt: str) -> dict[str, tuple[Any, Any]]:
        """rel -> (file signature, document result) of the last build, if its salt matches.

        Stored as a base file and a small file of the changes since: a rebuild after one
        edit writes a few entries, not the whole site's (see save_documents)."""
        self._base = None
        try:
            with open(self.root / "documents.pickle", "rb") as f:
                header = pickle.load(f)
                if not (isinstance(header, tuple) and len(header) == 3 and header[0] == salt):
                    return {}
                _, base_id, count = header
                entries: dict[str, Any] = {}
                while len(entries) < count:
                    entries.update(pickle.load(f))
            self._base = (salt, base_id, len(entries))
            self._delta = {}
            try:
                delta = pickle.loads((self.root / "documents-delta.pickle").read_bytes())
                if isinstance(delta, tuple) and delta[:2] == (salt, base_id):
                    self._delta = delta[2]
            except Exception:  # no changes file, or a broken one: the base alone
                pass
            for rel, entry in self._delta.items():
                if entry is None:
                    entries.pop(rel, None)
                else:
                    entries[rel] = entry
            # a result whose rendered body is gone from the cache is read again
            bodies = self._bodies()
            return {rel: entry for rel, entry in entries.items() if not entry[1].key or entry[1].key in bodies}
        except Exception:
            return {}

    def save_documents(self, salt: str, entries: dict[str, tuple[Any, Any]],
                       loaded: dict[str, tuple[Any, Any]] | None = None) -> None:
        """Save every document's entry. When load_documents read a base of the same salt and
        few entries differ from what it returned (`loaded`), only those are written."""
        base = self._base
        if base and base[0] == salt and loaded is not None:
            changes = dict(self._delta)
            changes.update({rel: entry for rel, entry in entries.items() if loaded.get(rel) is not entry})
            changes.update({rel: None for rel in loaded.keys() - entries.keys()})
            if self._delta_fits(len(changes)):
                write_atomic(self.root / "documents-delta.pickle",
                             pickle.dumps((salt, base[1], changes), protocol=pickle.HIGHEST_PROTOCOL))
                return
        writer = self.documents_writer(salt, len(entries))
        try:
            for rel, entry in entries.items():
                writer.add(rel, entry)
        except BaseException:
            writer.abort()
            raise
        writer.commit()

    def few_changes(self, salt: str, changed: int) -> bool:
        """Whether save_documents would write only the changes (a delta to the base that
        load_documents read), for `changed` documents changed, added or gone."""
        return bool(self._base and self._base[0] == salt and self._delta_fits(len(self._delta) + changed))

    def _delta_fits(self, changes: int) -> bool:
        """Few enough changes to the base to be written as a delta (a twentieth of it)."""
        assert self._base is not None
        return changes <= max(64, self._base[2] // 20)

    def documents_writer(self, salt: str, count: int) -> DocumentsWriter:
        """A new documents.pickle of `count` entries, written as they are added."""
        return DocumentsWriter(self.root, salt, count)


    def load_last_build(self, output: Path) -> tuple[str, Any] | None:
        """(inputs state, report) of the last successful build into output, if any."""
        try:
            data = pickle.loads(self.manifest_path(output).with_suffix(".last").read_bytes())
            return data if isinstance(data, tuple) and len(data) == 2 else None
        except Exception:
            return None

    def save_last_build(self, output: Path, state: str, report: Any) -> None:
        write_atomic(self.manifest_path(output).with_suffix(".last"), pickle.dumps((state, report)))

    def save_manifest(self, output: Path, manifest: dict[str, str], inputs: dict[str, str]) -> None:
        write_atomic(self.manifest_path(output), manifest_bytes(manifest, inputs))


class DocumentsSaver:
    """Saves each document's entry (file signature, result) for the next build. When most
    documents are processed anew (a first build), the entries go into a new
    documents.pickle as their results come in: the build process waits for its workers
    then anyway, instead of pickling 10,000 results at the end. When few are, only the
    changes are written, at the end (see save_documents)."""

    def __init__(self, cache: BuildCache, salt: str, known: dict[str, tuple[Any, Any]],
                 signatures: dict[str, tuple], reused: dict[str, Any]) -> None:
        self.cache, self.salt, self.known, self.signatures, self.reused = cache, salt, known, signatures, reused
        changed = len(signatures) - len(reused) + len(known.keys() - signatures.keys())
        self.writer = None if cache.few_changes(salt, changed) else cache.documents_writer(salt, len(signatures))

    @property
    def streaming(self) -> bool:
        """Whether each result is saved as it is added (not at the end)."""
        return self.writer is not None

    def entry(self, result: Any) -> tuple[Any, Any]:
        """A reused result keeps its entry as read (so that a delta sees it unchanged)."""
        rel = result.rel
        return self.known[rel] if self.reused.get(rel) is result else (self.signatures[rel], result)

    def add(self, results: list[Any], pickled: bytes | None = None) -> None:
        """Save results, if saving them as they come (pickled: the list's bytes, as its
        worker sent them)."""
        if not self.writer:
            return
        if pickled is None:
            for result in results:
                self.writer.add(result.rel, self.entry(result))
        else:
            rels = [r.rel for r in results]
            self.writer.add_slice(PickledResults(rels, [self.signatures[rel] for rel in rels], pickled))

    def finish(self, results: list[Any]) -> None:
        if self.writer:
            self.writer.commit()
        else:
            self.cache.save_documents(self.salt, {r.rel: self.entry(r) for r in results}, self.known)

    def __enter__(self) -> DocumentsSaver:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None and self.writer:  # a failed build: the previous file stays
            self.writer.abort()


class PickledResults:
    """A batch of documents' results pickled already, by the worker that made them: written
    into documents.pickle as those bytes, read back as its entries (rel, (signature,
    result)). Not pickled again by the build process, which would cost time and leave a
    UTF-8 copy of each non-ASCII string in its memory (CPython keeps one in a str once it
    has been encoded)."""

    __slots__ = ("rels", "signatures", "blob")

    def __init__(self, rels: list[str], signatures: list[tuple], blob: bytes) -> None:
        self.rels, self.signatures, self.blob = rels, signatures, blob

    def __reduce__(self) -> tuple:
        return _entries, (self.rels, self.signatures, self.blob)


def _entries(rels: list[str], signatures: list[tuple], blob: bytes) -> list[tuple[str, tuple[Any, Any]]]:
    return list(zip(rels, zip(signatures, pickle.loads(blob), strict=True), strict=True))


class DocumentsWriter:
    """documents.pickle: a header, then the entries a slice at a time (one pickle of them all
    would hold the whole file and a memo of every object in memory: 150 MB at 10,000), into
    an atomic_file kept open until commit() (renamed into place) or abort() (removed)."""

    def __init__(self, root: Path, salt: str, count: int) -> None:
        self.path = root / "documents.pickle"
        self._atomic = atomic_file(self.path)
        self.file = self._atomic.__enter__()
        self.count, self.written, self.slice = count, 0, []
        pickle.dump((salt, os.urandom(8).hex(), count), self.file, protocol=pickle.HIGHEST_PROTOCOL)
        self.file.flush()  # nothing buffered when worker processes are forked from this one

    def add(self, rel: str, entry: tuple[Any, Any]) -> None:
        self.slice.append((rel, entry))
        if len(self.slice) >= SLICE:
            self._flush()

    def add_slice(self, entries: PickledResults) -> None:
        """A slice of entries pickled already: written as they are."""
        pickle.dump(entries, self.file, protocol=pickle.HIGHEST_PROTOCOL)
        self.written += len(entries.rels)

    def _flush(self) -> None:
        if self.slice:
            pickle.dump(self.slice, self.file, protocol=pickle.HIGHEST_PROTOCOL)
            self.written += len(self.slice)
            self.slice = []

    def commit(self) -> None:
        self._flush()
        if self.written != self.count:  # the header promised other entries: do not keep it
            self.abort()
            raise ValueError(f"documents.pickle: {self.written} entries written, {self.count} announced")
        self._atomic.__exit__(None, None, None)
        (self.path.parent / "documents-delta.pickle").unlink(missing_ok=True)

    def abort(self) -> None:
        stop = _Aborted()
        self._atomic.__exit__(_Aborted, stop, None)  # atomic_file removes the temporary file


class _Aborted(Exception):
    """Thrown into an atomic_file to leave its target as it was."""


def manifest_bytes(manifest: dict[str, str], inputs: dict[str, str]) -> bytes:
    return pickle.dumps((manifest, inputs), protocol=pickle.HIGHEST_PROTOCOL)


def _tree_state(folder: Path, into: list[bytes], stats: dict[str, tuple[int, int]]) -> None:
    """Every file's path, size and modification time under folder (os.scandir: no reads),
    also kept in stats by path."""
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append(Path(entry.path))
            else:
                try:
                    st = entry.stat()
                except OSError:
                    continue
                into.append(f"{entry.path}\0{st.st_size}\0{st.st_mtime_ns}".encode())
                stats[entry.path] = (st.st_size, st.st_mtime_ns)


def inputs_state(config_repr: str, version: str, folders: list[Path], files: list[Path],
                 stats: dict[str, tuple[int, int]] | None = None) -> str:
    """A fingerprint of everything a build reads, from file metadata alone: when it equals
    the previous successful build's, the site is up to date and nothing needs doing. The
    size and modification time of each file under folders is left in stats, by path."""
    parts: list[bytes] = [version.encode(), config_repr.encode()]
    stats = {} if stats is None else stats
    for folder in folders:
        parts.append(str(folder).encode())
        _tree_state(folder, parts, stats)
    for file in files:
        try:
            st = file.stat()
            parts.append(f"{file}\0{st.st_size}\0{st.st_mtime_ns}".encode())
        except OSError:
            parts.append(f"{file}\0missing".encode())
    return digest(*parts)


def file_signature(path: Path, stats: dict[str, tuple[int, int]] | None = None) -> tuple:
    """Size and modification time of a document and of its sidecar: unchanged means unread.
    From stats (see inputs_state) when the document is in it: no system call."""
    if stats is not None and (own := stats.get(text := str(path))):
        side = stats.get(os.path.splitext(text)[0] + ".meta.yaml", (None, None))  # strings: 10,000 of these
        return (*own, *side)
    sidecar = path.with_name(path.stem + ".meta.yaml")
    st = path.stat()
    side = sidecar.stat() if sidecar.is_file() else None
    return (st.st_size, st.st_mtime_ns, side.st_size if side else None, side.st_mtime_ns if side else None)
