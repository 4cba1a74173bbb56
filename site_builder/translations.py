"""Documents in several languages: the versions of one document, found by a shared
`translation_key` (Hugo's `translationKey`) or by `translations:` naming each other, and
the one of them a list shows (the version in the site's language)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from site_builder.i18n import same_language
from site_builder.model import Document


@dataclass(frozen=True, slots=True)
class Version:
    """One version of a document, as its others link to it (a page's language switch, its
    hreflang alternates, the sitemap's, a list's link to it)."""

    lang: str
    slug: str
    title: str


def groups(documents: Iterable[Document]) -> list[list[Document]]:
    """The documents that are versions of one another, two or more to a group, each group in
    the order given. A `translations:` name is a content path (from the content folder, or
    from the document's own folder) or a slug; names that are no document are ignored."""
    docs = list(documents)
    # only the documents that name a key or a version, and those they name, are looked at:
    # the others are each a group of one (at 100,000 documents, a parent for each took 0.5 s)
    naming = [d for d in docs if d.translation_key or d.translations]
    if not naming:
        return []
    rels = {d.rel for d in docs}
    parent: dict[str, str] = {}

    def root(rel: str) -> str:
        parent.setdefault(rel, rel)
        while parent[rel] != rel:
            parent[rel] = rel = parent[parent[rel]]
        return rel

    def join(a: str, b: str) -> None:
        parent[root(a)] = root(b)

    by_key: dict[str, str] = {}
    by_slug = {d.slug: d.rel for d in docs} if any(d.translations for d in naming) else {}
    for doc in naming:
        if doc.translation_key:
            join(doc.rel, by_key.setdefault(doc.translation_key, doc.rel))
        folder = doc.rel.rpartition("/")[0]
        for name in doc.translations:
            name = name.strip("/")
            other = next((r for r in (name, f"{folder}/{name}" if folder else name, by_slug.get(name))
                          if r in rels), None)
            if other:
                join(doc.rel, other)
    members: dict[str, list[Document]] = {}
    for doc in docs:
        if doc.rel in parent:
            members.setdefault(root(doc.rel), []).append(doc)
    return [group for group in members.values() if len(group) > 1]


def lead(group: list[Document], language: str) -> Document:
    """The version a list shows: the one in the site's language (zh-CN before zh), else the first."""
    return next((d for d in group if d.lang.lower() == language.lower()), None) \
        or next((d for d in group if same_language(d.lang, language)), group[0])


def versions(group: list[Document]) -> tuple[Version, ...]:
    """Every version of a group, by language tag: the same order on every version's page."""
    return tuple(sorted((Version(d.lang, d.slug, d.title) for d in group), key=lambda v: (v.lang.lower(), v.slug)))
