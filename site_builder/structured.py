"""What a page says to machines: schema.org JSON-LD, Open Graph properties and the Atom feed
of its list (a tag's, a topic's, an entity's), made from what the page reads and nothing else
(its document whole, its entity, the registry's files and the config: see pages.Globals).

Dates keep the precision the writer gave: a document dated 2026 says "2026", never an
instant nobody wrote (schema.org's Date and DateTime are ISO 8601, which has reduced precision).
The JSON is serialised by jinja's htmlsafe_json_dumps (json.dumps, then <, >, & and ' as
\\u escapes): a `</script>` in a title or a description cannot end the script element."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from site_builder.citations import Citation
from site_builder.config import Config
from site_builder.footnotes import as_written
from site_builder.model import Document, RenderedBody, When
from site_builder.registry import Entity, Registry
from site_builder.urls import Urls

CONTEXT = "https://schema.org"
# schema.org types of the registry's kinds; a topic or a kind of the site's own is a Thing
TYPES = {"person": "Person", "company": "Organization", "product": "Product"}
NEWS = "news"  # front matter `type: news`: a NewsArticle; any other document is an Article


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What _structured.html puts in a page's head: JSON-LD (already escaped for a script
    element), Open Graph properties beyond base.html's, and the page's own Atom feed."""

    jsonld: Markup | None = None
    og: tuple[tuple[str, str], ...] = ()
    feed: tuple[str, str] | None = None  # (title, URL)


def script(data: dict[str, Any]) -> Markup:
    """data as the text of a <script type="application/ld+json">, safe to put there."""
    return htmlsafe_json_dumps(data, ensure_ascii=False, separators=(",", ":"))


def feed_url(page_url: str) -> str:
    """The Atom feed of a list page (/tags/x/ -> /tags/x/feed.xml)."""
    return page_url + "feed.xml"


def _http(url: str | None) -> str | None:
    return url if url and url.lower().startswith(("http://", "https://")) else None


def entity_node(entity: Entity, urls: Urls) -> dict[str, Any]:
    """An entity as a reference: its type, name, page and website (sameAs)."""
    node = {"@type": TYPES.get(entity.kind, "Thing"), "name": entity.name,
            "url": urls.absolute(urls.entity(entity.section, entity.slug))}
    if entity.website:
        node["sameAs"] = entity.website
    return node


def _named(name: str, registry: Registry, urls: Urls, default: str) -> dict[str, Any]:
    """A publisher's or author's name: the registry's entity (not a topic) if it names one."""
    entity = registry.lookup(name)
    if entity and entity.kind != "topic":
        return entity_node(entity, urls)
    return {"@type": default, "name": name}


def image_url(doc: Document, urls: Urls) -> str | None:
    """The absolute URL of the document's featured image (a missing one is None already:
    tasks.check_images), as document.html shows it."""
    src = doc.featured_image
    if not src or src.startswith(("data:", "//")):
        return None
    return src if "://" in src else urls.absolute(urls.static(src))


def citation_node(c: Citation, registry: Registry, urls: Urls) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "CreativeWork"}
    if c.title:
        node["name"] = c.title
    if url := _http(c.url):
        node["url"] = url
    if c.publisher:
        node["publisher"] = _named(c.publisher, registry, urls, "Organization")
    if c.author:
        node["author"] = _named(c.author, registry, urls, "Person")
    if c.published:
        node["datePublished"] = c.published.isoformat()
    return node


def citations(notes: Iterable, registry: Registry, urls: Urls) -> list[dict[str, Any]]:
    """Each source the notes resolve to fields (a title or a URL), once: a note kept as the
    writer's free text is no source a machine can name."""
    seen: dict[str, dict[str, Any]] = {}
    for note in notes:
        c = note.citation
        if not as_written(c) and c.key not in seen:
            seen[c.key] = citation_node(c, registry, urls)
    return list(seen.values())


def document_ld(doc: Document, body: RenderedBody, topics: list[tuple[str, str]], config: Config, urls: Urls,
                registry: Registry) -> dict[str, Any]:
    """A document as a NewsArticle (front matter `type: news`) or an Article. topics: (name,
    slug) of each topic it is filed under (an implicit one has a page but no registry file)."""
    page = urls.absolute(urls.document(doc.slug))
    data: dict[str, Any] = {
        "@context": CONTEXT, "@type": "NewsArticle" if (doc.type or "").lower() == NEWS else "Article",
        "headline": doc.title, "url": page, "mainEntityOfPage": page, "inLanguage": doc.lang or config.language,
    }
    if doc.summary:
        data["description"] = doc.summary
    if doc.date:
        data["datePublished"] = doc.date.iso
    if doc.updated and doc.modified is doc.updated:  # only when the document says when it changed
        data["dateModified"] = doc.updated.iso
    if image := image_url(doc, urls):
        data["image"] = image
    if doc.authors:
        data["author"] = [_named(name, registry, urls, "Person") for name in doc.authors]
    data["publisher"] = {"@type": "Organization", "name": config.title, "url": urls.absolute(urls.home())}
    if doc.source:  # where the text comes from (a PDF's interview series, a newspaper)
        data["isBasedOn"] = {"@type": "CreativeWork", "name": doc.source}
    if doc.tags:
        data["keywords"] = doc.tags
    about = [entity_node(topic, urls) if (topic := registry.lookup(name, "topic"))
             else {"@type": "Thing", "name": name, "url": urls.absolute(urls.entity("topics", slug))}
             for name, slug in topics]
    if about:
        data["about"] = about
    if mentions := [entity_node(registry.entities[m.entity], urls) for m in body.mentions
                    if m.entity in registry.entities]:
        data["mentions"] = mentions
    if cited := citations(body.notes, registry, urls):
        data["citation"] = cited
    return data


def entity_ld(entity: Entity, urls: Urls) -> dict[str, Any]:
    """A person, company, product (or topic: a Thing) as its page describes it."""
    data: dict[str, Any] = {"@context": CONTEXT, **entity_node(entity, urls)}
    data["mainEntityOfPage"] = data["url"]
    if aliases := [a for a in dict.fromkeys(entity.aliases) if a != entity.name]:
        data["alternateName"] = aliases
    if entity.description:
        data["description"] = entity.description
    return data


def _time(when: When | None) -> str | None:
    return when.iso if when else None


def document_meta(doc: Document, body: RenderedBody, topics: list[tuple[str, str]], config: Config, urls: Urls,
                  registry: Registry) -> PageMeta:
    og: list[tuple[str, str]] = []
    if image := image_url(doc, urls):
        og.append(("og:image", image))
    if published := _time(doc.date):
        og.append(("article:published_time", published))
    if doc.updated and doc.modified is doc.updated:
        og.append(("article:modified_time", doc.updated.iso))
    og += (("article:tag", tag) for tag in doc.tags)
    return PageMeta(script(document_ld(doc, body, topics, config, urls, registry)), tuple(og))


def entity_meta(entity: Entity, config: Config, urls: Urls) -> PageMeta:
    page = urls.entity(entity.section, entity.slug)
    return PageMeta(script(entity_ld(entity, urls)), (), (f"{entity.name} · {config.title}", feed_url(page)))


def tag_meta(slug: str, name: str, config: Config, urls: Urls) -> PageMeta:
    return PageMeta(feed=(f"{name} · {config.title}", feed_url(urls.tag(slug))))
