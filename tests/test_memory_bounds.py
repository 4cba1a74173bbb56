"""What a build keeps per document or per page, bounded where it used to grow with the site:
the macro memo and the cards a worker reads back (a worker of a 100,000-document site held
all of both), and the attributes a build caches on each document."""

from __future__ import annotations

import sys
import tracemalloc

import pytest
from markupsafe import Markup

from site_builder import model, templates
from site_builder.model import DocCard, Document, card_bytes, read_back, whole_bytes


def test_the_macro_memo_forgets_past_its_limit_and_answers_as_the_macro(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(templates, "MEMO_LIMIT", 3)
    calls: list[int] = []

    def macro(n: int) -> Markup:
        calls.append(n)
        return Markup(f"<b>{n}</b>")

    memo = templates._memo(macro, lambda n: n)
    assert [memo(n) for n in (1, 2, 1, 3, 2)] == [Markup(f"<b>{n}</b>") for n in (1, 2, 1, 3, 2)]
    assert calls == [1, 2, 3]  # each once while the memo holds them
    assert memo(4) == Markup("<b>4</b>") and memo(1) == Markup("<b>1</b>")
    assert calls == [1, 2, 3, 4, 1]  # the fourth key made it start again: 1 is made anew


def test_cards_read_back_are_forgotten_past_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model, "READ_LIMIT", 5)
    monkeypatch.setattr(model, "_READ", {})
    cards = [DocCard(f"{i}.md", f"s{i}", f"T{i}", None, "") for i in range(12)]
    back = [read_back(*card.__reduce__()[1]) for card in cards]
    assert [(c.rel, c.slug, c.title) for c in back] == [(c.rel, c.slug, c.title) for c in cards]
    assert 0 < len(model._READ[DocCard]) <= 5
    again = read_back(*cards[-1].__reduce__()[1])
    assert again is back[-1]  # still one object for a card read twice while it is held


def test_what_a_build_caches_on_a_document_costs_no_dictionary_of_its_own() -> None:
    docs = [Document(f"{i}.md", f"s{i}", f"Title {i}", "", version=f"k{i}") for i in range(2000)]
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for doc in docs:
            whole_bytes(doc), card_bytes(doc), doc.listed, doc.sort_key
        per_document = (tracemalloc.get_traced_memory()[0] - before) / len(docs)
    finally:
        tracemalloc.stop()
    # the bytes and the card themselves (378 bytes); with a dictionary made per document,
    # when they were attributes added after __init__, it was 1,897
    assert per_document < 900, per_document
    copy = docs[0].copy()
    assert copy == docs[0] and copy.sort_key == docs[0].sort_key and whole_bytes(copy) == whole_bytes(docs[0])


def test_documents_read_back_share_the_keys_of_their_dictionaries() -> None:
    """A build holds every document (100,000 at once): read back from the cache and copied
    for the build, each document's dictionary holds its values only, its keys shared with
    every other document's; past Python's limit of shared keys (a field more) each had a
    dictionary of its own, 1.3 KiB more: 160 MiB at 100,000 documents."""
    from site_builder.records import DOCUMENTS, decode_batch, encode_batch, pack, unpack

    made = [Document(f"{i}.md", f"s{i}", f"Title {i}", "", version=f"k{i}", shown="c" * 96)
            for i in range(3)]
    read = decode_batch(DOCUMENTS, unpack(pack(encode_batch(DOCUMENTS, made))))
    assert read == made
    for doc in [*made, *read, *(doc.copy() for doc in read)]:
        # its values alone: 296 bytes with 29 attributes; keys and hashes too: 1,584 with 30
        assert sys.getsizeof(vars(doc)) < 600, sys.getsizeof(vars(doc))


def test_sending_the_sources_to_a_worker_leaves_no_copy_of_their_text_on_them() -> None:
    """Pickling a str keeps a UTF-8 copy of it on the str for as long as it lives (Python's
    encoder caches it), and the build process pickles every source into some page's context
    and keeps it to the end: 60 MiB of such copies at 100,000 documents. A source and its
    citation pickle their texts as bytes; read back, they are the same."""
    import pickle
    from datetime import date

    from site_builder.citations import Citation, parse_citation
    from site_builder.index import Source

    citation = parse_citation("《开源大模型的下一步》，新华社，2025年3月6日。https://example.com/a")
    source = Source(citation.key, citation)
    texts = [citation.raw, citation.title, citation.key]
    sizes = [sys.getsizeof(text) for text in texts]
    sent = pickle.dumps([source, citation], protocol=pickle.HIGHEST_PROTOCOL)
    assert [sys.getsizeof(text) for text in texts] == sizes
    # what the test would see from a str pickled as it is: its size grows by its UTF-8
    plain = "新华社" + citation.title
    before = sys.getsizeof(plain)
    pickle.dumps(plain)
    assert sys.getsizeof(plain) > before
    read_source, read_citation = pickle.loads(sent)
    assert read_citation == citation and read_citation.key == citation.key
    assert read_source == source and read_source.key == source.key
    # every field, each read back as it was (a date, a tuple of texts, None)
    whole = Citation("报道：标题·腾讯科技·李四（2025/1/2）", title="标题", publisher="腾讯科技", author="李四",
                     published=date(2025, 1, 2), accessed=date(2025, 2, 3), url="https://example.com/b",
                     form="cn-dot", unreadable_dates=("2025/13/45",), key="键|腾讯科技")
    again = pickle.loads(pickle.dumps(whole))
    assert again == whole and again.key == whole.key and again.unreadable_dates == ("2025/13/45",)
