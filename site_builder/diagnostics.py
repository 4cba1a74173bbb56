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
    # in every file imported from Hugo): the Reporter says it once for the build, with how
    # many documents and the first (see Reporter.flush), not once per document. A field, not
    # a subclass: the build cache keeps a document's diagnostics as plain data (records.py)
    tallied: bool = field(default=False, compare=False, repr=False)

    def __str__(self) -> str:
        if not self.path:  # about the whole build (see Reporter.flush)
            return printable(f"{self.severity}: {self.message}")
        return printable(f"{self.where}: {self.severity}: {self.message}")

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


def Tallied(severity: Severity, path: str, line: int | None, message: str) -> Diagnostic:
    """A diagnostic said once for the build (see Diagnostic.tallied)."""
    return Diagnostic(severity, path, line, message, tallied=True)


@dataclass
class Reporter:
    """Collects diagnostics; each distinct one is kept (and printed) once."""

    strict: bool = False
    verbose: bool = False  # print the notes too
    stream: TextIO | None = field(default_factory=lambda: sys.stderr)
    items: list[Diagnostic] = field(default_factory=list)
    _seen: set[Diagnostic] = field(default_factory=set)
    _tallied: dict[str, tuple[Diagnostic, int]] = field(default_factory=dict)  # by message: the first, and how many

    def error(self, path: Path | str, message: str, line: int | None = None) -> None:
        self._add(Diagnostic("error", str(path), line, message))

    def warning(self, path: Path | str, message: str, line: int | None = None) -> None:
        self._add(Diagnostic("error" if self.strict else "warning", str(path), line, message))

    def extend(self, diagnostics: list[Diagnostic] | tuple[Diagnostic, ...]) -> None:
        for d in diagnostics:
            if d.tallied:
                first, count = self._tallied.get(d.message, (d, 0))
                self._tallied[d.message] = (first, count + 1)
                continue
            sev: Severity = "error" if self.strict and d.severity != "note" else d.severity
            self._add(Diagnostic(sev, d.path, d.line, d.message))

    def flush(self) -> None:
        """Say what was tallied, one line per message: as it was when one document said it,
        else `warning: MESSAGE in N documents (first: PATH:LINE)`."""
        for message, (first, count) in self._tallied.items():
            sev: Severity = "error" if self.strict else first.severity
            if count == 1:
                self._add(Diagnostic(sev, first.path, first.line, message))
            else:
                self._add(Diagnostic(sev, "", None, f"{message} in {count:,} documents (first: {first.where})"))
        self._tallied.clear()

    def _add(self, diagnostic: Diagnostic) -> None:
        if diagnostic in self._seen:
            return
        self._seen.add(diagnostic)
        self.items.append(diagnostic)
        if self.stream is not None and (self.verbose or diagnostic.severity != "note"):
            print(diagnostic, file=self.stream)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]
