"""Where a collection's pages and the files beside them end up (issue 24): `url:`/`permalink:`
as a redirect or as the page's own address (site.yaml `permalinks`), images and files beside
documents copied next to the page that shows them, and links in trusted raw HTML resolved as
Markdown links are. Checked on the built site as a reader meets it: each link followed to
the page or file it opens, at the address it is meant to have."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from site_builder.config import ConfigError, load_config
from tests.conftest import Built, build_project, cold, make_project, snapshot

BASE = "/kb/"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
PNG2 = PNG.replace(b"\x54\xa2\x4f\x5d", b"\x54\xa2\x4f\x5e")
PNG3 = PNG.replace(b"\x54\xa2\x4f\x5d", b"\x54\xa2\x4f\x5f")

# a Jekyll post with a permalink, a Hugo page with url:, one whose url: is a page of the
# site's own, two that want the same address, and a post linking them by file and address
ADDRESSED = {
    "_posts/2016-12-31-hello.md": "---\ntitle: Hello\npermalink: /2016/12/31/hello.html\n---\nHello.\n",
    "docs/guide.md": "---\ntitle: Guide\nurl: /doc/guide/\n---\n## Part\n\nThe guide.\n",
    "docs/tagged.md": "---\ntitle: Tagged\nurl: /tags/\n---\nText.\n",
    "docs/first.md": "---\ntitle: First\nurl: /same/\n---\nText.\n",
    "docs/second.md": "---\ntitle: Second\nurl: /same/\n---\nText.\n",
    "links.md": """---
title: Links
---
[by file](_posts/2016-12-31-hello.md), [by address](/2016/12/31/hello.html),
[guide by file](docs/guide.md#part), [guide by address](/doc/guide/).
""",
}

# images and files beside documents, as Hugo, Hexo and a plain folder keep them
BESIDE = {
    "posts/bundle/index.md": "---\ntitle: Bundle\n---\n![pic](pic.png) [the data](data/table.csv)\n",
    "posts/bundle/pic.png": PNG,
    "posts/bundle/data/table.csv": b"a,b\n1,2\n",
    "_posts/hexo.md": "---\ntitle: Hexo\n---\n{% asset_img pic.png From the folder %}\n\n"
                      "![beside](beside.png) ![below](img/below.png) ![cased](PIC.PNG)\n\n"
                      "![missing](nope.png) ![out](../../../etc/hostname)\n",
    "_posts/hexo/pic.png": PNG2,
    "_posts/beside.png": PNG3,
    "_posts/img/below.png": PNG,
}


def project(tmp: Path, files: dict, config: str = "") -> Path:
    root = make_project(tmp, files, base_url=f"https://example.org{BASE}")
    (root / "site.yaml").write_text((root / "site.yaml").read_text(encoding="utf-8") + "search: false\n" + config,
                                    encoding="utf-8")
    return root


def page(built: Built, url: str) -> BeautifulSoup:
    return BeautifulSoup(served(built, url).read_text(encoding="utf-8"), "html.parser")


def served(built: Built, url: str) -> Path:
    """The output file a URL of the site opens (it must have one)."""
    path = unquote(urlsplit(url).path)
    assert path.startswith(BASE), url
    target = built.out / path[len(BASE):]
    target = target / "index.html" if path.endswith("/") else target
    assert target.is_file(), f"{url} opens nothing"
    return target


def body_link(soup: BeautifulSoup, text: str, page_url: str) -> str:
    """The absolute path the body's link with this text opens."""
    link = soup.select_one(".doc-body").find("a", string=text)
    assert link is not None, text
    return urljoin(page_url, link["href"])


def images(soup: BeautifulSoup, page_url: str) -> dict[str, str]:
    return {img["alt"]: urljoin(page_url, img["src"]) for img in soup.select(".doc-body img")}


def said(built: Built) -> list[str]:
    return [str(d) for d in built.reporter.items]


def title(soup: BeautifulSoup) -> str:
    return soup.h1.get_text(strip=True)


# --------------------------------------------------------------------- url: / permalink:


def test_permalinks_redirect_to_the_articles_page_by_default(tmp_path: Path) -> None:
    built = build_project(project(tmp_path, ADDRESSED))
    hello = page(built, BASE + "articles/hello/")
    assert title(hello) == "Hello"
    old = page(built, BASE + "2016/12/31/hello.html")
    assert old.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url={BASE}articles/hello/"
    links = page(built, BASE + "articles/links/")
    assert body_link(links, "by address", BASE + "articles/links/") == f"{BASE}articles/hello/"


def test_permalinks_as_the_pages_address(tmp_path: Path) -> None:
    built = build_project(project(tmp_path, ADDRESSED, "permalinks: address\n"))
    hello, guide = page(built, BASE + "2016/12/31/hello.html"), page(built, BASE + "doc/guide/")
    assert (title(hello), title(guide)) == ("Hello", "Guide")
    assert not (built.out / "articles/hello").exists() and not (built.out / "articles/guide").exists()
    assert hello.find("link", rel="canonical")["href"] == f"https://example.org{BASE}2016/12/31/hello.html"
    here = BASE + "articles/links/"
    links = page(built, here)
    for text in ("by file", "by address"):
        assert body_link(links, text, here) == f"{BASE}2016/12/31/hello.html"
    for text in ("guide by file", "guide by address"):
        opened = body_link(links, text, here)
        assert title(page(built, opened)) == "Guide"
        assert page(built, opened).find(id=urlsplit(opened).fragment or "main") is not None
    # the archive, the sitemap and the feed list the pages where they are
    archive = page(built, BASE + "articles/")
    assert archive.find("a", string="Hello")["href"] == f"{BASE}2016/12/31/hello.html"
    assert f"https://example.org{BASE}doc/guide/" in (built.out / "sitemap.xml").read_text(encoding="utf-8")


def test_an_address_that_is_a_page_of_the_site_or_taken_is_refused_with_a_warning(tmp_path: Path) -> None:
    built = build_project(project(tmp_path, ADDRESSED, "permalinks: address\n"))
    assert title(page(built, BASE + "articles/tagged/")) == "Tagged"
    assert page(built, BASE + "tags/").h1.get_text(strip=True) != "Tagged"
    assert title(page(built, BASE + "same/")) == "First"
    assert title(page(built, BASE + "articles/second/")) == "Second"
    # one warning each: the address is not tried as a redirect either
    assert [w for w in said(built) if "'/tags/'" in w or "'/same/'" in w] == [
        "docs/second.md: warning: permalink '/same/' is a page of the site already; the page is at /articles/second/",
        "docs/tagged.md: warning: permalink '/tags/' is a page of the site already; the page is at /articles/tagged/"]
    assert "docs/tagged.md: warning: permalink '/tags/' is a page of the site already; the page is at " \
           "/articles/tagged/" in said(built)
    assert "docs/second.md: warning: permalink '/same/' is a page of the site already; the page is at " \
           "/articles/second/" in said(built)


def test_an_address_that_cannot_be_a_path_is_one_warning_and_the_rest_builds(tmp_path: Path) -> None:
    files = {"long.md": "---\ntitle: Long\nurl: /" + "长" * 100 + "/\n---\nText.\n",
             "query.md": "---\ntitle: Query\nurl: /a/?x=1\n---\nText.\n",
             "hidden.md": "---\ntitle: Hidden\npermalink: /.well-known/x\n---\nText.\n",
             "up.md": "---\ntitle: Up\nurl: /a/../../../up/\n---\nText.\n",
             "fine.md": "---\ntitle: Fine\nurl: /fine/\n---\nText.\n"}
    built = build_project(project(tmp_path, files, "permalinks: address\n"))
    assert title(page(built, BASE + "fine/")) == "Fine"
    for name in ("long", "query", "hidden", "up"):
        assert title(page(built, f"{BASE}articles/{name}/")) == name.title()
        assert len([w for w in said(built) if w.startswith(f"{name}.md:")]) == 1
    assert not (tmp_path / "up").exists() and not (built.out.parent / "up").exists()


def test_a_wrong_permalinks_value_is_an_error_at_its_line(tmp_path: Path) -> None:
    root = project(tmp_path, {"a.md": "# A\n"}, "permalinks: keep\n")
    with pytest.raises(ConfigError) as raised:
        load_config(root)
    line = (root / "site.yaml").read_text(encoding="utf-8").splitlines().index("permalinks: keep") + 1
    assert f"site.yaml:{line}: error: permalinks must be redirect or address, not 'keep'" in str(raised.value)


def test_switching_permalinks_rebuilds_as_a_cold_build(tmp_path: Path) -> None:
    root = project(tmp_path / "p", ADDRESSED)
    build_project(root)
    (root / "site.yaml").write_text((root / "site.yaml").read_text(encoding="utf-8") + "permalinks: address\n",
                                    encoding="utf-8")
    built = build_project(root)
    assert snapshot(built.out) == cold(root, tmp_path)
    assert title(page(built, BASE + "2016/12/31/hello.html")) == "Hello"


# --------------------------------------------------------------------- files beside documents


@pytest.fixture(scope="module")
def beside(tmp_path_factory) -> Built:
    return build_project(project(tmp_path_factory.mktemp("beside"), BESIDE))


def test_a_page_bundles_files_are_next_to_its_page(beside: Built) -> None:
    here = BASE + "articles/bundle/"
    soup = page(beside, here)
    assert images(soup, here) == {"pic": here + "pic.png"}
    assert served(beside, here + "pic.png").read_bytes() == PNG
    assert body_link(soup, "the data", here) == here + "data/table.csv"
    assert served(beside, here + "data/table.csv").read_bytes() == b"a,b\n1,2\n"


def test_a_hexo_asset_folder_and_the_files_beside_a_post_are_next_to_its_page(beside: Built) -> None:
    here = BASE + "articles/hexo/"
    shown = images(page(beside, here), here)
    folder = shown["From the folder"]
    assert folder == here + "pic.png" and served(beside, folder).read_bytes() == PNG2
    assert shown["beside"] == here + "beside.png" and served(beside, shown["beside"]).read_bytes() == PNG3
    assert shown["below"] == here + "img/below.png" and served(beside, shown["below"]).read_bytes() == PNG


def test_an_image_in_another_case_is_found_with_a_warning_and_a_missing_one_named_with_its_line(
        beside: Built) -> None:
    here = BASE + "articles/hexo/"
    shown = images(page(beside, here), here)
    assert shown["cased"] == here + "pic.png" and served(beside, shown["cased"]).read_bytes() == PNG2
    assert "_posts/hexo.md:6: warning: '_posts/hexo/PIC.PNG' differs in case from the file '_posts/hexo/pic.png'; " \
           "linked to it" in said(beside)
    assert "_posts/hexo.md:8: warning: missing image nope.png" in said(beside)
    assert "_posts/hexo.md:8: warning: missing image ../../../etc/hostname" in said(beside)
    # nothing outside the content folder is copied: the page's folder holds what it shows
    assert sorted(p.name for p in (beside.out / "articles/hexo").rglob("*") if p.is_file()) == \
        ["below.png", "beside.png", "index.html", "pic.png"]


def test_files_beside_a_document_with_its_own_address_are_next_to_that_page(tmp_path: Path) -> None:
    files = {**BESIDE, "posts/bundle/index.md": "---\ntitle: Bundle\nurl: /2020/bundle.html\n---\n![pic](pic.png)\n"}
    built = build_project(project(tmp_path, files, "permalinks: address\n"))
    here = BASE + "2020/bundle.html"
    (src,) = images(page(built, here), here).values()
    assert src == BASE + "2020/bundle/pic.png" and served(built, src).read_bytes() == PNG


def test_a_changed_renamed_or_removed_file_beside_a_document_rebuilds_as_a_cold_build(tmp_path: Path) -> None:
    root = project(tmp_path / "p", BESIDE)
    build_project(root)
    content = root / "content"
    (content / "_posts/hexo/pic.png").write_bytes(PNG3)  # changed
    (content / "_posts/img/below.png").rename(content / "_posts/img/under.png")  # renamed: below is now missing
    (content / "_posts/beside.png").unlink()
    (content / "_posts/nope.png").write_bytes(PNG)  # the missing one added
    built = build_project(root)
    assert snapshot(built.out) == cold(root, tmp_path)
    here = BASE + "articles/hexo/"
    shown = images(page(built, here), here)
    assert served(built, shown["From the folder"]).read_bytes() == PNG3
    assert served(built, shown["missing"]).read_bytes() == PNG
    assert not (built.out / "articles/hexo/beside.png").exists() and not (built.out / "articles/hexo/img").exists()


# --------------------------------------------------------------------- trusted raw HTML


def test_links_in_trusted_raw_html_open_what_they_name(tmp_path: Path) -> None:
    files = {
        "posts/a.md": '---\ntitle: A\n---\nSee <a href="b.md#end" class="x">B inline</a>.\n\n'
                      '<div class="box">\n<p><a href="../docs/c.md">C in a block</a>\n'
                      '<img src="a/pic.png" alt="pic" width="10"></p>\n'
                      '<a href="nowhere.md">nowhere</a> <a href="https://example.com/">out</a>\n</div>\n',
        "posts/a/pic.png": PNG,
        "posts/b.md": "---\ntitle: B\n---\n## End\n",
        "docs/c.md": "---\ntitle: C\n---\nC.\n",
    }
    built = build_project(project(tmp_path, files, "allow_html: trust\n"))
    here = BASE + "articles/a/"
    soup = page(built, here)
    inline = body_link(soup, "B inline", here)
    assert title(page(built, inline)) == "B" and page(built, inline).find(id=urlsplit(inline).fragment)
    assert soup.find("a", string="B inline")["class"] == ["x"]  # the rest of the tag as written
    assert title(page(built, body_link(soup, "C in a block", here))) == "C"
    img = soup.select_one(".doc-body div.box img")
    assert img["width"] == "10" and served(built, urljoin(here, img["src"])).read_bytes() == PNG
    assert body_link(soup, "out", here) == "https://example.com/"
    assert "posts/a.md:9: warning: link 'nowhere.md' resolves to no document or file" in said(built)
