"""Links, files beside documents and shortcodes of collections written for Hugo, Jekyll and
Hexo, built as they are (issue 24, items 2-4): small made-up collections in each
generator's shape, checked on the built site as a reader meets it: each link followed to
the page it opens, each image to the file it shows, the shortcodes and tags rendered (or
reported once and shown as text), `<!--more-->` ending the summary, no comment shown."""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from site_builder.build import build
from site_builder.config import load_config
from site_builder.diagnostics import Reporter
from tests.conftest import Built, build_project, cold, make_project, snapshot

BASE = "/kb/"
# a 1x1 PNG, and another (the bytes tell the images apart)
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
PNG2 = PNG.replace(b"\x54\xa2\x4f\x5d", b"\x54\xa2\x4f\x5e")

HUGO = {
    "posts/a.md": """---
title: Hugo A
---
To [B by ref]({{< ref "b.md" >}}), [C by relref]({{% relref "/posts/c/index.md#part-two" %}}),
[B as a file](b.md), [D up and over](../docs/d.md#deep), [B's old address](/posts/b/),
[C's bundle](c/) and [nowhere](nowhere.md).

{{< highlight python >}}
# not a heading
> not a quote
{{< /highlight >}}

{{< youtube w7Ft2ymGmfc >}}

{{< mywidget x="1" >}}
""",
    "posts/b.md": "---\ntitle: Hugo B\n---\nB's text, <kbd>raw HTML</kbd> and [back to A](a.md). {{< mywidget >}}\n\n"
                  '<p>A link <a href="../docs/d.md">in raw HTML</a></p>\n\n'
                  '<div>\n<a href="gone.md">gone</a>\n<img src="gone.png" alt="gone">\n</div>\n\n'
                  'Then <em>raw</em>\nand <a href="gone.md">gone again</a>.\n',
    "posts/c/index.md": """---
title: Hugo C
featured_image: pic.png
---
![the picture](pic.png)

{{< figure src="pic.png" caption="A **figure**" >}}

<p align="center"><img src="pic.png" alt="in raw HTML"></p>

## Part two

{{</* figure src="shown.png" */>}}
""",
    "posts/c/pic.png": PNG,
    "docs/d.md": "---\ntitle: Hugo D\n---\n## Deep\n\ntext ![escape](../../../etc/hostname)\n",
    "posts/tabs.md": """---
title: Hugo Tabs
---
{{< tabs "Outside" "Inside" >}}
{{% codetab %}}
```bash
hz new
```
{{% /codetab %}}
{{% codetab %}}
Some **text**.
{{% /codetab %}}
{{< /tabs >}}

{{< cardpane >}}
{{< card header="A card" img="c/pic.png" >}}
A card's text. <a href='{{< relref "b.md" >}}'>more about B</a>
{{< /card >}}
{{< /cardpane >}}
""",
}

JEKYLL = {
    "_posts/2016-12-31-hello.md": "---\ntitle: Jekyll Hello\n---\nHello.\n",
    "_posts/2017-01-02-second.md": """---
title: Jekyll Second
---
By [post_url]({% post_url 2016-12-31-hello %}), by [link]({% link _posts/2016-12-31-hello.md %}),
by [old address](/2016/12/31/hello.html), by [baseurl]({{ site.baseurl }}/2016/12/31/hello.html).

![logo]({{ site.baseurl }}/assets/logo.png) ![logo2]({{ "/assets/logo.png" | relative_url }})

{% highlight ruby %}
# a comment, not a heading
puts 1
{% endhighlight %}

Inline `{% raw %}{{ page.title }}{% endraw %}` stays.

{% for post in site.posts %}
# {{ post.title }}
{% endfor %}

{% include footer.html %}

Raw HTML: <img src="{{ site.baseurl }}/assets/logo.png" alt="raw logo">
and <a href="{% post_url 2016-12-31-hello %}">raw post_url</a>.
""",
}

HEXO = {
    "_posts/a.md": """---
title: Hexo A
---
The summary ends here.
<!--more-->
After the fold. <!-- a secret comment -->

<!--
a block comment
-->

{% asset_img pic.png The title %}

![second](pic2.png) ![in case](Pic3.PNG) ![missing](nope.png)

See {% post_link b %} and [B]({% post_url b %}).

{% codeblock lang:js %}
# code
{% endcodeblock %}

{% blockquote Someone, Somewhere %}
Quoted words.
{% endblockquote %}
""",
    "_posts/a/pic.png": PNG,
    "_posts/a/pic2.png": PNG2,
    "_posts/a/pic3.png": PNG,
    "_posts/b.md": "---\ntitle: Hexo B\n---\nB.\n",
}


def project(tmp: Path, files: dict, static: dict | None = None) -> Path:
    root = make_project(tmp, files, base_url=f"https://example.org{BASE}")
    (root / "site.yaml").write_text((root / "site.yaml").read_text(encoding="utf-8") + "search: false\n",
                                    encoding="utf-8")
    for rel, data in (static or {}).items():
        (root / "static" / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / "static" / rel).write_bytes(data)
    return root


def page_of(built: Built, title: str) -> tuple[str, BeautifulSoup]:
    """The URL and parsed page of the document titled title."""
    for path in sorted((built.out / "articles").glob("*/index.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        if soup.h1 and soup.h1.get_text(strip=True) == title:
            return BASE + path.parent.relative_to(built.out).as_posix() + "/", soup
    raise AssertionError(f"no page titled {title!r}")


def served(built: Built, page_url: str, link: str) -> Path | None:
    """The file a link on the page at page_url opens, if the output has it."""
    path = unquote(urlsplit(urljoin(page_url, link)).path)
    if not path.startswith(BASE):
        return None
    target = built.out / path[len(BASE):]
    if path.endswith("/"):
        target = target / "index.html"
    return target if target.is_file() else None


def follow(built: Built, page_url: str, soup: BeautifulSoup, text: str) -> BeautifulSoup:
    """The page the body's link with this text opens (and its #fragment is an id there)."""
    link = soup.select_one(".doc-body").find("a", string=text)
    assert link is not None, text
    target = served(built, page_url, link["href"])
    assert target is not None, f"{text}: {link['href']} opens nothing"
    opened = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
    fragment = unquote(urlsplit(link["href"]).fragment)
    assert not fragment or opened.find(id=fragment) is not None, link["href"]
    return opened


def warnings(built: Built) -> list[str]:
    return [str(d) for d in built.reporter.items]


@pytest.fixture(scope="module")
def hugo(tmp_path_factory) -> Built:
    return build_project(project(tmp_path_factory.mktemp("hugo"), HUGO))


@pytest.fixture(scope="module")
def jekyll(tmp_path_factory) -> Built:
    return build_project(project(tmp_path_factory.mktemp("jekyll"), JEKYLL, {"assets/logo.png": PNG}))


@pytest.fixture(scope="module")
def hexo(tmp_path_factory) -> Built:
    return build_project(project(tmp_path_factory.mktemp("hexo"), HEXO))


@pytest.mark.parametrize(("text", "title"), [("B by ref", "Hugo B"), ("C by relref", "Hugo C"),
                                             ("B as a file", "Hugo B"), ("D up and over", "Hugo D"),
                                             ("B's old address", "Hugo B"), ("C's bundle", "Hugo C")])
def test_hugo_links_open_the_documents_they_name(hugo: Built, text: str, title: str) -> None:
    url, soup = page_of(hugo, "Hugo A")
    assert follow(hugo, url, soup, text).h1.get_text(strip=True) == title


def test_a_link_beside_sanitised_raw_html_opens_its_document(hugo: Built) -> None:
    url, soup = page_of(hugo, "Hugo B")
    assert soup.select_one(".doc-body kbd").get_text() == "raw HTML"
    assert follow(hugo, url, soup, "back to A").h1.get_text(strip=True) == "Hugo A"
    assert follow(hugo, url, soup, "in raw HTML").h1.get_text(strip=True) == "Hugo D"


def test_a_link_to_nothing_is_a_warning_with_its_line(hugo: Built) -> None:
    assert "posts/a.md:6: warning: link 'nowhere.md' resolves to no document or file" in warnings(hugo)


def test_a_link_to_nothing_in_sanitised_raw_html_is_a_warning_with_its_line(hugo: Built) -> None:
    # the sanitiser reads a document's raw HTML as one piece: each tag still names its own line
    said = [w for w in warnings(hugo) if "gone" in w]
    assert said == ["posts/b.md:9: warning: link 'gone.md' resolves to no document or file",
                    "posts/b.md:10: warning: missing image gone.png",
                    "posts/b.md:14: warning: link 'gone.md' resolves to no document or file"]
    url, soup = page_of(hugo, "Hugo B")
    assert soup.select_one(".doc-body").find("a", string="gone again") is not None


def test_a_path_out_of_the_content_folder_is_not_followed(hugo: Built) -> None:
    # said as a path that is not there: whether a file exists outside is not the build's to tell
    assert "docs/d.md:6: warning: missing image ../../../etc/hostname" in warnings(hugo)
    url, soup = page_of(hugo, "Hugo D")
    assert served(hugo, url, soup.select_one(".doc-body img")["src"]) is None


def test_hugo_page_bundle_images_show_the_files_beside_the_document(hugo: Built) -> None:
    url, soup = page_of(hugo, "Hugo C")
    images = soup.select(".doc-body img")
    assert len(images) == 3
    for image in [*images, soup.select_one("img.featured")]:
        assert served(hugo, url, image["src"]).read_bytes() == PNG
    figure = soup.select_one(".doc-body figure")
    assert figure.img is not None and figure.figcaption.decode_contents() == "A <strong>figure</strong>"
    # the escaped shortcode is shown as the shortcode it writes
    assert '{{< figure src="shown.png" >}}' in soup.select_one(".doc-body").get_text()


def test_hugo_shortcodes_are_rendered_and_unknown_ones_reported_once(hugo: Built) -> None:
    url, soup = page_of(hugo, "Hugo A")
    body = soup.select_one(".doc-body")
    assert body.pre.get_text() == "# not a heading\n> not a quote\n"
    assert "language-python" in body.pre.code["class"]
    assert [h.get_text() for h in body.find_all(["h1", "h2"])] == [] and body.blockquote is None
    assert body.find("a", href="https://www.youtube.com/watch?v=w7Ft2ymGmfc") is not None
    assert "{{< mywidget x=\"1\" >}}" in body.get_text()
    # one message for the name, at each place: the build prints it as one line with its places
    said = [w for w in warnings(hugo) if "mywidget" in w]
    assert said == ["posts/a.md:15: warning: shortcode {{< mywidget >}} is not supported: shown as text",
                    "posts/b.md:4: warning: shortcode {{< mywidget >}} is not supported: shown as text"]


def test_tabs_and_cards_show_each_pane_with_its_title(hugo: Built) -> None:
    url, soup = page_of(hugo, "Hugo Tabs")
    body = soup.select_one(".doc-body")
    assert "{{" not in body.get_text()
    panes = body.select(".pane")
    assert [pane.select_one(".pane-title").get_text() for pane in panes] == ["Outside", "Inside", "A card"]
    assert panes[0].pre.get_text() == "hz new\n" and panes[1].strong.get_text() == "Inside"
    assert panes[1].find("strong", string="text") is not None
    assert served(hugo, url, panes[2].img["src"]).read_bytes() == PNG
    # a relref written as raw HTML's URL opens the document it names
    assert follow(hugo, url, soup, "more about B").h1.get_text(strip=True) == "Hugo B"
    assert not [w for w in warnings(hugo) if "tabs.md" in w]


@pytest.mark.parametrize("text", ["post_url", "link", "old address", "baseurl", "raw post_url"])
def test_jekyll_links_open_the_post(jekyll: Built, text: str) -> None:
    url, soup = page_of(jekyll, "Jekyll Second")
    assert follow(jekyll, url, soup, text).h1.get_text(strip=True) == "Jekyll Hello"


def test_jekyll_tags_render_or_show_as_code(jekyll: Built) -> None:
    url, soup = page_of(jekyll, "Jekyll Second")
    body = soup.select_one(".doc-body")
    assert len(body.find_all("img")) == 3  # the last in raw HTML, its URL {{ site.baseurl }}/…
    for image in body.find_all("img"):
        assert served(jekyll, url, image["src"]).read_bytes() == PNG
    blocks = [pre.get_text() for pre in body.find_all("pre")]
    assert blocks[0] == "# a comment, not a heading\nputs 1\n"
    assert blocks[1].startswith("{% for post in site.posts %}\n# {{ post.title }}\n{% endfor %}")
    assert body.find(["h1", "h2"]) is None
    assert body.find("code", string="{{ page.title }}") is not None
    said = warnings(jekyll)
    assert "_posts/2017-01-02-second.md:16: warning: Liquid tag {% for %} is not run: shown as code" in said
    assert "_posts/2017-01-02-second.md:20: warning: Liquid tag {% include %} is not run: shown as text" in said


def test_hexo_asset_folder_images_and_post_links(hexo: Built) -> None:
    url, soup = page_of(hexo, "Hexo A")
    body = soup.select_one(".doc-body")
    shown = {image["alt"]: served(hexo, url, image["src"]) for image in body.find_all("img")}
    assert shown["The title"].read_bytes() == PNG
    assert shown["second"].read_bytes() == PNG2
    assert shown["in case"] is not None and shown["in case"].name == "pic3.png"
    assert shown["missing"] is None
    for text in ("b", "B"):
        assert follow(hexo, url, soup, text).h1.get_text(strip=True) == "Hexo B"
    said = warnings(hexo)
    assert "_posts/a.md:14: warning: '_posts/a/Pic3.PNG' differs in case from the file '_posts/a/pic3.png'; " \
           "linked to it" in said
    assert "_posts/a.md:14: warning: missing image nope.png" in said
    assert body.pre.get_text() == "# code\n" and body.blockquote.get_text("|", strip=True) == \
        "Quoted words.|— Someone, Somewhere"


def test_hexo_more_ends_the_summary_and_comments_are_never_shown(hexo: Built) -> None:
    url, soup = page_of(hexo, "Hexo A")
    assert soup.select_one(".doc-lede").get_text(strip=True) == "The summary ends here."
    html = (hexo.out / url[len(BASE):] / "index.html").read_text(encoding="utf-8")
    assert "secret" not in html and "block comment" not in html and "more" not in soup.select_one(".doc-body").text


HUGO_LANGUAGES = {
    "en/docs/Guide/Start.md": "---\ntitle: Start EN\n---\nIn English.\n",
    "zh/docs/Guide/Start.md": "---\ntitle: Start ZH\n---\n中文。\n",
    "en/docs/Other/Start.md": "---\ntitle: Other start EN\n---\nAnother.\n",
    "zh/blog/My Post.md": "---\ntitle: My post ZH\n---\n文章。\n",
    "en/blog/News_One/index.md": "---\ntitle: \"Introducing Shmipc: A Library\"\n---\nNews.\n",
    "zh/blog/news_two.md": "---\ntitle: 字节跳动 Go 框架\n---\n新闻。\n",
    "en/docs/links.md": "---\ntitle: Links EN\n---\n[en](/docs/guide/start/), [other](/docs/other/start/),\n"
                        "[dated](/blog/2023/04/04/introducing-shmipc-a-library/)\n",
    "zh/docs/links.md": "---\ntitle: Links ZH\n---\n[zh](/zh/docs/guide/start/) [spaced](/zh/blog/my-post/)\n"
                        "[日期](/zh/blog/2021/09/23/%E5%AD%97%E8%8A%82%E8%B7%B3%E5%8A%A8-go-%E6%A1%86%E6%9E%B6/)\n",
}


@pytest.fixture(scope="module")
def hugo_languages(tmp_path_factory) -> Built:
    return build_project(project(tmp_path_factory.mktemp("languages"), HUGO_LANGUAGES))


@pytest.mark.parametrize(("page", "text", "title"), [("Links EN", "en", "Start EN"),
                                                     ("Links EN", "other", "Other start EN"),
                                                     ("Links ZH", "zh", "Start ZH"),
                                                     ("Links ZH", "spaced", "My post ZH"),
                                                     ("Links EN", "dated", "Introducing Shmipc: A Library"),
                                                     ("Links ZH", "日期", "字节跳动 Go 框架")])
def test_hugo_site_paths_in_lower_case_and_without_the_language_open_the_document(
        hugo_languages: Built, page: str, text: str, title: str) -> None:
    """Hugo writes a page's path in lower case, spaces as hyphens, and the default language's
    pages without their language folder (content/en/docs/Guide/Start.md at /docs/guide/start/):
    a link to that address opens the document, even where its name alone would not tell which;
    a permalink /:section/:year/:month/:day/:slug/ without a slug ends in the title, urlized."""
    url, soup = page_of(hugo_languages, page)
    assert follow(hugo_languages, url, soup, text).h1.get_text(strip=True) == title
    assert not [w for w in warnings(hugo_languages) if "resolves to no document" in w]


def test_comments_are_not_shown_when_raw_html_is_escaped(tmp_path: Path) -> None:
    root = project(tmp_path, {"a.md": "---\ntitle: E\n---\nText <!-- hidden --> more.\n\n<!-- gone -->\n"})
    (root / "site.yaml").write_text((root / "site.yaml").read_text(encoding="utf-8") + "allow_html: false\n",
                                    encoding="utf-8")
    built = build_project(root)
    _, soup = page_of(built, "E")
    # the spaces on either side of the comment are the writer's
    assert soup.select_one(".doc-body").get_text(strip=True) == "Text  more."


def test_links_follow_their_target_in_an_incremental_build(tmp_path: Path) -> None:
    """A's page shows where B is now: B given another slug, or the image A lacked added,
    A's page is made again as a cold build makes it."""
    root = project(tmp_path / "p", HEXO)
    first = build_project(root)
    url, soup = page_of(first, "Hexo A")
    assert served(first, url, soup.select_one(".doc-body img[alt=missing]")["src"]) is None
    (root / "content/_posts/b.md").write_text("---\ntitle: Hexo B\nslug: bee\n---\nB.\n", encoding="utf-8")
    (root / "content/_posts/a/nope.png").write_bytes(PNG)
    built = build_project(root)
    assert snapshot(built.out) == cold(root, tmp_path)
    url, soup = page_of(built, "Hexo A")
    assert follow(built, url, soup, "B").h1.get_text(strip=True) == "Hexo B"
    assert all(served(built, url, image["src"]) for image in soup.select(".doc-body img"))


def test_numbered_slugs_are_said_on_one_line(tmp_path: Path) -> None:
    """A site in two languages has hundreds of documents whose name another has: each gets
    a numbered slug, said on one line for all of them (-v, and the build's record, keep each)."""
    root = project(tmp_path, {f"{lang}/{name}.md": f"---\ntitle: {lang} {name}\n---\nx\n"
                              for lang in ("en", "ja", "zh") for name in ("a", "b") if (lang, name) != ("ja", "b")})
    for _ in range(2):  # and again by a build that finds nothing changed, saying the last one's warnings
        stream = io.StringIO()
        reporter = Reporter(stream=stream)
        build(load_config(root), reporter)
        said = [line for line in stream.getvalue().splitlines() if "slug" in line]
        assert said == ["ja/a.md: warning: slug 'a' is taken by another document; using 'a-2'  "
                        "[3 alike; also zh/a.md, zh/b.md]"]
    assert sorted(str(d) for d in reporter.warnings if "slug" in d.message) == [
        "ja/a.md: warning: slug 'a' is taken by another document; using 'a-2'",
        "zh/a.md: warning: slug 'a' is taken by another document; using 'a-3'",
        "zh/b.md: warning: slug 'b' is taken by another document; using 'b-2'"]
