"""One build of a project at a time. Two builds (or `serve` and `build`) each stage their
output and move it in, recover what an interrupted build left, and share .cache/: run side
by side they delete each other's staging folder and publish half a site. So a build holds
an exclusive lock on .cache/build.lock for as long as it runs; a second one says who holds
it and waits. The operating system releases the lock when its holder dies, so a killed
build never leaves the project locked."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no flock; builds are not serialised there
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = "build.lock"


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextmanager
def build_lock(cache_dir: Path, say: Callable[[str], None] = _say) -> Iterator[None]:
    """Hold the project's build lock (in its cache folder) for the block; wait for it,
    saying who holds it, when another build has it."""
    if fcntl is None:
        yield
        return
    cache_dir.mkdir(parents=True, exist_ok=True)
    path = cache_dir / LOCK_NAME
    # O_NOFOLLOW: a symlink planted at the lock's name must not make us truncate another file
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "another process"
            say(f"waiting for the build that holds {path} to finish ({holder})")
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}: {' '.join(sys.argv[:3])}\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
