"""A page per document: /articles/<slug>/, rendered in the workers."""

from __future__ import annotations

from site_builder.output import OutputTree
from site_builder.site import Site


def emit(site: Site, out: OutputTree) -> int:
    index, urls = site.index, site.urls
    for doc in index.documents:
        url = urls.document(doc.slug)

        def context(doc=doc, url=url) -> dict:
            return {
                "doc": doc, "url": url, "headings": site.bodies[doc.rel].headings, "body_key": site.keys[doc.rel],
                "topics": [(name, index.topic_slug(name)) for name in doc.topics],
                "tags": [(name, index.tag_slug(name), index.tag_entity(name)) for name in doc.tags],
                "in_article": index.entities_in(doc),
                "related": index.related(doc),
            }

        # the page is made of the document (its version names its content, mentions and the
        # registry it was linked against) and its related documents
        out.write_page_from(urls.file_for(url), "document.html", repr(doc) + index.related_inputs(doc), context)
    return len(index.documents)
