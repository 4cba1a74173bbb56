"""What real collections written for Hugo, Jekyll and Hexo hold, and their generators read
(issue 24; found measuring tinylab.org, cosx.org, houbb.github.io, mabbs.github.io, coderzh
and a Hexo blog with bench/collection.py): a link to a folder of static files, repeated
slashes in a path, a permalink written `//x/`, a front-matter list with an empty item, a
time with one-digit parts or Jekyll's `2018-1-23 09:28:23 +0800`, blogdown's
`{{< blogdown/postref >}}` before a page bundle's figure, `{% assign %}`, Hexo's
`{% math %}` and `{% spoiler %}`, posts of one name told apart by the day in their address,
an image path up into the project's static/, links written with the site's former address.
A small made-up collection, built once, checked as a reader meets it: each link followed
to the file it opens."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from site_builder.config import ConfigError, load_config
from tests.conftest import Built, build_project
from tests.test_collection_links import PNG, PNG2, follow, page_of, project, served, warnings

FILES = {
    "_posts/2017-07-15-hefei.md": """---
title: Hefei
date: '2017-07-15T0:10:32+00:00'
tags: [R, 会议, ]
categories:
  - 纪要
  -
---
The [demo](/demo/), the [tools](/tools) and [their part two](/tools/#part-two).

![callgraph](/uploads/2016/10//callgraph.png)

{% assign posts = site.posts %}
Before {% assign x = 1 %}after.

{% math %}
x = \\frac{1}{2}
{% endmath %}

{% spoiler 配置 %}
The *hidden* words.
{% endspoiler %}
""",
    "_posts/2021-10-05-lab.md": "---\ntitle: Lab\npermalink: //linux-lab/\ndate: 2018-1-23 09:28:23 +0800\n---\n"
                                "The lab.\n",
    "_posts/2021-10-06-old.md": """---
title: Old links
---
[Hefei at the old site](http://OLD.example.net/blog/2017/07/15/hefei/#top),
![old picture](https://old.example.net/blog/uploads/2016/10/callgraph.png),
[gone](https://old.example.net/blog/nothing-here/) and
[elsewhere](https://other.example.com/blog/2017/07/15/hefei/).
""",
    "_posts/2019-07-02-encmail.md": "---\ntitle: Encmail July 2\n---\nOne.\n",
    "_posts/2019-07-15-encmail.md": "---\ntitle: Encmail July 15\n---\nTwo.\n",
    "notes/deep/dated.md": """---
title: Dated links
---
[the second](/2019/07/15/encmail.html), [the first](/tech/2019/07/02/encmail/),
![a picture](../../../static/images/s.png) and ![from the top](/static/images/s.png).
""",
    "pages/jobs.md": """---
title: Jobs
---
The jobs.

<section id="home">
  {% assign articles = site.posts %}
  {% include widgets/articles %}
</section>
""",
    "post/2022-04-23-map/index.md": """---
title: Map
date: 2018-10-19 +0800
---
![the map]({{< blogdown/postref >}}index_files/figure-html/map-1.png)
""",
    "post/2022-04-23-map/index_files/figure-html/map-1.png": PNG2,
    "_posts/ajax.md": """---
title: Ajax
---
{% codeblock lang:js %}
if (ok) {
    run()
}{% endcodeblock %}

After the code.

{% codeblock %}
plain
{% endcodeblock %}
""",
    "_en_categories/review.md": "---\ntitle: Reviews\nredirect_from: /categories/review/\n---\nThe reviews.\n",
    "_cn_categories/review.md": "---\ntitle: 回顾\nredirect_from: [/cn/categories/review/]\n---\n回顾。\n",
    "_posts/2022-12-23-highlight.md": """---
title: Highlights
---
[my reviews](/en/categories/review/), [其他回顾](/categories/review) and
[中文](/cn/categories/review/).
""",
    "book/0218-skyline.md": """---
title: Skyline
---
树状数组 {{< katex >}}parent = son + 2^{k}{{< /katex >}}，其中 k 是下标，{{< katex display >}}x_{1}{{< /katex >}}.

{{< katex display >}}
B_{i} = A_{1}
{{< /katex >}}

- 累加和： {{< katex display >}}
\\sum_{0}^{k} y
{{< /katex >}}
""",
    "_docs/tags.md": """---
title: Tags
---
You cannot add filters, such as {% raw %}`{% link mypage.html | append: "#s" %}`{% endraw %}, here.

<div class="note">
  <p>The tag <code>{% raw %}{% include file.ext %}{% endraw %}</code> includes a file;
  see the <a href="{% link _posts/ajax.md %}">Ajax page</a>.</p>
</div>
""",
    "docs/nacos.md": """---
title: Nacos
---
{{< notice tip >}} 仅适用于 *1.18.0* 及以后 {{< /notice >}}

{{< alert title="Note:" >}}An alert with a title.{{< /alert >}}
""",
    "_law/civil-law-index.md": "---\ntitle: Civil law\n---\nThe index.\n",
    "_law/civil/contract.md": "---\ntitle: Contract\n---\n[UP](/law/civil-law-index.html)\n",
}
STATIC = {"demo/index.xhtml": b"<html xmlns='http://www.w3.org/1999/xhtml'><body>demo</body></html>",
          "tools/index.html": b"<html><body><h2 id='part-two'>Part two</h2></body></html>",
          "uploads/2016/10/callgraph.png": PNG, "images/s.png": PNG2}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    root = project(tmp_path_factory.mktemp("sources"), FILES, STATIC)
    with (root / "site.yaml").open("a", encoding="utf-8") as file:
        file.write("former_urls: [https://old.example.net/blog/]\n")
    return build_project(root)


def body(built: Built, title: str) -> tuple[str, BeautifulSoup]:
    url, soup = page_of(built, title)
    return url, soup.select_one(".doc-body")


def test_a_link_to_a_folder_of_static_files_opens_its_index_page(built: Built) -> None:
    url, soup = page_of(built, "Hefei")
    assert "demo" in follow(built, url, soup, "demo").get_text()  # its index.xhtml
    assert follow(built, url, soup, "tools").find(id="part-two") is not None
    follow(built, url, soup, "their part two")  # the #fragment is an id there (follow asserts it)
    assert not [w for w in warnings(built) if w.startswith("_posts/2017-07-15-hefei.md") and "resolves to no" in w]


def test_repeated_slashes_in_a_path_read_as_one(built: Built) -> None:
    url, text = body(built, "Hefei")
    image = text.find("img", alt="callgraph")
    assert served(built, url, image["src"]).read_bytes() == PNG
    assert not [w for w in warnings(built) if w.startswith("_posts/2017-07-15-hefei.md") and "missing image" in w]


def test_a_permalink_written_with_two_slashes_is_the_path(built: Built) -> None:
    redirect = built.out / "linux-lab" / "index.html"
    assert redirect.is_file()
    target = BeautifulSoup(redirect.read_text(encoding="utf-8"), "html.parser").find("link", rel="canonical")
    assert target is not None and "/articles/" in target["href"]
    assert not [w for w in warnings(built) if "alias" in w]


def test_empty_items_of_a_list_and_jekylls_and_hugos_times_are_read(built: Built) -> None:
    url, soup = page_of(built, "Hefei")
    assert soup.find("time")["datetime"].startswith("2017-07-15")  # 2017-07-15T0:10:32+00:00
    assert page_of(built, "Lab")[1].find("time")["datetime"].startswith("2018-01-23T09:28:23+08:00")
    assert page_of(built, "Map")[1].find("time")["datetime"].startswith("2018-10-19")
    assert {"R", "会议"} <= {a.get_text(strip=True) for a in soup.select("a[href*='/tags/']")}
    assert not [w for w in warnings(built) if ": error:" in w]


def test_blogdown_postref_is_the_page_bundles_folder(built: Built) -> None:
    url, text = body(built, "Map")
    assert served(built, url, text.find("img", alt="the map")["src"]).read_bytes() == PNG2


def test_assign_prints_nothing_math_and_spoiler_blocks_render(built: Built) -> None:
    _, text = body(built, "Hefei")
    words = text.get_text(" ", strip=True)
    assert "{%" not in words and "assign" not in words and "Before after." in " ".join(words.split())
    assert text.find("math", display="block") is not None and "\\frac" not in words.replace(
        text.find("annotation").get_text(), "")
    box = text.find("blockquote")
    assert box.strong.get_text() == "配置" and box.em.get_text() == "hidden"
    assert "_posts/2017-07-15-hefei.md:13: warning: Liquid tag {% assign %} is not run: left out (it prints " \
           "nothing)" in warnings(built)



def test_a_link_at_the_sites_former_address_opens_the_page_here(built: Built) -> None:
    url, soup = page_of(built, "Old links")
    link = soup.select_one(".doc-body").find("a", string="Hefei at the old site")
    assert link["href"].startswith("/kb/") and link["href"].endswith("#top")
    assert served(built, url, link["href"]) == served(built, *page_of(built, "Hefei")[:1], "")
    image = soup.select_one(".doc-body").find("img", alt="old picture")
    assert served(built, url, image["src"]).read_bytes() == PNG
    hrefs = {a.get_text(): a["href"] for a in soup.select_one(".doc-body").find_all("a")}
    assert hrefs["gone"] == "https://old.example.net/blog/nothing-here/"
    assert hrefs["elsewhere"] == "https://other.example.com/blog/2017/07/15/hefei/"
    assert "_posts/2021-10-06-old.md:6: warning: link 'https://old.example.net/blog/nothing-here/' at the site's " \
           "former address resolves to no document or file; kept as written" in warnings(built)


def test_liquid_tags_in_raw_html_are_read_as_elsewhere(built: Built) -> None:
    _, text = body(built, "Jobs")
    words = text.get_text(" ", strip=True)
    assert "assign" not in words and "{% include widgets/articles %}" in words
    said = warnings(built)
    assert any(w.startswith("pages/jobs.md:7: warning: Liquid tag {% assign %} is not run: left out") for w in said)
    assert any(w.startswith("pages/jobs.md:8: warning: Liquid tag {% include %} is not run: shown as text")
               for w in said)


def test_a_former_url_that_is_no_url_is_an_error_at_its_line(tmp_path) -> None:
    root = project(tmp_path, {"a.md": "---\ntitle: A\n---\nA.\n"})
    with (root / "site.yaml").open("a", encoding="utf-8") as file:
        file.write("former_urls: [houbb.github.io]\n")
    with pytest.raises(ConfigError) as raised:
        load_config(root)
    assert [d.message for d in raised.value.diagnostics] == [
        "former_urls must be a list of absolute http:// or https:// URLs, such as [https://USER.github.io/], "
        "not ['houbb.github.io']"]


def test_posts_of_one_name_are_told_apart_by_the_day_in_their_address(built: Built) -> None:
    url, soup = page_of(built, "Dated links")
    assert follow(built, url, soup, "the second").h1.get_text(strip=True) == "Encmail July 15"
    assert follow(built, url, soup, "the first").h1.get_text(strip=True) == "Encmail July 2"


def test_a_path_into_the_static_folder_shows_the_file(built: Built) -> None:
    url, text = body(built, "Dated links")
    assert served(built, url, text.find("img", alt="a picture")["src"]).read_bytes() == PNG2
    # /static/images/s.png, as GitHub shows a path from the project's folder (talkgo/night)
    assert served(built, url, text.find("img", alt="from the top")["src"]).read_bytes() == PNG2
    assert not [w for w in warnings(built) if w.startswith("notes/deep/dated.md")]


def test_an_address_ending_in_index_html_by_name_opens_its_page(built: Built) -> None:
    # Jekyll's /:collection/:name:output_ext: _law/civil-law-index.md at /law/civil-law-index.html
    url, soup = page_of(built, "Contract")
    assert follow(built, url, soup, "UP").h1.get_text(strip=True) == "Civil law"
    assert not [w for w in warnings(built) if w.startswith("_law/civil/contract.md")]


def test_a_code_tags_closing_tag_may_end_the_last_line_of_code(built: Built) -> None:
    # Hexo reads `}{% endcodeblock %}` as the code's end (kebingzao's js-ajax.md)
    _, text = body(built, "Ajax")
    first, second = text.find_all("pre")
    assert first.get_text() == "if (ok) {\n    run()\n}\n" and "language-js" in first.code["class"]
    assert second.get_text() == "plain\n"
    assert [p.get_text() for p in text.find_all("p")] == ["After the code."]
    assert "{%" not in text.get_text()
    assert not [w for w in warnings(built) if w.startswith("_posts/ajax.md")]


def test_redirect_from_is_an_old_address_and_a_collections_name_tells_documents_apart(built: Built) -> None:
    # mincong.io: jekyll-redirect-from's redirect_from, and /en/categories/:name/ for
    # _displayed_en_categories/review.md beside _displayed_cn_categories/review.md
    url, soup = page_of(built, "Highlights")
    assert follow(built, url, soup, "my reviews").h1.get_text(strip=True) == "Reviews"
    assert follow(built, url, soup, "其他回顾").h1.get_text(strip=True) == "Reviews"
    assert follow(built, url, soup, "中文").h1.get_text(strip=True) == "回顾"
    redirect = built.out / "categories" / "review" / "index.html"
    target = BeautifulSoup(redirect.read_text(encoding="utf-8"), "html.parser").find("link", rel="canonical")
    assert target["href"] == "https://example.org" + page_of(built, "Reviews")[0]
    assert not [w for w in warnings(built) if "redirect_from" in w or w.startswith("_posts/2022-12-23")]


def test_a_katex_shortcode_in_a_line_is_inline_math(built: Built) -> None:
    # hugo-book's {{< katex >}} (halfrost/LeetCode-Go: 184 shown as text)
    _, text = body(built, "Skyline")
    inline, displayed, block, listed = text.find_all("math")
    assert listed.find_parent("li") is not None and listed.get("display") == "block"
    assert inline.find_parent("p") is not None and inline.get("display") != "block"
    assert inline.find("msup") is not None and "parent" in inline.get_text()
    assert displayed.find_parent("p") is not None and displayed.get("display") == "block"
    assert block.find_parent("p") is None and block.get("display") == "block"
    words = text.get_text(" ", strip=True)
    assert "katex" not in words and "其中 k 是下标" in words
    assert not [w for w in warnings(built) if w.startswith("book/0218-skyline.md")]


def test_raw_in_a_line_is_markdown_and_in_html_its_text(built: Built) -> None:
    # jekyll/jekyll's docs: {% raw %}`{% link … %}`{% endraw %} is a code span; in raw HTML,
    # the markers go and the tag between shows; a link tag as an attribute's URL is no tag shown
    url, text = body(built, "Tags")
    assert [c.get_text() for c in text.find_all("code")] == ['{% link mypage.html | append: "#s" %}',
                                                             "{% include file.ext %}"]
    words = text.get_text(" ", strip=True)
    assert "raw" not in words and "{% include file.ext %}" in words
    _, soup = page_of(built, "Tags")
    assert follow(built, url, soup, "Ajax page").h1.get_text(strip=True) == "Ajax"
    assert not [w for w in warnings(built) if w.startswith("_docs/tags.md")]


def test_a_box_opened_and_closed_in_one_line_is_a_box(built: Built) -> None:
    # polarismesh: {{< notice tip >}} text {{< /notice >}}, Docsy's {{< alert >}}…{{< /alert >}}
    _, text = body(built, "Nacos")
    tip, alert = text.find_all("blockquote")
    assert tip.strong.get_text() == "tip" and tip.em.get_text() == "1.18.0" and "仅适用于" in tip.get_text()
    assert alert.strong.get_text() == "Note:" and "An alert with a title." in alert.get_text()
    assert "{{<" not in text.get_text()
    assert not [w for w in warnings(built) if w.startswith("docs/nacos.md")]
