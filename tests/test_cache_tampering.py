"""A tampered .cache/: a CI cache restored by actions/cache, an archive, a disk Dask workers
share. Each kind of file a build keeps there is replaced by a pickle that runs a command
when unpickled; then a no-op build and a build after an edit run nothing, take the file
for a miss and end byte for byte where a cold build of the same content ends. A truncated
or garbage document entry is a miss too, and so is any record that is not what the build
writes (records.py), whatever is wrong with it."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import re
import shlex
import struct
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2.bccache import bc_magic

from site_builder import cli, records
from site_builder.cache import BuildCache, CacheDamaged, stow_passages
from site_builder.citations import Citation
from site_builder.config import load_config
from site_builder.diagnostics import Diagnostic
from site_builder.fingerprint import code_fingerprint
from site_builder.footnotes import Note, NoteRef
from site_builder.mentions import Mention
from site_builder.model import DocResult, Document, Heading, LinkRef, RenderedBody, When
from site_builder.records import RESULTS, Malformed, decode_batch, encode_batch, pack, unpack
from tests.conftest import build_project, cold, make_project, snapshot

N = 12


def doc(i: int, body: str = "") -> str:
    entity = "OpenAI" if i % 2 else "Anthropic"
    return (f"---\ntitle: 文档{i}\ndate: 2025-01-{i + 1:02d}\ntags: [t{i % 3}, 共同]\n---\n"
            f"{entity}发布了新的模型，这是第{i}篇。{body}\n\n另一段文字[^1]。\n\n"
            f"[^1]: 报道{i}：标题·腾讯科技·无作者（2025/1/{i + 1}）·检索日期2025/02/01\n")


def write(project: Path, i: int, body: str) -> None:
    (project / "content" / f"d{i:02d}.md").write_text(doc(i, body), encoding="utf-8")



class Payload:
    """Unpickled, it runs a shell command that leaves a file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple:
        return os.system, (f"touch {shlex.quote(str(self.marker))}",)


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A site (the seeds' entity registry: entity pages quote sentences of every document)
    built, then rebuilt after an edit: the cache holds every kind of file, the changes
    file of the documents' records too."""
    project = make_project(tmp_path / "kb", {f"d{i:02d}.md": doc(i) for i in range(N)}, seeds=True)
    (project / "site.yaml").write_text((project / "site.yaml").read_text() + "search: false\n")
    assert build_project(project).reporter.errors == []
    write(project, 1, "第一次修改。")
    assert build_project(project).reporter.errors == []
    return project


def cache_files(project: Path, *patterns: str) -> list[Path]:
    found = [path for pattern in patterns for path in (project / ".cache").glob(pattern)]
    assert found, patterns
    return found


def plant(project: Path, kind: str, payload: bytes) -> None:
    """Replace the cache's files of kind with payload, each where the build would
    unpickle it."""
    if kind == "last build":
        targets = cache_files(project, "manifest-*.last")
    elif kind == "manifest":
        targets = [p for p in cache_files(project, "manifest-*") if p.suffix != ".last"]
    elif kind == "documents":
        targets = [p for p in cache_files(project, "documents.*")]
    elif kind == "documents delta":
        targets = cache_files(project, "documents-delta.*")
    elif kind in ("document entry", "document entry alone"):
        if kind == "document entry alone":  # the documents' records gone: each document's entry is read
            for path in cache_files(project, "documents.*", "documents-delta.*"):
                path.unlink()
        # a record and headings where a document entry (docs/xx/KEY.doc) had them, after its lengths
        entry = struct.pack("<QQQQ", 0, len(payload), 0, len(payload)) + payload + payload
        for path in cache_files(project, "docs/*/*.doc"):
            path.write_bytes(entry)
        return
    elif kind == "compiled templates":
        # Jinja's bytecode cache, where a build kept it: a file per template, named by its name
        # and file, that starts with Jinja's magic and then a pickle of the source's checksum
        folder = project / ".cache" / f"templates-{code_fingerprint()}"
        folder.mkdir(exist_ok=True)
        templates = load_config(project).templates_dir
        for template in templates.glob("*.html"):
            name = hashlib.sha1(f"{template.name}|{os.path.normpath(template)}".encode()).hexdigest()
            (folder / f"__jinja2_{name}.cache").write_bytes(bc_magic + payload)
        return
    else:
        raise AssertionError(kind)
    for path in targets:
        path.write_bytes(payload)


KINDS = ["last build", "manifest", "documents", "documents delta", "document entry", "document entry alone",
         "compiled templates"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_cache_file_replaced_by_a_pickle_runs_nothing_and_is_a_miss(project: Path, tmp_path: Path,
                                                                       kind: str) -> None:
    marker = tmp_path / "PWNED"
    plant(project, kind, pickle.dumps(Payload(marker)))
    site = build_project(project)  # nothing changed
    assert not marker.exists()
    assert site.reporter.errors == []
    write(project, 3, "第二次修改，OpenAI。")  # the entity pages quote other documents' sentences again
    site = build_project(project)
    assert not marker.exists()
    assert site.reporter.errors == []
    assert snapshot(site.out) == cold(project, tmp_path)
    assert not list((project / ".cache").glob("templates-*"))


@pytest.mark.parametrize("damage", ["truncated", "garbage"])
def test_a_damaged_document_entry_found_half_way_through_a_build_is_a_miss(project: Path, tmp_path: Path,
                                                                          damage: str) -> None:
    """The documents' records are whole and list every entry; the entries themselves are
    damaged, which the build finds only where a page reads them (a document's body, the
    sentences an entity page quotes)."""
    for path in cache_files(project, "docs/*/*.doc"):  # cut inside the sentences, or not an entry at all
        path.write_bytes(path.read_bytes()[:40] if damage == "truncated" else b"\x80\x04not a record")
    write(project, 3, "第二次修改，OpenAI。")
    site = build_project(project)
    assert site.reporter.errors == []
    assert snapshot(site.out) == cold(project, tmp_path)
    write(project, 5, "第三次修改。")  # and the cache the retry made serves the next build
    site = build_project(project)
    assert site.reporter.errors == []
    assert snapshot(site.out) == cold(project, tmp_path / "again")


def test_an_entry_damaged_again_after_the_cache_was_thrown_away_stops_the_build_in_one_line(
        project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    """A damaged entry makes the build start again without the documents' cache; one damaged
    again (a failing disk) stops it with one line, and the site stays as it was."""
    before = snapshot(project / "public")

    def damaged(self: BuildCache, key: str) -> None:
        raise CacheDamaged(key, "body")

    monkeypatch.setattr(BuildCache, "body", damaged)
    monkeypatch.chdir(project)
    write(project, 3, "第二次修改。")  # its page is rendered again: its body is read
    assert cli.main(["build"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    retried = [line for line in err.splitlines() if line.startswith("site-builder: ")]
    assert len(retried) == 1 and re.fullmatch(r"site-builder: the cached body of a document \(\w+\) is missing or "
                                              r"damaged: building again without the cache of documents", retried[0])
    assert re.fullmatch(r"error: the cached body of a document \(\w+\) is missing or damaged; the previous site is "
                        r"unchanged", err.splitlines()[-1])
    assert len(set(err.splitlines())) == len(err.splitlines())  # the content's warnings once, not once a try
    assert snapshot(project / "public") == before


# --------------------------------------------------------------------------- records, alone


def result() -> DocResult:
    """A document's result with something in every field a record has."""
    document = Document(
        rel="a/b.md", slug="b", title="标题", body="", body_line=4, format="markdown",
        date=When(datetime(2025, 6, 25, 9, 10, 4, 5, tzinfo=timezone(timedelta(hours=8))), "time"),
        draft=False, summary="摘要", tags=["开源", "AI"], topics=["数据"], featured_image="/x.png", source="来源",
        authors=["李"], aliases=["/old/"], shown="c" * 96,
        # what YAML's safe loader makes of unknown keys, kept as read
        extra={"n": 2**70, "d": date(2025, 1, 2), "t": datetime(2025, 1, 2, 3, 4, tzinfo=UTC), "s": {1, "x"},
               "l": [1.5, None, True, b"\x00", {"k": [()]}], 3: "int key"})
    key = "0123456789abcdef" * 2
    citation = Citation("报道：标题·腾讯科技·无作者（2025/1/2）", title="标题", publisher="腾讯科技",
                        published=date(2025, 1, 2), accessed=None, form="cn-dot", unreadable_dates=("2025/13/45",))
    body = RenderedBody(
        html="", headings=[Heading(2, "一", "<em>一</em>", "yi")], text="", images=["/x.png"],
        notes=[Note(1, "1", citation, 9, [NoteRef("cite-1", b"", 3, key, 12 << 32 | 30)]),
               Note(2, "x", Citation("free text"), None, [])],
        note_problems=[(None, "problem")], errors=[(3, "error")],
        mentions=[Mention("company:openai", 1, b"", 0, 6, key, 5, 2), Mention("person:x", 2, "句子".encode(), 1, 1)],
        mention_counts={"company:openai": 2}, links=[LinkRef("path", "../b.md#x", 4, False)])
    return DocResult("a/b.md", key, document, body, [Diagnostic("warning", "a/b.md", 3, "warned")])


def test_a_record_keeps_every_field_of_its_class() -> None:
    """A field added to a record's class and not to its table would be lost by every build
    that reads the record back: cached and cold builds would differ. (Fields out of
    __init__ are what a build works out of the record and caches on it: not read back.)"""
    tables = [records.RESULTS, records.DOCUMENTS, records.WHENS, records.BODIES, records.HEADINGS, records.NOTES,
              records.CITATIONS, records.NOTES.fields[-1].item, records.MENTIONS, records.DIAGNOSTICS, records.LINKS]
    for table in tables:
        assert table.names == tuple(f.name for f in dataclasses.fields(table.make) if f.init), table.make


def test_records_are_read_back_as_they_were_written() -> None:
    records = [result(), DocResult("c.md", "", diagnostics=[Diagnostic("error", "c.md", None, "cannot read")])]
    assert decode_batch(RESULTS, unpack(pack(encode_batch(RESULTS, records)))) == records


def _leaves(value: Any, path: tuple = ()) -> list[tuple]:
    if type(value) is tuple:
        return [leaf for i, item in enumerate(value) for leaf in _leaves(item, (*path, i))] or [path]
    return [path]


def _replaced(value: Any, path: tuple, new: Any) -> Any:
    if not path:
        return new
    return (*value[: path[0]], _replaced(value[path[0]], path[1:], new), *value[path[0] + 1 :])


PLAIN = encode_batch(RESULTS, [result(), result()])
BYTES = pack(PLAIN)
OTHER = [0, -1, 2**64 - 1, 1.5, True, None, "", "x", b"x", (), ("x",), (0, 1), {}, {"k": 1}, {"k": "v"}]


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.data())
def test_a_record_of_another_shape_or_type_is_malformed_and_nothing_else(data: st.DataObject) -> None:
    """Any value of the plain data replaced by one of another type or shape, or the bytes cut
    or changed anywhere: read back as records, or Malformed (a miss) -- never another
    exception, which would stop the build."""
    how = data.draw(st.sampled_from(["value", "cut", "byte"]))
    try:
        if how == "value":
            path = data.draw(st.sampled_from(_leaves(PLAIN)))
            plain = _replaced(PLAIN, path, data.draw(st.sampled_from(OTHER)))
        else:
            at = data.draw(st.integers(0, len(BYTES) - 1))
            raw = BYTES[:at] if how == "cut" else BYTES[:at] + bytes([data.draw(st.integers(0, 255))]) + BYTES[at + 1:]
            plain = unpack(raw)
        made = decode_batch(RESULTS, plain)
    except Malformed:
        return
    assert all(isinstance(r, DocResult) for r in made)


def test_a_sentence_is_read_back_by_its_number_and_a_damaged_table_of_passages_is_a_miss(tmp_path: Path) -> None:
    """A mention or note reference keeps the number of its passage in its document's entry
    (a small int, shared by Python, not an offset of its own); the entry's table says where
    each passage ends. A number past the table, or a table whose ends go back or past the
    passages, is a damaged entry."""
    key = "0123456789abcdef" * 2
    holders = [Mention("company:a", 1, "第一句，OpenAI。".encode(), 4, 6),
               Mention("company:b", 1, "另一句。".encode(), 0, 2), NoteRef("cite-1", b"Second, cited.", 3)]
    passages = stow_passages(key, holders)
    assert [(h.utf8, h.source, h.span) for h in holders] == [(b"", key, 0), (b"", key, 1), (b"", key, 2)]
    BuildCache(tmp_path).store(key, DocResult("a.md", key), "", passages)
    assert [BuildCache(tmp_path).sentence(h) for h in holders] == ["第一句，OpenAI。", "另一句。", "Second, cited."]
    entry = next(tmp_path.glob("docs/*/*.doc"))
    whole, table = entry.read_bytes(), 40 + 4  # the entry's header, the passages' count
    ends = list(struct.unpack_from("<3I", whole, table))
    for damaged in ([ends[1], ends[0], ends[2]], [ends[0], ends[1], ends[2] + 1], [ends[0], ends[1], ends[2] - 1]):
        entry.write_bytes(whole[:table] + struct.pack("<3I", *damaged) + whole[table + 12 :])
        for holder in holders:
            with pytest.raises(CacheDamaged):
                BuildCache(tmp_path).sentence(holder)
    entry.write_bytes(whole)
    holders[2].span = 3
    with pytest.raises(CacheDamaged):
        BuildCache(tmp_path).sentence(holders[2])
    assert BuildCache(tmp_path).sentence(holders[0]) == "第一句，OpenAI。"
