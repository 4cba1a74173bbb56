"""Jinja2 environment: the site's templates/ over the theme's, autoescape always on, and
the globals every template may use. Built the same way in the main process and in each worker."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

import jinja2
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup, escape

from site_builder import layers
from site_builder.cache import BuildCache
from site_builder.config import Config
from site_builder.footnotes import entity_linker, format_citation
from site_builder.i18n import format_period, format_when, language_name, strings, translations
from site_builder.registry import Registry, kind_of
from site_builder.urls import Urls


def environment(config: Config, registry: Registry | None = None) -> jinja2.Environment:
    """registry: the entity registry's files' entities, whose pages the publishers and authors
    of sources link to (in every page's salt: see pages.py)."""
    env = jinja2.Environment(
        loader=loader(config),
        bytecode_cache=_COMPILED,
        autoescape=True,  # content is untrusted: every {{ }} is escaped
        undefined=jinja2.StrictUndefined,  # a typo in a template fails the build loudly
        trim_blocks=True,
        lstrip_blocks=True,
        # one environment per build (and per worker): templates cannot change under it, so
        # no stat of each template and its parents on every one of 30,000 renders
        auto_reload=False,
        extensions=["jinja2.ext.i18n"],  # _(), gettext, ngettext and {% trans %} from the catalogue
    )
    env.install_gettext_translations(translations(config.language), newstyle=True)
    t, urls = strings(config.language), Urls.for_config(config)
    link = entity_linker(registry.by_name, registry.entities, lambda e: urls.entity(e.section, e.slug)) \
        if registry else None
    env.globals.update(site=config, urls=urls, t=t,
                       format_citation=lambda c: Markup(format_citation(c, t, config.language, link)),
                       # a mention's or note reference's sentence, read from the cache where stowed
                       sentence=(sentence := BuildCache(config.root / ".cache").sentence),
                       marked=lambda m: marked(sentence(m), m.at, m.at + m.length))
    # what the long lists call on every item, as filters: Jinja calls a filter directly, a
    # global function or a macro through the context (twice the time; an entity's pages list
    # 240,000 items at 10,000 documents)
    env.filters.update(marked=env.globals["marked"], document_url=urls.document,
                       plural=lambda count, key: t.n(key, count),
                       doc_link=_macro(env, "doc_link"), doc_date=_macro(env, "date"),
                       entity_link=_macro(env, "entity_link"))
    # the same on every page: made here once, not called for 30,000 times
    env.globals["nav"] = {
        "home": urls.home(), "tags": urls.tags(), "feed": urls.static("feed.xml"),
        "style": urls.static("style.css"), "favicon": urls.static("favicon.svg"), "script": urls.static("site.js"),
        **{section: urls.section(section) for section in ("articles", "topics", *config.entity_folders, "citations",
                                                            "search")},
    }
    # each kind's name and each registry folder's heading; a folder of the site's own is named as it is
    sections = {folder: t.get(folder) or folder.replace("-", " ").replace("_", " ").title()
                for folder in config.entity_folders}
    kinds = {kind_of(folder): t.get("topic_kind" if folder == "topics" else kind_of(folder)) or sections[folder]
             for folder in config.entity_folders}
    env.globals.update(section_labels=sections, kind_labels=kinds,
                       entity_sections=[(f, sections[f]) for f in config.entity_folders if f != "topics"])
    # the hover card's count, in each plural form the language has (site.js chooses by n == 1)
    site_data = {"base": urls.home(), "kinds": kinds,
                 "mentionedIn": t.form("card_count", 2),
                 "mentionedInOne": t.form("card_count", 1)}
    env.globals["site_data"] = htmlsafe_json_dumps(site_data, **env.policies["json.dumps_kwargs"])
    env.filters["language_name"] = language_name
    env.filters["datefmt"] = lambda when: format_when(when, config.language)
    env.filters["period"] = lambda period: format_period(period, config.language) if period else t["undated"]
    return env


def _macro(env: jinja2.Environment, name: str) -> Callable[..., Markup]:
    """A macro of _macros.html as a filter: looked up at its first call, by when a worker
    has memoized it (memoize_macros)."""
    found: Callable[..., Markup] | None = None

    def call(*args: Any) -> Markup:
        nonlocal found
        if found is None:
            found = getattr(env.get_template("_macros.html").module, name)
        return found(*args)

    return call


def loader(config: Config) -> jinja2.BaseLoader:
    """A template of the site's templates/ replaces the theme's of the same name; one that
    only changes a block extends the theme's own, `{% extends "theme/base.html" %}`."""
    return jinja2.ChoiceLoader([
        *(jinja2.FileSystemLoader(folder) for folder in layers.template_folders(config)),
        jinja2.PrefixLoader({"theme": jinja2.FileSystemLoader(layers.THEME_TEMPLATES)}),
    ])


def marked(sentence: str, start: int, end: int) -> Markup:
    """The sentence, escaped, with sentence[start:end] in <mark>: one call per mention an
    entity page shows (250,000 at 10,000 documents), not three escapes and their slices."""
    return Markup(f"{escape(sentence[:start])}<mark>{escape(sentence[start:end])}</mark>{escape(sentence[end:])}")


# Macros of _macros.html whose HTML depends on their arguments alone (and on the site's
# strings and URLs, the same for a whole build): called thousands of times per page kind
# (an entity's link on every page that names it, a date in every list, the site's header
# on every page), each is rendered once per argument and worker. The key names everything
# the macro reads of its arguments.
MEMOIZED: dict[str, Callable[..., Hashable]] = {
    "entity_link": lambda e: (e.kind, e.slug, e.name, e.description),
    # not the When itself: one instant written in two time zones is equal, but shown as written
    "date": lambda when: (when.value.isoformat(), when.precision) if when else None,
    "kind_label": lambda kind: kind,
    "tag_item": lambda tag: tag,  # (name, slug, EntityRef or None)
    # a listed document's title link, language and versions: on every item of every list
    "doc_link": lambda doc: (doc.slug, doc.title, doc.lang, doc.versions),
    "lang_of": lambda doc: doc.lang,
    "versions_of": lambda doc: doc.versions,
    # the same on every page
    "head_common": lambda: None,
    "site_header": lambda: None,
    "site_footer": lambda: None,
}


def memoize_macros(env: jinja2.Environment) -> None:
    """Put a memo in front of the MEMOIZED macros of _macros.html, for every template that
    imports them from now on. Templates without them are left as they are."""
    try:
        module = env.get_template("_macros.html").module
    except jinja2.TemplateNotFound:
        return
    for name, key_of in MEMOIZED.items():
        macro = getattr(module, name, None)
        if macro is not None:
            setattr(module, name, _memo(macro, key_of))


# Arguments remembered per macro and worker: a document's link and date are asked for on
# every list that shows it, so that the memo of a whole site grew with the site (with the
# cards read back, 165 MiB a worker at 100,000 documents); past this many it starts again.
MEMO_LIMIT = 10_000


def _memo(macro: Callable[..., Markup], key_of: Callable[..., Hashable]) -> Callable[..., Markup]:
    made: dict[Hashable, Markup] = {}

    def call(*args: Any) -> Markup:
        key = key_of(*args)
        if (html := made.get(key)) is None:
            if len(made) >= MEMO_LIMIT:
                made.clear()
            html = made[key] = macro(*args)
        return html

    return call


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates, kept in this process's memory only: shared by every environment
    it makes (the build's own, its inline worker's, the dev server's next build), and by
    the worker processes forked from it after it compiled them.

    Not on disk: Jinja's bytecode is marshalled code, run as it is loaded, and a file of it
    under .cache/ (or any folder a CI cache, an archive or a shared disk restores) would
    run whatever it was replaced with. Compiling the templates costs a process about 50 ms
    more than loading them did (measured at 10,000 documents: see the commit)."""

    def __init__(self) -> None:
        self.codes: dict[str, tuple[str | None, Any]] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        # keyed by the template's name and file; its source's checksum says it is unchanged
        found = self.codes.get(bucket.key)
        if found is not None and found[0] == bucket.checksum:
            bucket.code = found[1]

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.codes[bucket.key] = (bucket.checksum, bucket.code)


# Every environment environment() makes has the same options, so one cache serves them all.
_COMPILED = MemoryBytecodeCache()
