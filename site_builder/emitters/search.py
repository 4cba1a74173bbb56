"""Full-text search with Pagefind: the last emitter indexes the written pages (only the
parts marked data-pagefind-body) into pagefind/ inside the output folder, before the
atomic swap, and writes the /search/ page that loads Pagefind's UI from the site itself.

Pagefind is a dependency, but a build must not fail without it: a missing or failing
Pagefind is one warning, and /search/ then says search is unavailable."""

from __future__ import annotations

import asyncio
import json
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from site_builder.output import OutputTree
from site_builder.site import Site

BUNDLE = "pagefind"
TIMEOUT = 600  # seconds; the service is a subprocess, and a crashed one would never answer
# Side-notes repeat the notes list; they come from the Markdown renderer, not a template.
EXCLUDE = [".sidenotes"]
# Only pages that carry content are read at all: at 10,000 documents the tag, pagination
# and index pages are twice as many again, and reading them made Pagefind run out of
# memory (its Python service then answered with an empty message).
CONTENT_PAGES = "{articles,people,companies,topics}/*/index.html"


# Pagefind 1.5 splits a Chinese query with the browser's Intl.Segmenter, which splits
# differently from the jieba segmentation of the index (李开复 → 李|开|复 finds nothing).
# Turned off in the bundle; static/search.js splits the query itself (see there).
SEGMENTATION = "var needsWordSegmentation=(lang)=>{"
SEGMENTATION_OFF = SEGMENTATION + "return false;"


def disable_query_segmentation(bundle: Path) -> bool:
    """Patch the two runtime files of the bundle; False when this Pagefind differs."""
    files = [bundle / "pagefind.js", bundle / "pagefind-worker.js"]
    texts = [f.read_text(encoding="utf-8") for f in files]
    if not all(t.count(SEGMENTATION) == 1 for t in texts):
        return False
    for f, t in zip(files, texts, strict=True):
        f.write_text(t.replace(SEGMENTATION, SEGMENTATION_OFF), encoding="utf-8")
    return True


async def _index(root: Path) -> int:
    from pagefind.index import PagefindIndex  # imported late: its absence is only a warning

    config = {"output_path": str(root / BUNDLE), "exclude_selectors": EXCLUDE}
    async with PagefindIndex(config=config) as index:  # writes the bundle on a clean exit
        await index.add_directory(str(root), glob=CONTENT_PAGES)
    # add_directory counts every HTML file it read; the entry file counts those indexed
    entry = json.loads((root / BUNDLE / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(int(lang["page_count"]) for lang in entry["languages"].values())


def _run(root: Path) -> int:
    coro = asyncio.wait_for(_index(root), TIMEOUT)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with ThreadPoolExecutor(1) as pool:  # called from inside an event loop (a dev server)
        return pool.submit(asyncio.run, coro).result()


def build_index(root: Path) -> int:
    """Index the site at root into root/pagefind/; the number of pages indexed."""
    try:
        return _run(root)
    except BaseException:
        shutil.rmtree(root / BUNDLE, ignore_errors=True)  # no half-written bundle
        raise


def emit_index(site: Site, out: OutputTree) -> int:
    """The pages indexed; 0 with one warning when Pagefind is missing or fails."""
    assert out.root is not None
    out.finish()  # pages rendered by worker processes must be on disk before indexing
    if not site.config.search:
        return 0
    if out.unchanged and (out.target / BUNDLE).is_dir():
        return 0  # no page changed: the previous site, its index included, stays as it is
    try:
        pages = build_index(out.root)
    except (Exception, asyncio.CancelledError) as exc:  # ImportError, no binary, a crash, the timeout
        site.reporter.warning(BUNDLE, f"search index not built ({type(exc).__name__}: {exc}); search is disabled")
        return 0
    if not disable_query_segmentation(out.root / BUNDLE):
        site.reporter.warning(BUNDLE, "unknown Pagefind runtime: Chinese queries are split by the browser")
    return pages


def emit_page(site: Site, out: OutputTree) -> int:
    """/search/: Pagefind's UI when the index was built, otherwise a note saying so."""
    assert out.root is not None
    url = site.urls.section("search")
    # in a no-op build the index was not rebuilt: the previous one stays with the site
    folder = out.target if out.unchanged else out.root
    available = (folder / BUNDLE / "pagefind-ui.js").is_file()
    out.write_text(site.urls.file_for(url), site.render("search.html", url=url, available=available))
    return 1
