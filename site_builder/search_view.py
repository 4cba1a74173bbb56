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

Regular expressions over the page, not a parser: the page is this build's own output, where
every attribute value is quoted with `"` and escaped (Jinja, markdown-it; nh3 serialises a
writer's HTML the same way), and parsing 10,000 pages would cost about what it saves."""

from __future__ import annotations

import json
import re
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
    page = _HEADING_ID.sub(rb"\1\0" + _ID, _SIDENOTES.sub(b"", page))
    return _UNREAD.sub(b"", page).replace(_KEPT_ID, _ID)


def write_view(sources: list[tuple[str, Path]], view: Path) -> None:
    """The pages as Pagefind reads them, at their paths (rel) under view, whose parent must
    be there (a folder of the staged site: once the build has removed it, nothing is written)."""
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


def start_view_writer(sources: list[tuple[str, Path]], view: Path) -> subprocess.Popen:
    """write_view in a process of its own (this module alone imported), started now: the
    build's thread goes on while it writes (wait_view_writer). Its list of pages is a file
    beside view."""
    listing = view.with_name(view.name + ".json")
    listing.write_text(json.dumps([[rel, str(path)] for rel, path in sources]), encoding="utf-8")
    return subprocess.Popen([sys.executable, "-c", _WRITER, str(listing), str(view)],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_view_writer(writer: subprocess.Popen, view: Path) -> None:
    """Wait for a writer (start_view_writer) to be done; an error if it failed."""
    _, err = writer.communicate()
    if writer.returncode != 0:
        raise RuntimeError(f"the pages for Pagefind were not written: {err.decode(errors='replace')[-500:]}")


# the child of start_view_writer: the pages, [rel, source] as JSON, in a file
_WRITER = ("import json, sys; from pathlib import Path; from site_builder.search_view import write_view; "
           "write_view([(rel, Path(path)) for rel, path in json.loads(Path(sys.argv[1]).read_text('utf-8'))], "
           "Path(sys.argv[2]))")
