"""A page per document: /articles/<slug>/, rendered in the workers."""

from __future__ import annotations

from site_builder.model import Document, RenderedBody
from site_builder.output import OutputTree
from site_builder.site import Site

TEMPLATE = "document.html"


def page_context(site: Site, doc: Document, body: RenderedBody, body_key: str,
                 related: list[Document]) -> dict:
    """What document.html needs: the document, its body (by cache key: its HTML and
    headings are read by the worker that renders the page), its mentions and its related
    documents. Also used by the dev server to show a saved page at once."""
    index, url = site.index, site.urls.document(doc.slug)
    return {
        "doc": doc, "url": url, "body_key": body_key,
        "topics": [(name, index.topic_slug(name)) for name in doc.topics],
        "tags": [(name, index.tag_slug(name), index.tag_entity(name)) for name in doc.tags],
        "in_article": index.entities_in(body.mentions),
        "related": [d.listed for d in related],
    }


def emit(site: Site, out: OutputTree) -> int:
    index, urls = site.index, site.urls
    for doc in index.documents:
        # the page is made of the document (its version names its content, mentions and the
        # registry it was linked against) and its related documents
        out.write_page_from(urls.file_for(urls.document(doc.slug)), TEMPLATE, repr(doc) + index.related_inputs(doc),
                            lambda doc=doc: page_context(site, doc, site.bodies[doc.rel], site.keys[doc.rel],
                                                         index.related(doc)))
    return len(index.documents)
