"""The tasks that run in a worker process (a process pool's, or a Dask cluster's: see
executors.py and distributed.py), and the worker state they run with: the per-document
work (read, load, detect mentions, render, cache) and the page rendering, WorkerSetup
(what each worker is sent once) and build_salt. It imports no executor.

Everything a worker needs that is costly to build (the entity automaton, the Markdown
parser, the Jinja environment) is built once per worker by `start`, the executor's
initializer, never per task. Tasks take and return small records: a document's body
HTML goes to the cache on disk, not back through the pipe.
"""

from __future__ import annotations

import gc
import os
import pickle
import posixpath
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from markupsafe import Markup

from site_builder.cache import BuildCache, digest, stow_passages
from site_builder.config import Config
from site_builder.diagnostics import Diagnostic, Tallied
from site_builder.doclinks import fill
from site_builder.fingerprint import code_fingerprint
from site_builder.footnotes import notes_digest
from site_builder.i18n import content_language
from site_builder.layers import static_folders
from site_builder.loader import (
    MAX_DOCUMENT_BYTES,
    MAX_SIDECAR_BYTES,
    TooLarge,
    inside,
    load_document,
    read_bounded,
    sidecar_path,
)
from site_builder.markdown import RenderContext, render
from site_builder.mentions import Matcher, mentions_digest
from site_builder.model import DocResult, Document, RenderedBody, card_digest
from site_builder.records import RESULTS, encode_batch, pack
from site_builder.registry import Registry


@dataclass
class WorkerSetup:
    """Sent to each worker once."""

    config: Config
    registry: Registry
    cache_root: Path
    salt: str  # everything besides a document's own bytes that its result depends on


class Worker:
    """What a worker builds once: the automaton, the parser, the templates."""

    def __init__(self, setup: WorkerSetup) -> None:
        from site_builder.templates import environment, memoize_macros

        self.setup = setup
        self.cache = BuildCache(setup.cache_root)
        c = setup.config
        self.context = RenderContext(c.allow_html, c.base_path, c.language, Matcher(setup.registry),
                                     setup.registry.entities, c.entity_links, local_links=True,
                                     names=setup.registry.by_name, former_urls=c.former_urls)
        self.templates = environment(c, setup.registry)
        memoize_macros(self.templates)


_worker: Worker | None = None
# A Dask worker may hold the states of several builds at once, one per thread's task: the
# task's own state, when set, takes precedence over the process's.
_current = threading.local()


def start(setup: WorkerSetup) -> None:
    """Executor initializer: build the automaton, parser and templates once."""
    global _worker
    _worker = Worker(setup)


def start_in_pool(setup: WorkerSetup) -> None:
    """Initializer of a pool worker: Ctrl-C reaches the whole process group, and the build
    process alone decides what it means (cancel, keep the old site, exit 130); a worker
    that stopped on it too would only print a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    start(setup)
    gc.freeze()  # the automaton, parser and templates live as long as the worker: never scanned again


def _state() -> Worker:
    state = getattr(_current, "worker", None) or _worker
    assert state is not None, "worker not started"
    return state


def run_with(state: Worker, fn: Callable[..., Any], *args: Any) -> Any:
    """Run a task with state as this thread's worker state (a Dask worker's build, the dev
    server's thread that shows a saved page)."""
    _current.worker = state
    try:
        return fn(*args)
    finally:
        _current.worker = None


def document_key(rel: str, raw: bytes, side: bytes, salt: str) -> str:
    return digest(salt.encode(), rel.encode(), raw, side)


def process_documents(paths: list[Path]) -> bytes:
    """The documents' results as one batch of records.py, packed here: the build process
    reads them and saves the same bytes for the next build (see cache.DocumentsWriter)
    instead of encoding them again. One batch, not one per document: the entity keys and
    other strings the documents share are read back as one object each."""
    return pack(encode_batch(RESULTS, [process_document(path) for path in paths]))


def process_document(path: Path) -> DocResult:
    """Load, detect mentions and render one document, or take its result from the cache."""
    w = _state()
    config = w.setup.config
    rel = path.relative_to(config.content_dir).as_posix()
    try:
        raw = read_bounded(path, MAX_DOCUMENT_BYTES, "document")
        sidecar = sidecar_path(path)
        # a sidecar that leads out of the content folder is not read at all (the loader says so)
        side = read_bounded(sidecar, MAX_SIDECAR_BYTES, "sidecar") \
            if sidecar.is_file() and inside(sidecar, config.content_dir) else b""
    except OSError as exc:
        return DocResult(rel, "", diagnostics=[Diagnostic("error", rel, None, f"cannot read: {exc.strerror}")])
    except TooLarge as exc:
        where = rel if exc.path == path else sidecar.relative_to(config.content_dir).as_posix()
        return DocResult(rel, "", diagnostics=[Diagnostic("error", where, None, str(exc))])
    key = document_key(rel, raw, side, w.setup.salt)
    cached = w.cache.load_record(key, rel)
    if cached is not None:
        return cached
    try:
        return _process(path, rel, key, w, raw)
    except Exception as exc:  # a bug met by one document must not stop the site: it is that document's error
        message = f"cannot build this document ({type(exc).__name__}: {exc}); this is a bug in site-builder"
        return DocResult(rel, key, diagnostics=[Diagnostic("error", rel, None, message)])


def _process(path: Path, rel: str, key: str, w: Worker, raw: bytes) -> DocResult:
    config = w.setup.config
    loaded = load_document(path, config.content_dir, raw, config.categories)  # the bytes its key was made of
    result = DocResult(rel, key, diagnostics=list(loaded.diagnostics))
    html, passages, headings = "", b"", []
    if loaded.document is not None:
        doc = loaded.document
        body = render(doc.body, w.context, doc.body_line, doc.title)
        result.diagnostics += [Diagnostic("warning", rel, line, message) for line, message in body.note_problems]
        result.diagnostics += [Diagnostic("error", rel, line, message) for line, message in body.errors]
        result.diagnostics += [Diagnostic("warning", rel, line, message) for line, message in body.warnings]
        # a shortcode or tag not rendered: once for the build, with how many documents
        result.diagnostics += [Tallied("warning", rel, line, message) for line, message in body.tallied]
        if body.excerpt is not None and not doc.summary:  # <!--more--> ends the summary
            doc.summary = " ".join(body.excerpt.split())
        # in the site's language unless it says, or is written in Chinese on a site that is not
        doc.lang = doc.lang or content_language(f"{doc.title}\n{body.text}", config.language)
        body.tallied, body.excerpt = [], None
        html, body.html, body.text = body.html, "", ""
        headings, body.headings = body.headings, []  # for its own page only: read with the HTML
        # the index needs each entity's one mention with its count: no dict of counts besides
        for m in body.mentions:
            m.count = body.mention_counts[m.entity]
        body.mention_counts = {}
        # what lists, the entities' and the sources' pages show of it (model.CARD, MENTIONS, NOTES),
        # while the sentences are in it
        shown = card_digest(doc) + mentions_digest(body.mentions) + notes_digest(body.notes)
        passages = stow_passages(key, [*body.mentions, *(ref for note in body.notes for ref in note.refs)])
        result.document = replace(doc, body="", shown=shown)
        result.body = body
    w.cache.store(key, result, html, passages, headings)
    return result


def check_images(doc: Document, body: RenderedBody, config: Config) -> list[str]:
    """The images of a document that are not there (its featured image, if one, is dropped
    from it). Looked for at every build, not when the document was read: one added to
    static/ since shows as a cold build shows it."""
    missing = [src for src in [*body.images, *([doc.featured_image] if doc.featured_image else [])]
               if not image_exists(src, doc, config)]
    if doc.featured_image in missing:
        doc.featured_image = None
    elif doc.featured_image and not doc.featured_image.startswith("/") and "://" not in doc.featured_image \
            and not doc.featured_image.startswith("data:"):
        # beside the document (a page bundle's cover.png): published at its path in content/
        doc.featured_image = posixpath.normpath(f"{posixpath.dirname(doc.rel)}/{unquote(doc.featured_image)}")
    return missing


def image_exists(src: str, doc: Document, config: Config) -> bool:
    """Remote images are taken on trust; local ones must exist in static/ (the site's or the
    theme's) or content/."""
    if "://" in src or src.startswith(("//", "data:")):
        return True
    if src.startswith(config.base_path) and config.base_path != "/":
        src = "/" + src[len(config.base_path):]
    path = src.split("?")[0].split("#")[0]
    candidates = []
    for rel in dict.fromkeys([path, unquote(path)]):  # a Markdown image's URL is %-encoded, a front matter path is not
        if rel.startswith("/"):
            candidates += [*((folder, rel.lstrip("/")) for folder in static_folders(config)),
                           (config.content_dir, rel.lstrip("/"))]
        else:
            candidates.append((config.content_dir, f"{Path(doc.rel).parent.as_posix()}/{rel}"))
    return any(_published_file(folder, rel) for folder, rel in candidates)


def _published_file(folder: Path, rel: str) -> bool:
    """Whether rel is a file inside folder. `/../../etc/passwd` is decided on its letters,
    before the file system is asked: whether a file exists outside the project is not for
    a stranger's document to learn from a build's warnings (public CI logs)."""
    lexical = os.path.normpath(os.path.join(folder, rel))
    if not lexical.startswith(str(folder) + os.sep):
        return False
    return inside(Path(lexical), folder) and os.path.isfile(lexical)


def render_pages(root: str, target: str, jobs: list[tuple[str, str, bytes, str | None]]) -> list[tuple[str, bool]]:
    """Render a batch of pages: (output path, template, pickled context, fingerprint of the
    previous build's file). Each is written into root (the staging folder) unless its bytes
    are those of the previous build's file, still in target. Returns (fingerprint, written)
    for each, in order (not its path: the build process keeps its own string of each)."""
    done = []
    for rel, template, blob, previous in jobs:
        data = render_page(template, pickle.loads(blob)).encode("utf-8")
        fingerprint = digest(data)
        if fingerprint == previous and os.path.isfile(os.path.join(target, rel)):
            done.append((fingerprint, False))
            continue
        write_file(f"{root}/{rel}", data)  # rel is checked by OutputTree: no "..", no absolute path
        done.append((fingerprint, True))
    return done


def write_file(path: str, data: bytes) -> None:
    """Write a page, making its folder (a page per folder: pretty URLs). Plain strings and
    system calls: there are 30,000 of these per build."""
    try:
        os.mkdir(os.path.dirname(path))
    except FileExistsError:  # another page's, or made by another worker meanwhile
        pass
    except FileNotFoundError:  # its parent is missing too
        os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def render_page(template: str, context: dict[str, Any]) -> str:
    """One page; a context's `body_key` names a document body (its HTML and headings) to
    take from the cache."""
    w = _state()
    if "body_key" in context:
        html, context["headings"] = w.cache.body(context["body_key"])
        context["body_html"] = Markup(fill(html, context.get("body_links", [])))
    return w.templates.get_template(template).render(**context)


def build_salt(config: Config, registry_files: list[Path], discovered: bytes = b"") -> str:
    """What every document's result depends on besides its own bytes: the code, the
    config it reads, the entity registry and the entities discovered in the content."""
    parts = [code_fingerprint().encode(),
             repr((config.allow_html, config.base_path, config.language, config.entity_links, config.categories,
                   config.in_project(config.content_dir), config.in_project(config.static_dir),
                   config.former_urls)).encode()]
    parts += [config.in_project(p).encode() + b"\0" + p.read_bytes() for p in registry_files]
    return digest(*parts, b"\0discovered\0" + discovered)
