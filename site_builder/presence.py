"""Which files the last build left in the output folder are there still.

A rebuild keeps most of the previous build's files, and keeps one only if it is still
there (someone may have deleted it by hand): one system call per file, 44,000 at 10,000
documents, made by the build process while it kept pages (0.13 s of its entity pages'
0.4 s). A rebuild's own work is one process computing while the other core waits, so the
calls are made there: by a helper process started when the build begins, which looks while
the build loads and indexes (0.1 s at 10,000 documents) and answers with the files it
found. Only the standard library in it, run with -I -S (a Python that starts in 10 ms and
reads nothing of the project's folder).

Run as a program: python presence.py FOLDER LISTING -- the names of LISTING (the cache's
output list: names each followed by a NUL) that are files under FOLDER, on stdout, each
followed by a NUL."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import subprocess


class Presence:
    """The helper's answer, asked for once: the previous build's files found there."""

    def __init__(self, folder: Path, listing: Path) -> None:
        import subprocess  # here: the command line's no-op check imports present() alone

        self._found: set[str] | None = None
        try:
            self._helper: subprocess.Popen | None = subprocess.Popen(
                [sys.executable, "-I", "-S", __file__, str(folder), str(listing)],
                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except OSError:
            self._helper = None

    def found(self) -> set[str] | None:
        """The files found (a set of paths relative to the folder); None when the helper
        could not answer (no listing, an error): then each file is looked for by the build."""
        if self._helper is not None:
            names, _ = self._helper.communicate()
            if self._helper.returncode == 0:
                self._found = set(names.decode("utf-8", "surrogateescape").split("\0")[:-1])
            self._helper = None
        return self._found

    def stop(self) -> None:
        """A build that ends before it asked: the helper is not left behind."""
        if self._helper is not None and self._helper.poll() is None:
            self._helper.kill()
            self._helper.wait()
        self._helper = None


def present(folder: str, names: list[bytes]) -> list[bytes]:
    """The names that are files under folder, each looked for relative to the open folder
    (the call walks two or three names, not the whole path)."""
    if os.access not in os.supports_dir_fd:
        root = os.fsencode(folder)
        return [name for name in names if os.path.isfile(os.path.join(root, name))]
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        return [name for name in names if os.access(name, os.F_OK, dir_fd=fd)]
    finally:
        os.close(fd)


def main(folder: str, listing: str) -> None:
    with open(listing, "rb") as f:
        names = f.read().split(b"\0")[:-1]
    found = present(folder, names)
    sys.stdout.buffer.write(b"".join(name + b"\0" for name in found))


if __name__ == "__main__":
    main(*sys.argv[1:3])
