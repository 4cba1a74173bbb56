"""The search index's words in packs: a query word is in one index file of every shard (its
words are split into files by range), so a query asked for one file per shard and word (64
requests at 10,000 documents, 512 at 100,000), and those requests were most of the time
from typing to a result. Here the index files of every GROUP shards are packed by their
first word: each pack holds the files whose words begin in one range, about PACKED of them,
so that a word's files in a group are in two or three packs. A group's shards are those one
lane of the browser searches (the theme's search-lanes/pagefind.js gives lane k of L the
shards whose number is k modulo L; L is 1, 2 or 4 but on a reader of three cores), so that
no two lanes fetch the same pack. The search page's lanes
(the theme's search-lanes/lane.js) fetch those packs and answer Pagefind's runtime's
requests for the files from them; the catalog (emitters/search.py: CATALOG) says where
each file is.

A group's packs are made from its shards' files alone: a rebuild that indexed one shard
again makes its group's packs again, and keeps the others as they were. The shards' own
files stay, for the page's fallback and for Pagefind's own UI."""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass

import cbor2

from site_builder.cache import digest
from site_builder.output import OutputTree

GROUP = 16  # shards whose index files are packed together (a rebuild makes one group's packs again)
PACKED = 8  # index files per pack: a word's are in two or three packs of its group
WORDS = "pagefind/words"  # <group>/<pack>.pack, and <group>.json: where each file is in them
SIGNATURE = b"pagefind_dcd"  # how Pagefind's files begin, once unzipped
CHUNKS = 2  # the field of Pagefind's metadata (1.5) listing the index files: [from, to, name]


@dataclass(frozen=True)
class Shard:
    """A shard's bundle as published: its folder, and its metadata file's bytes."""
    number: int
    folder: str  # its path in the output folder (emitters/search.py: shard_folder)
    meta: bytes


def index_files(meta: bytes) -> list[tuple[str, str]] | None:
    """(first word, name) of each index file a shard's metadata lists, in its order; None
    for metadata this module does not know (another Pagefind): the lanes then fetch each
    file as Pagefind asks."""
    try:
        data = gzip.decompress(meta)
        if not data.startswith(SIGNATURE):
            return None
        listed = cbor2.loads(data[len(SIGNATURE):])[CHUNKS]
        files = [(first, name) for first, _last, name in listed]
    except (OSError, EOFError, zlib.error, cbor2.CBORDecodeError, IndexError, KeyError, TypeError, ValueError):
        return None
    if not all(isinstance(first, str) and isinstance(name, str) and name.isascii() and "/" not in name
               for first, name in files):
        return None
    return files


def common_word(out: OutputTree, shard: Shard) -> str | None:
    """The word on most of a shard's pages, of those one in fewest places but at least one a
    page (then the first): what the search page's lanes search for as the page opens, so that
    a reader's first query runs on a runtime that has searched (the theme's
    search-lanes/searcher.js: warm); a word of the text on every page, whose files are small
    (的 on the bench: its packs 386 KB against 250). None when the shard's index files are not
    known to this module (index_files)."""
    listed = index_files(shard.meta)
    if listed is None:
        return None
    best: tuple[int, bool, int, str] | None = None
    for _first, name in listed:
        rel = f"{shard.folder}/index/{name}.pf_index"
        if rel not in out.files:
            return None
        try:
            data = gzip.decompress(out.source(rel).read_bytes())
            if not data.startswith(SIGNATURE):
                return None
            # Pagefind's index file: [[word, [[page, [places], ...], ...], ...], ...]
            for word, pages, *_ in cbor2.loads(data[len(SIGNATURE):])[0]:
                places = sum(len(page[1]) for page in pages)
                key = (-len(pages), places < len(pages), places, word)
                if isinstance(word, str) and word and (best is None or key < best):
                    best = key
        except (OSError, EOFError, zlib.error, cbor2.CBORDecodeError, IndexError, KeyError, TypeError, ValueError):
            return None
    return best[3] if best else None


def group_of(shard: int, lanes: int) -> int:
    """The group of a shard: GROUP shards of one residue modulo the browser's lanes."""
    return shard // (GROUP * lanes) * lanes + shard % lanes


# a shard's folder → its index files' names → [pack, offset, size, the file's first word] (the
# first words tell the search page's lanes which file would hold a word: search-lanes/lane.js)
Placed = dict[str, dict[str, list]]


def write_word_packs(out: OutputTree, shards: list[Shard], lanes: int, salt: str) -> Placed | None:
    """The packs of every group of these shards (made again only where a shard's metadata
    changed, or what every page reads: the salt, the code among it), for a browser of at most
    this many lanes; where each index file is: {shard's folder: {name: [pack, offset, size, first word]}},
    pack "<group>/<n>" under WORDS. Pagefind names a file by seven hex digits of its bytes'
    hash, unique in a shard but not among thousands: a file is named by its shard too. None
    when a shard's metadata is not known (index_files)."""
    groups: dict[int, list[Shard]] = {}
    for shard in shards:
        groups.setdefault(group_of(shard.number, lanes), []).append(shard)
    previous: dict[int, list[str]] = {}  # the previous build's packs of each group
    for rel in out.previous_under(WORDS + "/"):
        group, _, rest = rel[len(WORDS) + 1:].partition("/")
        if rest and group.isdigit():
            previous.setdefault(int(group), []).append(rel)
    where: Placed = {}
    for group, members in sorted(groups.items()):
        placed = _group(out, group, members, previous.get(group, []), salt)
        if placed is None:
            return None
        where.update(placed)
    return where


def _group(out: OutputTree, group: int, shards: list[Shard], packs: list[str], salt: str) -> Placed | None:
    """One group's packs (packs: the previous build's), kept when its shards' metadata and
    the build's code are the previous build's."""
    listing = f"{WORDS}/{group}.json"
    fingerprint = digest(f"{salt} {GROUP} {PACKED} {group}".encode(),
                         *(s.folder.encode() + b"\0" + s.meta for s in shards))
    previous = [listing, *packs]
    if out.same_inputs(f"{WORDS}:{group}", fingerprint) and all(
            rel in out.previous and out.on_disk(rel) for rel in previous):
        kept = _listing(out, listing)
        if kept is not None:
            out.keep_all(previous)
            return kept
    files = []
    for shard in shards:
        listed = index_files(shard.meta)
        if listed is None:
            return None
        files += [(first, shard.number, name, shard.folder) for first, name in listed]
    if not all(f"{folder}/index/{name}.pf_index" in out.files for _, _, name, folder in files):
        return None  # listed but not published: not Pagefind's own
    files.sort()  # by first word: a word's files are in neighbouring packs
    read = _reader(out, listing)
    placed: Placed = {}
    for number, start in enumerate(range(0, len(files), PACKED)):
        pack, name = bytearray(), f"{group}/{number}"
        for first, _shard, file, folder in files[start:start + PACKED]:
            data = read(folder, file)
            placed.setdefault(folder, {})[file] = [name, len(pack), len(data), first]
            pack += data
        out.write_bytes(f"{WORDS}/{name}.pack", bytes(pack))
    out.write_text(listing, json.dumps(placed, sort_keys=True))
    return placed


def _listing(out: OutputTree, listing: str) -> Placed | None:
    """The previous build's listing of a group's packs; None when it had none or it cannot
    be read (the group's packs are then made again)."""
    if (path := out.previous_file(listing)) is None:
        return None
    try:
        placed = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(placed, dict) or not all(isinstance(names, dict) for names in placed.values()):
        return None
    return placed


def _reader(out: OutputTree, listing: str) -> Callable[[str, str], bytes]:
    """The bytes of a shard's index file (its folder, its name). A shard this build kept has
    the previous build's files, which the previous build's packs of its group hold: read from
    those, a few packs rather than a file each (16 shards' thousand files at 10,000 documents)."""
    before = _listing(out, listing) or {}
    packs: dict[str, bytes | None] = {}

    def previous_pack(name: str) -> bytes | None:
        if name not in packs:
            path = out.previous_file(f"{WORDS}/{name}.pack")
            try:
                packs[name] = path.read_bytes() if path is not None else None
            except OSError:
                packs[name] = None
        return packs[name]

    def read(folder: str, file: str) -> bytes:
        rel = f"{folder}/index/{file}.pf_index"
        spot = before.get(folder, {}).get(file) if out.kept(rel) else None
        if isinstance(spot, list) and len(spot) == 4 and isinstance(pack := previous_pack(str(spot[0])), bytes):
            offset, size = spot[1], spot[2]
            if isinstance(offset, int) and isinstance(size, int) and offset >= 0 and offset + size <= len(pack):
                return pack[offset:offset + size]
        return out.source(rel).read_bytes()

    return read
