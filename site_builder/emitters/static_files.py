"""Static files (the theme's, then the site's static/ replacing same-named ones) are
copied to the site root; non-document files in content/ (images, PDFs) keep their path.
Symlinks that point outside their folder are skipped."""

from __future__ import annotations

from site_builder.layers import static_files
from site_builder.loader import REGISTRY_FOLDERS, SIDECAR_SUFFIX, files, is_document
from site_builder.output import OutputTree
from site_builder.site import Site


def _asset(rel: str) -> bool:
    """A file of content/ that is published as it is: not a document or a sidecar."""
    return not is_document(rel) and not rel.endswith(SIDECAR_SUFFIX)


def emit(site: Site, out: OutputTree) -> int:
    count = 0
    for rel, path in static_files(site.config).items():
        out.copy(path, rel)
        count += 1
    for path, rel in files(site.config.content_dir, REGISTRY_FOLDERS, _asset):
        if rel in out.files:
            continue
        out.copy(path, rel)
        count += 1
    return count
