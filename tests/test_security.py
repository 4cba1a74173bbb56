"""Security findings of the review (issue 20): each test reproduces one finding as a
stranger's content would, and checks what the build does now."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest

from tests.conftest import build_project, make_project, snapshot

# CJK Extension B: four bytes each in UTF-8; 70 of them are 280 bytes, past the 255 bytes a
# file name may have on every common file system
EXT_B = "".join(chr(0x20000 + i) for i in range(70))


def test_names_of_four_byte_characters_make_file_names_under_255_bytes(tmp_path: Path) -> None:
    document = (f"---\ntitle: Long\nslug: {EXT_B}\ntags: [{EXT_B}]\nmain_topics: [{EXT_B}乙]\n---\n"
                f"Text.[^1] More.[^2]\n\n[^1]: 标题·{EXT_B}丙·作者（2025/6/25）\n"
                f"[^2]: 另一个标题·{EXT_B}丙·作者（2025/6/26）\n")  # two sources: the publisher gets a page
    site = build_project(make_project(tmp_path, {"long.md": document}))
    assert site.report.errors == 0, [str(d) for d in site.reporter.items]
    names = [p.name for p in site.out.rglob("*")]
    assert max(len(name.encode()) for name in names) <= 255
    # the document's page, its tag's, its topic's and its publisher's are all there, and distinct
    home = site.page("/tags/")
    tag_links = [a["href"] for a in home.select("main a[href*='/tags/']")]
    assert len(tag_links) == 1 and (site.out / unquote(tag_links[0]).removeprefix("/") / "index.html").is_file()
    article = next(p for p in (site.out / "articles").iterdir() if p.is_dir())  # not the archive's index.html
    assert len(article.name.encode()) <= 255 and article.name.startswith(EXT_B[:10])
    topics = [p for p in (site.out / "topics").iterdir() if p.is_dir()]
    assert len(topics) == 1 and len(topics[0].name.encode()) <= 255
    publishers = [p for p in (site.out / "citations").iterdir() if p.is_dir()]
    assert len(publishers) == 1 and (publishers[0] / "index.html").is_file()
    assert publishers[0].name.startswith(EXT_B[:10]) and len(publishers[0].name.encode()) <= 255


def _cli_build(project: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "site_builder", "build"], cwd=project, text=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_two_builds_at_once_publish_the_same_site_as_a_cold_build(tmp_path: Path) -> None:
    files = {f"d{i:03}.md": f"---\ntitle: D{i}\ntags: [t{i % 7}]\n---\nText {i}.\n" for i in range(150)}
    project = make_project(tmp_path / "p", files)
    with (project / "site.yaml").open("a", encoding="utf-8") as f:
        f.write("search: false\n")
    waited = 0
    for round_ in range(3):
        (project / "content" / "d000.md").write_text(f"---\ntitle: Round {round_}\n---\nEdited.\n", encoding="utf-8")
        first, second = _cli_build(project), _cli_build(project)
        errors = [first.communicate(timeout=120)[1], second.communicate(timeout=120)[1]]
        assert first.returncode == second.returncode == 0, errors
        waited += sum("waiting for the build that holds" in e for e in errors)
        cold = tmp_path / f"cold{round_}"
        shutil.copytree(project, cold, ignore=shutil.ignore_patterns("public", ".cache", ".public*"))
        assert _cli_build(cold).wait(timeout=120) == 0
        assert snapshot(project / "public") == snapshot(cold / "public")
        assert not list(project.glob(".public*")), "no staging folder left behind"
    assert waited >= 1, "the second build of a pair waited for the first at least once"


def test_the_published_folder_has_the_umasks_mode(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"a.md": "---\ntitle: A\n---\nText.\n"})
    run = subprocess.run(["sh", "-c", f"umask 022 && exec {sys.executable} -m site_builder build"], cwd=project,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert (project / "public").stat().st_mode & 0o777 == 0o755  # a web server of another user can read it


def test_recovery_removes_only_folders_a_build_made(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"a.md": "---\ntitle: A\n---\nText.\n"})
    mine = project / ".public.backup"  # the writer's own folder, named like ours
    mine.mkdir()
    (mine / "keep.txt").write_text("mine", encoding="utf-8")
    staging = project / ".public.new-ab12cd_3"  # what an interrupted build of ours leaves
    staging.mkdir()
    (staging / "index.html").write_text("half", encoding="utf-8")
    build_project(project)
    assert (mine / "keep.txt").read_text(encoding="utf-8") == "mine"
    assert not staging.exists()


def test_an_alias_that_differs_from_a_page_only_by_case_is_refused(tmp_path: Path) -> None:
    site = build_project(make_project(tmp_path, {
        "doc.md": "---\ntitle: Doc\n---\nThe page.\n",
        "other.md": "---\ntitle: Other\naliases: [/Articles/Doc/]\n---\nAnother page.\n"}))
    # on a case-folding checkout, the redirect would replace the page it points away from
    assert [str(d) for d in site.reporter.items if "Articles/Doc" in str(d)] == [
        "other.md: warning: alias '/Articles/Doc/': Articles/Doc/index.html and articles/doc/index.html differ "
        "only by case, and would be one file on macOS and Windows; no redirect written"]
    assert not (site.out / "Articles").exists()
    assert site.page("articles/doc/").select_one("h1").get_text() == "Doc"


def test_image_paths_are_looked_up_only_inside_the_project(tmp_path: Path) -> None:
    secret = tmp_path / "secret.jpg"  # a file outside the project, which exists
    secret.write_bytes(b"\xff\xd8")
    depth = "/".join([".."] * 12)
    project = make_project(tmp_path / "p", {
        "a.md": f"---\ntitle: A\nfeatured_image: /{depth}{secret}\n---\n![x](/{depth}{secret})\n"
                f"![y](../{secret.name}) ![z](../../{secret.name})\n"})
    site = build_project(project)
    # every one is missing, as one that does not exist would be: the build says nothing of what lies outside
    missing = {str(d).split("missing image ")[1] for d in site.reporter.items if "missing image" in str(d)}
    assert missing == {f"/{depth}{secret}", f"../{secret.name}", f"../../{secret.name}"}


def test_a_killed_builds_temporary_files_are_removed_by_the_next(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"a.md": "---\ntitle: A\n---\nText.\n"})
    build_project(project)
    # what a build killed while saving its records leaves (atomic_file's temporary name)
    leftover = project / ".cache" / ".tmp-documents.msgpack.4242.139872"
    leftover.write_bytes(b"half a file")
    build_project(project)  # a no-op build
    assert not leftover.exists()
    assert (project / ".cache" / "documents.msgpack").is_file()


def test_a_file_name_or_value_cannot_forge_a_line_of_the_log(tmp_path: Path) -> None:
    name = "evil\n::error file=site.yaml,line=1::forged\x1b[2J\u202e.md"
    project = make_project(tmp_path, {name: "---\ntitle: [broken\n---\nText.\n",
                                      # YAML's escapes \\e and \\a: the value holds ESC and BEL
                                      "b.md": '---\ntitle: B\ndate: "2025\\e]0;pwned\\a"\n---\nText.\n'})
    run = subprocess.run([sys.executable, "-m", "site_builder", "build"], cwd=project, capture_output=True, text=True)
    lines = run.stderr.splitlines()
    assert not any(line.startswith("::") for line in lines)
    assert "\x1b" not in run.stderr and "\x07" not in run.stderr and "\u202e" not in run.stderr
    # each problem is still one line that names its file, escaped
    assert any(line.startswith("evil\\n::error file=site.yaml,line=1::forged\\x1b[2J\\u202e.md:3: error:")
               for line in lines), lines
    assert any(line.startswith("b.md:3: error: cannot read the date") and "\\x1b]0;pwned\\x07" in line
               for line in lines), lines


def test_files_are_stated_before_they_are_read(tmp_path: Path) -> None:
    outside = tmp_path / "huge.bin"  # sparse: 8 GiB that take no disk
    with outside.open("wb") as f:
        f.truncate(8 * 1024**3)
    project = make_project(tmp_path / "p", {
        "linked.md": "---\ntitle: Linked\n---\nText.\n",
        "big-side.md": "---\ntitle: Big sidecar\n---\nText.\n",
        "big-side.meta.yaml": "summary: " + "x" * (2 * 1024 * 1024) + "\n",
        "fine.md": "---\ntitle: Fine\n---\nText.\n"})
    (project / "content" / "linked.meta.yaml").symlink_to(outside)
    with (project / "content" / "huge.md").open("wb") as f:
        f.truncate(40 * 1024 * 1024)
    site = build_project(project)
    said = sorted(str(d) for d in site.reporter.items)
    assert said == [
        "big-side.meta.yaml: error: 2,097,162 bytes, more than the 1 MiB a sidecar may have; not read",
        "huge.md: error: 41,943,040 bytes, more than the 32 MiB a document may have; not read",
        "linked.meta.yaml: warning: a symlink to a file outside the content folder; not read"]
    assert {p.name for p in (site.out / "articles").iterdir() if p.is_dir()} == {"linked", "fine"}


@pytest.mark.parametrize(("paths", "args", "said"), [
    ("", ["--out", "."], "error: --out ({project}) would hold the project's own files"),
    ("", ["--out", ".."], "error: --out ({parent}) is outside the project folder"),
    ("", ["--out", "content"], "error: --out ({project}/content) would hold the project's own files"),
    ("", ["--out", "content/public"], "error: --out ({project}/content/public) and the content folder must not"),
    ("paths: {output: ..}\n", [], "site.yaml:5: error: paths.output ({parent}) is outside the project folder"),
    ("paths: {output: /}\n", [], "site.yaml:5: error: paths.output (/) is outside the project folder"),
    ("paths: {output: .}\n", [], "site.yaml:5: error: paths.output ({project}) would hold the project's own"),
    ("paths: {static: ../secret}\n", [], "site.yaml:5: error: paths.static ({parent}/secret) is outside the"),
    ("paths: {static: content}\n", [], "site.yaml:5: error: paths.static ({project}/content) and the content"),
    ("paths: {templates: content/tpl}\n", [], "site.yaml:5: error: paths.templates ({project}/content/tpl) and "),
])
def test_every_folder_stays_inside_the_project_and_the_output_is_a_folder_of_its_own(
        tmp_path: Path, paths: str, args: list[str], said: str) -> None:
    project = make_project(tmp_path / "p", {"a.md": "---\ntitle: A\n---\nText.\n"})
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "key.txt").write_text("secret", encoding="utf-8")
    (tmp_path / "sibling").mkdir()
    (tmp_path / "sibling" / "keep.txt").write_text("keep", encoding="utf-8")
    (project / "content" / "tpl").mkdir()
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    with (project / "site.yaml").open("a", encoding="utf-8") as f:
        f.write(paths)
    before = snapshot(tmp_path)
    run = subprocess.run([sys.executable, "-m", "site_builder", "build", *args], cwd=project, capture_output=True,
                         text=True)
    assert run.returncode == 2
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(said.format(project=project, parent=tmp_path)), lines
    assert snapshot(tmp_path) == before  # the project, its .git and its siblings untouched


@pytest.mark.parametrize("url", ["https://example.org/\\\\evil.example/", "javascript:alert(1)//", "//evil.example/",
                                 "https://user@evil.example/", 'https://example.org/"><script>', "https://x.org/?a=1"])
def test_base_url_is_an_absolute_http_url(tmp_path: Path, url: str) -> None:
    project = make_project(tmp_path, {"a.md": "---\ntitle: A\n---\nText.\n"}, base_url=f"'{url}'")
    run = subprocess.run([sys.executable, "-m", "site_builder", "build"], cwd=project, capture_output=True, text=True)
    assert run.returncode == 2 and not (project / "public").exists()
    assert run.stderr.startswith("site.yaml:3: error: base_url must be the absolute http:// or https:// URL"), \
        run.stderr
    (project / "site.yaml").write_text("title: T\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "site_builder", "build", "--base-url", url], cwd=project,
                         capture_output=True, text=True)
    assert run.returncode == 2 and run.stderr.startswith("error: --base-url must be the absolute"), run.stderr
    assert not (project / "public").exists()


def test_only_passive_files_of_the_content_folder_are_published(tmp_path: Path) -> None:
    script = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.domain)</script></svg>'
    files = {"a.md": "---\ntitle: A\n---\nText.\n", "img/a.png": b"\x89PNG\r\n", "paper.pdf": b"%PDF-1.4",
             "evil.html": "<script>alert(1)</script>", "img/evil.svg": script, "more/evil.svg": script,
             "CNAME": "evil.example", "x.js": "alert(1)", "data.csv": "a,b\n"}
    project = make_project(tmp_path, files)
    site = build_project(project)
    published = {p.relative_to(site.out).as_posix() for p in site.out.rglob("*") if p.is_file()}
    assert {"img/a.png", "paper.pdf", "data.csv"} <= published
    assert not published & {"evil.html", "img/evil.svg", "more/evil.svg", "x.js"}
    assert (site.out / "CNAME").exists() is False  # content cannot set the custom domain
    said = sorted(str(d) for d in site.reporter.items if "not published" in str(d))
    assert said == [
        "content/CNAME: warning: not published: a file without a type is not one content/ may publish (images "
        "other than SVG, PDF, audio, video, fonts, CSV, JSON and ZIP)",
        "content/evil.html: warning: not published: a .html file is not one content/ may publish (images other "
        "than SVG, PDF, audio, video, fonts, CSV, JSON and ZIP); publish_html_and_svg: true in site.yaml "
        "publishes them",
        "content/img/evil.svg: warning: not published (and 1 more like it): a .svg file is not one content/ may "
        "publish (images other than SVG, PDF, audio, video, fonts, CSV, JSON and ZIP); publish_html_and_svg: "
        "true in site.yaml publishes them",
        "content/x.js: warning: not published: a .js file is not one content/ may publish (images other than "
        "SVG, PDF, audio, video, fonts, CSV, JSON and ZIP)"]
    with (project / "site.yaml").open("a", encoding="utf-8") as f:
        f.write("publish_html_and_svg: true\n")
    site = build_project(project)
    assert (site.out / "evil.html").is_file() and (site.out / "img/evil.svg").is_file()
    assert not (site.out / "x.js").exists()


def test_a_heading_never_takes_an_id_of_the_page_around_it(tmp_path: Path) -> None:
    from site_builder.markdown import THEME_IDS, reserved_id

    # every fixed id of the theme's templates is reserved
    theme = Path(__file__).resolve().parent.parent / "site_builder" / "theme" / "templates"
    fixed = {m for t in theme.glob("*.html") for m in re.findall(r'\bid="([^"{]+)"', t.read_text(encoding="utf-8"))}
    assert fixed and fixed <= THEME_IDS
    headings = ["Site data", "Main", "Note 1", "Search", "SB custom", "Tags", "Section"]
    body = "\n\n".join(f"## {h}\n\nText.[^1]" for h in headings) + "\n\n[^1]: 标题·出版方·作者（2025/6/25）\n"
    site = build_project(make_project(tmp_path, {"a.md": f"---\ntitle: A\n---\n{body}"}))
    page = site.page("articles/a/")
    ids = [tag["id"] for tag in page.select("[id]")]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    heading_ids = [h["id"] for h in page.select("h2[id]") if h.get_text(strip=True) in headings]
    assert len(heading_ids) == len(headings) and not any(reserved_id(i) for i in heading_ids)
    assert page.select_one("#site-data").name == "script"  # what site.js reads is still the site's data


@pytest.mark.parametrize("journal", [
    {"staging": ".public.new-abc12345", "moved": [], "deleted": ["../victim.txt"], "manifest": None},
    {"staging": "../elsewhere", "moved": ["victim.txt"], "deleted": [], "manifest": None},
    {"staging": ".public.new-abc12345", "moved": [], "deleted": [], "manifest": "{project}/victim.txt"},
])
def test_a_journal_found_beside_the_output_folder_touches_nothing_outside_it(tmp_path: Path, journal: dict) -> None:
    """A project from elsewhere may hold a .public.journal of its own: a build reads one to
    finish an interrupted build, and must not move or delete by what a stranger wrote."""
    project = make_project(tmp_path / "p", {"a.md": "---\ntitle: A\n---\nText.\n"})
    build_project(project)  # public/ is there: public/../victim.txt leads somewhere
    victim = project / "victim.txt"
    victim.write_text("mine", encoding="utf-8")
    (project / ".public.new-abc12345").mkdir()
    (project / ".public.new-abc12345" / ".manifest").write_text("planted", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "victim.txt").write_text("planted", encoding="utf-8")
    if journal["manifest"]:
        journal = {**journal, "manifest": journal["manifest"].format(project=project)}
    (project / ".public.journal").write_text(json.dumps(journal), encoding="utf-8")
    site = build_project(project)
    assert site.report.errors == 0
    assert victim.read_text(encoding="utf-8") == "mine"
    assert (elsewhere / "victim.txt").read_text(encoding="utf-8") == "planted"
    assert not (project / ".public.journal").exists()
