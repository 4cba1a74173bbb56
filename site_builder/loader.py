"""Load stage: find the documents under content/ and read each into a Document.

A file is Markdown when its first line is `---` (front matter) or its extension is
.md/.markdown; a .txt without front matter is plain text pulled out of a PDF.
An optional sidecar `NAME.meta.yaml` beside a document adds or overrides metadata.
Loading one file is a pure function of its path, so it can run in any worker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from site_builder import plaintext
from site_builder.dates import parse_when
from site_builder.diagnostics import Diagnostic
from site_builder.model import Document
from site_builder.slugs import slugify

DOCUMENT_SUFFIXES = {".md", ".markdown", ".txt"}
SIDECAR_SUFFIX = ".meta.yaml"
# Folders of the entity registry: they hold entities, not documents.
REGISTRY_FOLDERS = {"people", "companies", "topics"}
KNOWN_KEYS = {"title", "date", "draft", "featured_image", "summary", "tags", "main_topics",
              "topics", "slug", "source", "aliases", "lastmod", "author", "authors"}
_FM = frontmatter.YAMLHandler()


@dataclass
class LoadResult:
    document: Document | None
    diagnostics: list[Diagnostic] = field(default_factory=list)


def discover(content_dir: Path) -> list[Path]:
    """Every document under content_dir, sorted so builds are reproducible."""
    found = []
    for path in content_dir.rglob("*"):
        rel = path.relative_to(content_dir)
        if any(part.startswith(".") for part in rel.parts) or rel.parts[0] in REGISTRY_FOLDERS:
            continue
        if path.suffix.lower() in DOCUMENT_SUFFIXES and path.is_file():
            found.append(path)
    return sorted(found)


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.stem + SIDECAR_SUFFIX)


def load_document(path: Path, content_dir: Path) -> LoadResult:
    rel = path.relative_to(content_dir).as_posix()
    diags: list[Diagnostic] = []
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return LoadResult(None, [Diagnostic("error", rel, None, f"cannot read: {exc.strerror}")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return LoadResult(None, [Diagnostic("error", rel, line, "not UTF-8 text")])
    text = text.replace("\r\n", "\n").replace("\r", "\n")

    meta: dict[str, Any] = {}
    key_lines: dict[str, int] = {}
    if _FM.detect(text):
        split = _split_front_matter(text)
        if split is None:
            return LoadResult(None, [Diagnostic("error", rel, 1, "front matter opened with --- is never closed")])
        fm_text, body, body_line = split
        try:
            loaded = yaml.load(fm_text, Loader=yaml.CSafeLoader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark else 1  # fm_text starts on the --- line
            problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            return LoadResult(None, [Diagnostic("error", rel, line, f"invalid YAML front matter: {problem}")])
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict):
            message = f"front matter must be a mapping of keys, not a {type(loaded).__name__}"
            return LoadResult(None, [Diagnostic("error", rel, 2, message)])
        meta = loaded
        key_lines = _key_lines(fm_text)
        fmt, title = "markdown", None
    elif path.suffix.lower() == ".txt":
        fmt = "plaintext"
        title, body = plaintext.to_markdown(text)
        body_line = 1
    else:
        fmt, title, body, body_line = "markdown", None, text, 1

    sidecar = sidecar_path(path)
    if sidecar.is_file():
        side = _load_sidecar(sidecar, content_dir, diags)
        for key, value in side.items():
            meta[key] = value
            key_lines[key] = 0  # reported against the sidecar, see _field

    doc = Document(rel=rel, slug="", title="", body=body, body_line=body_line, format=fmt)
    _apply_meta(doc, meta, key_lines, title, path, diags)
    return LoadResult(doc, diags)


def _split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(front matter text starting at line 1, body, line of the body) or None if unclosed."""
    bounds = list(_FM.FM_BOUNDARY.finditer(text))
    if len(bounds) < 2:
        return None
    opening, closing = bounds[0], bounds[1]
    # pad with the lines before it, so a YAML error's line is the file's line
    fm_text = "\n" * text.count("\n", 0, opening.end()) + text[opening.end() : closing.start()]
    end = text.find("\n", closing.start())
    body = "" if end < 0 else text[end + 1 :]
    body_line = text.count("\n", 0, end) + 2 if end >= 0 else 1
    return fm_text, body, body_line


def _key_lines(fm_text: str) -> dict[str, int]:
    lines: dict[str, int] = {}
    for n, line in enumerate(fm_text.split("\n"), start=1):
        if m := re.match(r"^([A-Za-z_][\w-]*)\s*:", line):
            lines.setdefault(m[1], n)
    return lines


def _load_sidecar(path: Path, content_dir: Path, diags: list[Diagnostic]) -> dict[str, Any]:
    rel = path.relative_to(content_dir).as_posix()
    try:
        data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=yaml.CSafeLoader)
    except (OSError, UnicodeDecodeError) as exc:
        diags.append(Diagnostic("error", rel, None, f"cannot read sidecar: {exc}"))
        return {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        diags.append(Diagnostic("error", rel, mark.line + 1 if mark else None,
                                f"invalid YAML: {getattr(exc, 'problem', exc)}"))
        return {}
    if data is None:
        return {}
    if not isinstance(data, dict):
        diags.append(Diagnostic("error", rel, 1, "a sidecar must be a mapping of keys"))
        return {}
    return data


def _str_list(value: object) -> list[str] | None:
    """A list of non-empty strings from a YAML list or a single string; None if neither."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return [str(v).strip() for v in value if str(v).strip()]
    return None


def _apply_meta(doc: Document, meta: dict[str, Any], key_lines: dict[str, int],
                inferred_title: str | None, path: Path, diags: list[Diagnostic]) -> None:
    rel = doc.rel
    sidecar = sidecar_path(path).name

    def problem(key: str, message: str, severity: str = "error") -> None:
        line = key_lines.get(key)
        where = rel if line != 0 else str(Path(rel).parent / sidecar)
        diags.append(Diagnostic(severity, where, line or None, message))  # type: ignore[arg-type]

    title = meta.get("title", inferred_title)
    if title is not None and not isinstance(title, str | int | float):
        problem("title", f"title must be text, not a {type(title).__name__}")
        title = None
    doc.title = str(title).strip() if title else Path(rel).stem

    if "date" in meta:
        doc.date = parse_when(meta["date"])
        if doc.date is None:
            problem("date", f"cannot read the date {meta['date']!r} (use 2025-06-25 or 2025-06-25T09:10:04+08:00)")

    draft = meta.get("draft", False)
    if not isinstance(draft, bool):
        problem("draft", f"draft must be true or false, not {draft!r}")
        draft = False
    doc.draft = draft

    summary = meta.get("summary", "")
    if not isinstance(summary, str | int | float):
        problem("summary", f"summary must be text, not a {type(summary).__name__}")
        summary = ""
    doc.summary = str(summary).strip()

    for key, attr in (("tags", "tags"), ("main_topics", "topics"), ("topics", "topics"), ("aliases", "aliases"),
                      ("author", "authors"), ("authors", "authors")):
        if key not in meta:
            continue
        values = _str_list(meta[key])
        if values is None:
            # an author only feeds the Atom feed: a shape we cannot read is not worth failing the build
            severity = "warning" if attr == "authors" else "error"
            problem(key, f"{key} must be a list of names, not {meta[key]!r}", severity)
            continue
        setattr(doc, attr, list(dict.fromkeys(getattr(doc, attr) + values)))

    image = meta.get("featured_image")
    doc.featured_image = image if isinstance(image, str) and image.strip() else None
    source = meta.get("source")
    doc.source = str(source) if source else None

    slug_source = meta.get("slug") if isinstance(meta.get("slug"), str) else Path(rel).stem
    doc.slug = slugify(slug_source, fallback="document")
    doc.extra = {k: v for k, v in meta.items() if k not in KNOWN_KEYS}
    for key in doc.extra:
        problem(key, f"unknown front matter key {key!r}", "warning")
