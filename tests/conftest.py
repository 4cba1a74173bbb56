"""Shared fixtures: build real sites (the seed content, or small made-up ones) into
temporary folders and parse the HTML the way a reader's browser gets it."""

from __future__ import annotations

import shutil
import signal
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from site_builder.build import BuildReport, build
from site_builder.config import Config, load_config
from site_builder.diagnostics import Reporter

ROOT = Path(__file__).resolve().parent.parent

# A test run started in the background of a non-interactive shell (`make test &`) inherits
# SIGINT ignored, and so would every process it starts: Python then installs no Ctrl-C
# handler in them, and the tests that press Ctrl-C (serve, build, Dask) would wait forever.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)
SEED_000 = "000_565f44b68450ec1c"
SEED_003 = "003_175542bd12a56448"


@dataclass
class Built:
    config: Config
    report: BuildReport
    reporter: Reporter

    @property
    def out(self) -> Path:
        return self.config.output_dir

    def page(self, url_path: str) -> BeautifulSoup:
        """The parsed page served at url_path (relative to the base path)."""
        path = self.out / url_path.strip("/") / "index.html" if not url_path.endswith(".html") \
            else self.out / url_path
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def make_project(tmp: Path, files: dict[str, str | bytes] | None = None, seeds: bool = False,
                 base_url: str = "https://example.org/") -> Path:
    """A project folder with the given content, built with the theme's templates and static
    files (it has no templates/ or static/ of its own: a site keeps only what it overrides)."""
    tmp.mkdir(parents=True, exist_ok=True)
    content = tmp / "content"
    if seeds:
        shutil.copytree(ROOT / "content", content)
    content.mkdir(exist_ok=True)
    for rel, data in (files or {}).items():
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    (tmp / "site.yaml").write_text(
        f"title: Test KB\nlanguage: zh-CN\nbase_url: {base_url}\npage_size: 3\n", encoding="utf-8")
    return tmp


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under folder, by its path there: two sites compared byte for byte."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def cold(project: Path, tmp: Path) -> dict[str, bytes]:
    """The site a cold build (no cache, no previous output) makes of the same project."""
    copy = tmp / "cold"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns(".cache", "public", ".public*"))
    return snapshot(build_project(copy).out)


def build_project(project: Path, **overrides) -> Built:
    config = load_config(project).with_overrides(**overrides)
    reporter = Reporter(strict=config.strict, stream=None)
    report = build(config, reporter)
    return Built(config, report, reporter)


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory) -> Built:
    return build_project(make_project(tmp_path_factory.mktemp("seed"), seeds=True))


@pytest.fixture(scope="session")
def seed_site_subpath(tmp_path_factory) -> Built:
    project = make_project(tmp_path_factory.mktemp("seed-sub"), seeds=True,
                           base_url="https://example.github.io/my-kb/")
    return build_project(project)


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium driven by Playwright, one per test module."""
    from tests.web import chromium

    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def origin(seed_site: Built):
    """The built seed site served over HTTP on a free port."""
    from tests.web import serve

    with serve(seed_site.out) as o:
        yield o
