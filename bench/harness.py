"""Builds one corpus with site-builder and with Hugo, alternating, and times them.

Wall time is the median of the runs after a warm-up; peak memory is the largest sum of
resident memory over the whole process tree (workers included), sampled every 20 ms, and
also of the build process alone and of its largest descendant (a worker). CPU time is split
into the build process's own and its descendants' (the workers)."""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil


@dataclass
class Run:
    seconds: float
    peak_rss: int  # bytes, the whole process tree
    pages: int
    peak_main_rss: int = 0  # bytes, the build process alone (for Dask: client and scheduler)
    peak_child_rss: int = 0  # bytes, its largest descendant (a worker)
    cpu_main: float = 0.0  # CPU seconds of the build process
    cpu_children: float = 0.0  # CPU seconds of its descendants (the workers)
    phases: dict[str, float] = field(default_factory=dict)  # site-builder's own "seconds:" line


def measure(cmd: list[str], cwd: Path, output: Path) -> Run:
    """Run cmd to completion; its wall time, the tree's peak RSS and the pages it wrote."""
    # each run starts with the previous run's writes on disk: neither tool pays for the
    # other's write-back (Hugo's 16,000 files, site-builder's 40,000 with the cache)
    os.sync()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = psutil.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak = peak_main = peak_child = 0
    cpu_main = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak, peak_main, peak_child, cpu_main
        while not done.is_set():
            try:
                children = [p for p in proc.children(recursive=True) if p.is_running()]
                sizes = [p.memory_info().rss for p in children]
                main = proc.memory_info().rss
                peak = max(peak, main + sum(sizes))
                peak_main, peak_child = max(peak_main, main), max(peak_child, *sizes, 0)
                times = proc.cpu_times()
                cpu_main = times.user + times.system  # the last sample: at most 20 ms short
            except psutil.Error:
                pass
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    # 1: content warnings made errors, and the site is still built; but Python exits with 1
    # too when an exception ends it (a bench that patches the build and no longer fits it)
    if proc.returncode not in (0, 1) or b"Traceback (most recent call last)" in err:
        raise RuntimeError(f"{cmd[0]} failed ({proc.returncode}): {err.decode(errors='replace')[-2000:]}")
    # every process of the tree has been waited for by now: its CPU time is in RUSAGE_CHILDREN
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_total = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(seconds, peak, sum(1 for _ in output.rglob("*.html")), peak_main, peak_child,
               cpu_main, max(0.0, cpu_total - cpu_main), phases(out.decode(errors="replace")))


def phases(stdout: str) -> dict[str, float]:
    """site-builder's "seconds: load and link 3.09, index 0.40, ..." line as a dictionary."""
    lines = [line[len("seconds: "):] for line in stdout.splitlines() if line.startswith("seconds: ")]
    pairs = [item.rsplit(" ", 1) for item in lines[-1].split(", ")] if lines else []
    return {name: float(value) for name, value in pairs}


def ours(project: Path, *options: str) -> list[str]:
    return [sys.executable, "-m", "site_builder", "build", *options]


class Trash:
    """Where a cold run's previous output and cache go: renamed away, not deleted.

    Deleting 40,000 files just before a run made that run pay for the deletion: on an ext4
    without a journal (this machine's), the kernel does not reuse an inode freed in the last
    minute (five, while its table is not yet written) and looks past each such inode for
    every file it creates, so a build after a deletion spent up to 4x the system time of the
    same build after none, and more after several (measured: site-builder 9.4 s against
    4.0 s, Hugo 4.5 s against 3.3 s). The trash is emptied when disk space runs short and
    when a corpus is done, then the next run waits until the freed inodes are no longer
    recent: both tools measured as on a disk that nothing was deleted from."""

    RECENT = 61  # seconds after a sync that the kernel counts an inode freed as recent
    RESERVE = 20 * 2**30  # bytes of free disk below which the trash is emptied

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._count = 0

    def discard(self, *paths: Path) -> None:
        for path in paths:
            if path.exists():
                self.folder.mkdir(parents=True, exist_ok=True)
                self._count += 1
                while (self.folder / f"{self._count}-{path.name}").exists():  # another run's trash, not emptied
                    self._count += 1
                os.rename(path, self.folder / f"{self._count}-{path.name}")
        if shutil.disk_usage(self.folder.parent).free < self.RESERVE:
            self.empty()

    def empty(self) -> None:
        if not self.folder.exists():
            return
        shutil.rmtree(self.folder, ignore_errors=True)
        os.sync()
        time.sleep(self.RECENT)


def median(runs: list[Run]) -> Run:
    """The median run by wall time, with the largest peaks of all runs."""
    middle = sorted(runs, key=lambda r: r.seconds)[(len(runs) - 1) // 2]
    return Run(statistics.median(r.seconds for r in runs), max(r.peak_rss for r in runs), runs[-1].pages,
               max(r.peak_main_rss for r in runs), max(r.peak_child_rss for r in runs), middle.cpu_main,
               middle.cpu_children, middle.phases)


def size_of(folder: Path) -> int:
    """Bytes in the files under folder."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def serve_latency(project: Path, runs: int, timeout: float = 300) -> list[float]:
    """Seconds from saving a document to the dev server serving its rebuilt page."""
    import socket
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "site_builder", "serve", "--port", str(port)], cwd=project,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def page(url: str) -> str:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                return response.read().decode("utf-8", errors="replace")
        except OSError:
            return ""

    try:
        docs = sorted((project / "content").glob("[0-9]*/*.md"))
        url = f"http://127.0.0.1:{port}/articles/{docs[0].stem}/"
        deadline = time.monotonic() + timeout
        while not page(url) and time.monotonic() < deadline:  # the first build
            time.sleep(0.2)
        latencies = []
        for _ in range(runs):
            marker = f"服务器延迟测试{time.time_ns()}号"  # unique: earlier runs left theirs in the file
            with docs[0].open("a", encoding="utf-8") as f:
                f.write(f"\n{marker}\n")
            started = time.monotonic()
            while marker not in page(url):
                if time.monotonic() - started > timeout:
                    raise RuntimeError("the dev server did not serve the edit")
                time.sleep(0.02)
            latencies.append(time.monotonic() - started)
        return latencies
    finally:
        proc.terminate()
        proc.wait(timeout=30)
