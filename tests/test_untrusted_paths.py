"""Untrusted content, paths: slugs and file names cannot place a page outside the output
folder, two documents never share an address (the later one is disambiguated, with a
warning), a symlink leading out of content/ is not read, and every link of the built site
resolves."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.link_checker import check_links
from site_builder.output import OutputError, OutputTree, _all_plain, _check
from tests.conftest import Built, build_project, make_project

NFC, NFD = unicodedata.normalize("NFC", "café"), unicodedata.normalize("NFD", "café")
SECRET = "TOP-SECRET-CONTENT"
LONG = "长" * 77 + "-e84371bb"  # cut to 240 bytes of UTF-8 (77 CJK characters) with a hash of the whole


def doc(title: str, slug: str | None = None, body: str = "Text.") -> str:
    return f"---\ntitle: {title}\n" + (f"slug: '{slug}'\n" if slug is not None else "") + f"---\n{body}\n"


FILES: dict[str, str | bytes] = {
    "up.md": doc("Up", "../../x"),
    "absolute.md": doc("Absolute", "/etc/passwd"),
    "backslash.md": doc("Backslash", "..\\..\\win"),
    "dots.md": doc("Dots", ".."),
    "upper.md": doc("Upper", "Same"),
    "v-lower.md": doc("Lower", "same"),
    "w-nfc.md": doc("NFC", NFC),
    "x-nfd.md": doc("NFD", NFD),
    "dup.md": doc("Dup one", "dup"),
    "sub/dup.md": doc("Dup two", "dup"),
    "sub/deeper/dup.md": doc("Dup three"),
    "with space.md": doc("Space"),
    "hash#1.md": doc("Hash"),
    "q?.md": doc("Question"),
    "pct%41.md": doc("Percent"),
    "con.md": doc("Windows device name"),
    "long.md": doc("Long", "长" * 200),
    "tags.md": "---\ntitle: Tags\ntags: [../../etc, ., .., /, A/B, con, '%2e%2e', 'Tag', 'tag']\n---\nx\n",
    "img #1.png": b"\x89PNG\r\n\x1a\n",
    "links.md": doc("Links", body=(
        "[up](/articles/x/) [abs](/articles/etc-passwd/) [space](/articles/with-space/) "
        f"[nfc](/articles/{NFC}/) [nfd](/articles/{NFC}-2/) [dup](/articles/dup-3/) [hash](/articles/hash-1/) "
        "[q](/articles/q/) [pct](/articles/pct-41/) [tag](/tags/etc/) [con](/articles/con-/) "
        "![img](/img%20%231.png)")),
    "people/Foo.md": "---\nname: Foo Upper\n---\n",
    "people/foo.md": "---\nname: Foo Lower\n---\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Built:
    base = tmp_path_factory.mktemp("paths")
    outside = base / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text(f"---\ntitle: Secret\n---\n{SECRET}\n", encoding="utf-8")
    (outside / "secret.meta.yaml").write_text(f"summary: {SECRET}\n", encoding="utf-8")
    (outside / "person.md").write_text(f"---\nname: {SECRET}\n---\n", encoding="utf-8")
    (outside / "secret.png").write_bytes(SECRET.encode())
    project = make_project(base / "project", FILES)
    content = project / "content"
    os.symlink(outside / "secret.md", content / "leak.md")
    (content / "inner.md").write_text(doc("Inner"), encoding="utf-8")
    os.symlink(content / "inner.md", content / "inner-link.md")  # inside content/: read
    (content / "side.md").write_text(doc("Side"), encoding="utf-8")
    os.symlink(outside / "secret.meta.yaml", content / "side.meta.yaml")
    os.symlink(outside / "person.md", content / "people/leak.md")
    os.symlink(outside / "secret.png", content / "leak.png")
    os.symlink(outside, content / "leak-folder")
    return build_project(project)


def test_every_document_has_its_own_page_inside_articles(site: Built) -> None:
    assert {p.name for p in (site.out / "articles").iterdir() if p.is_dir()} - {"page"} == {
        "x", "etc-passwd", "win", "document", "same", "same-2", NFC, f"{NFC}-2", "dup", "dup-2", "dup-3",
        "with-space", "hash-1", "q", "pct-41", "con-", LONG, "tags", "links",
        "inner", "inner-link", "side"}
    assert site.page(f"articles/{NFC}-2/").select_one("h1").get_text() == "NFD"
    assert len(LONG.encode()) == 240


def test_collisions_are_warnings_naming_the_new_address(site: Built) -> None:
    warnings = [str(d) for d in site.reporter.warnings if "symlink" not in d.message]
    assert warnings == [  # and no "missing image" for the %-encoded one: it is found
        "people/foo.md: warning: slug 'foo' is taken by people/Foo.md; using 'foo-2'",
        "sub/deeper/dup.md: warning: slug 'dup' is taken by another document; using 'dup-2'",
        "sub/dup.md: warning: slug 'dup' is taken by another document; using 'dup-3'",
        "v-lower.md: warning: slug 'same' is taken by another document; using 'same-2'",
        f"x-nfd.md: warning: slug '{NFC}' is taken by another document; using '{NFC}-2'",
    ]
    assert site.reporter.errors == []


def test_symlinks_out_of_content_are_not_read(site: Built) -> None:
    warnings = {str(d) for d in site.reporter.warnings}
    for rel in ("leak.md", "side.meta.yaml", "people/leak.md"):
        assert f"{rel}: warning: a symlink to a file outside the content folder; not read" in warnings
    published = [p for p in site.out.rglob("*") if p.is_file() and SECRET.encode() in p.read_bytes()]
    assert published == []
    assert not (site.out / "leak.png").exists() and not (site.out / "leak-folder").exists()


def test_tags_from_paths_are_plain_slugs(site: Built) -> None:
    tags = {p.name for p in (site.out / "tags").iterdir()}
    # ".", ".." and "/" have no letters: they share the fallback slug; Tag and tag are one tag
    assert tags == {"index.html", "etc", "tag", "a-b", "con-", "2e-2e"}


def test_the_people_pages_keep_both_entities(site: Built) -> None:
    assert site.page("people/foo/").select_one("h1").get_text() == "Foo Upper"
    assert site.page("people/foo-2/").select_one("h1").get_text() == "Foo Lower"


def test_every_link_resolves(site: Built) -> None:
    assert [str(d) for d in check_links(site.out, "/")] == []
    assert (site.out / "img #1.png").is_file()


def test_nothing_is_written_outside_the_output_folder(site: Built) -> None:
    project = site.config.root
    assert sorted(p.name for p in project.iterdir()) == [".cache", "content", "public", "site.yaml"]
    assert sorted(p.name for p in project.parent.iterdir()) == ["outside", "project"]
    assert [p for p in site.out.rglob("*") if p.is_symlink()] == []


@pytest.mark.parametrize("rel", ["../x", "/etc/passwd", "a/../../x", "a//b", "a\\b", "", "a/./b", "x\0y"])
def test_output_tree_refuses_paths_that_leave_it(tmp_path: Path, rel: str) -> None:
    with OutputTree(tmp_path / "public") as out, pytest.raises(OutputError):
        out.write_text(rel, "x")
    assert list(tmp_path.iterdir()) == []  # no site before, none after, no temporary folder left


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["", ".", "..", "a", "b.html", "é", "c\\d", "e\0", "f\n", "\n", " "]),
                         min_size=1, max_size=4).map("/".join), min_size=1, max_size=5))
def test_the_bulk_check_of_kept_paths_passes_none_that_check_refuses(rels: list[str]) -> None:
    """A rebuild checks the paths it keeps all at once (output._all_plain) and skips the
    check of each: it must find every path the check of one path refuses, whatever the
    others next to it (a newline inside a path included); plain paths pass it."""
    def refused(rel: str) -> bool:
        try:
            _check(rel)
        except OutputError:
            return True
        return False

    if _all_plain(rels):
        assert not any(map(refused, rels))
    assert _all_plain(["index.html", "articles/a/index.html", "pagefind/fragment/x.pf_fragment",
                       "标签/开源/index.html"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["a", "A", "b", "é", "e\u0301", "É", "ß", "ss", "x.html", "X.HTML"]),
                         min_size=1, max_size=3).map("/".join).map(lambda rel: rel + "/index.html"),
                min_size=1, max_size=6, unique=True))
def test_two_files_are_refused_exactly_when_they_fold_to_one(tmp_path_factory: pytest.TempPathFactory,
                                                             rels: list[str]) -> None:
    """Paths that macOS or Windows would take for one file (case, Unicode forms) are refused
    however they come, folded or not, first or second; any others are all written. (The tree
    keeps folded only the paths that folding changes.)"""
    def fold(rel: str) -> str:
        return unicodedata.normalize("NFC", rel).casefold()

    clash = len({fold(r) for r in rels}) < len(rels)
    with OutputTree(tmp_path_factory.mktemp("out") / "public") as out:
        refused = False
        for i, rel in enumerate(rels):
            assert out.taken(rel) == (fold(rel) in {fold(r) for r in rels[:i]})
            try:
                out.write_text(rel, "x")
            except OutputError as exc:
                assert "differ only by case" in str(exc)
                refused = True
                break
    assert refused == clash
