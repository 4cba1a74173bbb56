"""`python -m bench --discovery-sizes 1000,10000`: the cost of `entities: {discover: N}`, the
step of a build that reads every document's text for names (discovery.discover_entities,
jieba's segmentation), on the bench corpus at each size. The step runs alone, in a process
of its own (this module run as a program), so that its time and peak memory are its own,
jieba's dictionary (loaded once, about a second) included:

- cold: the first run, no cache;
- again: a second run over the same documents (what a rebuild pays);
- one edited: a run after one document changed.

Linear in the documents: the time per document the same at both sizes, and the memory
growing by the same amount per document."""

from __future__ import annotations

import resource
import shutil
import sys
import time
from pathlib import Path

from bench.harness import Run, measure

ROOT = Path(__file__).resolve().parent.parent
MIB = 1024 * 1024
SITE = "entities:\n  discover: 2\n"
RUNS = ("cold", "again", "one edited")


def project(work: Path, n: int) -> Path:
    from bench import corpus

    folder = corpus.generate(work / f"discover-{n}", n)
    with (folder / "site.yaml").open("a", encoding="utf-8") as f:
        f.write(SITE)
    return folder


def run(work: Path, sizes: tuple[int, ...]) -> list[dict[str, object]]:
    """Per size: the three runs (RUNS) of the discovery step alone."""
    results = []
    print("\ndiscovery of entities, the step alone", flush=True)
    for n in sizes:
        folder = project(work, n)
        command = [sys.executable, "-m", "bench.discovery", str(folder)]
        runs = {"cold": measure(command, ROOT, folder / "public"), "again": measure(command, ROOT, folder / "public")}
        edited = sorted((folder / "content").glob("[0-9]*/*.md"))[n // 2]
        with edited.open("a", encoding="utf-8") as f:
            f.write("\n新增的一句话：王小明表示同意。\n")
        runs["one edited"] = measure(command, ROOT, folder / "public")
        for label, r in runs.items():
            print(f"  {n:,} documents, {label}: {r.seconds:.1f} s, step {r.phases.get('discover entities', 0):.2f} s, "
                  f"peak {r.peak_rss / MIB:.0f} MiB", flush=True)
        results.append({"n": n, **runs})
        shutil.rmtree(folder)
    return results


def table(results: list[dict]) -> str:
    lines = ["| documents | run | discovery step (s) | its CPU (s) | CPU per document (ms) "
             "| peak RSS, the process (MiB) | entities found |",
             "|---:|---|---:|---:|---:|---:|---:|"]
    for res in results:
        n = res["n"]
        for label in RUNS:
            r: Run = res[label]
            cpu = r.phases.get("cpu", 0.0)
            lines.append(f"| {n:,} | {label} | {r.phases.get('discover entities', 0.0):.2f} | {cpu:.2f} "
                         f"| {1000 * cpu / n:.2f} | {r.peak_rss / MIB:.0f} | {r.phases.get('found', 0):.0f} |")
    if len(results) >= 2:
        (a, b) = results[0], results[-1]
        lines.append(f"\nAt {b['n']:,} / at {a['n']:,} documents (linear: ×{b['n'] / a['n']:.2f}):")
        for label in RUNS[:2]:
            cpu_a, cpu_b = (res[label].phases.get("cpu", 0.0) for res in (a, b))
            growth = (b[label].peak_rss - a[label].peak_rss) / (b["n"] - a["n"]) / 1024
            lines.append(f"- {label}: CPU ×{cpu_b / cpu_a if cpu_a else 0:.2f}; "
                         f"peak memory {growth:+.1f} KiB per added document")
    return "\n".join(lines)


def probe(folder: Path) -> None:
    """The discovery step of a build of folder, alone; its seconds in the build's own format."""
    from site_builder.config import load_config
    from site_builder.discovery import discover_entities
    from site_builder.registry import load_registry

    config = load_config(folder)
    registry, _ = load_registry(config.content_dir, config.entity_folders)
    started, cpu = time.perf_counter(), time.process_time()
    found = discover_entities(config, registry)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"seconds: discover entities {seconds:.3f}, cpu {cpu:.3f}, found {len(found)}, peak KiB {peak}")


if __name__ == "__main__":
    probe(Path(sys.argv[1]))
