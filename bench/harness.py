"""Builds one corpus with site-builder and with Hugo, alternating, and times them.

Wall time is the median of the runs after a warm-up; peak memory is the largest sum of
resident memory over the whole process tree (workers included), sampled every 20 ms."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil


@dataclass
class Run:
    seconds: float
    peak_rss: int  # bytes
    pages: int


def measure(cmd: list[str], cwd: Path, output: Path) -> Run:
    """Run cmd to completion; its wall time, the tree's peak RSS and the pages it wrote."""
    started = time.perf_counter()
    proc = psutil.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            try:
                procs = [proc, *proc.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in procs if p.is_running()))
            except psutil.Error:
                pass
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if proc.returncode not in (0, 1):  # 1: content warnings made errors; the site is still built
        raise RuntimeError(f"{cmd[0]} failed ({proc.returncode}): {err.decode(errors='replace')[-2000:]}")
    return Run(seconds, peak, sum(1 for _ in output.rglob("*.html")))


def ours(project: Path) -> list[str]:
    return [sys.executable, "-m", "site_builder", "build"]


def clean(*paths: Path) -> None:
    for path in paths:
        shutil.rmtree(path, ignore_errors=True)


def median(runs: list[Run]) -> Run:
    return Run(statistics.median(r.seconds for r in runs), max(r.peak_rss for r in runs), runs[-1].pages)


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
