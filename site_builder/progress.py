"""What a build says of its progress as it goes: the phase it is in and, for the documents,
how many of them are done. The build calls it; the command line draws it (cli_output.py)."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def phase(self, name: str, total: int | None = None) -> None:
        """A phase begins; total: how many steps it has, when known."""

    def advance(self, steps: int) -> None:
        """steps more of the phase are done."""


class NoProgress:
    """Says nothing: the default (tests, the dev server, a build not on a terminal)."""

    def phase(self, name: str, total: int | None = None) -> None:
        pass

    def advance(self, steps: int) -> None:
        pass
