"""The build on a Dask cluster (`--executor local-dask`, `--executor dask://HOST:PORT`):
the same files, byte for byte, as the build on this machine's process pool; and a clear
one-line error when the cluster cannot be used."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import dask.config
import pytest
from distributed import Client, LocalCluster, get_task_stream, get_worker

from bench import corpus
from site_builder import cli
from site_builder.build import CHUNK, BuildReport, build, load_entities, registry_files
from site_builder.config import load_config
from site_builder.diagnostics import Reporter
from site_builder.executors import make_executor
from site_builder.output import BATCH
from site_builder.records import RESULTS, decode_batch, unpack
from site_builder.tasks import WorkerSetup, build_salt, process_documents
from tests.conftest import make_project

GOOD = "---\ntitle: Good\ndate: 2025-01-02\ntags: [a]\n---\nFine text.\n"


@pytest.fixture(scope="module")
def cluster() -> Iterator[Client]:
    """A LocalCluster of 2 single-threaded worker processes, shared by the module's builds,
    which reach it by its address as they would a remote scheduler. A task whose worker
    dies is retried once, not three times (the scheduler reads this when it starts)."""
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}), \
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                         dashboard_address="127.0.0.1:0") as local, Client(local, set_as_default=False) as client:
        yield client


def address(client: Client) -> str:
    return client.scheduler.address.replace("tcp://", "dask://")


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build_in(project: Path, cluster: str | None = None) -> tuple[BuildReport, Reporter]:
    config = load_config(project)
    reporter = Reporter(strict=config.strict, stream=None)
    return build(config, reporter, cluster=cluster), reporter


def assert_same_site(local: Path, remote: Path) -> None:
    expected, actual = files(local / "public"), files(remote / "public")
    assert sorted(actual) == sorted(expected)
    assert [rel for rel in expected if actual[rel] != expected[rel]] == []


def same_on_dask(local: Path, remote: Path, client: Client) -> tuple[BuildReport, list[dict]]:
    """Build local on the process pool and remote (a copy, with its own cache) on the
    cluster; the sites must be the same. The cluster's tasks are returned."""
    report, reporter = build_in(local)
    with get_task_stream(client) as stream:
        dask_report, dask_reporter = build_in(remote, address(client))
    assert [str(d) for d in dask_reporter.items] == [str(d) for d in reporter.items]
    assert dask_report.pages == report.pages and dask_report.rendered == report.rendered
    assert_same_site(local, remote)
    return dask_report, stream.data


def test_seed_site_on_dask_is_byte_identical(tmp_path: Path, cluster: Client) -> None:
    local = make_project(tmp_path / "local", seeds=True)
    remote = shutil.copytree(local, tmp_path / "dask")
    report, tasks = same_on_dask(local, remote, cluster)
    assert report.errors == 0 and report.pages["documents"] == 2
    assert len(tasks) >= 1 + report.pages["documents"] // BATCH  # the documents, and their pages, ran there


def test_1000_generated_documents_on_dask_are_byte_identical(tmp_path: Path, cluster: Client) -> None:
    local = corpus.generate(tmp_path / "local", 1000)
    remote = shutil.copytree(local, tmp_path / "dask")
    report, tasks = same_on_dask(local, remote, cluster)
    assert report.pages["documents"] == 1000
    # the pages of templates run there in batches; files made without one (feeds, sitemap) do not
    in_process = sum(report.files_by.get(name, (0, 0))[1] for name in ("tag and entity feeds", "sitemap", "Atom feed"))
    assert sum(t["key"].startswith("_run") for t in tasks) >= 1000 // CHUNK + (report.rendered - in_process) // BATCH
    assert {t["worker"] for t in tasks} == set(cluster.scheduler_info()["workers"])  # both took work


def scheduler_tasks(client: Client) -> int:
    return client.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks))


def test_a_finished_task_leaves_nothing_on_the_cluster(tmp_path: Path, cluster: Client) -> None:
    """Its arguments (a batch of page contexts) and its result are let go as soon as the
    result is taken, while the build still holds the task's future; and no more than 4
    tasks per worker thread are in flight: the cluster never holds the whole site."""
    project = make_project(tmp_path, {f"d{i}.md": GOOD.replace("Good", f"Doc {i}") for i in range(20)})
    config = load_config(project)
    setup = WorkerSetup(config, load_entities(config, Reporter(stream=None)), tmp_path / "cache",
                        build_salt(config, registry_files(config)))
    with make_executor(setup, 20, None, address(cluster)) as executor:
        futures = [executor.submit(process_documents, [path]) for path in sorted((project / "content").glob("*.md"))]
        rels = [r.rel for f in futures for r in decode_batch(RESULTS, unpack(f.result()))]
        assert rels == [f"d{i}.md" for i in sorted(range(20), key=str)]
        deadline = time.monotonic() + 10
        while scheduler_tasks(cluster) and time.monotonic() < deadline:  # the release is a message away
            time.sleep(0.05)
        assert scheduler_tasks(cluster) == 0
        assert all(f.done() for f in futures)
        # more tasks than may be in flight: submit waits instead of queueing them all on the scheduler
        limit = executor.in_flight  # type: ignore[attr-defined]
        assert limit == 4 * 2
        sleeps = []
        for _ in range(3 * limit):
            sleeps.append(executor.submit(time.sleep, 0.05))
            assert scheduler_tasks(cluster) <= limit + 2  # + releases still on their way
        assert [f.result() for f in sleeps] == [None] * 3 * limit


def test_cli_local_dask_builds_the_same_site(tmp_path: Path) -> None:
    local = make_project(tmp_path / "local", {"good.md": GOOD}, seeds=True)
    remote = shutil.copytree(local, tmp_path / "dask")
    build_in(local)
    run = subprocess.run([sys.executable, "-m", "site_builder", "build", "--executor", "local-dask", "--jobs", "2"],
                         cwd=remote, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr and "UserWarning" not in run.stderr  # only the content's warnings
    assert_same_site(local, remote)


def die(*args: object) -> None:
    """A task that kills the Dask worker running it (never the test process itself)."""
    get_worker()  # ValueError outside a worker
    os._exit(1)


def test_workers_dying_fail_the_build_in_one_line(tmp_path: Path, cluster: Client, monkeypatch, capsys) -> None:
    """Dask gives a dead worker's task to another worker; when that one dies too, the build stops."""
    project = make_project(tmp_path, {"good.md": GOOD})
    build_in(project)
    before = files(project / "public")
    (project / "content/good.md").write_text(GOOD.replace("Fine", "Changed"), encoding="utf-8")
    monkeypatch.setattr("site_builder.build.process_documents", die)
    monkeypatch.chdir(project)
    assert cli.main(["build", "--executor", address(cluster)]) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[-1] == ("error: Dask workers died running this build's tasks (killed, or out of "
                                    "memory?); the previous site is unchanged")
    assert files(project / "public") == before
    monkeypatch.undo()
    cluster.wait_for_workers(2, timeout=60)  # their nannies start them again
    build_in(project, address(cluster))
    assert "Changed" in (project / "public/articles/good/index.html").read_text(encoding="utf-8")


def failed_build(project: Path, executor: str, timeout: str = "2s") -> subprocess.CompletedProcess:
    env = {**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": timeout}
    return subprocess.run([sys.executable, "-m", "site_builder", "build", "--executor", executor], cwd=project,
                          capture_output=True, text=True, check=False, env=env)


def test_unreachable_scheduler_is_one_line_and_the_old_site_stays(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"good.md": GOOD})
    build_in(project)
    before = files(project / "public")
    (project / "content/good.md").write_text(GOOD.replace("Fine", "Changed"), encoding="utf-8")
    run = failed_build(project, "dask://127.0.0.1:1")
    assert run.returncode == 1
    assert run.stderr.splitlines() == [
        "error: cannot connect to the Dask scheduler at tcp://127.0.0.1:1 "
        "(Timed out trying to connect to tcp://127.0.0.1:1 after 2 s); the previous site is unchanged"]
    assert files(project / "public") == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".public")]


@pytest.mark.parametrize("executor, message", [
    ("dask://127.0.0.1", "a Dask scheduler is given as dask://HOST:PORT, not 'dask://127.0.0.1'"),
    ("spark://x:1", "unknown executor 'spark://x:1': use local, local-dask or dask://HOST:PORT"),
])
def test_a_malformed_executor_is_a_usage_error(tmp_path: Path, executor: str, message: str, capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["build", "--executor", executor])
    assert exit_.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1].endswith(f"argument --executor: {message}")


DRIVER = """
import os, signal, sys
from site_builder import cli
from site_builder.emitters import EMITTERS, Emitter
import site_builder.build

def ctrl_c(site, out):
    os.killpg(0, signal.SIGINT)  # the terminal's Ctrl-C: the whole process group, the cluster's workers too
    signal.pause()

site_builder.build.EMITTERS[:] = [*EMITTERS[:2], Emitter("ctrl-c", files=ctrl_c)]
sys.exit(cli.main(["build", "--executor", "local-dask", "--jobs", "2"]))
"""


def test_a_real_sigint_stops_a_local_dask_build_in_one_line(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"good.md": GOOD}, seeds=True)
    build_in(project)
    before = files(project / "public")
    (project / "content/good.md").write_text(GOOD.replace("Fine", "Changed"), encoding="utf-8")
    run = subprocess.run([sys.executable, "-c", DRIVER], cwd=project, capture_output=True, text=True, timeout=120,
                         start_new_session=True, check=False)
    assert run.returncode == 130, run.stderr
    assert run.stderr.splitlines()[-1] == "interrupted: the previous site is unchanged"
    assert "Traceback" not in run.stderr and "KeyboardInterrupt" not in run.stderr  # from the workers neither
    assert files(project / "public") == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".public")]


LOSE_SCHEDULER = """
import subprocess, sys
from site_builder import cli
from site_builder.emitters import EMITTERS, Emitter
import site_builder.build
from distributed import Client

address = "tcp://127.0.0.1:" + sys.argv[1]
scheduler = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                              "--port", sys.argv[1], "--no-dashboard"], stderr=subprocess.DEVNULL)
worker = subprocess.Popen([sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1",
                           "--no-dashboard"], stderr=subprocess.DEVNULL)
with Client(address, timeout=60) as client:
    client.wait_for_workers(1, timeout=60)

def stop(site, out):  # the scheduler is gone half-way through the build
    scheduler.kill()
    scheduler.wait()
    return 0

site_builder.build.EMITTERS[:] = [Emitter("stop", files=stop), *EMITTERS]  # before the changed page is rendered
try:
    code = cli.main(["build", "--executor", "dask://127.0.0.1:" + sys.argv[1]])
finally:
    worker.kill()
sys.exit(code)
"""


def test_losing_the_scheduler_fails_the_build_in_one_line(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"good.md": GOOD}, seeds=True)
    build_in(project)
    before = files(project / "public")
    (project / "content/good.md").write_text(GOOD.replace("Fine", "Changed"), encoding="utf-8")
    with socket.socket() as s:  # a free port for the scheduler
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s"}  # how long the client tries again
    run = subprocess.run([sys.executable, "-c", LOSE_SCHEDULER, str(port)], cwd=project, env=env,
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == 1, run.stderr
    assert run.stderr.splitlines()[-1] == ("error: the connection to the Dask cluster was lost (its scheduler "
                                           "stopped?); the previous site is unchanged")
    assert "Traceback" not in run.stderr
    assert files(project / "public") == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".public")]


def _can_unshare() -> bool:
    return sys.platform == "linux" and os.geteuid() == 0 and shutil.which("unshare") is not None


@pytest.mark.skipif(not _can_unshare(), reason="needs root and unshare(1) to give a worker its own filesystem")
def test_a_worker_without_the_shared_filesystem_is_refused(tmp_path: Path) -> None:
    """A real worker process that sees an empty folder where the project is (a tmpfs
    mounted over it in its own mount namespace), as a worker on another machine would."""
    project = make_project(tmp_path / "project", {"good.md": GOOD})
    with LocalCluster(n_workers=0, processes=True, host="127.0.0.1", dashboard_address="127.0.0.1:0") as scheduler, \
            Client(scheduler, set_as_default=False) as client:
        worker = subprocess.Popen(
            ["unshare", "-m", "--propagation", "private", "sh", "-c",
             f'mount -t tmpfs none "{tmp_path}" && exec "$0" -m distributed.cli.dask_worker "$1" --nthreads 1',
             sys.executable, client.scheduler.address], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            client.wait_for_workers(1, timeout=60)
            run = failed_build(project, address(client), timeout="30s")
        finally:
            worker.terminate()
            worker.wait(timeout=30)
    assert run.returncode == 1
    [line] = run.stderr.splitlines()
    assert line.startswith("error: Dask worker tcp://127.0.0.1:")
    assert f"does not see {project}/.cache/probe-" in line
    assert line.endswith("the workers must share this machine's filesystem at the same paths; "
                         "the previous site is unchanged")
    assert not (project / "public").exists()
    assert not [p for p in project.iterdir() if p.name.startswith(".public")]  # the probe is removed


def test_a_worker_of_the_builds_cluster_does_not_print_a_heartbeat_met_by_the_clusters_close(
        caplog: pytest.LogCaptureFixture) -> None:
    """On a loaded machine a worker's last heartbeat may meet the cluster closing at the end
    of a build that succeeded, and Dask logs a traceback for it (the test above saw one on
    CI). The workers of the build's own cluster (set up by dask_setup) drop that one record;
    their other errors are logged."""
    import logging
    import signal

    from site_builder import distributed

    logger = logging.getLogger("distributed.worker")
    before, handler = list(logger.filters), signal.getsignal(signal.SIGINT)
    try:
        distributed.dask_setup(None)
        with caplog.at_level(logging.ERROR, logger="distributed.worker"):
            try:
                raise OSError("Stream is closed")
            except OSError:
                logger.exception("Failed to communicate with scheduler during heartbeat.")
                logger.exception("Unexpected exception during heartbeat. Closing worker.")
    finally:
        logger.filters[:] = before
        signal.signal(signal.SIGINT, handler)
    logged = [record.getMessage() for record in caplog.records]
    assert logged == ["Unexpected exception during heartbeat. Closing worker."]
