"""Static files (the theme's, then the site's static/ replacing same-named ones) are
copied to the site root; the files of content/ that are not documents keep their path when
they are of a passive type (images, PDFs: see PASSIVE).
Symlinks that point outside their folder are skipped.

The writer's files win: a file of the site's static/ at a path the build also writes
(robots.txt, CNAME, 404.html, a page, the sitemap) is published instead of the build's, with
one warning naming it (see own_files and OutputTree.yields); only Pagefind's bundle, which
works only as it was built, cannot be replaced. A file of content/, which may come from a
stranger, never replaces a page of the build: one error line, and the build's is published."""

from __future__ import annotations

from pathlib import Path

from site_builder.config import Config
from site_builder.layers import static_files
from site_builder.loader import PDF_SUFFIX, SIDECAR_SUFFIX, files, is_document
from site_builder.output import OutputError, OutputTree
from site_builder.site import Site

# Generated after this emitter: a file of content/ may not take their place (sitemap.xml and
# feed.xml list this build's pages; /search/ and Pagefind's bundle only work as built
# together). The pages written before this emitter are refused the same way.
RESERVED = ("sitemap.xml", "feed.xml")
RESERVED_FOLDER = "pagefind/"


# What a file of content/ may be to be published as it is: a type a browser shows or plays
# but never runs. content/ may come from a stranger, and the site is served from the
# account's Pages origin: an .html or .svg file there runs script on that origin, a CNAME
# sets the custom domain. HTML and SVG only when site.yaml's publish_html_and_svg says so.
PASSIVE = frozenset({
    "png", "jpg", "jpeg", "gif", "webp", "avif", "apng", "bmp", "ico", "tif", "tiff", "jxl",  # images, not SVG
    "pdf",
    "mp3", "m4a", "aac", "oga", "ogg", "opus", "wav", "flac", "weba",  # audio
    "mp4", "m4v", "webm", "ogv", "mov",  # video
    "woff", "woff2", "ttf", "otf",  # fonts
    "csv", "tsv", "json", "zip",  # data a document offers for download (served as such, never run)
})
ACTIVE = frozenset({"html", "htm", "svg"})


def _asset(rel: str) -> bool:
    """A file of content/ that is not a document or a sidecar. A PDF is both: it is read
    into its page, and published as it is (a link to it keeps working)."""
    return (not is_document(rel) or rel.lower().endswith(PDF_SUFFIX)) and not rel.endswith(SIDECAR_SUFFIX)


def _kind(rel: str) -> str:
    return rel.rsplit(".", 1)[1].lower() if "." in rel.rsplit("/", 1)[-1] else ""


def content_assets(site: Site) -> list[tuple[Path, str]]:
    """The files of content/ that are published, in path order; one warning per file type
    that is not, with how many files it kept back."""
    allowed = PASSIVE | ACTIVE if site.config.publish_html_and_svg else PASSIVE
    kept, refused = [], {}
    for path, rel in files(site.config.content_dir, frozenset(site.config.entity_folders), _asset):
        if _kind(rel) in allowed:
            kept.append((path, rel))
        else:
            refused.setdefault(_kind(rel), []).append(rel)
    for kind, rels in refused.items():
        what = f"a .{kind} file" if kind else "a file without a type"
        more = f" (and {len(rels) - 1:,} more like it)" if len(rels) > 1 else ""
        allow = "; publish_html_and_svg: true in site.yaml publishes them" if kind in ACTIVE else ""
        site.reporter.warning(f"{site.config.content_dir.name}/{rels[0]}",
                              f"not published{more}: {what} is not one content/ may publish (images other than "
                              f"SVG, PDF, audio, video, fonts, CSV, JSON and ZIP){allow}")
    return kept


def publishable(config: Config) -> list[str]:
    """The paths of the files of content/ that are published (what a document's link or
    image may name: doclinks.py), without a word about the others (content_assets says it)."""
    allowed = PASSIVE | ACTIVE if config.publish_html_and_svg else PASSIVE
    found = files(config.content_dir, frozenset(config.entity_folders), _asset)
    return [rel for _, rel in found if _kind(rel) in allowed]


def shown(path: Path, root: Path) -> str:
    """path as the writer knows it: relative to the project folder when it is inside."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def own_files(config: Config) -> dict[str, Path]:
    """The files of the site's own static/ (not the theme's), by output path: each is
    published in place of the build's file of that path (OutputTree.owned)."""
    if not config.static_dir.is_dir():
        return {}
    return {rel: path for path, rel in files(config.static_dir) if not rel.startswith(RESERVED_FOLDER)}


def emit(site: Site, out: OutputTree) -> int:
    config = site.config
    reserved = {*RESERVED, site.urls.file_for(site.urls.section("search"))}
    statics = static_files(config)
    ours = [(path, rel) for rel, path in statics.items()]
    ours += [(path, rel) for path, rel in content_assets(site) if rel not in statics]
    count = 0
    for path, rel in ours:
        name = shown(path, config.root)
        own = rel in out.owned and statics.get(rel) == path
        if not own and (rel in out.files or rel in reserved or rel.startswith(RESERVED_FOLDER)):
            hint = " (a page changes through its template, in templates/)" if rel.endswith(".html") else ""
            site.reporter.error(name, f"{rel} is generated by the build and cannot be replaced by a file{hint}; "
                                      "not published")
            continue
        try:
            out.copy(path, rel, own=own)
        except OutputError as exc:  # a path that differs from a page's only by case
            site.reporter.error(name, f"{exc}; not published")
            continue
        count += 1
        if own:
            site.user_files[rel] = path
    return count


def replaced(site: Site, out: OutputTree) -> None:
    """One warning for each file of the site's own published where the build had one of
    its own (after every emitter: the sitemap and robots.txt come after this one)."""
    for rel in sorted(out.yielded):
        path = site.user_files.get(rel) or site.config.static_dir / rel
        site.reporter.warning(shown(path, site.config.root), f"replaces the generated {rel}")
