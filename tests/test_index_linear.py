"""The index in proportion to its input: co-mentions and an entity's tags are counted from
each document's own lists, and equal the same counts made the plain way (every entity
against every other, document by document) on random sites; a document naming thousands
of entities costs what its paired entities cost, not the square of what it names."""

from __future__ import annotations

import tracemalloc
from datetime import datetime, timedelta
from types import SimpleNamespace
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder import index as index_module
from site_builder.emitters.entities import entity_documents, entity_items
from site_builder.index import build_index
from site_builder.mentions import Mention
from site_builder.model import Document, RenderedBody, When
from site_builder.registry import Entity, Registry
from site_builder.slugs import slugify

KEYS = [f"person:p{i}" for i in range(9)] + [f"company:c{i}" for i in range(4)]
# two spellings of one tag (one slug), and tags shared by many documents
TAG_NAMES = ["AI Agent", "ai agent", "开源", "芯片", "模型", "数据", "安全"]


def registry_of(keys: list[str]) -> Registry:
    registry = Registry()
    for key in keys:
        kind, slug = key.split(":")
        registry.add(Entity(kind, slug, f"名{slug}"))  # type: ignore[arg-type]
    return registry


@st.composite
def sites(draw) -> tuple[list[Document], dict[str, RenderedBody]]:
    docs, bodies = [], {}
    start = datetime(2024, 1, 1)
    for i in range(draw(st.integers(0, 24))):
        rel = f"d{i:02}.md"
        day = draw(st.integers(0, 5))  # days repeat: ties in date, broken by path
        tags = draw(st.lists(st.sampled_from(TAG_NAMES), max_size=5, unique=True))
        named = draw(st.lists(st.sampled_from(KEYS), max_size=8, unique=True))  # in order of first mention
        counts = draw(st.lists(st.integers(1, 4), min_size=len(named), max_size=len(named)))
        docs.append(Document(rel, rel[:-3], rel, "", date=When(start + timedelta(days=day)), tags=tags))
        bodies[rel] = RenderedBody("", mentions=[Mention(k, 1, b"", 0, 1, count=n)
                                                 for k, n in zip(named, counts, strict=True)])
    return docs, bodies


def plain(docs: list[Document], bodies: dict[str, RenderedBody], paired: int, kept_co: int,
          kept_tags: int) -> tuple[dict[str, list[tuple[str, int]]], dict[str, list[tuple[str, int]]]]:
    """Co-mentions and entity tags the plain way: every entity against every other entity
    and every tag, over every document (newest first). In a document, the `paired` entities
    mentioned most (ties: first named) pair with each other, and every entity with its first
    `paired` tags. Ranked by documents shared, then the newest shared, then by name."""
    newest = sorted(docs, key=lambda d: d.sort_key)
    named = [[m.entity for m in bodies[d.rel].mentions] for d in newest]
    paired_in = [set(sorted(named[i], key=lambda k: -next(m.count for m in bodies[d.rel].mentions
                                                          if m.entity == k))[:paired])
                 for i, d in enumerate(newest)]
    tags_in = [set(list(dict.fromkeys(slugify(t, fallback="tag") for t in d.tags))[:paired]) for d in newest]
    all_tags = set().union(*tags_in)
    co, tags = {}, {}
    for a in {k for ks in named for k in ks}:
        rows = []
        for b in KEYS:
            shared = [i for i in range(len(newest)) if b != a and a in paired_in[i] and b in paired_in[i]]
            if shared:
                rows.append((-len(shared), shared[0], b))
        co[a] = [(b, -n) for n, _, b in sorted(rows)[:kept_co]]
        rows = []
        for t in all_tags:
            shared = [i for i in range(len(newest)) if a in named[i] and t in tags_in[i]]
            if shared:
                rows.append((-len(shared), shared[0], t))
        tags[a] = [(t, -n) for n, _, t in sorted(rows)[:kept_tags]]
    return co, tags


@settings(max_examples=150, deadline=None)
@given(site=sites(), paired=st.sampled_from([2, 3, 200]), kept=st.sampled_from([1, 3, 12]),
       pair_cost=st.sampled_from([-10**9, 10**9]))
def test_co_mentions_and_entity_tags_equal_the_plain_count(site, paired: int, kept: int, pair_cost: int) -> None:
    """Both ways of counting (names counted per key; bit sets ANDed, for keys in most
    documents), each forced by the cost of a pair, give the plain count."""
    docs, bodies = site
    with mock.patch.object(index_module, "PAIRED", paired), \
            mock.patch.object(index_module, "PAIR_COST", pair_cost), \
            mock.patch.object(index_module, "CO_MENTIONS_KEPT", kept), \
            mock.patch.object(index_module, "ENTITY_TAGS_KEPT", kept):
        index = build_index(docs, bodies, registry_of(KEYS))
    co, tags = plain(docs, bodies, paired, kept, kept)
    assert {k: list(c.most_common()) for k, c in index.co_mentions.items() if c} == {k: v for k, v in co.items() if v}
    assert {k: [(slug, n) for slug, _, n in index.entity_tags(k)] for k in tags} == tags
    for key in tags:  # named as the tag is spelled most
        assert all(name == index.tags[slug].name for slug, name, _ in index.entity_tags(key))


def test_a_document_naming_thousands_of_entities_costs_its_paired_ones() -> None:
    """One document naming 6,000 people, and a few that name some of them: the index keeps
    CO_MENTIONS_KEPT co-mentions for each of the PAIRED people of the long document, in
    memory far below the 36 million pairs (gigabytes) that 6,000 names make."""
    keys = [f"person:p{i:04}" for i in range(6_000)]
    registry = registry_of(keys)
    start = datetime(2024, 1, 1)
    docs = [Document("all.md", "all", "all", "", date=When(start), tags=["名录"])]
    bodies = {"all.md": RenderedBody("", mentions=[Mention(k, 1, b"", 0, 1, count=1 + (i < 10))
                                                   for i, k in enumerate(keys)])}
    for i in range(20):  # each pairs two people of the list
        rel = f"d{i}.md"
        docs.append(Document(rel, f"d{i}", rel, "", date=When(start + timedelta(days=i + 1)), tags=["对话"]))
        bodies[rel] = RenderedBody("", mentions=[Mention(keys[i], 1, b"", 0, 1, count=1),
                                                 Mention(keys[-1 - i], 1, b"", 0, 1, count=1)])
    tracemalloc.start()
    try:
        index = build_index(docs, bodies, registry)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 40 * 2**20, peak
    assert sum(len(c) for c in index.co_mentions.values()) <= index_module.PAIRED * index_module.CO_MENTIONS_KEPT + 40
    # the ten people mentioned twice are paired; the list pairs them with one another
    assert index.co_mentions["person:p0000"].most_common(2)[0][1] == 1
    assert {k for k, _ in index.co_mentions["person:p0000"].items()} >= {"person:p0001", "person:p5999"}
    # the last person is beyond the 200 paired ones of the list: only its own pair counts
    assert dict(index.co_mentions["person:p5999"]) == {"person:p0000": 1}
    # every person named keeps the tags of every document naming it
    assert [(slug, n) for slug, _, n in index.entity_tags("person:p5999")] == [("对话", 1), ("名录", 1)]
    assert [(slug, n) for slug, _, n in index.entity_tags("person:p3000")] == [("名录", 1)]


@settings(max_examples=120, deadline=None)
@given(data=st.data())
def test_a_topics_documents_merge_filed_and_mentioning_ones_as_the_plain_way(data) -> None:
    """A topic's page lists the documents filed under it and those mentioning it, newest
    first, a document in both once with its mention (entity_items, which merges by index
    position), and its feed reads the same documents in the same order as they are asked
    for (entity_documents): both equal a plain merge by sort key."""
    topics = ["topic:t0", "topic:t1"]
    registry = registry_of(KEYS[:3] + topics)
    start = datetime(2024, 1, 1)
    docs, bodies = [], {}
    for i in range(data.draw(st.integers(0, 16))):
        rel = f"d{i:02}.md"
        filed = data.draw(st.lists(st.sampled_from(["名t0", "名t1"]), max_size=2, unique=True))
        named = data.draw(st.lists(st.sampled_from(KEYS[:3] + topics), max_size=4, unique=True))
        day = data.draw(st.integers(0, 4))  # ties in date, broken by path
        docs.append(Document(rel, rel[:-3], rel, "", date=When(start + timedelta(days=day)), topics=filed))
        bodies[rel] = RenderedBody("", mentions=[Mention(k, 1, b"", 0, 1, count=1) for k in named])
    index = build_index(docs, bodies, registry)
    site = SimpleNamespace(index=index)
    for key in topics:
        entity = registry.get("topic", key.split(":")[1])
        filed_docs = index.topics[entity.slug].documents if entity.slug in index.topics else []
        merged = {**{d.rel: (d, None) for d in filed_docs}, **{d.rel: (d, m) for d, m in index.mentions_of(key)}}
        expected = sorted(merged.values(), key=lambda item: item[0].sort_key)
        assert [(d.rel, m) for d, m in entity_items(site, entity)] == [(d.rel, m) for d, m in expected]
        assert [d.rel for d in entity_documents(site, entity)] == [d.rel for d, _ in expected]
