"""Security findings of the review (issue 20): each test reproduces one finding as a
stranger's content would, and checks what the build does now."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

from tests.conftest import build_project, make_project

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
    article = next((site.out / "articles").iterdir())
    assert len(article.name.encode()) <= 255 and article.name.startswith(EXT_B[:10])
    topics = [p for p in (site.out / "topics").iterdir() if p.is_dir()]
    assert len(topics) == 1 and len(topics[0].name.encode()) <= 255
    publishers = [p for p in (site.out / "citations").iterdir() if p.is_dir()]
    assert len(publishers) == 1 and (publishers[0] / "index.html").is_file()
    assert publishers[0].name.startswith(EXT_B[:10]) and len(publishers[0].name.encode()) <= 255


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


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
        assert _tree(project / "public") == _tree(cold / "public")
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
