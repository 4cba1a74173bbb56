"""The executors a build runs its tasks (tasks.py) on: InlineExecutor (this process),
AdaptiveExecutor (inline while the work is small, then a process pool), and make_executor,
which picks one for a build, or a Dask cluster's (distributed.py, imported only then: Dask
is an optional extra)."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor

from site_builder.tasks import WorkerSetup, start, start_in_pool

INLINE_BELOW = 48  # documents to process: fewer are done faster without starting processes
INLINE_TASKS = 6  # tasks (of up to 64 documents or 32 pages) run inline before a pool is started


class InlineExecutor(Executor):
    """Runs each task at once in this process: for small sites and for tests."""

    def __init__(self, initializer: Callable[..., None] | None = None, initargs: tuple = ()) -> None:
        if initializer:
            initializer(*initargs)

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # the caller sees it when it asks for the result
            future.set_exception(exc)
        return future


class AdaptiveExecutor(Executor):
    """Inline while the work is small, a process pool (one worker per core) once it is not.

    A rebuild after one edit renders a few dozen pages: starting worker processes would
    cost more than the work. A cold build starts the pool at once."""

    def __init__(self, setup: WorkerSetup, jobs: int, pool_now: bool) -> None:
        self.setup, self.jobs = setup, jobs
        self.inline: InlineExecutor | None = None
        self.pool: ProcessPoolExecutor | None = None
        self.submitted = 0
        if pool_now and jobs > 1:
            self._start_pool()

    def _start_pool(self) -> ProcessPoolExecutor:
        if self.pool is None:
            self.pool = ProcessPoolExecutor(max_workers=self.jobs, initializer=start_in_pool, initargs=(self.setup,))
            # a forking pool starts its workers at its first task: now, so that they are copies
            # of this process as it is now (the build starts them before reading the site)
            self.pool.submit(int)
        return self.pool

    def submit(self, fn, /, *args, **kwargs) -> Future:
        self.submitted += 1
        if self.pool is not None or (self.jobs > 1 and self.submitted > INLINE_TASKS):
            return self._start_pool().submit(fn, *args, **kwargs)
        if self.inline is None:
            self.inline = InlineExecutor(start, (self.setup,))
        return self.inline.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=wait, cancel_futures=cancel_futures)

    def __exit__(self, exc_type, exc, tb) -> bool:
        # a failed or interrupted build: tasks not yet started are dropped, not run to the end
        self.shutdown(wait=True, cancel_futures=exc_type is not None)
        return False


def make_executor(setup: WorkerSetup, documents: int, jobs: int | None = None, cluster: str | None = None) -> Executor:
    """The executor for a build that has `documents` documents to process: a process pool
    (or this process), or a Dask cluster when `cluster` names one (local-dask, dask://HOST:PORT)."""
    if cluster and cluster != "local":
        from site_builder.distributed import dask_executor  # imports Dask: only when asked for

        return dask_executor(setup, cluster, jobs)
    jobs = jobs or os.cpu_count() or 1
    return AdaptiveExecutor(setup, jobs, pool_now=documents >= INLINE_BELOW)
