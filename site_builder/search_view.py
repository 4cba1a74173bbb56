"""What Pagefind reads of a page: the page as written, less the markup that costs Pagefind
time and memory but changes nothing it indexes.

A document names each entity with a link that carries an id (`m-openai-1`, the target of the
entity page's "mentioned in" list), a class, a title with the entity's description and a
data-entity key; footnotes repeat as side-notes. Pagefind keeps every element with an id as an
anchor of the page (text and position, in the page's fragment) and parses every attribute: on
the bench corpus a document page cost Pagefind 6.6 ms of CPU against 3.4 ms for Hugo's page of
the same text, and its fragment weighed 60% more. Sub-results come from headings' anchors only,
so ids stay on headings; the side-notes are left out (EXCLUDE left them out of the index
already). Words, metadata (`data-pagefind-*` and the attributes they name), filters, headings
and the language are as in the page: tests/test_search_view.py indexes both and compares.

Of the body, only the element marked data-pagefind-body is kept, less the blocks in it marked
data-pagefind-ignore (the site's header and footer, a document's contents, tags, entities and
related documents): Pagefind indexes nothing else of a page whose site marks a body, but
parses all of it. On the 10,000 bench documents the views are 18% smaller, Pagefind's CPU
7% less, and its bundle the same, byte for byte. Where anything outside that element, or in
an ignored block, could be read by Pagefind (a data-pagefind- attribute), or the element
holds raw text whose tags a search for tags would miscount (a script, a comment), the body
is kept whole.

Regular expressions over the page, not a parser: the page is this build's own output, where
every attribute value is quoted with `"` and escaped (Jinja, markdown-it; nh3 serialises a
writer's HTML the same way), and parsing 10,000 pages would cost about what it saves."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

# The side-notes of footnotes.py (_render_sidenotes), one aside with no aside inside.
_SIDENOTES = re.compile(rb'<aside class="sidenotes" aria-hidden="true">.*?</aside>\n?', re.S)
# A heading's id, kept through _UNREAD under another name (a NUL: never in a page we wrote).
_HEADING_ID = re.compile(rb'(<h[1-6]\b[^<>]*?\s)id="')
_KEPT_ID, _ID = b'\0id="', b'id="'
# Attributes that Pagefind does not index, and that our pages repeat on every mention.
_UNREAD = re.compile(rb'\s(?:id|class|href|title|data-entity|aria-[a-z]+|datetime|rel)="[^"]*"')


def search_view(page: bytes) -> bytes:
    """The page as Pagefind should read it."""
    page = _HEADING_ID.sub(rb"\1\0" + _ID, _SIDENOTES.sub(b"", _indexed_part(page)))
    return _UNREAD.sub(b"", page).replace(_KEPT_ID, _ID)


_BODY, _IGNORED, _READ = b" data-pagefind-body", b" data-pagefind-ignore", b"data-pagefind-"
_TAG_NAME = re.compile(rb"<([a-z][a-z0-9-]*)(?=[\s/>])")
# Elements whose content is not markup, where "<aside" may be text: a view keeps such a body whole.
_RAW_TEXT = re.compile(rb"<(?:s(?:cript|tyle)|t(?:extarea|itle|emplate)|xmp|iframe|no(?:embed|frames|script)"
                       rb"|plaintext|!--|!\[cdata\[)")
_AFTER_NAME = (b" ", b">", b"/", b"\t", b"\n", b"\r", b"\f")  # what ends a tag's name


def _indexed_part(page: bytes) -> bytes:
    """The page with only its data-pagefind-body element in its body, less the blocks in it
    marked data-pagefind-ignore with nothing Pagefind reads inside; the page as it is when
    that cannot be told safely (see the module's docstring)."""
    at = page.find(_BODY)
    if at < 0 or page.find(_BODY, at + 1) >= 0:
        return page
    tag = _start_tag(page, at)
    body = page.find(b"<body")
    if tag is None or not 0 <= body < tag[1]:
        return page
    name, start, opened = tag
    end = _element_end(page, name, opened)
    body, closed = page.find(b">", body) + 1, page.rfind(b"</body")
    if end is None or closed < end or page.find(_READ, body, start) >= 0 or page.find(_READ, end) >= 0:
        return page
    element = page[start:end]
    if _RAW_TEXT.search(element.lower()):
        return page
    kept, done, at = [], 0, element.find(_IGNORED)
    while at >= 0:
        if (tag := _start_tag(element, at)) is None or (stop := _element_end(element, tag[0], tag[2])) is None:
            return page
        # nothing Pagefind reads in the block, its own start tag included: the ignore alone
        if tag[1] >= done and element.count(_READ, tag[1], stop) == 1:
            kept.append(element[done : tag[1]])
            done = stop
        at = element.find(_IGNORED, max(tag[2], done))
    kept.append(element[done:])
    return page[:body] + b"".join(kept) + page[closed:]


def _start_tag(page: bytes, at: int) -> tuple[bytes, int, int] | None:
    """(name, where it starts, where it ends) of the start tag `at` is in."""
    start, end = page.rfind(b"<", 0, at), page.find(b">", at)
    name = _TAG_NAME.match(page, start) if start >= 0 else None
    if name is None or end < 0 or page.find(b">", start, at) >= 0:
        return None
    return name.group(1), start, end + 1


def _element_end(page: bytes, name: bytes, opened: int) -> int | None:
    """Where the element named `name` whose start tag ends at `opened` ends: after its end
    tag, the elements of that name in it counted (found with bytes.find: a regular
    expression tried at every "<" of the page took a fifth of the view's time)."""
    start_tag, end_tag = b"<" + name, b"</" + name
    depth, at = 1, opened
    while (close := page.find(end_tag, at)) >= 0:
        inner = page.find(start_tag, at, close)
        while inner >= 0:
            depth += page[inner + len(start_tag) : inner + len(start_tag) + 1] in _AFTER_NAME
            inner = page.find(start_tag, inner + 1, close)
        if page[close + len(end_tag) : close + len(end_tag) + 1] in _AFTER_NAME:
            depth -= 1
            if depth == 0:
                return None if (gt := page.find(b">", close)) < 0 else gt + 1
        at = close + 1
    return None


def write_view(sources: list[tuple[str, Path]], view: Path) -> None:
    """The pages as Pagefind reads them, at their paths (rel) under view, whose parent must
    be there (the build's folder of views: once it is removed, nothing is written)."""
    view.mkdir(exist_ok=True)
    made = {view}  # one mkdir per folder, not per page and level
    for rel, source in sources:
        *parts, name = rel.split("/")
        folder = view
        for part in parts:
            folder = folder / part
            if folder not in made:
                folder.mkdir(exist_ok=True)
                made.add(folder)
        (folder / name).write_bytes(search_view(source.read_bytes()))


Page = tuple[str, Path, str]  # a page Pagefind reads: its path in the site, where its bytes are, their fingerprint


def sync_view(pages: list[Page], view: Path, key: str) -> None:
    """The pages as Pagefind reads them in the folder `view`, kept from one build to the next
    (search.py: views_home): only those whose page changed are written again, in place.
    A folder with other pages than these (a page added or removed, a file missing or not
    ours), or made by other code (key), is written again whole, in path order, as by a first
    build: Pagefind numbers the pages in the order it lists the folder, which is the order
    the files were made in on tmpfs, and a file written again in place keeps its place. What
    the folder holds is recorded beside it once it is whole (and the record removed before
    any file changes), so that a build stopped half-way leaves no record to trust."""
    stale = stale_views(pages, view, key)
    record = _record(view)
    record.unlink(missing_ok=True)
    if stale is None:
        shutil.rmtree(view, ignore_errors=True)
        write_view([(rel, source) for rel, source, _ in pages], view)
    else:
        for rel, source in stale:
            view.joinpath(*rel.split("/")).write_bytes(search_view(source.read_bytes()))
    # not cache.write_atomic: this module alone is imported by the writer's process (14 ms, the
    # cache's 340)
    written = record.with_name(record.name + ".tmp")
    written.write_text(json.dumps({"key": key, "pages": {rel: made for rel, _, made in pages}}), encoding="utf-8")
    os.replace(written, record)


def stale_views(pages: list[Page], view: Path, key: str) -> list[tuple[str, Path]] | None:
    """The pages whose view in the folder `view` is not that of their bytes now; None when
    the folder is to be written whole (see sync_view)."""
    try:
        record = json.loads(_record(view).read_bytes())
    except (OSError, ValueError):
        return None
    kept = record.get("pages") if isinstance(record, dict) and record.get("key") == key else None
    if not isinstance(kept, dict) or kept.keys() != {rel for rel, _, _ in pages} or _files(view) != kept.keys():
        return None
    return [(rel, source) for rel, source, made in pages if kept[rel] != made]


def _record(view: Path) -> Path:
    return view.with_name(view.name + ".json")


def _files(folder: Path) -> set[str]:
    """The paths of the files under folder, relative to it."""
    found = set()
    for top, _, names in os.walk(folder):
        under = os.path.relpath(top, folder).replace(os.sep, "/")
        found.update(name if under == "." else f"{under}/{name}" for name in names)
    return found


def start_view_writer(pages: list[Page], view: Path, key: str, listing: Path) -> subprocess.Popen:
    """sync_view in a process of its own (this module alone imported), started now: the
    build's thread goes on while it writes (wait_view_writer). Its list of pages is the file
    listing."""
    listing.write_text(json.dumps([[rel, str(path), made] for rel, path, made in pages]), encoding="utf-8")
    return subprocess.Popen([sys.executable, "-c", _WRITER, str(listing), str(view), key],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_view_writer(writer: subprocess.Popen, view: Path) -> None:
    """Wait for a writer (start_view_writer) to be done; an error if it failed."""
    _, err = writer.communicate()
    if writer.returncode != 0:
        raise RuntimeError(f"the pages for Pagefind were not written: {err.decode(errors='replace')[-500:]}")


# the child of start_view_writer: the pages, [rel, source, fingerprint] as JSON, in a file
_WRITER = ("import json, sys; from pathlib import Path; from site_builder.search_view import sync_view; "
           "pages = json.loads(Path(sys.argv[1]).read_text('utf-8')); "
           "sync_view([(rel, Path(path), made) for rel, path, made in pages], Path(sys.argv[2]), sys.argv[3])")
