"""Load stage: find the documents under content/ and read each into a Document.

A file is Markdown when its first line is `---` (front matter) or its extension is
.md/.markdown; a .txt without front matter is plain text pulled out of a PDF; a .pdf is
read directly (pdf.py). Front matter may be YAML, TOML, JSON or Hexo's (headers.py), and
other generators' keys are read as theirs meant them (description, categories, a date in
the file name: see _apply_meta).
An optional sidecar `NAME.meta.yaml` beside a document adds or overrides metadata.
Loading one file is a pure function of its path, so it can run in any worker.

Content is untrusted: a file that cannot be read is one error naming the file and line,
never an exception; bytes are decoded by `decode` (UTF-8, UTF-16/32 with a byte-order
mark, GB18030 with a warning), YAML by a safe loader whose result is bounded in size and
depth, and a symlink that leads out of the content folder is not read at all.
"""

from __future__ import annotations

import codecs
import itertools
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import frontmatter
import yaml

from site_builder import headers
from site_builder.diagnostics import Diagnostic, Tallied
from site_builder.model import Document, Format, When
from site_builder.schema import FrontMatter, check
from site_builder.schema import kind as _kind
from site_builder.slugs import slugify
from site_builder.titles import heading_title

if TYPE_CHECKING:
    from site_builder import plaintext

PDF_SUFFIX = ".pdf"
DOCUMENT_SUFFIXES = {".md", ".markdown", ".txt", PDF_SUFFIX}
SIDECAR_SUFFIX = ".meta.yaml"
# Folders of the entity registry: they hold entities, not documents.
# the registry's folders when site.yaml names none (Config.entity_folders): not documents
REGISTRY_FOLDERS = frozenset(("people", "companies", "products", "topics"))
_FM = frontmatter.YAMLHandler()


# Bounds on what a front matter or sidecar may expand to: YAML aliases can repeat a list
# inside itself ("billion laughs"), and nesting is limited to keep every later step flat.
MAX_YAML_VALUES = 10_000
MAX_YAML_DEPTH = 50
# What a file may weigh: a file is read whole, and its text, parse tree and page are each
# several times its size in memory (an 8 GB file behind a symlink ended the build in
# MemoryError). The largest real document we have met is under 1 MB.
MIB = 1024 * 1024
MAX_DOCUMENT_BYTES = 32 * MIB  # a document, or a registry file
MAX_SIDECAR_BYTES = MIB
# YAML (a front matter, a sidecar) is refused above this size before it is parsed: a
# parse holds about 50 bytes per byte read (a 28.9 MB front matter took 1.47 GB) before
# MAX_YAML_VALUES can be counted
MAX_YAML_BYTES = MIB


@dataclass
class LoadResult:
    document: Document | None
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass(frozen=True)
class Decoded:
    """A file's text, or why there is none. `problem` is (line, message): an error when
    text is None, a warning otherwise (the text was read, but not as UTF-8)."""

    text: str | None
    encoding: str
    problem: tuple[int, str] | None = None


# UTF-32's byte-order marks start with UTF-16's, so they are tried first.
_BOMS = [(codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"), (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
         (codecs.BOM_UTF8, "utf-8", "UTF-8"), (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
         (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16")]
_ASCII = re.compile(r"[\x00-\x7f]+")
GB2312_SHARE = 0.8  # of the non-ASCII characters, for bytes to count as Chinese text in GB18030


def decode(raw: bytes) -> Decoded:
    """The text of a file: UTF-8 (with or without a byte-order mark), UTF-16 or UTF-32 with a
    byte-order mark, or, with a warning, GB18030 (what Chinese Windows saves as "ANSI").

    GB18030 decodes many byte strings that are not Chinese (Latin-1 "naïve" is valid GBK),
    so it is taken only when nearly all its non-ASCII characters are in GB2312, the common
    simplified-Chinese set; anything else is an error rather than a page of mojibake."""
    for bom, codec, name in _BOMS:
        if raw.startswith(bom):
            body = raw[len(bom) :]
            try:
                return Decoded(body.decode(codec), codec)
            except UnicodeDecodeError as exc:
                line = body[: exc.start].decode(codec, errors="replace").count("\n") + 1
                return Decoded(None, codec, (line, f"starts with a {name} byte-order mark but is not valid {name}"))
    if b"\0" in raw:
        line = raw.count(b"\n", 0, raw.index(b"\0")) + 1
        return Decoded(None, "", (line, "a binary file, not text (it holds NUL bytes; so does UTF-16 without a "
                                        "byte-order mark): save it as UTF-8 text"))
    try:
        return Decoded(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        bad = raw[exc.start]
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        chinese = _ASCII.sub("", text)
        in_gb2312 = len(chinese.encode("gb2312", errors="ignore")) // 2  # two bytes each
        if in_gb2312 >= GB2312_SHARE * len(chinese):
            return Decoded(text, "gb18030", (line, "read as GB18030, not UTF-8: save it as UTF-8"))
    return Decoded(None, "", (line, f"not UTF-8 text (byte 0x{bad:02x}), nor UTF-16 with a byte-order mark, "
                                    "nor Chinese in GB18030: save it as UTF-8"))


class TooLarge(Exception):
    def __init__(self, path: Path, size: int, limit: int, what: str) -> None:
        super().__init__(f"{size:,} bytes, more than the {limit // MIB} MiB a {what} may have; not read")
        self.path = path


def read_bounded(path: Path, limit: int, what: str) -> bytes:
    """The bytes of path, stat'ed before they are read; TooLarge past limit (read no further
    than that, should the file grow meanwhile). what: the file's kind, for the message."""
    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        if size > limit:
            raise TooLarge(path, size, limit, what)
        data = f.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(path, len(data), limit, what)
    return data


def utf8_size(text: str, chunk: int = 1 << 16) -> int:
    """len(text.encode()), a piece at a time: no copy of a text of many megabytes."""
    if text.isascii():
        return len(text)
    return sum(len(text[i:i + chunk].encode("utf-8", "surrogatepass")) for i in range(0, len(text), chunk))


def too_large(text: str, language: str) -> str | None:
    """Why a front matter, sidecar or registry header is not parsed, if it is too large: a
    parser holds about 50 bytes per byte read, TOML and JSON as YAML."""
    if (size := utf8_size(text)) > MAX_YAML_BYTES:
        return (f"too large: {size:,} bytes, more than the {MAX_YAML_BYTES // MIB} MiB {language} may have "
                "here; not read")
    return None


def load_yaml(text: str) -> tuple[Any, tuple[int | None, str] | None]:
    """(data, None), or (None, (line, problem)): safe YAML, bounded in size (before it is
    parsed, then in values) and depth. Line numbers count from the first line of text."""
    if problem := too_large(text, "YAML"):
        return None, (None, problem)
    try:
        data = yaml.load(text, Loader=_SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return None, (mark.line + 1 if mark else None, getattr(exc, "problem", None) or str(exc).splitlines()[0])
    except (ValueError, OverflowError, RecursionError) as exc:  # e.g. an integer of 5,000 digits
        return None, (None, str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    problem = bounded(data)
    return (None, (None, problem)) if problem else (data, None)


def bounded(data: Any) -> str | None:
    """What is wrong with a parsed header's size or depth, if anything (any dialect)."""
    values, stack = 0, [(data, 1)]
    while stack:  # a loop, not recursion: a cycle or a deep nest must not exhaust the stack
        value, depth = stack.pop()
        values += 1
        if values > MAX_YAML_VALUES:
            return f"more than {MAX_YAML_VALUES:,} values (do YAML aliases repeat a list?)"
        if depth > MAX_YAML_DEPTH:
            return f"nested more than {MAX_YAML_DEPTH} levels deep"
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for item in value.items() for v in item)
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
    return None


class _SafeLoader(yaml.CSafeLoader):
    """yaml's safe loader, except that an impossible date (2025-13-45) stays text, for the
    date check to report with its key's line instead of failing the whole front matter."""


def _timestamp(loader: _SafeLoader, node: yaml.Node) -> object:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


_SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def inside(path: Path, folder: Path) -> bool:
    """Whether path, symlinks followed, is within folder (a symlink may lead anywhere)."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return False


def walk(folder: Path, skip: frozenset[str] | set[str] = frozenset()) -> Iterator[tuple[str, os.DirEntry]]:
    """Every file under folder, with its path relative to folder (POSIX): not entering
    dot-folders, linked folders or the top-level folders in `skip`, dot-files left out.
    os.scandir, so that a regular file costs no stat."""
    stack = [(str(folder), "")]
    while stack:
        current, prefix = stack.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                if prefix or entry.name not in skip:
                    stack.append((entry.path, f"{prefix}{entry.name}/"))
            elif entry.is_file():  # a link to a file counts (where it leads is checked by files())
                yield prefix + entry.name, entry


def files(folder: Path, skip: frozenset[str] | set[str] = frozenset(), wanted: Callable[[str], bool] | None = None,
          outside: Callable[[str], None] | None = None) -> list[tuple[Path, str]]:
    """(path, relative path) of the files under folder that `wanted` accepts (by relative
    path), in path order (see walk). A symlink that leads outside folder is left out, and
    named to `outside`: publishing whatever it points to (~/.ssh/...) is never what the
    writer meant."""
    found = []
    for rel, entry in walk(folder, skip):
        if wanted and not wanted(rel):
            continue
        path = Path(entry.path)
        if entry.is_symlink() and not inside(path, folder):
            if outside:
                outside(rel)
            continue
        found.append((path, rel))
    # by path parts (as sorted Paths compare), without comparing 10,000 Path objects
    found.sort(key=lambda item: item[1].split("/"))
    return found


def is_document(rel: str) -> bool:
    return os.path.splitext(rel)[1].lower() in DOCUMENT_SUFFIXES


def discover(content_dir: Path, warn: Callable[[str, str], None] | None = None,
             folders: Iterable[str] = REGISTRY_FOLDERS) -> list[Path]:
    """Every document under content_dir, sorted so builds are reproducible, outside the
    registry's folders. A symlink to a file outside content_dir is left out, with a warning
    through `warn`."""
    return [path for path, _ in document_files(content_dir, warn, folders)]


def document_files(content_dir: Path, warn: Callable[[str, str], None] | None = None,
                   folders: Iterable[str] = REGISTRY_FOLDERS) -> list[tuple[Path, str]]:
    """discover(), with each document's path relative to content_dir."""
    def outside(rel: str) -> None:
        if warn:
            warn(rel, "a symlink to a file outside the content folder; not read")

    return files(content_dir, frozenset(folders), is_document, outside)


def sidecar_path(path: Path) -> Path:
    return path.with_name(path.stem + SIDECAR_SUFFIX)


def load_document(path: Path, content_dir: Path, raw: bytes | None = None, categories: str = "topics") -> LoadResult:
    """The document at path; raw: its bytes, when the caller has read them already;
    categories: what its `categories` are filed as (topics or tags: site.yaml's)."""
    rel = path.relative_to(content_dir).as_posix()
    diags: list[Diagnostic] = []
    if raw is None:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            return LoadResult(None, [Diagnostic("error", rel, None, f"cannot read: {exc.strerror}")])
    read = _read_pdf(raw, rel, diags) if path.suffix.lower() == PDF_SUFFIX else _read_text(raw, path, rel, diags)
    if isinstance(read, LoadResult):
        return read
    meta, lines, fmt, title, body, body_line = read

    # where each key was written: the document's line, or the sidecar's (its keys win)
    where: dict[str, tuple[str, int | None]] = {}
    sidecar = sidecar_path(path)
    if sidecar.is_file():
        side_rel = sidecar.relative_to(content_dir).as_posix()
        side, side_lines = _load_sidecar(sidecar, content_dir, diags)
        for key, value in side.items():
            meta[key] = value
            where[key] = (side_rel, side_lines.get(key))

    if fmt == "markdown" and not meta.get("title"):  # untitled: its leading heading, if it has one
        title = heading_title(body)
    doc = Document(rel=rel, slug="", title="", body=body, body_line=body_line, format=fmt)
    _apply_meta(doc, meta, lambda key: where.get(key) or (rel, lines.get(key)), title, diags, categories)
    return LoadResult(doc, diags)


# What a document file gives before its sidecar: its metadata, the line of each key, its
# format, the title found in it, its Markdown body and the line that body starts on.
Read = tuple[dict[str, Any], dict[str, int], Format, str | None, str, int]


def _read_pdf(raw: bytes, rel: str, diags: list[Diagnostic]) -> Read | LoadResult:
    """A PDF, read directly (pdf.py): its metadata comes from its sidecar alone."""
    from site_builder import pdf  # its reader and its libraries: only in a build that meets a PDF

    try:
        read = pdf.read(raw)
    except pdf.Unreadable as exc:
        return LoadResult(None, [Diagnostic("error", rel, None, str(exc))])
    if read.removed:
        diags.append(_removed_note(rel, read.removed, "page"))
    return {}, {}, "pdf", read.title or None, read.body, 1


def _read_text(raw: bytes, path: Path, rel: str, diags: list[Diagnostic]) -> Read | LoadResult:
    """Markdown with front matter (YAML, TOML, JSON, Hexo's), or plain text from a PDF (plaintext.py)."""
    decoded = decode(raw)
    if decoded.text is None:
        assert decoded.problem is not None
        return LoadResult(None, [Diagnostic("error", rel, *decoded.problem)])
    if decoded.problem:
        diags.append(Diagnostic("warning", rel, *decoded.problem))
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return LoadResult(None, [*diags, Diagnostic("warning", rel, None, "empty document, skipped")])

    header = headers.split(text, load_yaml)
    if isinstance(header, headers.Header) and header.dialect != "YAML" and path.suffix.lower() == ".txt":
        header = None  # a .txt is Markdown only when it opens with ---; else text from a PDF
    if isinstance(header, headers.Unclosed):
        message = f"front matter opened with {header.fence} is never closed"
        return LoadResult(None, [*diags, Diagnostic("error", rel, 1, message)])
    if header is not None:
        loaded, problem = headers.parse(header, load_yaml, bounded, too_large)
        if problem:
            line, message = problem  # the header's text starts on the file's first line
            error = Diagnostic("error", rel, line or 1, f"invalid {header.dialect} front matter: {message}")
            return LoadResult(None, [*diags, error])
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict):
            message = f"front matter must be a mapping of keys, not {_kind(loaded)}"
            return LoadResult(None, [*diags, Diagnostic("error", rel, 2, message)])
        lines = key_lines(header.text, rel, diags) if header.dialect == "YAML" else headers.key_lines(header, loaded)
        return loaded, lines, "markdown", None, header.body, header.body_line
    if path.suffix.lower() == ".txt":
        from site_builder import plaintext  # only in a build that meets a text from a PDF

        converted = plaintext.convert(text)
        if converted.removed:
            diags.append(_removed_note(rel, converted.removed))
        return {}, {}, "plaintext", converted.title, converted.body, 1
    return {}, {}, "markdown", None, text, 1


def _removed_note(rel: str, removed: list[plaintext.Removed], unit: str = "line") -> Diagnostic:
    """What was left out of a plain-text document or a PDF (running headers, footers, page
    numbers, a repeated card), said with --verbose: each distinct line once, with the lines
    (or the PDF's pages) it stood on."""
    where: dict[str, list[int]] = {}
    for r in removed:
        where.setdefault(r.text, []).append(r.number)
    said = "; ".join(f"{text!r} ({unit}{'s' if len(ns) > 1 else ''} {', '.join(map(str, ns))})"
                     for text, ns in where.items())
    return Diagnostic("note", rel, removed[0].number if unit == "line" else None,
                      f"left out {len(removed)} lines printed on every page or repeated: {said}")


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(front matter text starting at line 1, body, line of the body) or None if unclosed."""
    bounds = list(itertools.islice(_FM.FM_BOUNDARY.finditer(text), 2))
    if len(bounds) < 2:
        return None
    opening, closing = bounds[0], bounds[1]
    # pad with the lines before it, so a YAML error's line is the file's line
    fm_text = "\n" * text.count("\n", 0, opening.end()) + text[opening.end() : closing.start()]
    end = text.find("\n", closing.start())
    body = "" if end < 0 else text[end + 1 :]
    body_line = text.count("\n", 0, end) + 2 if end >= 0 else 1
    return fm_text, body, body_line


def key_lines(text: str, rel: str, diags: list[Diagnostic]) -> dict[str, int]:
    """The line of each top-level key of a front matter or sidecar; a key given twice is a
    warning (YAML keeps the last value and would drop the first without a word), and its
    line is the last one's, whose value a problem is about."""
    lines: dict[str, int] = {}
    first: dict[str, int] = {}
    for n, line in enumerate(text.split("\n"), start=1):
        if m := re.match(r"^([A-Za-z_][\w-]*)\s*:", line):
            if m[1] in first:
                diags.append(Diagnostic("warning", rel, n, f"{m[1]!r} is given twice (first on line {first[m[1]]}); "
                                                            "this later value is used"))
            first.setdefault(m[1], n)
            lines[m[1]] = n
    return lines


def _load_sidecar(path: Path, content_dir: Path, diags: list[Diagnostic]) -> tuple[dict[str, Any], dict[str, int]]:
    """A sidecar's keys and the line of each ({} when it cannot be read: an error says why)."""
    rel = path.relative_to(content_dir).as_posix()
    if not inside(path, content_dir):
        diags.append(Diagnostic("warning", rel, None, "a symlink to a file outside the content folder; not read"))
        return {}, {}
    try:
        decoded = decode(read_bounded(path, MAX_SIDECAR_BYTES, "sidecar"))
    except OSError as exc:
        diags.append(Diagnostic("error", rel, None, f"cannot read sidecar: {exc.strerror}"))
        return {}, {}
    except TooLarge as exc:
        diags.append(Diagnostic("error", rel, None, str(exc)))
        return {}, {}
    if decoded.problem:
        diags.append(Diagnostic("error" if decoded.text is None else "warning", rel, *decoded.problem))
    if decoded.text is None:
        return {}, {}
    data, problem = load_yaml(decoded.text)
    if problem:
        diags.append(Diagnostic("error", rel, problem[0] or 1, f"invalid YAML: {problem[1]}"))
        return {}, {}
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        diags.append(Diagnostic("error", rel, 1, f"a sidecar must be a mapping of keys, not {_kind(data)}"))
        return {}, {}
    return data, key_lines(decoded.text.replace("\r\n", "\n").replace("\r", "\n"), rel, diags)


# Jekyll's post names (2016-12-31-title.md) and a daily's (2025-06-01.md); a page bundle's
# folder (2025-06-01-title/index.md) the same
_DATED_NAME = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:-(.+))?")
# a page bundle's or a section's text: named by its folder
INDEX_STEMS = frozenset({"index", "_index"})


def _name(rel: str) -> str:
    """The name a document is known by: its file's, or its folder's for an index file."""
    path = Path(rel)
    return path.parent.name if path.stem in INDEX_STEMS and path.parent.name else path.stem


def _apply_meta(doc: Document, meta: dict[Any, Any], where: Callable[[str], tuple[str, int | None]],
                inferred_title: str | None, diags: list[Diagnostic], categories: str = "topics") -> None:
    """The document's metadata from its front matter and sidecar, through the schema: a wrong
    value is an error at its key's line and is left out; the rest is used."""
    checked = check(FrontMatter, meta)
    for problem in checked.problems:
        diags.append(Diagnostic(problem.severity, *where(problem.key), problem.message))
    fm = checked.model
    assert fm is not None  # no front matter key is required
    name = _name(doc.rel)
    dated = _DATED_NAME.fullmatch(name)
    doc.title = fm.title or inferred_title or name
    doc.date = fm.date or (_named_date(dated) if dated else None)
    doc.updated = fm.lastmod or fm.updated or fm.lastupdate or fm.last_modified_at
    doc.draft = fm.draft or not fm.published
    doc.summary = fm.summary or fm.description or fm.excerpt
    filed = fm.categories + fm.category
    doc.tags = list(dict.fromkeys(fm.tags + (filed if categories == "tags" else [])))
    doc.topics = list(dict.fromkeys(fm.main_topics + fm.topics + (filed if categories == "topics" else [])))
    # not a pattern (/:year/:title/); a path, repeated slashes as one as Jekyll reads them (//a/ is /a/)
    old = [re.sub(r"/{2,}", "/", url) for url in (fm.url, fm.permalink) if url and ":" not in url]
    doc.aliases = list(dict.fromkeys(fm.aliases + fm.redirect_from + old))
    doc.permalink = old[0] if old else None
    doc.authors = list(dict.fromkeys(fm.author + fm.authors))
    doc.featured_image = (fm.featured_image or "").strip() or None
    doc.source = fm.source or None
    doc.type = fm.type or None
    doc.lang = fm.lang or ""
    doc.translation_key = fm.translation_key or fm.translationKey or ""
    doc.translations = fm.translations
    # slugify keeps letters, digits and dashes only: "../../x" and "/etc/x" cannot leave articles/
    doc.slug = slugify(fm.slug or (dated[4] if dated and dated[4] else name), fallback="document")
    doc.extra = checked.unknown  # for templates: doc.extra.KEY
    for key in doc.extra:
        # the same key in many documents is one warning for the build (Reporter.flush)
        diags.append(Tallied("warning", *where(key), f"unknown front matter key {key!r}"))


def _named_date(dated: re.Match[str]) -> When | None:
    try:
        return When(datetime(int(dated[1]), int(dated[2]), int(dated[3])), "day")
    except ValueError:  # 2025-13-45-title.md: a name, not a date
        return None
