"""The persistent build cache under .cache/ (ignored by git).

- docs/: each document's processed result (metadata, mentions, notes, diagnostics) and
  its rendered body HTML, in one file keyed by a hash of its bytes, its sidecar and the
  build salt (the code's fingerprint, config, entity registry). A rebuild re-does only
  documents whose key changed.
- manifest: for every output file, the fingerprint of its bytes, and for every page (or
  group of pages) the fingerprint of its inputs. A page whose inputs are unchanged is kept
  in the output folder as it is instead of being rendered and written again.

Every write goes to a temporary file renamed into place, and an unreadable entry counts
as a miss: an interrupted build never leaves the cache corrupt. Nothing here is pickle:
the records are plain data (records.py), so a cache from elsewhere (a CI cache, an archive,
a shared disk) can at worst be wrong, never run code. One found damaged where a build reads
it mid-way (a document's body or sentences) stops that build with CacheDamaged, and the
build starts again without the documents' cache (build.build).
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from site_builder.diagnostics import Diagnostic
from site_builder.inputs import OUTPUT_LIST, digest, output_list
from site_builder.model import DocResult, Heading
from site_builder.records import (
    DIAGNOSTICS,
    HEADINGS,
    INT,
    OPT_INT,
    RESULTS,
    Malformed,
    Table,
    array_header,
    decode_batch,
    encode_batch,
    pack,
    unpack,
)
from site_builder.sentences import unstowed

# A document's entry: its kind and the lengths of its four parts, then the passages (the
# sentences its mentions and citations stand in, read one at a time where a page quotes
# them: see stow_passages), the record, the body HTML and the body's headings.
_ENTRY = b"sb-doc\x00\x02"
_HEADER = struct.Struct("<8sQQQQ")
_KEY = re.compile("[0-9a-f]{32}")  # an entry's name: a digest
_FRAME = struct.Struct("<I")  # the length of each part of the documents file
PASSAGE_END = struct.Struct("<I")  # the passages' count, then where each ends (see stow_passages)
SLICE = 256  # documents' entries per part of the documents file
DOCUMENTS, DELTA = "documents.msgpack", "documents-delta.msgpack"
# what each file is (its first value): another file under its name is a miss
_DOCUMENTS_KIND, _DELTA_KIND = "site-builder documents 1", "site-builder documents delta 1"
@dataclass(frozen=True)
class BuiltFor:
    """What a build into an output folder was made for: `deploy` refuses a site built without
    the search index that site.yaml asks for, or for a placeholder address."""

    search: bool
    base_url: str


_MANIFEST_KIND, _LAST_KIND = "site-builder manifest 1", "site-builder last build 2"
# what older versions kept: pickles (documents.pickle, manifest-*.pickle) and compiled
# templates (templates-*/, marshalled code): removed, never read
_OLD_SUFFIX, _OLD_FOLDER = ".pickle", "templates-"


def _signature(size: int, mtime: int, side_size: int | None, side_mtime: int | None) -> tuple:
    return size, mtime, side_size, side_mtime


SIGNATURES = Table(_signature, of_tuples=True, size=INT, mtime=INT, side_size=OPT_INT, side_mtime=OPT_INT)


class CacheDamaged(Exception):
    """A document's entry that a build found damaged where it reads it mid-way (its body,
    its sentences): the build is started again without the cache (see build.build)."""

    def __init__(self, key: str, what: str = "entry") -> None:
        super().__init__(key, what)
        self.key, self.what = key, what

    def __str__(self) -> str:
        return f"the cached {self.what} of a document ({self.key}) is missing or damaged"


def stow_passages(key: str, holders: Iterable[Any]) -> bytes:
    """Move the sentences of holders (mentions and note references, each with `utf8`,
    `source` and `span`) into the passages of key's entry, returned as its bytes: each
    holder keeps only where its sentence is (the entry's key, and in span its number among
    the entry's passages). The build process holds every document's mentions and citations
    for the index (over 250,000 at 10,000 documents) but shows each sentence on one page
    only: read there, by the worker that renders it, the sentences stay out of its memory.
    A number, not an offset: a small int is one object Python shares, an offset an int
    object of its own per mention (90 MiB at 100,000 documents). The passages start with
    their count and where each ends (PASSAGE_END each)."""
    parts, ends, at = [], [], 0
    for number, holder in enumerate(holders):
        parts.append(holder.utf8)
        at += len(holder.utf8)
        ends.append(at)
        holder.utf8, holder.source, holder.span = b"", key, number
    if not parts:
        return b""
    return PASSAGE_END.pack(len(ends)) + struct.pack(f"<{len(ends)}I", *ends) + b"".join(parts)


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
        self._passages: dict[str, bytes] = {}  # entries whose table sentence() read: where each passage ends

    def __del__(self) -> None:
        if self._docs_fd is not None:
            os.close(self._docs_fd)

    def _doc_path(self, key: str) -> str:
        # a string, not a Path: made for every stowed sentence a page shows (250,000 a build)
        return f"{self.root}/docs/{key[:2]}/{key}.doc"

    def _read(self, key: str) -> tuple[bytes, bytes, bytes] | None:
        """(record, body HTML, headings) of a document's entry, as bytes; None if missing
        or damaged."""
        try:
            with open(self._doc_path(key), "rb") as f:
                data = f.read()
        except OSError:
            return None
        if len(data) < _HEADER.size:
            return None
        kind, passages, record, html, headings = _HEADER.unpack_from(data)
        if kind != _ENTRY or len(data) != _HEADER.size + passages + record + html + headings:
            return None
        at = _HEADER.size + passages
        return data[at : at + record], data[at + record : at + record + html], data[at + record + html :]

    def load_record(self, key: str, rel: str) -> DocResult | None:
        """The result of the document rel whose key this is, if its entry is whole: its
        record, body and headings all read as they were written (a miss otherwise)."""
        entry = self._read(key)
        if entry is None:
            return None
        try:
            records = decode_batch(RESULTS, unpack(entry[0]))
            entry[1].decode("utf-8")
            decode_batch(HEADINGS, unpack(entry[2]))
        except (Malformed, UnicodeDecodeError):
            return None
        if len(records) != 1 or records[0].key != key or records[0].rel != rel:  # another's
            return None
        return records[0]

    def _bodies(self) -> set[str]:
        """The keys of every document entry in the cache: one listing, not a stat per document."""
        keys = set()
        for shard in os.scandir(self.root / "docs"):
            if shard.is_dir():
                keys.update(name[:-4] for name in os.listdir(shard.path) if name.endswith(".doc"))
        return keys

    def store(self, key: str, record: DocResult, html: str, passages: bytes = b"",
              headings: list[Heading] | tuple = ()) -> None:
        """One file per document: a header with the lengths, the passages, the record, the
        body HTML and its headings."""
        blob, body = pack(encode_batch(RESULTS, [record])), html.encode("utf-8")
        toc = pack(encode_batch(HEADINGS, list(headings)))
        with atomic_file(self._doc_path(key)) as f:
            f.write(_HEADER.pack(_ENTRY, len(passages), len(blob), len(body), len(toc)))
            f.write(passages)
            f.write(blob)
            f.write(body)
            f.write(toc)

    def body(self, key: str) -> tuple[str, list[Heading]]:
        """A document's body HTML and its headings (what its page shows of its content)."""
        entry = self._read(key)
        try:
            if entry is None:
                raise Malformed
            return entry[1].decode("utf-8"), decode_batch(HEADINGS, unpack(entry[2]))
        except (Malformed, UnicodeDecodeError):
            raise CacheDamaged(key, "body") from None

    def sentence(self, holder: Any) -> str:
        """The sentence of a mention or note reference: its own, or its passage read from
        its document's entry (see stow_passages), one read at its place."""
        if not holder.source:
            return unstowed(holder)
        number, key = holder.span, holder.source
        try:
            if self._docs_fd is None:  # opened once: each sentence's open then walks two names, not the whole path
                self._docs_fd = os.open(f"{self.root}/docs", os.O_RDONLY | os.O_DIRECTORY)
            fd = os.open(f"{key[:2]}/{key}.doc", os.O_RDONLY, dir_fd=self._docs_fd)
        except (OSError, ValueError) as exc:  # ValueError: a NUL in a key
            raise CacheDamaged(key, "passages") from exc
        data, size = None, -1
        try:
            ends = self._passages.get(key)
            if ends is None:  # its table, once per entry and process (not once per sentence)
                if len(self._passages) > 20_000:  # a long-lived process (the dev server), a large site
                    self._passages.clear()
                ends = self._passages[key] = _passage_ends(fd) if _KEY.fullmatch(key) else b""
            if 0 <= number < len(ends) // PASSAGE_END.size:  # b"": a damaged entry, none is there
                start = PASSAGE_END.unpack_from(ends, PASSAGE_END.size * (number - 1))[0] if number else 0
                size = PASSAGE_END.unpack_from(ends, PASSAGE_END.size * number)[0] - start
                data = os.pread(fd, size, _HEADER.size + PASSAGE_END.size + len(ends) + start)
        except OSError:
            data = None
        finally:
            os.close(fd)
        if data is None or len(data) != size:
            raise CacheDamaged(key, "passages")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise CacheDamaged(key, "passages") from None

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

    def forget_documents(self) -> None:
        """Remove every document's entry and the records of all (a damaged cache): the next
        build reads each document again."""
        shutil.rmtree(self.root / "docs", ignore_errors=True)
        for name in (DOCUMENTS, DELTA):
            (self.root / name).unlink(missing_ok=True)
        self._base, self._delta, self._passages = None, {}, {}

    def remove_leftovers(self) -> None:
        """Remove the temporary files of builds that were killed while writing one (see
        atomic_file), and what older versions kept (pickles, compiled templates): called
        under the build lock, when no other build is writing. Those of document entries go
        with prune()."""
        try:
            entries = list(os.scandir(self.root))
        except OSError:
            return
        for entry in entries:
            if entry.is_dir(follow_symlinks=False) and entry.name.startswith(_OLD_FOLDER):
                shutil.rmtree(entry.path, ignore_errors=True)
            elif (entry.name.startswith(".tmp-") or entry.name.endswith(_OLD_SUFFIX)) and entry.is_file():
                Path(entry.path).unlink(missing_ok=True)

    def _output_name(self, output: Path) -> str:
        """An output folder by its path from the project (the cache's folder is in it): the
        same when the project is moved or copied elsewhere with its cache."""
        return digest(os.path.relpath(output.resolve(), self.root.parent.resolve()).encode())

    def adopt_earlier_names(self, output: Path) -> None:
        """A cache made before 896f588 names output's manifest and views by the output
        folder's path on the disk: renamed to this version's names, so that the next build
        keeps the pages they list rather than writing every file again, and the views (2 GB at
        100,000 documents) are not left behind. Under the build lock, like remove_leftovers."""
        earlier, now = digest(str(output.resolve()).encode()), self._output_name(output)
        if earlier == now:
            return
        for kind, suffix in (("manifest", ".msgpack"), ("manifest", ".last"), ("manifest", OUTPUT_LIST), ("views", "")):
            old, new = self.root / f"{kind}-{earlier}{suffix}", self.root / f"{kind}-{now}{suffix}"
            if not os.path.lexists(old):
                continue
            with suppress(OSError):  # not renamed: the build writes every page, as before
                if not os.path.lexists(new):
                    os.replace(old, new)
                elif old.is_dir() and not old.is_symlink():  # this version built into output since: stale
                    shutil.rmtree(old, ignore_errors=True)
                else:
                    old.unlink()

    def manifest_path(self, output: Path) -> Path:
        # one manifest per output folder: `build --out elsewhere` must not reuse another's
        return self.root / f"manifest-{self._output_name(output)}.msgpack"

    def views_path(self, output: Path) -> Path:
        """Where the pages of output's site are kept as its search index reads them
        (search.py: views_home), one folder per output folder as for the manifest."""
        return self.root / f"views-{self._output_name(output)}"

    def load_manifest(self, output: Path) -> tuple[dict[str, str], dict[str, str]]:
        """(file -> fingerprint, input group -> fingerprint) of the last build into output."""
        try:
            kind, manifest, inputs = _read_plain(self.manifest_path(output), 3)
            if kind == _MANIFEST_KIND and _str_dict(manifest, str) and _str_dict(inputs, str):
                return manifest, inputs
        except (OSError, Malformed):
            pass
        return {}, {}

    def load_documents(self, salt: str) -> dict[str, tuple[tuple, DocResult]]:
        """rel -> (file signature, document result) of the last build, if its salt matches.

        Stored as a base file and a small file of the changes since: a rebuild after one
        edit writes a few entries, not the whole site's (see save_documents)."""
        self._base = None
        try:
            with open(self.root / DOCUMENTS, "rb") as f:
                data = f.read()
        except OSError:
            return {}
        try:
            frames = _frames(memoryview(data))
            kind, file_salt, base_id, count = _plain(unpack(next(frames, b"")), 4)
            if kind != _DOCUMENTS_KIND or file_salt != salt or type(base_id) is not str or type(count) is not int:
                return {}
            entries: dict[str, tuple[tuple, DocResult]] = {}
            for frame in frames:
                signatures, results = _plain(unpack(frame), 2)
                entries.update(_entries(signatures, results))
            if len(entries) != count:
                return {}
        except Malformed:
            return {}
        self._base = (salt, base_id, len(entries))
        self._delta = {}
        try:
            kind, file_salt, file_base, gone, signatures, results = _read_plain(self.root / DELTA, 6)
            if (kind, file_salt, file_base) == (_DELTA_KIND, salt, base_id) and type(gone) is tuple \
                    and set(map(type, gone)) <= {str}:
                self._delta = {rel: None for rel in gone}
                self._delta.update(_entries(signatures, results))
        except (OSError, Malformed):  # no changes file, or a broken one: the base alone
            pass
        for rel, entry in self._delta.items():
            if entry is None:
                entries.pop(rel, None)
            else:
                entries[rel] = entry
        # a result whose rendered body is gone from the cache is read again
        try:
            bodies = self._bodies()
        except OSError:
            return {}
        return {rel: entry for rel, entry in entries.items() if not entry[1].key or entry[1].key in bodies}

    def save_documents(self, salt: str, entries: dict[str, tuple[tuple, DocResult]],
                       loaded: dict[str, tuple[tuple, DocResult]] | None = None) -> None:
        """Save every document's entry. When load_documents read a base of the same salt and
        few entries differ from what it returned (`loaded`), only those are written."""
        base = self._base
        if base and base[0] == salt and loaded is not None:
            changes = dict(self._delta)
            changes.update({rel: entry for rel, entry in entries.items() if loaded.get(rel) is not entry})
            changes.update({rel: None for rel in loaded.keys() - entries.keys()})
            if self._delta_fits(len(changes)):
                kept = [entry for entry in changes.values() if entry is not None]
                gone = tuple(rel for rel, entry in changes.items() if entry is None)
                write_atomic(self.root / DELTA, pack((_DELTA_KIND, salt, base[1], gone,
                                                      encode_batch(SIGNATURES, [e[0] for e in kept]),
                                                      encode_batch(RESULTS, [e[1] for e in kept]))))
                return
        writer = self.documents_writer(salt, len(entries))
        try:
            for entry in entries.values():
                writer.add(entry)
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
        """A new documents file of `count` entries, written as they are added."""
        return DocumentsWriter(self.root, salt, count)

    def last_path(self, output: Path) -> Path:
        """The record of the last successful build into output (load_last_build)."""
        return self.manifest_path(output).with_suffix(".last")

    def load_last_build(self, output: Path) -> tuple[str, dict[str, int], list[Diagnostic], int] | None:
        """(inputs state, pages by emitter, diagnostics, files) of the last successful build
        into output, if any."""
        try:
            kind, state, pages, diagnostics, files, _ = _read_plain(self.last_path(output), 6)
            if kind == _LAST_KIND and type(state) is str and _str_dict(pages, int) and type(files) is int:
                return state, pages, decode_batch(DIAGNOSTICS, diagnostics), files
        except (OSError, Malformed):
            pass
        return None

    def built_for(self, output: Path) -> BuiltFor | None:
        """What the last successful build into output was made for (see deploy), if known."""
        try:
            kind, *_, made = _read_plain(self.last_path(output), 6)
            if kind == _LAST_KIND and type(made) is dict and type(made.get("search")) is bool \
                    and type(made.get("base_url")) is str:
                return BuiltFor(made["search"], made["base_url"])
        except (OSError, Malformed):
            pass
        return None

    def save_last_build(self, output: Path, state: str, report: Any, made: BuiltFor) -> None:
        """What a build that finds nothing changed says again (see load_last_build), and what
        the site was built for (built_for)."""
        write_atomic(self.last_path(output),
                     pack((_LAST_KIND, state, report.pages, encode_batch(DIAGNOSTICS, report.diagnostics),
                           report.rendered + report.unchanged, {"search": made.search, "base_url": made.base_url})))

    def save_manifest(self, output: Path, manifest: dict[str, str], inputs: dict[str, str]) -> None:
        write_atomic(self.manifest_path(output), manifest_bytes(manifest, inputs))

    def output_list_path(self, output: Path) -> Path:
        """The files the last build left in output (inputs.output_intact)."""
        return self.manifest_path(output).with_suffix(OUTPUT_LIST)

    def save_output_list(self, output: Path, files: Iterable[str], changed: bool) -> None:
        """The files a build left in output, once it published them. changed: the build
        added or removed files (else the list is written only if there is none)."""
        path = self.output_list_path(output)
        if changed or not path.is_file():
            write_atomic(path, output_list(files))


def _passage_ends(fd: int) -> bytes:
    """Where each passage of the entry open as fd ends (PASSAGE_END each), if its header is
    one, its lengths add up to the file's and its passages to their table; b"" otherwise
    (every sentence of it is then damaged)."""
    header = os.pread(fd, _HEADER.size + PASSAGE_END.size, 0)
    if len(header) != _HEADER.size + PASSAGE_END.size:
        return b""
    kind, *sizes = _HEADER.unpack_from(header)
    if kind != _ENTRY or _HEADER.size + sum(sizes) != os.fstat(fd).st_size:
        return b""
    count = PASSAGE_END.unpack_from(header, _HEADER.size)[0]
    table = PASSAGE_END.size * (count + 1)
    if table > sizes[0]:
        return b""
    ends = os.pread(fd, table - PASSAGE_END.size, _HEADER.size + PASSAGE_END.size)
    if len(ends) != table - PASSAGE_END.size:
        return b""
    offsets = struct.unpack(f"<{count}I", ends)
    if list(offsets) != sorted(offsets) or (offsets[-1] if offsets else 0) != sizes[0] - table:
        return b""
    return ends


def _plain(value: Any, size: int) -> tuple:
    """value, if a tuple of size items (the shape of each of our files)."""
    if type(value) is not tuple or len(value) != size:
        raise Malformed("another shape")
    return value


def _read_plain(path: Path, size: int) -> tuple:
    return _plain(unpack(path.read_bytes()), size)


def _str_dict(value: Any, kind: type) -> bool:
    """A dict of str keys and values of kind."""
    return type(value) is dict and set(map(type, value)) <= {str} and set(map(type, value.values())) <= {kind}


def _frames(data: memoryview) -> Iterator[memoryview]:
    """The parts of the documents file, each after its length; Malformed if one is cut."""
    at = 0
    while at < len(data):
        if at + _FRAME.size > len(data):
            raise Malformed("a cut length")
        (size,) = _FRAME.unpack_from(data, at)
        at += _FRAME.size
        if at + size > len(data):
            raise Malformed("a cut part")
        yield data[at : at + size]
        at += size


def _entries(signatures: Any, results: Any) -> list[tuple[str, tuple[tuple, DocResult]]]:
    """(rel, (signature, result)) of a batch of signatures and one of results."""
    signed, made = decode_batch(SIGNATURES, signatures), decode_batch(RESULTS, results)
    if len(signed) != len(made):
        raise Malformed("signatures and results do not pair")
    return [(result.rel, (signature, result)) for signature, result in zip(signed, made, strict=True)]


class DocumentsSaver:
    """Saves each document's entry (file signature, result) for the next build. When most
    documents are processed anew (a first build), the entries go into a new documents file
    as their results come in: the build process waits for its workers then anyway, instead
    of encoding 10,000 results at the end. When few are, only the changes are written, at
    the end (see save_documents)."""

    def __init__(self, cache: BuildCache, salt: str, known: dict[str, tuple[tuple, DocResult]],
                 signatures: dict[str, tuple], reused: dict[str, DocResult]) -> None:
        self.cache, self.salt, self.known, self.signatures, self.reused = cache, salt, known, signatures, reused
        changed = len(signatures) - len(reused) + len(known.keys() - signatures.keys())
        self.writer = None if cache.few_changes(salt, changed) else cache.documents_writer(salt, len(signatures))

    @property
    def streaming(self) -> bool:
        """Whether each result is saved as it is added (not at the end)."""
        return self.writer is not None

    def entry(self, result: DocResult) -> tuple[tuple, DocResult]:
        """A reused result keeps its entry as read (so that a delta sees it unchanged)."""
        rel = result.rel
        return self.known[rel] if self.reused.get(rel) is result else (self.signatures[rel], result)

    def add(self, results: list[DocResult], packed: bytes | None = None) -> None:
        """Save results, if saving them as they come (packed: the batch's bytes, as its
        worker sent them)."""
        if not self.writer:
            return
        if packed is None:
            for result in results:
                self.writer.add(self.entry(result))
        else:
            self.writer.add_packed([self.signatures[r.rel] for r in results], packed)

    def finish(self, results: list[DocResult]) -> None:
        if self.writer:
            self.writer.commit()
        else:
            self.cache.save_documents(self.salt, {r.rel: self.entry(r) for r in results}, self.known)

    def __enter__(self) -> DocumentsSaver:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None and self.writer:  # a failed build: the previous file stays
            self.writer.abort()


class DocumentsWriter:
    """The documents file: a header, then the entries a slice at a time, each part after its
    length (one value of them all would hold the whole file in memory twice), into an
    atomic_file kept open until commit() (renamed into place) or abort() (removed). A slice
    is (signatures, results), each a batch of records.py; a worker's batch of results is
    written as the bytes it sent (see add_packed), not encoded again."""

    def __init__(self, root: Path, salt: str, count: int) -> None:
        self.path = root / DOCUMENTS
        self._atomic = atomic_file(self.path)
        self.file = self._atomic.__enter__()
        self.count, self.written, self.slice = count, 0, []
        self._frame(pack((_DOCUMENTS_KIND, salt, os.urandom(8).hex(), count)))
        self.file.flush()  # nothing buffered when worker processes are forked from this one

    def _frame(self, *parts: bytes) -> None:
        self.file.write(_FRAME.pack(sum(map(len, parts))))
        for part in parts:
            self.file.write(part)

    def add(self, entry: tuple[tuple, DocResult]) -> None:
        self.slice.append(entry)
        if len(self.slice) >= SLICE:
            self._flush()

    def add_packed(self, signatures: list[tuple], packed: bytes) -> None:
        """A batch of results as a worker packed them (records.encode_batch), with their
        documents' signatures."""
        self._frame(array_header(2), pack(encode_batch(SIGNATURES, signatures)), packed)
        self.written += len(signatures)

    def _flush(self) -> None:
        if self.slice:
            self.add_packed([e[0] for e in self.slice], pack(encode_batch(RESULTS, [e[1] for e in self.slice])))
            self.slice = []

    def commit(self) -> None:
        self._flush()
        if self.written != self.count:  # the header promised other entries: do not keep it
            self.abort()
            raise ValueError(f"{DOCUMENTS}: {self.written} entries written, {self.count} announced")
        self._atomic.__exit__(None, None, None)
        (self.path.parent / DELTA).unlink(missing_ok=True)

    def abort(self) -> None:
        stop = _Aborted()
        self._atomic.__exit__(_Aborted, stop, None)  # atomic_file removes the temporary file


class _Aborted(Exception):
    """Thrown into an atomic_file to leave its target as it was."""


def manifest_bytes(manifest: dict[str, str], inputs: dict[str, str]) -> bytes:
    return pack((_MANIFEST_KIND, manifest, inputs))


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
