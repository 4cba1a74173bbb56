"""site-builder serve: build, serve the output under the site's base path, rebuild on
every save and reload the open pages (livereload).

Saves are seen through file events (watchdog: inotify on Linux), not by polling, and
rebuilt on a thread of their own, so the server answers while it builds. Saves that come
in a burst are built together once the burst is over (50 ms of quiet). When only
documents were saved, their pages are first rendered alone against the last build's
index and the browser reloads at once; the incremental build that follows brings every
page that lists them (tags, entities, related articles) up to date and reloads again.

The site is served exactly as GitHub Pages would serve it: under the base path of
base_url, with the site's own 404 page, and only files inside the output folder. A save
that breaks a document does not stop the server: every page shows the errors (file, line,
message) until the next good save brings the site back."""

from __future__ import annotations

import mimetypes
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from html import escape
from pathlib import Path
from urllib.parse import unquote, urlsplit

from watchdog.events import FileSystemEvent, FileSystemEventHandler

from site_builder import layers, tasks
from site_builder.build import BuildReport, build
from site_builder.config import CONFIG_NAME, Config
from site_builder.diagnostics import Diagnostic, Reporter
from site_builder.emitters import documents
from site_builder.i18n import strings
from site_builder.loader import is_document
from site_builder.site import Site
from site_builder.tasks import WorkerSetup

StartResponse = Callable[[str, list[tuple[str, str]]], object]


@dataclass
class ServerState:
    """The outcome of the last build, read by the request handler."""

    errors: list[Diagnostic] = field(default_factory=list)
    crash: str | None = None  # a build that raised: the traceback
    builds: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def rebuild(config: Config, state: ServerState, log: Callable[[str], None] = print,
            on_site: Callable[[Site, WorkerSetup], None] | None = None,
            newer: Callable[[str], bool] | None = None) -> BuildReport | None:
    """Build once; record errors for the error page instead of letting them stop the server."""
    with state.lock:
        started = time.perf_counter()
        try:
            report = build(config, Reporter(strict=config.strict), on_site=on_site, newer=newer)
        except Exception:  # a template error, a crash: show it in the browser
            state.crash, state.errors = traceback.format_exc(), []
            log(f"build failed:\n{state.crash}")
            return None
        state.crash = None
        state.errors = [d for d in report.diagnostics if d.severity == "error"]
        state.builds += 1
        log(f"rebuilt in {time.perf_counter() - started:.2f} s: {report.rendered} files written, "
            f"{report.unchanged} unchanged, {len(state.errors)} errors")
        return report


def render_saved_documents(config: Config, site: Site, worker: tasks.Worker, paths: set[Path]) -> list[str]:
    """Render the pages of saved documents at once, against the last build's index (their
    related articles as they were), straight into the output folder. Only documents that
    the last build had, that still load without errors and keep their slug; the others
    wait for the build. The output paths written."""
    by_rel = {doc.rel: doc for doc in site.index.every}
    written = []
    for path in sorted(paths):
        old = by_rel.get(path.relative_to(config.content_dir).as_posix())
        if old is None:
            continue
        result = tasks.run_with(worker, tasks.process_document, path)
        if result.document is None or result.body is None or result.document.slug != old.slug or \
                any(d.severity == "error" for d in result.diagnostics):
            continue
        doc = replace(result.document, version=result.key, lang=result.document.lang or config.language)
        tasks.check_images(doc, result.body, config)  # as the build does
        page = documents.page(site, doc, result.body, related_of=old)
        html = tasks.run_with(worker, tasks.render_page, page.template, page.context(site.globals))
        rel = page.rel
        target = config.output_dir.joinpath(*rel.split("/"))
        tmp = target.with_name(f".{target.name}.saving")
        tmp.write_text(html, encoding="utf-8")
        os.replace(tmp, target)  # a request never sees half a page
        written.append(rel)
    return written


def fast_path(config: Config, paths: set[Path]) -> set[Path] | None:
    """The saved documents, when nothing but documents was saved; else None."""
    if config.entity_discover:
        return None  # a document's names may give or take an entity's page: the build decides
    docs = set()
    for path in paths:
        try:
            rel = path.relative_to(config.content_dir)
        except ValueError:
            return None  # a template, a static file, the config
        if rel.parts[0] in config.entity_folders or not is_document(path.name) or not path.is_file():
            return None  # the registry, a sidecar, a deleted document: the build decides
        docs.add(path)
    return docs


class Saves:
    """Paths saved and not yet handled; take() returns them once a burst is over."""

    def __init__(self) -> None:
        self.paths: set[Path] = set()
        self.last = 0.0
        self.changed = threading.Condition()

    def add(self, paths: Iterable[Path]) -> None:
        with self.changed:
            self.paths.update(paths)
            self.last = time.monotonic()
            self.changed.notify()

    def take(self, quiet: float) -> set[Path]:
        with self.changed:
            while not self.paths:
                self.changed.wait()
            while (waited := time.monotonic() - self.last) < quiet:
                self.changed.wait(quiet - waited)
            paths, self.paths = self.paths, set()
            return paths


class Rebuilder:
    """Two threads off the server's own: one shows saved documents at once, one builds.

    A save goes first to the showing thread, which renders the saved documents' pages
    against the last build's index (tens of milliseconds) and reloads the browser, then
    to the building thread, which runs the incremental build and reloads again. A build
    in progress does not hold a save back: the pages shown meanwhile are newer than what
    that build has, and it leaves them in place (the next build writes them properly)."""

    QUIET = 0.05  # seconds without a save before a burst of saves is handled

    def __init__(self, config: Config, state: ServerState, reload: Callable[[], None],
                 log: Callable[[str], None] = print) -> None:
        self.config, self.state, self.reload, self.log = config, state, reload, log
        self.to_show, self.to_build = Saves(), Saves()
        self.site: tuple[Site, tasks.Worker] | None = None
        self.shown: dict[str, float] = {}  # output file -> when the showing thread wrote it

    def remember(self, site: Site, setup: WorkerSetup) -> None:
        self.site = (site, tasks.Worker(setup))  # a worker of the showing thread's own

    def build(self) -> None:
        began = time.monotonic()
        rebuild(self.config, self.state, self.log, self.remember,
                newer=lambda rel: self.shown.get(rel, 0.0) > began)

    def saved(self, path: Path) -> None:
        self.to_show.add([path])

    def start(self) -> None:
        for loop in (self._show, self._build):
            threading.Thread(target=loop, daemon=True, name=loop.__name__).start()

    def _show(self) -> None:
        while True:
            paths = self.to_show.take(self.QUIET)
            docs = fast_path(self.config, paths)
            if docs and self.site and not self.state.errors and not self.state.crash:
                try:
                    shown = render_saved_documents(self.config, *self.site, docs)
                except Exception:  # the build reports it properly
                    shown = []
                now = time.monotonic()
                self.shown.update((rel, now) for rel in shown)
                if shown:
                    self.log(f"shown at once: {', '.join(shown)}")
                    self.reload()
            self.to_build.add(paths)

    def _build(self) -> None:
        while True:
            self.to_build.take(0)
            self.build()
            self.reload()


class SaveHandler(FileSystemEventHandler):
    """File events of the watched folders and the config, handed to the rebuilder. A
    folder in `later` (a site's templates/ or static/ missing when the server started) is
    watched from when it is made in the project folder: a first override is seen at once."""

    def __init__(self, rebuilder: Rebuilder, config_file: Path, later: dict[Path, Callable[[Path], None]]
                 | None = None) -> None:
        self.rebuilder, self.config_file, self.later = rebuilder, config_file, dict(later or {})

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write") or (event.is_directory and event.event_type == "modified"):
            return
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if not raw:
                continue
            path = Path(os.fsdecode(raw))
            if path in self.later and path.is_dir():
                self.later.pop(path)(path)  # what it holds already is read by the build this save starts
                self.rebuilder.saved(path)
                continue
            if path.parent == self.config_file.parent and path != self.config_file:
                continue  # the project folder itself is watched for the config file only
            self.rebuilder.saved(path)


def error_page(state: ServerState, language: str = "en") -> bytes:
    """The page every page is while the last build failed, in the site's language (the
    diagnostics themselves stay as the build says them)."""
    t = strings(language)
    items = "".join(f"<li><code>{escape(str(d))}</code></li>" for d in state.errors)
    crash = f"<pre>{escape(state.crash)}</pre>" if state.crash else ""
    return (f'<!doctype html><html lang="{escape(language)}"><head><meta charset="utf-8">'
            f'<title>{escape(t["server_error"])}</title>'
            '<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}'
            'li code,pre{white-space:pre-wrap;color:#9b1c1c}</style></head><body>'
            f"<h1>{escape(t['server_error'])}</h1><p>{escape(t['server_error_text'])}</p>"
            f'<ul lang="en">{items}</ul>{crash}</body></html>').encode()


def served_folder(config: Config) -> Path:
    """Where the dev server builds the site: in the cache folder, beside nothing that is published."""
    return config.root / ".cache" / "serve"


def served_hosts(host: str, port: int) -> set[str] | None:
    """The Host headers a request to this server may carry (a page of another site that
    makes its name resolve to 127.0.0.1, DNS rebinding, carries its own); None when it
    listens on every address, where the names it is reached by cannot be known."""
    if host in ("0.0.0.0", "::", ""):
        return None
    names = {host, "localhost", "127.0.0.1", "[::1]"} if host in ("127.0.0.1", "localhost", "::1") else {host}
    return {f"{name}:{port}" for name in names} | (names if port == 80 else set())


def same_site(hosts: set[str] | None, host: str, origin: str | None, fetch_site: str | None) -> bool:
    """Whether a request comes from the served site itself (or from no page at all: curl,
    the address bar). Browsers say where a request comes from in Origin (always for a
    websocket) and Sec-Fetch-Site; a request without them is not a page's."""
    if hosts is not None and host not in hosts:
        return False
    if fetch_site not in (None, "same-origin", "none"):
        return False
    return origin is None or urlsplit(origin).netloc == host


def guard_livereload(hosts: set[str] | None) -> None:
    """livereload accepts a websocket from any Origin and reloads every open tab on a GET of
    /forcereload from any page: both only from the served site from now on."""
    from livereload.handlers import ForceReloadHandler, LiveReloadHandler, LiveReloadJSHandler
    from tornado.web import HTTPError

    def check_origin(self, origin: str) -> bool:
        return same_site(hosts, self.request.host, origin, None)

    def prepare(self) -> None:
        headers = self.request.headers
        if not same_site(hosts, self.request.host, headers.get("Origin"), headers.get("Sec-Fetch-Site")):
            raise HTTPError(403)

    LiveReloadHandler.check_origin = check_origin
    for handler in (LiveReloadHandler, ForceReloadHandler, LiveReloadJSHandler):
        handler.prepare = prepare


class SiteApp:
    """WSGI app serving config.output_dir under config.base_path."""

    def __init__(self, config: Config, state: ServerState, hosts: set[str] | None = None) -> None:
        self.config, self.state, self.hosts = config, state, hosts
        self.base = config.base_path

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        if self.hosts is not None and environ.get("HTTP_HOST") not in self.hosts:  # DNS rebinding
            return self._send(start_response, "403 Forbidden", "text/plain; charset=utf-8", b"unknown Host\n")
        path = unquote(environ.get("PATH_INFO", "/"))
        if not path.startswith(self.base):
            if path == "/" or path + "/" == self.base:
                start_response("302 Found", [("Location", self.base)])
                return [b""]
            return self._not_found(start_response)
        rel = path[len(self.base):]
        wants_page = rel == "" or rel.endswith(("/", ".html"))
        if wants_page and (self.state.errors or self.state.crash):  # the broken page may be gone: say why
            return self._send(start_response, "500 Internal Server Error", "text/html; charset=utf-8",
                              error_page(self.state, self.config.language))
        file = self._resolve(rel)
        if file is None:
            return self._not_found(start_response)
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
            kind += "; charset=utf-8"
        return self._send(start_response, "200 OK", kind, file.read_bytes())

    def _resolve(self, rel: str) -> Path | None:
        """The file for a path under the base, never outside the output folder."""
        root = self.config.output_dir.resolve()
        parts = [p for p in rel.split("/") if p not in ("", ".")]
        if ".." in parts or any("\\" in p or "\0" in p for p in parts):
            return None
        candidate = root.joinpath(*parts)
        if candidate.is_dir():
            candidate = candidate / "index.html"
        try:
            candidate.resolve().relative_to(root)  # symlinks too
        except (ValueError, OSError):
            return None
        return candidate if candidate.is_file() else None

    def _not_found(self, start_response: StartResponse) -> Iterable[bytes]:
        page = self.config.output_dir / "404.html"
        body = page.read_bytes() if page.is_file() else b"<!doctype html><title>404</title><h1>404</h1>"
        return self._send(start_response, "404 Not Found", "text/html; charset=utf-8", body)

    @staticmethod
    def _send(start_response: StartResponse, status: str, kind: str, body: bytes) -> Iterable[bytes]:
        start_response(status, [("Content-Type", kind), ("Content-Length", str(len(body))),
                                ("Cache-Control", "no-store")])
        return [body]


def serve(config: Config, host: str = "127.0.0.1", port: int = 8000, open_browser: bool = False,
          search: bool = False) -> int:
    from livereload import Server  # the dev server's dependencies, imported when serving
    from livereload.handlers import LiveReloadHandler
    from tornado.ioloop import IOLoop
    from watchdog.observers import Observer

    # the dev server is for the writer's own machine: links stay on it. The search index
    # takes longer than the rest of a small rebuild, so it is built only when asked for. It
    # builds into a folder of its own: what it makes (drafts, 127.0.0.1 links, no search)
    # must never be what `build` leaves for `deploy` or the Pages workflow to publish.
    config = replace(config, base_url=f"http://{host}:{port}{config.base_path}", search=search,
                     output_dir=served_folder(config))
    state = ServerState()
    loop = IOLoop.current()  # the server's loop: reloads are sent from it, not from the rebuilder

    def reload() -> None:
        loop.add_callback(LiveReloadHandler.reload_waiters)

    hosts = served_hosts(host, port)
    if hosts is None:
        print(f"warning: --host {host} serves this site, drafts and build errors included, to every machine "
              "that can reach this one", file=sys.stderr, flush=True)
    guard_livereload(hosts)
    rebuilder = Rebuilder(config, state, reload)
    rebuilder.build()
    server = Server(app=SiteApp(config, state, hosts))
    config_file = config.root / CONFIG_NAME
    # livereload watches the working folder when told nothing: the rebuilder does the watching
    server.watch(str(config_file), None, delay="forever")
    observer = Observer()

    def watch(folder: Path) -> None:
        observer.schedule(handler, str(folder), recursive=True)

    # the content, and both layers of templates and static files (the theme's too: editing it rebuilds)
    folders = list(dict.fromkeys([config.content_dir, *layers.folders(config)]))
    handler = SaveHandler(rebuilder, config_file,
                          {f: watch for f in folders if not f.is_dir() and f.parent == config.root})
    for folder in folders:
        if folder.is_dir():
            watch(folder)
    observer.schedule(handler, str(config.root), recursive=False)
    observer.start()
    rebuilder.start()
    url = f"http://{host}:{port}{config.base_path}"
    print(f"serving {config.output_dir} at {url} (Ctrl-C to stop)", flush=True)
    try:
        server.serve(host=host, port=port, open_url_delay=0.5 if open_browser else None, debug=False)
    finally:
        observer.stop()
    print("stopped", flush=True)
    # Ctrl-C means now: a build still running on its thread (and its worker processes) is
    # not waited for; what it staged is cleared by the next build (output.recover)
    sys.stderr.flush()
    os._exit(0)
