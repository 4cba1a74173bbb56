"""The entity registry the writer edits: content/people/, content/companies/,
content/topics/, one Markdown file per entity, the file stem being its slug.

Topics named in documents' `main_topics` but without a file become entities too,
so every topic has a page."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import frontmatter
import yaml

from site_builder.diagnostics import Diagnostic
from site_builder.slugs import slugify

Kind = Literal["person", "company", "topic"]
FOLDERS: dict[str, Kind] = {"people": "person", "companies": "company", "topics": "topic"}
URL_SECTION: dict[Kind, str] = {kind: folder for folder, kind in FOLDERS.items()}
KEYS = {"name", "aliases", "ambiguous_aliases", "description", "roles", "website", "parent"}


@dataclass(frozen=True)
class Role:
    title: str
    org: str  # slug of a company entity


class _Addressed:
    """The key and URL section of an entity, from its kind and slug."""

    kind: Kind
    slug: str

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.slug}"

    @property
    def section(self) -> str:
        return URL_SECTION[self.kind]


@dataclass(frozen=True)
class EntityRef(_Addressed):
    """What a page needs to link to an entity: small, so page contexts stay small."""

    kind: Kind
    slug: str
    name: str
    description: str = ""


@dataclass
class Entity(_Addressed):
    kind: Kind
    slug: str
    name: str
    aliases: list[str] = field(default_factory=list)
    ambiguous_aliases: list[str] = field(default_factory=list)
    description: str = ""  # one line: link titles and cards
    body: str = ""  # Markdown: the entity page's description
    roles: list[Role] = field(default_factory=list)
    website: str | None = None
    parent: str | None = None  # slug of the parent topic
    rel: str | None = None  # registry file, None for implicit topics

    @property
    def ref(self) -> EntityRef:
        return EntityRef(self.kind, self.slug, self.name, self.description)

    @property
    def names(self) -> list[str]:
        """Every spelling that identifies it, the canonical name first."""
        return list(dict.fromkeys([self.name, *self.aliases, *self.ambiguous_aliases]))


def name_key(name: str) -> str:
    """How names are compared when resolving a topic or tag to an entity."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


@dataclass
class Registry:
    entities: dict[str, Entity] = field(default_factory=dict)  # by key
    by_name: dict[str, str] = field(default_factory=dict)  # name_key -> entity key

    def add(self, entity: Entity, diags: list[Diagnostic] | None = None) -> None:
        self.entities[entity.key] = entity
        for name in entity.names:
            owner = self.by_name.setdefault(name_key(name), entity.key)
            if owner != entity.key and diags is not None:
                diags.append(Diagnostic("warning", entity.rel or entity.slug, None,
                                        f"the name {name!r} also belongs to {owner}; it stays with {owner}"))

    def lookup(self, name: str, kind: Kind | None = None) -> Entity | None:
        key = self.by_name.get(name_key(name))
        entity = self.entities.get(key) if key else None
        return entity if entity and (kind is None or entity.kind == kind) else None

    def topic_for(self, name: str) -> Entity:
        """The topic a main_topics value names: a registered one, or an implicit one."""
        found = self.lookup(name, "topic")
        if found:
            return found
        entity = Entity("topic", slugify(name, fallback="topic"), name.strip())
        existing = self.entities.get(entity.key)
        if existing:
            return existing
        self.add(entity)
        return entity

    def of_kind(self, kind: Kind) -> list[Entity]:
        return [e for e in self.entities.values() if e.kind == kind]

    def get(self, kind: Kind, slug: str) -> Entity | None:
        return self.entities.get(f"{kind}:{slug}")


def _str_list(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(v).strip() for v in value if isinstance(v, str | int | float) and str(v).strip()]
    return []


def load_registry(content_dir: Path) -> tuple[Registry, list[Diagnostic]]:
    registry, diags = Registry(), []
    for folder, kind in FOLDERS.items():
        base = content_dir / folder
        if not base.is_dir():
            continue
        for path in sorted(base.glob("*.md")):
            rel = path.relative_to(content_dir).as_posix()
            try:
                post = frontmatter.loads(path.read_text(encoding="utf-8-sig"),
                                         handler=frontmatter.YAMLHandler())
            except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as exc:
                mark = getattr(exc, "problem_mark", None)
                diags.append(Diagnostic("error", rel, mark.line + 1 if mark else None,
                                        f"cannot read entity: {getattr(exc, 'problem', None) or exc}"))
                continue
            meta = post.metadata
            name = meta.get("name")
            if not isinstance(name, str) or not name.strip():
                diags.append(Diagnostic("error", rel, None, "an entity needs a name"))
                continue
            roles = []
            for role in meta.get("roles") or []:
                if isinstance(role, dict) and isinstance(role.get("org"), str):
                    roles.append(Role(str(role.get("title", "")), role["org"]))
            for key in set(meta) - KEYS:
                diags.append(Diagnostic("warning", rel, None, f"unknown entity key {key!r}"))
            registry.add(Entity(
                kind=kind, slug=slugify(path.stem, fallback=kind), name=name.strip(),
                aliases=_str_list(meta.get("aliases")),
                ambiguous_aliases=_str_list(meta.get("ambiguous_aliases")),
                description=str(meta.get("description") or "").strip(),
                body=post.content, roles=roles,
                website=meta.get("website") if isinstance(meta.get("website"), str) else None,
                parent=meta.get("parent") if isinstance(meta.get("parent"), str) else None,
                rel=rel,
            ), diags)
    for entity in registry.entities.values():
        for role in entity.roles:
            if not registry.get("company", role.org):
                diags.append(Diagnostic("warning", entity.rel or "", None,
                                        f"role {role.title!r} names the unknown company {role.org!r}"))
    return registry, diags
