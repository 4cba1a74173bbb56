"""Site configuration: one YAML file (site.yaml) at the project root, read through its schema
(schema.SiteSchema) into a Config. A wrong value is an error naming the file and its key's
line, and nothing is built; a key the schema does not know is a warning, and is kept for
templates as site.extra.KEY."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml

from site_builder import CONFIG_NAME
from site_builder.diagnostics import Diagnostic
from site_builder.schema import SiteSchema, check, kind

# URL sections the site has whatever the registry: not a folder of entities
RESERVED_SECTIONS = frozenset(("tags", "citations", "search", "page", "pagefind", "static", "articles"))


class ConfigError(Exception):
    """site.yaml cannot be used: one diagnostic per problem, each `site.yaml:LINE: error: …`."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("\n".join(str(d) for d in diagnostics))
        self.diagnostics = diagnostics


@dataclass(frozen=True)
class Config:
    root: Path
    title: str = "Knowledge base"
    description: str = ""
    language: str = "en"
    base_url: str = "/"
    content_dir: Path = Path("content")
    templates_dir: Path = Path("templates")
    static_dir: Path = Path("static")
    output_dir: Path = Path("public")
    page_size: int = 20
    allow_html: str = "sanitize"  # raw HTML in Markdown: sanitize | escape | trust (markdown.HTML_MODES)
    entity_links: str = "first"  # link the first mention of each entity, every one, or none
    cname: str | None = None  # custom domain for GitHub Pages: written to CNAME
    search: bool = True  # build the Pagefind index (the dev server leaves it out unless asked: speed)
    publish_html_and_svg: bool = False  # content/'s .html and .svg files, which can run script
    categories: str = "topics"  # what documents' `categories` are filed as: topics or tags
    permalinks: str = "redirect"  # documents' url:/permalink: redirect to their page, or are its address
    former_urls: tuple[str, ...] = ()  # where the site was before: links written with them lead into it
    drafts: bool = False
    # the registry's folders, one kind of entity each (registry.kind_of), topics among them
    entity_folders: tuple[str, ...] = ("people", "companies", "products", "topics")
    entity_discover: int = 0  # a page for every name found in at least this many documents; 0: none
    entity_ignore: tuple[str, ...] = ()  # names discovery and suggest leave out
    strict: bool = False
    extra: dict = field(default_factory=dict)  # site.yaml's keys the schema does not know
    # warnings about site.yaml (unknown keys), for the build to report: not part of what the
    # site is made of, so not in its repr (which names the config in cache keys)
    diagnostics: tuple[Diagnostic, ...] = field(default=(), repr=False, compare=False)
    # each folder as site.yaml names it (joined to its folder) and the path that resolved to:
    # a symlink turned elsewhere changes the config (see uptodate.py)
    resolved: tuple[tuple[str, str], ...] = field(default=(), repr=False, compare=False)

    @property
    def base_path(self) -> str:
        """The URL path the site lives under, always with slashes at both ends."""
        path = urlparse(self.base_url).path or "/"
        return "/" + path.strip("/") + "/" if path.strip("/") else "/"

    def in_project(self, path: Path) -> str:
        """A path as the cache's keys name it: by its place in the project, not on the disk, so
        that a project moved or copied elsewhere (another checkout, a CI runner's workspace
        with its cache restored) keeps every page it built."""
        return os.path.relpath(path, self.root)

    def portable(self) -> str:
        """The config as the cache's keys name it: its folders in_project, the root left out."""
        here = {name: Path(self.in_project(getattr(self, name)))
                for name in ("content_dir", "templates_dir", "static_dir", "output_dir")}
        return repr(replace(self, root=Path("."), **here))

    def with_overrides(self, **changes: object) -> Config:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def load_config(root: Path, path: Path | None = None) -> Config:
    path = path or root / CONFIG_NAME
    if not path.exists():
        return Config(root=root, content_dir=root / "content", templates_dir=root / "templates",
                      static_dir=root / "static", output_dir=root / "public")
    # named as the writer knows it: site.yaml, not /home/…/site.yaml
    shown = path.relative_to(root).as_posix() if path.is_absolute() and path.is_relative_to(root) else str(path)
    diagnostics: list[Diagnostic] = []
    data, lines = _read(path, shown, diagnostics)
    checked = check(SiteSchema, data)
    for problem in checked.problems:
        diagnostics.append(Diagnostic(problem.severity, shown, lines.get(problem.key), problem.message))
    site = checked.model
    assert site is not None  # no key of site.yaml is required
    for key in checked.unknown:
        diagnostics.append(Diagnostic("warning", shown, lines.get(str(key)),
                                      f"unknown key {key!r}; available to templates as extra.{key}"))
    for key in site.paths.model_extra or {}:
        diagnostics.append(Diagnostic("warning", shown, lines.get(f"paths.{key}"),
                                      f"unknown key 'paths.{key}'; the folders are content, templates, static "
                                      "and output"))
    for key in site.entities.model_extra or {}:
        diagnostics.append(Diagnostic("warning", shown, lines.get(f"entities.{key}"),
                                      f"unknown key 'entities.{key}'; the keys are kinds, discover and ignore"))
    for folder in set(site.entities.kinds) & RESERVED_SECTIONS:
        diagnostics.append(Diagnostic("error", shown, lines.get("entities.kinds") or lines.get("entities"),
                                      f"entities.kinds: {folder!r} is a section of the site's own; "
                                      "name the folder otherwise"))
    diagnostics.sort(key=lambda d: d.line or 0)
    if any(d.severity == "error" for d in diagnostics):
        raise ConfigError(diagnostics)

    def folder(name: str) -> Path:
        return (path.parent / getattr(site.paths, name)).resolve()

    root = path.parent.resolve()
    folders = {name: folder(name) for name in ("content", "templates", "static", "output")}
    resolved = ((str(path.parent), str(root)),
                *((str(path.parent / getattr(site.paths, name)), str(where)) for name, where in folders.items()))
    problems = [Diagnostic("error", shown, lines.get(f"paths.{name}") or lines.get("paths"), message)
                for name, message in folder_problems(root, folders, {n: f"paths.{n}" for n in folders})]
    if problems:
        raise ConfigError(problems)
    return Config(
        root=root,
        title=site.title,
        description=site.description,
        language=site.language,
        base_url=site.base_url,
        content_dir=folder("content"),
        templates_dir=folder("templates"),
        static_dir=folder("static"),
        output_dir=folder("output"),
        page_size=site.page_size,
        allow_html=site.allow_html,
        entity_links=site.entity_links,
        search=site.search,
        publish_html_and_svg=site.publish_html_and_svg,
        categories=site.categories,
        permalinks=site.permalinks,
        former_urls=tuple(site.former_urls),
        cname=site.cname,
        entity_folders=_entity_folders(site.entities.kinds),
        entity_discover=site.entities.discover,
        entity_ignore=tuple(site.entities.ignore),
        extra=checked.unknown,
        diagnostics=tuple(diagnostics),
        resolved=resolved,
    )


def _entity_folders(folders: list[str]) -> tuple[str, ...]:
    """The writer's folders, with topics always (documents' main_topics are topics)."""
    return tuple(folders) if "topics" in folders else (*folders, "topics")


def folder_problems(root: Path, folders: dict[str, Path], names: dict[str, str]) -> list[tuple[str, str]]:
    """(folder, what is wrong) for each folder that may not be where it is. site.yaml and
    --out may come from a stranger, and the output folder is deleted and made anew: it must
    be a folder of its own inside the project, never the project, one of its parents or a
    folder holding the content. Templates are code (Jinja): never from the content folder,
    whose files anyone may send; nor are static files (it would publish every document,
    draft and sidecar). names: how the writer named each folder (paths.output, --out)."""
    problems = []
    content = folders["content"]
    for name, where in folders.items():
        shown = f"{names[name]} ({where})"
        if not where.is_relative_to(root):
            problems.append((name, f"{shown} is outside the project folder {root}: folders must be inside it"))
        elif name == "output" and (where == root or any(f.is_relative_to(where) for n, f in folders.items()
                                                        if n != "output")):
            problems.append((name, f"{shown} would hold the project's own files, which a build deletes: "
                                   "name a folder of its own, such as public"))
        elif name != "content" and (where.is_relative_to(content) or content.is_relative_to(where)):
            problems.append((name, f"{shown} and the content folder must not hold one another"))
    return problems


def _read(path: Path, shown: str, diagnostics: list[Diagnostic]) -> tuple[dict[Any, Any], dict[str, int]]:
    """site.yaml's mapping, and the line of each key (nested ones dotted: paths.output); a file
    that is no YAML mapping is a ConfigError."""
    def fail(line: int | None, message: str) -> ConfigError:
        return ConfigError([Diagnostic("error", shown, line, message)])

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(None, f"cannot read: {getattr(exc, 'strerror', None) or 'not UTF-8 text'}") from exc
    loader = yaml.CSafeLoader(text)
    try:  # the node tree for the lines, then the data from it: one parse
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise fail(mark.line + 1 if mark else None, f"invalid YAML: {problem}") from exc
    finally:
        loader.dispose()
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        raise fail(node.start_mark.line + 1, f"the config must be a mapping of keys, not {kind(data)}")
    lines: dict[str, int] = {}
    _lines(node, "", lines, shown, diagnostics)
    return data, lines


def _lines(node: yaml.MappingNode, prefix: str, lines: dict[str, int], shown: str,
           diagnostics: list[Diagnostic]) -> None:
    """The line of each key of a mapping node and of the mappings in it; a key given twice is
    a warning (YAML keeps the later value, and would drop the first without a word)."""
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        name, line = prefix + key.value, key.start_mark.line + 1
        if name in lines:
            diagnostics.append(Diagnostic("warning", shown, line, f"{name!r} is given twice (first on line "
                                                                  f"{lines[name]}); this later value is used"))
        lines[name] = line
        if isinstance(value, yaml.MappingNode):
            _lines(value, name + ".", lines, shown, diagnostics)
