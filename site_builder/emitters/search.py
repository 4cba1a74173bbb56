"""Full-text search with Pagefind: the last emitter indexes the written pages (only the
parts marked data-pagefind-body) into pagefind/ inside the output folder, before the
atomic swap, and writes the /search/ page that loads Pagefind's UI from the site itself.

The pages are indexed in shards (a hash of each page's path; at most SHARD_PAGES pages
each), each a bundle of Pagefind's own: the first in pagefind/ with Pagefind's runtime and
UI, the others in pagefind/shards/<n>/ (the first BROWSER_LANES of them with a copy of the
runtime), merged by the search page into one list of results, by score (the theme's
search-lanes/pagefind.js). Pagefind's memory is then one shard's, and a rebuild
indexes again only the shards that hold a page written, added or removed.

The shards are planned as soon as the pages they index are written (plan_shards, the
emitter after the documents' and the entities' pages): when a rebuild finds few of them
changed, Pagefind indexes those while this process makes the tag, archive and sources pages,
and the search phase only collects them.

Pagefind is a dependency, but a build must not fail without it: a missing or failing
Pagefind is one warning, and /search/ then says search is unavailable."""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from site_builder import search_names
from site_builder.cache import digest
from site_builder.emitters import word_packs
from site_builder.emitters.static_files import own_files
from site_builder.fingerprint import code_fingerprint
from site_builder.output import OutputTree
from site_builder.search_view import Page, stale_views, start_view_writer, sync_view, wait_view_writer
from site_builder.site import Site

BUNDLE = "pagefind"
TIMEOUT = 600  # seconds; the service is a subprocess, and a crashed one would never answer
ANSWER_LIMIT = 2**30  # bytes of one answer of the service: a shard's bundle comes in one
STOP_TIMEOUT = 60  # seconds for the service to finish writing and exit once its input is closed
# Side-notes repeat the notes list; they come from the Markdown renderer, not a template.
EXCLUDE = [".sidenotes"]
# Only pages that carry content are read at all: at 10,000 documents the tag, pagination
# and index pages are twice as many again, and reading them made Pagefind run out of
# memory (its Python service then answered with an empty message).
# Those are the documents' pages (wherever their address puts them: permalinks: address) and
# the registry's folders' (Config.entity_folders: products, a kind of the site's own); each
# shard's pages are written into a folder of their own (shard_jobs), which holds nothing else.
CONTENT_PAGES = "**/*.html"
# Pagefind's memory and time grow with the pages of one index (3 GB and 35 s for 10,000
# pages): the pages are indexed in shards of at most this many, each by a Pagefind of its
# own, and a rebuild indexes again only the shards whose pages changed. Smaller shards make
# a one-document rebuild index fewer pages again, larger ones make the browser merge fewer
# indexes; measured at 10,000 documents (bench/search_shards.py, README): at 250 pages a
# rebuild's search phase took 1.3 s against 4.2 s at 1,000, with queries as fast.
SHARD_PAGES = 250
# Pagefind services indexing at once: Pagefind uses about 1.4 cores of its own, and one
# service leaves the second core mostly idle while the build's Python waits for it.
LANES = min(2, os.cpu_count() or 1)
SHARDS = "shards"  # pagefind/shards/<n>/: the bundles merged into the first one
# The first shards also get Pagefind's runtime, each searching its share of the others in a
# web worker of its own (the theme's search-lanes/pagefind.js; as many as the reader's cores):
# one worker searched 64 shards matching every page of 10,000 one after another.
BROWSER_LANES = 4
RUNTIME = ("pagefind.js", "pagefind-worker.js")  # and its WebAssembly, wasm.<language>.pagefind
# Pagefind's runtime asks for each shard's pagefind-entry.json, then for its metadata, one
# request each, before a query can ask for a word's files: 128 requests when the search page
# opens at 10,000 documents (64 shards), most of its time to the first result of a ?q= query.
# The search page's lanes read both of every shard from two files (the theme's
# search-lanes/lane.js): the entries and where each metadata file is in the pack.
CATALOG = f"{BUNDLE}/shards.json"
PACK = f"{BUNDLE}/shards.pack"  # beside the catalog, by this name: where lane.js looks for it
# And a query's index files, one per shard and word, in packs by word (emitters/word_packs.py):
# the catalog says where the packs are (WORDS) and where each file is in them.
WORDS = word_packs.WORDS
# A rebuild that finds at most this many shards changed indexes them while the pages after
# the content pages are made (plan_shards); more (a first build) are indexed in the search
# phase, when the workers that render pages have gone with their memory.
AHEAD_SHARDS = 4
# Word occurrences per file of a shard's word index (Pagefind's default is 20,000, made for
# one index of a whole site). A query word fetches one such file from every shard: kept in
# proportion to the shard, a query fetches (and the browser unpacks) about as much as from
# one index of the site, however many shards it is in.
INDEX_CHUNK: int | None = 20 * SHARD_PAGES
CHUNK_SETTING = "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE"  # read by Pagefind from its environment


# Pagefind 1.5 splits a Chinese query with the browser's Intl.Segmenter, which splits
# differently from the jieba segmentation of the index (李开复 → 李|开|复 finds nothing).
# Turned off in the bundle; the theme's search.js (theme/static/) splits the query itself (see there).
SEGMENTATION = "var needsWordSegmentation=(lang)=>{"
SEGMENTATION_OFF = SEGMENTATION + "return false;"


# Given a word that no word of its index starts with, Pagefind's runtime searches the longest
# word of the index that the query word starts with (李开复 → 李). One index does that only when
# the word is nowhere in the site; a shard without it found pages that share only its first
# characters. The runtime merging its shards marks each result with the number of the shard
# (its instance) it came from, so that the search page's lanes drop the results of the shards
# that fell back when another shard has the word (the theme's search-lanes/searcher.js).
MERGE = "const results=search2.map((s)=>s.results).flat()"
MERGE_MARKED = "const results=search2.map((s,i)=>(s.results.forEach((r)=>{r.instance=i;}),s.results)).flat()"
# To know which words a shard has, a lane reads its index files as the runtime inflates them
# (the browser's DecompressionStream, a stream per file, made queries at 100,000 documents
# 150-400 ms slower): the runtime hands each file it inflates to `pagefindInflated`, if set.
INFLATE = "data=gz_default(data);"
INFLATE_SHOWN = "data=gz_default(data);globalThis.pagefindInflated?.(file,data);"
# The runtime stems a word of other scripts than Han before it looks it up (zebras → zebra), and
# the page cannot stem. In its playground mode the runtime's first index says, with a search's
# results, the words it looked up (`search_keywords`): the module's own interface does not offer
# the mode, so the build adds it, and each lane puts its runtime in it (search-lanes/searcher.js:
# playground).
EXPORTS = "export{createInstance,"
EXPORTS_PLAYGROUND = ("var enterPlaygroundMode=async()=>{init_pagefind();return await pagefind.enterPlaygroundMode();};"
                      "export{enterPlaygroundMode,createInstance,")
PLAYGROUND = "enterPlaygroundMode(){return this.sendMessage(\"enterPlaygroundMode\",[]);}"


def mark_merged_results(bundle: Bundle) -> bool:
    """Patch the runtime (pagefind.js) to say of each result which of its merged indexes it
    came from, to show the lane each index file it inflates, and to offer its playground mode
    (the words a query looks up, where its interface reads as expected); False when this
    Pagefind differs (the lanes then keep every result)."""
    text = bundle.get(RUNTIME[0], b"").decode("utf-8")
    if text.count(MERGE) != 1 or text.count(INFLATE) != 1:
        return False
    text = text.replace(MERGE, MERGE_MARKED).replace(INFLATE, INFLATE_SHOWN)
    # without it the lanes check the words of Han characters alone (searcher.js: words)
    if text.count(EXPORTS) == 1 and text.count(PLAYGROUND) == 1 and "init_pagefind" in text:
        text = text.replace(EXPORTS, EXPORTS_PLAYGROUND)
    bundle[RUNTIME[0]] = text.encode("utf-8")
    return True


def disable_query_segmentation(bundle: Bundle) -> bool:
    """Patch the two runtime files of the bundle; False when this Pagefind differs."""
    names = list(RUNTIME)
    texts = [bundle[name].decode("utf-8") for name in names if name in bundle]
    if len(texts) != len(names) or not all(t.count(SEGMENTATION) == 1 for t in texts):
        return False
    for name, text in zip(names, texts, strict=True):
        bundle[name] = text.replace(SEGMENTATION, SEGMENTATION_OFF).encode("utf-8")
    return True


def _service() -> Any:
    """Pagefind's service, read as it answers. The package's client (pagefind 1.5.2) sleeps
    0.1 s before it reads each answer, and four requests go to the service for each shard
    (new index, add the pages, write, drop): 0.4 s of waiting per shard, half the search
    phase of a one-document rebuild with small shards. This reader is the package's without
    the sleep; and when the service dies, every request waiting for it fails at once
    (rather than at TIMEOUT)."""
    import asyncio

    from pagefind.service import PagefindService  # imported late: its absence is only a warning

    class Service(PagefindService):
        async def launch(self) -> Any:
            """The package's launch, with the index's chunk size in Pagefind's environment
            and room for a whole bundle in one answer (the package's 2 MiB holds a shard
            of small pages only)."""
            environment = dict(os.environ)
            if INDEX_CHUNK is not None:
                environment[CHUNK_SETTING] = str(INDEX_CHUNK)
            self._backend = await asyncio.create_subprocess_exec(
                self._bin, "--service", cwd=os.getcwd(), env=environment, limit=ANSWER_LIMIT,
                stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
            self._poll_task = self._loop.create_task(self._wait_for_responses())
            return self

        async def _wait_for_responses(self) -> None:
            assert self._backend.stdout is not None
            try:
                while True:
                    self._answer(await self._backend.stdout.readuntil(b","))
            except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as exc:
                self.ended = f"the Pagefind service stopped answering ({exc!r})"
                for future in self._responses.values():
                    if not future.done():
                        future.set_exception(RuntimeError(self.ended))

        async def send(self, payload: Any) -> Any:
            if ended := getattr(self, "ended", None):  # no answer would ever come
                raise RuntimeError(ended)
            return await super().send(payload)

        def _answer(self, output: bytes) -> None:
            answer = json.loads(base64.b64decode(output[:-1]))
            if answer is None:
                return
            payload, message_id = answer["payload"], answer.get("message_id")
            if message_id is None and (original := payload.get("original_message")):
                message_id = json.loads(original).get("message_id")  # a request it could not parse
            # taken out as it is answered: the package's client keeps every request's future,
            # and with it every answer (a whole bundle for each shard), until the service stops
            future = self._responses.pop(message_id, None)
            if future is None or future.done():
                return
            if payload["type"] == "Error":
                future.set_exception(Exception(payload["message"], payload.get("original_message")))
            else:
                future.set_result(payload)

    return Service()


Bundle = MutableMapping[str, bytes]  # a Pagefind bundle's files, by their path in it


class BundleFolder(MutableMapping[str, bytes]):
    """A bundle kept in a folder rather than in memory: a build holds every shard's bundle
    until all are indexed (a failed shard publishes none), and at 30,000 documents those held
    in memory had grown the build by 530 MB by the end of its search phase. Each file's
    fingerprint is taken as it is written, in the lane's thread: the search phase then moves
    the files into the output (publish_bundle) rather than reading and writing them again."""

    def __init__(self, folder: Path, files: dict[str, bytes] | None = None) -> None:
        self.folder = folder
        self.fingerprints: dict[str, str] = {}  # of each file's bytes, by its name
        self._folders: set[Path] = set()
        for name, data in (files or {}).items():
            self[name] = data

    def path(self, name: str) -> Path:
        return self.folder.joinpath(*name.split("/"))

    def __getitem__(self, name: str) -> bytes:
        if name not in self.fingerprints:
            raise KeyError(name)
        return self.path(name).read_bytes()

    def __setitem__(self, name: str, data: bytes) -> None:
        path = self.path(name)
        if path.parent not in self._folders:  # one mkdir per folder, not per file
            path.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(path.parent)
        path.write_bytes(data)
        self.fingerprints[name] = digest(data)

    def __delitem__(self, name: str) -> None:
        del self.fingerprints[name]
        self.path(name).unlink()

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self.fingerprints))

    def __len__(self) -> int:
        return len(self.fingerprints)


def publish_bundle(out: OutputTree, number: int, bundle: Bundle) -> None:
    """The files of shard `number`'s bundle that the browser reads, in its folder of the
    output: the first shard's all (Pagefind's UI), the runtime of the lanes' first shards, the
    index of every shard. Those of a BundleFolder are moved there (a rename), with the
    fingerprints taken as they were written."""
    folder = shard_folder(number)
    for name in sorted(bundle):
        if not (number == 0 or is_index_data(name) or (number < BROWSER_LANES and is_runtime(name))):
            continue
        if isinstance(bundle, BundleFolder):
            out.move(bundle.path(name), f"{folder}/{name}", bundle.fingerprints[name])
        else:
            out.write_bytes(f"{folder}/{name}", bundle[name])


@dataclass(frozen=True)
class Job:
    """One bundle to index: prepare(site) writes the pages into site (None: they are there);
    the bundle is kept in the folder `bundle` if given, else in memory."""
    prepare: Callable[[Path], None] | None
    site: Path
    bundle: Path | None = None


async def _index(jobs: list[Job], first: Any = None) -> list[Bundle]:
    """Index each job's site folder; the bundle of each. first: an awaitable of a service
    started before (Indexer's, which stops it), the first lane's. Each of LANES Pagefind services
    (their dictionaries loaded once) takes the next job when it is done with one, and drops
    each index once its files are read: memory is that of the largest shard per lane, not of
    all. A lane writes its next folder while the other's Pagefind works. The files come in
    Pagefind's answer, not from its writes: those it answers before they are flushed, and cut
    short when it exits (5 of 300 bundles on a loaded machine, written with write_files)."""
    import asyncio

    async def one(service: Any, job: Job) -> Bundle:
        if job.prepare is not None:
            await asyncio.to_thread(job.prepare, job.site)
        index = await service.create_index({"exclude_selectors": EXCLUDE})
        await index.add_directory(str(job.site), glob=CONTENT_PAGES)
        files = await index.get_files()
        await index.delete_index()
        bundle = {file["path"]: file["content"] for file in files}
        if job.bundle is None:
            return bundle
        return await asyncio.to_thread(BundleFolder, job.bundle, bundle)

    async def lane(service: Any) -> None:
        for number, job in todo:  # one iterator shared by the lanes: each job is taken once
            bundles[number] = await asyncio.wait_for(one(service, job), TIMEOUT)

    todo = iter(enumerate(jobs))
    bundles: list[Bundle] = [{} for _ in jobs]
    lanes: list[Any] = [await asyncio.wait_for(first, TIMEOUT)] if first is not None and jobs else []
    started: list[Any] = []  # this call's own, stopped when it is done
    try:
        while len(lanes) < min(LANES, len(jobs)):
            started.append(await asyncio.wait_for(_service().launch(), TIMEOUT))
            lanes.append(started[-1])
        await asyncio.gather(*(lane(service) for service in lanes))
    finally:
        for service in started:
            await _stop(service)
    return bundles


class Indexer:
    """Pagefind for one build: a service started when the build starts, on an event loop of
    its own thread, which loads Pagefind's dictionaries (jieba's: 0.23 s) while the build
    reads and renders; the search phase indexes with it as its first lane. Its index of the
    warming page is dropped: a service's bundles do not depend on what it indexed before
    (a test compares). A context manager: the service is stopped, and the thread ended,
    with the build however it ends."""

    def __init__(self, language: str) -> None:
        import asyncio
        import threading

        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="pagefind", daemon=True)
        self._thread.start()
        self._first = asyncio.run_coroutine_threadsafe(self._warm(language), self._loop)
        # the indexing under way, asked for by other threads (plan_shards'): cancelled when the
        # build ends first (it failed), since the service stopped then never answers it
        self._lock = threading.Lock()
        self._running: set[Future] = set()
        self._ended = False

    @staticmethod
    async def _warm(language: str) -> Any:
        service = await _service().launch()
        try:
            index = await service.create_index({"exclude_selectors": EXCLUDE})
            page = f'<html lang="{html.escape(language)}"><body data-pagefind-body><p>搜索 search</p></body></html>'
            await index.add_html_file(content=page, url="/")
            await index.get_files()
            await index.delete_index()
        except BaseException:
            await _stop(service)
            raise
        return service

    def index(self, jobs: list[Job]) -> list[Bundle]:
        """As build_indexes, the first lane this build's started service."""
        import asyncio

        async def run() -> list[Bundle]:
            return await _index(jobs, asyncio.wrap_future(self._first))

        with self._lock:
            if self._ended:
                raise RuntimeError("the build's Pagefind has been stopped")
            future = asyncio.run_coroutine_threadsafe(run(), self._loop)
            self._running.add(future)
        try:
            return future.result()
        finally:
            with self._lock:
                self._running.discard(future)

    def __enter__(self) -> Indexer:
        return self

    def __exit__(self, *exc: object) -> None:
        import asyncio

        async def stop() -> None:
            try:
                service = await asyncio.wrap_future(self._first)
            except BaseException:  # it never started (no Pagefind): the search phase said so
                return
            await _stop(service)

        with self._lock:
            self._ended = True
            for future in self._running:
                future.cancel()
        try:
            asyncio.run_coroutine_threadsafe(stop(), self._loop).result(STOP_TIMEOUT + 5)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join()
            self._loop.close()


def pages_of(bundle: Bundle) -> int:
    """The pages a bundle indexed (add_directory counts every HTML file it read)."""
    entry = json.loads(bundle["pagefind-entry.json"])
    return sum(int(lang["page_count"]) for lang in entry["languages"].values())


async def _stop(service: Any) -> None:
    """End Pagefind's service by closing its input, and wait for it to exit (its own close()
    sends SIGTERM). Killed only if it does not exit within STOP_TIMEOUT."""
    import asyncio

    service._poll_task.cancel()
    backend = service._backend
    if backend.stdin is not None:
        backend.stdin.close()
    try:
        await asyncio.wait_for(backend.wait(), STOP_TIMEOUT)
    except TimeoutError:
        backend.kill()
        await backend.wait()


def build_indexes(jobs: list[Job]) -> list[Bundle]:
    """The bundle of the content pages of each job's site folder."""
    import asyncio  # Pagefind's API is async; a build without search does not import it

    coro = _index(jobs)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with ThreadPoolExecutor(1) as pool:  # called from inside an event loop (a dev server)
        return pool.submit(asyncio.run, coro).result()


def build_index(site_dir: Path) -> Bundle:
    """The bundle of the content pages of the site at site_dir."""
    return build_indexes([Job(None, site_dir)])[0]


def is_content_page(rel: str, sections: tuple[str, ...]) -> bool:
    parts = rel.split("/")
    return len(parts) == 3 and parts[0] in sections and parts[2] == "index.html"


def shard_count(pages: int) -> int:
    """Shards for a site of this many content pages: a power of two, so that a page's shard
    changes only when the count doubles (then every shard is indexed again, once)."""
    count = 1
    while pages > count * SHARD_PAGES:
        count *= 2
    return count


def shard_of(rel: str, count: int) -> int:
    """A page's shard: a hash of its path, the same in every build and process."""
    return int.from_bytes(hashlib.blake2b(rel.encode(), digest_size=8).digest(), "big") % count


def shard_folder(shard: int) -> str:
    """Where a shard's bundle is published: the first beside Pagefind's UI, the others under
    shards/ (merged in the browser)."""
    return BUNDLE if shard == 0 else f"{BUNDLE}/{SHARDS}/{shard}"


def file_shard(rel: str) -> int:
    """The shard a file of the published bundle belongs to (rel is under pagefind/)."""
    parts = rel.split("/")
    return int(parts[2]) if len(parts) > 3 and parts[1] == SHARDS and parts[2].isdigit() else 0


def is_runtime(name: str) -> bool:
    """A file of a bundle that a lane of the browser's search runs (the UI's files aside)."""
    return name in RUNTIME or (name.startswith("wasm.") and name.endswith(".pagefind") and "/" not in name)


def is_index_data(name: str) -> bool:
    """A file of a shard's bundle that the browser reads as the shard's index (the runtime
    and the UI aside: see is_runtime)."""
    top = name.split("/")[0]
    return name == "pagefind-entry.json" or name.endswith(".pf_meta") or top in ("index", "fragment", "filter")


@dataclass
class Shard:
    number: int
    pages: list[str]  # content pages, relative to the site root
    fingerprint: str  # of the pages' bytes (their files' fingerprints) and the build's salt
    own: dict[str, Path] = field(default_factory=dict)  # the writer's files among them (content_pages)
    made: list[str] = field(default_factory=list)  # each page's fingerprint, in the order of pages


def plan(site: Site, out: OutputTree) -> list[Shard]:
    """The content pages of this build, split into shards, each fingerprinted (the first is
    there even when empty: it holds Pagefind's UI)."""
    pages = content_pages(site, out)
    count = shard_count(len(pages))
    shards = []
    for i, rels in enumerate(shard_members(pages, count)):
        if rels or i == 0:
            own = {rel: path for rel in rels if (path := pages[rel]) is not None}
            made = [(rel, digest(own[rel].read_bytes()) if rel in own else out.manifest[rel]) for rel in rels]
            shards.append(Shard(i, rels, shard_fingerprint(site, count, made), own, [print_ for _, print_ in made]))
    return shards


def shard_members(pages: Iterable[str], count: int) -> list[list[str]]:
    """The pages of each of count shards, in the order given (what plan and guess_shards
    both split: a guessed shard is taken only if it holds the same pages)."""
    members: list[list[str]] = [[] for _ in range(count)]
    for rel in pages:
        members[shard_of(rel, count)].append(rel)
    return members


def shard_fingerprint(site: Site, count: int, pages: list[tuple[str, str]]) -> str:
    """Of a shard of count: its pages (path, fingerprint of the bytes), and the build's salt."""
    made = "\n".join(f"{rel} {fingerprint}" for rel, fingerprint in pages)
    return digest(site.salt.encode(), f"{count} {INDEX_CHUNK}".encode(), made.encode())


def content_pages(site: Site, out: OutputTree) -> dict[str, Path | None]:
    """The documents' pages, wherever their addresses are, and the entities' pages, in path
    order; each with the writer's own file published in its place (static/: see
    static_files.own_files), which the static files' emitter copies after the plan is made,
    or None."""
    folders = site.config.entity_folders
    documents = set(map(site.page_file, site.index.every))

    def indexed(rel: str) -> bool:
        return rel in documents or is_content_page(rel, folders)

    pages: dict[str, Path | None] = {rel: None for rel in out.files if indexed(rel)}
    if out.owned:
        pages.update({rel: path for rel, path in own_files(site.config).items() if indexed(rel)})
    return dict(sorted(pages.items()))


def work_folder(out: OutputTree) -> Path:
    """A folder of the staged output folder for this build's own files of the search phase
    (the bundles until they are published, the lists of pages for the writers of views),
    removed before the site is published; the pages as Pagefind reads them too, when the
    build has no cache (views_home)."""
    assert out.root is not None
    return Path(tempfile.mkdtemp(prefix=".search-", dir=out.root))


def views_home(out: OutputTree, work: Path) -> Path:
    """Where each shard's pages are as Pagefind reads them: in the cache, kept from one build
    to the next (search_view.sync_view), so that a rebuild writes again the views of the pages
    that changed, not those of every page of a shard, and a first build does not remove them
    (20,000 files and folders at 10,000 documents: 2 s of the system's time, at the end of
    the build); in the work folder without a cache. A view's file and its folder are made in
    path order, by a first build and a rebuild alike (see sync_view)."""
    if out.cache is None:
        return work
    home = out.cache.views_path(out.target)
    home.mkdir(parents=True, exist_ok=True)
    return home


def prune_views(home: Path, shards: Iterable[Shard]) -> None:
    """Remove the views of shards this build does not have (a site whose count of shards
    changed), left by an earlier build."""
    numbers = {str(shard.number) for shard in shards}
    for entry in os.scandir(home):
        if entry.name.removesuffix(".json") not in numbers:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                Path(entry.path).unlink(missing_ok=True)


def shard_jobs(out: OutputTree, shards: list[Shard], work: Path, home: Path, now: bool = False,
               source: Callable[[str], Path] | None = None) -> list[Job]:
    """A job for each shard: its pages' views synced in home (views_home), its bundle written
    under work (memory is a shard's per lane, whatever the size of the site). Where each
    page's bytes are is asked here, in the build's thread (source: of a page not written
    yet). now: a few shards, indexed while this thread makes other pages, their bundles kept
    in memory; when more than NOW_IN_THREAD of a shard's views are to be written, they are
    written by a process of their own (start_view_writer): in this thread, 160 pages took 0.3 s
    of a one-document rebuild at 10,000 documents (a folder and a file made for each: the file
    system's time), and in another thread of this process 0.85 s rather than 0.1 (each file it
    reads or writes waits for this thread to let go of the interpreter). Fewer are written
    here, at once (0.01 s for an edit's few): in the lane's thread they took 0.45 s, once this
    thread made no system call while it kept pages (presence.py) to let the other one run."""
    source = source or out.source
    key = code_fingerprint()
    jobs = []
    for shard in shards:
        pages: list[Page] = [(rel, shard.own.get(rel) or source(rel), made)
                             for rel, made in zip(shard.pages, shard.made, strict=True)]
        view = home / str(shard.number)
        if now and ((stale := stale_views(pages, view, key)) is None or len(stale) > NOW_IN_THREAD):
            # stopped with the staged site if the build fails meanwhile (OutputTree.helpers)
            out.helpers.append(writer := start_view_writer(pages, view, key, work / f"site-{shard.number}.json"))
            jobs.append(Job(functools.partial(wait_view_writer, writer), view))
        elif now:  # a few: written here and now (see above), Pagefind reads them at once
            sync_view(pages, view, key=key)
            jobs.append(Job(None, view))
        else:
            jobs.append(Job(functools.partial(sync_view, pages, key=key), view, work / f"bundle-{shard.number}"))
    return jobs


NOW_IN_THREAD = 16  # views a shard indexed ahead writes in a thread (see shard_jobs)


def index_shards(out: OutputTree, shards: list[Shard], work: Path, home: Path,
                 indexer: Indexer | None = None) -> dict[int, Bundle]:
    """Index each shard into a bundle of its own, with the build's Indexer if it has one;
    the bundle of each."""
    return index_jobs(shards, shard_jobs(out, shards, work, home), indexer)


def index_jobs(shards: list[Shard], jobs: list[Job], indexer: Indexer | None) -> dict[int, Bundle]:
    """The bundle of each shard, by its number, from its job (shard_jobs)."""
    bundles = (indexer.index if indexer else build_indexes)(jobs) if jobs else []
    return dict(zip((shard.number for shard in shards), bundles, strict=True))


@dataclass
class Planned:
    """The shards, planned once their pages are written, and those to index again (stale):
    being indexed already (started: each indexing under way, and the shards taken from it)
    or left for the search phase."""
    shards: list[Shard]
    stale: list[Shard]
    previous: dict[int, list[str]]  # the previous build's files of each shard's bundle
    started: list[tuple[Future[dict[int, Bundle]], set[int]]] = field(default_factory=list)


PLANNED = "search"  # the key of the Planned shards in Site.started
NOT_BUILT = "search index not built"  # the warning's words: the next build tries again (build_context.py)
GUESSED = "search guess"  # and of the Guessed ones


@dataclass
class Guessed:
    """Shards indexed as soon as the documents' pages are written, before the entities' pages
    are: with the previous build's pages of entities, which an edit leaves as they were most of
    the time. Each shard's fingerprint, and the indexing under way; the plan takes a shard
    from it when its fingerprint is the one planned (the same pages, byte for byte)."""
    fingerprints: dict[int, str]
    started: Future[dict[int, Bundle]]


def _previous(out: OutputTree) -> dict[int, list[str]]:
    """The previous build's files of each shard's bundle."""
    previous: dict[int, list[str]] = {}
    for rel in out.previous_under(BUNDLE + "/"):
        # of every shard: written again by the search page
        if rel not in (CATALOG, PACK) and not rel.startswith(WORDS + "/"):
            previous.setdefault(file_shard(rel), []).append(rel)
    return previous


def _planned(site: Site, out: OutputTree) -> Planned:
    shards, previous = plan(site, out), _previous(out)
    return Planned(shards, [shard for shard in shards
                            if not (out.same_inputs(f"{BUNDLE}:{shard.number}", shard.fingerprint)
                                    and previous.get(shard.number) and all(map(out.on_disk, previous[shard.number])))],
                   previous)


def guess_shards(site: Site, out: OutputTree) -> int:
    """Once the documents' pages are written: the shards of the documents written again (an
    edit's), planned with the previous build's other pages, Pagefind started on them, in a
    thread of its own, while the entities' pages are made (Guessed; 0.3 s of a one-document
    rebuild at 10,000 documents). Not in a first build, nor when more than AHEAD_SHARDS would
    be (a change of many), nor when the writer publishes pages of their own in place of the
    build's. 0: it makes no page."""
    if not site.config.search or site.indexer is None or out.owned or not out.previous:
        return 0
    documents = set(map(site.page_file, site.index.every))
    changed = [rel for rel in documents if not out.kept(rel)]
    if not changed or not documents <= out.files:
        return 0
    folders = site.config.entity_folders
    under = tuple(f"{folder}/" for folder in folders)  # the previous manifest's 430,000 paths at 100,000
    others = {rel: fingerprint for rel, fingerprint in out.previous.items()
              if rel.startswith(under) and rel not in documents and is_content_page(rel, folders)}
    pages = sorted(documents | others.keys())
    count = shard_count(len(pages))
    members = shard_members(pages, count)
    written = {shard_of(rel, count) for rel in changed}
    made = dict(others)  # the fingerprint of each page's bytes
    for rel in documents:
        if (fingerprint := out.manifest.get(rel)) is None:  # not made (a render failed, to be said later)
            return 0
        made[rel] = fingerprint
    shards = [Shard(n, members[n], shard_fingerprint(site, count, [(rel, made[rel]) for rel in members[n]]),
                    made=[made[rel] for rel in members[n]]) for n in sorted(written)]
    stale = [shard for shard in shards if out.previous_inputs.get(f"{BUNDLE}:{shard.number}") != shard.fingerprint]
    if not 0 < len(stale) <= AHEAD_SHARDS or not all(out.previous_file(rel) for s in stale for rel in s.pages
                                                     if rel in others):
        return 0

    def source(rel: str) -> Path:  # an entity's page as the previous build wrote it
        return out.source(rel) if rel in documents else out.target.joinpath(*rel.split("/"))

    site.started[GUESSED] = Guessed({shard.number: shard.fingerprint for shard in stale},
                                    _ahead(out, stale, site.indexer, source))
    return 0


def _ahead(out: OutputTree, shards: list[Shard], indexer: Indexer,
           source: Callable[[str], Path] | None = None, private: bool = False) -> Future[dict[int, Bundle]]:
    """Pagefind started on these shards, in a thread of its own; their pages are written for
    it now. The job keeps the bundles in memory and removes its work folder once Pagefind has
    read it. private: the views written in that folder, not in the kept ones (views_home),
    whose folders of these shards a guess (guess_shards) may be writing or reading still."""
    work = work_folder(out)
    try:
        jobs = shard_jobs(out, shards, work, work if private else views_home(out, work), now=True, source=source)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise

    def index() -> dict[int, Bundle]:
        try:
            return index_jobs(shards, jobs, indexer)
        finally:
            shutil.rmtree(work, ignore_errors=True)

    pool = ThreadPoolExecutor(1, thread_name_prefix="search-ahead")
    started = pool.submit(index)
    pool.shutdown(wait=False)  # its thread ends with the job
    return started


def plan_shards(site: Site, out: OutputTree) -> int:
    """The shards, planned as soon as their pages are written; when few are to be indexed
    again (an edit), Pagefind starts on them now, in a thread of its own, while the other
    pages are made (a first build's many wait for the search phase), unless it has started
    on them already, with the same pages (guess_shards). 0: no pages."""
    if not site.config.search:
        return 0
    planned = site.started[PLANNED] = _planned(site, out)
    guessed: Guessed | None = site.started.pop(GUESSED, None)
    taken = {shard.number for shard in planned.stale
             if guessed and guessed.fingerprints.get(shard.number) == shard.fingerprint}
    if guessed:  # waited for even when none is taken: its folder is in the staged site
        planned.started.append((guessed.started, taken))
    rest = [shard for shard in planned.stale if shard.number not in taken]
    if site.indexer is not None and 0 < len(rest) <= AHEAD_SHARDS:
        guessing = bool(guessed) and any(shard.number in guessed.fingerprints for shard in rest)
        planned.started.append((_ahead(out, rest, site.indexer, private=guessing), {shard.number for shard in rest}))
    return 0


def emit_index(site: Site, out: OutputTree) -> int:
    """The pages indexed; 0 with one warning when Pagefind is missing or fails.

    The content pages are split into shards (shard_of), each indexed by Pagefind into a
    bundle of its own and merged into one result list by the search page. A shard whose
    pages are all as the previous build wrote them keeps its bundle; the others are indexed
    again (only the files whose bytes changed are moved in), or collected here when
    plan_shards started them."""
    assert out.root is not None
    if not site.config.search:
        return 0
    # pages rendered by worker processes must be on disk before indexing; the workers are
    # not needed after them, and Pagefind takes memory of its own
    out.finish(release=True)
    planned: Planned = site.started.pop(PLANNED, None) or _planned(site, out)
    if (guessed := site.started.pop(GUESSED, None)) is not None:  # not planned: waited for, not taken
        planned.started.append((guessed.started, set()))
    import asyncio

    shards, previous = planned.shards, planned.previous
    work = work_folder(out)
    home = views_home(out, work)
    try:
        try:
            bundles = {}
            for started, numbers in planned.started:
                bundles.update((number, bundle) for number, bundle in started.result().items() if number in numbers)
            if left := [shard for shard in planned.stale if shard.number not in bundles]:
                bundles.update(index_shards(out, left, work, home, site.indexer))
            if home != work:
                prune_views(home, shards)
        except (Exception, asyncio.CancelledError) as exc:  # ImportError, no binary, a crash, the timeout
            site.reporter.warning(BUNDLE, f"{NOT_BUILT} ({type(exc).__name__}: {exc}); search is disabled")
            return 0
        heads = [number for number in bundles if number < BROWSER_LANES]
        # a list, not a generator: every head's runtime is patched, even after one is not
        if not all([disable_query_segmentation(bundles[number]) for number in heads]):
            site.reporter.warning(BUNDLE, "unknown Pagefind runtime: Chinese queries are split by the browser")
        for number in heads:
            mark_merged_results(bundles[number])
        for shard in shards:
            if shard.number not in bundles:  # as the previous build indexed it
                out.keep_all(previous[shard.number])
                continue
            publish_bundle(out, shard.number, bundles[shard.number])
        return sum(len(shard.pages) for shard in shards)
    finally:
        out.remove(work)


def emit_page(site: Site, out: OutputTree) -> int:
    """/search/: Pagefind's UI when the index was built (with the bundles of the other
    shards to merge into it), otherwise a note saying so."""
    assert out.root is not None
    url = site.urls.section("search")
    available = f"{BUNDLE}/pagefind-ui.js" in out.files
    entries = sorted(file_shard(rel) for rel in out.files
                     if rel.startswith(f"{BUNDLE}/{SHARDS}/") and rel.endswith("/pagefind-entry.json"))
    shards = [site.urls.static(shard_folder(n) + "/") for n in entries]
    lanes = [site.urls.static(shard_folder(n) + "/") for n in [0, *entries]
             if n < BROWSER_LANES and f"{shard_folder(n)}/pagefind.js" in out.files]
    catalog = write_catalog(site, out, [0, *entries]) if available else None
    names = search_names.han_runs(name for entity in site.index.registry.entities.values() for name in entity.names)
    out.write_text(site.urls.file_for(url), site.render("search.html", url=url, available=available, shards=shards,
                                                        lanes=lanes, catalog=catalog, names=names))
    return 1


def write_catalog(site: Site, out: OutputTree, numbers: list[int]) -> str:
    """CATALOG and PACK for these shards (see there), and the packs of their words; the
    catalog's URL. The catalog names each file by its address on the site: {"entries":
    {address: entry}, "metas": {address: [offset, size] in the pack}, "words": address of
    WORDS, "chunks": {address of a shard's index folder: {index file's name: [its pack under
    WORDS, offset, size]}}, "warm": the word the lanes search as the page opens} ("words",
    "chunks" and "warm" only when every shard's metadata could be read: word_packs.index_files)."""
    entries: dict[str, Any] = {}
    metas: dict[str, list[int]] = {}
    shards: list[word_packs.Shard] = []
    pack = bytearray()
    for number in numbers:
        folder = shard_folder(number)
        if f"{folder}/pagefind-entry.json" not in out.files:
            continue
        entry = json.loads(out.source(f"{folder}/pagefind-entry.json").read_bytes())
        entries[site.urls.static(f"{folder}/pagefind-entry.json")] = entry
        for language in entry["languages"].values():
            name = f"{folder}/pagefind.{language['hash']}.pf_meta"
            data = out.source(name).read_bytes()
            metas[site.urls.static(name)] = [len(pack), len(data)]
            pack += data
            shards.append(word_packs.Shard(number, folder, data))
    out.write_bytes(PACK, bytes(pack))
    catalog: dict[str, Any] = {"entries": entries, "metas": metas}
    if (placed := word_packs.write_word_packs(out, shards, BROWSER_LANES, site.salt)) is not None:
        catalog["words"] = site.urls.static(WORDS + "/")
        catalog["chunks"] = {site.urls.static(f"{folder}/index/"): names for folder, names in placed.items()}
        if shards and (word := _warm_word(out, shards[0], site.salt)):
            catalog["warm"] = word
    out.write_text(CATALOG, json.dumps(catalog, ensure_ascii=False, sort_keys=True))
    return site.urls.static(CATALOG)


def _warm_word(out: OutputTree, head: word_packs.Shard, salt: str) -> str | None:
    """The catalog's "warm" (word_packs.common_word of the first shard): the previous
    build's when that shard's metadata, which names its index files by their hashes, and
    the code are the previous build's, without reading its files again."""
    if out.same_inputs("search:warm", digest(salt.encode(), head.meta)) and (
            previous := out.previous_file(CATALOG)) is not None:
        try:
            word = json.loads(previous.read_bytes()).get("warm")
        except (OSError, ValueError, AttributeError):
            word = None
        if isinstance(word, str) and word:
            return word
    return word_packs.common_word(out, head)
