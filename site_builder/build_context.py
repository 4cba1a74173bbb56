"""What a build runs on, kept beside its stages (build.py): the cache, the executor, the
timing and the memory measures. The stages read it; none of them owns it."""

from __future__ import annotations

import os
import time
from concurrent.futures import Executor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from site_builder import layers, uptodate
from site_builder.cache import BuildCache, BuiltFor, DocumentsSaver, digest, file_signature
from site_builder.config import CONFIG_NAME, Config
from site_builder.diagnostics import Reporter
from site_builder.discovery import discover_entities, fingerprint
from site_builder.executors import INLINE_BELOW, make_executor
from site_builder.fingerprint import code_fingerprint
from site_builder.inputs import inputs_state, output_intact
from site_builder.loader import document_files, is_document
from site_builder.model import DocResult
from site_builder.output import OutputTree, recover
from site_builder.presence import Presence
from site_builder.progress import NoProgress, Progress
from site_builder.registry import Registry, in_language, load_registry
from site_builder.report import BuildReport
from site_builder.tasks import WorkerSetup, build_salt

if TYPE_CHECKING:  # imported when a site has search (the emitter imports the Site)
    from site_builder.emitters.search import Indexer


@dataclass
class DocumentFiles:
    """The documents to load: every document file, and the results of those whose file and
    sidecar did not change since the last build (not even read again)."""

    paths: list[Path]
    reused: dict[Path, DocResult]


class BuildContext:
    """Opened by a build before its stages run: it finishes what a killed build left, and
    says whether anything the build reads changed since the last one (a fingerprint of every
    input file's size and time, the config and the code)."""

    def __init__(self, config: Config, reporter: Reporter, jobs: int | None, cluster: str | None,
                 progress: Progress | None = None, quick_key: str | None = None) -> None:
        self.config, self.reporter, self.jobs, self.cluster = config, reporter, jobs, cluster
        self.progress = progress or NoProgress()
        self.started = self._clock = time.perf_counter()
        self.phases: dict[str, float] = {}
        reporter.extend(config.diagnostics)  # site.yaml's warnings
        self.cache = BuildCache(config.root / ".cache")
        self.quick_key = quick_key  # the command line's: see uptodate.py
        uptodate.forget(self.cache.root)
        self.stats: dict[str, tuple[int, int]] = {}  # every input file's size and time, by path
        # the code, and both layers of templates and static files: editing the theme, or adding or removing an override
        self._folders = [config.content_dir, *layers.folders(config)]
        self._files = [config.root / CONFIG_NAME]
        code = code_fingerprint()
        walked = uptodate.take_walk(repr(config), code, self._folders, self._files) if quick_key else None
        if walked is not None:  # the command line's no-op check walked them a moment ago
            self.state, self.stats = walked
        else:
            self.state = inputs_state(repr(config), code, self._folders, self._files, self.stats)
        recover(config.output_dir)  # what a killed build left, before anything (a no-op build too)
        self.cache.remove_leftovers()
        self.cache.adopt_earlier_names(config.output_dir)
        self.last = self.cache.load_last_build(config.output_dir)
        self._stack = ExitStack()
        self.setup: WorkerSetup  # once started
        self.executor: Executor | None = None
        self.indexer: Indexer | None = None  # the search index's Pagefind, if the site has search
        self.saver: DocumentsSaver | None = None
        self.presence: Presence | None = None  # which of the last build's files are there (presence.py)

    def __enter__(self) -> BuildContext:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.__exit__(*exc)

    def up_to_date(self) -> bool:
        output = self.config.output_dir
        return bool(self.last and self.last[0] == self.state and output.is_dir()
                    and output_intact(output, self.cache.output_list_path(output)))

    def unchanged(self) -> BuildReport:
        """Nothing the build reads has changed since the last build: say so, with the same
        warnings (they still stand), and touch nothing."""
        assert self.last is not None
        pages, diagnostics, files = self.last[1:]
        self.reporter.extend(diagnostics)
        report = BuildReport(pages=pages, diagnostics=list(self.reporter.items), unchanged=files)
        report.seconds = report.phases["up to date"] = time.perf_counter() - self.started
        self._save_quick(report)
        return report

    def lap(self, name: str) -> None:
        """The seconds since the last lap are the stage or emitter `name`'s."""
        now = time.perf_counter()
        self.phases[name] = now - self._clock
        self._clock = now

    def start(self) -> WorkerSetup:
        """The entity registry and what every worker is given. A first build processes every
        document: its workers start now, before this process lists the content folder, and
        do not inherit that (16 MB less at 10,000 documents)."""
        output, listing = self.config.output_dir, self.cache.output_list_path(self.config.output_dir)
        if self.last is not None and listing.is_file():  # a rebuild: looked for while it loads
            self.presence = Presence(output, listing)
            self._stack.callback(self.presence.stop)
        registry = load_entities(self.config, self.reporter)
        discovered = discover_entities(self.config, registry)
        if self.config.entity_discover:
            self.lap("discover entities")  # one pass over every document's text: see make bench
        salt = build_salt(self.config, registry_files(self.config), fingerprint(discovered))
        self.setup = WorkerSetup(self.config, registry, self.cache.root, salt)
        if self.config.search:  # Pagefind starts now, and loads its dictionaries while the build works
            from site_builder.emitters.search import Indexer

            self.indexer = self._stack.enter_context(Indexer(self.config.language))
        if self.last is None and (files := self._documents_in()) >= INLINE_BELOW:
            self.executor = self._stack.enter_context(make_executor(self.setup, files, self.jobs, self.cluster))
        return self.setup

    def documents(self) -> DocumentFiles:
        """The documents, and what the last build made of those unchanged since; the executor
        for the others, and the saver of every result for the next build."""
        found = document_files(self.config.content_dir, self.reporter.warning, self.config.entity_folders)
        self.known = self.cache.load_documents(self.setup.salt)
        self.signatures = {rel: file_signature(path, self.stats) for path, rel in found}
        reused = {rel: entry[1] for _, rel in found
                  if (entry := self.known.get(rel)) and entry[0] == self.signatures[rel]}
        self.saver = self._stack.enter_context(DocumentsSaver(self.cache, self.setup.salt, self.known,
                                                              self.signatures, reused))
        if self.executor is None:
            self.executor = self._stack.enter_context(
                make_executor(self.setup, len(found) - len(reused), self.jobs, self.cluster))
        return DocumentFiles([path for path, _ in found], {path: reused[rel] for path, rel in found if rel in reused})

    def output(self, newer) -> OutputTree:
        """The output folder, staged until the build publishes it."""
        tree = OutputTree(self.config.output_dir, self.cache, self.executor, newer, self.presence)
        return self._stack.enter_context(tree)

    def page_salt(self) -> str:
        """What every page reads besides its own reads: the code, the config, the registry
        (in the workers' salt). Each page's templates are fingerprinted with it (pages.py)."""
        return digest(code_fingerprint().encode(), self.config.portable().encode(), self.setup.salt.encode())

    def save_documents(self, results: list[DocResult]) -> None:
        """Every document's result, for the next build; the cache's other entries go."""
        assert self.saver is not None
        self.saver.finish(results)
        self.cache.prune({r.key for r in results})

    def seconds(self) -> float:
        return time.perf_counter() - self.started

    def save_state(self, report: BuildReport) -> None:
        """What the next build says again if nothing changed (see up_to_date)."""
        # the search index is built when asked for and Pagefind made it (emitters/search.py)
        made = BuiltFor(self.config.search and report.pages.get("search index", 0) > 0, self.config.base_url)
        from site_builder.emitters import search  # loaded by the build already

        # an index Pagefind failed to make (a timeout on a loaded machine) is made by the next
        # build, though nothing changed: that build is not the no-op this one would say again
        failed = any(d.path == search.BUNDLE and d.message.startswith(search.NOT_BUILT) for d in report.diagnostics)
        self.cache.save_last_build(self.config.output_dir, "" if failed else self.state, report, made)
        if not failed:
            self._save_quick(report)

    def _save_quick(self, report: BuildReport) -> None:
        """For the command line's next build with the same key: what this one covered and said."""
        if self.quick_key is None:
            return
        config = self.config
        scope = uptodate.Scope(repr(config), self.state, [str(f) for f in self._folders], [str(f) for f in self._files],
                               list(config.resolved), str(config.output_dir))
        uptodate.save(self.cache.root, self.quick_key, scope, self.cache.last_path(config.output_dir), report.pages,
                      (list(config.diagnostics), report.diagnostics), report.rendered + report.unchanged)

    def _documents_in(self) -> int:
        """How many documents the content folder holds, from the stats of every input file."""
        content = str(self.config.content_dir) + os.sep
        return sum(1 for path in self.stats if path.startswith(content) and is_document(path))


def load_entities(config: Config, reporter: Reporter) -> Registry:
    registry, diagnostics = load_registry(config.content_dir, config.entity_folders)
    reporter.extend(diagnostics)
    in_language(registry, config.language)  # each shown by its name in the site's language, if it has one
    return registry


def registry_files(config: Config) -> list[Path]:
    return sorted(p for folder in config.entity_folders for p in (config.content_dir / folder).glob("*.md"))
