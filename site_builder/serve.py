"""site-builder serve: build, serve the output under the site's base path, rebuild on
every save and reload the open pages (livereload).

The site is served exactly as GitHub Pages would serve it: under the base path of
base_url, with the site's own 404 page, and only files inside the output folder. A save
that breaks a document does not stop the server: every page shows the errors (file, line,
message) until the next good save brings the site back."""

from __future__ import annotations

import mimetypes
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from html import escape
from pathlib import Path
from urllib.parse import unquote

from site_builder.build import BuildReport, build
from site_builder.config import CONFIG_NAME, Config
from site_builder.diagnostics import Diagnostic, Reporter

StartResponse = Callable[[str, list[tuple[str, str]]], object]


@dataclass
class ServerState:
    """The outcome of the last build, read by the request handler."""

    errors: list[Diagnostic] = field(default_factory=list)
    crash: str | None = None  # a build that raised: the traceback
    builds: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def rebuild(config: Config, state: ServerState, log: Callable[[str], None] = print) -> BuildReport | None:
    """Build once; record errors for the error page instead of letting them stop the server."""
    with state.lock:
        started = time.perf_counter()
        try:
            report = build(config, Reporter(strict=config.strict))
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


def error_page(state: ServerState, title: str) -> bytes:
    items = "".join(f"<li><code>{escape(str(d))}</code></li>" for d in state.errors)
    crash = f"<pre>{escape(state.crash)}</pre>" if state.crash else ""
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            '<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}'
            'li code,pre{white-space:pre-wrap;color:#9b1c1c}</style></head><body>'
            f"<h1>{escape(title)}</h1><p>The site has errors. Fix them and save: this page reloads.</p>"
            f"<ul>{items}</ul>{crash}</body></html>").encode()


class SiteApp:
    """WSGI app serving config.output_dir under config.base_path."""

    def __init__(self, config: Config, state: ServerState) -> None:
        self.config, self.state = config, state
        self.base = config.base_path

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
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
                              error_page(self.state, "Build errors"))
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
    from livereload import Server  # the dev server's dependency, imported when serving

    # the dev server is for the writer's own machine: links stay on it. The search index
    # takes longer than the rest of a small rebuild, so it is built only when asked for.
    config = replace(config, base_url=f"http://{host}:{port}{config.base_path}", search=search)
    state = ServerState()
    rebuild(config, state)
    server = Server(app=SiteApp(config, state))

    def on_change() -> None:
        rebuild(config, state)

    for folder in (config.content_dir, config.templates_dir, config.static_dir):
        server.watch(str(folder), on_change)
    server.watch(str(config.root / CONFIG_NAME), on_change)
    url = f"http://{host}:{port}{config.base_path}"
    print(f"serving {config.output_dir} at {url} (Ctrl-C to stop)", flush=True)
    server.serve(host=host, port=port, open_url_delay=0.5 if open_browser else None, debug=False)
    print("stopped", flush=True)
    return 0
