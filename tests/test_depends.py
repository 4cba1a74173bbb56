"""Pages are made from what they read, and nothing else: each page's make function is
given the values of its reads (and the build's globals, in every page's salt), and each
read's fingerprint changes with the value it gives. Checked on every page the seed site
has, and on the records a read fingerprints."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path

from site_builder import depends
from site_builder.build import build
from site_builder.config import load_config
from site_builder.diagnostics import Reporter
from site_builder.emitters import EMITTERS
from site_builder.model import DocCard, Document, When, card_bytes, listing_bytes, whole_bytes
from site_builder.output import OutputTree
from site_builder.pages import File, Group, Page
from site_builder.site import Site
from tests.conftest import make_project

READS = tuple(cls for cls in vars(depends).values()
              if isinstance(cls, type) and dataclasses.is_dataclass(cls) and hasattr(cls, "fingerprint"))


def seed_site(tmp_path: Path) -> Site:
    project = make_project(tmp_path / "kb", seeds=True)
    (project / "site.yaml").write_text((project / "site.yaml").read_text() + "search: false\n")
    sites: list[Site] = []
    build(load_config(project), Reporter(stream=None), jobs=1, on_site=lambda site, setup: sites.append(site))
    return sites[0]


def every_page(site: Site, tmp_path: Path) -> list[Page | File]:
    out, pages = OutputTree(tmp_path / "nowhere"), []
    for emitter in EMITTERS:
        for item in emitter.pages(site, out) if emitter.pages else ():
            if isinstance(item, Group):
                made = list(item.pages())
                assert [p.rel for p in made] == item.rels, item.name  # a group says which files it makes
                assert all(p.template == item.template for p in made)
                pages += made
            else:
                pages.append(item)
    return pages


def test_every_page_is_made_from_its_reads_alone(tmp_path: Path) -> None:
    site = seed_site(tmp_path)
    pages = every_page(site, tmp_path)
    kinds = {p.rel.split("/")[0] for p in pages}
    assert {"articles", "tags", "people", "companies", "topics", "citations", "index.html", "404.html",
            "sitemap.xml"} <= kinds
    for page in pages:
        # a make function that closes over nothing can read only its arguments (and constants)
        free = page.make.__code__.co_freevars
        assert free == (), f"{page.rel}: {page.make.__qualname__} reads {free} besides its reads"
        assert all(isinstance(read, READS) for read in page.reads), page.rel
        assert page.reads or page.rel == "404.html", page.rel  # only the 404 page reads nothing of the site
        values = [read.value() for read in page.reads]
        made = page.make(site.globals, *values)
        assert isinstance(made, dict if isinstance(page, Page) else bytes), page.rel


def test_a_cards_fingerprint_changes_with_every_field_a_card_shows() -> None:
    def doc(**changes) -> Document:
        fields = {"rel": "a.md", "slug": "a", "title": "A", "body": "", "summary": "s",
                  "date": When(datetime(2025, 1, 2))}
        return Document(**{**fields, **changes})

    base = card_bytes(doc())
    changed = {"rel": "b.md", "slug": "b", "title": "B", "summary": "t",
               "date": When(datetime(2025, 1, 3)), "lang": "en"}
    # every field a card shows: its versions in other languages are set by the index
    assert set(changed) | {"versions"} == {f.name for f in dataclasses.fields(DocCard) if f.repr}
    for name, value in changed.items():
        assert card_bytes(doc(**{name: value})) != base, name
    translated = doc()
    translated.__dict__["_versions"] = (("en", "a-en"),)
    assert card_bytes(translated) != base and translated.listed.versions == (("en", "a-en"),)
    assert card_bytes(doc(body="other body")) == base  # the body is not on a card


def test_a_document_whole_is_named_by_its_version_and_slug() -> None:
    one = Document("a.md", "a", "A", "", version="1" * 32)
    assert whole_bytes(one) != whole_bytes(Document("a.md", "b", "A", "", version="1" * 32))
    assert whole_bytes(one) != whole_bytes(Document("a.md", "a", "A", "", version="2" * 32))


def test_an_ordered_list_sees_two_documents_swap_their_slugs() -> None:
    a, b = Document("a.md", "one", "A", ""), Document("b.md", "two", "B", "")
    a2, b2 = Document("a.md", "two", "A", ""), Document("b.md", "one", "B", "")
    assert depends.Cards([a, b]).fingerprint() != depends.Cards([a2, b2]).fingerprint()
    assert depends.Cards([a, b]).fingerprint() != depends.Cards([b, a]).fingerprint()


def test_a_paged_lists_slices_are_digested_as_each_pages_read_would_be() -> None:
    """Cards.digests and Mentioning.digests (one pass over a long list) give what a read of
    each page's slice fingerprints to: a rebuild compares them with the last build's."""
    from site_builder.cache import digest
    from site_builder.emitters.pagination import slices
    from site_builder.mentions import Mention

    docs = [Document(f"{i}.md", f"d{i}", f"D{i}", "", version=f"{i:032d}") for i in range(23)]
    docs[3].version = None  # a document no build loaded: fingerprinted by every field
    for doc in docs[5:]:
        doc.shown = f"{len(doc.rel):096d}"  # as a worker names its card, mentions and notes
    items = [(doc, Mention("person:a", 1, b"s", 0, 1, count=i) if i % 3 else None) for i, doc in enumerate(docs)]
    for n in (0, 1, 5, 10, 11, 23):
        for size in (1, 5, 10):
            assert depends.Cards.digests(docs[:n], size) == \
                [digest(depends.Cards(s).fingerprint()) for s in slices(docs[:n], size)], (n, size)
            assert depends.Mentioning.digests(items[:n], size) == \
                [digest(depends.Mentioning(s).fingerprint()) for s in slices(items[:n], size)], (n, size)
            listings = [listing_bytes(doc) for doc, _ in items[:n]]  # as the index has them (SiteIndex.listings_of)
            assert depends.Mentioning.digests(items[:n], size, listings) == \
                depends.Mentioning.digests(items[:n], size), (n, size)


def test_a_groups_list_read_as_slices_sees_every_change_of_the_list() -> None:
    """A tag's or an entity's group reads its list as the digests of its pages' slices
    (depends.Slices, made once for the group and PageMaker._paged): any document changed,
    added, removed or moved changes it, as the list whole would."""
    docs = [Document(f"{i}.md", f"d{i}", f"D{i}", "", version=f"{i:032d}") for i in range(12)]

    def read(listed: list[Document]) -> bytes:
        return depends.Slices(depends.Cards, listed, 5).fingerprint()

    other = Document("7.md", "d7-new", "D7", "", version="7" * 32)
    lists = [docs, docs[:-1], [*docs, other], [*docs[:7], other, *docs[8:]], [docs[1], docs[0], *docs[2:]], []]
    assert len({read(listed) for listed in lists}) == len(lists)
    slices = depends.Slices(depends.Cards, docs, 5)
    assert slices.digests() is slices.digests() and len(slices.digests()) == 3  # made once
    assert slices.value() == depends.Cards(docs).value()
