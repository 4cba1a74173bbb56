"""`entities: {discover: N}` in site.yaml: every name `entities suggest` finds in at least N
documents becomes an entity of the build, with a page like a registered one's, linked from the
documents like any entity, and marked unreviewed (registry.Entity.reviewed: a note on its page,
left out of the sitemap). A writer promotes one with `entities add` (it is then registered)
or hides it with `entities: {ignore: [NAME]}`.

The discovered entities are an input of the build like the registry's files: they are part of
the workers' salt (tasks.build_salt), so a change in them rebuilds what a change in the registry
would, and an incremental build equals a cold one. Finding them is one pass over every
document's text (suggest.suggest_from), linear in the documents; a document unchanged since the
last run is not read again (discovery_cache.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING

from site_builder.config import Config
from site_builder.loader import discover, load_document
from site_builder.registry import Entity, Registry, name_key, section_of
from site_builder.slugs import slugify, unique

if TYPE_CHECKING:
    from site_builder.suggest import Suggestion


def discover_entities(config: Config, registry: Registry) -> list[Entity]:
    """Add the discovered entities to registry; them, in order (for the salt)."""
    if not config.entity_discover:
        return []
    from site_builder.suggest import project_cache, suggest_from  # jieba and the name lists: only when asked

    found = suggest_from(published_documents(config), registry, config.entity_ignore, project_cache(config))
    added = []
    taken: dict[str, set[str]] = {}
    for suggestion in found:
        if suggestion.documents < config.entity_discover:
            continue  # (ranked by documents and cues: one in fewer documents may come before it)
        entity = _entity(suggestion, registry, taken, config.entity_folders)
        if entity is not None:
            registry.add(entity)
            added.append(entity)
    return added


def fingerprint(entities: list[Entity]) -> bytes:
    """What the build's salt takes of the discovered entities."""
    return json.dumps([(e.kind, e.slug, e.name, e.aliases) for e in entities], ensure_ascii=False).encode()


def published_documents(config: Config) -> Iterator[tuple[str, str]]:
    """(relative path, Markdown body) of the documents the site publishes. Their problems are
    the build's to report, once, when it loads them."""
    for path in discover(config.content_dir, folders=config.entity_folders):
        document = load_document(path, config.content_dir).document
        if document is not None and (config.drafts or not document.draft):
            yield document.rel, document.body


def _entity(suggestion: Suggestion, registry: Registry, taken: dict[str, set[str]],
            folders: tuple[str, ...]) -> Entity | None:
    """The entity of a suggestion, if the site has a folder for its kind."""
    kind = suggestion.kind
    if section_of(kind) not in folders:
        return None
    used = taken.setdefault(kind, {e.slug for e in registry.of_kind(kind)})
    slug = unique(slugify(suggestion.name, fallback=kind), used)
    used.add(slug)
    # a form another entity holds stays with it (Registry.add keeps the first owner)
    aliases = [a for a in suggestion.aliases if name_key(a) not in registry.by_name]
    return Entity(kind, slug, suggestion.name, aliases=aliases, reviewed=False)
