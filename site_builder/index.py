"""Index stage: aggregate the loaded documents into tags and topics.

One pass over the documents with dictionaries: cost grows linearly with the site.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from site_builder.model import Document
from site_builder.slugs import slugify


@dataclass
class Taxon:
    """A tag or a topic: a name, its slug and the documents filed under it, newest first."""

    slug: str
    name: str
    documents: list[Document] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.documents)


@dataclass
class SiteIndex:
    documents: list[Document]  # newest first
    tags: dict[str, Taxon]  # by slug, most used first
    topics: dict[str, Taxon]

    def tag_slug(self, name: str) -> str:
        return slugify(name, fallback="tag")

    def topic_slug(self, name: str) -> str:
        return slugify(name, fallback="topic")


def _group(documents: list[Document], names_of, fallback: str) -> dict[str, Taxon]:
    """Group documents by slug: 'AI Agent' and 'ai agent' are one tag, shown in the
    spelling used most often."""
    members: dict[str, list[Document]] = defaultdict(list)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for doc in documents:  # already newest first, so members stay sorted
        for name in dict.fromkeys(names_of(doc)):
            slug = slugify(name, fallback=fallback)
            if not members[slug] or members[slug][-1] is not doc:
                members[slug].append(doc)
            spellings[slug][name] += 1
    taxa = [Taxon(slug, spellings[slug].most_common(1)[0][0], docs) for slug, docs in members.items()]
    taxa.sort(key=lambda t: (-t.count, t.name))
    return {t.slug: t for t in taxa}


def build_index(documents: list[Document]) -> SiteIndex:
    docs = sorted(documents, key=lambda d: d.sort_key)
    return SiteIndex(
        documents=docs,
        tags=_group(docs, lambda d: d.tags, "tag"),
        topics=_group(docs, lambda d: d.topics, "topic"),
    )
