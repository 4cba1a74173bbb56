"""static/ is copied to the site root; non-document files in content/ (images, PDFs)
keep their path. Symlinks that point outside their folder are skipped."""

from __future__ import annotations

from pathlib import Path

from site_builder.loader import DOCUMENT_SUFFIXES, REGISTRY_FOLDERS, SIDECAR_SUFFIX
from site_builder.output import OutputTree
from site_builder.site import Site


def _files(folder: Path):
    if not folder.is_dir():
        return
    root = folder.resolve()
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(p.startswith(".") for p in rel.parts) or not path.is_file():
            continue
        if path.is_symlink() and not path.resolve().is_relative_to(root):  # rglob does not enter linked folders
            continue
        yield path, rel.as_posix()


def emit(site: Site, out: OutputTree) -> int:
    count = 0
    for path, rel in _files(site.config.static_dir):
        out.copy(path, rel)
        count += 1
    for path, rel in _files(site.config.content_dir):
        if (path.suffix.lower() in DOCUMENT_SUFFIXES or rel.endswith(SIDECAR_SUFFIX)
                or rel.split("/")[0] in REGISTRY_FOLDERS or rel in out.files):
            continue
        out.copy(path, rel)
        count += 1
    return count
