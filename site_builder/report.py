"""What a build says when it ends: the files it made and kept, its diagnostics, its phases.
A module of its own so that the command line's output and its no-op check (uptodate.py)
read it without importing the build."""

from __future__ import annotations

from dataclasses import dataclass, field

from site_builder.diagnostics import Diagnostic


@dataclass
class BuildReport:
    pages: dict[str, int] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    seconds: float = 0.0
    rendered: int = 0  # files written this time
    unchanged: int = 0  # files kept from the previous build as they were
    written: list[str] = field(default_factory=list)  # the files written, relative to the output folder
    phases: dict[str, float] = field(default_factory=dict)  # seconds per stage and emitter
    # by emitter: (the files of the site it makes, how many of them were written this time)
    files_by: dict[str, tuple[int, int]] = field(default_factory=dict)
    removed: int = 0  # files of the previous build that this one no longer makes

    @property
    def errors(self) -> int:
        return sum(d.severity == "error" for d in self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(d.severity == "warning" for d in self.diagnostics)
