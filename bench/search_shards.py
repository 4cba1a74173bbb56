"""Shard size against rebuild and query (issue 26): the search index is in shards of at most
SHARD_PAGES pages (site_builder/emitters/search.py); smaller shards make a one-document
rebuild index fewer pages again, larger ones make the browser load and merge fewer indexes.

For each size asked, the bench corpus (search on) is built with that SHARD_PAGES: the
first build at a size finds only the search index stale (its shard count changed), so its
search phase is that of a cold build; then one document is edited and the site rebuilt;
then in Chromium each of bench/search.py's queries is typed and timed to its first result,
and /search/?q=QUERY opened and timed to its first result.
Inside each build the search phase is split into its steps (writing each shard's pages
for Pagefind, Pagefind, moving its files in).

  python -m bench.search_shards --work DIR --n 10000 --shard-pages 250,500,1000

`--build N` is the child process: a build of the project in the current folder with
SHARD_PAGES = N (the bench times it from outside, as bench/search.py does a build)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from bench import corpus
from bench.harness import Trash, measure, size_of
from bench.search import QUERIES, arrival_times, query_times


def _timed(module, name: str, spent: dict[str, float]) -> None:
    """Wrap module.name so that its calls add their seconds to spent[name]."""
    function = getattr(module, name)

    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - started

    setattr(module, name, wrapper)


def build(shard_pages: int, steps: Path, chunk: int | None) -> int:
    """A build in this folder with shards of at most shard_pages pages; the seconds of the
    search phase's steps into the JSON file steps."""
    from site_builder.cli import main
    from site_builder.emitters import search

    search.SHARD_PAGES = shard_pages
    if chunk:
        search.INDEX_CHUNK = chunk
    spent: dict[str, float] = {}
    for name in ("plan", "index_shards", "build_indexes"):
        _timed(search, name, spent)
    shard_jobs = search.shard_jobs

    def counted(out, shards, work, **given):  # how many shards, and pages, were indexed again
        spent["shards indexed"] = spent.get("shards indexed", 0) + len(shards)
        spent["pages indexed"] = spent.get("pages indexed", 0) + sum(len(s.pages) for s in shards)
        return shard_jobs(out, shards, work, **given)

    search.shard_jobs = counted
    code = main(["build"])
    steps.write_text(json.dumps({k: round(v, 3) for k, v in spent.items()}), encoding="utf-8")
    return code


def _command(shard_pages: int, steps: Path, chunk: int | None) -> list[str]:
    return [sys.executable, "-m", "bench.search_shards", "--build", str(shard_pages), "--steps", str(steps),
            *(["--chunk", str(chunk)] if chunk else [])]


def _search_phase(phases: dict[str, float]) -> float:
    """The build's seconds in the search index's emitters: the shards of the edited documents
    indexed early, the others, and the bundles put together (the search page is not one)."""
    return sum(seconds for name, seconds in phases.items() if name.startswith("search ") and name != "search page")


def sweep(project: Path, sizes: list[tuple[int, int | None]], queries: list[str]) -> list[dict]:
    out, steps = project / "public", project.parent / "search-steps.json"
    docs = sorted((project / "content").glob("[0-9]*/*.md"))
    trash = Trash(project.parent / "trash")
    trash.discard(out, project / ".cache")  # the first build is a cold one
    rows = []
    for number, (pages, chunk) in enumerate(sizes):
        print(f"SHARD_PAGES {pages}: every shard indexed" + (" (a cold build)" if not number else ""), flush=True)
        # a build that has something to do (the shard size is no input of the build's)
        with docs[-1 - number].open("a", encoding="utf-8") as f:
            f.write(f"\n分片基准换分片大小，第{number}次。\n")
        cold = measure(_command(pages, steps, chunk), project, out)
        cold_steps = json.loads(steps.read_text(encoding="utf-8"))
        with docs[(number * 7919 + 17) % len(docs)].open("a", encoding="utf-8") as f:
            f.write(f"\n分片基准新增的一句话，第{number}次修改。\n")
        print(f"SHARD_PAGES {pages}: one document edited", flush=True)
        edit = measure(_command(pages, steps, chunk), project, out)
        edit_steps = json.loads(steps.read_text(encoding="utf-8"))
        if not (out / "pagefind" / "pagefind-entry.json").is_file():  # the build warned, and went on without
            raise RuntimeError(f"SHARD_PAGES {pages}: no search index was built")
        shards = 1 + len(list((out / "pagefind" / "shards").glob("*/pagefind-entry.json")))
        times, arrivals = query_times(out, queries), arrival_times(out, queries)
        rows.append({"shard_pages": pages, "chunk": chunk, "shards": shards,
                     "cold_search": _search_phase(cold.phases),
                     "cold_build": cold.seconds if not number else None,
                     "edit": edit.seconds, "edit_search": _search_phase(edit.phases),
                     "edit_cpu": edit.cpu_main + edit.cpu_children, "edit_phases": edit.phases,
                     "cold_steps": cold_steps, "edit_steps": edit_steps,
                     "peak_rss": max(cold.peak_rss, edit.peak_rss), "index": size_of(out / "pagefind"),
                     "queries": times, "arrivals": arrivals})
        print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    return rows


def table(rows: list[dict]) -> str:
    lines = ["| SHARD_PAGES | shards | cold build (s) | search phase, every shard (s) | one-document rebuild (s) "
             "| its search phase (s) | pages indexed again | peak RSS (MiB) | index (MiB) "
             "| query → first result (ms): " + " / ".join(QUERIES) + " | /search/?q= opened → first result (ms) |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"]
    for r in rows:
        ms = " / ".join(f"{t:.0f}" for _, t, _ in r["queries"])
        opened = " / ".join(f"{t:.0f}" for _, t in r.get("arrivals", []))
        cold = f"{r['cold_build']:.1f}" if r["cold_build"] else "–"
        size = f"{r['shard_pages']:,}" + (f" (index files of {r['chunk']:,})" if r["chunk"] else "")
        lines.append(f"| {size} | {r['shards']} | {cold} | {r['cold_search'] or 0:.1f} | {r['edit']:.2f} "
                     f"| {r['edit_search'] or 0:.2f} | {r['edit_steps'].get('pages indexed', 0):.0f} "
                     f"| {r['peak_rss'] / 2**20:.0f} | {r['index'] / 2**20:.1f} | {ms} | {opened} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.search_shards", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--steps", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help="folder for the corpus (kept: a second run reuses it)")
    parser.add_argument("--n", type=int, default=10000, help="documents")
    parser.add_argument("--shard-pages", default="250,500,1000",
                        help="comma-separated shard sizes, each with :N for N word occurrences per index file "
                             "(INDEX_CHUNK; e.g. 250:5000)")
    parser.add_argument("--chunk", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--code", type=Path, help="build with the site_builder package of this folder (another "
                                                  "commit's, to measure before and after)")
    args = parser.parse_args()
    if args.build:
        sys.exit(build(args.build, args.steps, args.chunk))
    if args.work is None:
        parser.error("--work DIR is needed")
    # the builds are child processes run in the project's folder: they find bench here, and
    # site_builder in --code first
    path = [str(args.code.resolve())] if args.code else []
    os.environ["PYTHONPATH"] = os.pathsep.join([*path, str(Path(__file__).resolve().parents[1])])
    project = args.work / f"kb-{args.n}"
    if not (project / "content").is_dir():
        corpus.generate(project, args.n)
    corpus.set_search(project, True)
    sizes = [(int(n.split(":")[0]), int(n.split(":")[1]) if ":" in n else None)
             for n in args.shard_pages.split(",") if n]
    rows = sweep(project, sizes, QUERIES)
    print("\n" + table(rows))


if __name__ == "__main__":
    main()
