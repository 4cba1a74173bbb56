"""site-builder serve: a real server process, edits on disk, pages fetched over HTTP."""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from site_builder.config import load_config
from tests.conftest import build_project, make_project

GOOD = "---\ntitle: Live\ndate: 2025-01-02\ntags: [a]\n---\n第一版的正文。\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def wait_for(predicate, timeout: float) -> float:
    """Seconds until predicate() held; fails when it did not hold within timeout."""
    started = time.monotonic()
    while True:
        held = predicate()
        elapsed = time.monotonic() - started
        if held and elapsed <= timeout:
            return elapsed
        if elapsed > timeout:
            raise AssertionError(f"not within {timeout} s")
        time.sleep(0.05)


class Served:
    def __init__(self, project: Path, base: str, host: str = "127.0.0.1", args: tuple[str, ...] = ()) -> None:
        self.project, self.base = project, base
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}{base}"
        self.proc = subprocess.Popen([sys.executable, "-m", "site_builder", "serve", "--port", str(self.port),
                                      "--host", host, *args],
                                     cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        wait_for(self.ready, 60)

    @property
    def out(self) -> Path:
        """The folder the dev server builds into."""
        return self.project / ".cache" / "serve"

    def ready(self) -> bool:
        try:
            return fetch(self.url)[0] == 200
        except OSError:
            return False

    def stop(self) -> str:
        self.proc.send_signal(2)  # Ctrl-C
        out, _ = self.proc.communicate(timeout=20)
        return out.decode(errors="replace")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    project = make_project(tmp_path, {"live.md": GOOD, "other.md": GOOD.replace("Live", "Other")}, seeds=True,
                           base_url="https://example.github.io/kb/")
    server = Served(project, "/kb/")
    yield server
    if server.proc.poll() is None:
        server.stop()


def touch_later(path: Path, text: str) -> None:
    """Write text so that the change is seen even within the filesystem's timestamp granularity."""
    path.write_text(text, encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))


def test_edit_reload_error_page_and_recovery(served: Served) -> None:
    page = served.url + "articles/live/"
    status, html = fetch(page)
    assert status == 200 and "第一版的正文" in html
    assert "livereload.js" in html  # the browser reloads on every rebuild

    touch_later(served.project / "content/live.md", GOOD.replace("第一版", "第二版"))
    wait_for(lambda: "第二版的正文" in fetch(page)[1], 2.0)  # within 2 s of the save

    touch_later(served.project / "content/live.md", "---\ntitle: [broken\n---\n第三版\n")
    wait_for(lambda: fetch(page)[0] == 500, 5)
    status, html = fetch(page)
    assert "live.md:" in html and "invalid YAML front matter" in html and "livereload.js" in html

    touch_later(served.project / "content/live.md", GOOD.replace("第一版", "第四版"))
    wait_for(lambda: fetch(page) == (200, fetch(page)[1]) and "第四版的正文" in fetch(page)[1], 5)

    assert fetch(f"http://127.0.0.1:{served.port}/articles/live/")[0] == 404  # only under /kb/
    assert fetch(served.url + "no/such/page/")[0] == 404
    assert "页面不存在" in fetch(served.url + "no/such/page/")[1]  # the site's own 404 page
    for raw in ["/kb/../site.yaml", "/kb/%2e%2e/site.yaml", "/kb/../../etc/passwd", "/kb/..%2f..%2fsite.yaml"]:
        conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=5)
        conn.request("GET", raw)
        response = conn.getresponse()
        body = response.read().decode(errors="replace")
        conn.close()
        assert response.status == 404, raw
        assert "base_url" not in body and "root:" not in body
    assert "stopped" in served.stop()  # Ctrl-C exits cleanly


def test_fifty_quick_edits_end_in_the_same_site_as_a_cold_build(served: Served, tmp_path: Path) -> None:
    docs = [served.project / "content/live.md", served.project / "content/other.md"]
    for i in range(50):
        touch_later(docs[i % 2], GOOD.replace("第一版", f"第{i}版").replace("Live", f"Doc{i % 2}"))
        time.sleep(0.08)  # 50 saves in about 4 s
    final = {"live": "第48版", "other": "第49版"}
    wait_for(lambda: all(text in fetch(served.url + f"articles/{slug}/")[1] for slug, text in final.items()), 10)
    time.sleep(1.5)  # let a rebuild that may still be queued finish
    served.stop()

    cold_project = tmp_path / "cold"
    shutil.copytree(served.project, cold_project, ignore=shutil.ignore_patterns("public", ".cache", ".public*"))
    config = load_config(cold_project)
    cold = build_project(cold_project, base_url=f"http://127.0.0.1:{served.port}/kb/", search=False)
    assert cold.config.base_url != config.base_url
    served_files = {p.relative_to(served.out) for p in served.out.rglob("*")
                    if p.is_file() and "pagefind" not in p.parts}
    cold_files = {p.relative_to(cold.out) for p in cold.out.rglob("*") if p.is_file() and "pagefind" not in p.parts}
    assert served_files == cold_files
    for rel in cold_files:
        assert (served.out / rel).read_bytes() == (cold.out / rel).read_bytes(), rel


def test_an_open_page_reloads_itself_on_a_save(served: Served, browser) -> None:
    """In Chromium: the page open at /kb/articles/live/ shows a save's new text by itself
    (livereload's websocket tells it to reload), without anyone reloading it."""
    page = browser.new_page()
    try:
        page.goto(served.url + "articles/live/")
        page.wait_for_function("() => window.LiveReload !== undefined", timeout=10_000)
        time.sleep(3)  # livereload may reload a page once just after it connects: let that pass first
        page.wait_for_load_state()
        assert "第一版的正文" in page.inner_text("main")
        touch_later(served.project / "content/live.md", GOOD.replace("第一版", "自动刷新"))
        page.wait_for_function("() => document.body.innerText.includes('自动刷新的正文')", timeout=5_000)
    finally:
        page.close()


def _request(port: int, path: str, headers: dict[str, str]) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request("GET", path, headers=headers)
    status = conn.getresponse().status
    conn.close()
    return status


def test_only_the_served_site_may_reload_it_or_read_it(served: Served) -> None:
    own, port = f"127.0.0.1:{served.port}", served.port
    socket_headers = {"Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
                      "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}
    # the livereload websocket: from the served page, yes; from a page of another site, no
    assert _request(port, "/livereload", {**socket_headers, "Origin": f"http://{own}"}) == 101
    assert _request(port, "/livereload", {**socket_headers, "Origin": "https://evil.example"}) == 403
    # /forcereload reloads every open tab: not on a GET that another site's page makes
    assert _request(port, "/forcereload", {"Sec-Fetch-Site": "cross-site"}) == 403
    assert _request(port, "/forcereload", {"Origin": "https://evil.example"}) == 403
    assert _request(port, "/forcereload", {"Sec-Fetch-Site": "same-origin", "Origin": f"http://{own}"}) == 200
    # DNS rebinding: another name that resolves here reaches neither the pages nor livereload
    assert _request(port, "/kb/", {"Host": f"evil.example:{port}"}) == 403
    assert _request(port, "/livereload.js", {"Host": f"evil.example:{port}"}) == 403
    assert _request(port, "/kb/", {"Host": f"localhost:{port}"}) == 200
    assert _request(port, "/kb/", {}) == 200


def test_serving_on_every_address_says_so(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"live.md": GOOD})
    server = Served(project, "/", host="0.0.0.0")
    try:
        assert fetch(server.url)[0] == 200
    finally:
        out = server.stop()
    assert "--host 0.0.0.0 serves this site, drafts and build errors included, to every machine" in out


OVERRIDE = '{% extends "theme/base.html" %}{% block head %}<meta name="x-layer" content="site">{% endblock %}'


def layer(url: str) -> str | None:
    from bs4 import BeautifulSoup

    meta = BeautifulSoup(fetch(url)[1], "html.parser").select_one('head meta[name="x-layer"]')
    return meta["content"] if meta else None


def test_a_first_template_override_is_seen_while_serving_and_its_removal_too(served: Served) -> None:
    """The project had no templates/ of its own when the server started: the folder, made
    later, is watched from then on."""
    pages = [served.url, served.url + "articles/live/"]
    assert [layer(url) for url in pages] == [None, None]
    (served.project / "templates").mkdir()
    touch_later(served.project / "templates/base.html", OVERRIDE)
    wait_for(lambda: [layer(url) for url in pages] == ["site", "site"], 20)
    (served.project / "templates/base.html").unlink()
    wait_for(lambda: [layer(url) for url in pages] == [None, None], 20)


def test_serving_never_touches_the_published_folder(tmp_path: Path) -> None:
    draft = "---\ntitle: Embargoed\ndraft: true\n---\n禁止发布的草稿。\n"
    project = make_project(tmp_path, {"live.md": GOOD, "draft.md": draft})
    built = build_project(project)
    published = {p: p.read_bytes() for p in built.out.rglob("*") if p.is_file()}
    server = Served(project, "/", args=("--drafts",))
    try:
        assert "禁止发布的草稿" in fetch(server.url + "articles/draft/")[1]  # served with --drafts
        touch_later(project / "content/live.md", GOOD.replace("第一版", "第二版"))
        wait_for(lambda: "第二版的正文" in fetch(server.url + "articles/live/")[1], 10)
    finally:
        server.stop()
    # public/ is what `build` made, byte for byte: no draft, no 127.0.0.1 links
    assert {p: p.read_bytes() for p in built.out.rglob("*") if p.is_file()} == published
    assert not (built.out / "articles/draft").exists()
