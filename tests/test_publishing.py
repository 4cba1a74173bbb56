"""Publishing on GitHub Pages: the seed site built for https://example.github.io/kb/ has
.nojekyll, a sitemap, robots.txt, an Atom feed, canonical and Open Graph tags, redirects
for old addresses, and works when served from a /kb/ folder; `check` reads the sitemap
and the feed; `deploy` pushes the output to gh-pages without touching the source tree."""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import quote, unquote, urljoin, urlsplit
from urllib.request import urlopen

import pytest
import yaml
from bs4 import BeautifulSoup

from site_builder import cli
from site_builder.config import ConfigError, load_config
from site_builder.link_checker import check_links
from tests.conftest import ROOT, SEED_000, SEED_003, Built, build_project, make_project

ORIGIN = "https://example.github.io"
BASE = ORIGIN + "/kb/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def kb_site(tmp_path_factory) -> Built:
    return build_project(make_project(tmp_path_factory.mktemp("kb"), seeds=True, base_url=BASE))


def html_pages(out: Path) -> set[str]:
    """Every HTML page of the output as a path under the site root, the way a reader asks
    for it ("articles/x/"); 404.html is no page of its own."""
    pages = set()
    for path in out.rglob("*.html"):
        rel = path.relative_to(out).as_posix()
        if rel != "404.html":
            pages.add(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return pages


def site_path(url: str) -> str:
    """An absolute URL of the /kb/ site as a path under its root; fails for any other URL."""
    assert url.startswith(BASE), url
    return unquote(url[len(BASE):])


def page_url(rel: str) -> str:
    """The URL a page with this output path is served at, unquoted."""
    return BASE + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def git(*args: str, cwd: Path | None = None) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


# --- the files GitHub Pages and crawlers read ---

def test_nojekyll_is_at_the_output_root(kb_site: Built) -> None:
    assert kb_site.report.errors == 0
    nojekyll = kb_site.out / ".nojekyll"
    assert nojekyll.is_file() and nojekyll.read_bytes() == b""
    assert (kb_site.out / "404.html").is_file()


def test_sitemap_lists_every_html_page_with_absolute_kb_urls(kb_site: Built) -> None:
    root = ET.parse(kb_site.out / "sitemap.xml").getroot()
    assert root.tag == f"{SITEMAP}urlset"
    locs = [url.findtext(f"{SITEMAP}loc") for url in root.iter(f"{SITEMAP}url")]
    assert all(loc.startswith(BASE) for loc in locs)
    listed = [site_path(loc) for loc in locs]
    assert len(listed) == len(set(listed))
    assert set(listed) == html_pages(kb_site.out)
    assert {f"articles/{SEED_000}/", f"articles/{SEED_003}/", "", "tags/"} <= set(listed)
    lastmod = {site_path(url.findtext(f"{SITEMAP}loc")): url.findtext(f"{SITEMAP}lastmod")
               for url in root.iter(f"{SITEMAP}url")}
    assert lastmod[f"articles/{SEED_000}/"] == "2025-06-25T09:10:04+08:00"
    assert lastmod[f"articles/{SEED_003}/"] == "2026"  # the sidecar gives the year only
    assert lastmod["tags/"] is None


def test_a_site_of_more_pages_than_a_sitemap_holds_has_a_sitemap_index(kb_site: Built, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch,
                                                                      capsys: pytest.CaptureFixture) -> None:
    """A sitemap lists at most 50,000 URLs: past that (here 7), sitemap.xml names sitemaps
    that list every page once between them, as the single sitemap did; check reads them."""
    from site_builder.emitters import sitemap

    monkeypatch.setattr(sitemap, "MAX_URLS", 7)
    project = make_project(tmp_path, seeds=True, base_url=BASE)
    out = build_project(project).out
    root = ET.parse(out / "sitemap.xml").getroot()
    assert root.tag == f"{SITEMAP}sitemapindex"
    names = [site_path(loc.text) for loc in root.iter(f"{SITEMAP}loc")]
    assert names == [f"sitemap-{n}.xml" for n in range(1, len(names) + 1)]
    listed: list[str] = []
    lastmod: dict[str, str | None] = {}
    for name in names:
        part = ET.parse(out / name).getroot()
        assert part.tag == f"{SITEMAP}urlset"
        urls = list(part.iter(f"{SITEMAP}url"))
        assert 0 < len(urls) <= 7
        for url in urls:
            listed.append(site_path(url.findtext(f"{SITEMAP}loc")))
            lastmod[listed[-1]] = url.findtext(f"{SITEMAP}lastmod")
    assert len(listed) == len(set(listed)) and set(listed) == html_pages(out)
    assert lastmod[f"articles/{SEED_003}/"] == "2026"
    whole = ET.parse(kb_site.out / "sitemap.xml").getroot()  # the seed site with one sitemap
    assert sorted(listed) == sorted(site_path(loc.text) for loc in whole.iter(f"{SITEMAP}loc"))
    assert f"Sitemap: {BASE}sitemap.xml" in (out / "robots.txt").read_text(encoding="utf-8").splitlines()

    monkeypatch.chdir(project)
    assert cli.main(["check"]) == 0
    part = out / names[0]
    part.write_text(part.read_text(encoding="utf-8").replace(BASE + "articles/", BASE + "articles/gone-"),
                    encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["check"]) == 1
    assert f"public/{names[0]}" in capsys.readouterr().err
    monkeypatch.setattr(sitemap, "MAX_URLS", 50_000)  # fewer pages than the limit again (and an edit)
    (project / "content/one-more.md").write_text("---\ntitle: One more\ndate: 2026-01-02\n---\nText.\n")
    site = build_project(project)  # one sitemap, the others gone
    assert ET.parse(site.out / "sitemap.xml").getroot().tag == f"{SITEMAP}urlset"
    assert not list(site.out.glob("sitemap-*.xml"))


def test_robots_txt_allows_all_and_names_the_sitemap(kb_site: Built) -> None:
    lines = (kb_site.out / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines
    assert not any(line.startswith("Disallow:") and line != "Disallow:" for line in lines)
    assert f"Sitemap: {BASE}sitemap.xml" in lines


def test_feed_lists_both_seeds_newest_first_with_absolute_links(kb_site: Built) -> None:
    feed = ET.parse(kb_site.out / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}title") == "Test KB"
    self_link = next(link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self")
    assert self_link.get("href") == BASE + "feed.xml"
    entries = feed.findall(f"{ATOM}entry")
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert titles == ["开源是实现主权AI的第三条路",  # 2026
                      "开源浪潮席卷AI：基础模型“护城河”消弭，价值转向应用深水区"]  # 2025-06-25
    for entry, seed in zip(entries, [SEED_003, SEED_000], strict=True):
        href = entry.find(f"{ATOM}link").get("href")
        assert href == f"{BASE}articles/{seed}/" == entry.findtext(f"{ATOM}id")
        assert (kb_site.out / site_path(href) / "index.html").is_file()
        assert entry.findtext(f"{ATOM}summary").strip()
    assert entries[1].findtext(f"{ATOM}updated") == "2025-06-25T09:10:04+08:00"
    assert entries[0].findtext(f"{ATOM}updated") == "2026-01-01T00:00:00Z"
    assert feed.findtext(f"{ATOM}updated") == "2026-01-01T00:00:00Z"
    # the publisher of the interview stands in for its author
    assert entries[0].findtext(f"{ATOM}author/{ATOM}name").startswith("凯捷研究院")
    # and every page points feed readers at it
    alternate = kb_site.page("").find("link", rel="alternate", type="application/atom+xml")
    assert alternate["href"] == "/kb/feed.xml"


def test_feed_holds_untrusted_titles_and_leaves_undated_documents_out(tmp_path: Path) -> None:
    built = build_project(make_project(tmp_path, {
        "odd.md": '---\ntitle: "<b>A & B</b> \\v\\x01 ]]>"\nsummary: "x\\fy"\ndate: 2025-01-02\n'
                  'author: [Ann, Bo]\n---\nText.\n',
        "undated.md": "---\ntitle: Undated\n---\nNo date, so no place among the newest.\n",
    }))
    feed = ET.parse(built.out / "feed.xml").getroot()  # well-formed despite the control characters
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["<b>A & B</b>  ]]>"]
    assert [a.text for a in entries[0].iterfind(f"{ATOM}author/{ATOM}name")] == ["Ann", "Bo"]
    assert entries[0].findtext(f"{ATOM}summary") == "xy"


def test_every_page_has_canonical_and_open_graph_for_its_own_url(kb_site: Built) -> None:
    pages = sorted(p.relative_to(kb_site.out).as_posix() for p in kb_site.out.rglob("*.html"))
    assert len(pages) > 40
    for rel in pages:
        soup = BeautifulSoup((kb_site.out / rel).read_text(encoding="utf-8"), "html.parser")
        own = page_url(rel)
        assert unquote(soup.find("link", rel="canonical")["href"]) == own, rel
        og = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
        assert unquote(og["og:url"]) == own, rel
        document = rel.startswith("articles/") and rel != "articles/index.html" and not rel.startswith("articles/page/")
        assert og["og:type"] == ("article" if document else "website"), rel  # the archive's pages are no article
        assert og["og:site_name"] == "Test KB"
        assert og["og:locale"] == "zh_CN"
        assert og["og:title"]
    doc = kb_site.page(f"articles/{SEED_000}/")
    og = {m["property"]: m["content"] for m in doc.find_all("meta", property=True)}
    assert og["og:title"] == "开源浪潮席卷AI：基础模型“护城河”消弭，价值转向应用深水区"
    assert og["og:description"].startswith("Linux基金会创始人Jim Zemlin断言")


def test_cname_is_written_only_when_configured(tmp_path: Path) -> None:
    plain = build_project(make_project(tmp_path / "plain", {"a.md": "---\ntitle: A\n---\nA.\n"}))
    assert not (plain.out / "CNAME").exists()

    project = make_project(tmp_path / "custom", {"a.md": "---\ntitle: A\n---\nA.\n"},
                           base_url="https://kb.example.org/")
    with (project / "site.yaml").open("a", encoding="utf-8") as f:
        f.write("cname: kb.example.org\n")
    custom = build_project(project)
    assert (custom.out / "CNAME").read_text(encoding="utf-8") == "kb.example.org\n"
    assert not custom.reporter.warnings

    # a domain that is not where the links point is built, with a warning
    other = build_project(project, base_url=BASE)
    assert (other.out / "CNAME").is_file()
    assert any("cname is kb.example.org" in d.message for d in other.reporter.warnings)


@pytest.mark.parametrize("cname", ["https://kb.example.org/", "kb.example.org/docs", "localhost", "[a, b]"])
def test_a_cname_that_is_no_domain_name_is_a_config_error(tmp_path: Path, cname: str) -> None:
    (tmp_path / "site.yaml").write_text(f"title: T\ncname: {cname}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="cname"):
        load_config(tmp_path)


# --- old addresses ---

MOVED = ("---\ntitle: Moved <here>\ndate: 2025-03-01\n"
         "aliases: [/old/path/, renamed-slug, /legacy/page.html]\n---\nBody.\n")


def test_aliases_become_redirect_pages_to_the_new_url(tmp_path: Path) -> None:
    built = build_project(make_project(tmp_path, {"moved.md": MOVED}, seeds=True, base_url=BASE))
    assert built.report.errors == 0 and built.report.pages["alias redirects"] == 3
    new = "/kb/articles/moved/"
    for path in ["old/path/", "articles/renamed-slug/", "legacy/page.html"]:
        page = built.page(path)
        refresh = page.find("meta", attrs={"http-equiv": "refresh"})["content"]
        assert refresh == f"0; url={new}", path
        assert page.find("link", rel="canonical")["href"] == ORIGIN + new
        assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
        link = page.find("a", href=new)
        assert link is not None and link.get_text() == "Moved <here>"
    assert (built.out / "articles/moved/index.html").is_file()
    assert check_links(built.out, "/kb/") == []
    # redirects are not pages to index
    locs = {url.text for url in ET.parse(built.out / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")}
    assert BASE + "articles/moved/" in locs
    assert not {BASE + "old/path/", BASE + "articles/renamed-slug/", BASE + "legacy/page.html"} & locs


def test_bad_aliases_are_warned_about_and_nothing_is_written_outside_the_output(tmp_path: Path) -> None:
    aliases = ["../../etc", "/old/%2e%2e/%2e%2e/x", "https://evil.example/x", "//evil.example/x", "C:\\Windows",
               "/tags/", "moved", "/", "/a/?p=1", "/.git/", "/404.html", "/old/", "/old/"]
    front = yaml.safe_dump({"title": "Moved", "aliases": aliases}, allow_unicode=True)
    project = make_project(tmp_path / "project", {"moved.md": f"---\n{front}---\nBody.\n"}, base_url=BASE)
    before = set(tmp_path.rglob("*"))
    built = build_project(project)
    new = set(tmp_path.rglob("*")) - before  # only the output, and the build's cache
    assert new and all(p.relative_to(project).parts[0] in ("public", ".cache") for p in new)
    assert not any(p.name == "etc" for p in new)

    messages = [d.message for d in built.reporter.warnings if d.path == "moved.md"]
    warned = {alias for alias in aliases if any(f"alias {alias!r} " in m for m in messages)}
    assert warned == set(aliases) - {"/old/"}  # /old/ is good (and given twice, redirected once)
    assert built.report.errors == 0 and built.report.pages["alias redirects"] == 1
    assert built.page("old/").find("meta", attrs={"http-equiv": "refresh"})
    # the real pages are as they were
    assert built.page("tags/").find("meta", attrs={"http-equiv": "refresh"}) is None
    assert built.page("articles/moved/").find("h1").get_text() == "Moved"


# --- site-builder check ---

def test_check_fails_on_a_corrupted_sitemap_or_a_listed_page_that_is_missing(tmp_path: Path, monkeypatch,
                                                                              capsys) -> None:
    make_project(tmp_path, seeds=True, base_url=BASE)
    monkeypatch.chdir(tmp_path)
    assert cli.main(["build"]) == 0
    assert cli.main(["check"]) == 0
    sitemap = tmp_path / "public/sitemap.xml"
    good = sitemap.read_text(encoding="utf-8")
    capsys.readouterr()

    sitemap.write_text(good[: len(good) // 2], encoding="utf-8")
    assert cli.main(["check"]) == 1
    assert "public/sitemap.xml" in (err := capsys.readouterr().err) and "not well-formed XML" in err

    sitemap.write_text(good.replace(f"articles/{SEED_000}/", "articles/gone/"), encoding="utf-8")
    assert cli.main(["check"]) == 1
    assert f"{BASE}articles/gone/ is listed but public/articles/gone/index.html does not exist" in \
        capsys.readouterr().err

    sitemap.write_text(good, encoding="utf-8")
    feed = tmp_path / "public/feed.xml"
    feed.write_text(feed.read_text(encoding="utf-8").replace(BASE, "https://elsewhere.example/"), encoding="utf-8")
    assert cli.main(["check"]) == 1
    assert "public/feed.xml: error: 'https://elsewhere.example/" in capsys.readouterr().err


# --- served from a folder ---

@pytest.fixture
def kb_server(kb_site: Built, tmp_path: Path) -> Iterator[str]:
    """The output copied to www/kb/ and served from www/, as GitHub Pages serves a project site."""
    shutil.copytree(kb_site.out, tmp_path / "www" / "kb")

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(tmp_path / "www")))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_site_served_from_a_kb_folder_has_no_broken_links(kb_server: str) -> None:
    def get(path: str) -> bytes:
        with urlopen(kb_server + quote(path, safe="/%")) as response:
            return response.read()

    missing: list[tuple[str, str, int]] = []
    fetched: set[str] = set()
    for start in ["/kb/", f"/kb/articles/{SEED_000}/", f"/kb/articles/{SEED_003}/"]:
        soup = BeautifulSoup(get(start), "html.parser")
        for tag in soup.find_all(href=True) + soup.find_all(src=True):
            parts = urlsplit(urljoin(start, tag.get("href") or tag.get("src")))
            if parts.netloc and f"{parts.scheme}://{parts.netloc}" != ORIGIN:
                continue  # another site
            if parts.path in fetched:
                continue
            fetched.add(parts.path)  # the site's own absolute URLs (canonical, og:url) are tried too
            try:
                get(parts.path)
            except HTTPError as exc:
                missing.append((start, parts.path, exc.code))
    assert len(fetched) > 30
    assert missing == []
    for name in ["feed.xml", "sitemap.xml", "robots.txt", "entities.json", "style.css", "site.js"]:
        assert get("/kb/" + name)
    locs = [url.text for url in ET.fromstring(get("/kb/sitemap.xml")).iter(f"{SITEMAP}loc")]
    for loc in locs:
        get(urlsplit(loc).path)  # raises HTTPError on a 404


# --- deploy ---

def _source_repo(tmp_path: Path) -> tuple[Path, Path]:
    # the address of a real Pages site: deploy refuses the placeholder (tests/test_cli.py)
    project = make_project(tmp_path / "project", seeds=True, base_url="https://kb-owner.github.io/kb/")
    remote = tmp_path / "remote.git"
    git("init", "--bare", "--quiet", str(remote))
    git("init", "--quiet", "-b", "main", cwd=project)
    git("config", "user.name", "Test", cwd=project)
    git("config", "user.email", "test@example.org", cwd=project)
    (project / ".gitignore").write_text("public/\n", encoding="utf-8")
    git("add", ".", cwd=project)
    git("commit", "--quiet", "-m", "content", cwd=project)
    git("remote", "add", "origin", str(remote), cwd=project)
    return project, remote


def _state(project: Path) -> tuple[str, str, str]:
    """What a deploy must leave alone: the current branch, its commit, the working tree and index."""
    return (git("symbolic-ref", "HEAD", cwd=project), git("rev-parse", "HEAD", cwd=project),
            git("status", "--porcelain", "--untracked-files=all", cwd=project))


def test_deploy_pushes_the_built_site_as_one_commit_per_deploy(tmp_path: Path, monkeypatch, capsys) -> None:
    project, remote = _source_repo(tmp_path)
    monkeypatch.chdir(project)
    assert cli.main(["build"]) == 0
    before = _state(project)
    assert cli.main(["deploy"]) == 0
    assert _state(project) == before

    page = f"articles/{SEED_000}/index.html"
    with (project / f"content/{SEED_000}.txt").open("a", encoding="utf-8") as f:
        f.write("\n第二次部署新增的一段。\n")
    assert cli.main(["build"]) == 0
    before = _state(project)
    assert cli.main(["deploy", "--message", "second deploy"]) == 0
    assert _state(project) == before

    bare = f"--git-dir={remote}"
    log = git(bare, "log", "--format=%H %P %s", "gh-pages").splitlines()
    assert len(log) == 2
    (_, parent, message), (first, *_) = log[0].split(" ", 2), log[1].split(" ", 2)
    assert parent == first and message == "second deploy"
    files = set(git(bare, "ls-tree", "-r", "-z", "--name-only", "gh-pages").strip("\0").split("\0"))
    assert {"index.html", ".nojekyll", "404.html", "sitemap.xml", "feed.xml", page} <= files
    assert files == {p.relative_to(project / "public").as_posix()
                     for p in (project / "public").rglob("*") if p.is_file()}
    assert "第二次部署新增的一段" in git(bare, "show", f"gh-pages:{page}")
    assert "第二次部署新增的一段" not in git(bare, "show", f"gh-pages~1:{page}")
    # nothing in the source repository changed branch, and no local gh-pages appeared
    assert git("branch", "--format=%(refname:short)", cwd=project).splitlines() == ["main"]

    capsys.readouterr()
    assert cli.main(["deploy"]) == 0  # the same site again: nothing to push
    assert "nothing to deploy" in capsys.readouterr().out
    assert len(git(bare, "log", "--format=%H", "gh-pages").splitlines()) == 2


def test_deploy_refuses_a_site_that_is_not_built(tmp_path: Path, monkeypatch, capsys) -> None:
    project, remote = _source_repo(tmp_path)
    monkeypatch.chdir(project)
    assert cli.main(["deploy"]) == 1
    assert "run site-builder build first" in capsys.readouterr().err
    assert git(f"--git-dir={remote}", "for-each-ref") == ""


# --- the GitHub Pages workflow ---

def test_pages_workflow_builds_for_the_pages_url_and_deploys() -> None:
    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    assert workflow[True]["push"]["branches"] == ["main"]  # YAML 1.1 reads the key `on` as true
    assert workflow["permissions"] == {}  # each job its own, no more
    # the job that installs packages and runs the build only reads; only the deploy job may publish
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert workflow["concurrency"]["group"]
    build, deploy = workflow["jobs"]["build"]["steps"], workflow["jobs"]["deploy"]["steps"]
    uses = [step.get("uses", "").split("@")[0] for step in build + deploy]
    assert uses.index("actions/checkout") < uses.index("actions/configure-pages") < \
        uses.index("actions/upload-pages-artifact") < uses.index("actions/deploy-pages")
    setup = next(s for s in build if s.get("uses", "").startswith("actions/setup-python"))
    assert setup["with"]["python-version"] == "3.11"
    upload = next(s for s in build if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "public"
    make = next(s for s in build if "make site" in s.get("run", ""))
    assert "steps.pages.outputs.base_url" in make["env"]["BASE_URL"] and "BASE_URL" in make["run"]
    # what a build needs, from its lock: no test tools
    assert "LOCK=requirements/site.txt" in make["run"]
    assert all(not re.search(r"pip install|\.\[test", s.get("run", "")) for s in build)
    # the build cache restored and saved between runs (plain data: see test_security)
    cache = next(s for s in build if s.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"] == ".cache" and "restore-keys" in cache["with"]
    assert uses.index("actions/cache") < [s.get("run", "") for s in build].index(make["run"])
    # every third-party action pinned by a full commit SHA, not a tag
    assert all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", s["uses"]) for s in build + deploy if "uses" in s)
    assert workflow["jobs"]["deploy"]["needs"] == "build"


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_site_passes_base_url_through() -> None:
    def dry_run(*args: str) -> str:
        return subprocess.run(["make", "-n", "-C", str(ROOT), "site", *args], capture_output=True, text=True,
                              check=True).stdout

    assert "--base-url 'https://me.github.io/kb/'" in dry_run("BASE_URL=https://me.github.io/kb/")
    assert "--base-url" not in dry_run()
