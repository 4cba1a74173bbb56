"""A page per document: /articles/<slug>/."""

from __future__ import annotations

from site_builder.output import OutputTree
from site_builder.site import Site


def emit(site: Site, out: OutputTree) -> int:
    for doc in site.index.documents:
        url = site.urls.document(doc.slug)
        html = site.render("document.html", doc=doc, body=site.bodies[doc.rel], url=url)
        out.write_text(site.urls.file_for(url), html)
    return len(site.index.documents)
