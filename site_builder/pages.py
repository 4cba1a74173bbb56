"""Pages, and the one component that decides which to render and which to keep.

An emitter yields Pages: an output file, its template, the typed dependencies it reads
(depends.py) and a `make` function that builds the template's context from their values
and the build's Globals. Nothing else goes into a page, so the fingerprint of what it
reads names everything it shows:

    fingerprint = digest(salt, its template and the templates that one uses, each read's bytes)

where the salt is what every page reads through the Globals and the templates' globals
(the code, the config, the entity registry's files). A page whose fingerprint is the
previous build's, and whose file is still there, is kept without its context being made;
any other is rendered (on the executor's workers, or here), and written only if its
bytes changed (OutputTree). The fingerprints are kept in the manifest with the files.

A Group is pages fingerprinted together first (the pages of one tag or entity, a group of
document pages): a rebuild that leaves the group's reads as they were keeps all its pages
with one comparison, without paginating it or making its pages' reads. Compare Quartz 4's
emitters with their dependency graph (quartz/depgraph.ts, partialEmit): here the graph is
made anew by each build, from the index it makes anyway, and only its fingerprints are kept."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import meta

from site_builder import layers
from site_builder.cache import digest
from site_builder.config import Config
from site_builder.depends import Read
from site_builder.markdown import RenderContext
from site_builder.output import OutputTree
from site_builder.registry import Registry
from site_builder.urls import Urls


@dataclass(frozen=True)
class Globals:
    """What every page's make function may read besides its reads: each is in the salt of
    every page (the registry by its files; an implicit topic, named only by documents'
    main_topics, is read through a Value)."""

    config: Config
    urls: Urls
    registry: Registry
    render_context: RenderContext


@dataclass(frozen=True, slots=True)
class Page:
    rel: str  # the output file, relative to the site root
    template: str
    make: Callable[..., dict[str, Any]]  # (globals, *the reads' values) -> the template's context
    reads: tuple[Read, ...] = ()

    def context(self, g: Globals) -> dict[str, Any]:
        return self.make(g, *(read.value() for read in self.reads))


@dataclass(frozen=True, slots=True)
class Paged:
    """How the pages of a paginated group differ: each reads what all of them read (the
    shape: the group's head, the page size, the length of the list: a page's place in the
    list is a function of its number and these) and its own slice of the list. digests()
    gives digest(read.fingerprint()) of each page's read of its slice (Cards.digests,
    Mentioning.digests: in one pass, not a read made per page); page(k) makes the k-th
    page alone."""

    shape: tuple[Read, ...]
    digests: Callable[[], list[str]]
    page: Callable[[int], Page]


@dataclass(frozen=True, slots=True)
class Group:
    """Pages made together (the pages of one tag or entity, a group of document pages),
    whose pages() read no more than the group's reads. paged: how its pages differ, so that a group of which one
    slice changed (a document of the list edited) makes that slice's page alone."""

    name: str
    template: str
    rels: list[str]  # the files pages() makes
    reads: tuple[Read, ...]
    pages: Callable[[], Iterable[Page]]
    paged: Paged | None = None


@dataclass(frozen=True, slots=True)
class File:
    """A file made without a template (the sitemap): make gives its bytes."""

    rel: str
    make: Callable[..., bytes]  # (globals, *the reads' values) -> the file's bytes
    reads: tuple[Read, ...] = ()


Item = Page | Group | File
# the inputs a paged group records besides its own fingerprint (see PageMaker._paged)
SHAPE, SLICES = "\0shape", "\0slices"


_REFERENCES: dict[str, tuple[str | None, ...]] = {}  # by template source: see Templates._references


class Templates:
    """A fingerprint of each template together with every template it extends, includes
    or imports (jinja2.meta), as the site's layers resolve them: editing tag.html makes
    the tag pages again, not the whole site. A template that names another by a variable
    is fingerprinted with all of them."""

    def __init__(self, env: jinja2.Environment, config: Config) -> None:
        self.env, self.config = env, config
        self.made: dict[str, bytes] = {}
        self._all: bytes | None = None

    def fingerprint(self, name: str) -> bytes:
        if (made := self.made.get(name)) is None:
            made = self.made[name] = self._closure(name)
        return made

    def _closure(self, name: str) -> bytes:
        parts, seen, todo = [], set(), [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            assert self.env.loader is not None
            source, filename, _ = self.env.loader.get_source(self.env, current)
            parts.append(f"{current}\0{self._layer(filename)}\0{source}".encode())
            for other in self._references(source):
                if other is None:  # named by a variable: any of them
                    return self.everything()
                todo.append(other)
        return digest(*sorted(parts)).encode()

    def _layer(self, filename: str | None) -> str:
        """Which layer a template file is of (0: the site's, 1: the theme's), not where it is:
        site-builder installed at another path (another checkout, virtualenv or CI runner)
        makes the same pages, which its path made render again (every page of 100,000
        documents, to the same bytes)."""
        for layer, folder in enumerate(layers.template_folders(self.config)):
            if filename and Path(filename).is_relative_to(folder):
                return str(layer)
        return filename or ""

    def _references(self, source: str) -> tuple[str | None, ...]:
        """The templates a template's source names (None: one named by a variable). Parsed
        once per source and process: a dev server's or a test's builds parse no template again."""
        if (found := _REFERENCES.get(source)) is None:
            found = _REFERENCES[source] = tuple(meta.find_referenced_templates(self.env.parse(source)))
        return found

    def everything(self) -> bytes:
        if self._all is None:
            self._all = digest(*(f"{layer}/{p.relative_to(folder).as_posix()}".encode() + b"\0" + p.read_bytes()
                                 for layer, folder in enumerate(layers.template_folders(self.config))
                                 for p in sorted(folder.rglob("*.html")))).encode()
        return self._all


class PageMaker:
    """Fingerprints every page an emitter yields, keeps those whose fingerprint is the
    previous build's and makes the others: on the executor's workers, or in this process
    (`here`: the few pages made after the workers are gone)."""

    def __init__(self, out: OutputTree, g: Globals, env: jinja2.Environment, salt: str) -> None:
        self.out, self.globals, self.env = out, g, env
        self.salt = salt.encode()
        self.templates = Templates(env, g.config)

    def fingerprint(self, template: str, reads: tuple[Read, ...]) -> str:
        return digest(self.salt, self.templates.fingerprint(template), *(read.fingerprint() for read in reads))

    def make(self, items: Iterable[Item], here: bool = False) -> int:
        """Keep or make each page; the number of pages."""
        made = 0
        for item in items:
            if isinstance(item, File):
                self.file(item)
                made += 1
                continue
            if isinstance(item, Group):
                if self.out.keep_group(item.name, self.fingerprint(item.template, item.reads), item.rels):
                    self._carry_slices(item)
                    made += len(item.rels)
                    continue
                if item.paged is not None:
                    self._paged(item, item.paged, here)
                    made += len(item.rels)
                    continue
                pages: Iterable[Page] = item.pages()
            else:
                pages = (item,)
            for page in pages:
                self.page(page, here)
                made += 1
        return made

    def page(self, page: Page, here: bool = False) -> None:
        out = self.out
        if out.yields(page.rel):  # a file of the writer's own is published there
            return
        if out.same_inputs(page.rel, self.fingerprint(page.template, page.reads)) and out.keep(page.rel):
            return
        context = page.context(self.globals)
        if here:
            out.write_text(page.rel, self.env.get_template(page.template).render(**context))
        else:
            out.write_page(page.rel, page.template, context)

    def _paged(self, group: Group, paged: Paged, here: bool) -> None:
        """A group whose reads changed: if its shape did not, only the pages whose slice
        did are made; the others are kept, with the fingerprint they had (a function of the
        shape, the page's number and its slice: all as they were)."""
        out = self.out
        shape = self.fingerprint(group.template, paged.shape)
        slices = paged.digests()
        assert len(slices) == len(group.rels)
        name_shape, name_slices = group.name + SHAPE, group.name + SLICES
        out.inputs[name_shape], out.inputs[name_slices] = shape, "".join(slices)
        before = out.previous_inputs.get(name_slices, "") if out.previous_inputs.get(name_shape) == shape else ""
        width = len(slices[0]) if slices else 0
        same = len(before) == width * len(slices)
        # the pages whose slice is as it was are kept, with the inputs they were made from
        # (a page never made one by one has none: it is made), in one loop
        previous = out.previous_inputs
        unchanged = [rel for k, rel in enumerate(group.rels)
                     if same and slices[k] == before[k * width : (k + 1) * width] and rel in previous]
        carried = set(unchanged).difference(out.keep_all(unchanged))  # a page gone from the folder is made
        for rel in carried.difference(out.owned):  # the writer's file is published there: nothing recorded
            out.inputs[rel] = previous[rel]
        for k, rel in enumerate(group.rels):
            if rel in carried:
                continue
            page = paged.page(k)
            assert page.rel == rel
            self.page(page, here)

    def _carry_slices(self, group: Group) -> None:
        """A group kept whole keeps its shape and slices for the next build's _paged."""
        if group.paged is not None:
            for name in (group.name + SHAPE, group.name + SLICES):
                if (previous := self.out.previous_inputs.get(name)) is not None:
                    self.out.inputs[name] = previous

    def file(self, file: File) -> None:
        out = self.out
        if out.yields(file.rel):
            return
        if out.same_inputs(file.rel, digest(self.salt, *(read.fingerprint() for read in file.reads))) \
                and out.keep(file.rel):
            return
        out.write_bytes(file.rel, file.make(self.globals, *(read.value() for read in file.reads)))
