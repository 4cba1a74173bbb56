"""The home page: newest documents, topics, top tags."""

from __future__ import annotations

from site_builder.output import OutputTree
from site_builder.site import Site

NEWEST = 20
TOP_TAGS = 30


def emit(site: Site, out: OutputTree) -> int:
    url = site.urls.home()
    html = site.render(
        "home.html", url=url,
        documents=site.index.documents[:NEWEST],
        topics=[(t.slug, t.name, t.count) for t in site.index.topics.values()],
        tags=[(t.slug, t.name, t.count) for t in list(site.index.tags.values())[:TOP_TAGS]],
    )
    out.write_text(site.urls.file_for(url), html)
    return 1
