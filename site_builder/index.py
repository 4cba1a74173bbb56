"""Index stage: aggregate the documents into tags, topics, entity mentions, co-mentions
and sources. One pass over the documents with dictionaries, so the cost grows linearly
with the site; nothing compares every document with every other, nor every entity with
every other: co-mentions and an entity's tags are counted from each document's own lists."""

from __future__ import annotations

import heapq
import itertools
from collections import Counter, defaultdict, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import repeat
from operator import attrgetter

from site_builder import translations
from site_builder.cache import digest
from site_builder.citations import Citation
from site_builder.footnotes import Note, NoteRef
from site_builder.mentions import Mention
from site_builder.model import Compact, Document, RenderedBody, When, card_bytes, listing_bytes
from site_builder.registry import EntityRef, Registry
from site_builder.sections import Section, group
from site_builder.slugs import slugify
from site_builder.translations import Version

RELATED_SCAN = 50  # per shared entity or tag, look at this many newest documents at most
RELATED_SHOWN = 5
MASK_BITS = 8192  # related(): bit masks of list heads no longer than this (128 machine words)
# Per document, the entities paired with each other for co-mentions, and the tags paired
# with each of its entities, at most: what one document adds to the index is bounded
PAIRED = 200
ENTITY_OF = attrgetter("entity")
CO_MENTIONS_KEPT = 12  # per entity, what its page shows
ENTITY_TAGS_KEPT = 20


@dataclass
class Taxon:
    """A tag or a topic: a name, its slug and the documents filed under it, newest first."""

    slug: str
    name: str
    documents: list[Document] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.documents)


@dataclass(slots=True)  # one per citing place (see Compact)
class Citing(Compact):
    """One place that cites a source: a note of a document, and the reference if cited."""

    document: Document
    note: Note
    ref: NoteRef | None  # None: the note is defined but never cited in the text


@dataclass
class Source:
    """A distinct source across the site: the same title and publisher are one source."""

    key: str
    citation: Citation  # as first written
    citing: list[Citing] = field(default_factory=list)

    def __reduce__(self) -> tuple:
        # its key is its citation's (without pickle's cache of its UTF-8: see Citation)
        return _source, (self.citation, self.citing)

    def by_document(self) -> list[tuple[Document, list[Citing]]]:
        """The citing places grouped by document, newest document first."""
        groups: dict[str, tuple[Document, list[Citing]]] = {}
        for c in self.citing:
            groups.setdefault(c.document.rel, (c.document, []))[1].append(c)
        return list(groups.values())


def _source(citation: Citation, citing: list[Citing]) -> Source:
    return Source(citation.key, citation, citing)


@dataclass
class Publisher:
    slug: str
    name: str
    sources: list[Source] = field(default_factory=list)


@dataclass
class SiteIndex:
    documents: list[Document]  # newest first, one version of each document: what lists show
    tags: dict[str, Taxon]  # by slug, most used first
    topics: dict[str, Taxon]  # by topic entity slug: documents filed under it (main_topics)
    registry: Registry = field(default_factory=Registry)
    mentioned_in: dict[str, list[Document]] = field(default_factory=dict)  # entity key -> newest first
    mentioned_at: dict[str, list[int]] = field(default_factory=dict)  # those documents' positions in `documents`
    # entity key -> the mention shown of each of those documents, with its count (a list
    # beside it, not an object per pair: there are 230,000 pairs at 10,000 documents)
    first_mentions: dict[str, list[Mention]] = field(default_factory=dict)
    in_document: dict[str, list[Mention]] = field(default_factory=dict)  # document rel -> one per entity
    # document rel -> the keys of those entities (what a topic's co-mentions count: see
    # emitters/entities._panels), and each document's period by position in `every`
    entities_in: dict[str, tuple[str, ...]] = field(default_factory=dict)
    periods: list[str | None] = field(default_factory=list)
    # entity key -> the entities most often in the same documents, with how many (the
    # CO_MENTIONS_KEPT first: see _tally)
    co_mentions: dict[str, Counter[str]] = field(default_factory=dict)
    members: dict[str, list[tuple[EntityRef, str]]] = field(default_factory=dict)  # company key -> (person, role)
    publishers: dict[str, Publisher] = field(default_factory=dict)  # by slug, most sources first
    # entity key -> the sources that name it as their publisher or author, newest citing first
    cited_as: dict[str, list[Source]] = field(default_factory=dict)
    _by_id: dict[int, int] = field(default_factory=dict)  # id(document) -> its position in every
    _slug_positions: dict[str, int] = field(default_factory=dict)  # slug -> position in every (see _own)
    _positions: dict[str, list[int]] = field(default_factory=dict)  # heads of the lists related() reads
    _masks: dict[str, int | None] = field(default_factory=dict)  # those heads as bits (see related)
    # entity key -> tag slug -> documents, the ENTITY_TAGS_KEPT most common
    tags_of_entity: dict[str, Counter[str]] = field(default_factory=dict)
    mentions_by_period: dict[str, Counter[str]] = field(default_factory=dict)  # entity key -> period -> documents
    _heads: dict[str, bytes] = field(default_factory=dict)  # fingerprints of those heads (related_fingerprint)
    _pages_fingerprint: str | None = None  # see pages_fingerprint
    listings: list[bytes] = field(default_factory=list)  # listing_bytes of each document of `every`, by position
    _tag_lists: dict[str, str] = field(default_factory=dict)  # tag name -> the name of its list (_lists)
    _tag_entities: dict[str, EntityRef | None] = field(default_factory=dict)  # see tag_entity
    sections: list[Section] = field(default_factory=list)  # folders' own pages, by folder
    every: list[Document] = field(default_factory=list)  # every version of every document, newest first
    # document rel -> every version of it (translations.py), for the documents that have several
    versions: dict[str, tuple[Version, ...]] = field(default_factory=dict)

    def tag_slug(self, name: str) -> str:
        return slugify(name, fallback="tag")

    def topic_slug(self, name: str) -> str:
        return self.registry.topic_for(name).slug

    def tag_entity(self, name: str) -> EntityRef | None:
        """A tag whose text is an entity's name or alias stands for that entity too. Looked
        up once per tag name (a few hundred), not once per document that carries it."""
        if name not in self._tag_entities:
            entity = self.registry.lookup(name)
            self._tag_entities[name] = entity.ref if entity else None
        return self._tag_entities[name]

    def entity_count(self, key: str) -> int:
        return len(self.mentioned_in.get(key, ()))

    def listings_of(self, key: str) -> list[bytes] | None:
        """listing_bytes of each document mentions_of(key) lists, in order; None when the
        index has not made them."""
        return list(map(self.listings.__getitem__, self.mentioned_at.get(key, ()))) if self.listings else None

    def mentions_of(self, key: str) -> list[tuple[Document, Mention]]:
        """The documents that mention an entity, newest first, each with its mention shown
        (and its count: Mention.count)."""
        return list(zip(self.mentioned_in.get(key, ()), self.first_mentions.get(key, ()), strict=True))

    def listed_with_mentions(self, key: str, filed: list[Document]) -> list[tuple[Document, Mention | None]]:
        """mentions_of(key) merged with the documents filed (a topic's, without a mention),
        newest first: a document in both with its mention. Merged by the documents'
        positions in `every` (its order is newest first): dictionaries and a sort of
        integers in C, where a sort by each pair's document's sort key called Python 500,000
        times at 100,000 documents."""
        merged = dict(zip(map(self._by_id.__getitem__, map(id, filed)), zip(filed, repeat(None)), strict=True))
        merged.update(zip(self.mentioned_at.get(key, ()), self.mentions_of(key), strict=True))
        return list(map(merged.__getitem__, sorted(merged)))

    def periods_of(self, docs: list[Document]) -> Counter[str]:
        """How many of the documents are of each period (period_of; undated ones left out):
        read from the index's list when they are its documents (C loops: a topic files
        thousands of documents)."""
        try:
            return _counted(map(self.periods.__getitem__, map(self._by_id.__getitem__, map(id, docs))))
        except (KeyError, IndexError):  # a document of another index (a test's)
            return _counted(map(period_of, map(attrgetter("date"), docs)))

    def entity_tags(self, key: str, limit: int = ENTITY_TAGS_KEPT) -> list[tuple[str, str, int]]:
        """(slug, name, documents) of the tags of the documents that mention the entity."""
        counts = self.tags_of_entity.get(key, Counter())
        return [(slug, self.tags[slug].name, n) for slug, n in counts.most_common(limit)]

    def timeline(self, key: str) -> list[tuple[str, int]]:
        """Documents that mention the entity per year-month (per year for year-only dates),
        oldest first (charts.timeline puts them on one axis)."""
        return sorted(self.mentions_by_period.get(key, Counter()).items())

    def related_fingerprint(self, doc: Document) -> bytes:
        """What related(doc) is a function of: the document, and the heads of the lists it
        reads (a document's score counts the lists it is in), each named by its
        documents' cards in order. Cheap: each head is fingerprinted once per build."""
        heads, names = self._heads, self._lists(doc)
        try:  # each head made once: then C loops (10,000 documents, 30 lists each)
            return card_bytes(doc) + b"".join(map(heads.__getitem__, names))
        except KeyError:
            for name in names:
                if name not in heads:
                    self._head_fingerprint(name)
            return card_bytes(doc) + b"".join(map(heads.__getitem__, names))

    def pages_fingerprint(self) -> str:
        """What a document's page reads of the rest of the site, for every document at once
        (see emitters/documents.py): the heads of every list related() may read, and the
        slug and entity of every topic and tag name a document gives. Once per build."""
        if self._pages_fingerprint is None:
            named_in = (set(itertools.chain.from_iterable(self.entities_in.values())) if self.entities_in
                        else {m.entity for mentions in self.in_document.values() for m in mentions})
            names = [*sorted(named_in | self.mentioned_in.keys()), *("#" + slug for slug in sorted(self.tags))]
            heads = self._heads
            for name in names:
                if name not in heads:
                    self._head_fingerprint(name)
            topics = dict.fromkeys(itertools.chain.from_iterable(map(attrgetter("topics"), self.every)))
            tags = dict.fromkeys(itertools.chain.from_iterable(map(attrgetter("tags"), self.every)))
            named = repr(([(name, self.topic_slug(name)) for name in topics],
                          [(name, self.tag_slug(name), self.tag_entity(name)) for name in tags]))
            self._pages_fingerprint = digest(*map(heads.__getitem__, names), named.encode())
        return self._pages_fingerprint

    def _head_fingerprint(self, name: str) -> bytes:
        documents = self.every  # a head is up to RELATED_SCAN cards: a digest of them
        head = self._heads[name] = digest(name.encode(), *(card_bytes(documents[p]) for p in self._head(name))).encode()
        return head

    def related(self, doc: Document) -> list[Document]:
        """Documents sharing the most entities (weight 2) and tags (weight 1) with doc, ties
        newest first. Each shared feature contributes at most RELATED_SCAN candidates:
        linear cost. This runs once per document page, in the build process: the scores
        are added as bit planes of big integers, each list's head a bit per document (by
        position in `documents`, newest first), so that a list costs a dozen integer
        operations, not one dictionary update per candidate. A head that reaches further
        than MASK_BITS documents back (a rare tag) would make those integers grow with the
        site: then its candidates are counted one by one."""
        names = list(self._lists(doc))
        masks = [self._mask(name) for name in names]
        if None in masks:
            return self._related_counted(doc, names)
        planes: list[int] = []  # planes[b]: the documents whose score has bit b set
        for name, carry in zip(names, masks, strict=True):
            for bit in range(0 if name.startswith("#") else 1, 64):  # a tag weighs 1, an entity 2
                if bit >= len(planes):
                    planes += [0] * (bit + 1 - len(planes))
                planes[bit], carry = planes[bit] ^ carry, planes[bit] & carry
                if not carry:
                    break
        for own in self._own(doc):  # itself and its versions in other languages
            planes = [plane & ~(1 << own) for plane in planes]
        shown: list[Document] = []
        while len(shown) < RELATED_SHOWN:
            best = 0  # the documents of the highest score left: from the top bit down
            for plane in planes:
                best |= plane
            if not best:
                break
            for plane in reversed(planes):
                if best & plane:
                    best &= plane
            planes = [plane & ~best for plane in planes]
            while best and len(shown) < RELATED_SHOWN:  # newest (lowest position) first
                low = best & -best
                shown.append(self.every[low.bit_length() - 1])
                best ^= low
        return shown

    def _related_counted(self, doc: Document, names: list[str]) -> list[Document]:
        """related(), each candidate counted in a dictionary."""
        candidates: list[int] = []
        for name in names:
            head = self._head(name)
            candidates += head if name.startswith("#") else head * 2
        scores = Counter(candidates)
        for own in self._own(doc):
            scores.pop(own, None)
        n = len(self.every)
        best = heapq.nsmallest(RELATED_SHOWN, [position - score * n for position, score in scores.items()])
        return [self.every[key % n] for key in best]

    def _own(self, doc: Document) -> list[int]:
        """The positions of a document and of its versions in other languages."""
        own = [p] if (p := self._by_id.get(id(doc))) is not None else []
        if doc.rel in self.versions:
            if not self._slug_positions:
                self._slug_positions.update((d.slug, i) for i, d in enumerate(self.every))
            own += [self._slug_positions[v.slug] for v in self.versions[doc.rel] if v.slug in self._slug_positions]
        return own

    def _mask(self, name: str) -> int | None:
        """A list's head (see _head) as a bit per document position, once per build; None
        when it reaches back further than MASK_BITS documents."""
        if (mask := self._masks.get(name, False)) is False:
            head = self._head(name)
            mask = self._masks[name] = sum(1 << p for p in head) if not head or max(head) < MASK_BITS else None
        return mask

    def _lists(self, doc: Document) -> list[str]:
        """The lists related(doc) reads: its entities (by key), then its tags ("#" + slug)."""
        tags = self._tag_lists
        return [*map(ENTITY_OF, self.in_document.get(doc.rel, ())),
                *(tags.get(name) or tags.setdefault(name, "#" + self.tag_slug(name)) for name in doc.tags)]

    def _head(self, name: str) -> list[int]:
        """The positions in `documents` of a list's newest RELATED_SCAN documents, once per build."""
        if (head := self._positions.get(name)) is None:
            docs = (self.tags[name[1:]].documents if name.startswith("#")
                    else self.mentioned_in.get(name, ()))
            head = self._positions[name] = [self._by_id[id(d)] for d in itertools.islice(docs, RELATED_SCAN)]
        return head


def _group(documents: list[Document], names_of, slug_of, keep=lambda docs: docs) -> dict[str, Taxon]:
    """Group documents by slug: 'AI Agent' and 'ai agent' are one tag, shown in the
    spelling used most often. keep: the documents a taxon lists of those filed under it."""
    members: dict[str, list[Document]] = defaultdict(list)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    slugs: dict[str, str] = {}  # a few hundred names over tens of thousands of documents
    for doc in documents:  # already newest first, so members stay sorted
        for name in dict.fromkeys(names_of(doc)):
            if (slug := slugs.get(name)) is None:
                slug = slugs[name] = slug_of(name)
            if not members[slug] or members[slug][-1] is not doc:
                members[slug].append(doc)
            spellings[slug][name] += 1
    taxa = [Taxon(slug, spellings[slug].most_common(1)[0][0], keep(docs)) for slug, docs in members.items()]
    taxa.sort(key=lambda t: (-t.count, t.name))
    return {t.slug: t for t in taxa}


def period_of(when: When | None) -> str | None:
    """"2025-06", or "2026" for a year-only date; None for an undated document."""
    if when is None:
        return None
    v = when.value
    return f"{v.year:04d}" if when.precision == "year" else f"{v.year:04d}-{v.month:02d}"


def _counted(periods: Iterator[str | None]) -> Counter[str]:
    """How many of the periods are each, leaving out None (undated documents)."""
    counts = Counter(periods)
    counts.pop(None, None)  # type: ignore[call-overload]
    return counts  # type: ignore[return-value]


def _positions(lists: list[tuple[str, ...]]) -> dict[str, list[int]]:
    """name -> the positions of the lists it is in."""
    found: dict[str, list[int]] = defaultdict(list)
    for i, names in enumerate(lists):
        for name in names:
            found[name].append(i)
    return dict(found)


def _paired(mentions: list[Mention]) -> tuple[str, ...]:
    """The entities of a document that are paired with each other (co-mentions), sorted by
    key: all of them, or, in a document naming more than PAIRED, the PAIRED it mentions
    most (ties: the first named). A list of hundreds of names (a directory, a bibliography)
    would otherwise cost the square of its length and say little of who goes with whom."""
    chosen = mentions if len(mentions) <= PAIRED else heapq.nsmallest(PAIRED, mentions, key=lambda m: -m.count)
    return tuple(sorted(map(ENTITY_OF, chosen)))


def _tally(lists: list[tuple[str, ...]], positions: dict[str, list[int]], kept: int,
           names: dict[str, list[int]], itself: bool = False) -> dict[str, Counter[str]]:
    """For each key, in how many of its lists (by position, newest document first) each
    name appears: the `kept` most common, ties in order of the newest document shared,
    then by name. names: the positions of the lists each name is in (`positions` itself
    when keys and names are one set, as for co-mentions). itself: a key is not counted
    with itself.

    Two ways to the same counts; the cheaper is taken. Counting the names of each key's
    lists costs the pairs that occur, never every key against every other. But where
    a few keys are in most lists (a site about a dozen companies, each named in every
    document), the pairs that occur are many times the keys squared: then each key and
    name is a bit set over the lists, and a pair's count is one AND of two integers."""
    lengths = list(map(len, lists))
    counted = sum(map(lengths.__getitem__, itertools.chain.from_iterable(positions.values())))
    masks = len(positions) * len(names) * (PAIR_COST + len(lists) // WORD_BITS) + \
        (len(positions) + len(names)) * len(lists) // MASK_BYTE_COST
    if masks < counted:
        return _tally_masks(positions, names, len(lists), kept, itself)
    tallies: dict[str, Counter[str]] = {}
    for key, where in positions.items():
        counts = Counter(itertools.chain.from_iterable(map(lists.__getitem__, where)))
        if itself:
            del counts[key]
        tallies[key] = Counter(dict(counts.most_common(kept)))  # a Counter keeps the order names were met in
    return tallies


PAIR_COST = 8  # a pair of bit sets' own work (lookups, AND, bit_count), in names counted
WORD_BITS = 64  # the bits an AND handles for the work of one name counted (about)
MASK_BYTE_COST = 8  # the positions a bit set is made of, per name counted


def _tally_masks(positions: dict[str, list[int]], names: dict[str, list[int]], size: int, kept: int,
                 itself: bool) -> dict[str, Counter[str]]:
    """_tally by bit sets: bit i of a name's set says it is in list i."""
    name_bits = {name: _bits(where, size) for name, where in names.items()}
    tallies: dict[str, Counter[str]] = {}
    for key, where in positions.items():
        mine = name_bits[key] if names is positions else _bits(where, size)
        shared = []
        for name, theirs in name_bits.items():
            if (both := mine & theirs) and not (itself and name == key):
                # the count, then the newest list shared (its lowest bit), then the name
                shared.append((-both.bit_count(), (both & -both).bit_length(), name))
        shared.sort()
        tallies[key] = Counter({name: -n for n, _, name in shared[:kept]})
    return tallies


def _bits(where: list[int], size: int) -> int:
    """An integer with bit i set for each i in where; the loops run in C."""
    digits = bytearray(b"0") * size
    deque(map(digits.__setitem__, where, repeat(ord("1"))), maxlen=0)
    return int(digits[::-1], 2)


def build_index(documents: list[Document], bodies: dict[str, RenderedBody] | None = None,
                registry: Registry | None = None, sections: list[Document] | None = None,
                language: str = "") -> SiteIndex:
    """language: the site's; of the versions of a document (translations.py), lists show the
    one in it, with links to the others."""
    registry = registry or Registry()
    bodies = bodies or {}
    every = sorted(documents, key=lambda d: d.sort_key)
    versions, hidden = _versions(every, language)
    docs = [d for d in every if d.rel not in hidden]  # positions (related, co-mentions) are in `every`

    def one_version(listed: list[Document]) -> list[Document]:
        return _one_version(listed, hidden)

    index = SiteIndex(
        every=every,
        versions=versions,
        documents=docs,
        tags=_group(every, lambda d: d.tags, lambda n: slugify(n, fallback="tag"), one_version),
        topics={},
        registry=registry,
        _by_id={id(d): i for i, d in enumerate(every)},
        sections=group(sections or [], docs),
    )
    topics = _group(every, lambda d: d.topics, lambda n: registry.topic_for(n).slug, one_version)
    for taxon in topics.values():
        taxon.name = registry.get("topic", taxon.slug).name  # the registry's spelling
    index.topics = topics

    first_mentions: dict[str, list[Mention]] = defaultdict(list)
    # co-mentions and an entity's tags, from each document's own lists: per document, its
    # paired entities (sorted) and its tag slugs (sorted); per entity, the positions of the
    # documents it is in (at all, or paired): memory in proportion to the mentions
    mentioned_at: dict[str, list[int]] = defaultdict(list)
    paired: list[tuple[str, ...]] = []
    # a mention counted but not paired: a document naming more than PAIRED entities, or a
    # version lists leave out (then the paired positions are not those of the mentions)
    unpaired = False
    tag_lists: list[tuple[str, ...]] = []
    tag_in: dict[str, list[int]] = defaultdict(list)
    slugs: dict[str, str] = {}  # a few hundred tag names over tens of thousands of documents
    for i, doc in enumerate(every):
        body = bodies.get(doc.rel)
        mentions = body.mentions if body else []
        index.in_document[doc.rel] = mentions
        index.entities_in[doc.rel] = tuple(map(ENTITY_OF, mentions))
        # a version lists leave out counts for what the version they show does not name
        shown = hidden.get(doc.rel)
        named = {m.entity for m in bodies[shown].mentions} if shown and shown in bodies else set()
        for first in mentions:  # one per entity it counts, with its count: see mentions.link_entities
            if first.entity in named:
                continue
            first_mentions[first.entity].append(first)
            mentioned_at[first.entity].append(i)
        paired.append(_paired(mentions) if not shown else ())  # a translation is not another co-mention
        unpaired = unpaired or len(mentions) > PAIRED or bool(shown and mentions)
        doc_slugs = dict.fromkeys(slugs.get(name) or slugs.setdefault(name, slugify(name, fallback="tag"))
                                  for name in doc.tags)
        tag_lists.append(tuple(sorted(itertools.islice(doc_slugs, PAIRED))))
        for slug in tag_lists[-1]:
            tag_in[slug].append(i)
    index.mentioned_at, index.first_mentions = dict(mentioned_at), dict(first_mentions)
    index.mentioned_in = {key: list(map(every.__getitem__, where)) for key, where in mentioned_at.items()}
    periods = index.periods = [period_of(doc.date) for doc in every]
    index.mentions_by_period = {key: by_period for key, where in mentioned_at.items()
                                if (by_period := _counted(map(periods.__getitem__, where)))}
    paired_in = index.mentioned_at if not unpaired else _positions(paired)
    index.co_mentions = _tally(paired, paired_in, CO_MENTIONS_KEPT, paired_in, itself=True)
    index.tags_of_entity = _tally(tag_lists, index.mentioned_at, ENTITY_TAGS_KEPT, tag_in)

    index.publishers, index.cited_as = _publishers(every, bodies, registry)
    # what pages are fingerprinted by, now that slugs and versions are final (depends.py)
    index.listings = list(map(listing_bytes, every))
    for doc in every:
        card_bytes(doc)
    for entity in registry.entities.values():
        for role in entity.roles:
            index.members.setdefault(f"company:{role.org}", []).append((entity.ref, role.title))
    return index



def _one_version(listed: list[Document], hidden: dict[str, str]) -> list[Document]:
    """A list with one version of each document: a version not in the site's language is
    left out where the one in it is listed too (a tag only the English version has lists it)."""
    if not hidden:
        return listed
    there = {d.rel for d in listed}
    return [d for d in listed if hidden.get(d.rel) not in there]


def _versions(documents: list[Document], language: str) -> tuple[dict[str, tuple[Version, ...]], dict[str, str]]:
    """rel -> every version, for the documents in several languages; and the versions lists
    leave out (all but the one in the site's language), each with the rel of the one they
    show. Each card names the others (model.DocCard.versions): set here, before any card is
    made or fingerprinted."""
    found: dict[str, tuple[Version, ...]] = {}
    hidden: dict[str, str] = {}
    for doc in documents:  # a document the dev server keeps from a build when it was in a group
        if doc.__dict__.get("_versions"):
            doc._versions = ()
            doc._listed = doc._card = doc._whole = None  # made of its versions too
    for members in translations.groups(documents):
        shown = translations.lead(members, language)
        every = translations.versions(members)
        for doc in members:
            found[doc.rel] = every
            doc._listed = doc._card = doc._whole = None  # made of its versions too
            doc._versions = tuple((v.lang, v.slug) for v in every if v.slug != doc.slug)
            if doc is not shown:
                hidden[doc.rel] = shown.rel
    return found, hidden


NO_PUBLISHER = "-"


def _publishers(docs: list[Document], bodies: dict[str, RenderedBody], registry: Registry
                ) -> tuple[dict[str, Publisher], dict[str, list[Source]]]:
    """The sources by publisher, and by the registered entity each names as its publisher
    or author (any note citing it may name them: a later note may add the author)."""
    sources: dict[str, Source] = {}
    for doc in docs:
        body = bodies.get(doc.rel)
        for note in body.notes if body else ():
            key = note.citation.key
            if (source := sources.get(key)) is None:
                source = sources[key] = Source(key, note.citation)
            if note.refs:
                source.citing.extend(Citing(doc, note, ref) for ref in note.refs)
            else:
                source.citing.append(Citing(doc, note, None))
    # a few hundred publishers over hundreds of thousands of sources (315,000 at 100,000
    # documents): each name slugified, and its Publisher made, once
    publishers: dict[str, Publisher] = {}
    by_name: dict[str, Publisher] = {}
    for source in sources.values():
        name = source.citation.publisher or NO_PUBLISHER
        if (publisher := by_name.get(name)) is None:
            slug = slugify(name, fallback="unknown") if name != NO_PUBLISHER else NO_PUBLISHER
            if (publisher := publishers.get(slug)) is None:
                publisher = publishers[slug] = Publisher(slug, name)
            by_name[name] = publisher
        publisher.sources.append(source)
    ranked = sorted(publishers.values(), key=lambda p: (p.slug == NO_PUBLISHER, -len(p.sources), p.name))
    return {p.slug: p for p in ranked}, _cited_as(sources.values(), registry)


def _cited_as(sources, registry: Registry) -> dict[str, list[Source]]:
    """entity key -> the sources naming it as publisher or author (a person, a company: not a topic)."""
    found: dict[str, list[Source]] = {}
    looked: dict[str | None, str | None] = {None: None}  # a few hundred names over hundreds of thousands of notes
    for source in sources:
        keys: set[str] = set()  # each key's list gets the source once: their order is no list's
        for c in source.citing:
            citation = c.note.citation
            for name in (citation.publisher, citation.author):
                if (key := looked.get(name, _UNSEEN)) is _UNSEEN:
                    entity = registry.lookup(name) if name else None  # "" names no one
                    key = looked[name] = entity.key if entity and entity.kind != "topic" else None
                if key is not None:
                    keys.add(key)
        for key in keys:
            found.setdefault(key, []).append(source)
    return found


_UNSEEN = object()  # a name _cited_as has not looked up yet
