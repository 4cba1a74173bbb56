"""What finding names read of each document (suggest.Scan), kept in the build cache
(.cache/discovery.msgpack) so that `entities: {discover: N}` and `entities suggest` do not
segment an unchanged document again: jieba's cut is most of their cost, tens of milliseconds
per document.

An entry is keyed by a digest of the document's path and Markdown body; the whole file by a
salt of the code, the segmenter's and name lists' versions and the registry's names (the
scan leaves registered names out), so any change to those starts afresh. A scan read back is
the one reading the document would give, so a build that reuses them equals a cold one. The
file is plain data (msgpack, never pickle), written to a temporary file renamed into place;
an unreadable or foreign one counts as empty. Each save keeps only the documents of that run."""

from __future__ import annotations

import json
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import TypeVar

from site_builder.cache import digest, write_atomic
from site_builder.fingerprint import code_fingerprint
from site_builder.records import Malformed, pack, unpack
from site_builder.registry import Registry

FILE = "discovery.msgpack"
KIND = "site-builder discovery 1"
T = TypeVar("T")
LIBRARIES = ("jieba", "gender-guesser")  # what the scan reads besides the package's own code


class ScanCache:
    def __init__(self, path: Path, salt: str, entries: dict[str, tuple]) -> None:
        self.path, self.salt, self.entries = path, salt, entries
        self.kept: dict[str, tuple] = {}

    @classmethod
    def open(cls, folder: Path, registry: Registry) -> ScanCache:
        path, salt = folder / FILE, _salt(registry)
        try:
            kind, stored_salt, entries = unpack(path.read_bytes())
            if kind != KIND or stored_salt != salt or not isinstance(entries, dict):
                entries = {}
        except (OSError, Malformed, TypeError, ValueError):
            entries = {}
        return cls(path, salt, entries)

    def get(self, rel: str, body: str, read: Callable[[tuple], T]) -> T | None:
        """The scan kept for the document, as `read` makes it of its record (suggest.Scan.of_record:
        this module knows records only, so that it and suggest.py do not import each other)."""
        key = _key(rel, body)
        record = self.entries.get(key)
        if record is None:
            return None
        try:
            scan = read(record)
        except (TypeError, ValueError):  # not what this code writes: read the document instead
            return None
        self.kept[key] = record
        return scan

    def put(self, rel: str, body: str, record: tuple) -> None:
        self.kept[_key(rel, body)] = record

    def save(self) -> None:
        if self.kept != self.entries:
            write_atomic(self.path, pack((KIND, self.salt, self.kept)))


def _key(rel: str, body: str) -> str:
    return digest(rel.encode(), body.encode())


def _salt(registry: Registry) -> str:
    versions = []
    for name in LIBRARIES:
        try:
            versions.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(name)
    names = sorted((key, entity.kind, sorted(entity.names)) for key, entity in registry.entities.items())
    return digest(code_fingerprint().encode(), " ".join(versions).encode(),
                  json.dumps(names, ensure_ascii=False).encode())
