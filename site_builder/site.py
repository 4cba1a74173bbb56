"""The Site: everything the emitters read, assembled once after the index stage."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup

from site_builder.config import Config
from site_builder.diagnostics import Reporter
from site_builder.footnotes import format_citation
from site_builder.i18n import format_when, strings
from site_builder.index import SiteIndex
from site_builder.markdown import RenderContext
from site_builder.model import RenderedBody
from site_builder.urls import Urls


@dataclass
class Site:
    config: Config
    index: SiteIndex
    bodies: dict[str, RenderedBody]  # by document path
    urls: Urls
    templates: jinja2.Environment
    reporter: Reporter
    render_context: RenderContext

    def __post_init__(self) -> None:
        # globals, not render arguments: imported macros see them too
        self.templates.globals.update(
            site=self.config, index=self.index, urls=self.urls, t=strings(self.config.language)
        )
        self.templates.filters["datefmt"] = lambda when: format_when(when, self.config.language)
        t = strings(self.config.language)
        self.templates.globals["format_citation"] = lambda c: Markup(format_citation(c, t, self.config.language))

    def render(self, template: str, **context: Any) -> str:
        return self.templates.get_template(template).render(**context)
