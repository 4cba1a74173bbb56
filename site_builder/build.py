"""The build, end to end: load -> link -> index -> emit."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from site_builder.config import Config
from site_builder.diagnostics import Diagnostic, Reporter
from site_builder.emitters import EMITTERS
from site_builder.index import build_index
from site_builder.loader import discover, load_document
from site_builder.markdown import RenderContext, render
from site_builder.mentions import Matcher
from site_builder.model import Document, RenderedBody
from site_builder.output import OutputTree
from site_builder.registry import Registry, load_registry
from site_builder.site import Site
from site_builder.slugs import unique
from site_builder.templates import environment
from site_builder.urls import Urls


@dataclass
class BuildReport:
    pages: dict[str, int] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def errors(self) -> int:
        return sum(d.severity == "error" for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(d.severity == "warning" for d in self.diagnostics)


def build(config: Config, reporter: Reporter | None = None) -> BuildReport:
    started = time.perf_counter()
    reporter = reporter or Reporter(strict=config.strict)
    registry, documents, ctx, bodies = load_and_link(config, reporter)       # load, link
    index = build_index(documents, bodies, registry)                         # index
    site = Site(config, index, bodies, Urls(config.base_path), environment(config.templates_dir),
                reporter, ctx)

    report = BuildReport()                                                   # emit
    with OutputTree(config.output_dir) as out:
        for emitter in EMITTERS:
            report.pages[emitter.name] = emitter.emit(site, out)
    report.diagnostics = list(reporter.items)
    report.seconds = time.perf_counter() - started
    return report


def load_and_link(config: Config, reporter: Reporter
                  ) -> tuple[Registry, list[Document], RenderContext, dict[str, RenderedBody]]:
    """Read the registry and the documents, render every body with its entity links."""
    registry = load_entities(config, reporter)
    documents = load_documents(config, reporter)
    for doc in documents:
        for name in doc.topics:
            registry.topic_for(name)  # main_topics without a file are topics too
    ctx = RenderContext(config.allow_html, config.base_path, config.language, Matcher(registry),
                        registry.entities, config.entity_links)
    bodies = {doc.rel: render_body(doc, ctx, config, reporter) for doc in documents}
    return registry, documents, ctx, bodies


def load_documents(config: Config, reporter: Reporter) -> list[Document]:
    """Every publishable document, with a unique slug; problems go to the reporter."""
    documents = []
    for path in discover(config.content_dir):
        result = load_document(path, config.content_dir)
        reporter.extend(result.diagnostics)
        if result.document and (config.drafts or not result.document.draft):
            documents.append(result.document)
    taken: set[str] = set()
    for doc in documents:  # discover() sorts by path, so the first keeps the plain slug
        slug = unique(doc.slug, taken)
        if slug != doc.slug:
            reporter.warning(doc.rel, f"slug {doc.slug!r} is taken by another document; using {slug!r}")
            doc.slug = slug
    for doc in documents:
        if doc.featured_image and not image_exists(doc.featured_image, doc, config):
            reporter.warning(doc.rel, f"missing image {doc.featured_image}")
            doc.featured_image = None
    return documents


def load_entities(config: Config, reporter: Reporter) -> Registry:
    registry, diagnostics = load_registry(config.content_dir)
    reporter.extend(diagnostics)
    return registry


def render_body(doc: Document, ctx: RenderContext, config: Config, reporter: Reporter) -> RenderedBody:
    body = render(doc.body, ctx, doc.body_line)
    for line, message in body.note_problems:
        reporter.warning(doc.rel, message, line)
    for src in body.images:
        if not image_exists(src, doc, config):
            reporter.warning(doc.rel, f"missing image {src}")
    return body


def image_exists(src: str, doc: Document, config: Config) -> bool:
    """Remote images are taken on trust; local ones must exist in static/ or content/."""
    if "://" in src or src.startswith(("//", "data:")):
        return True
    if src.startswith(config.base_path) and config.base_path != "/":
        src = "/" + src[len(config.base_path):]
    rel = src.split("?")[0].split("#")[0]
    if rel.startswith("/"):
        candidates = [config.static_dir / rel.lstrip("/"), config.content_dir / rel.lstrip("/")]
    else:
        candidates = [config.content_dir / Path(doc.rel).parent / rel]
    return any(c.resolve().is_file() for c in candidates)
