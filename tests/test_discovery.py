"""Entities found in the content: bracketed alias pairs, `entities add`, `entities:
{discover: N}` pages (unreviewed, out of the sitemap, linked from documents), the `ignore`
list, the products kind and a kind of the site's own, all as a reader sees the built HTML."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from site_builder.cli import main
from site_builder.config import load_config
from site_builder.i18n import strings
from site_builder.suggest import find_suggestions
from tests.conftest import Built, build_project, cold, make_project, snapshot

UNREVIEWED = strings("zh-CN")["unreviewed"]


def doc(title: str, body: str) -> str:
    return f"---\ntitle: {title}\ndate: 2025-01-02\n---\n{body}\n"


NEWS = {
    "a.md": doc("一", "月之暗面（Moonshot AI）发布了新模型。英伟达首席执行官黄仁勋（Jensen Huang）表示，需求很大。\n\n"
                     "王小明表示，公司会继续投入。"),
    "b.md": doc("二", "Moonshot AI 的模型很快。黄仁勋指出，芯片供不应求。王小明认为这是好事。"),
    "c.md": doc("三", "李大为表示，他看好这个方向。"),
}


def discovering(tmp_path: Path, extra: str = "", files: dict[str, str] | None = None) -> Path:
    project = make_project(tmp_path, {**NEWS, **(files or {})})
    with (project / "site.yaml").open("a", encoding="utf-8") as config:
        config.write("entities:\n  discover: 2\n" + extra)
    return project


def entity_links(built: Built, article: str) -> dict[str, str]:
    """Entity name -> href of the links in an article's body."""
    body = built.page(f"articles/{article}/").find(class_="doc-body")
    return {a.get_text(): a["href"] for a in body.select("a.entity")}


def test_a_bracketed_pair_is_one_entity_with_both_names(tmp_path: Path) -> None:
    found = {s.name: s for s in find_suggestions(load_config(make_project(tmp_path, NEWS)))}
    moonshot = next(s for s in found.values() if "月之暗面" in s.names)
    assert set(moonshot.names) == {"月之暗面", "Moonshot AI"}
    assert (moonshot.kind, moonshot.documents) == ("company", 2)
    huang = next(s for s in found.values() if "黄仁勋" in s.names)
    assert set(huang.names) == {"黄仁勋", "Jensen Huang"} and huang.kind == "person"
    assert huang.documents == 2  # 黄仁勋指出 in b.md counts for the same entity
    # one suggestion each: neither form is listed again on its own
    assert sum("Moonshot AI" in s.names for s in found.values()) == 1


def test_entities_add_writes_files_the_next_build_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path, NEWS)
    monkeypatch.chdir(project)
    assert main(["entities", "add", "黄仁勋", "Moonshot AI"]) == 0
    written = capsys.readouterr().out
    assert "content/people/黄仁勋.md" in written
    person = yaml.safe_load((project / "content/people/黄仁勋.md").read_text(encoding="utf-8").split("---")[1])
    assert person == {"name": "黄仁勋", "aliases": ["Jensen Huang"], "description": ""}
    company = next((project / "content/companies").glob("*.md"))
    meta = yaml.safe_load(company.read_text(encoding="utf-8").split("---")[1])
    assert meta["name"] == "Moonshot AI" and meta["aliases"] == ["月之暗面"]
    # a file is never written over, and a name that is no suggestion needs its kind
    assert main(["entities", "add", "黄仁勋"]) == 1
    assert main(["entities", "add", "无名氏"]) == 1
    assert "not among the suggestions" in capsys.readouterr().err

    built = build_project(project)
    links = entity_links(built, "b")
    assert links["黄仁勋"].endswith("/people/黄仁勋/") or "%E9%BB%84" in links["黄仁勋"]
    assert "Moonshot AI" in links
    person_page = built.page("people/黄仁勋/")
    assert person_page.h1.get_text() == "黄仁勋"
    assert UNREVIEWED not in person_page.get_text()  # registered: reviewed


def test_discover_gives_unreviewed_pages_for_names_in_enough_documents(tmp_path: Path) -> None:
    built = build_project(discovering(tmp_path))
    assert built.report.errors == 0
    people = built.page("people/")
    listed = {a.get_text(): a["href"] for a in people.select("a.entity")}
    assert "王小明" in listed and "黄仁勋" in listed
    assert "李大为" not in listed  # one document only
    page = built.page("people/王小明/")
    assert page.h1.get_text() == "王小明"
    assert UNREVIEWED in page.find(class_="unreviewed").get_text()
    # linked from the documents like any entity, and listed there under its kind
    assert "王小明" in entity_links(built, "a") and "王小明" in entity_links(built, "b")
    assert "李大为" not in entity_links(built, "c")
    # out of the sitemap until a writer reviews it
    sitemap = (built.out / "sitemap.xml").read_text(encoding="utf-8")
    assert "/articles/a/" in sitemap and "people/%E7%8E%8B" not in sitemap and "王小明" not in sitemap


def test_a_name_in_enough_documents_gets_a_page_though_one_in_fewer_ranks_before_it(tmp_path: Path) -> None:
    """李大为, three times after a speech verb in one document, ranks before Zorvath Quillane,
    named bare in two (a cue counts as one more document); only Zorvath Quillane is in two."""
    files = {"c.md": doc("三", "李大为表示，他看好这个方向。李大为指出，前景很好。李大为认为会成功。"),
             "d.md": doc("四", "Zorvath Quillane 在会上。"), "e.md": doc("五", "Zorvath Quillane 也来了。")}
    project = discovering(tmp_path, files=files)
    names = [s.name for s in find_suggestions(load_config(project))]
    assert names.index("李大为") < names.index("Zorvath Quillane")
    built = build_project(project)
    listed = {a.get_text() for a in built.page("people/").select("a.entity")}
    assert "Zorvath Quillane" in listed and "李大为" not in listed
    assert "Zorvath Quillane" in entity_links(built, "d")


def test_an_ignored_name_gets_no_page(tmp_path: Path) -> None:
    built = build_project(discovering(tmp_path, "  ignore: [王小明, Jensen Huang]\n"))
    listed = {a.get_text() for a in built.page("people/").select("a.entity")}
    assert "王小明" not in listed and "黄仁勋" not in listed  # an alias hides its entity too
    assert not (built.out / "people/王小明").exists()
    assert "王小明" not in entity_links(built, "a")


def test_a_promoted_entity_loses_its_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = discovering(tmp_path)
    monkeypatch.chdir(project)
    assert main(["entities", "add", "王小明"]) == 0
    page = build_project(project).page("people/王小明/")
    assert page.find(class_="unreviewed") is None


def test_products_have_their_own_index_and_a_kind_of_the_sites_own(tmp_path: Path) -> None:
    files = {
        "products/chatgpt.md": "---\nname: ChatGPT\ndescription: OpenAI 的聊天机器人。\n---\n",
        "events/wwdc.md": "---\nname: WWDC\n---\n",
        "p.md": doc("产品", "ChatGPT 的用户很多。苹果在 WWDC 上发布了新系统。"),
    }
    project = make_project(tmp_path, files)
    with (project / "site.yaml").open("a", encoding="utf-8") as config:
        config.write("entities:\n  kinds: [people, companies, products, topics, events]\n")
    built = build_project(project)
    assert built.report.errors == 0
    index = built.page("products/")
    assert index.h1.get_text() == "产品"
    assert [a.get_text() for a in index.select("a.entity")] == ["ChatGPT"]
    assert built.page("products/chatgpt/").find(class_="kind").get_text() == "产品"
    links = entity_links(built, "p")
    assert links["ChatGPT"].endswith("/products/chatgpt/")
    assert links["WWDC"].endswith("/events/wwdc/")
    assert [a.get_text() for a in built.page("events/").select("a.entity")] == ["WWDC"]
    nav = [a["href"] for a in built.page("").select(".site-header nav a")]
    assert any(href.endswith("/products/") for href in nav) and any(href.endswith("/events/") for href in nav)
    # the registry's folders hold no documents
    assert not (built.out / "articles/wwdc").exists()


def test_discovery_incremental_equals_cold(tmp_path: Path) -> None:
    project = discovering(tmp_path / "p")
    build_project(project)
    # a second document names 李大为: he now gets a page, and a.md links him
    (project / "content/d.md").write_text(doc("四", "李大为指出，方向没有错。"), encoding="utf-8")
    built = build_project(project)
    assert (built.out / "people/李大为/index.html").exists()
    assert snapshot(built.out) == cold(project, tmp_path)
    # and back: he loses it
    (project / "content/d.md").unlink()
    built = build_project(project)
    assert not (built.out / "people/李大为").exists()
    assert snapshot(built.out) == cold(project, tmp_path / "again")
