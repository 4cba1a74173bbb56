"""What the command line shows, at the level -q and -v choose: the diagnostics as they come
(coloured on a terminal), the build's progress (drawn on a terminal, for a build that takes
longer than PROGRESS_AFTER seconds) and its summary. Colour and drawing only on a terminal:
a log or a pipe gets plain lines, as before; rich honours NO_COLOR."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich.console import Console
from rich.text import Text

from site_builder.diagnostics import Reporter, warning_kinds
from site_builder.progress import NoProgress, Progress
from site_builder.report import BuildReport

if TYPE_CHECKING:
    from rich.table import Table

PROGRESS_AFTER = 2.0  # seconds: a quicker build draws nothing
SEVERITY_STYLES = {"error": "bold red", "warning": "yellow", "note": "cyan"}


class Output:
    """The two streams: stdout for the summary, stderr for diagnostics and progress. Each
    Console looks up sys.stdout / sys.stderr when it writes (pytest's capture, rich's own
    redirection while the progress is drawn)."""

    def __init__(self, quiet: bool = False, verbose: bool = False) -> None:
        self.quiet, self.verbose = quiet, verbose
        self.out = Console(highlight=False, soft_wrap=True)
        self.err = Console(stderr=True, highlight=False, soft_wrap=True)

    def reporter(self, strict: bool) -> Reporter:
        return Reporter(strict=strict, stream=DiagnosticStream(self.err), verbose=self.verbose, quiet=self.quiet)

    @contextmanager
    def progress(self) -> Iterator[Progress]:
        """The build's progress, drawn on stderr once the build has taken PROGRESS_AFTER
        seconds; nothing unless both streams are terminals, nor with -q."""
        if self.quiet or not (_tty(sys.stdout) and _tty(sys.stderr)) or self.err.is_dumb_terminal:
            yield NoProgress()
            return
        drawn = Phases(self.err, PROGRESS_AFTER)
        try:
            yield drawn
        finally:
            drawn.close()

    def summary(self, report: BuildReport) -> None:
        """-q: the one-line result; else the files each kind of page made, written and kept, the result,
        the seconds of each phase and the warnings by kind."""
        if not self.quiet and report.files_by:  # none when nothing changed since the last build
            self.out.print(pages_table(report))
        self.out.print(result_line(report))
        if self.quiet:
            return
        if report.phases:
            self.out.print("seconds: " + ", ".join(f"{k} {v:.2f}" for k, v in report.phases.items()))
        if kinds := warning_kinds(report.diagnostics):
            self.out.print("warnings by kind: " + ", ".join(f"{n:,} {name}" for name, n in kinds))

    def checked(self, warnings: int, errors: int) -> None:
        self.out.print(Text(f"{warnings} warnings, {errors} errors", style=_result_style(warnings, errors)))


def pages_table(report: BuildReport) -> Table:
    """The files of the site by what makes them: how many, written this time, kept as they were."""
    from rich.table import Table  # not for a build that finds nothing changed, which shows no table

    rows = [(kind, files, written) for kind, (files, written) in report.files_by.items() if files]
    files, written = sum(r[1] for r in rows), sum(r[2] for r in rows)
    table = Table(box=None, pad_edge=False, show_footer=True, header_style="bold", footer_style="bold")
    table.add_column("", "total")
    table.add_column("files", str(files), justify="right")
    table.add_column("written", str(written), justify="right")
    table.add_column("kept", str(files - written), justify="right")
    for kind, count, new in rows:
        table.add_row(kind, str(count), str(new), str(count - new))
    return table


def result_line(report: BuildReport) -> Text:
    removed = f", {report.removed} removed" if report.removed else ""
    text = (f"{report.rendered} files written, {report.unchanged} unchanged{removed}; "
            f"{report.warnings} warnings, {report.errors} errors, built in {report.seconds:.2f} s")
    return Text(text, style=_result_style(report.warnings, report.errors))


def _result_style(warnings: int, errors: int) -> str:
    return "bold red" if errors else "yellow" if warnings else "green"


def _tty(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


class DiagnosticStream:
    """The Reporter's stream: plain lines where stderr is not a terminal; on a terminal each
    line printed through the console, its severity coloured (and above the progress bar
    while one is drawn)."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self._line = ""

    def write(self, text: str) -> int:
        if not self.console.is_terminal:
            return sys.stderr.write(text)
        self._line += text
        *lines, self._line = self._line.split("\n")
        for line in lines:
            self.console.print(_coloured(line))
        return len(text)

    def flush(self) -> None:
        if self._line:
            self.write("\n")
        sys.stderr.flush()


def _coloured(line: str) -> Text:
    """PATH:LINE: SEVERITY: MESSAGE with its severity in colour (the line is printable already)."""
    text = Text(line)
    for severity, style in SEVERITY_STYLES.items():
        at = line.find(f"{severity}: ")
        if at == 0 or (at > 0 and line[at - 2 : at] == ": "):
            text.stylize(style, at, at + len(severity))
            break
    return text


class Phases:
    """The build's progress as one line: the phase it is in, a bar for the documents (how
    many of how many), the time. Drawn after `delay` seconds (a short build never shows it),
    and gone when the build ends, the summary printed in its place."""

    def __init__(self, console: Console, delay: float) -> None:
        # imported here: a build in a pipe or a log draws nothing and need not load it
        from rich.progress import BarColumn, MofNCompleteColumn, SpinnerColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as Bar

        self._bar = Bar(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                        MofNCompleteColumn(), TimeElapsedColumn(), console=console, transient=True,
                        # not sys.stdout and sys.stderr swapped for rich's proxies: forked workers copy them
                        redirect_stdout=False, redirect_stderr=False)
        self._task = self._bar.add_task("starting", total=None)
        self._lock = threading.Lock()
        self._shown = self._closed = False
        self._timer = threading.Timer(delay, self._show)
        self._timer.daemon = True
        self._timer.start()

    def phase(self, name: str, total: int | None = None) -> None:
        with self._lock:  # a task per phase: its own total (or none) and its own time
            self._bar.remove_task(self._task)
            self._task = self._bar.add_task(name, total=total)

    def advance(self, steps: int) -> None:
        with self._lock:
            self._bar.advance(self._task, steps)

    def _show(self) -> None:
        with self._lock:
            if not self._closed:
                self._bar.start()
                self._shown = True

    def close(self) -> None:
        self._timer.cancel()
        with self._lock:
            self._closed = True
            if self._shown:
                self._bar.stop()
