"""An incremental build equals a cold build, byte for byte, whatever the writer did since
the last build (issue 21). Property-based: random sequences of the edits a writer makes to
a small bilingual site (documents -- Markdown, plain text, PDF -- added, deleted, renamed,
their slugs changed or swapped, their front matter, body, footnotes and images edited;
sidecars; registry entities, their aliases, roles and parents; template overrides; static files and files of content/;
site.yaml; the code itself), one to three edits per step, and after every step the same
project is built twice: incrementally (the same output folder and .cache as the step
before) and cold (a copy of the project, no cache, no output). Every file of the two
output folders must be the same, path and bytes, and the builds must report the same
problems (a broken front matter is an edit like any other; a broken template fails both).

The dev server's fast path (serve.Rebuilder: a saved document shown at once by
render_saved_documents, then the incremental build) must end where a cold build ends too,
and so must a save that lands in the middle of a build (shown, left in place by that
build as newer, then built again).

For speed: the site is small (seven documents, six registry entities, all written here);
site.yaml says `search: false` (Pagefind alone takes longer than both builds); the builds
run with jobs=1, in this process (a small site's rebuild runs inline anyway, see
executors.AdaptiveExecutor; a hundred sequences with the process pool forced for every
task found nothing more, at five times the cost); the projects are made in /dev/shm when
there is one (deleting a folder on a busy disk costs milliseconds). Deterministic by
default (the "incremental-ci" settings: the same 60 sequences of 5 to 8 steps on every
run, and 30 through the dev server: about a minute together on two busy cores, a tenth
of the suite; 100 and 50 took a fifth of it);
HYPOTHESIS_PROFILE=explore runs 1,000 (and 500), different ones each time, and shrinks
what fails. The profiles have names of their own and are applied per test, so
that they do not clash with test_untrusted_property.py's "ci" and "explore"."""

from __future__ import annotations

import copy
import difflib
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from site_builder import fingerprint, i18n
from site_builder.build import build
from site_builder.config import load_config
from site_builder.diagnostics import Reporter
from site_builder.layers import THEME_STATIC, THEME_TEMPLATES
from site_builder.serve import Rebuilder, ServerState, fast_path, render_saved_documents
from tests import pdfs
from tests.conftest import snapshot

# Every setting that matters is given: a setting left out would come from Hypothesis' default
# when the profile is registered, which test_untrusted_property.py sets (load_profile) when
# pytest imports it first. No shrinking in CI: each try of a smaller sequence is two builds
# per step, and Hypothesis would spend its five minutes on it; the sequence found (eight
# steps at most, each printed) is reported as it is. The explore profile shrinks.
_COMMON = {"deadline": None, "database": None, "suppress_health_check": [HealthCheck.too_slow,
                                                                       HealthCheck.data_too_large]}
settings.register_profile("incremental-ci", max_examples=60, derandomize=True,
                          phases=[Phase.explicit, Phase.reuse, Phase.generate], **_COMMON)
settings.register_profile("incremental-explore", max_examples=1000, derandomize=False, phases=list(Phase), **_COMMON)
PROFILE = settings.get_profile("incremental-explore" if os.environ.get("HYPOTHESIS_PROFILE") == "explore"
                               else "incremental-ci")
STEPS = st.integers(min_value=5, max_value=8)  # steps per sequence, each followed by both builds
EDITS = st.integers(min_value=1, max_value=3)  # edits per step (the writer saved several files)

# --- the site, as data: what the writer edits ---------------------------------------------------

TAGS = ["AI", "开源", "模型", "安全", "共同"]
TOPICS = ["大模型", "AI安全", "机器人"]  # 机器人 has no registry file: an implicit topic (until one is added)
TITLES = ["OpenAI发布新模型", "Anthropic and AI safety", "腾讯科技的报道", "Sam Altman interview", "没有实体的一篇",
          "改过的标题", "A new title", "一篇草稿"]
DATES = ["2025-01-05", "2025-02-10", "2025-03", "2024", "2025-06-25T09:10:04+08:00", "2026-03-01", None]
SUMMARIES = ["", "一句话摘要。", "A short summary."]
SLUGS = ["alpha", "beta", "gamma", "文章一"]
DOC_ALIASES = ["/old/one/", "old-two", "alpha", "/2024/旧文/"]  # alpha: a slug too, when a document has it
# url: (a redirect, or the page's address with permalinks: address; /tags/ is refused as one)
URLS = [None, "/old/url/", "/2024/旧址.html", "/tags/"]
PARAGRAPHS = [
    "OpenAI发布了新的模型，奥特曼在发布会上讲话。",
    "Anthropic announced a new model; Dario Amodei spoke about AI safety.",
    "腾讯科技报道了大模型的进展，谷歌也在其中。",
    "Sam Altman said Open AI would publish an open model.",
    "这一段没有提到任何公司。",
    "LLM research continues at Anthropic PBC and at Google.",
    "## 小标题\n\n机器人与大模型。",
    "一张图：![图](/images/a.png)",
    "Inline <b>HTML</b>, shown as text unless allow_html.",
    # a file of content/ beside the document: copied next to its page (doclinks.py), in raw HTML too
    "旁边的图：![旁](images/b.png)",
    'Raw <a href="images/b.png">图</a> and <img src="images/b.png" alt="b">.',
    # the site's former address (site.yaml's former_urls): a site path there, or as written
    "旧站的图：![旧](https://old.example.net/blog/images/a.png)",
]
NOTES = [
    "报道：大模型的一年·腾讯科技·博阳（2025/6/25）·检索日期2025/07/01",
    "Interview: the future of AI·The Verge·Jane Doe（2025/3/1）",
    "OpenAI博客·OpenAI（2025/1/2）",
    "一条没有出处的注释",
]
SOURCES = ["凯捷研究院《新科技秩序》访谈", "The Verge"]
AUTHORS = ["博阳", "Jane Doe"]
# a static file of the site's (/images/a.png), a file of content/ beside the top-level documents
# (images/b.png): there or not, as the writer adds and deletes them
IMAGES = [None, "/images/a.png", "images/b.png"]
PNG = b"\x89PNG\r\n\x1a\n fake"


@dataclass
class Doc:
    title: str
    paragraphs: list[str]
    date: str | None = None
    tags: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    summary: str = ""
    slug: str | None = None
    aliases: list[str] = field(default_factory=list)
    image: str | None = None  # featured_image
    url: str | None = None
    authors: list[str] = field(default_factory=list)
    lang: str | None = None  # a version in another language, of the documents sharing its translation_key
    translation_key: str | None = None
    draft: bool = False
    broken: bool = False  # a front matter that is no YAML
    plain: bool = False  # a .txt of plain text (as pulled out of a PDF): metadata in its sidecar only
    pdf: bool = False  # a .pdf (plain too: metadata in its sidecar only)

    def text(self) -> str | bytes:
        if self.pdf:
            blocks = [pdfs.Block("title", self.title), *(pdfs.Block("para", p) for p in self.paragraphs)]
            return pdfs.interview(blocks, header="Test KB")
        if self.plain:
            return "\n\n".join([self.title, *self.paragraphs]) + "\n"
        meta: dict[str, Any] = {"title": self.title}
        for key, value in (("date", self.date), ("draft", self.draft), ("summary", self.summary),
                           ("tags", self.tags), ("main_topics", self.topics), ("slug", self.slug),
                           ("aliases", self.aliases), ("featured_image", self.image), ("author", self.authors),
                           ("url", self.url), ("lang", self.lang), ("translation_key", self.translation_key)):
            if value:
                meta[key] = value
        front = "title: [never closed\n" if self.broken else \
            yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, default_flow_style=None)
        cited = [p + (f"[^{i + 1}]" if i < len(self.notes) else "") for i, p in enumerate(self.paragraphs)]
        defs = [f"[^{i + 1}]: {n}" for i, n in enumerate(self.notes)]
        return f"---\n{front}---\n" + "\n\n".join([*cited, *defs]) + "\n"


@dataclass
class Entity:
    name: str
    aliases: list[str] = field(default_factory=list)
    description: str = ""
    roles: list[tuple[str, str]] = field(default_factory=list)  # (title, company's file name)
    body: str = ""
    parent: str | None = None  # a topic's parent topic (its file name)
    website: str | None = None
    broken: bool = False

    def text(self) -> str:
        if self.broken:
            return f"---\nname: {self.name}\naliases: [never closed\n---\n{self.body}\n"
        meta: dict[str, Any] = {"name": self.name}
        if self.aliases:
            meta["aliases"] = self.aliases
        if self.description:
            meta["description"] = self.description
        if self.roles:
            meta["roles"] = [{"title": title, "org": org} for title, org in self.roles]
        if self.parent:
            meta["parent"] = self.parent
        if self.website:
            meta["website"] = self.website
        return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + self.body + "\n"


# entities a step may add, by registry file (without .md)
NEW_ENTITIES = {
    "people/dario-amodei": Entity("Dario Amodei", ["阿莫代伊"], "Anthropic的首席执行官。", [("CEO", "anthropic")]),
    "companies/google": Entity("Google", ["谷歌"], "美国科技公司。"),
    "topics/robots": Entity("机器人", ["robots"], "具身智能与机器人。"),
    "products/claude": Entity("Claude", ["Claude 3"], "Anthropic 的模型。"),
}
ENTITY_ALIASES = ["Claude", "谷歌", "奥特曼", "LLM", "The Verge", "AI"]
DESCRIPTIONS = ["", "新的描述。", "An updated description."]
ROLE_TITLES = ["首席执行官", "Chief Scientist", "董事"]
COMPANIES = ["openai", "anthropic", "tencent-tech", "google", "nobody"]  # nobody: an unknown company (a warning)

# site overrides of theme templates: a copy of the theme's, its mark put after this text
TEMPLATES = {
    "base.html": "<body>",
    "tag.html": "{% block main %}",
    "document.html": "{% block main %}",
    "entity.html": "{% block main %}",
    "_macros.html": 'class="doc-title',
}
MARKS = ["override one", "override two"]
STATIC = ["notes.txt", "style.css", "images/a.png"]  # files of the site's own, one replacing the theme's
CONFIG = {"page_size": [2, 3, 5], "base_url": ["https://example.org/", "https://example.org/kb/"],
          "language": ["zh-CN", "en"], "entity_links": ["first", "every", "none"], "title": ["Test KB", "知识库"],
          "description": [None, "一个测试用的知识库。"], "allow_html": [False, True], "cname": [None, "kb.example.org"],
          "publish_html_and_svg": [False, True], "permalinks": ["redirect", "address"],
          "former_urls": [None, ["https://old.example.net/blog/"]],
          # names found in the content get pages (discovery.py): an input of the build like the registry
          "entities": [None, {"discover": 1, "ignore": ["谷歌", "Claude"]}]}  # None: the key left out
# interface words of the code: on every page (templates), in document bodies (the footnotes
# renderer, cached with each document), made in Python (entity charts), a template global
CODE_WORDS = ["home", "cite_notes", "chart_co_title", "people"]


@dataclass
class Project:
    docs: dict[str, Doc]  # by path under content/
    sidecars: dict[str, dict | None]  # by document path; None: a sidecar that is no YAML
    entities: dict[str, Entity]  # by registry file under content/, without .md
    templates: dict[str, str | None] = field(default_factory=dict)  # override -> its mark; None: broken
    static: dict[str, str] = field(default_factory=dict)
    assets: dict[str, bytes] = field(default_factory=dict)  # files of content/ besides documents
    config: dict[str, Any] = field(default_factory=dict)
    code: int = 0  # the version of site-builder's code: 0 is the code as it is

    def files(self) -> dict[str, bytes]:
        config = {"title": "Test KB", "search": False, **{k: v for k, v in self.config.items() if v is not None}}
        files: dict[str, str | bytes] = {"site.yaml": yaml.safe_dump(config, allow_unicode=True, sort_keys=True)}
        files.update((f"content/{rel}", doc.text()) for rel, doc in self.docs.items())
        for rel, side in self.sidecars.items():
            files[f"content/{sidecar_of(rel)}"] = "tags: [never closed\n" if side is None else \
                yaml.safe_dump(side, allow_unicode=True, sort_keys=False)
        files.update((f"content/{rel}.md", e.text()) for rel, e in self.entities.items())
        for name, mark in self.templates.items():
            anchor = TEMPLATES[name]
            added = "{% if %}" if mark is None else f" {mark}" if anchor.startswith("class=") else \
                f'<p class="mark">{mark}</p>'
            theme = (THEME_TEMPLATES / name).read_text(encoding="utf-8")
            files[f"templates/{name}"] = theme.replace(anchor, anchor + added, 1)
        for name, text in self.static.items():
            base = (THEME_STATIC / name).read_text(encoding="utf-8") if (THEME_STATIC / name).is_file() else ""
            files[f"static/{name}"] = PNG + text.encode() if name.endswith(".png") else base + text
        files.update((f"content/{rel}", data) for rel, data in self.assets.items())
        return {rel: data if isinstance(data, bytes) else data.encode("utf-8") for rel, data in files.items()}


def sidecar_of(rel: str) -> str:
    return rel.rsplit(".", 1)[0] + ".meta.yaml"


def initial() -> Project:
    docs = {
        "openai-news.md": Doc("OpenAI发布新模型", PARAGRAPHS[0:2], "2025-01-05", ["AI", "模型", "共同"], ["大模型"],
                              [NOTES[0]], translation_key="pair"),
        "anthropic.md": Doc("Anthropic and AI safety", [PARAGRAPHS[1], PARAGRAPHS[4]], "2025-02-10",
                            ["AI", "安全", "共同"], ["AI安全"], [NOTES[1], NOTES[3]], slug="beta", lang="en",
                            translation_key="pair"),
        "news/tencent.md": Doc("腾讯科技的报道", [PARAGRAPHS[2]], "2025-03", ["模型"], ["大模型", "机器人"],
                               [NOTES[0]]),
        "altman.md": Doc("Sam Altman interview", [PARAGRAPHS[3], PARAGRAPHS[6]], "2025-06-25T09:10:04+08:00",
                         ["AI", "开源"], [], [NOTES[2]], slug="alpha", aliases=["/old/one/"],
                         summary="A short summary."),
        "quiet.md": Doc("没有实体的一篇", [PARAGRAPHS[4]], None, ["共同"], [], [NOTES[3]]),
        "draft.md": Doc("一篇草稿", [PARAGRAPHS[0]], "2025-01-06", ["AI"], draft=True),
        "report.txt": Doc("开源 是实现主权AI的 第三条路", [PARAGRAPHS[2], PARAGRAPHS[5]], plain=True),
    }
    sidecars: dict[str, dict | None] = {
        "report.txt": {"date": 2024, "tags": ["开源", "共同"], "summary": "一份PDF报告。", "source": SOURCES[0]}}
    entities = {
        "companies/openai": Entity("OpenAI", ["Open AI", "OpenAI公司"], "美国人工智能公司。", body="OpenAI的介绍。"),
        "companies/anthropic": Entity("Anthropic", ["Anthropic PBC"], "An AI safety company."),
        "companies/tencent-tech": Entity("腾讯科技", [], "腾讯的科技频道。"),
        "people/sam-altman": Entity("Sam Altman", ["奥特曼", "山姆·奥特曼"], "OpenAI的首席执行官。",
                                    [("首席执行官", "openai")]),
        "topics/large-models": Entity("大模型", ["LLM", "基础模型"], "大规模预训练模型。"),
        "topics/ai-safety": Entity("AI安全", ["AI safety"]),
    }
    config = {"language": "zh-CN", "base_url": "https://example.org/", "page_size": 3, "entity_links": "first"}
    return Project(docs, sidecars, entities, config=config)


# --- the edits: (kind, arguments ...), drawn against the project as it is ------------------------

Edit = tuple


def effective_slug(rel: str, doc: Doc) -> str:
    return doc.slug or rel.rsplit("/", 1)[-1].rsplit(".", 1)[0]


def edits(p: Project) -> st.SearchStrategy[Edit]:
    """The edits that make sense for the project as it is now."""
    docs = sorted(p.docs)
    md = sorted(rel for rel, d in p.docs.items() if not d.plain)
    ents = sorted(p.entities)
    options: list[st.SearchStrategy[Edit]] = []

    def on(names: list[str], kind: str, *args: st.SearchStrategy) -> None:
        if names:
            options.append(st.tuples(st.just(kind), st.sampled_from(names), *args))

    on(docs, "body", st.lists(st.sampled_from(PARAGRAPHS), min_size=1, max_size=3))
    on(docs, "title", st.sampled_from(TITLES))
    on(md, "date", st.sampled_from(DATES))
    on(md, "draft", st.booleans())
    on(md, "tags", st.lists(st.sampled_from(TAGS), max_size=3, unique=True))
    on(md, "main_topics", st.lists(st.sampled_from(TOPICS), max_size=2, unique=True))
    on(md, "summary", st.sampled_from(SUMMARIES))
    on(md, "footnotes", st.lists(st.sampled_from(NOTES), max_size=3))
    on(md, "aliases", st.lists(st.sampled_from(DOC_ALIASES), max_size=2, unique=True))
    on(md, "featured_image", st.sampled_from(IMAGES))
    on(md, "url", st.sampled_from(URLS))
    on(md, "authors", st.lists(st.sampled_from(AUTHORS), max_size=2, unique=True))
    on(md, "lang", st.sampled_from([None, "en", "zh-CN", "fr"]))
    on(md, "translation_key", st.sampled_from([None, "pair", "other"]))
    on(md, "slug", st.sampled_from([None, *SLUGS, *(effective_slug(r, p.docs[r]) for r in docs)]))
    on(md, "broken front matter", st.booleans())
    if len(md) >= 2:  # most pairs share a tag: 共同, AI
        options.append(st.tuples(st.just("swap slugs"), st.lists(st.sampled_from(md), min_size=2, max_size=2,
                                                                  unique=True)))
    tags = st.lists(st.sampled_from(TAGS), max_size=3, unique=True)
    options.append(st.tuples(st.just("add document"), st.sampled_from(["new.md", "news/new.md", "new.txt", "new.pdf"]),
                             st.sampled_from(TITLES), st.sampled_from(DATES), tags,
                             st.lists(st.sampled_from(PARAGRAPHS), min_size=1, max_size=2)))
    on(docs, "delete document")
    on(docs, "rename document", st.sampled_from(["renamed.md", "news/renamed.md", "z-last.md"]), st.booleans())
    on(docs, "sidecar", st.one_of(st.none(), st.fixed_dictionaries({}, optional={
        "title": st.sampled_from(TITLES), "tags": st.lists(st.sampled_from(TAGS), max_size=2, unique=True),
        "date": st.sampled_from([d for d in DATES if d]), "summary": st.sampled_from(SUMMARIES[1:]),
        "source": st.sampled_from(SOURCES), "main_topics": st.lists(st.sampled_from(TOPICS), max_size=1)})))
    on(sorted(p.sidecars), "delete sidecar")
    on(sorted(set(NEW_ENTITIES) - set(p.entities)), "add entity")
    on(ents, "delete entity")
    on(ents, "rename entity")  # its file, so its slug and URL
    on(ents, "entity description", st.sampled_from(DESCRIPTIONS))
    on(ents, "entity name", st.sampled_from(["OpenAI", "Open AI Inc.", "大模型", "Anthropic", "新名字"]))
    on(ents, "entity body", st.sampled_from(["", "新的正文。", "Mentions OpenAI."]))
    on(ents, "add alias", st.sampled_from(ENTITY_ALIASES))
    on([e for e in ents if p.entities[e].aliases], "delete alias", st.integers(0, 5))
    on([e for e in ents if e.startswith("people/")], "add role", st.sampled_from(ROLE_TITLES),
       st.sampled_from(COMPANIES))
    on([e for e in ents if p.entities[e].roles], "delete role", st.integers(0, 5))
    on(ents, "broken entity", st.booleans())
    on([e for e in ents if e.startswith("topics/")], "topic parent",
       st.sampled_from([None, "large-models", "ai-safety", "robots", "nowhere"]))
    on(ents, "entity website", st.sampled_from([None, "https://example.com/", "javascript:alert(1)"]))
    options.append(st.tuples(st.just("template"), st.sampled_from(sorted(TEMPLATES)),
                             st.sampled_from([*MARKS, None])))
    on(sorted(p.templates), "delete template")
    options.append(st.tuples(st.just("static"), st.sampled_from(STATIC), st.sampled_from(["/* a */\n", "b\n"])))
    on(sorted(p.static), "delete static")
    options.append(st.tuples(st.just("content file"), st.sampled_from(["images/b.png", "data/table.csv",
                                                                        "diagram.svg"])))
    on(sorted(p.assets), "delete content file")
    options.append(st.sampled_from([("config", key, value) for key, values in CONFIG.items() for value in values]))
    options.append(st.tuples(st.just("code"), st.sampled_from([v for v in range(len(CODE_WORDS) + 1) if v != p.code])))
    return st.one_of(options)


def apply(p: Project, edit: Edit) -> None:
    kind, *args = edit
    doc = p.docs.get(args[0]) if args and isinstance(args[0], str) else None
    entity = p.entities.get(args[0]) if args and isinstance(args[0], str) else None
    match kind:
        case "body":
            doc.paragraphs = args[1]
        case "title":
            doc.title = args[1]
        case "date":
            doc.date = args[1]
        case "draft":
            doc.draft = args[1]
        case "tags":
            doc.tags = args[1]
        case "main_topics":
            doc.topics = args[1]
        case "summary":
            doc.summary = args[1]
        case "footnotes":
            doc.notes = args[1]
        case "aliases":
            doc.aliases = args[1]
        case "slug":
            doc.slug = args[1]
        case "featured_image":
            doc.image = args[1]
        case "url":
            doc.url = args[1]
        case "authors":
            doc.authors = args[1]
        case "lang":
            doc.lang = args[1]
        case "translation_key":
            doc.translation_key = args[1]
        case "broken front matter":
            doc.broken = args[1]
        case "swap slugs":
            a, b = (p.docs[rel] for rel in args[0])
            a.slug, b.slug = effective_slug(args[0][1], b), effective_slug(args[0][0], a)
        case "add document":
            rel, title, date, tags, paragraphs = args
            p.docs[rel] = Doc(title, paragraphs, date, tags, plain=rel.endswith((".txt", ".pdf")),
                              pdf=rel.endswith(".pdf"))
        case "delete document":
            del p.docs[args[0]]
            p.sidecars.pop(args[0], None)
        case "rename document":
            kept = args[0].rsplit(".", 1)[1]  # a .txt or .pdf stays one
            new = args[1] if kept == "md" else f"{args[1][:-3]}.{kept}"
            p.docs[new] = p.docs.pop(args[0])
            side = p.sidecars.pop(args[0], False)
            if args[2] and side is not False:  # the writer renamed its sidecar too (else it is left behind: gone)
                p.sidecars[new] = side
        case "sidecar":
            p.sidecars[args[0]] = args[1]
        case "delete sidecar":
            del p.sidecars[args[0]]
        case "add entity":
            p.entities[args[0]] = copy.deepcopy(NEW_ENTITIES[args[0]])
        case "delete entity":
            del p.entities[args[0]]
        case "rename entity":
            folder, stem = args[0].split("/")
            p.entities[f"{folder}/{stem}-renamed"] = p.entities.pop(args[0])
        case "entity description":
            entity.description = args[1]
        case "entity name":
            entity.name = args[1]
        case "entity body":
            entity.body = args[1]
        case "add alias":
            entity.aliases = list(dict.fromkeys([*entity.aliases, args[1]]))
        case "delete alias":
            del entity.aliases[args[1] % len(entity.aliases)]
        case "add role":
            entity.roles.append((args[1], args[2]))
        case "delete role":
            del entity.roles[args[1] % len(entity.roles)]
        case "broken entity":
            entity.broken = args[1]
        case "topic parent":
            entity.parent = args[1]
        case "entity website":
            entity.website = args[1]
        case "template":
            p.templates[args[0]] = args[1]
        case "delete template":
            del p.templates[args[0]]
        case "static":
            p.static[args[0]] = args[1]
        case "delete static":
            del p.static[args[0]]
        case "content file":
            p.assets[args[0]] = {"png": PNG, "csv": b"a,b\n1,2\n", "svg": b'<svg xmlns="http://www.w3.org/2000/svg"/>'
                                 }[args[0].rsplit(".", 1)[1]]
        case "delete content file":
            del p.assets[args[0]]
        case "config":
            p.config[args[0]] = args[1]
        case "code":
            p.code = args[0]
        case _:
            raise AssertionError(kind)


# --- the project on disk, the code, the two builds ----------------------------------------------

def sync(project: Path, p: Project) -> list[Path]:
    """Make the project folder hold p's files, touching only those that changed (as an editor
    saves); the paths written or deleted."""
    wanted = p.files()
    changed = []
    for folder in ("content", "templates", "static"):
        for path in sorted((project / folder).rglob("*")) if (project / folder).is_dir() else []:
            if path.is_file() and path.relative_to(project).as_posix() not in wanted:
                path.unlink()
                changed.append(path)
    for rel, data in wanted.items():
        path = project / rel
        if not path.is_file() or path.read_bytes() != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            changed.append(path)
    return changed


# every module of ours that calls it by name (imported by the build and the serve module above)
CODE_READERS = [module for name, module in list(sys.modules.items()) if name.startswith("site_builder")
                and getattr(module, "code_fingerprint", None) is fingerprint.code_fingerprint]
ORIGINAL_CODE = fingerprint.code_fingerprint()
# the interface's words of each catalogue, as templates read them (one object per catalogue)
WORDS = {name: i18n.strings(name) for name in ("en", "zh-CN")}
ORIGINAL_WORDS = {lang: {key: words[key] for key in CODE_WORDS} for lang, words in WORDS.items()}


def set_code(mp: pytest.MonkeyPatch, version: int) -> None:
    """Another version of site-builder's code: another fingerprint (everywhere a build that
    runs here imports it by name; distributed.py's is for Dask workers), and something the
    code makes that shows on the pages (an interface word). Version 0 is the code as it is;
    mp undoes it all."""
    code = ORIGINAL_CODE if version == 0 else f"{ORIGINAL_CODE}+v{version}"
    for module in CODE_READERS:
        mp.setattr(module, "code_fingerprint", lambda code=code: code)
    for lang, words in WORDS.items():
        for i, key in enumerate(CODE_WORDS):
            word = ORIGINAL_WORDS[lang][key] + (f"〔v{version}〕" if version == i + 1 else "")
            mp.setitem(words, key, word)
            mp.setattr(words, key, word)  # templates read t.key


@dataclass
class Outcome:
    files: dict[str, bytes] | None  # None: the build raised
    error: str = ""
    diagnostics: list[str] | None = None  # None: not compared


def run_build(project: Path, **kwargs: Any) -> Outcome:
    config = load_config(project)
    try:
        report = build(config, Reporter(strict=config.strict, stream=None), jobs=1, **kwargs)
    except Exception as exc:  # a broken template: both builds must fail alike (the file's path aside)
        return Outcome(None, f"{type(exc).__name__}: {str(exc).splitlines()[0]}")
    return Outcome(snapshot(config.output_dir), diagnostics=sorted(str(d) for d in report.diagnostics))


def cold_build(project: Path, where: Path) -> Outcome:
    shutil.rmtree(where, ignore_errors=True)
    shutil.copytree(project, where, ignore=shutil.ignore_patterns(".cache", "public", ".public*"))
    return run_build(where)


def readable(data: bytes | None) -> list[str]:
    return [] if data is None else data.decode("utf-8", "replace").splitlines(keepends=True)


def differences(incremental: dict[str, bytes], cold: dict[str, bytes]) -> str:
    """'' when the two sites are the same; else the files that differ and a diff of the first."""
    paths = sorted(set(incremental) ^ set(cold) | {p for p in incremental.keys() & cold.keys()
                                                    if incremental[p] != cold[p]})
    if not paths:
        return ""
    first = paths[0]
    diff = list(difflib.unified_diff(readable(cold.get(first)), readable(incremental.get(first)),
                                     f"cold/{first}", f"incremental/{first}", n=1))
    shown = "".join(diff[:40]) + ("  …\n" if len(diff) > 40 else "")
    if first not in incremental or first not in cold:
        shown = f"{first}: only in the {'cold' if first in cold else 'incremental'} build\n"
    return f"{len(paths)} files differ between the incremental and the cold build: {paths}\n{shown}"


def check_same(incremental: Outcome, cold: Outcome) -> None:
    if incremental.files is None or cold.files is None:
        assert incremental.error == cold.error, f"incremental: {incremental.error!r}\ncold: {cold.error!r}"
        return
    problem = differences(incremental.files, cold.files)
    assert not problem, problem
    if incremental.diagnostics is not None:  # the build's warnings and errors too
        only = [f"only in the {name} build: {d}" for name, mine, other in
                (("incremental", incremental.diagnostics, cold.diagnostics),
                 ("cold", cold.diagnostics, incremental.diagnostics)) for d in mine if d not in other]
        assert incremental.diagnostics == cold.diagnostics, "\n".join(only) or "the same, counted differently"


# Hundreds of small sites are made and deleted: in memory when the machine offers a tmpfs
# (deleting a folder on a busy ext4 disk costs milliseconds, and a site has a hundred)
SCRATCH = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
STATS = {"sequences": 0, "steps": 0, "seconds": 0.0}


@pytest.fixture(scope="module", autouse=True)
def _report_stats():
    yield
    if STATS["sequences"]:
        print(f"\nincremental property: {STATS['sequences']} sequences, {STATS['steps']} steps, "
              f"{STATS['seconds']:.1f} s")


def run_sequence(data: st.DataObject, step: Callable[[Path, Project, str], Outcome],
                 edit_strategy: Callable[[Project], st.SearchStrategy[Edit]],
                 modes: st.SearchStrategy[str] | None = None) -> None:
    """Build the initial site, then in each step apply the drawn edits to the project and
    build it with step(project, p, mode) (incrementally, in the way the drawn mode says),
    and compare with a cold build of the same project."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(dir=SCRATCH) as tmp, pytest.MonkeyPatch.context() as mp:
        project, p = Path(tmp) / "kb", initial()
        set_code(mp, 0)
        sync(project, p)
        check_same(run_build(project), cold_build(project, Path(tmp) / "cold"))
        steps = data.draw(STEPS, label="steps")
        STATS["sequences"] += 1
        for i in range(steps):
            for j in range(data.draw(EDITS, label=f"edits in step {i + 1}")):  # saved together, built once
                edit = data.draw(edit_strategy(p), label=f"step {i + 1}, edit {j + 1}")
                event(f"edit: {edit[0]}")
                apply(p, edit)
            set_code(mp, p.code)
            incremental = step(project, p, data.draw(modes, label=f"step {i + 1}") if modes is not None else "")
            STATS["steps"] += 1
            check_same(incremental, cold_build(project, Path(tmp) / "cold"))
    STATS["seconds"] += time.perf_counter() - started


@settings(PROFILE)
@given(st.data())
def test_an_incremental_build_equals_a_cold_build_after_any_edits(data: st.DataObject) -> None:
    def step(project: Path, p: Project, mode: str) -> Outcome:
        sync(project, p)
        return run_build(project)

    run_sequence(data, step, edits)


# --- the dev server's fast path ------------------------------------------------------------------

def document_edits(p: Project) -> st.SearchStrategy[Edit]:
    """Saves of documents alone: what the dev server shows at once (serve.fast_path)."""
    docs = sorted(p.docs)
    md = sorted(rel for rel, d in p.docs.items() if not d.plain)
    options = [
        st.tuples(st.just("body"), st.sampled_from(docs), st.lists(st.sampled_from(PARAGRAPHS), min_size=1,
                                                                   max_size=3)),
        st.tuples(st.just("title"), st.sampled_from(docs), st.sampled_from(TITLES)),
    ]
    if md:
        options += [
            st.tuples(st.just("tags"), st.sampled_from(md), st.lists(st.sampled_from(TAGS), max_size=3, unique=True)),
            st.tuples(st.just("date"), st.sampled_from(md), st.sampled_from(DATES)),
            st.tuples(st.just("footnotes"), st.sampled_from(md), st.lists(st.sampled_from(NOTES), max_size=3)),
            st.tuples(st.just("summary"), st.sampled_from(md), st.sampled_from(SUMMARIES)),
            st.tuples(st.just("draft"), st.sampled_from(md), st.booleans()),
            st.tuples(st.just("slug"), st.sampled_from(md), st.sampled_from([None, *SLUGS])),
            st.tuples(st.just("broken front matter"), st.sampled_from(md), st.booleans()),
            st.tuples(st.just("main_topics"), st.sampled_from(md), st.lists(st.sampled_from(TOPICS), max_size=2,
                                                                            unique=True)),
            st.tuples(st.just("aliases"), st.sampled_from(md), st.lists(st.sampled_from(DOC_ALIASES), max_size=2,
                                                                        unique=True)),
            st.tuples(st.just("authors"), st.sampled_from(md), st.lists(st.sampled_from(AUTHORS), max_size=2,
                                                                        unique=True)),
        ]
    return st.one_of(options)


SAVED = "saved, shown, then built"
MID_BUILD = "saved and shown while a build runs, then built"


def show(rebuilder: Rebuilder, paths: set[Path]) -> list[str]:
    """What Rebuilder._show does with a burst of saves, once."""
    docs = fast_path(rebuilder.config, paths)
    shown: list[str] = []
    if docs and rebuilder.site and not rebuilder.state.errors and not rebuilder.state.crash:
        shown = render_saved_documents(rebuilder.config, *rebuilder.site, docs)
        now = time.monotonic()
        rebuilder.shown.update((rel, now) for rel in shown)
    return shown


class Server:
    """The dev server's rebuilder for each project, its saves shown and built as they would be."""

    def __init__(self) -> None:
        self.rebuilders: dict[Path, Rebuilder] = {}

    def rebuilder(self, project: Path) -> Rebuilder:
        if project not in self.rebuilders:
            self.rebuilders[project] = Rebuilder(load_config(project), ServerState(), reload=lambda: None,
                                                 log=lambda message: None)
            self.rebuilders[project].build()  # the server's first build: it remembers the site
        return self.rebuilders[project]

    def __call__(self, project: Path, p: Project, mode: str) -> Outcome:
        rebuilder = self.rebuilder(project)
        if mode == SAVED:
            event(f"shown at once: {len(show(rebuilder, set(sync(project, p))))} pages")
        else:
            def save_meanwhile(site, setup) -> None:  # the build has read the documents and indexed them
                event(f"shown mid-build: {len(show(rebuilder, set(sync(project, p))))} pages")
                Rebuilder.remember(rebuilder, site, setup)

            rebuilder.remember = save_meanwhile
            try:
                rebuilder.build()
            finally:
                del rebuilder.remember
        rebuilder.build()  # the build the save started
        assert rebuilder.state.crash is None, rebuilder.state.crash
        return Outcome(snapshot(rebuilder.config.output_dir))


@settings(PROFILE, max_examples=max(PROFILE.max_examples // 2, 1))
@given(st.data())
def test_the_dev_servers_fast_path_ends_where_a_cold_build_ends(data: st.DataObject) -> None:
    """A saved document is shown at once (render_saved_documents, against the last build's
    index), then the incremental build runs; or the save comes while a build is running (it
    has read the documents already), is shown, that build leaves the shown page in place
    (newer), and the build the save started follows. Either way the output folder then
    equals a cold build's."""
    run_sequence(data, Server(), document_edits, st.sampled_from([SAVED, MID_BUILD]))


# --- a named regression ----------------------------------------------------------------------------

def test_swapping_the_slugs_of_two_documents_that_share_a_tag_updates_the_tag_page(tmp_path: Path) -> None:
    """The tag page links each title to its document's new URL, as a reader follows it."""
    project = tmp_path / "kb"
    p = Project(docs={"a.md": Doc("第一篇", [PARAGRAPHS[0]], "2025-01-01", ["共同"], slug="alpha"),
                      "b.md": Doc("第二篇", [PARAGRAPHS[1]], "2025-01-02", ["共同"], slug="beta")},
                sidecars={}, entities={}, config={"language": "zh-CN", "base_url": "https://example.org/"})
    sync(project, p)
    assert run_build(project).files is not None
    apply(p, ("swap slugs", ["a.md", "b.md"]))
    sync(project, p)
    site = run_build(project)
    out = project / "public"

    def page(href: str) -> BeautifulSoup:
        return BeautifulSoup((out / href.strip("/") / "index.html").read_text(encoding="utf-8"), "html.parser")

    links = {a.get_text(strip=True): a["href"] for a in page("/tags/共同/").select("a.doc-title")}
    assert sorted(links) == ["第一篇", "第二篇"], site.diagnostics
    assert links == {"第一篇": "/articles/beta/", "第二篇": "/articles/alpha/"}
    for title, href in links.items():
        assert page(href).h1.get_text(strip=True) == title
