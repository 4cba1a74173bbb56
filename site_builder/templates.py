"""Jinja2 environment: templates/ of the project, autoescape always on, and the globals
every template may use. Built the same way in the main process and in each worker."""

from __future__ import annotations

import jinja2
from markupsafe import Markup

from site_builder import __version__
from site_builder.config import Config
from site_builder.footnotes import format_citation
from site_builder.i18n import format_when, strings
from site_builder.urls import Urls


def environment(config: Config) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(config.templates_dir),
        bytecode_cache=_bytecode_cache(config),
        autoescape=True,  # content is untrusted: every {{ }} is escaped
        undefined=jinja2.StrictUndefined,  # a typo in a template fails the build loudly
        trim_blocks=True,
        lstrip_blocks=True,
    )
    t = strings(config.language)
    env.globals.update(site=config, urls=Urls.for_config(config), t=t,
                       format_citation=lambda c: Markup(format_citation(c, t, config.language)))
    env.filters["datefmt"] = lambda when: format_when(when, config.language)
    return env


def _bytecode_cache(config: Config) -> jinja2.BytecodeCache | None:
    """Compiled templates kept under .cache/: compiling them again in every worker of every
    build costs more than a one-document rebuild renders. Jinja keys them by each template's
    source, not by the environment's options: those come with site-builder's version."""
    folder = config.root / ".cache" / f"templates-{__version__}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:  # a read-only project: compile each time
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))
