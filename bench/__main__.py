"""make bench: site-builder against Hugo on generated corpora of 1,000 and 10,000 documents
(`python -m bench --sizes 100000` on request). Prints one table per size."""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from bench import corpus, hugo
from bench.harness import Run, clean, measure, median, ours, serve_latency

MIB = 1024 * 1024


def bench_size(n: int, runs: int, work: Path, with_hugo: bool) -> dict[str, object]:
    project = corpus.generate(work / f"kb-{n}", n)
    out, cache = project / "public", project / ".cache"
    hugo_dir = hugo.write_site(work / f"hugo-{n}", project / "content") if with_hugo else None
    hugo_cmd = [hugo.binary(), "--quiet"] if with_hugo else []
    ours_cmd = ours(project)
    print(f"\n{n} documents: warm-up", flush=True)
    measure(ours_cmd, project, out)
    if hugo_dir:
        measure(hugo_cmd, hugo_dir, hugo_dir / "public")
    cold, hugo_cold = [], []
    for r in range(runs):  # alternate, so that both see the same machine state
        clean(out, cache)
        cold.append(measure(ours_cmd, project, out))
        if hugo_dir:
            clean(hugo_dir / "public")
            hugo_cold.append(measure(hugo_cmd, hugo_dir, hugo_dir / "public"))
        print(f"  run {r + 1}: site-builder {cold[-1].seconds:.2f} s"
              + (f", Hugo {hugo_cold[-1].seconds:.2f} s" if hugo_cold else ""), flush=True)
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
    return {"serve": latency,"n": n, "cold": median(cold), "hugo_cold": median(hugo_cold) if hugo_cold else None,
            "noop": median(noop), "edit_doc": median(edit_doc), "edit_entity": median(edit_entity),
            "hugo_rebuild": median(hugo_rebuild) if hugo_rebuild else None}


def _row(n: int, label: str, ours: str, hugo: str = "–", ratio: str = "–", target: str = "–") -> str:
    return f"| {n:,} | {label} | {ours} | {hugo} | {ratio} | {target} |"


def table(results: list[dict]) -> str:
    rows = ["| documents | metric | site-builder | Hugo | ratio to Hugo cold | target |",
            "|---:|---|---:|---:|---:|---|"]
    for res in results:
        n = res["n"]
        hugo_cold: Run | None = res["hugo_cold"]
        hugo_rebuild: Run | None = res["hugo_rebuild"]
        base = hugo_cold.seconds if hugo_cold else None
        rebuild = f"{hugo_rebuild.seconds:.2f}" if hugo_rebuild else "–"
        for label, key, target, hugo_value in [
            ("cold full build (s)", "cold", "≤ 1.2", f"{base:.2f}" if base else "–"),
            ("no-op rebuild (s)", "noop", "≤ 0.1", rebuild),
            ("rebuild after editing one document (s)", "edit_doc", "≤ 0.1", rebuild),
            ("rebuild after editing one registry entity (s)", "edit_entity", "–", rebuild),
        ]:
            seconds = res[key].seconds
            rows.append(_row(n, label, f"{seconds:.2f}", hugo_value, f"{seconds / base:.2f}" if base else "–", target))
        cold: Run = res["cold"]
        rows.append(_row(n, "peak RSS, whole process tree (MiB)", f"{cold.peak_rss / MIB:.0f}",
                         f"{hugo_cold.peak_rss / MIB:.0f}" if hugo_cold else "–", target="≤ 300"))
        rows.append(_row(n, "pages written (.html)", f"{cold.pages:,}", f"{hugo_cold.pages:,}" if hugo_cold else "–"))
        rows.append(_row(n, "dev server: save → rebuilt page served (s)", f"{res['serve']:.2f}", target="≤ 0.5"))
        rows.append(_row(n, "cold time per document (ms)", f"{1000 * cold.seconds / n:.2f}",
                         f"{1000 * base / n:.2f}" if base else "–"))
    per_doc = {res["n"]: res["cold"].seconds / res["n"] for res in results}
    if 10_000 in per_doc and 100_000 in per_doc:
        rows.append("| 100,000 vs 10,000 | time per document ratio | "
                    f"{per_doc[100_000] / per_doc[10_000]:.2f} | – | – | ≤ 1.1 |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated document counts")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-hugo", action="store_true", help="measure site-builder alone")
    parser.add_argument("--work", type=Path, help="folder for the corpora (default: a temporary one)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sb-bench-") as tmp:
        work = args.work or Path(tmp)
        results = [bench_size(int(n), args.runs, work, not args.no_hugo) for n in args.sizes.split(",")]
    print("\n" + table(results))


if __name__ == "__main__":
    main()
