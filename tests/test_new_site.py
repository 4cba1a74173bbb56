"""site-builder new DIR, and the package as a user gets it: a wheel built from this
repository, installed with its locked dependencies into a fresh virtual environment (not
the editable install the other tests run), makes a site, builds it and serves it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from site_builder.cli import main
from tests.conftest import ROOT
from tests.test_serve import fetch, free_port, wait_for


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{args}: exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    """A fresh virtual environment with the wheel and the locked dependencies, offline (uv's
    cache holds them after make); its bin folder and the environment to run it in."""
    uv = os.environ.get("UV")
    if not uv or not os.access(uv, os.X_OK):
        pytest.fail("the environment variable UV must name the uv executable (.tools/bin/uv): `make test` sets it, "
                    "or run UV=$PWD/.tools/bin/uv .venv/bin/python -m pytest")
    tmp = tmp_path_factory.mktemp("wheel")
    # the sources alone, copied: a build in the repository would leave build/ there, and reuse a stale one
    source = tmp / "source"
    source.mkdir()
    shutil.copy(ROOT / "pyproject.toml", source)
    shutil.copy(ROOT / "README.md", source)
    shutil.copytree(ROOT / "site_builder", source / "site_builder", ignore=shutil.ignore_patterns("__pycache__"))
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--no-index",
        "-w", tmp / "dist", source, cwd=tmp)
    wheel, = (tmp / "dist").glob("site_builder-*.whl")
    venv = tmp / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp)
    python = venv / "bin" / "python"
    # exactly the lock, as the Makefile installs it (sync: no resolution, so no index pages needed offline)
    run(uv, "pip", "sync", "--quiet", "--python", python, "--offline", "--require-hashes",
        ROOT / "requirements/site.txt", cwd=tmp)
    run(uv, "pip", "install", "--quiet", "--python", python, "--offline", "--no-deps", wheel, cwd=tmp)
    # nothing of this repository on the path: what runs is what the wheel installed
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    where = run(python, "-c", "import site_builder; print(site_builder.__file__)", cwd=tmp, env=env).stdout
    assert Path(where.strip()).is_relative_to(venv)
    yield venv / "bin", env


def test_a_site_made_by_new_builds_and_serves_from_the_installed_wheel(installed: tuple[Path, dict[str, str]],
                                                                       tmp_path: Path) -> None:
    bin_dir, env = installed
    run(bin_dir / "site-builder", "new", "mykb", cwd=tmp_path, env=env)
    site = tmp_path / "mykb"
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()) == [
        "README.md", "content/companies/example-labs.md", "content/people/jane-doe.md", "content/welcome.md",
        "site.yaml"]
    built = run(bin_dir / "site-builder", "build", cwd=site, env=env)
    assert "0 warnings, 0 errors" in built.stdout, built.stdout + built.stderr
    out = site / "public"

    article = soup(out / "articles/welcome/index.html")
    assert article.select_one("main h1").get_text(strip=True) == "Welcome to your knowledge base"
    body = article.select_one("[data-pagefind-body]") or article.select_one("main")
    links = {a.get_text(strip=True): a["href"] for a in body.select("a[href^='/people/'], a[href^='/companies/']")}
    assert links == {"Jane Doe": "/people/jane-doe/", "Example Labs": "/companies/example-labs/"}
    assert "Example Labs Blog" in article.select_one("main").get_text()  # the footnote's source
    assert {a["href"] for a in article.select("a[href^='/tags/']")} >= {"/tags/getting-started/", "/tags/example/"}

    person = soup(out / "people/jane-doe/index.html")
    assert person.select_one("main h1").get_text(strip=True) == "Jane Doe"
    assert person.select_one("main a[href='/articles/welcome/']") is not None  # the document naming her
    assert person.select_one("main a[href='/companies/example-labs/']") is not None  # her role's company

    # the theme's CSS and JavaScript, from the installed package, linked by every page
    for page in [article, person]:
        for url in [page.select_one("link[rel=stylesheet]")["href"], *(s["src"] for s in page.select("script[src]"))]:
            assert (out / url.lstrip("/")).stat().st_size > 0, url
    assert (out / "pagefind/pagefind-ui.js").is_file()  # search, from the locked Pagefind

    port = free_port()
    server = subprocess.Popen([str(bin_dir / "site-builder"), "serve", "--port", str(port)], cwd=site, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        home = f"http://127.0.0.1:{port}/"

        def up() -> bool:
            try:
                return fetch(home)[0] == 200
            except OSError:
                return False

        wait_for(up, 30)
        page = BeautifulSoup(fetch(home)[1], "html.parser")
        assert page.select_one("header .site-title").get_text() == "My knowledge base"
        assert page.select_one("main a[href='/articles/welcome/']").get_text(strip=True) == \
            "Welcome to your knowledge base"
    finally:
        server.send_signal(signal.SIGINT)
        output = server.communicate(timeout=20)[0].decode(errors="replace")
    assert "Traceback" not in output and "stopped" in output


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path, monkeypatch, capsys) -> None:
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb/notes.txt").write_text("mine\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["new", "kb"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "error: kb is not empty: site-builder new makes a site in a new or empty folder"]
    assert [p.name for p in (tmp_path / "kb").iterdir()] == ["notes.txt"]


def test_new_in_chinese_makes_a_chinese_site(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", "kb", "--language", "zh-CN"]) == 0
    monkeypatch.chdir(tmp_path / "kb")
    assert main(["build", "--jobs", "1"]) == 0
    assert "0 warnings, 0 errors" in capsys.readouterr().out
    article = soup(tmp_path / "kb/public/articles/welcome/index.html")
    assert article.select_one("html")["lang"] == "zh-CN"
    assert {a.get_text() for a in article.select("main a[href^='/people/'], main a[href^='/companies/']")} == \
        {"张三", "示例科技"}


def test_build_outside_a_site_says_so_in_one_line(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["build"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("error: no content folder") and "site-builder new DIR" in err[0]
    assert list(tmp_path.iterdir()) == []  # nothing built, nothing cached
