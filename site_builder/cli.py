"""The `site-builder` command: its sub-commands, their options and exit codes."""

from __future__ import annotations

import argparse
import ctypes
import errno
import gc
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from rich.cells import cell_len

from site_builder import CONFIG_NAME, __version__, uptodate
from site_builder.cli_output import Output
from site_builder.new import LANGUAGES, new_document, new_site
from site_builder.report import BuildReport

if TYPE_CHECKING:
    from site_builder.config import Config

# The build and the config's schema are imported by main() once it knows they are needed: a
# build that finds nothing changed is answered without them (uptodate.py), in a tenth of the time.

DESCRIPTION = """\
Build a static knowledge-base website from a folder of Markdown, PDF and plain-text documents.

Every document gets a page; so does every person, company, product and topic the documents
mention (the registry in content/people, companies, products, topics), every tag, and the
sources the documents cite. The site has a feed, a sitemap and a search index, and is
published as plain files (GitHub Pages, any web server).

Run it in a site's folder (the one holding site.yaml); without a command it builds."""



def _examples(rows: list[tuple[str, str]], note: str = "") -> str:
    """An epilog of examples, each command's comment in one column (a CJK title is two
    columns a character on a terminal)."""
    width = max(cell_len(command) for command, _ in rows) + 3
    lines = [f"  {command}{' ' * (width - cell_len(command))}{what}".rstrip() for command, what in rows]
    return "\n".join(["examples:", *lines, *([note] if note else [])])


EXAMPLES = _examples([
    ("site-builder new my-kb --language zh-CN", "make a site to start from, in my-kb/"),
    ('site-builder new doc "大模型的价格战"', "write content/大模型的价格战.md"),
    ('site-builder new person "Sam Altman"', "write content/people/sam-altman.md"),
    ("site-builder serve --port 8080", "preview at http://127.0.0.1:8080/, rebuilt on every save"),
    ("site-builder build", "build content/ into public/"),
    ("site-builder -q build", "the same, saying only errors and the result"),
    ("site-builder check", "lint the content, check every link of public/"),
    ("site-builder deploy", "push public/ to the gh-pages branch"),
])

NEW_DESCRIPTION = """\
new DIR         make a site in DIR (new or empty): site.yaml, a sample document, person and company
new doc TITLE   write a document in content/: title, today's date, tags and slug filled in
new KIND NAME   write a registry file: KIND is person, company, product or a kind of the site's own"""

NEW_EXAMPLES = _examples([
    ("site-builder new my-kb", "a new site in my-kb/ (English; --language zh-CN)"),
    ('site-builder new doc "OpenAI 发布 GPT-5"', "content/openai-发布-gpt-5.md"),
    ('site-builder new doc "Notes" --folder articles/2026', "content/articles/2026/notes.md"),
    ('site-builder new company "Moonshot AI"', "content/companies/moonshot-ai.md"),
    ("site-builder new product Kimi", "content/products/kimi.md"),
], "A file that exists is never written over; nothing is written outside content/.")

DEPLOY_EPILOG = """\
deploy refuses (exit 1, saying why) a site built without its search index while site.yaml
has search: true, a site built for a placeholder base_url (https://example.github.io/ and
the other example addresses), and a site no build of this project recorded; --force
publishes it all the same."""


WRITER_KINDS = ("doc", "person", "company", "product")  # and the site's own kinds, with a NAME


def _parser() -> argparse.ArgumentParser:
    # -v and -q are taken before the command (site-builder -q build) and after it (build -q)
    loud = argparse.ArgumentParser(add_help=False)
    _output_flags(loud, argparse.SUPPRESS)
    text = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(prog="site-builder", description=DESCRIPTION, epilog=EXAMPLES,
                                     formatter_class=text)
    parser.add_argument("--version", action="version", version=__version__)
    _output_flags(parser, False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    n = sub.add_parser("new", parents=[loud], formatter_class=text, epilog=NEW_EXAMPLES,
                       help="make a new site, or write a new document or registry file",
                       description=NEW_DESCRIPTION)
    n.add_argument("target", metavar="DIR | doc | KIND", help="a new or empty folder for a site; doc; or a kind")
    n.add_argument("name", nargs="?", metavar="TITLE | NAME", help="the document's title, or the entity's name")
    n.add_argument("--language", choices=LANGUAGES, default="en",
                   help="new DIR: the language of the site and its samples (default: en)")
    n.add_argument("--folder", default="", metavar="F",
                   help="new doc: a folder inside content/ to write the document in (default: content/ itself)")
    n.add_argument("--config", type=Path, help=f"new doc, new KIND: config file (default: ./{CONFIG_NAME})")
    b = sub.add_parser("build", parents=[loud], help="build content/ into the output folder")
    b.add_argument("--config", type=Path, help=f"config file (default: ./{CONFIG_NAME})")
    b.add_argument("--out", type=Path, help="output folder (default from the config: public)")
    b.add_argument("--base-url", help="URL the site is published at, e.g. https://me.github.io/kb/")
    b.add_argument("--drafts", action="store_true", help="include documents with draft: true")
    b.add_argument("--strict", action="store_true", help="treat warnings as errors")
    b.add_argument("--jobs", type=int, metavar="N", help="worker processes (default: one per core; 1: no workers)")
    b.add_argument("--executor", type=_executor, default="local", metavar="E",
                   help="local (the process pool, default), local-dask (a Dask LocalCluster of --jobs workers) "
                        "or dask://HOST:PORT (a Dask scheduler whose workers share this filesystem)")
    c = sub.add_parser("check", parents=[loud], help="lint the content and check every link of the built site")
    c.add_argument("--config", type=Path, help=f"config file (default: ./{CONFIG_NAME})")
    c.add_argument("--out", type=Path, help="the built site to check (default from the config: public)")
    c.add_argument("--base-url", help="URL the site was built for")
    c.add_argument("--strict", action="store_true", help="treat warnings as errors")
    v = sub.add_parser("serve", parents=[loud],
                       help="build, serve on 127.0.0.1, rebuild and reload the browser on every save")
    v.add_argument("--config", type=Path, help=f"config file (default: ./{CONFIG_NAME})")
    v.add_argument("--port", type=int, default=8000, metavar="N", help="port to listen on (default: 8000)")
    v.add_argument("--host", default="127.0.0.1", help="address to listen on (0.0.0.0 exposes the site)")
    v.add_argument("--open", action="store_true", help="open the site in the browser")
    v.add_argument("--drafts", action="store_true", help="include documents with draft: true")
    v.add_argument("--search", action="store_true", help="also rebuild the search index on every save (slower)")
    d = sub.add_parser("deploy", parents=[loud], epilog=DEPLOY_EPILOG, formatter_class=text,
                       help="push the built site to a branch (gh-pages) as one new commit")
    d.add_argument("--config", type=Path, help=f"config file (default: ./{CONFIG_NAME})")
    d.add_argument("--out", type=Path, help="the built site to push (default from the config: public)")
    d.add_argument("--remote", default="origin", help="git remote to push to (default: origin)")
    d.add_argument("--branch", default="gh-pages", help="branch to commit the site to (default: gh-pages)")
    d.add_argument("--message", "-m", help="commit message (default names the source commit)")
    d.add_argument("--force", action="store_true",
                   help="publish even a site built without search or for a placeholder base_url")
    e = sub.add_parser("entities", parents=[loud],
                       help="work with the entity registry (content/people, companies, products, topics)")
    e_sub = e.add_subparsers(dest="entities_command", required=True, metavar="COMMAND")
    s = e_sub.add_parser("suggest", parents=[loud], help="list the people, organisations and products the "
                                                         "content names that the registry does not know")
    s.add_argument("--config", type=Path, help=f"config file (default: ./{CONFIG_NAME})")
    s.add_argument("--min-count", type=int, default=1, metavar="N", help="only names found at least N times")
    s.add_argument("--format", choices=("yaml", "table"), default="yaml",
                   help="yaml (default: what `entities add` and a registry file take) or a table to read")
    a = e_sub.add_parser("add", parents=[loud], help="write a registry file for each name chosen from the "
                                                     "suggestions")
    a.add_argument("names", nargs="+", metavar="NAME", help="a suggested name or one of its aliases")
    a.add_argument("--config", type=Path, help=f"config file (default: ./{CONFIG_NAME})")
    a.add_argument("--kind", help="person, company, product or a kind of the site's own: instead of the "
                                  "suggested one, or for a name that is not suggested")
    return parser


def _output_flags(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument("-v", "--verbose", action="store_true", default=default,
                        help="say more: every warning where it is found (by default alike ones are one line, at "
                             "the end), and notes such as running headers removed from plain-text documents")
    parser.add_argument("-q", "--quiet", action="store_true", default=default,
                        help="say less: only errors and the one-line result")


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


def print_summary(report: BuildReport) -> None:
    Output().summary(report)


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
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["build", *(sys.argv[1:] if argv is None else argv)])
    if args.verbose and args.quiet:
        parser.error("-v and -q: say more or say less, not both")
    output = Output(quiet=args.quiet, verbose=args.verbose)
    if args.command == "new" and args.name is None:
        if args.target in WRITER_KINDS:
            parser.error(f"new {args.target} needs a {'TITLE' if args.target == 'doc' else 'NAME'} "
                         f"(a new site in a folder named {args.target}: new ./{args.target})")
        return new_site(Path(args.target), args.language)
    quick = _quick(args) if args.command == "build" else None  # the no-op record's place and key
    if quick and (code := _replay(quick, args, output)) is not None:
        return code
    from site_builder.build import build
    from site_builder.check import check
    from site_builder.config import ConfigError, load_config
    from site_builder.deploy import run_deploy
    from site_builder.schema import base_url

    try:
        config = load_config(Path.cwd(), args.config)
    except ConfigError as exc:  # one line per problem, `site.yaml:LINE: error: …`; nothing is built
        print(exc, file=sys.stderr)
        return 2
    if args.command != "deploy" and not config.content_dir.is_dir():  # not a site's folder: say so, build nothing
        print(f"error: no content folder {config.content_dir}: run site-builder in a site's folder, "
              "or make a site with `site-builder new DIR`", file=sys.stderr)
        return 2
    if args.command == "new":
        if args.target == "doc":
            return new_document(config, args.name, args.folder)
        from site_builder.entity_files import run_new

        return run_new(config, args.target, args.name)
    if args.command == "entities" and args.entities_command == "add":
        from site_builder.entity_files import run_add  # jieba and the word lists: only for these commands

        return run_add(config, args.names, args.kind)
    if args.command == "entities":
        from site_builder.suggest import run_suggest

        return run_suggest(config, args.min_count, args.format)
    if args.command == "deploy":
        return run_deploy(config.with_overrides(output_dir=args.out.resolve() if args.out else None),
                          args.remote, args.branch, args.message, args.force)
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
        reporter = check(config, output.reporter(config.strict))
        output.checked(len(reporter.warnings), len(reporter.errors))
        return 1 if reporter.errors else 0
    try:
        with output.progress() as progress:
            report = build(config, output.reporter(config.strict), jobs=args.jobs, cluster=args.executor,
                           leave=_LEFT if exiting else None, progress=progress, quick_key=quick[1] if quick else None)
    except BaseException as exc:  # the output is swapped in only at the end: the old site is whole
        code, message = build_failure(exc)
        if code is None:
            raise  # a bug: the traceback is what is needed
        print(message, file=sys.stderr)
        return code
    output.summary(report)
    return 1 if report.errors else 0


def _quick(args: argparse.Namespace) -> tuple[Path, str]:
    """The cache folder of the site a `build` command builds, and the key of its no-op
    record (uptodate.py): the config file and the options that change the config."""
    config_file = args.config or Path.cwd() / CONFIG_NAME
    # where load_config puts the site's root: the config file's folder, or here without one
    root = config_file.parent.resolve() if config_file.exists() else Path.cwd()
    options = (str(args.out.resolve()) if args.out else None, args.base_url, bool(args.drafts), bool(args.strict))
    return root / ".cache", uptodate.key(config_file, options)


def _replay(quick: tuple[Path, str], args: argparse.Namespace, output: Output) -> int | None:
    """A build that finds nothing changed since the last one from the command line with
    the same config and options: its result said again, as the build would say it; None:
    the build must run."""
    replayed = uptodate.replay(*quick)
    if replayed is None:
        return None
    reporter = output.reporter(args.strict)
    for batch in replayed.said:
        reporter.extend(batch)
    report = BuildReport(pages=replayed.pages, diagnostics=list(reporter.items), unchanged=replayed.files)
    report.seconds = report.phases["up to date"] = replayed.seconds
    reporter.finish()
    output.summary(report)
    return 1 if report.errors else 0


def _out_problem(config: Config, out: Path) -> str | None:
    """What is wrong with --out as the folder a build deletes and makes anew, if anything."""
    from site_builder.config import folder_problems

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
    from concurrent.futures.process import BrokenProcessPool

    if isinstance(exc, BrokenProcessPool):
        return 1, f"error: a worker process died (killed, or out of memory?); {KEPT}"
    from site_builder.cache import CacheDamaged

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
