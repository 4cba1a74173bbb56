"""What a page reads: typed dependencies, each with the value a page is made from and the
bytes it is fingerprinted by, defined side by side.

A page (pages.Page) is its template applied to the context its `make` function builds
from the values of its reads and from the build's globals (config, URLs, the entity
registry's files, the code, the page's templates: in every page's salt, see pages.py).
Since `make` is handed the values of its reads and nothing else of the site, a page can
show nothing it is not fingerprinted by: that is what makes a kept page right.

A document is fingerprinted by what the page reads of it:
- whole (its own page): its version (the cache key of its file bytes, its sidecar and the
  build salt: every field, the body, mentions and notes) and its slug;
- as a card (a list): the digest of the fields a card shows (model.card_digest) and its slug;
- as an entity page lists it: its card and the digest of its mentions (model.listing_bytes);
- as the pages of sources show it citing: its card and the digest of its notes
  (model.citing_bytes).
Lists are fingerprinted by those bytes joined in order, made once per document per build:
an ordered list, not a sum (swapping two documents' slugs swaps their links, which a sum
over the two does not see)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from operator import attrgetter, itemgetter
from typing import Any, Protocol

from site_builder.cache import digest
from site_builder.index import Citing as Place
from site_builder.index import SiteIndex, Source
from site_builder.mentions import Mention
from site_builder.model import Document, RenderedBody, card_bytes, citing_bytes, listing_bytes, whole_bytes

_FIRST, _SECOND = itemgetter(0), itemgetter(1)
_MADE = {whole_bytes: attrgetter("_whole"), card_bytes: attrgetter("_card")}  # where each keeps its bytes


def _joined(make: Callable[[Document], bytes], docs: Iterable[Document]) -> bytes:
    """make(doc) of each document, joined: read as the attribute build_index made it into (by
    C: an entity named in every document lists them all, on every rebuild), or made here for
    a document of an index of a test's own."""
    return b"".join(_each(make, docs))


def _each(make: Callable[[Document], bytes], docs: Iterable[Document]) -> list[bytes]:
    """make(doc) of each document (see _joined), as a list."""
    docs = list(docs)
    try:
        made = list(map(_MADE[make], docs))
    except AttributeError:  # a document read back from a pickle has none of them
        return list(map(make, docs))
    return made if None not in made else list(map(make, docs))  # (None: not made yet)


def _slice_digests(parts: list[bytes], size: int, tail: bytes = b"") -> list[str]:
    """digest() of each page's slice of parts joined (pagination.slices: one empty slice for
    an empty list), each followed by its slice of tail (a byte per item, or nothing)."""
    join = b"".join
    return [digest(join(parts[k : k + size]) + tail[k : k + size]) for k in range(0, max(1, len(parts)), size)]


class Read(Protocol):
    def fingerprint(self) -> bytes:
        """Bytes that differ whenever value() would."""
        ...

    def value(self) -> Any:
        """What the page's make function is given."""
        ...


@dataclass(frozen=True, slots=True)
class Value:
    """Plain data made for the page (counts, names, entity references, URLs, pagers of
    those): fingerprinted by its repr, so it holds records whose repr shows what a page
    reads of them (dataclasses, tuples, strings), never Documents (see Whole and Cards)."""

    data: Any

    def fingerprint(self) -> bytes:
        return repr(self.data).encode()

    def value(self) -> Any:
        return self.data


@dataclass(frozen=True, slots=True)
class Whole:
    """A document whole, with its rendered body (the body's HTML is read by the worker that
    renders the page, from the cache entry its version names)."""

    doc: Document
    body: RenderedBody

    def fingerprint(self) -> bytes:
        return whole_bytes(self.doc)

    def value(self) -> tuple[Document, RenderedBody]:
        return self.doc, self.body


@dataclass(frozen=True, slots=True)
class Wholes:
    """Documents whole, in order (the home page lists them)."""

    docs: Sequence[Document]

    def fingerprint(self) -> bytes:
        return _joined(whole_bytes, self.docs)

    def value(self) -> list[Document]:
        return list(self.docs)


@dataclass(frozen=True, slots=True)
class Cards:
    """Documents as lists show them (model.DocCard), in order."""

    docs: Sequence[Document]

    def fingerprint(self) -> bytes:
        return _joined(card_bytes, self.docs)

    def value(self) -> list:
        return [doc.listed for doc in self.docs]

    @staticmethod
    def digests(docs: Sequence[Document], size: int) -> list[str]:
        """digest(Cards(s).fingerprint()) of each page's slice s of docs (pagination.slices),
        in one pass: a paged group whose list changed digests every slice (PageMaker._paged)."""
        return _slice_digests(_each(card_bytes, docs), size)


@dataclass(frozen=True, slots=True)
class Mentioning:
    """Documents that mention an entity, each with the mention shown (its sentence and its
    count), or None for a document filed under a topic without naming it; in order. Each
    document is fingerprinted as the list shows it: its card and its mentions (listing_bytes),
    so that an edit that changes neither leaves the pages of its entities as they are."""

    items: Sequence[tuple[Document, Mention | None]]

    def fingerprint(self) -> bytes:
        # the documents as listed, then a byte per item: whether it has a mention (C loops: an
        # entity named in every document lists them all)
        return b"".join(map(listing_bytes, map(_FIRST, self.items))) + bytes(map(bool, map(_SECOND, self.items)))

    def value(self) -> list[tuple]:
        """(card, mentions in it, the mention shown), or (card, None, None)."""
        return [(doc.listed, m.count, m) if m else (doc.listed, None, None) for doc, m in self.items]

    @staticmethod
    def digests(items: Sequence[tuple[Document, Mention | None]], size: int,
                listings: Sequence[bytes] | None = None) -> list[str]:
        """digest(Mentioning(s).fingerprint()) of each page's slice s of items, in one pass
        (see Cards.digests): an entity named by every document has 500 slices. listings:
        listing_bytes of each item's document, when the caller has them (SiteIndex.listings:
        read from one list, not made for 240,000 documents)."""
        parts = list(listings) if listings is not None and len(listings) == len(items) else \
            list(map(listing_bytes, map(_FIRST, items)))
        return _slice_digests(parts, size, bytes(map(bool, map(_SECOND, items))))


@dataclass(frozen=True)
class Slices:
    """A paginated list read by a group of pages (a tag's, an entity's), as its pages'
    slices: fingerprinted by the digest of each page's slice (kind.digests: Cards or
    Mentioning), made once per build, which PageMaker._paged compares one by one when the
    list changed; the list, concatenated, tells no more than the digests of its parts."""

    kind: type[Cards] | type[Mentioning]
    items: Sequence[Any]
    size: int
    listings: Sequence[bytes] | None = None  # Mentioning: listing_bytes of each item's document, if known
    _made: list[str] = field(default_factory=list, compare=False, repr=False)

    def digests(self) -> list[str]:
        if not self._made:
            self._made.extend(self.kind.digests(self.items, self.size) if self.listings is None
                              else Mentioning.digests(self.items, self.size, self.listings))
        return self._made

    def fingerprint(self) -> bytes:
        return "".join(self.digests()).encode()

    def value(self) -> list:
        return self.kind(self.items).value()


@dataclass(frozen=True, slots=True)
class Sources:
    """Sources with the places that cite each (a note, a reference): parts of their
    documents' content, so fingerprinted by the documents as they cite (their cards and
    notes: citing_bytes); the value lists each citing document as its card, and each place
    without the lines of its note and reference (which move with an edit above them, and
    which no page of sources shows)."""

    sources: Sequence[Source]

    def fingerprint(self) -> bytes:
        return b"".join(s.key.encode() + b"\0" + b"".join(citing_bytes(c.document) for c in s.citing)
                        for s in self.sources)

    def value(self) -> list[Source]:
        return [Source(s.key, s.citation, [Place(c.document.listed, replace(c.note, line=None, refs=[]),
                                                 c.ref and replace(c.ref, line=None)) for c in s.citing])
                for s in self.sources]


@dataclass(frozen=True, slots=True)
class Pages:
    """Documents, each as its own page reads it of itself (emitters/documents.py: a group
    of document pages, fingerprinted first): whole, as a card (its related documents'
    score counts its own lists, named by its content), the URLs of its links and its
    versions in other languages; what it reads of the other documents is another read."""

    docs: Sequence[Document]
    links: Sequence[list[str]]  # each document's links' URLs (site.body_links)
    versions: dict[str, tuple]  # rel -> its versions (index.versions), for the documents that have several

    def fingerprint(self) -> bytes:
        versions, made = self.versions, _joined(whole_bytes, self.docs) + _joined(card_bytes, self.docs)
        more = [repr((doc.rel, links, versions.get(doc.rel, ()))) for doc, links in zip(self.docs, self.links,
                                                                                       strict=True)
                if links or doc.rel in versions]
        return made + "\n".join(more).encode()

    def value(self) -> list[Document]:
        return list(self.docs)


@dataclass(frozen=True, slots=True)
class Related:
    """The documents related to one (index.related), as cards. Fingerprinted by what
    related() is a function of (the heads of the lists it reads, see
    index.related_fingerprint), so that a rebuild does not rank every document's
    neighbours again to learn that they did not change."""

    index: SiteIndex
    doc: Document

    def fingerprint(self) -> bytes:
        return self.index.related_fingerprint(self.doc)

    def value(self) -> list:
        return [doc.listed for doc in self.index.related(self.doc)]
