"""Errors and warnings about the content, each tied to a file and, where known, a line."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, TextIO

# a note: something done quietly that a user may want to know (text removed from a plain-text
# document as a running header), shown with --verbose only, never an error, even with --strict
Severity = Literal["error", "warning", "note"]
# Line breaks, the terminal's escape sequences and the bidirectional overrides: a file name or
# a value of a stranger's document that holds them would start a line of its own in a CI log
# (`::error file=…::`, read as an annotation), recolour or rewrite the terminal, or show text
# reversed. Each is written as its escape: one diagnostic stays one line.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    return _UNPRINTABLE.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True)
class Diagnostic:
    severity: Severity
    path: str
    line: int | None
    message: str
    # one that many documents may share word for word (an unknown front matter key: `layout`
    # in every file imported from Hugo). Every warning is collapsed so now (Reporter.finish);
    # kept, as the build cache keeps a document's diagnostics with it (records.py)
    tallied: bool = field(default=False, compare=False, repr=False)
    # one of many alike but for their particulars (a numbered slug for each document whose
    # name another has: 408 in a site in two languages): said with the others of its kind
    # on one line (Reporter.finish)
    alike: bool = field(default=False, compare=False, repr=False)

    def __str__(self) -> str:
        if not self.path:  # about the whole build (see Reporter.flush)
            return printable(f"{self.severity}: {self.message}")
        return printable(f"{self.where}: {self.severity}: {self.message}")

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


def Tallied(severity: Severity, path: str, line: int | None, message: str) -> Diagnostic:
    """A diagnostic many documents may share word for word (see Diagnostic.tallied)."""
    return Diagnostic(severity, path, line, message, tallied=True)


EXAMPLES = 3  # places named on a collapsed warning's line


def kind(message: str) -> str:
    """What a message is about, without its particulars (a key, a path, a number): the
    build's summary counts warnings by it."""
    return re.split(r"""['"(:;/]|\s\d|\s\S*\.\S|\s[A-Z]{2,}$""", message, maxsplit=1)[0].strip(" ,.") or message


def warning_kinds(diagnostics: list[Diagnostic]) -> list[tuple[str, int]]:
    """(kind, how many) of the warnings among diagnostics, most first: the build's summary."""
    counts: dict[str, int] = {}
    for d in diagnostics:
        if d.severity == "warning":
            counts[kind(d.message)] = counts.get(kind(d.message), 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


@dataclass
class Reporter:
    """Collects diagnostics; each distinct one is kept once. Errors are printed as they come;
    warnings at the end of the build (finish), those with the same message in several places
    on one line with how many and the first few places. verbose: every one as it comes."""

    strict: bool = False
    stream: TextIO | None = field(default_factory=lambda: sys.stderr)
    verbose: bool = False  # every warning as it comes, and the notes
    quiet: bool = False  # the errors only (-q): warnings and notes are counted, not said
    items: list[Diagnostic] = field(default_factory=list)
    _seen: set[Diagnostic] = field(default_factory=set)
    # by (severity, message), or (severity, kind of message) for the alike
    _held: dict[tuple[str, str, bool], list[Diagnostic]] = field(default_factory=dict)

    def error(self, path: Path | str, message: str, line: int | None = None) -> None:
        self._add(Diagnostic("error", str(path), line, message))

    def warning(self, path: Path | str, message: str, line: int | None = None, alike: bool = False) -> None:
        self._add(Diagnostic("error" if self.strict else "warning", str(path), line, message, alike=alike),
                  warned=True)

    def extend(self, diagnostics: list[Diagnostic] | tuple[Diagnostic, ...]) -> None:
        for d in diagnostics:
            sev: Severity = "error" if self.strict and d.severity == "warning" else d.severity
            self._add(Diagnostic(sev, d.path, d.line, d.message, alike=d.alike), warned=d.severity == "warning")

    def finish(self) -> None:
        """Say the warnings held back: one line per message, as it was when it was said in
        one place, else `PATH:LINE: warning: MESSAGE  [N places; also PATH:LINE, PATH:LINE
        and M more; -v lists every one]` (`[N alike; …]` for alike ones, whose messages differ)."""
        held, self._held = self._held, {}
        if self.stream is None:
            return
        for same in held.values():
            first = same[0]
            if len(same) == 1:
                print(first, file=self.stream)
                continue
            places = ", ".join(d.where for d in same[1:EXAMPLES])
            more = len(same) - EXAMPLES
            rest = f"{places} and {more:,} more; -v lists every one" if more > 0 else places
            counted = "places" if all(d.message == first.message for d in same) else "alike"
            print(printable(f"{first}  [{len(same):,} {counted}; also {rest}]"), file=self.stream)

    def _add(self, diagnostic: Diagnostic, warned: bool = False) -> None:
        if diagnostic in self._seen:
            return
        self._seen.add(diagnostic)
        self.items.append(diagnostic)
        if self.stream is None:
            return
        if diagnostic.severity != "error" and self.quiet:
            return
        if diagnostic.severity == "note" and not self.verbose:
            return
        if warned and not self.verbose:  # said at the end, alike ones together
            key = (diagnostic.severity, kind(diagnostic.message) if diagnostic.alike else diagnostic.message,
                   diagnostic.alike)
            self._held.setdefault(key, []).append(diagnostic)
        else:
            print(diagnostic, file=self.stream)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]
