"""make bench: site-builder against Hugo on generated corpora of 1,000 and 10,000 documents
(`python -m bench --sizes 100000` on request), the same with search on against Hugo plus
the Pagefind CLI (`--search-sizes`, bench/search.py), and the cold build of 10,000 documents
on a Dask LocalCluster of 2 workers against the process pool of 2 (`--dask-sizes`). Prints
the tables, the per-document costs and what they project for 1,000,000 documents. With
`--discovery-sizes`, the discovery of entities (bench/discovery.py). With
`--adversarial`, also the inputs made to find what in the index grows faster than the site
(bench/adversarial.py: several minutes more)."""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
from pathlib import Path

from bench import adversarial, corpus, discovery, hugo, search
from bench.harness import Run, Trash, measure, median, ours, serve_latency, size_of

MIB = 1024 * 1024
DASK_WORKERS = 2
PROJECTED = 1_000_000  # documents


def bench_size(n: int, runs: int, work: Path, with_hugo: bool, rebuilds: bool = True) -> dict[str, object]:
    project = corpus.generate(work / f"kb-{n}", n)
    out, cache = project / "public", project / ".cache"
    hugo_dir = hugo.write_site(work / f"hugo-{n}", project / "content") if with_hugo else None
    hugo_cmd = [hugo.binary(), "--quiet"] if with_hugo else []
    ours_cmd = ours(project)
    trash = Trash(work / "trash")
    print(f"\n{n} documents: warm-up", flush=True)
    measure(ours_cmd, project, out)
    if hugo_dir:
        measure(hugo_cmd, hugo_dir, hugo_dir / "public")
    cold, hugo_cold = [], []
    for r in range(runs):  # alternate, so that both see the same machine state
        trash.discard(out, cache)
        cold.append(measure(ours_cmd, project, out))
        if hugo_dir:
            trash.discard(hugo_dir / "public")
            hugo_cold.append(measure(hugo_cmd, hugo_dir, hugo_dir / "public"))
        print(f"  run {r + 1}: site-builder {cold[-1].seconds:.2f} s"
              + (f", Hugo {hugo_cold[-1].seconds:.2f} s" if hugo_cold else ""), flush=True)
    result: dict[str, object] = {"n": n, "cold": median(cold), "hugo_cold": median(hugo_cold) if hugo_cold else None,
                                 # each run's ratio to the Hugo run right after it: on a machine whose
                                 # speed drifts, the spread says how far a ratio of medians can be trusted
                                 "pairs": [a.seconds / b.seconds for a, b in zip(cold, hugo_cold, strict=False)]}
    trash.empty()
    if not rebuilds:  # --cold-only: the 100,000 row, whose rebuilds would take an hour more
        return result
    noop = [measure(ours_cmd, project, out) for _ in range(runs)]
    edit_doc, edit_entity = [], []
    docs = sorted((project / "content").glob("[0-9]*/*.md"))
    entity = project / "content/companies/openai.md"
    for r in range(runs):
        with docs[(r * 7919) % len(docs)].open("a", encoding="utf-8") as f:
            f.write(f"\n新增的一句话，第{r}次修改。\n")
        edit_doc.append(measure(ours_cmd, project, out))
    for r in range(runs):
        entity.write_text(entity.read_text(encoding="utf-8") + f"\n第{r}次修改的描述。\n", encoding="utf-8")
        edit_entity.append(measure(ours_cmd, project, out))
    hugo_rebuild = [measure(hugo_cmd, hugo_dir, hugo_dir / "public") for _ in range(runs)] if hugo_dir else []
    print("  dev server: save -> rebuilt page served", flush=True)
    latency = statistics.median(serve_latency(project, runs))
    return {**result, "serve": latency, "noop": median(noop), "edit_doc": median(edit_doc),
            "edit_entity": median(edit_entity), "hugo_rebuild": median(hugo_rebuild) if hugo_rebuild else None}


def bench_dask(n: int, runs: int, work: Path) -> dict[str, object]:
    """Cold builds on the process pool and on a Dask LocalCluster, both of 2 workers, alternating."""
    project = work / f"kb-{n}"
    if not (project / "content").is_dir():
        corpus.generate(project, n)
    out, cache = project / "public", project / ".cache"
    jobs = ["--jobs", str(DASK_WORKERS)]
    pool_cmd, dask_cmd = ours(project, *jobs), ours(project, "--executor", "local-dask", *jobs)
    print(f"\n{n} documents: process pool and Dask LocalCluster, {DASK_WORKERS} workers each; warm-up", flush=True)
    trash = Trash(work / "trash")
    trash.discard(out, cache)
    measure(dask_cmd, project, out)
    pool, dask = [], []
    for r in range(runs):
        trash.discard(out, cache)
        pool.append(measure(pool_cmd, project, out))
        trash.discard(out, cache)
        dask.append(measure(dask_cmd, project, out))
        print(f"  run {r + 1}: process pool {pool[-1].seconds:.2f} s, Dask {dask[-1].seconds:.2f} s", flush=True)
    result = {"n": n, "pool": median(pool), "dask": median(dask), "cache": size_of(cache / "docs"),
              "output": size_of(out)}
    trash.empty()
    return result


def _row(n: int, label: str, ours: str, hugo: str = "–", ratio: str = "–", target: str = "–") -> str:
    return f"| {n:,} | {label} | {ours} | {hugo} | {ratio} | {target} |"


def table(results: list[dict], dask: dict[int, dict] | None = None) -> str:
    rows = ["| documents | metric | site-builder | Hugo | ratio to Hugo cold | target |",
            "|---:|---|---:|---:|---:|---|"]
    dask = dask or {}
    for res in results:
        n = res["n"]
        hugo_cold: Run | None = res["hugo_cold"]
        hugo_rebuild: Run | None = res.get("hugo_rebuild")
        base = hugo_cold.seconds if hugo_cold else None
        rebuild = f"{hugo_rebuild.seconds:.2f}" if hugo_rebuild else "–"
        for label, key, target, hugo_value in [
            ("cold full build (s)", "cold", "≤ 1.2", f"{base:.2f}" if base else "–"),
            ("no-op rebuild (s)", "noop", "≤ 0.1", rebuild),
            ("rebuild after editing one document (s)", "edit_doc", "≤ 0.1", rebuild),
            ("rebuild after editing one registry entity (s)", "edit_entity", "–", rebuild),
        ]:
            if key not in res:  # --cold-only
                continue
            seconds = res[key].seconds
            rows.append(_row(n, label, f"{seconds:.2f}", hugo_value, f"{seconds / base:.2f}" if base else "–", target))
        if pairs := sorted(res.get("pairs") or []):
            rows.append(_row(n, "cold full build, ratio in each alternated pair (min / median / max)", "–", "–",
                             f"{pairs[0]:.2f} / {statistics.median(pairs):.2f} / {pairs[-1]:.2f}", "≤ 1.2"))
        cold: Run = res["cold"]
        rows.append(_row(n, "peak RSS, whole process tree (MiB)", f"{cold.peak_rss / MIB:.0f}",
                         f"{hugo_cold.peak_rss / MIB:.0f}" if hugo_cold else "–", target="≤ 300"))
        rows.append(_row(n, "pages written (.html)", f"{cold.pages:,}", f"{hugo_cold.pages:,}" if hugo_cold else "–"))
        if "serve" in res:
            rows.append(_row(n, "dev server: save → rebuilt page served (s)", f"{res['serve']:.2f}", target="≤ 0.5"))
        rows.append(_row(n, "cold time per document (ms)", f"{1000 * cold.seconds / n:.2f}",
                         f"{1000 * base / n:.2f}" if base else "–"))
        if n in dask:
            d: Run = dask[n]["dask"]
            p: Run = dask[n]["pool"]
            rows.append(_row(n, f"cold full build on a Dask LocalCluster of {DASK_WORKERS} workers (s)",
                             f"{d.seconds:.2f}", "–", f"{d.seconds / base:.2f}" if base else "–",
                             f"overhead expected: process pool of {DASK_WORKERS} {p.seconds:.2f} s, "
                             f"×{d.seconds / p.seconds:.2f}"))
    per_doc = {res["n"]: res["cold"].seconds / res["n"] for res in results}
    if 10_000 in per_doc and 100_000 in per_doc:
        rows.append("| 100,000 vs 10,000 | time per document ratio | "
                    f"{per_doc[100_000] / per_doc[10_000]:.2f} | – | – | ≤ 1.1 |")
    return "\n".join(rows)


def dask_table(results: list[dict]) -> str:
    """Process pool against Dask LocalCluster, with the per-document costs behind the projection."""
    rows = [f"| documents | metric | process pool ({DASK_WORKERS}) | Dask LocalCluster ({DASK_WORKERS}) | ratio |",
            "|---:|---|---:|---:|---:|"]
    for res in results:
        n, pool, dask = res["n"], res["pool"], res["dask"]
        lines: list[tuple[str, float, float, str]] = [
            ("cold full build (s)", pool.seconds, dask.seconds, ".2f"),
            ("load and link: the per-document map, worker start included (s)",
             pool.phases.get("load and link", 0), dask.phases.get("load and link", 0), ".2f"),
            ("CPU, build process (s; Dask: client and scheduler)", pool.cpu_main, dask.cpu_main, ".1f"),
            ("CPU, workers (s)", pool.cpu_children, dask.cpu_children, ".1f"),
            ("CPU per document, build process (ms)", 1000 * pool.cpu_main / n, 1000 * dask.cpu_main / n, ".2f"),
            ("CPU per document, workers (ms)", 1000 * pool.cpu_children / n, 1000 * dask.cpu_children / n, ".2f"),
            ("peak RSS, build process (MiB)", pool.peak_main_rss / MIB, dask.peak_main_rss / MIB, ".0f"),
            ("peak RSS, largest worker (MiB)", pool.peak_child_rss / MIB, dask.peak_child_rss / MIB, ".0f"),
            ("peak RSS, whole process tree (MiB)", pool.peak_rss / MIB, dask.peak_rss / MIB, ".0f"),
        ]
        for label, a, b, fmt in lines:
            rows.append(f"| {n:,} | {label} | {a:{fmt}} | {b:{fmt}} | {b / a if a else 0:.2f} |")
        rows.append(f"| {n:,} | cache per document (KiB) / output per document (KiB) | "
                    f"{res['cache'] / n / 1024:.1f} / {res['output'] / n / 1024:.1f} | same | – |")
    return "\n".join(rows)


def projection(results: list[dict], target: int = PROJECTED) -> str:
    """What `target` documents would need on Dask, from the largest measured size, costs
    being linear in documents (what the 100,000 vs 10,000 row checks). During the map (load
    and link) the workers are busy and the build process waits; then the build process
    (one process: client and, for a LocalCluster, scheduler) indexes and prepares every
    page's context while the workers render them. Its CPU time is the floor that no number
    of workers lowers."""
    res = max(results, key=lambda r: r["n"])
    n, dask = res["n"], res["dask"]
    scale = target / n
    map_cpu = min(dask.cpu_children, DASK_WORKERS * dask.phases.get("load and link", 0.0))
    render_cpu = dask.cpu_children - map_cpu

    def hours(workers: int) -> float:
        return (map_cpu * scale / workers + max(dask.cpu_main * scale, render_cpu * scale / workers)) / 3600

    memory = f"{dask.peak_main_rss / n * target / 2 ** 30:.0f} GiB if it grows in proportion"
    smaller = [r for r in results if r["n"] < n]
    if smaller:  # the growth between two sizes, without the fixed part
        small = max(smaller, key=lambda r: r["n"])
        slope = (dask.peak_main_rss - small["dask"].peak_main_rss) / (n - small["n"])
        projected = dask.peak_main_rss + slope * (target - n)
        memory = f"{projected / 2 ** 30:.0f} GiB ({slope / 1024:.0f} KiB per document)"
    return "\n".join([
        f"Projection for {target:,} documents on Dask, from {n:,} (per-document costs, linear):",
        f"- per document: {1000 * map_cpu / n:.2f} ms of a worker to load, parse and render it, "
        f"{1000 * render_cpu / n:.2f} ms of a worker for its share of the pages, "
        f"{1000 * dask.cpu_main / n:.2f} ms of the build process",
        "- wall time: " + ", ".join(f"{w} workers {hours(w):.1f} h" for w in (2, 8, 32, 128))
        + f"; never under {dask.cpu_main * scale / 3600:.1f} h, the build process's own work",
        f"- memory: each worker about {dask.peak_child_rss / MIB:.0f} MiB (its state and the tasks in flight, "
        f"not the site); the build process {memory}",
        f"- disk, shared with the workers: cache {res['cache'] / n * target / 2 ** 30:.0f} GiB, "
        f"site {res['output'] / n * target / 2 ** 30:.0f} GiB",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated document counts")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-hugo", action="store_true", help="measure site-builder alone")
    parser.add_argument("--dask-sizes", default="10000",
                        help="document counts to build on a Dask LocalCluster against the process pool ('' for none)")
    parser.add_argument("--search-sizes", default="1000,10000",
                        help="document counts to build with search on, against Hugo + the Pagefind CLI ('' for none)")
    parser.add_argument("--cold-only", action="store_true",
                        help="cold builds only, no rebuilds or dev server (for 100,000 documents)")
    parser.add_argument("--adversarial", nargs="?", const=",".join(adversarial.PARTS), default="",
                        help="also the adversarial index rows (several minutes): entity-dense documents in the "
                             "bench corpus, many entities, one document naming thousands; or those named "
                             f"(comma-separated, of {', '.join(adversarial.PARTS)})")
    parser.add_argument("--adversarial-scales", default=",".join(map(str, adversarial.SCALES)),
                        help="entities and documents of the adversarial scale rows")
    parser.add_argument("--discovery-sizes", default="1000,10000",
                        help="document counts to time `entities: {discover: 2}` at, the step alone ('' for none)")
    parser.add_argument("--code", type=Path, help="build with the site_builder package of this folder (a checkout "
                                                  "of another commit, to measure before and after)")
    parser.add_argument("--work", type=Path, help="folder for the corpora (default: a temporary one)")
    args = parser.parse_args()
    if args.code:  # the builds run as child processes: they find it first on their path
        os.environ["PYTHONPATH"] = str(args.code.resolve())
    with tempfile.TemporaryDirectory(prefix="sb-bench-") as tmp:
        work = args.work or Path(tmp)
        results = [bench_size(int(n), args.runs, work, not args.no_hugo, not args.cold_only)
                   for n in args.sizes.split(",") if n]
        searched = [search.bench_search(int(n), args.runs, work, not args.no_hugo)
                    for n in args.search_sizes.split(",") if n]
        dask = [bench_dask(int(n), args.runs, work) for n in args.dask_sizes.split(",") if n]
        discovered = discovery.run(work, tuple(int(n) for n in args.discovery_sizes.split(",") if n))
        hostile = adversarial.run(work, tuple(args.adversarial.split(",")),
                                  tuple(int(n) for n in args.adversarial_scales.split(",") if n)) \
            if args.adversarial else []
    if results:
        print("\n" + table(results, {res["n"]: res for res in dask}))
    if searched:
        print("\n" + search.table(searched))
    if dask:
        print("\n" + dask_table(dask) + "\n\n" + projection(dask))
    if discovered:
        print("\n" + discovery.table(discovered))
    if hostile:
        print("\n" + adversarial.table(hostile))


if __name__ == "__main__":
    main()
