"""Search on: site-builder with its Pagefind index against Hugo followed by the Pagefind CLI
over Hugo's output (the same Pagefind, extended build): cold build, rebuild after editing
one document, peak RSS of the whole process tree, size of the index; then in Chromium
against a local server, from typing a query into the search page to its first result
shown, and the bytes fetched meanwhile, and from opening /search/?q=QUERY to its first
result, for each of QUERIES (a new browser context each: nothing cached, as a reader's first
search)."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from bench import corpus, hugo
from bench.harness import Trash, measure, median, ours, size_of

QUERIES = ["李开复", "开源", "零一万物", "基础模型", "OpenAI"]
RESULT = ".pagefind-ui__result-link"
# In the page: type the query as a reader does (an input event on the box) and wait for the
# first result's link; milliseconds between the two, by the page's own clock.
TYPE_AND_WAIT = """async ([query, result]) => {
  const input = document.querySelector('#search input');
  const started = performance.now();
  input.value = query;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  await new Promise((resolve) => {
    const look = () => document.querySelector(result) ? resolve() : requestAnimationFrame(look);
    look();
  });
  return performance.now() - started;
}"""


def hugo_and_pagefind(hugo_dir: Path) -> list[str]:
    """One command for both, so that the harness measures them as one build (time, and the
    peak memory of the tree: Hugo then Pagefind)."""
    return ["sh", "-c", f"'{hugo.binary()}' --quiet && '{hugo.pagefind_binary()}' --site public --quiet"]


class _Fetched:
    """The bytes of the responses a page receives while the block runs."""

    def __init__(self, page) -> None:
        self.page, self.bytes = page, 0

    def _add(self, request) -> None:
        self.bytes += request.sizes()["responseBodySize"]

    def __enter__(self) -> _Fetched:
        self.page.on("requestfinished", self._add)
        return self

    def __exit__(self, *exc: object) -> None:
        self.page.remove_listener("requestfinished", self._add)


def _per_query(site: Path, queries: list[str], measure: Callable[[Any, str, str], tuple],
               browser: Any = None) -> list[tuple]:
    """measure(page, origin, query) for each query, on the site served over HTTP, each in a
    new browser context (nothing cached); in Debian's Chromium, or in `browser` (a test's)."""
    from tests.web import serve

    with serve(site) as origin, _chromium(browser) as chromium:
        rows = []
        for query in queries:
            context = chromium.new_context()
            rows.append(measure(context.new_page(), origin, query))
            context.close()
        return rows


@contextmanager
def _chromium(browser: Any = None) -> Iterator[Any]:
    """`browser`, or Debian's Chromium launched for the block."""
    if browser is not None:
        yield browser
        return
    from playwright.sync_api import sync_playwright

    from tests.web import ARGS, CHROMIUM

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield launched
        finally:
            launched.close()


def query_times(site: Path, queries: list[str] = QUERIES) -> list[tuple[str, float, int]]:
    """(query, ms to the first result, bytes fetched after typing) for each query, typed
    into the site's /search/ once it has loaded."""

    def typed(page: Any, origin: str, query: str) -> tuple[str, float, int]:
        page.goto(f"{origin}/search/", wait_until="networkidle")
        page.wait_for_selector("#search input")
        with _Fetched(page) as fetched:
            ms = page.evaluate(TYPE_AND_WAIT, [query, RESULT])
            page.wait_for_load_state("networkidle")
        return query, ms, fetched.bytes

    return _per_query(site, queries, typed)


# In the page opened at /search/?q=QUERY (as the search box of every page sends a reader):
# the first result's link, by the page's clock (0 is when the navigation started).
ARRIVE_AND_WAIT = """async (result) => {
  await new Promise((resolve) => {
    const look = () => document.querySelector(result) ? resolve() : requestAnimationFrame(look);
    look();
  });
  return performance.now();
}"""


def arrival_times(site: Path, queries: list[str] = QUERIES) -> list[tuple[str, float]]:
    """(query, ms from opening /search/?q=QUERY to its first result) for each query: what a
    reader who searches from the box on every page waits, the search page's loading and
    Pagefind's index's included."""

    def arrived(page: Any, origin: str, query: str) -> tuple[str, float]:
        page.goto(f"{origin}/search/?q={quote(query)}", wait_until="commit")
        return query, page.evaluate(ARRIVE_AND_WAIT, RESULT)

    return _per_query(site, queries, arrived)


# In the search page, once it has loaded: what Pagefind's runtime alone takes to search one
# lane's share of the shards (lane 0 of `lanes`, the shards it merges as search-lanes/pagefind.js
# deals them), in the page's thread, the query's files loaded first (not timed: this runtime
# fetches a file per shard, not the lanes' packs): its WebAssembly scores every page the
# words are on and answers with every place of them, which it reads. It has searched the
# catalog's common word before, as each lane does when the page opens. [ms, results].
ENGINE_ALONE = """async ([query, lanes]) => {
  const box = document.querySelector('#search');
  const heads = JSON.parse(box.dataset.lanes).slice(0, lanes);
  const merged = JSON.parse(box.dataset.shards).filter((shard) => !heads.includes(shard))
    .filter((_, i) => i % lanes === 0);
  const given = { ranking: { pageLength: 0.2 }, excerptLength: 60 };
  const runtime = await import(new URL(heads[0] + 'pagefind.js', location.href).href);
  await runtime.options({ ...given, basePath: heads[0], noWorker: true });
  await runtime.init();
  for (const shard of merged) await runtime.mergeIndex(shard, given);
  const catalog = box.dataset.catalog ? await (await fetch(box.dataset.catalog)).json() : {};
  if (typeof catalog.warm === 'string') await runtime.search(catalog.warm);
  const term = window.siteSearch.prepare(query);
  await runtime.preload(term);
  const started = performance.now();
  const found = await runtime.search(term);
  return [performance.now() - started, found.results.length];
}"""


def engine_times(site: Path, queries: list[str] = QUERIES, lanes: int = 2,
                 browser: Any = None) -> list[tuple[str, float, int]]:
    """(query, ms searching, results) of Pagefind's runtime alone over one lane's shards of
    the site (of `lanes`: as many as the bench machine's cores), for each query: how much of
    the time to a first result is the search engine's own. browser: see _per_query."""

    def alone(page: Any, origin: str, query: str) -> tuple[str, float, int]:
        page.goto(f"{origin}/search/", wait_until="networkidle")
        return (query, *page.evaluate(ENGINE_ALONE, [query, lanes]))

    return _per_query(site, queries, alone, browser)


def bench_search(n: int, runs: int, work: Path, with_hugo: bool) -> dict[str, object]:
    project = work / f"kb-{n}"
    if not (project / "content").is_dir():
        corpus.generate(project, n)
    corpus.set_search(project, True)
    out, cache = project / "public", project / ".cache"
    hugo_dir = hugo.write_site(work / f"hugo-search-{n}", project / "content") if with_hugo else None
    trash = Trash(work / "trash")
    print(f"\n{n} documents, search on: warm-up", flush=True)
    measure(ours(project), project, out)
    if hugo_dir:
        measure(hugo_and_pagefind(hugo_dir), hugo_dir, hugo_dir / "public")
    cold, other = [], []
    for r in range(runs):
        trash.discard(out, cache)
        cold.append(measure(ours(project), project, out))
        if hugo_dir:
            trash.discard(hugo_dir / "public")
            other.append(measure(hugo_and_pagefind(hugo_dir), hugo_dir, hugo_dir / "public"))
        print(f"  run {r + 1}: site-builder {cold[-1].seconds:.2f} s"
              + (f", Hugo + Pagefind {other[-1].seconds:.2f} s" if other else ""), flush=True)
    trash.empty()
    docs = sorted((project / "content").glob("[0-9]*/*.md"))
    edits = []
    for r in range(runs):
        with docs[(r * 7919 + 17) % len(docs)].open("a", encoding="utf-8") as f:
            f.write(f"\n搜索基准新增的一句话，第{r}次修改。\n")
        edits.append(measure(ours(project), project, out))
    other_edits = [measure(hugo_and_pagefind(hugo_dir), hugo_dir, hugo_dir / "public") for _ in range(runs)] \
        if hugo_dir else []
    print("  Chromium: typing a query -> first result", flush=True)
    result = {"n": n, "cold": median(cold), "other": median(other) if other else None,
              "pairs": [a.seconds / b.seconds for a, b in zip(cold, other, strict=False)],
              "edit": median(edits), "other_edit": median(other_edits) if other_edits else None,
              "index": size_of(out / "pagefind"), "queries": query_times(out), "arrivals": arrival_times(out),
              "engine": engine_times(out)}
    if hugo_dir:
        result["other_index"] = size_of(hugo_dir / "public" / "pagefind")
        result["other_queries"] = query_times(hugo_dir / "public")
        result["other_arrivals"] = arrival_times(hugo_dir / "public")
    corpus.set_search(project, False)
    return result


def _row(n: int, label: str, ours: str, other: str = "–", target: str = "–") -> str:
    return f"| {n:,} | {label} | {ours} | {other} | {target} |"


def table(results: list[dict]) -> str:
    rows = ["| documents | metric (search on) | site-builder | Hugo + Pagefind CLI | target |",
            "|---:|---|---:|---:|---|"]
    for res in results:
        n, cold, other = res["n"], res["cold"], res["other"]
        edit, other_edit = res["edit"], res["other_edit"]
        ratio = f" (×{cold.seconds / other.seconds:.2f})" if other else ""
        rows.append(_row(n, "cold build (s)", f"{cold.seconds:.2f}{ratio}", f"{other.seconds:.2f}" if other else "–",
                         "≤ 1.0 × Hugo + Pagefind"))
        if pairs := sorted(res["pairs"]):
            rows.append(_row(n, "cold build, ratio in each alternated pair (min / median / max)",
                             f"{pairs[0]:.2f} / {statistics.median(pairs):.2f} / {pairs[-1]:.2f}", target="≤ 1.0"))
        rows.append(_row(n, "rebuild after editing one document (s)", f"{edit.seconds:.2f}",
                         f"{other_edit.seconds:.2f}" if other_edit else "–", "≤ 3"))
        # CPU seconds say what a build costs on a machine that others share (wall time does not)
        for label, a, b in [("cold build", cold, other), ("rebuild after editing one document", edit, other_edit)]:
            rows.append(_row(n, f"{label}: CPU, whole tree (s)", f"{a.cpu_main + a.cpu_children:.1f}",
                             f"{b.cpu_main + b.cpu_children:.1f}" if b else "–"))
        peak = max(cold.peak_rss, edit.peak_rss)
        rows.append(_row(n, "peak RSS, whole process tree (MiB)", f"{peak / 2**20:.0f}",
                         f"{other.peak_rss / 2**20:.0f}" if other else "–", "≤ 1,024"))
        rows.append(_row(n, "search index (MiB)", f"{res['index'] / 2**20:.1f}",
                         f"{res['other_index'] / 2**20:.1f}" if "other_index" in res else "–"))
        theirs = dict((q, (ms, b)) for q, ms, b in res.get("other_queries", []))
        for query, ms, fetched in res["queries"]:
            them = theirs.get(query)
            rows.append(_row(n, f"Chromium: “{query}” typed → first result (ms) / bytes fetched (KiB)",
                             f"{ms:.0f} / {fetched / 1024:.0f}",
                             f"{them[0]:.0f} / {them[1] / 1024:.0f}" if them else "–", "≤ 300 ms"))
        for query, searching, found in res.get("engine", []):
            rows.append(_row(n, f"Chromium: Pagefind's runtime alone, searching one lane's shards (of two): "
                                f"“{query}” (ms), results", f"{searching:.0f}, {found:,}"))
        arrived = dict(res.get("other_arrivals", []))
        for query, ms in res.get("arrivals", []):
            rows.append(_row(n, f"Chromium: /search/?q={query} opened → first result (ms)", f"{ms:.0f}",
                             f"{arrived[query]:.0f}" if query in arrived else "–"))
    return "\n".join(rows)
