"""The Site: everything the emitters read, assembled once after the index stage."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import jinja2

from site_builder.config import Config
from site_builder.diagnostics import Reporter
from site_builder.doclinks import LinkTable
from site_builder.index import SiteIndex
from site_builder.markdown import RenderContext
from site_builder.model import Document, RenderedBody
from site_builder.pages import Globals
from site_builder.urls import Urls


class Indexes(Protocol):
    """What indexes the search shards (emitters/search.Indexer, which imports this module)."""

    def index(self, jobs: list[Any]) -> list[dict[str, bytes]]: ...


@dataclass
class Site:
    config: Config
    index: SiteIndex
    bodies: dict[str, RenderedBody]  # by document path; the HTML itself is in the cache
    urls: Urls
    templates: jinja2.Environment
    reporter: Reporter
    render_context: RenderContext
    salt: str = ""  # what every page reads: the code, the config, the entity registry's files
    # the files of the site's own static/ that were published, by output path (each in place
    # of the build's file of that path, if it writes one): see emitters/static_files.py
    user_files: dict[str, Path] = field(default_factory=dict)
    links: LinkTable | None = None  # where documents' links lead (doclinks.py)
    indexer: Indexes | None = None  # the build's Pagefind, started with it (emitters/search.py)
    # what an emitter started for a later one to finish (the search index's shards, planned and
    # perhaps being indexed already: emitters/search.py)
    started: dict[str, Any] = field(default_factory=dict)
    _page_files: dict[str, str] = field(default_factory=dict, repr=False)  # slug -> its page's file

    def page_file(self, doc: Document) -> str:
        """The output file of a document's page, made once per build: its page, the search
        index and the sitemap ask for each (the URL caches hold 32,768, fewer than the
        documents of a large site: 300,000 misses cost a rebuild at 100,000 documents 0.7 s)."""
        if (rel := self._page_files.get(doc.slug)) is None:
            rel = self._page_files[doc.slug] = self.urls.file_for(self.urls.document(doc.slug))
        return rel

    @property
    def globals(self) -> Globals:
        """What every page may read besides its own reads (see pages.py)."""
        return Globals(self.config, self.urls, self.index.registry, self.render_context)

    def body_links(self, doc: Document, body: RenderedBody) -> list[str]:
        """The URLs of a document's links, in the order of their placeholders in its body's
        HTML (doclinks.py): what a page showing the body reads."""
        return [r.url for r in self.links.resolve_all(doc, body.links)] if self.links else []

    def render(self, template: str, **context: Any) -> str:
        """Render in this process (for pages that are few); see OutputTree.write_page."""
        return self.templates.get_template(template).render(**context)
