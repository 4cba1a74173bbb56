"""The files beside documents (a Hugo page bundle's pic.png, a Hexo asset folder's, an image
in the document's folder) copied next to the page that links them: posts/a/pic.png, linked
as `pic.png` from posts/a.md, is /articles/a/pic.png too (doclinks.LinkTable.copies).

The link stage resolved every document's links this build, so the copies are this build's
whole list; each is made again from the file's bytes at every build that is not a no-op (a
file of content/ changing makes it one that is not), as static files are. The files are
those content/ publishes (static_files.publishable), their output paths inside the page's
folder; one that would take a page's or another file's place is not copied, with an error."""

from __future__ import annotations

from site_builder.emitters.static_files import shown
from site_builder.output import OutputError, OutputTree
from site_builder.site import Site


def emit(site: Site, out: OutputTree) -> int:
    if site.links is None:
        return 0
    content = site.config.content_dir
    count = 0
    for rel, source in sorted(site.links.copies.items()):
        path = content / source
        if rel in out.files:
            site.reporter.error(shown(path, site.config.root), f"cannot be copied next to its page: {rel} is "
                                                               "already a file of the site")
            continue
        try:
            out.copy(path, rel)
        except (OutputError, OSError) as exc:
            site.reporter.error(shown(path, site.config.root), f"cannot be copied next to its page: {exc}")
            continue
        count += 1
    return count
