"""`site-builder entities add NAME...`: a registry file for each name chosen from the
suggestions (or for any name, with --kind), with its kind's folder, its name, the other forms
the content uses as aliases and an empty description for the writer to fill in. A discovered
entity added this way is registered: its page loses the unreviewed note.

Files are written only inside the content folder, to a folder of the registry, never over a
file that exists."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from site_builder.config import Config
from site_builder.discovery import published_documents
from site_builder.loader import inside
from site_builder.registry import kind_of, load_registry, name_key
from site_builder.slugs import slugify
from site_builder.suggest import Suggestion, project_cache, suggest_from


@dataclass
class NewEntity:
    name: str
    kind: str
    aliases: list[str] = field(default_factory=list)

    def front_matter(self) -> str:
        meta = {"name": self.name, "aliases": self.aliases, "description": ""}
        return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000) + "---\n"


def registry_kinds(config: Config) -> dict[str, str]:
    """The registry's folder of each kind a writer may add (topics come from main_topics)."""
    return {kind_of(folder): folder for folder in config.entity_folders if folder != "topics"}


def run_new(config: Config, kind: str, name: str) -> int:
    """`site-builder new KIND NAME`: a registry file for name, suggested or not."""
    kinds = registry_kinds(config)
    if kind not in kinds:
        print(f"error: no kind {kind!r}: site-builder new takes doc or one of {', '.join(sorted(kinds))}",
              file=sys.stderr)
        return 2
    if not name.strip():
        print("error: the name is empty", file=sys.stderr)
        return 2
    return write_entity(config, NewEntity(name.strip(), kind), kinds[kind])


def run_add(config: Config, names: list[str], kind: str | None = None) -> int:
    """Write a registry file per name; the exit code (1 when a name could not be added)."""
    kinds = registry_kinds(config)
    if kind is not None and kind not in kinds:
        print(f"error: --kind {kind}: the kinds are {', '.join(sorted(kinds))}", file=sys.stderr)
        return 2
    suggestions = _by_name(config)
    status = 0
    for name in names:
        found = suggestions.get(name_key(name))
        if found is None and kind is None:
            print(f"error: {name!r} is not among the suggestions (site-builder entities suggest); "
                  "give its --kind to add it all the same", file=sys.stderr)
            status = 1
            continue
        entity = NewEntity(found.name if found else name.strip(), kind or (found.kind if found else ""),
                           [a for a in (found.aliases if found else []) if name_key(a) != name_key(name)])
        if found and name_key(found.name) != name_key(name):  # asked by an alias: keep the writer's form
            entity.aliases = [found.name, *entity.aliases]
            entity.name = name.strip()
        if entity.kind not in kinds:
            print(f"error: {name!r} is a {entity.kind}, and the site has no folder for that kind "
                  f"(entities: kinds in site.yaml)", file=sys.stderr)
            status = 1
            continue
        status = max(status, write_entity(config, entity, kinds[entity.kind]))
    return status


def _by_name(config: Config) -> dict[str, Suggestion]:
    """Every suggestion, ignored names included (adding one is asked for), by each of its names."""
    registry, _ = load_registry(config.content_dir, config.entity_folders)
    found: dict[str, Suggestion] = {}
    for suggestion in suggest_from(published_documents(config), registry, cache=project_cache(config)):
        for form in suggestion.names:
            found.setdefault(name_key(form), suggestion)
    return found


def write_entity(config: Config, entity: NewEntity, folder: str) -> int:
    path = config.content_dir / folder / f"{slugify(entity.name, fallback=entity.kind)}.md"
    return write_new(config, path, entity.front_matter(), f"{entity.kind}: {entity.name}")


def write_new(config: Config, path: Path, text: str, what: str) -> int:
    """Write a new file inside the content folder, never over one that exists; the exit code."""
    content = config.content_dir
    shown = _shown(config, path)
    if path.exists() or path.is_symlink():
        print(f"error: {shown} exists; not written over", file=sys.stderr)
        return 1
    try:
        existing = path.parent
        while not existing.exists() and existing != content:  # the folders to be made: made inside only
            existing = existing.parent
        if not inside(existing, content):
            raise _Outside(existing)
        path.parent.mkdir(parents=True, exist_ok=True)
        # the folder may be a symlink leading out of the project: write nothing there
        if not inside(path.parent, content):
            raise _Outside(path.parent)
        with path.open("x", encoding="utf-8") as out:
            out.write(text)
    except _Outside as exc:
        print(f"error: {_shown(config, exc.args[0])} leads outside the content folder; not written",
              file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: cannot write {shown} ({exc.strerror})", file=sys.stderr)
        return 1
    print(f"wrote {shown} ({what})")
    return 0


class _Outside(Exception):
    pass


def _shown(config: Config, path: Path) -> str:
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return str(path)
