"""The build, end to end: load -> link -> index -> emit -> publish.

Each stage is a function below, taking and returning its own record; what they all run
on (the cache, the executor, timing, the memory measures) is the BuildContext beside
them (build_context.py). Per-document work (read, parse, detect mentions, render
Markdown) and page rendering run on the executor (a process pool, one worker per core);
results are cached under .cache/ so that a rebuild re-does only what changed."""

from __future__ import annotations

import gc
import posixpath
import sys
from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass, field
from pathlib import Path

from site_builder import addresses
from site_builder.build_context import BuildContext, BuildReport, DocumentFiles, load_entities, registry_files
from site_builder.cache import BuildCache, CacheDamaged
from site_builder.config import Config
from site_builder.diagnostics import Reporter
from site_builder.discovery import discover_entities, fingerprint
from site_builder.doclinks import LinkTable
from site_builder.emitters import EMITTERS, static_files
from site_builder.emitters.static_files import own_files, replaced
from site_builder.executors import make_executor
from site_builder.index import build_index
from site_builder.layers import static_files as static_layers
from site_builder.loader import discover
from site_builder.lock import build_lock
from site_builder.markdown import RenderContext
from site_builder.mentions import Matcher
from site_builder.model import DocResult, Document, RenderedBody
from site_builder.output import OutputTree
from site_builder.pages import PageMaker
from site_builder.progress import Progress
from site_builder.records import RESULTS, decode_batch, unpack
from site_builder.registry import Registry
from site_builder.sections import section_files
from site_builder.site import Site
from site_builder.slugs import unique
from site_builder.tasks import WorkerSetup, build_salt, check_images, process_documents
from site_builder.templates import environment
from site_builder.urls import RESERVED_SLUGS, Urls

__all__ = ["BuildReport", "build", "check_content"]

CHUNK = 64  # documents per task


@dataclass
class Loaded:
    """The load stage's: every document's result (drafts and failures included, for the
    cache), and the documents to publish with their rendered bodies (without HTML)."""

    results: list[DocResult]
    documents: list[Document]
    bodies: dict[str, RenderedBody]  # by document path (sections' too)
    sections: list[Document] = field(default_factory=list)  # folders' own texts (sections.py)


@dataclass
class Linked:
    """The link stage's: the documents, each with a slug of its own, and the registry with
    the implicit topics their main_topics name."""

    documents: list[Document]
    bodies: dict[str, RenderedBody]
    registry: Registry
    context: RenderContext  # what renders Markdown in this process (an entity's description)
    links: LinkTable | None  # where each document's links lead (None: no document has one)
    sections: list[Document] = field(default_factory=list)


@dataclass
class Emitted:
    """The emit stage's: the staged output folder, and the pages of each emitter."""

    out: OutputTree
    pages: dict[str, int]
    spans: dict[str, tuple[int, int]]  # the files each emitter claimed (OutputTree.claimed)


def build(config: Config, reporter: Reporter | None = None, jobs: int | None = None,
          on_site: Callable[[Site, WorkerSetup], None] | None = None,
          newer: Callable[[str], bool] | None = None, cluster: str | None = None,
          leave: list | None = None, progress: Progress | None = None, quick_key: str | None = None) -> BuildReport:
    """Build the site. cluster: a Dask cluster to run the per-document work and page
    rendering on (local-dask, dask://HOST:PORT); None or local: this machine's process
    pool. For the dev server: on_site is given the Site once it is indexed; newer(rel) says
    a file was written into the output folder meanwhile (see OutputTree). leave: a list
    the build's records are put in rather than freed, by a caller that exits next.
    progress: told each phase as it begins (the command line draws it on a terminal).
    quick_key: the command line's, for its next no-op build (uptodate.py)."""
    # The build makes millions of small objects and frees them by reference counting; the
    # cycle collector would walk the whole growing heap again and again (half the time of
    # loading the cache and of indexing at 10,000 documents). Off for the build only.
    collecting = gc.isenabled()
    gc.disable()
    reporter = reporter or Reporter(strict=config.strict)  # one for both tries: each warning said once
    try:
        with build_lock(config.root / ".cache"):  # one build of a project at a time
            try:
                return _build(config, reporter, jobs, on_site, newer, cluster, leave, progress, quick_key)
            except CacheDamaged as exc:
                # An entry the cache listed is damaged (a cache restored from elsewhere, a bad
                # disk): found where the build read it, half-way. Nothing was published; the
                # documents' cache is thrown away and the build done again without it.
                print(f"site-builder: {exc}: building again without the cache of documents", file=sys.stderr)
                BuildCache(config.root / ".cache").forget_documents()
                return _build(config, reporter, jobs, on_site, newer, cluster, leave, progress, quick_key)
    finally:
        reporter.finish()  # the warnings, alike ones together
        if collecting:
            gc.enable()


def _build(config: Config, reporter: Reporter, jobs: int | None, on_site: Callable[[Site, WorkerSetup], None] | None,
           newer: Callable[[str], bool] | None, cluster: str | None, leave: list | None,
           progress: Progress | None, quick_key: str | None) -> BuildReport:
    with BuildContext(config, reporter, jobs, cluster, progress, quick_key) as ctx:
        if ctx.up_to_date():
            return ctx.unchanged()
        ctx.progress.phase("reading the registry")
        setup = ctx.start()
        loaded = load(ctx, ctx.documents())
        ctx.progress.phase("linking")
        linked = link(ctx, loaded)
        ctx.progress.phase("indexing")
        site = index(ctx, linked)
        if on_site:
            on_site(site, setup)
        emitted = emit(ctx, site, newer)
        ctx.progress.phase("publishing")
        report = publish(ctx, emitted, loaded)
        if leave is not None:
            leave.append((loaded, linked, site, ctx))
        return report


def load(ctx: BuildContext, sources: DocumentFiles) -> Loaded:
    """Read, parse and render every document on the executor (those unchanged since the last
    build are taken as they were)."""
    assert ctx.executor is not None and ctx.saver is not None
    save, progress = ctx.saver.add, ctx.progress
    progress.phase("reading documents", total=len(sources.paths))

    def done(results: list[DocResult], packed: bytes | None) -> None:
        save(results, packed)
        progress.advance(len(results))

    return load_documents(ctx.config, ctx.reporter, ctx.executor, sources, done, ctx.saver.streaming)


def link(ctx: BuildContext, loaded: Loaded) -> Linked:
    linked = link_documents(ctx.config, ctx.reporter, ctx.setup, loaded)
    ctx.lap("load and link")
    return linked


def index(ctx: BuildContext, linked: Linked) -> Site:
    config = ctx.config
    site = Site(config, build_index(linked.documents, linked.bodies, linked.registry, linked.sections,
                                    config.language),
                linked.bodies, Urls.for_config(config), environment(config, ctx.setup.registry), ctx.reporter,
                linked.context, ctx.page_salt(), links=linked.links, indexer=ctx.indexer)
    ctx.lap("index")
    return site


def emit(ctx: BuildContext, site: Site, newer: Callable[[str], bool] | None) -> Emitted:
    """Every emitter in turn, into the staged output folder: page emitters through the
    PageMaker (which keeps a page whose reads are unchanged), file emitters by themselves."""
    out = ctx.output(newer)
    out.owned = frozenset(own_files(ctx.config))  # the writer's files take the place of the build's
    maker = PageMaker(out, site.globals, site.templates, site.salt)
    last_on_workers = max((i for i, e in enumerate(EMITTERS) if e.on_workers), default=-1)
    pages: dict[str, int] = {}
    spans: dict[str, tuple[int, int]] = {}
    for i, emitter in enumerate(EMITTERS):
        ctx.progress.phase(f"making {emitter.name}")
        start = len(out.claimed)
        if emitter.pages:
            pages[emitter.name] = maker.make(emitter.pages(site, out), here=not emitter.on_workers)
        else:
            assert emitter.files is not None
            pages[emitter.name] = emitter.files(site, out)
        if i < last_on_workers:
            out.finish()  # so that each emitter's time includes its pages' rendering
        spans[emitter.name] = (start, len(out.claimed))
        ctx.lap(emitter.name)
    # the last pages of the workers were rendered while this process wrote the pages after
    # them (the sitemap, the feed ...): an emitter that reads pages waits for them
    out.finish(release=True)
    replaced(site, out)
    ctx.lap("last pages")
    return Emitted(out, pages, spans)


def publish(ctx: BuildContext, emitted: Emitted, loaded: Loaded) -> BuildReport:
    """The staged site put in place, and what the next build reads saved."""
    out = emitted.out
    removed = out.removed()
    out.publish()
    ctx.lap("swap")
    ctx.save_documents(loaded.results)
    files_by = {name: (end - start, out.written_among(start, end)) for name, (start, end) in emitted.spans.items()}
    report = BuildReport(emitted.pages, list(ctx.reporter.items), ctx.seconds(), out.rendered, out.linked,
                         out.written(), ctx.phases, files_by, removed)
    ctx.save_state(report)
    return report


def load_documents(config: Config, reporter: Reporter, executor: Executor, sources: DocumentFiles,
                   on_results: Callable[[list[DocResult], bytes | None], None] | None = None,
                   saved: bool = False) -> Loaded:
    """Every document's result, in file order: those in sources.reused as they are, the
    others made on the executor. on_results is given the results as they come in, a batch
    at a time (with the batch's bytes as its worker packed them; None for the reused ones);
    saved: it saved them then, so that their documents may now be changed in place."""
    paths, reused = sources.paths, sources.reused
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
    documents, sections, bodies = [], [], {}
    is_section = section_files([result.rel for result in results])
    for result in results:
        reporter.extend(result.diagnostics)
        if result.document is None or (result.document.draft and not config.drafts):
            continue
        # its slug may change when linked; a result to be saved later must not: a copy (20 MB at 10,000)
        doc = result.document if saved else result.document.copy()
        doc.version = result.key
        (sections if result.rel in is_section else documents).append(doc)
        bodies[doc.rel] = result.body
    return Loaded(results, documents, bodies, sections)


def link_documents(config: Config, reporter: Reporter, setup: WorkerSetup, loaded: Loaded) -> Linked:
    """Give each document a slug of its own (in path order, the first keeps the plain one),
    make the topics that main_topics name without a registry file, and check its images."""
    if config.permalinks == "address":
        urls = Urls.for_config(config)
        own = OWN_SECTIONS + tuple(config.entity_folders)
        folders = [urls.file_for(urls.folder(posixpath.dirname(s.rel))) for s in loaded.sections]
        addresses.assign(loaded.documents, own, folders, reporter)
    taken: set[str] = set(RESERVED_SLUGS)
    for doc in loaded.documents:
        doc.lang = doc.lang or config.language  # a document is in the site's language unless it says
        slug = unique(doc.slug, taken)
        if slug != doc.slug:
            reporter.warning(doc.rel, f"slug {doc.slug!r} is taken by another document; using {slug!r}", alike=True)
            doc.slug = slug
    # the implicit topics join a registry of this build's own: the workers' (and the dev
    # server's, which shows a saved document with it) stays the registry's files' entities
    registry = Registry(dict(setup.registry.entities), dict(setup.registry.by_name))
    context = RenderContext(config.allow_html, config.base_path, config.language, Matcher(setup.registry),
                            registry.entities, config.entity_links, names=setup.registry.by_name)
    for doc in loaded.documents:
        for name in doc.topics:
            registry.topic_for(name)
        for src in check_images(doc, loaded.bodies[doc.rel], config):
            reporter.warning(doc.rel, f"missing image {src}")
    linking = [doc for doc in [*loaded.documents, *loaded.sections] if loaded.bodies[doc.rel].links]
    # the table walks content/ for its files: made only when a document has a link to resolve
    links = link_table(config, loaded.documents, loaded.sections) if linking else None
    for doc in linking:
        refs = loaded.bodies[doc.rel].links
        for ref, resolved in zip(refs, links.resolve_all(doc, refs), strict=True):
            if resolved.problem:
                reporter.warning(doc.rel, resolved.problem, ref.line)
    return Linked(loaded.documents, loaded.bodies, registry, context, links, loaded.sections)


# The site paths of this build's own pages: a link there is left for `site-builder check`
# (and the registry's folders, Config.entity_folders)
OWN_SECTIONS = ("articles", "tags", "citations", "search", "pagefind", "feed.xml", "sitemap.xml", "robots.txt",
                "404.html")


def link_table(config: Config, documents: list[Document], sections: list[Document]) -> LinkTable:
    """Every document, section, file of content/ and static file a link may lead to, this build."""
    return LinkTable.make(Urls.for_config(config), documents, static_files.publishable(config),
                          static_layers(config), OWN_SECTIONS + tuple(config.entity_folders), sections,
                          config.former_urls, config.static_dir.name)


def check_content(config: Config, reporter: Reporter) -> Linked:
    """The load and link stages alone, for `site-builder check`."""
    cache = BuildCache(config.root / ".cache")
    reporter.extend(config.diagnostics)  # site.yaml's warnings
    paths = discover(config.content_dir, reporter.warning, config.entity_folders)
    registry = load_entities(config, reporter)
    discovered = discover_entities(config, registry)
    salt = build_salt(config, registry_files(config), fingerprint(discovered))
    setup = WorkerSetup(config, registry, cache.root, salt)
    with make_executor(setup, len(paths)) as executor:
        loaded = load_documents(config, reporter, executor, DocumentFiles(paths, {}))
    return link_documents(config, reporter, setup, loaded)
