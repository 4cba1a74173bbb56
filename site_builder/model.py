"""The data that flows through a build: load -> link -> index -> emit.

Plain dataclasses, no behaviour beyond small derived properties, so every stage
can be tested alone and every record can cross a process boundary.
"""

from __future__ import annotations

import hashlib
import operator
import pickle
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from functools import cached_property, lru_cache
from typing import Any, Literal

from site_builder.diagnostics import Diagnostic

Format = Literal["markdown", "plaintext", "pdf"]
Precision = Literal["year", "month", "day", "time"]


class Compact:
    """Base of the small records there are hundreds of thousands of (mentions, headings,
    index entries): with slots=True they have no __dict__, and they pickle as their
    constructor's arguments: a slotted dataclass's own pickling runs Python code per
    object, four times slower to load and twice the size."""

    __slots__ = ()

    def __reduce__(self) -> tuple:
        cls = type(self)
        if (fields_of := _FIELDS.get(cls)) is None:  # one C-level getter per class
            fields_of = _FIELDS[cls] = operator.attrgetter(*cls.__slots__, "__class__")
        values = fields_of(self)
        return cls, values[:-1]  # (with "__class__" the getter returns a tuple even for one field)


_FIELDS: dict[type, Callable[[Any], tuple]] = {}


@dataclass(frozen=True, slots=True)
class When:
    """A document's date and how much of it the writer gave (a PDF may say only 2026)."""

    value: datetime
    precision: Precision = "day"

    def __reduce__(self) -> tuple:
        # In every list item of every page context. A datetime's timezone pickles through
        # copyreg's Python code each time (it cannot cache on a C type); its offset does not.
        tz = self.value.tzinfo
        if tz is None:
            return When, (self.value, self.precision)
        return _when, (self.value.replace(tzinfo=None), tz.utcoffset(None), self.precision)

    @property
    def sort_key(self) -> float:
        v = self.value if self.value.tzinfo else self.value.replace(tzinfo=UTC)
        return v.timestamp()

    @property
    def iso(self) -> str:
        if self.precision == "year":
            return f"{self.value.year:04d}"
        if self.precision == "month":
            return f"{self.value.year:04d}-{self.value.month:02d}"
        if self.precision == "day":
            return self.value.date().isoformat()
        return self.value.isoformat()

    @property
    def day(self) -> date:
        return self.value.date()


@lru_cache(maxsize=256)
def _timezone(offset: timedelta) -> timezone:
    return timezone(offset)


def _when(value: datetime, offset: timedelta, precision: Precision) -> When:
    return When(value.replace(tzinfo=_timezone(offset)), precision)


@dataclass
class Document:
    """One source document after loading: metadata plus its body as Markdown."""

    rel: str  # path relative to the content folder, POSIX separators
    slug: str
    title: str
    body: str  # Markdown (plain text is converted on load)
    body_line: int = 1  # line of the file where the body starts
    format: Format = "markdown"
    date: When | None = None
    updated: When | None = None  # when it was last changed (lastmod, updated), if it says
    draft: bool = False
    summary: str = ""
    tags: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    featured_image: str | None = None
    source: str | None = None  # where the document came from (sidecar `source`)
    type: str | None = None  # front matter `type` (news: a NewsArticle in its JSON-LD)
    authors: list[str] = field(default_factory=list)  # front matter `author` / `authors`
    aliases: list[str] = field(default_factory=list)  # old URLs or paths, as written: redirected here
    permalink: str | None = None  # its url:/permalink: (among its aliases): its address, if site.yaml says so
    lang: str = ""  # its language (front matter `lang`); "" until linked: then the site's if it gave none
    translation_key: str = ""  # its versions in other languages share it (translation_key, translationKey)
    translations: list[str] = field(default_factory=list)  # or name them: their paths in content/ or slugs
    extra: dict = field(default_factory=dict)
    version: str = ""  # the cache key of what it was loaded from: names its content exactly
    # names what other pages show of it, 32 characters each: lists (card_digest), the entities'
    # pages (its mentions: mentions.mentions_digest) and the pages of sources (its notes:
    # footnotes.notes_digest); made by the worker that loads it. One field for the three: a
    # field more and the documents' dictionaries no longer share their keys (Python shares
    # up to 30, sort_key among them): 1.3 KiB more each, 160 MiB at 100,000 documents
    shown: str = ""
    # What a build works out of it once and keeps on it (see whole_bytes, card_bytes, listed,
    # versions; sort_key comes after them): fields, so that every document's attributes are
    # the same from __init__ on and their dictionaries stay small (Python shares the keys of
    # such dictionaries; attributes added later in another order gave each document a
    # dictionary of its own, 1.4 KiB more each: 14.5 MiB at 10,000 documents)
    _whole: bytes | None = field(init=False, repr=False, compare=False)
    _card: bytes | None = field(init=False, repr=False, compare=False)
    _listed: DocCard | None = field(init=False, repr=False, compare=False)
    _versions: tuple[tuple[str, str], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._whole = self._card = self._listed = None
        self._versions = ()

    @property
    def modified(self) -> When | None:
        """When it last changed: its `lastmod`/`updated` if later than its date, else its date."""
        if self.updated and (not self.date or self.updated.sort_key > self.date.sort_key):
            return self.updated
        return self.date

    @property
    def versions(self) -> tuple[tuple[str, str], ...]:
        """(language, slug) of its versions in other languages (set by index.build_index)."""
        return self.__dict__.get("_versions", ())

    @property
    def params(self) -> dict:
        """Its front matter keys site-builder does not read, by Hugo's name (.Params)."""
        return self.extra

    def copy(self) -> Document:
        """A shallow copy, without what is cached on it: dataclasses.replace runs __init__
        over every field, once per document of every build."""
        doc = object.__new__(Document)
        doc.__post_init__()
        for name, value in self.__getstate__().items():  # (setattr: __dict__.update made each a dictionary of its own)
            setattr(doc, name, value)
        return doc

    @property
    def listed(self) -> DocCard:
        """Its card, made once per build."""
        if (card := self.__dict__.get("_listed")) is None:
            card = self.__dict__["_listed"] = DocCard(self.rel, self.slug, self.title, self.date, self.summary,
                                                      self.lang, self.versions)
        return card

    def __getstate__(self) -> dict:
        # what is cached on it (its repr, sort key, card key) is made again where needed:
        # not sent with every page context that lists it
        # but its versions, which the build sets on it (index.build_index) and pages show
        return {k: v for k, v in self.__dict__.items() if (k[0] != "_" or k == "_versions") and k != "sort_key"}

    @cached_property  # (not a property, which runs a function at each read: every sort and merge reads it)
    def sort_key(self) -> tuple[float, tuple]:
        """Newest first when sorted ascending; undated documents last, then by path, its
        numbers by value (issue-2 before issue-10, as a reader counts)."""
        return (-self.date.sort_key if self.date else float("inf"), natural(self.rel))


_DIGITS = re.compile(r"([0-9]+)")


def natural(text: str) -> tuple:
    """A key ordering text as a reader does: each run of digits by its value (compared by its
    length without leading zeros, then as written: no conversion of a stranger's thousand-digit
    name to a number), the rest as written."""
    parts: list = _DIGITS.split(text)
    parts[1::2] = [(len(run.lstrip("0")), run) for run in parts[1::2]]
    return tuple(parts)


# Document.shown: the digests of its card, its mentions and its notes, one after the other
CARD, MENTIONS, NOTES = slice(0, 32), slice(32, 64), slice(64, 96)


def card_digest(doc: Document) -> str:
    """Names what a list shows of a document (every field of its DocCard but its slug, and
    its place in lists): made by the worker that loads it (Document.shown)."""
    fields = (doc.rel, doc.title, doc.date, doc.summary, doc.tags, doc.topics, doc.featured_image, doc.authors,
              doc.draft, doc.lang)
    return hashlib.sha256(repr(fields).encode()).hexdigest()[:32]


def whole_bytes(doc: Document) -> bytes:
    """A document whole: its version, its slug and its featured image if it exists (a
    build looks for it again: see build.link_documents), once per build."""
    if (made := doc.__dict__.get("_whole")) is None:
        if doc.version:
            made = f"{doc.rel}\0{doc.slug}\0{doc.version}\0{doc.featured_image}\0{doc.versions}\n".encode()
        else:  # a document not loaded by a build (a test's): every field
            made = repr(sorted(doc.__getstate__().items())).encode() + b"\n"
        doc.__dict__["_whole"] = made
    return made


def card_bytes(doc: Document) -> bytes:
    """What a list shows of a document (model.DocCard) and its link (once per build)."""
    if (made := doc.__dict__.get("_card")) is None:
        # with the other versions it links to (index._versions): their languages and slugs
        made = doc.__dict__["_card"] = f"{doc.shown[CARD] or card_digest(doc)}\0{doc.slug}\0{doc.versions}\n".encode()
    return made


def listing_bytes(doc: Document) -> bytes:
    """A document as an entity page lists it: its card and the mentions it shows (an edit
    elsewhere in it changes neither); whole for a document no worker loaded (a test's)."""
    return card_bytes(doc) + doc.shown[MENTIONS].encode() + b"\n" if doc.shown else whole_bytes(doc)


def citing_bytes(doc: Document) -> bytes:
    """A document as the pages of sources show it citing: its card and its notes; whole for
    a document no worker loaded."""
    return card_bytes(doc) + doc.shown[NOTES].encode() + b"\n" if doc.shown else whole_bytes(doc)


@dataclass(slots=True)
class DocCard:
    """What a list shows of a document (a tag page, an entity page, related articles, the
    sources): sent with page contexts instead of the whole Document, 350,000 times per
    build at 10,000 documents. So it pickles as its own bytes, made once, and a process
    that reads it back makes one card of them (see read_back), not one per page."""

    rel: str
    slug: str
    title: str
    date: When | None
    summary: str
    lang: str = ""  # its language (the site's, unless it says)
    versions: tuple[tuple[str, str], ...] = ()  # (language, slug) of its versions in other languages
    blob: bytes = field(default=b"", compare=False, repr=False)
    name: bytes = field(default=b"", compare=False, repr=False)  # a digest of blob

    def __reduce__(self) -> tuple:
        if not self.blob:
            self.blob = pickle.dumps((self.rel, self.slug, self.title, self.date, self.summary, self.lang,
                                      self.versions),
                                     protocol=pickle.HIGHEST_PROTOCOL)
            self.name = hashlib.blake2b(self.blob, digest_size=16).digest()
        # read back by its name: a worker keeps 10,000 cards, not also the bytes of each
        return read_back, (DocCard, self.blob, self.name)


# What this process read back of the records that pickle as their own bytes (DocCard,
# EntityRef), by class and bytes (or a digest of them): one object for each, however many
# pages list it.
_READ: dict[type, dict[bytes, Any]] = {}
READ_LIMIT = 10_000


def read_back(cls: type, blob: bytes, name: bytes = b"") -> Any:
    made = _READ.setdefault(cls, {})
    if (obj := made.get(name or blob)) is None:
        # a worker of a large site (with the macro memo, 165 MiB more a worker at 100,000
        # documents) and a long-lived process (the dev server, whose old versions go): past
        # READ_LIMIT, again
        if len(made) >= READ_LIMIT:
            made.clear()
        # named: the object does not keep the bytes (made again if it is pickled again)
        obj = made[name or blob] = cls(*pickle.loads(blob)) if name else cls(*pickle.loads(blob), blob=blob)
    return obj


@dataclass(slots=True)
class Heading(Compact):
    level: int
    text: str  # plain text
    html: str  # its inline Markdown rendered, links as their text: what the table of contents shows
    id: str


@dataclass(slots=True)
class LinkRef(Compact):
    """A link or image of a document that the build resolves (doclinks.py): its kind (path:
    as written in Markdown; ref, link, post, asset: named by a shortcode or Liquid tag), the
    target as written, its line."""

    kind: str
    target: str
    line: int | None
    image: bool


@dataclass
class RenderedBody:
    """What rendering one document's Markdown produces, kept small."""

    html: str
    headings: list[Heading] = field(default_factory=list)
    text: str = ""  # plain text of the body, for summaries and search
    images: list[str] = field(default_factory=list)  # src of every image, to check they exist
    notes: list = field(default_factory=list)  # footnotes.Note, in number order
    note_problems: list[tuple[int | None, str]] = field(default_factory=list)  # citation lint
    errors: list[tuple[int | None, str]] = field(default_factory=list)  # (line, message): text not shown
    warnings: list[tuple[int | None, str]] = field(default_factory=list)  # (line, message): math shown as LaTeX
    mentions: list = field(default_factory=list)  # mentions.Mention: one per entity (mentions.link_entities)
    # entity key -> mentions in the document; folded into `mentions` by the worker (each
    # one's count) and emptied, so that the build process holds no dict per document
    mention_counts: dict[str, int] = field(default_factory=dict)
    links: list[LinkRef] = field(default_factory=list)  # in the order of their placeholders in the HTML
    # what is told once per build (shortcodes not rendered): (line, message); folded into the
    # document's diagnostics by the worker, like `excerpt` (the text before <!--more-->) into its summary
    tallied: list[tuple[int | None, str]] = field(default_factory=list)
    excerpt: str | None = None
    # the registered names its text has where they are no mention, as written (in a heading,
    # a link's text): words of its search index too (mentions.link_entities)
    written: list[str] = field(default_factory=list)


@dataclass
class DocResult:
    """What processing one document makes: kept in the cache for the next build."""

    rel: str
    key: str
    document: Document | None = None  # body Markdown dropped: it is not needed after rendering
    body: RenderedBody | None = None  # html dropped: it is in the cache under `key`
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass(frozen=True)
class Tag:
    slug: str
    name: str


@dataclass
class Page:
    """One output file, as an emitter describes it."""

    path: str  # output path relative to the site root, e.g. "tags/ai/index.html"
    kind: str  # for the build summary: "document", "tag", ...
