"""A document's `url:`/`permalink:` as its page's address (site.yaml `permalinks: address`),
in place of /articles/<slug>/: the old generator's links and bookmarks keep working without
a redirect.

The address is untrusted: it becomes a path inside the output folder by the rules of an
alias (redirects.alias_file), and one that is not allowed, lies in a section of the build's
own (/tags/, /articles/, a folder's page) or is another document's is refused with a
warning (one: the address is no redirect either); that document keeps /articles/<slug>/."""

from __future__ import annotations

from collections.abc import Iterable

from site_builder.diagnostics import Reporter
from site_builder.emitters.redirects import AliasError, alias_file, folders_of
from site_builder.model import Document
from site_builder.slugs import MAX_BYTES

INDEX = "index.html"


def address_slug(permalink: str) -> str:
    """The slug that names the address (see Urls.document): "/" and the site path,
    relative to the site's root; raises AliasError saying why it cannot be one."""
    rel = alias_file(permalink, "")
    if any(len(part.encode()) > MAX_BYTES for part in rel.split("/")):
        raise AliasError(f"has a part longer than {MAX_BYTES} bytes, more than a file system allows")
    return "/" + (rel[: -len(INDEX)] if rel == INDEX or rel.endswith("/" + INDEX) else rel)


def assign(documents: Iterable[Document], own: Iterable[str], sections: Iterable[str], reporter: Reporter) -> int:
    """Give each document with a permalink that address as its slug (in path order: the first
    keeps an address two name), and take it out of its aliases. own: the first folders of the
    build's own pages (tags, articles); sections: the output files of the folders' pages."""
    own = {name.strip("/") for name in own}
    files: set[str] = {INDEX, *sections}  # the home page's, and the folders' pages
    folders = {folder for rel in files for folder in folders_of(rel)}
    kept = 0
    for doc in documents:
        if not doc.permalink:
            continue
        doc.aliases = [alias for alias in doc.aliases if alias != doc.permalink]
        try:
            slug = address_slug(doc.permalink)
        except AliasError as exc:
            reporter.warning(doc.rel, f"permalink {doc.permalink!r} {exc}; the page is at /articles/{doc.slug}/")
            continue
        rel = slug[1:] + (INDEX if slug.endswith("/") else "")
        if rel.split("/", 1)[0] in own or rel in files or rel in folders or any(f in files for f in folders_of(rel)):
            reporter.warning(doc.rel, f"permalink {doc.permalink!r} is a page of the site already; the page is at "
                                      f"/articles/{doc.slug}/")
            continue
        files.add(rel)
        folders.update(folders_of(rel))
        doc.slug = slug
        kept += 1
    return kept
