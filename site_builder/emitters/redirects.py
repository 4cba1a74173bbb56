"""A redirect page at each old address a document lists in `aliases:` (`/old/path/`, or
`old-slug`, relative to the document's folder as a link would be): a meta refresh, a
canonical link and a visible link to the document, and noindex.

Aliases are untrusted: each becomes a path inside the output folder or is refused with a
warning, as is one that would replace a page or file. It runs after every emitter that
writes pages, so it knows them all."""

from __future__ import annotations

from posixpath import dirname
from urllib.parse import unquote, urlsplit

from site_builder.output import OutputError, OutputTree
from site_builder.site import Site


class AliasError(ValueError):
    pass


def alias_file(alias: str, folder: str) -> str:
    """The output file (relative to the site root) for alias; folder is where a relative
    alias starts ("articles"). Raises AliasError saying why alias cannot be a path here."""
    parts = urlsplit(alias.strip())
    if parts.scheme or parts.netloc:
        raise AliasError("must be a path on this site, not a URL")
    if parts.query or parts.fragment:
        raise AliasError("cannot have a ?query or #fragment: a static host serves paths only")
    path = unquote(parts.path)
    if "\\" in path or any(ord(c) < 0x20 or c == "\x7f" for c in path):
        raise AliasError("must not contain backslashes or control characters")
    segments = [s for s in path.split("/") if s not in ("", ".")]
    if ".." in segments:
        raise AliasError("must not contain ..")
    if any(s.startswith(".") for s in segments):
        raise AliasError("must not name hidden files")
    if not path.startswith("/"):
        segments = [s for s in folder.split("/") if s] + segments
    if not segments:
        raise AliasError("is the home page")
    if segments[-1].endswith(".html") and not path.endswith("/"):
        return "/".join(segments)
    return "/".join([*segments, "index.html"])


def folders_of(rel: str) -> list[str]:
    """The folders rel is in: a/b/index.html -> a, a/b."""
    parts = rel.split("/")[:-1]
    return ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]


def emit(site: Site, out: OutputTree) -> int:
    urls = site.urls
    with_aliases = [doc for doc in site.index.every if doc.aliases]
    if not with_aliases:
        return 0
    files = out.files  # grows with every redirect written
    folders = {folder for rel in files for folder in folders_of(rel)}
    written = 0
    for doc in with_aliases:
        target = urls.document(doc.slug)
        folder = dirname(dirname(urls.file_for(target)))  # articles/<slug>/index.html -> articles
        for alias in doc.aliases:
            try:
                rel = alias_file(alias, folder)
            except AliasError as exc:
                site.reporter.warning(doc.rel, f"alias {alias!r} {exc}; no redirect written")
                continue
            # a file where the page would go, a folder of that name, or a file where a folder must be
            if rel in files or rel in folders or any(f in files for f in folders_of(rel)):
                site.reporter.warning(doc.rel, f"alias {alias!r} is {urls.for_file(rel)}, which is already "
                                               "a page or file of the site; no redirect written")
                continue
            try:
                out.write_text(rel, site.render("redirect.html", doc=doc, target=target))
            except (OutputError, OSError) as exc:  # alias_file refuses most first; a name too long ends here
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc  # not the temp folder
                site.reporter.warning(doc.rel, f"alias {alias!r}: {reason}; no redirect written")
                continue
            folders.update(folders_of(rel))
            written += 1
    return written
