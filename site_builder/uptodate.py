"""A no-op build, answered before the build is imported.

A build that finds nothing changed since the last one (BuildContext.up_to_date) is a
fingerprint of every input file's size and time and of the code: tens of milliseconds. But
the command line used to import the whole build first (the config's schema, the Markdown
parser, the templates, the sanitiser: over half a second) to learn that. So each build run
from the command line leaves a record here of what it was run with (a key: the config
file's bytes and the command's options) and what it found (the inputs' fingerprint, the
folders and files it covers, the result to say again). The next `build` with the same key
recomputes the fingerprint from this module's few imports and, if it is unchanged and every
file the last build left in the output folder is still there (inputs.output_intact), says the
result again without importing the rest.

The record is removed when any build begins and written when it ends well, so a build that
was killed (whose leftovers the full path clears: output.recover) is never answered here.
It is plain JSON and every field is checked: a record that is not what this code writes is
a miss, never an error."""

from __future__ import annotations

import contextlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from site_builder.diagnostics import Diagnostic
from site_builder.fingerprint import code_fingerprint
from site_builder.inputs import OUTPUT_LIST, digest, inputs_state, output_intact

RECORD = "up-to-date.json"
_VERSION = 1
# what the last replay found changed: the inputs it covered, their state and every file's
# size and time (see take_walk)
_walked: tuple[tuple[str, str, list[str], list[str]], str, dict[str, tuple[int, int]]] | None = None


@dataclass
class Scope:
    """What the no-op check of a build covers, from its config: the state (inputs_state over
    folders and files, with the config's repr), each folder as the config file names it and
    where that led (a symlink turned elsewhere is a change), and the output folder."""

    config_repr: str
    state: str
    folders: list[str]
    files: list[str]
    resolved: list[tuple[str, str]]
    output: str


@dataclass
class Replayed:
    """What the last build said, to be said again: its pages by emitter, its diagnostics (in
    batches: see save), how many files the site has, and how long the check took."""

    pages: dict[str, int]
    said: tuple[list[Diagnostic], ...]
    files: int
    seconds: float


def key(config_file: Path, options: tuple) -> str:
    """The key of a command line's build: the config file's bytes and the options that
    change the config (--out, --base-url, --drafts, --strict)."""
    try:
        data = config_file.read_bytes()
    except OSError:
        data = b"\0no config"  # load_config's defaults
    return digest(str(config_file).encode(), data, repr(options).encode())


def forget(cache: Path) -> None:
    """A build begins: until it ends well, the next one takes the full path."""
    with contextlib.suppress(OSError):
        os.unlink(cache / RECORD)


def save(cache: Path, key: str, scope: Scope, last: Path, pages: dict[str, int],
         said: tuple[list[Diagnostic], ...], files: int) -> None:
    """A build ended well (or found nothing to do) with this result: the next one with the
    same key and inputs can say it again. last: the cache's record of the last build, which
    deploy reads: the answer holds only while that is the one written with it. said: the
    diagnostics, in the batches the full path gives them to its reporter (the config's,
    then the build's), which says each batch its own way (--strict: a warning made an error
    is said at the end)."""
    from site_builder.cache import write_atomic  # a build's own import: already loaded

    st = last.stat()
    record = {"version": _VERSION, "key": key, "code": code_fingerprint(), "config": scope.config_repr,
              "state": scope.state, "folders": scope.folders, "files": scope.files,
              "resolved": [list(pair) for pair in scope.resolved], "output": scope.output,
              "last": [str(last), st.st_size, st.st_mtime_ns], "pages": pages, "count": files,
              "said": [[[d.severity, d.path, d.line, d.message, d.tallied, d.alike] for d in batch] for batch in said]}
    write_atomic(cache / RECORD, json.dumps(record, ensure_ascii=False).encode())


def replay(cache: Path, key: str) -> Replayed | None:
    """The last build's result, if the record's key is key and nothing it covers changed;
    None: the build must run (and will find out for itself what to do)."""
    global _walked
    started = time.perf_counter()
    _walked = None  # a walk is for the build of this command alone
    try:
        record = json.loads((cache / RECORD).read_bytes())
        if not (type(record) is dict and record.get("version") == _VERSION and record.get("key") == key
                and record.get("code") == code_fingerprint()):
            return None
        last, size, mtime = record["last"]
        st = os.stat(last)
        if (st.st_size, st.st_mtime_ns) != (size, mtime) or not os.path.isdir(record["output"]):
            return None
        if any(os.path.realpath(written) != resolved for written, resolved in record["resolved"]):
            return None
        covered = (_str(record["config"]), record["code"], [_str(f) for f in record["folders"]],
                   [_str(f) for f in record["files"]])
        stats: dict[str, tuple[int, int]] = {}
        state = inputs_state(covered[0], covered[1], [Path(f) for f in covered[2]], [Path(f) for f in covered[3]],
                             stats)
        if state != record["state"]:
            _walked = (covered, state, stats)  # the build that runs now need not walk them again
            return None
        if not output_intact(Path(record["output"]), Path(last).with_suffix(OUTPUT_LIST)):
            _walked = (covered, state, stats)  # a file deleted from the site: the build makes it again
            return None
        pages = record["pages"]
        if not (type(pages) is dict and all(type(v) is int for v in pages.values()) and type(record["count"]) is int):
            return None
        said = tuple([_diagnostic(d) for d in batch] for batch in record["said"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return Replayed(pages, said, record["count"], time.perf_counter() - started)


def take_walk(config_repr: str, code: str, folders: list[Path], files: list[Path]
              ) -> tuple[str, dict[str, tuple[int, int]]] | None:
    """The state and the files' sizes and times that the replay of this command found
    changed, if it covered these same inputs: the build it runs then does not walk the
    content folder a second time (40 ms at 10,000 documents). Once: a later build in this
    process (the dev server's) walks for itself."""
    global _walked
    walked, _walked = _walked, None
    if walked is None or walked[0] != (config_repr, code, [str(f) for f in folders], [str(f) for f in files]):
        return None
    return walked[1], walked[2]


def _str(value: object) -> str:
    if type(value) is not str:
        raise TypeError("not a string")
    return value


def _diagnostic(fields: object) -> Diagnostic:
    if not (type(fields) is list and len(fields) == 6):
        raise TypeError("not a diagnostic")
    severity, path, line, message, tallied, alike = fields
    if severity not in ("error", "warning", "note") or not (line is None or type(line) is int) \
            or type(tallied) is not bool or type(alike) is not bool:
        raise TypeError("not a diagnostic")
    return Diagnostic(severity, _str(path), line, _str(message), tallied=tallied, alike=alike)
