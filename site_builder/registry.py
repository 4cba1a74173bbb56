"""The entity registry the writer edits: content/people/, content/companies/,
content/products/, content/topics/ (site.yaml's `entities: kinds` names the folders), one
Markdown file per entity, the file stem being its slug.

Topics named in documents' `main_topics` but without a file become entities too,
so every topic has a page; so do names discovered in the content (discovery.py), if the site
asks for them, marked unreviewed."""

from __future__ import annotations

import functools
import pickle
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter

from site_builder.cjk import CJK
from site_builder.diagnostics import Diagnostic
from site_builder.loader import (
    MAX_DOCUMENT_BYTES,
    TooLarge,
    decode,
    inside,
    key_lines,
    load_yaml,
    read_bounded,
    split_front_matter,
)
from site_builder.model import read_back
from site_builder.schema import EntitySchema, check
from site_builder.slugs import slugify, unique

Kind = str  # person, company, product, topic, or a folder of the writer's own (kind_of)
PERSON: Kind = "person"
FOLDERS: dict[str, Kind] = {"people": PERSON, "companies": "company", "products": "product", "topics": "topic"}
URL_SECTION: dict[Kind, str] = {kind: folder for folder, kind in FOLDERS.items()}


def kind_of(folder: str) -> Kind:
    """The kind of the entities in a registry folder: people hold persons; a folder of the
    writer's own (events) holds entities of a kind named as it."""
    return FOLDERS.get(folder, folder)


def section_of(kind: Kind) -> str:
    """The registry folder, and URL section, of a kind: the inverse of kind_of."""
    return URL_SECTION.get(kind, kind)


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
        return section_of(self.kind)


@dataclass(frozen=True)
class EntityRef(_Addressed):
    """What a page needs to link to an entity: small, so page contexts stay small. In
    most page contexts, so it pickles as its own bytes, made once (see model.read_back)."""

    kind: Kind
    slug: str
    name: str
    description: str = ""
    blob: bytes = field(default=b"", compare=False, hash=False, repr=False)

    def __reduce__(self) -> tuple:
        if not self.blob:
            object.__setattr__(self, "blob", pickle.dumps((self.kind, self.slug, self.name, self.description),
                                                          protocol=pickle.HIGHEST_PROTOCOL))
        return read_back, (EntityRef, self.blob)


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
    rel: str | None = None  # registry file, None for implicit topics and discovered entities
    reviewed: bool = True  # False: discovered in the content, no writer has registered it yet

    @property
    def ref(self) -> EntityRef:
        """Made once (hundreds of thousands of page contexts hold one), again if it changed."""
        ref = self.__dict__.get("_ref")
        if ref is None or (ref.kind, ref.slug, ref.name, ref.description) != \
                (self.kind, self.slug, self.name, self.description):
            ref = self.__dict__["_ref"] = EntityRef(self.kind, self.slug, self.name, self.description)
        return ref

    @property
    def names(self) -> list[str]:
        """Every spelling that identifies it, the canonical name first."""
        return list(dict.fromkeys([self.name, *self.aliases, *self.ambiguous_aliases]))


def in_language(registry: Registry, language: str) -> None:
    """On a site not in Chinese, an entity registered by a Chinese name is shown by its first
    alias without CJK characters (李开复 as Kai-Fu Lee), when it has one; the Chinese name
    stays one of its names. A Chinese site keeps the names as registered: Latin names
    (OpenAI, Jim Zemlin) are how Chinese writing names them."""
    if language.lower().startswith(("zh", "ja", "ko")):
        return
    for entity in registry.entities.values():
        if not _CJK.search(entity.name):
            continue
        if shown := next((a for a in entity.aliases if not _CJK.search(a)), None):
            entity.aliases = [entity.name, *(a for a in entity.aliases if a != shown)]
            entity.name = shown


_CJK = re.compile(f"[{CJK}]")


@functools.lru_cache(maxsize=1 << 16)  # a few thousand names, looked up for every document naming them
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


_FM = frontmatter.YAMLHandler()


def _read_entity(path: Path, rel: str, diags: list[Diagnostic]) -> tuple[dict, dict[str, int], str] | None:
    """(front matter, the line of each key, body) of a registry file, or None with an error:
    the same decoding and the same bounded, safe YAML as documents."""
    try:
        decoded = decode(read_bounded(path, MAX_DOCUMENT_BYTES, "registry file"))
    except OSError as exc:
        diags.append(Diagnostic("error", rel, None, f"cannot read entity: {exc.strerror}"))
        return None
    except TooLarge as exc:
        diags.append(Diagnostic("error", rel, None, f"cannot read entity: {exc}"))
        return None
    if decoded.problem:
        diags.append(Diagnostic("error" if decoded.text is None else "warning", rel, *decoded.problem))
    if decoded.text is None:
        return None
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    if not _FM.detect(text):
        diags.append(Diagnostic("error", rel, 1, "cannot read entity: no front matter (--- name: … ---)"))
        return None
    split = split_front_matter(text)
    if split is None:
        diags.append(Diagnostic("error", rel, 1, "cannot read entity: front matter opened with --- is never closed"))
        return None
    meta, problem = load_yaml(split[0])
    if problem:
        diags.append(Diagnostic("error", rel, problem[0] or 1, f"cannot read entity: {problem[1]}"))
        return None
    if not isinstance(meta, dict):
        diags.append(Diagnostic("error", rel, 2, "cannot read entity: front matter must be a mapping of keys"))
        return None
    return meta, key_lines(split[0], rel, diags), split[1]


def load_registry(content_dir: Path, folders: Iterable[str] = tuple(FOLDERS)) -> tuple[Registry, list[Diagnostic]]:
    registry, diags = Registry(), []
    for folder in folders:
        kind = kind_of(folder)
        base = content_dir / folder
        if not base.is_dir():
            continue
        taken: dict[str, str] = {}  # slug -> registry file that has it
        for path in sorted(base.glob("*.md")):
            rel = path.relative_to(content_dir).as_posix()
            if not inside(path, content_dir):
                diags.append(Diagnostic("warning", rel, None, "a symlink to a file outside the content folder; "
                                                              "not read"))
                continue
            read = _read_entity(path, rel, diags)
            if read is None:
                continue
            meta, lines, body = read
            checked = check(EntitySchema, meta)  # a wrong value is an error at its line, and left out
            for problem in checked.problems:
                diags.append(Diagnostic(problem.severity, rel, lines.get(problem.key), problem.message))
            for key in checked.unknown:  # a registry is a few hundred files: a warning each
                diags.append(Diagnostic("warning", rel, lines.get(str(key)), f"unknown entity key {key!r}"))
            if (fields := checked.model) is None:  # no name: no entity
                continue
            # Foo.md and foo.md, or café in NFC and in NFD, are one slug: keep both entities
            slug = slugify(path.stem, fallback=kind)
            if slug in taken:
                diags.append(Diagnostic("warning", rel, None, f"slug {slug!r} is taken by {taken[slug]}; "
                                                              f"using {unique(slug, set(taken))!r}"))
                slug = unique(slug, set(taken))
            taken[slug] = rel
            registry.add(Entity(
                kind=kind, slug=slug, name=fields.name,
                aliases=fields.aliases,
                ambiguous_aliases=fields.ambiguous_aliases,
                description=fields.description,
                body=body, roles=[Role(role.title or "", role.org) for role in fields.roles],
                website=fields.website,
                parent=fields.parent or None,
                rel=rel,
            ), diags)
    for entity in registry.entities.values():
        for role in entity.roles:
            if not registry.get("company", role.org):
                diags.append(Diagnostic("warning", entity.rel or "", None,
                                        f"role {role.title!r} names the unknown company {role.org!r}"))
    return registry, diags
