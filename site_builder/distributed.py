"""The build's executor on a Dask cluster: `--executor local-dask` (a LocalCluster on this
machine) or `--executor dask://HOST:PORT` (a running scheduler). Needs the `dask` extra.

The same two tasks as the process pool's (tasks.process_documents, tasks.render_pages)
run on the cluster's workers, behind the same concurrent.futures.Executor seam:

- Each worker gets the WorkerSetup (config, entity registry, salt) once, through a worker
  plugin, and builds the automaton, parser and templates from it once; tasks carry only
  paths and page contexts.
- Workers read content/ and the site's templates/ (the theme's come with their site-builder),
  write the cache (.cache/) and write pages straight into the temporary output folder, so
  the cluster must share this machine's filesystem at
  the same paths (one machine, or NFS and the like). That is checked before anything is
  sent: the build writes a file into the cache and beside the output folder and every
  worker must read it back. Workers must also run the same site-builder and libraries.
- Only small records come back (a document's metadata, mentions and notes; each page's
  fingerprint):
  the rendered HTML never passes through this process. At most a few tasks per worker
  thread are in flight, and a finished task leaves nothing on the cluster: memory on the
  cluster does not grow with the site.

This module is imported only when a build asks for Dask: the default build does not need it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import threading
import uuid
import weakref
from collections.abc import Callable
from concurrent.futures import CancelledError, Executor, Future, InvalidStateError
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dask.config
from dask.utils import parse_timedelta
from distributed import Client, KilledWorker, LocalCluster, WorkerPlugin
from distributed import wait as wait_for
from distributed.comm.core import CommClosedError

from site_builder import tasks
from site_builder.fingerprint import LIBRARIES, code_fingerprint
from site_builder.tasks import WorkerSetup

LOCAL = "local-dask"
IN_FLIGHT_PER_THREAD = 4
# Dask keeps the last 1,000 messages of every connection for debugging: with page contexts in
# them, hundreds of MiB in the build process (client and a LocalCluster's scheduler) and in the
# workers. A scheduler given by address keeps its own setting.
SMALL_LOGS = {"distributed.admin.low-level-log-length": 10}
QUIET = {"distributed": logging.WARNING, "distributed.client": logging.CRITICAL}  # logger levels during a build


class ExecutorError(Exception):
    """The cluster cannot run this build; the message says why, in one line."""


def parse_executor(spec: str) -> str:
    """`local`, `local-dask` or `dask://HOST:PORT` -> `local`, `local-dask` or the scheduler's
    tcp:// address. ValueError, with the reason, for anything else."""
    if spec in ("local", LOCAL):
        return spec
    parts = urlsplit(spec)
    if parts.scheme != "dask":
        raise ValueError(f"unknown executor {spec!r}: use local, local-dask or dask://HOST:PORT")
    try:
        port = parts.port
    except ValueError:
        port = None
    if not parts.hostname or port is None or parts.path.strip("/"):
        raise ValueError(f"a Dask scheduler is given as dask://HOST:PORT, not {spec!r}")
    return f"tcp://{parts.netloc}"


# On a worker: the state of each build it serves, by the build's token (set up by SetupPlugin).
_states: dict[str, Any] = {}


class SetupPlugin(WorkerPlugin):
    """Builds a worker's state for one build when the worker joins (or now), drops it after."""

    def __init__(self, token: str, setup: WorkerSetup) -> None:
        self.token, self.build_setup = token, setup  # `setup` is the plugin's method

    def setup(self, worker: Any) -> None:
        _states[self.token] = tasks.Worker(self.build_setup)

    def teardown(self, worker: Any) -> None:
        _states.pop(self.token, None)


class _HeartbeatAtClose(logging.Filter):
    """Drops the traceback a worker of the build's own cluster logs when its heartbeat meets
    the cluster closing (dask/distributed#7105, seen on a loaded machine at the end of a
    build that succeeded). Only the build's process talks to that scheduler: were it lost
    mid-build, the build fails and says so."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Failed to communicate with scheduler during heartbeat")


def dask_setup(worker: Any) -> None:
    """Preload of the workers of a LocalCluster started for a build: Ctrl-C reaches the whole
    process group, and the build alone decides what it means (cancel, keep the old site,
    exit 130); a worker that stopped on it too would only print a traceback. Workers of
    a cluster given by address are left as their owner started them."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.getLogger("distributed.worker").addFilter(_HeartbeatAtClose())


def _run(token: str, fn: Callable[..., Any], *args: Any) -> Any:
    """A task on a worker: fn with this build's state."""
    state = _states.get(token)
    if state is None:
        raise ExecutorError("a Dask worker has not been set up for this build")
    return tasks.run_with(state, fn, *args)


def _probe(markers: dict[str, str], folders: list[str]) -> dict[str, Any]:
    """Run on every worker before the build: what it sees of this machine's files, and its code."""
    seen = {}
    for path, expected in markers.items():
        try:
            seen[path] = Path(path).read_text(encoding="utf-8") == expected
        except OSError:
            seen[path] = False
    return {"seen": seen, "folders": {f: Path(f).is_dir() for f in folders}, "code": code_fingerprint()}


class DaskExecutor(Executor):
    """Tasks on a Dask cluster, as concurrent.futures futures; `address` None starts a
    LocalCluster of `n_workers` single-threaded worker processes for this build."""

    def __init__(self, setup: WorkerSetup, address: str | None, n_workers: int) -> None:
        self.token = uuid.uuid4().hex
        self.plugin = f"site-builder-{self.token}"
        self.cluster: LocalCluster | None = None
        self.client: Client | None = None
        # Dask logs its connections at INFO and a lost scheduler with tracebacks; the build
        # says what matters in one line (failure). Its warnings (a worker lost) are kept.
        self.log_levels = {name: logging.getLogger(name).level for name in QUIET}
        for name, level in QUIET.items():
            logging.getLogger(name).setLevel(level)
        where = address or "a local Dask cluster"
        try:
            with dask.config.set(SMALL_LOGS):
                self._connect(address, n_workers, where)
            self._check(setup, where)
            self.client.register_plugin(SetupPlugin(self.token, setup), name=self.plugin)
        except ExecutorError:
            self._close()
            raise
        except Exception as exc:  # cannot connect, no workers, a worker that cannot set up
            self._close()
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            if not self.client and address is None:
                raise ExecutorError(f"cannot start a local Dask cluster ({reason})") from exc
            if not self.client:
                raise ExecutorError(f"cannot connect to the Dask scheduler at {where} ({reason})") from exc
            raise ExecutorError(f"the Dask cluster at {where} cannot run this build ({reason})") from exc
        self.pending: set[Any] = set()  # Dask futures of tasks not finished yet
        self.lock = threading.Condition()
        # Tasks in flight: enough to keep every worker thread busy with the next task queued;
        # beyond that submit waits, so that page contexts are prepared as fast as they are
        # rendered instead of piling up in the scheduler (all of an emitter's pages at once).
        threads = sum(w["nthreads"] for w in self.client.scheduler_info()["workers"].values())
        self.in_flight = max(IN_FLIGHT_PER_THREAD * threads, 8)

    def _connect(self, address: str | None, n_workers: int, where: str) -> None:
        if address is None:
            # its HTTP server starts even without a dashboard: on a free port, not 8787;
            # each worker runs this module's dask_setup when it starts
            self.cluster = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True,
                                        host="127.0.0.1", dashboard_address="127.0.0.1:0",
                                        preload=[__name__])
            self.client = Client(self.cluster, set_as_default=False)
        else:
            self.client = Client(address, set_as_default=False)
            self._wait_for_a_worker(where)

    def _wait_for_a_worker(self, where: str) -> None:
        assert self.client is not None
        if self.client.scheduler_info()["workers"]:
            return
        try:
            self.client.wait_for_workers(1, timeout=_timeout())
        except TimeoutError as exc:  # Dask's TimeoutError is the builtin one
            raise ExecutorError(f"the Dask scheduler at {where} has no workers") from exc

    def _check(self, setup: WorkerSetup, where: str) -> None:
        """Every worker must see this machine's files at the same paths and run the same code."""
        assert self.client is not None
        config = setup.config
        output_parent = config.output_dir.parent
        output_parent.mkdir(parents=True, exist_ok=True)
        # the probe beside the output is named like a leftover of a killed build: the next build removes it
        probe_dir = output_parent / f".{config.output_dir.name}.probe-{self.token}"
        markers = {str(setup.cache_root / f"probe-{self.token}"): self.token,
                   str(probe_dir / "probe"): self.token}
        try:
            for path, text in markers.items():
                Path(path).parent.mkdir(parents=True, exist_ok=True)
                Path(path).write_text(text, encoding="utf-8")
            # the site's own templates/ may be missing (the theme's come with the code, checked below)
            folders = [str(f) for f in (config.content_dir, config.templates_dir) if f.is_dir()]
            answers = self.client.run(_probe, markers, folders, on_error="return")
        finally:
            Path(setup.cache_root / f"probe-{self.token}").unlink(missing_ok=True)
            shutil.rmtree(probe_dir, ignore_errors=True)
        code = code_fingerprint()
        for worker, answer in sorted(answers.items()):
            if isinstance(answer, BaseException):
                raise ExecutorError(f"Dask worker {worker} cannot run site-builder's code ({answer!r}); "
                                    "install the same site-builder there")
            missing = [p for p, ok in {**answer["seen"], **answer["folders"]}.items() if not ok]
            if missing:
                raise ExecutorError(f"Dask worker {worker} does not see {missing[0]}: the workers must share this "
                                    "machine's filesystem at the same paths")
            if answer["code"] != code:
                raise ExecutorError(f"Dask worker {worker} runs another version of site-builder or of its "
                                    f"libraries ({', '.join(LIBRARIES)}): install the same ones there")

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        """fn(*args) on a worker, as a concurrent.futures Future.

        Dask keeps a task's arguments (a batch of page contexts) and result on the cluster
        for as long as its Dask future lives; Client.get_executor's futures keep theirs
        alive until they are themselves dropped (after a whole emitter). Here the Dask
        future is let go the moment its result is taken, so that neither the workers nor
        the scheduler hold more than the tasks in flight."""
        assert not kwargs, "tasks take positional arguments"
        assert self.client is not None
        with self.lock:
            while len(self.pending) >= self.in_flight and self.client.status == "running":
                self.lock.wait(timeout=1.0)  # woken by a finished task; a lost scheduler fails the task
        if self.client.status != "running":
            raise CancelledError("the Dask client is no longer connected")
        task = self.client.submit(_run, self.token, fn, *args, pure=False)
        result: Future = Future()
        weak = weakref.ref(task)

        def cancel_task(future: Future) -> None:  # OutputTree cancels what a failed build no longer needs
            running = weak()
            if future.cancelled() and running is not None:
                running.cancel()

        def deliver(done: Any) -> None:  # in Dask's callback thread
            try:
                value = done.result()
            except BaseException as exc:  # the task's own exception, or CancelledError
                with contextlib.suppress(InvalidStateError):  # cancelled here meanwhile
                    result.set_exception(exc)
            else:
                with contextlib.suppress(InvalidStateError):
                    result.set_result(value)
            finally:
                with self.lock:
                    self.pending.discard(done)
                    self.lock.notify_all()

        with self.lock:
            self.pending.add(task)
        result.add_done_callback(cancel_task)
        task.add_done_callback(deliver)
        return result

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        if self.client is not None and self.client.status == "running":
            with self.lock:
                pending = list(self.pending)
            # with the scheduler gone there is nothing to cancel or wait for
            with contextlib.suppress(Exception):
                if cancel_futures:
                    self.client.cancel(pending)
                elif wait:
                    wait_for(pending)
        self._close()

    def _close(self) -> None:
        if self.client is not None:
            if self.cluster is None and self.client.status == "running":
                # a shared cluster keeps running: leave nothing of this build on its workers
                with contextlib.suppress(Exception):  # never registered, or the scheduler is gone
                    self.client.unregister_worker_plugin(self.plugin)
            self.client.close()
            self.client = None
        if self.cluster is not None:
            self.cluster.close()
            self.cluster = None
        for name, level in self.log_levels.items():
            logging.getLogger(name).setLevel(level)

    def __exit__(self, exc_type, exc, tb) -> bool:
        # a failed or interrupted build: tasks not yet run are cancelled, as with the process pool
        self.shutdown(wait=True, cancel_futures=exc_type is not None)
        return False


def failure(exc: BaseException) -> str | None:
    """The one line that says why a Dask build stopped, or None if it is not the cluster's doing."""
    if isinstance(exc, ExecutorError):
        return str(exc)
    if isinstance(exc, KilledWorker):  # Dask retried the task on other workers, and they died too
        return "Dask workers died running this build's tasks (killed, or out of memory?)"
    if isinstance(exc, CommClosedError | CancelledError):
        return "the connection to the Dask cluster was lost (its scheduler stopped?)"
    return None


def _timeout() -> float:
    return float(parse_timedelta(dask.config.get("distributed.comm.timeouts.connect")))


def dask_executor(setup: WorkerSetup, spec: str, jobs: int | None) -> DaskExecutor:
    address = parse_executor(spec)
    return DaskExecutor(setup, None if address == LOCAL else address, jobs or os.cpu_count() or 1)
