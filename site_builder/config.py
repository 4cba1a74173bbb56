"""Site configuration: one YAML file (site.yaml) at the project root."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlparse

import yaml

CONFIG_NAME = "site.yaml"
# A DNS name for GitHub Pages' CNAME file: two or more labels of letters, digits and inner
# hyphens (an international domain is written in its xn-- form)
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOSTNAME = re.compile(rf"(?=.{{1,253}}$){_LABEL}(?:\.{_LABEL})+")


class ConfigError(Exception):
    pass


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
    allow_html: bool = False
    entity_links: str = "first"  # link the first mention of each entity, every one, or none
    cname: str | None = None  # custom domain for GitHub Pages: written to CNAME
    search: bool = True  # build the Pagefind index (the dev server leaves it out unless asked: speed)
    drafts: bool = False
    strict: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def base_path(self) -> str:
        """The URL path the site lives under, always with slashes at both ends."""
        path = urlparse(self.base_url).path or "/"
        return "/" + path.strip("/") + "/" if path.strip("/") else "/"

    def with_overrides(self, **changes: object) -> Config:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def load_config(root: Path, path: Path | None = None) -> Config:
    path = path or root / CONFIG_NAME
    if not path.exists():
        return Config(root=root, content_dir=root / "content", templates_dir=root / "templates",
                      static_dir=root / "static", output_dir=root / "public")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the config must be a mapping")
    paths = data.get("paths") or {}

    def folder(key: str) -> Path:
        return (path.parent / str(paths.get(key, key if key != "output" else "public"))).resolve()

    known = {"title", "description", "language", "base_url", "paths", "page_size", "allow_html", "entity_links",
             "cname", "search"}
    entity_links = str(data.get("entity_links", "first"))
    if entity_links not in ("first", "every", "none"):
        raise ConfigError(f"{path}: entity_links must be first, every or none, not {entity_links!r}")
    cname = data.get("cname")
    if cname is not None and not (isinstance(cname, str) and _HOSTNAME.fullmatch(cname.strip())):
        raise ConfigError(f"{path}: cname must be a domain name such as kb.example.org, not {cname!r}")
    return Config(
        root=path.parent.resolve(),
        title=str(data.get("title", "Knowledge base")),
        description=str(data.get("description", "")),
        language=str(data.get("language", "en")),
        base_url=str(data.get("base_url", "/")),
        content_dir=folder("content"),
        templates_dir=folder("templates"),
        static_dir=folder("static"),
        output_dir=folder("output"),
        page_size=max(1, int(data.get("page_size", 20))),
        allow_html=bool(data.get("allow_html", False)),
        entity_links=entity_links,
        search=bool(data.get("search", True)),
        cname=cname.strip().lower() if cname else None,
        extra={k: v for k, v in data.items() if k not in known},
    )
