"""site-builder's own code is part of every cache key: after an edit to a rendering module,
a rebuild renders the pages again with the new code instead of serving what the old code
cached (.cache/ and the previous output). Each build runs `python -m site_builder build`
on a copy of the package, put first on PYTHONPATH, so that the copy can be edited."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

from tests.conftest import ROOT, make_project

CITED = "另一段文字[^1]。\n\n[^1]: 报道{i}：标题·腾讯科技·无作者（2025/1/{day}）·检索日期2025/02/01\n"
# The edit: every footnote reference gets a mark the original code never writes.
REF = """return (f'<sup class="cite"{ref_id}>"""
EDITED_REF = """return (f'<sup class="cite" data-edited="yes"{ref_id}>"""


def doc(i: int, cited: bool) -> str:
    body = CITED.format(i=i, day=i + 1) if cited else "这一篇没有脚注。\n"
    return f"---\ntitle: 文档{i}\ndate: 2025-01-{i + 1:02d}\ntags: [t{i % 2}]\n---\n第{i}篇。\n\n{body}"


def setup(tmp: Path, search: bool = False) -> tuple[Path, Path]:
    """(the copy of the package's parent folder, the project) of a small site: four
    documents cite a source, two do not."""
    code = tmp / "code"
    shutil.copytree(ROOT / "site_builder", code / "site_builder", ignore=shutil.ignore_patterns("__pycache__"))
    project = make_project(tmp / "kb", {f"d{i}.md": doc(i, cited=i < 4) for i in range(6)})
    with (project / "site.yaml").open("a", encoding="utf-8") as f:
        f.write(f"search: {str(search).lower()}\n")  # Pagefind takes time: only where it is the point
    return code, project


def edit(code: Path, module: str, old: str, new: str) -> None:
    path = code / "site_builder" / module
    source = path.read_text(encoding="utf-8")
    assert source.count(old) == 1
    path.write_text(source.replace(old, new), encoding="utf-8")


def build(code: Path, project: Path) -> int:
    """Build project with the code in `code`; the files the build says it wrote."""
    # no .pyc: an edit that kept a module's size within the same second could load the old one
    env = {**os.environ, "PYTHONPATH": str(code), "PYTHONDONTWRITEBYTECODE": "1"}
    run = subprocess.run([sys.executable, "-m", "site_builder", "build"], cwd=project, env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    written = re.search(r"^(\d+) files written, \d+ unchanged", run.stdout, re.MULTILINE)
    assert written, run.stdout
    return int(written[1])


def refs(project: Path) -> dict[str, list[str | None]]:
    """Every page with footnote references -> each reference's data-edited."""
    found = {}
    for page in sorted((project / "public").rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        if cites := soup.select("sup.cite"):
            found[page.relative_to(project / "public").as_posix()] = [sup.get("data-edited") for sup in cites]
    return found


def test_editing_a_rendering_module_rebuilds_the_pages_it_renders(tmp_path: Path) -> None:
    code, project = setup(tmp_path)
    assert build(code, project) > 0
    before = refs(project)
    assert sorted(before) == [f"articles/d{i}/index.html" for i in range(4)]
    assert all(marks == [None] for marks in before.values())

    edit(code, "footnotes.py", REF, EDITED_REF)
    written = build(code, project)

    after = refs(project)
    assert sorted(after) == sorted(before)
    assert all(marks == ["yes"] for marks in after.values()), after  # each page with a reference, anew
    assert written >= len(after)
    assert not list((project / ".cache").glob("templates-*"))  # compiled templates are never kept on disk
    assert build(code, project) == 0  # and the edited code's cache holds: nothing more to do


def test_the_same_code_rebuilds_nothing(tmp_path: Path) -> None:
    code, project = setup(tmp_path)
    assert build(code, project) > 0
    assert build(code, project) == 0
    assert all(marks == [None] for marks in refs(project).values())


def indexed(project: Path) -> int:
    """The pages in the site's search index."""
    entry = json.loads((project / "public/pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(int(language["page_count"]) for language in entry["languages"].values())


def test_editing_the_search_emitter_indexes_the_site_again(tmp_path: Path) -> None:
    """Its pages come out as they were, but the search index is Pagefind's reading of them
    by other code: it is not kept from the last build."""
    code, project = setup(tmp_path, search=True)
    build(code, project)
    assert indexed(project) == 6
    # three articles only
    edit(code, "emitters/search.py", 'CONTENT_PAGES = "**/*.html"', 'CONTENT_PAGES = "*/d[0-2]/index.html"')
    assert build(code, project) > 0
    assert indexed(project) == 3
    soup = BeautifulSoup((project / "public/search/index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one('script[src$="pagefind-ui.js"]') is not None  # and the search page still loads it
