"""The build, end to end: load -> link -> index -> emit.

Per-document work (read, parse, detect mentions, render Markdown) and page rendering
run on an executor (a process pool, one worker per core); results are cached under
.cache/ so that a rebuild re-does only what changed."""

from __future__ import annotations

import gc
import os
import sys
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from site_builder import layers
from site_builder.cache import BuildCache, CacheDamaged, DocumentsSaver, digest, file_signature, inputs_state
from site_builder.config import CONFIG_NAME, Config
from site_builder.diagnostics import Diagnostic, Reporter
from site_builder.emitters import EMITTERS
from site_builder.executors import INLINE_BELOW, make_executor
from site_builder.fingerprint import code_fingerprint
from site_builder.index import build_index
from site_builder.loader import discover, document_files, is_document
from site_builder.lock import build_lock
from site_builder.markdown import RenderContext
from site_builder.mentions import Matcher
from site_builder.model import DocResult, Document, RenderedBody
from site_builder.output import OutputTree, recover
from site_builder.records import RESULTS, decode_batch, unpack
from site_builder.registry import FOLDERS, Registry, load_registry
from site_builder.site import Site
from site_builder.slugs import unique
from site_builder.tasks import WorkerSetup, build_salt, process_documents
from site_builder.templates import environment
from site_builder.urls import Urls

CHUNK = 64  # documents per task


@dataclass
class BuildReport:
    pages: dict[str, int] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    seconds: float = 0.0
    rendered: int = 0  # files written this time
    unchanged: int = 0  # files kept from the previous build as they were
    written: list[str] = field(default_factory=list)  # the files written, relative to the output folder
    phases: dict[str, float] = field(default_factory=dict)  # seconds per stage and emitter

    @property
    def errors(self) -> int:
        return sum(d.severity == "error" for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(d.severity == "warning" for d in self.diagnostics)


@dataclass
class Loaded:
    """The result of the load and link stages."""

    registry: Registry
    documents: list[Document]
    bodies: dict[str, RenderedBody]  # by document path, without HTML
    keys: dict[str, str]  # document path -> cache key of its rendered body
    context: RenderContext
    results: list[DocResult]  # every document's result, drafts and failures included


def build(config: Config, reporter: Reporter | None = None, jobs: int | None = None,
          on_site: Callable[[Site, WorkerSetup], None] | None = None,
          newer: Callable[[str], bool] | None = None, cluster: str | None = None,
          leave: list | None = None) -> BuildReport:
    """Build the site. cluster: a Dask cluster to run the per-document work and page
    rendering on (local-dask, dask://HOST:PORT); None or local: this machine's process
    pool. For the dev server: on_site is given the Site once it is indexed; newer(rel) says
    a file was written into the output folder meanwhile (see OutputTree). leave: a list
    the build's records are put in rather than freed, by a caller that exits next."""
    # The build makes millions of small objects and frees them by reference counting; the
    # cycle collector would walk the whole growing heap again and again (half the time of
    # loading the cache and of indexing at 10,000 documents). Off for the build only.
    collecting = gc.isenabled()
    gc.disable()
    reporter = reporter or Reporter(strict=config.strict)  # one for both tries: each warning said once
    try:
        with build_lock(config.root / ".cache"):  # one build of a project at a time
            try:
                return _build(config, reporter, jobs, on_site, newer, cluster, leave)
            except CacheDamaged as exc:
                # An entry the cache listed is damaged (a cache restored from elsewhere, a bad
                # disk): found where the build read it, half-way. Nothing was published; the
                # documents' cache is thrown away and the build done again without it.
                print(f"site-builder: {exc}: building again without the cache of documents", file=sys.stderr)
                BuildCache(config.root / ".cache").forget_documents()
                return _build(config, reporter, jobs, on_site, newer, cluster, leave)
    finally:
        if collecting:
            gc.enable()


def _build(config: Config, reporter: Reporter | None, jobs: int | None,
           on_site: Callable[[Site, WorkerSetup], None] | None, newer: Callable[[str], bool] | None,
           cluster: str | None, leave: list | None = None) -> BuildReport:
    started = time.perf_counter()
    reporter = reporter or Reporter(strict=config.strict)
    reporter.extend(config.diagnostics)  # site.yaml's warnings
    cache = BuildCache(config.root / ".cache")
    stats: dict[str, tuple[int, int]] = {}  # every input file's size and time, by path
    # the code, and both layers of templates and static files: editing the theme, or adding or removing an override
    state = inputs_state(repr(config), code_fingerprint(), [config.content_dir, *layers.folders(config)],
                         [config.root / CONFIG_NAME], stats)
    recover(config.output_dir)  # what a killed build left, before anything (a no-op build too)
    cache.remove_leftovers()
    last = cache.load_last_build(config.output_dir)
    if last and last[0] == state and config.output_dir.is_dir():
        return _up_to_date(*last[1:], reporter, started)
    registry = load_entities(config, reporter)
    setup = WorkerSetup(config, registry, cache.root, build_salt(config, registry_files(config)))
    report = BuildReport()
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        report.phases[name] = now - clock
        clock = now

    with ExitStack() as stack:
        # A first build processes every document: its workers start now, before this process
        # lists the content folder, and do not inherit that (16 MB less at 10,000 documents).
        early = None
        if last is None and (files := _documents_in(stats, config.content_dir)) >= INLINE_BELOW:
            early = stack.enter_context(make_executor(setup, files, jobs, cluster))
        found = document_files(config.content_dir, reporter.warning)
        paths = [path for path, _ in found]
        # documents whose file and sidecar did not change since the last build are not even read
        known = cache.load_documents(setup.salt)
        signatures = {rel: file_signature(path, stats) for path, rel in found}
        reused_rel = {rel: entry[1] for _, rel in found if (entry := known.get(rel)) and entry[0] == signatures[rel]}
        reused = {path: reused_rel[rel] for path, rel in found if rel in reused_rel}
        saver = stack.enter_context(DocumentsSaver(cache, setup.salt, known, signatures, reused_rel))
        executor = early if early is not None else \
            stack.enter_context(make_executor(setup, len(paths) - len(reused), jobs, cluster))
        loaded = load_and_link(config, reporter, executor, setup, paths, reused, saver.add, saver.streaming)
        del found, paths, reused  # 10,000 Paths: their memory goes to the index, which comes next
        lap("load and link")  # load, link
        index = build_index(loaded.documents, loaded.bodies, loaded.registry)      # index
        site = Site(config, index, loaded.bodies, loaded.keys, Urls.for_config(config), environment(config),
                    reporter, loaded.context)
        lap("index")
        if on_site:
            on_site(site, setup)
        # every page depends on the templates, the config and the registry (in the build salt)
        with OutputTree(config.output_dir, cache, executor, page_salt(config) + setup.salt,
                        newer) as out:  # emit
            last_on_workers = max((i for i, e in enumerate(EMITTERS) if e.on_workers), default=-1)
            for i, emitter in enumerate(EMITTERS):
                report.pages[emitter.name] = emitter.emit(site, out)
                if i < last_on_workers:
                    out.finish()  # so that each emitter's time includes its pages' rendering
                lap(emitter.name)
            # the last pages of the workers were rendered while this process wrote the pages
            # after them (the sitemap, the feed ...): an emitter that reads pages waits for them
            out.finish(release=True)
            lap("last pages")
        report.rendered, report.unchanged, report.written = out.rendered, out.linked, out.written()
        lap("swap")
    saver.finish(loaded.results)
    cache.prune({r.key for r in loaded.results})
    report.diagnostics = list(reporter.items)
    report.seconds = time.perf_counter() - started
    cache.save_last_build(config.output_dir, state, report)
    if leave is not None:
        leave.append((loaded, site, known, signatures, stats))
    return report


def _documents_in(stats: dict[str, tuple[int, int]], content_dir: Path) -> int:
    """How many documents the content folder holds, from the stats of every input file."""
    content = str(content_dir) + os.sep
    return sum(1 for path in stats if path.startswith(content) and is_document(path))


def _up_to_date(pages: dict[str, int], diagnostics: list[Diagnostic], files: int, reporter: Reporter,
                started: float) -> BuildReport:
    """Nothing the build reads has changed since the last build: say so, with the same
    warnings (they still stand), and touch nothing."""
    reporter.extend(diagnostics)
    report = BuildReport(pages=pages, diagnostics=list(reporter.items), unchanged=files, phases={"up to date": 0.0})
    report.seconds = time.perf_counter() - started
    report.phases["up to date"] = report.seconds
    return report


def load_entities(config: Config, reporter: Reporter) -> Registry:
    registry, diagnostics = load_registry(config.content_dir)
    reporter.extend(diagnostics)
    return registry


def registry_files(config: Config) -> list[Path]:
    return sorted(p for folder in FOLDERS for p in (config.content_dir / folder).glob("*.md"))


def page_salt(config: Config) -> str:
    """What every page depends on besides its own context: templates (the site's and the
    theme's, each by its layer and path: an override added or removed changes it), config,
    code."""
    templates = [f"{layer}/{p.relative_to(folder).as_posix()}".encode() + b"\0" + p.read_bytes()
                 for layer, folder in enumerate(layers.template_folders(config))
                 for p in sorted(folder.rglob("*.html"))]
    return digest(code_fingerprint().encode(), repr(config).encode(), *templates)


def load_and_link(config: Config, reporter: Reporter, executor: Executor, setup: WorkerSetup,
                  paths: list[Path], reused: dict[Path, DocResult] | None = None,
                  on_results: Callable[[list[DocResult], bytes | None], None] | None = None,
                  saved: bool = False) -> Loaded:
    """Read, parse and render every document on the executor (those in `reused` are taken
    as they are), in file order. on_results is given the results as they come in, a batch
    at a time (with the batch's bytes as its worker packed them; None for the reused ones);
    saved: it saved them then, so that their documents may now be changed in place."""
    reused = reused or {}
    todo = [path for path in paths if path not in reused]
    futures: list[Future | None] = [executor.submit(process_documents, todo[i : i + CHUNK])
                                    for i in range(0, len(todo), CHUNK)]
    on_results = on_results or (lambda results, packed: None)
    on_results(list(reused.values()), None)
    done: dict[Path, DocResult] = {}
    for i, start in enumerate(range(0, len(todo), CHUNK)):
        packed, futures[i] = futures[i].result(), None  # a done future holds its result: its bytes
        # read as the next build reads them back (tags, topics and entity keys one object each)
        chunk = decode_batch(RESULTS, unpack(packed))
        done.update(zip(todo[start : start + CHUNK], chunk, strict=True))
        on_results(chunk, packed)
    results: list[DocResult] = [reused.get(path) or done[path] for path in paths]
    documents, bodies, keys = [], {}, {}
    for result in results:
        reporter.extend(result.diagnostics)
        if result.document is None or (result.document.draft and not config.drafts):
            continue
        # its slug may change below; a result to be saved later must not: a copy (20 MB at 10,000)
        doc = result.document if saved else result.document.copy()
        doc.version = result.key
        documents.append(doc)
        bodies[doc.rel] = result.body
        keys[doc.rel] = result.key
    reporter.flush()  # an unknown front matter key: once for the build, with its count
    taken: set[str] = set()
    for doc in documents:  # discover() sorts by path, so the first keeps the plain slug
        slug = unique(doc.slug, taken)
        if slug != doc.slug:
            reporter.warning(doc.rel, f"slug {doc.slug!r} is taken by another document; using {slug!r}")
            doc.slug = slug
    # the same matcher as the workers': registered entities only
    context = RenderContext(config.allow_html, config.base_path, config.language, Matcher(setup.registry),
                            setup.registry.entities, config.entity_links)
    for doc in documents:
        for name in doc.topics:
            setup.registry.topic_for(name)  # main_topics without a file are topics too
    return Loaded(setup.registry, documents, bodies, keys, context, results)


def check_content(config: Config, reporter: Reporter) -> Loaded:
    """The load and link stages alone, for `site-builder check`."""
    cache = BuildCache(config.root / ".cache")
    reporter.extend(config.diagnostics)  # site.yaml's warnings
    paths = discover(config.content_dir, reporter.warning)
    registry = load_entities(config, reporter)
    setup = WorkerSetup(config, registry, cache.root, build_salt(config, registry_files(config)))
    with make_executor(setup, len(paths)) as executor:
        return load_and_link(config, reporter, executor, setup, paths)
