"""Sections: a folder's own text, as other generators keep it (Hugo's `_index.md`; an
`index.md` beside other documents, as Jekyll and Hexo sites have one per folder), is the
page of that folder listing the documents under it, not an article. An `index.md` alone in
its folder (Hugo's page bundle: the document and its images) stays an article.

Which files are sections is decided by the build from the paths of all documents (a
folder gains a second document: its index becomes a section), never by a worker that sees
one file, so that a rebuild decides as a cold build does."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

from site_builder.model import Document

SECTION_STEMS = frozenset({"_index"})  # always a section
INDEX_STEMS = frozenset({"index"})  # a section when its folder holds another document


@dataclass
class Section:
    folder: str  # relative to the content folder, POSIX; "" is the content folder itself
    doc: Document  # its text
    documents: list[Document] = field(default_factory=list)  # under the folder, newest first


def folder_of(rel: str) -> str:
    return rel.rpartition("/")[0]  # rel is POSIX and relative: string work, 10x pathlib's


def _stem(rel: str) -> str:
    return PurePosixPath(rel.rpartition("/")[2]).stem


def section_files(rels: list[str]) -> set[str]:
    """The documents (by path) that are the text of their folder."""
    stems = SECTION_STEMS | INDEX_STEMS
    candidates = {rel for rel in rels if rel.rpartition("/")[2].partition(".")[0] in stems and _stem(rel) in stems}
    occupied: set[str] = set()  # folders holding a document besides their index files
    for rel in rels:
        if rel in candidates:
            continue
        folder = folder_of(rel)
        while folder not in occupied:  # its parents are in already when it is
            occupied.add(folder)
            if not folder:
                break
            folder = folder_of(folder)
    return {rel for rel in candidates if _stem(rel) in SECTION_STEMS or folder_of(rel) in occupied}


def group(sections: list[Document], documents: list[Document]) -> list[Section]:
    """Each section with the documents under its folder (documents newest first already);
    one section per folder: the first by path (_index.md before index.md)."""
    by_folder: dict[str, Section] = {}
    for doc in sorted(sections, key=lambda d: d.rel):
        by_folder.setdefault(folder_of(doc.rel), Section(folder_of(doc.rel), doc))
    if not by_folder:
        return []
    for doc in documents:
        folder = folder_of(doc.rel)
        while True:
            if (section := by_folder.get(folder)) is not None:
                section.documents.append(doc)
            if not folder:
                break
            folder = folder_of(folder)
    return sorted(by_folder.values(), key=lambda s: s.folder)
