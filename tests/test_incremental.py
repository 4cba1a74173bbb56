"""Rebuilds from the persistent cache: a rebuild writes the pages whose content changed
and no others, removes what is gone, and ends byte for byte where a cold build of the
same content ends. Checked on the built files, as a reader (or a web server) sees them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from site_builder import layers
from site_builder.build import build
from site_builder.cache import BuildCache
from site_builder.config import load_config
from site_builder.diagnostics import Reporter
from site_builder.inputs import digest
from site_builder.layers import THEME, THEME_TEMPLATES
from site_builder.output import OutputTree
from site_builder.pages import PageMaker
from site_builder.presence import Presence
from tests.conftest import Built, build_project, cold, make_project, snapshot

N = 12


def doc(i: int, body: str = "", tags: str = "", date: str = "") -> str:
    entity = "OpenAI" if i % 2 else "Anthropic"
    return (f"---\ntitle: 文档{i}\ndate: {date or f'2025-01-{i + 1:02d}'}\ntags: [{tags or f't{i % 3}, 共同'}]\n---\n"
            f"{entity}发布了新的模型，这是第{i}篇。{body}\n\n另一段文字[^1]。\n\n"
            f"[^1]: 报道{i}：标题·腾讯科技·无作者（2025/1/{i + 1}）·检索日期2025/02/01\n")


def files() -> dict[str, str]:
    return {f"d{i:02d}.md": doc(i) for i in range(N)}


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    # the seeds bring the entity registry (content/people, companies, topics)
    project = make_project(tmp_path / "kb", files(), seeds=True)
    (project / "site.yaml").write_text((project / "site.yaml").read_text() + "search: false\n")
    site = build_project(project)
    assert site.reporter.errors == []
    return project



def write(project: Path, rel: str, text: str) -> None:
    (project / "content" / rel).write_text(text, encoding="utf-8")


def html_pages(site: Built) -> list[str]:
    return [rel for rel in site.report.written if rel.endswith(".html")]


def test_editing_one_document_rewrites_its_page_and_only_the_pages_that_list_it(project: Path) -> None:
    write(project, "d05.md", doc(5, body="新增的一句话。"))
    site = build_project(project)
    assert "新增的一句话" in (site.out / "articles/d05/index.html").read_text(encoding="utf-8")
    written = html_pages(site)
    assert "articles/d05/index.html" in written
    assert [rel for rel in written if rel.startswith("articles/")] == ["articles/d05/index.html"]
    written.remove("articles/d05/index.html")
    for rel in written:  # every other page written lists the edited document
        assert 'href="/articles/d05/"' in (site.out / rel).read_text(encoding="utf-8"), rel
    assert len(written) < site.report.unchanged  # most of the site was kept as it was
    assert build_project(project).report.written == []  # and a second rebuild writes nothing


def test_a_page_rendered_to_the_bytes_it_has_is_not_written_again(project: Path) -> None:
    """A new paragraph that names no entity changes its document's page only: the tag and
    source pages that list the document are made again (its version changed) and come out
    as they were, so they are not written."""
    before = snapshot(project / "public")
    write(project, "d05.md", doc(5).replace("\n\n另一段文字", "\n\n新加的一段，没有提到任何公司。\n\n另一段文字"))
    site = build_project(project)
    assert html_pages(site) == ["articles/d05/index.html"]
    after = snapshot(site.out)
    assert [rel for rel in after if after[rel] != before.get(rel)] == ["articles/d05/index.html"]
    assert "新加的一段" in after["articles/d05/index.html"].decode()


def test_changing_a_title_rewrites_the_pages_that_show_it(project: Path, tmp_path: Path) -> None:
    write(project, "d05.md", doc(5).replace("title: 文档5", "title: 改过的标题"))
    site = build_project(project)
    for rel in html_pages(site):
        assert "改过的标题" in (site.out / rel).read_text(encoding="utf-8"), rel
    stale = [rel for rel, data in snapshot(site.out).items() if rel.endswith(".html") and "文档5<" in data.decode()]
    assert stale == []
    assert snapshot(site.out) == cold(project, tmp_path)


def test_deleting_a_document_removes_its_page_and_every_link_to_it(project: Path, tmp_path: Path) -> None:
    (project / "content/d05.md").unlink()
    site = build_project(project)
    assert not (site.out / "articles/d05").exists()
    for rel, data in snapshot(site.out).items():
        assert b"/articles/d05/" not in data, rel
    assert snapshot(site.out) == cold(project, tmp_path)


def test_editing_a_registry_entity_updates_every_document_that_mentions_it(project: Path, tmp_path: Path) -> None:
    entity = project / "content/companies/openai.md"
    text = entity.read_text(encoding="utf-8")
    entity.write_text(text.replace("description: ", "description: 新的描述。", 1), encoding="utf-8")
    site = build_project(project)
    for i in range(1, N, 2):  # the documents that mention OpenAI
        page = (site.out / f"articles/d{i:02d}/index.html").read_text(encoding="utf-8")
        assert 'title="新的描述。' in page
    assert snapshot(site.out) == cold(project, tmp_path)


MARK = '<p id="changed">changed</p></body>'


def marked(folder: Path, rel: str) -> bool:
    soup = BeautifulSoup((folder / rel).read_text(encoding="utf-8"), "html.parser")
    return soup.select_one("body > #changed") is not None


def test_a_template_override_rewrites_every_page_and_removing_it_restores_them(project: Path) -> None:
    before = snapshot(project / "public")
    base = project / "templates/base.html"  # the project had no templates/ of its own
    base.parent.mkdir()
    base.write_text((THEME_TEMPLATES / "base.html").read_text(encoding="utf-8").replace("</body>", MARK),
                    encoding="utf-8")
    site = build_project(project)
    pages = sorted(rel for rel in snapshot(site.out) if rel.endswith(".html"))
    assert sorted(html_pages(site)) == pages
    assert all(marked(site.out, rel) for rel in pages)
    base.unlink()
    again = build_project(project)
    assert not any(marked(again.out, rel) for rel in pages)
    assert snapshot(again.out) == before


def test_editing_the_theme_rewrites_every_page_and_its_static_files(project: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    theme = tmp_path / "theme"
    shutil.copytree(THEME, theme)
    monkeypatch.setattr(layers, "THEME_TEMPLATES", theme / "templates")
    monkeypatch.setattr(layers, "THEME_STATIC", theme / "static")

    def build_inline() -> Path:  # in this process, which sees the theme moved
        config = load_config(project)
        build(config, Reporter(stream=None), jobs=1)
        return config.output_dir

    out = build_inline()
    pages = sorted(rel for rel in snapshot(out) if rel.endswith(".html"))
    assert not any(marked(out, rel) for rel in pages)
    base, style = theme / "templates/base.html", theme / "static/style.css"
    base.write_text(base.read_text(encoding="utf-8").replace("</body>", MARK), encoding="utf-8")
    style.write_text(style.read_text(encoding="utf-8") + "\n.changed { color: red }\n", encoding="utf-8")
    out = build_inline()
    assert all(marked(out, rel) for rel in pages)
    assert (out / "style.css").read_text(encoding="utf-8").endswith(".changed { color: red }\n")


def test_the_theme_installed_elsewhere_makes_no_page_again(project: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """site-builder installed at another path (another checkout, another virtualenv), the
    same code and theme: a rebuild after one edit makes the pages that edit changes, not
    every page (the templates are fingerprinted by their layer, not by where it is)."""
    made: list[str] = []
    write_page = OutputTree.write_page
    monkeypatch.setattr(OutputTree, "write_page", lambda self, rel, *args: (made.append(rel),
                                                                            write_page(self, rel, *args)))

    def build_with_theme_at(theme: Path) -> None:  # in this process, which sees the theme there
        shutil.copytree(THEME, theme)
        monkeypatch.setattr(layers, "THEME_TEMPLATES", theme / "templates")
        monkeypatch.setattr(layers, "THEME_STATIC", theme / "static")
        build(load_config(project), Reporter(stream=None), jobs=1)

    build_with_theme_at(tmp_path / "one")
    write(project, "d05.md", doc(5, body="新增的一句话。"))
    made.clear()
    build_with_theme_at(tmp_path / "two")
    assert "articles/d05/index.html" in made
    assert "articles/d04/index.html" not in made and "tags/共同/index.html" not in made
    assert len(made) < 10


def test_a_project_copied_elsewhere_with_its_cache_makes_no_page_again(tmp_path: Path) -> None:
    """The project's folder copied to another path with its output and cache (another
    checkout, a CI runner's workspace with the cache restored, a folder renamed): its build
    writes no file, the cache's keys naming the project's folders by their place in it;
    then an edit there makes the pages it changes, and the site is a cold build's."""
    first = make_project(tmp_path / "one", files(), seeds=True)  # search on: its shards are kept too
    assert build_project(first).reporter.errors == []
    there = tmp_path / "elsewhere" / "kb"
    shutil.copytree(first, there, symlinks=True)  # the files' times too, as a restored cache keeps them
    again = build_project(there)
    assert again.reporter.errors == []
    assert again.report.written == []
    assert snapshot(again.out) == snapshot(first / "public")
    write(there, "d05.md", doc(5, body="新增的一句话。"))
    edited = build_project(there)
    assert "articles/d05/index.html" in edited.report.written
    assert "articles/d04/index.html" not in edited.report.written
    assert snapshot(edited.out) == cold(there, tmp_path)


def test_a_cache_of_the_earlier_names_is_adopted(project: Path, tmp_path: Path) -> None:
    """A cache made before the output folder's manifest and views were named by its place in
    the project (by its path on the disk): a build renames them and keeps the pages they list,
    or removes them when this version's are there too (the views are a copy of every page)."""
    cache, output = project / ".cache", (project / "public").resolve()
    earlier = digest(str(output).encode())
    now = BuildCache(cache).manifest_path(output).name.removeprefix("manifest-").removesuffix(".msgpack")
    (cache / f"views-{now}").mkdir(exist_ok=True)  # the fixture builds without search: a view made by hand
    (cache / f"views-{now}" / "0.json").write_text("[]")
    for name in (f"manifest-{now}.msgpack", f"manifest-{now}.last", f"manifest-{now}.files", f"views-{now}"):
        (cache / name).rename(cache / name.replace(now, earlier))
    write(project, "d05.md", doc(5, body="新增的一句话。"))
    site = build_project(project)
    assert "articles/d05/index.html" in site.report.written
    assert len(html_pages(site)) < 10  # not every page: the earlier manifest was read
    assert not list(cache.glob(f"*{earlier}*"))
    assert (cache / f"views-{now}" / "0.json").is_file()
    assert snapshot(site.out) == cold(project, tmp_path)
    # one name of the earlier kind alone (renamed again), two beside this version's (removed)
    (cache / f"manifest-{now}.last").rename(cache / f"manifest-{earlier}.last")
    shutil.copy(cache / f"manifest-{now}.msgpack", cache / f"manifest-{earlier}.msgpack")
    (cache / f"views-{earlier}").mkdir()
    build_project(project)
    assert not list(cache.glob(f"*{earlier}*"))
    assert (cache / f"manifest-{now}.last").is_file() and (cache / f"views-{now}").is_dir()


def test_a_rebuild_after_many_kinds_of_edit_equals_a_cold_build(project: Path, tmp_path: Path) -> None:
    write(project, "d01.md", doc(1, body="正文改了。"))
    write(project, "d02.md", doc(2, tags="新标签"))
    write(project, "d03.md", doc(3, date="2026-03-01"))  # moves to the top of every list
    write(project, "d20.md", doc(20))  # a new document
    (project / "content/d04.md").unlink()
    first = build_project(project)
    assert first.reporter.errors == []
    assert snapshot(first.out) == cold(project, tmp_path)
    write(project, "d03.md", doc(3))  # and back
    again = build_project(project)
    shutil.rmtree(tmp_path / "cold")
    assert snapshot(again.out) == cold(project, tmp_path)


def test_a_page_gone_from_the_output_folder_is_written_again(project: Path) -> None:
    """Someone deleted a page from public/ by hand; the next rebuild (for another reason)
    writes it again even though nothing it is made of changed."""
    (project / "public/articles/d01/index.html").unlink()
    write(project, "d05.md", doc(5, body="另一处修改。"))
    site = build_project(project)
    assert "articles/d01/index.html" in site.report.written
    assert "文档1" in (site.out / "articles/d01/index.html").read_text(encoding="utf-8")


def test_a_page_gone_from_the_output_folder_is_written_again_when_nothing_else_changed(project: Path) -> None:
    """The same, with no other change: the build is not a no-op (which would leave the site
    without the page), and the build after it is one again."""
    before = (project / "public/articles/d01/index.html").read_bytes()
    (project / "public/articles/d01/index.html").unlink()
    site = build_project(project)
    assert site.report.written == ["articles/d01/index.html"]
    assert (site.out / "articles/d01/index.html").read_bytes() == before
    again = build_project(project)
    assert again.report.phases.keys() == {"up to date"} and not again.report.written


def test_swapping_the_slugs_of_two_documents_that_share_a_tag_relinks_the_tag_page(project: Path,
                                                                                    tmp_path: Path) -> None:
    """The tag page lists both documents with the same cards as before, in the same order:
    only their links changed. Each title must lead to its own document's page."""
    write(project, "d00.md", doc(0).replace("title: 文档0\n", "title: 文档0\nslug: one\n"))
    write(project, "d03.md", doc(3).replace("title: 文档3\n", "title: 文档3\nslug: two\n"))
    build_project(project)
    write(project, "d00.md", doc(0).replace("title: 文档0\n", "title: 文档0\nslug: two\n"))
    write(project, "d03.md", doc(3).replace("title: 文档3\n", "title: 文档3\nslug: one\n"))
    site = build_project(project)
    links = {}
    for n in (1, 2, 3, 4, 5):  # every page of the tag both carry (page_size 3)
        page = site.out / ("tags/t0/index.html" if n == 1 else f"tags/t0/page/{n}/index.html")
        if page.exists():
            links.update({a.get_text(strip=True): a["href"]
                          for a in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
                          .select("a.doc-title")})
    assert links["文档0"] == "/articles/two/" and links["文档3"] == "/articles/one/"
    for title, href in links.items():  # and each link leads to that document's page
        target = BeautifulSoup((site.out / href.strip("/") / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert target.h1.get_text(strip=True) == title
    assert snapshot(site.out) == cold(project, tmp_path)


def test_a_featured_image_added_to_static_after_its_document_shows_as_a_cold_build_shows_it(
        project: Path, tmp_path: Path) -> None:
    write(project, "d07.md", doc(7).replace("title: 文档7\n", "title: 文档7\nfeatured_image: /img/cover.png\n"))
    site = build_project(project)
    assert "d07.md: warning: missing image /img/cover.png" in [str(d) for d in site.reporter.items]
    assert site.page("/articles/d07/").select("img.featured") == []
    (project / "static/img").mkdir(parents=True)
    (project / "static/img/cover.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # the document itself is unchanged
    again = build_project(project)
    assert not [d for d in again.reporter.items if "missing image /img/cover.png" in str(d)]
    assert [img["src"] for img in again.page("/articles/d07/").select("img.featured")] == ["/img/cover.png"]
    assert snapshot(again.out) == cold(project, tmp_path)


def test_a_document_edited_remakes_only_the_page_of_each_list_it_is_on(project: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A long list (a tag's, an entity's) whose order and length stay as they were: the
    page that shows the edited document is made again, its other pages are kept without
    being made (pages.PageMaker._paged), and the site is the cold build's."""
    made: list[str] = []  # pages rendered
    looked_at: list[str] = []  # pages fingerprinted one by one (to be kept or made)
    write_page, page = OutputTree.write_page, PageMaker.page
    monkeypatch.setattr(OutputTree, "write_page", lambda self, rel, *args: (made.append(rel),
                                                                            write_page(self, rel, *args)))
    monkeypatch.setattr(PageMaker, "page", lambda self, item, here=False: (looked_at.append(item.rel),
                                                                           page(self, item, here)))
    # newest first, three a page: d05 is the 7th of the 12 that carry 共同 (its 3rd page)
    # and the 4th of OpenAI's six, the odd ones (its 2nd page); its card (a new title) and
    # its mention's sentence (a new body) changed
    write(project, "d05.md", doc(5, body="新增的一句话。").replace("title: 文档5", "title: 文档5（修订）"))
    site = build_project(project)
    assert "文档5（修订）" in (site.out / "tags/共同/page/3/index.html").read_text(encoding="utf-8")
    for pages in (made, looked_at):
        assert [rel for rel in pages if rel.startswith("tags/共同/")] == ["tags/共同/page/3/index.html"]
        assert [rel for rel in pages if rel.startswith("companies/openai/")] == ["companies/openai/page/2/index.html"]
    assert snapshot(site.out) == cold(project, tmp_path)
    made.clear()
    write(project, "d05.md", doc(5, body="新增的一句话。", date="2026-01-01"))  # now first: the order changed
    site = build_project(project)
    assert {"tags/共同/index.html", "tags/共同/page/3/index.html"} <= set(made)
    shutil.rmtree(tmp_path / "cold")
    assert snapshot(site.out) == cold(project, tmp_path)


def test_an_edit_that_changes_no_mention_leaves_the_entity_pages_unmade(project: Path, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """An entity page lists a document by its card and the mention it shows: a paragraph
    added that names no entity makes none of the pages of the entities the document names
    again; a change to the sentence an entity page quotes makes that page again, and shows."""
    made: list[str] = []  # pages rendered
    write_page = OutputTree.write_page
    monkeypatch.setattr(OutputTree, "write_page", lambda self, rel, *args: (made.append(rel),
                                                                            write_page(self, rel, *args)))
    entity_pages = ("companies/", "people/", "products/", "topics/")
    # d05 names OpenAI (the 4th of its six documents, newest first: its page 2 at three a page)
    write(project, "d05.md", doc(5).replace("\n\n另一段文字", "\n\n新加的一段，没有提到任何公司。\n\n另一段文字"))
    site = build_project(project)
    assert "articles/d05/index.html" in made
    assert [rel for rel in made if rel.startswith(entity_pages)] == []
    assert snapshot(site.out) == cold(project, tmp_path)
    made.clear()
    write(project, "d05.md", doc(5).replace("发布了新的模型", "发布了更新的模型"))
    site = build_project(project)
    assert [rel for rel in made if rel.startswith("companies/openai/")] == ["companies/openai/page/2/index.html"]
    page = BeautifulSoup((site.out / "companies/openai/page/2/index.html").read_text(encoding="utf-8"), "html.parser")
    assert any("发布了更新的模型" in quote.get_text() for quote in page.select("blockquote.context"))
    shutil.rmtree(tmp_path / "cold")
    assert snapshot(site.out) == cold(project, tmp_path)


def test_document_pages_are_kept_by_their_group_unless_what_they_read_changed(project: Path, tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Document pages are fingerprinted in groups first (emitters/documents.py): an edit of
    one document's body looks at the pages of its group alone, and keeps the other groups'
    with one comparison each; an edit another document's page reads (a title in the lists
    its related documents come from) looks at every page again. Each time the site is the
    cold build's."""
    from site_builder.emitters import documents

    monkeypatch.setattr(documents, "GROUPS", 3)
    group_of = {f"articles/d{i:02d}/index.html": documents.zlib.crc32(f"d{i:02d}.md".encode()) % 3 for i in range(N)}
    write(project, "d05.md", doc(5, body="先改一次。"))
    build_project(project)  # a build that is no no-op: it keeps the groups' fingerprints
    looked_at: list[str] = []  # pages fingerprinted one by one (to be kept or made)
    page = PageMaker.page
    monkeypatch.setattr(PageMaker, "page", lambda self, item, here=False: (looked_at.append(item.rel),
                                                                           page(self, item, here)))
    write(project, "d05.md", doc(5, body="新增的一句话。"))
    site = build_project(project)
    assert "新增的一句话" in (site.out / "articles/d05/index.html").read_text(encoding="utf-8")
    articles = [rel for rel in snapshot(site.out) if rel.startswith("articles/") and rel.endswith("/index.html")]
    ours = [rel for rel in looked_at if rel in group_of]  # of the documents written here (the seeds' too)
    edited = group_of["articles/d05/index.html"]
    assert sorted(ours) == sorted(rel for rel, group in group_of.items() if group == edited)
    assert 0 < len([rel for rel in looked_at if rel.startswith("articles/")]) < len(articles)
    assert snapshot(site.out) == cold(project, tmp_path)
    looked_at.clear()
    write(project, "d07.md", doc(7).replace("title: 文档7", "title: 文档7（修订）"))
    site = build_project(project)
    assert sorted(rel for rel in looked_at if rel.startswith("articles/")) == sorted(articles)
    assert any("文档7（修订）" in (site.out / rel).read_text(encoding="utf-8")
               for rel in group_of if rel != "articles/d07/index.html")  # another page's related documents
    shutil.rmtree(tmp_path / "cold")
    assert snapshot(site.out) == cold(project, tmp_path)


def test_the_helper_names_the_files_of_the_last_build_that_are_still_there(tmp_path: Path) -> None:
    """presence.py looks, in a process of its own, for every file the listing names: those
    deleted since (a page, a file in a folder whose name is not ASCII) are not found."""
    folder = tmp_path / "public"
    names = ["index.html", "articles/d01/index.html", "tags/人工智能/index.html", "a b/c.txt", "gone.html"]
    for name in names:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("x")
    listing = tmp_path / "files.list"
    listing.write_bytes("".join(f"{n}\0" for n in names).encode())
    (folder / "gone.html").unlink()
    (folder / "tags/人工智能/index.html").unlink()
    assert Presence(folder, listing).found() == {"index.html", "articles/d01/index.html", "a b/c.txt"}
    assert Presence(folder, tmp_path / "no such list").found() is None  # then the build looks itself


def test_a_rebuild_keeps_only_the_pages_the_helper_found(project: Path) -> None:
    """The output tree asks the helper once and believes it: a page the listing names but
    the folder lacks is written again, one there is kept, and one the helper could not
    answer for is looked for on disk."""
    out = project / "public"
    listing = project / "listing"
    listing.write_bytes(b"index.html\0articles/d01/index.html\0")
    (out / "articles/d01/index.html").unlink()
    with pytest.raises(InterruptedError), OutputTree(out, presence=Presence(out, listing)) as tree:
        assert tree.on_disk("index.html")
        assert not tree.on_disk("articles/d01/index.html")
        assert not tree.on_disk("articles/d02/index.html")  # there, but the listing does not name it
        raise InterruptedError  # the staged folder is discarded: the site stays as it is
    with pytest.raises(InterruptedError), OutputTree(out, presence=Presence(out, project / "no list")) as tree:
        assert tree.on_disk("articles/d02/index.html") and not tree.on_disk("articles/d01/index.html")
        raise InterruptedError
    assert (out / "index.html").is_file() and not list(project.glob(".public.new-*"))
