"""static/ is copied to the site root; non-document files in content/ (images, PDFs)
keep their path. Symlinks that point outside their folder are skipped."""

from __future__ import annotations

import os
from pathlib import Path

from site_builder.loader import DOCUMENT_SUFFIXES, REGISTRY_FOLDERS, SIDECAR_SUFFIX, inside, walk
from site_builder.output import OutputTree
from site_builder.site import Site


def _files(folder: Path, skip: set[str] | frozenset[str] = frozenset(),
           wanted=lambda rel: True) -> list[tuple[Path, str]]:
    """The files under folder that `wanted` accepts (by relative path), in path order;
    symlinks that lead outside the folder are left out."""
    found = []
    for rel, entry in walk(folder, skip):
        if not wanted(rel):
            continue
        path = Path(entry.path)
        if entry.is_symlink() and not inside(path, folder):
            continue
        found.append((path, rel))
    return sorted(found)


def _asset(rel: str) -> bool:
    """A file of content/ that is published as it is: not a document or a sidecar."""
    return os.path.splitext(rel)[1].lower() not in DOCUMENT_SUFFIXES and not rel.endswith(SIDECAR_SUFFIX)


def emit(site: Site, out: OutputTree) -> int:
    count = 0
    for path, rel in _files(site.config.static_dir):
        out.copy(path, rel)
        count += 1
    for path, rel in _files(site.config.content_dir, REGISTRY_FOLDERS, _asset):
        if rel in out.files:
            continue
        out.copy(path, rel)
        count += 1
    return count
