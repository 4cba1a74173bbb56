"""Command line: site-builder new DIR [--language en|zh-CN],
site-builder build [--out DIR] [--base-url URL] [--drafts] [--strict] [--jobs N] [--executor E],
site-builder check, site-builder deploy [--remote R] [--branch B] [--message M],
site-builder entities suggest [--min-count N]."""

from __future__ import annotations

import argparse
import ctypes
import errno
import gc
import os
import re
import sys
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from site_builder import __version__
from site_builder.build import BuildReport, build
from site_builder.cache import CacheDamaged
from site_builder.check import check
from site_builder.config import CONFIG_NAME, Config, ConfigError, folder_problems, load_config
from site_builder.deploy import run_deploy
from site_builder.diagnostics import Reporter
from site_builder.new import LANGUAGES, new_site
from site_builder.schema import base_url


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="site-builder", description=__doc__)
    parser.add_argument("--version", action="version", version=__version__)
    sub = parser.add_subparsers(dest="command")
    n = sub.add_parser("new", help="make a new site in DIR: site.yaml, a sample document, person and company")
    n.add_argument("dir", type=Path, metavar="DIR", help="a new or empty folder")
    n.add_argument("--language", choices=LANGUAGES, default="en", help="the language of the site and its samples")
    b = sub.add_parser("build", help="build content/ into the output folder")
    b.add_argument("--config", type=Path, help=f"config file (default: ./{CONFIG_NAME})")
    b.add_argument("--out", type=Path, help="output folder (default from the config: public)")
    b.add_argument("--base-url", help="URL the site is published at, e.g. https://me.github.io/kb/")
    b.add_argument("--drafts", action="store_true", help="include documents with draft: true")
    b.add_argument("--strict", action="store_true", help="treat warnings as errors")
    b.add_argument("--verbose", "-v", action="store_true",
                   help="also print notes (running headers and footers removed from plain-text documents)")
    b.add_argument("--jobs", type=int, help="worker processes (default: one per core; 1: no workers)")
    b.add_argument("--executor", type=_executor, default="local", metavar="E",
                   help="local (the process pool, default), local-dask (a Dask LocalCluster of --jobs workers) "
                        "or dask://HOST:PORT (a Dask scheduler whose workers share this filesystem)")
    c = sub.add_parser("check", help="lint the content and check every link of the built site")
    c.add_argument("--config", type=Path, help=f"config file (default: ./{CONFIG_NAME})")
    c.add_argument("--out", type=Path, help="the built site to check (default from the config: public)")
    c.add_argument("--base-url", help="URL the site was built for")
    c.add_argument("--strict", action="store_true", help="treat warnings as errors")
    v = sub.add_parser("serve", help="build, serve on 127.0.0.1, rebuild and reload the browser on every save")
    v.add_argument("--config", type=Path, help=f"config file (default: ./{CONFIG_NAME})")
    v.add_argument("--port", type=int, default=8000)
    v.add_argument("--host", default="127.0.0.1", help="address to listen on (0.0.0.0 exposes the site)")
    v.add_argument("--open", action="store_true", help="open the site in the browser")
    v.add_argument("--drafts", action="store_true", help="include documents with draft: true")
    v.add_argument("--search", action="store_true", help="also rebuild the search index on every save (slower)")
    d = sub.add_parser("deploy", help="push the built site to a branch (gh-pages) as one new commit")
    d.add_argument("--config", type=Path, help=f"config file (default: ./{CONFIG_NAME})")
    d.add_argument("--out", type=Path, help="the built site to push (default from the config: public)")
    d.add_argument("--remote", default="origin", help="git remote to push to (default: origin)")
    d.add_argument("--branch", default="gh-pages", help="branch to commit the site to (default: gh-pages)")
    d.add_argument("--message", "-m", help="commit message (default names the source commit)")
    e = sub.add_parser("entities", help="work with the entity registry (content/people, companies, topics)")
    e_sub = e.add_subparsers(dest="entities_command", required=True)
    s = e_sub.add_parser("suggest", help="list names in the content the registry does not know, as YAML")
    s.add_argument("--config", type=Path, help=f"config file (default: ./{CONFIG_NAME})")
    s.add_argument("--min-count", type=int, default=1, metavar="N", help="only names found at least N times")
    return parser


def _executor(spec: str) -> str:
    if spec == "local":
        return spec
    try:
        from site_builder.distributed import parse_executor
    except ImportError as exc:
        raise argparse.ArgumentTypeError(f"{spec} needs Dask: pip install 'site-builder[dask]'") from exc
    try:
        parse_executor(spec)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc
    return spec


def print_summary(report: BuildReport, out=None) -> None:
    out = out or sys.stdout
    width = max(len(k) for k in report.pages) if report.pages else 5
    print(f"\n{'':{width}} | pages", file=out)
    print(f"{'-' * width}-+------", file=out)
    for kind, count in report.pages.items():
        print(f"{kind:{width}} | {count:5d}", file=out)
    print(f"{'-' * width}-+------", file=out)
    print(f"{'total':{width}} | {sum(report.pages.values()):5d}", file=out)
    print(f"\n{report.rendered} files written, {report.unchanged} unchanged; "
          f"{report.warnings} warnings, {report.errors} errors, built in {report.seconds:.2f} s", file=out)
    if report.phases:
        print("seconds: " + ", ".join(f"{k} {v:.2f}" for k, v in report.phases.items()), file=out)


_LEFT: list = []  # what the build made, alive until the process exits (see entry)


def entry() -> None:
    """The `site-builder` command: main(), then exit at once. A build's records (hundreds
    of megabytes of small objects at 10,000 documents) are left to the operating system,
    which frees them in one go, instead of being freed one by one (a third of a second),
    and the cycle collector, which the build turns off, is not turned on again to walk
    them all once more."""
    gc.disable()
    _tune_malloc()
    code = main(exiting=True)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _tune_malloc() -> None:
    """glibc: one malloc arena and a fixed mmap threshold, before any thread starts. The
    thread that reads the workers' results would get an arena of its own, and glibc raises
    its mmap threshold after each large free, keeping the freed batches in the heap: peak
    memory 5-10 MB higher at 10,000 documents, for no speed."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(-8, 1)  # M_ARENA_MAX
        libc.mallopt(-3, 128 * 1024)  # M_MMAP_THRESHOLD
    except (OSError, AttributeError):  # another C library (musl): its own defaults
        pass


def main(argv: list[str] | None = None, exiting: bool = False) -> int:
    args = _parser().parse_args(argv)
    if args.command is None:
        args = _parser().parse_args(["build", *(argv or sys.argv[1:])])
    if args.command == "new":
        return new_site(args.dir, args.language)
    try:
        config = load_config(Path.cwd(), args.config)
    except ConfigError as exc:  # one line per problem, `site.yaml:LINE: error: …`; nothing is built
        print(exc, file=sys.stderr)
        return 2
    if args.command != "deploy" and not config.content_dir.is_dir():  # not a site's folder: say so, build nothing
        print(f"error: no content folder {config.content_dir}: run site-builder in a site's folder, "
              "or make a site with `site-builder new DIR`", file=sys.stderr)
        return 2
    if args.command == "entities":
        from site_builder.suggest import run_suggest  # its word lists: only for this command

        return run_suggest(config, args.min_count)
    if args.command == "deploy":
        return run_deploy(config.with_overrides(output_dir=args.out.resolve() if args.out else None),
                          args.remote, args.branch, args.message)
    if args.command == "serve":
        from site_builder.serve import serve

        return serve(config.with_overrides(drafts=args.drafts or None), args.host, args.port, args.open, args.search)
    if args.base_url is not None:
        try:
            base_url(args.base_url)
        except ValueError:
            print(f"error: --base-url must be the absolute http:// or https:// URL the site is published at, "
                  f"such as https://USER.github.io/REPO/, not {args.base_url!r}", file=sys.stderr)
            return 2
    if args.command == "build" and args.out and (message := _out_problem(config, args.out.resolve())):
        print(f"error: {message}", file=sys.stderr)
        return 2
    config = config.with_overrides(
        output_dir=args.out.resolve() if args.out else None,
        base_url=args.base_url,
        drafts=getattr(args, "drafts", False) or None,
        strict=args.strict or None,
    )
    if args.command == "check":
        reporter = check(config, Reporter(strict=config.strict))
        print(f"{len(reporter.warnings)} warnings, {len(reporter.errors)} errors")
        return 1 if reporter.errors else 0
    try:
        reporter = Reporter(strict=config.strict, verbose=args.verbose)
        report = build(config, reporter, jobs=args.jobs, cluster=args.executor, leave=_LEFT if exiting else None)
    except BaseException as exc:  # the output is swapped in only at the end: the old site is whole
        code, message = build_failure(exc)
        if code is None:
            raise  # a bug: the traceback is what is needed
        print(message, file=sys.stderr)
        return code
    print_summary(report)
    return 1 if report.errors else 0


def _out_problem(config: Config, out: Path) -> str | None:
    """What is wrong with --out as the folder a build deletes and makes anew, if anything."""
    folders = {"content": config.content_dir, "templates": config.templates_dir, "static": config.static_dir,
               "output": out}
    problems = [message for name, message in folder_problems(config.root, folders, {**dict.fromkeys(folders, ""),
                                                                                    "output": "--out"})
                if name == "output"]
    return problems[0] if problems else None


KEPT = "the previous site is unchanged"


def build_failure(exc: BaseException) -> tuple[int | None, str]:
    """(exit code, one line) for a build stopped by its surroundings; (None, "") for a bug."""
    if isinstance(exc, KeyboardInterrupt):
        return 130, f"interrupted: {KEPT}"
    if isinstance(exc, BrokenProcessPool):
        return 1, f"error: a worker process died (killed, or out of memory?); {KEPT}"
    if isinstance(exc, CacheDamaged):  # again, after the build had thrown the damaged cache away
        return 1, f"error: {exc}; {KEPT}"
    if "site_builder.distributed" in sys.modules:  # a Dask build: its own failures
        from site_builder.distributed import failure

        if message := failure(exc):
            return 1, f"error: {message}; {KEPT}"
    if isinstance(exc, OSError):
        # a file of the half-built site is named by its place in the site, not the temporary folder
        where = re.sub(r"^.*/\.[^/]+\.new-[^/]+/", "", exc.filename) if isinstance(exc.filename, str) else None
        what = f"disk full ({exc.strerror})" if exc.errno == errno.ENOSPC else f"cannot write ({exc.strerror})"
        return 1, f"error: {what}{f' writing {where}' if where else ''}; {KEPT}"
    return None, ""
