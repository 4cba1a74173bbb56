"""The front matter dialects other generators write, found and split off the body:

- YAML between `---` lines (Jekyll, Hugo, Hexo);
- TOML between `+++` lines (Hugo);
- JSON: an object at the very start of the file (Hugo);
- Hexo's header without its opening `---`: `key: value` lines, then `---`;
- YAML or TOML after blank lines, as Hugo reads it (a file that starts with an empty line),
  when it parses as a mapping (else the text is body: a thematic break, text, another).

Each header is parsed by its own library (PyYAML through loader.load_yaml, tomllib,
json) into plain data that the front matter schema then reads; a header that cannot be
parsed is an error at its line, as a YAML one is. Content is untrusted: every result is
held to the same bounds of size and depth as YAML (loader.bounded)."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import frontmatter

_YAML = frontmatter.YAMLHandler.FM_BOUNDARY  # ^-{3,}\s*$
_TOML = re.compile(r"^\+{3}\s*$", re.MULTILINE)
_BLANK_LINES = re.compile(r"(?:[ \t]*\r?\n)+")
# the first line of a header Hexo reads without its opening ---: a YAML key
_KEY = re.compile(r"[A-Za-z_][\w-]*:(\s|$)")
# a Hexo header is taken only if it names one of these: "Note: …" and a thematic break later
# is a document without front matter
HEXO_KEYS = frozenset({"title", "date", "tags", "categories", "updated", "permalink", "layout"})
# a TOML line that names a top-level key: `key = …` before any table, `[key]` or `[[key]]`
_TOML_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*=")
_TOML_TABLE = re.compile(r"^\s*\[\[?\s*([A-Za-z_][\w-]*)")

Parsed = tuple[Any, tuple[int | None, str] | None]  # (data, None) or (None, (line, problem))
LoadYaml = Callable[[str], Parsed]


@dataclass(frozen=True)
class Header:
    """A document's front matter: its dialect, its text (padded with the lines before it,
    so that a line in it is the file's line), the body after it and the body's first line."""

    dialect: str  # YAML, TOML or JSON
    text: str
    body: str
    body_line: int


def key_lines(header: Header, data: dict) -> dict[str, int]:
    """The line of each top-level key of a TOML or JSON header (a key given twice is an
    error of the parser in both: no warning to give, unlike YAML's, see loader.key_lines)."""
    lines: dict[str, int] = {}
    if header.dialect == "JSON":  # a nested object's keys may be indented as the top level's
        for key in data:
            if isinstance(key, str) and (at := header.text.find(json.dumps(key))) >= 0:
                lines[key] = header.text.count("\n", 0, at) + 1
        return lines
    in_table = False
    for n, line in enumerate(header.text.split("\n"), start=1):
        if m := _TOML_TABLE.match(line):
            in_table = True
            lines.setdefault(m[1], n)
        elif not in_table and (m := _TOML_KEY.match(line)):
            lines[m[1]] = n
    return lines


@dataclass(frozen=True)
class Unclosed:
    dialect: str
    fence: str


def split(text: str, load_yaml: LoadYaml) -> Header | Unclosed | None:
    """The front matter of a document's text, or Unclosed, or None when it has none."""
    if (blank := _BLANK_LINES.match(text)) is not None:
        return _after_blank_lines(text, blank.end(), load_yaml)
    end = text.find("\n")
    first = text if end < 0 else text[:end]  # not split(): a copy of a 30 MB body for one line
    if _YAML.fullmatch(first):
        return _fenced(text, _YAML, "YAML") or Unclosed("YAML", "---")
    if _TOML.fullmatch(first):
        return _fenced(text, _TOML, "TOML") or Unclosed("TOML", "+++")
    if first.startswith("{"):
        return _json(text)
    if _KEY.match(first):
        return _hexo(text, load_yaml)
    return None


def _after_blank_lines(text: str, start: int, load_yaml: LoadYaml) -> Header | None:
    """Front matter after blank lines (Hugo skips them): taken only when it reads as a
    mapping, so that a body opening with a thematic break stays a body."""
    end = text.find("\n", start)
    first = text[start:] if end < 0 else text[start:end]
    fence, dialect = (_YAML, "YAML") if _YAML.fullmatch(first) else (_TOML, "TOML") if _TOML.fullmatch(first) \
        else (None, "")
    header = _fenced(text, fence, dialect) if fence is not None else None
    if header is None:
        return None
    if dialect == "YAML":
        data, problem = load_yaml(header.text)
        return header if problem is None and isinstance(data, dict) else None
    try:
        tomllib.loads(header.text)
    except (tomllib.TOMLDecodeError, RecursionError):
        return None
    return header


def _fenced(text: str, fence: re.Pattern[str], dialect: str) -> Header | None:
    bounds = [m for _, m in zip(range(2), fence.finditer(text), strict=False)]
    if len(bounds) < 2:
        return None
    opening, closing = bounds
    return _header(dialect, text, opening.end(), closing.start(), closing.end())


def _header(dialect: str, text: str, start: int, end: int, after: int) -> Header:
    # padded with the lines before it, so that a parser's line is the file's line
    header = "\n" * text.count("\n", 0, start) + text[start:end]
    eol = text.find("\n", after)
    body = "" if eol < 0 else text[eol + 1 :]
    body_line = text.count("\n", 0, eol) + 2 if eol >= 0 else 1
    return Header(dialect, header, body, body_line)


def _json(text: str) -> Header | None:
    """An object at the start of the file, up to its closing brace; None when the text is
    no JSON object (a Markdown line that starts with {), which is then body text."""
    try:
        _, end = json.JSONDecoder().raw_decode(text)
    except (ValueError, RecursionError):
        # one that opens as JSON front matter does ({ alone, or {"key":) but does not parse:
        # up to its first lone }, for parse() to say where
        if not re.match(r'\{\s*("[^"\n]*"\s*:|$)', text):
            return None
        m = re.search(r"^\}\s*$", text, re.MULTILINE)
        return _header("JSON", text, 0, m.end() if m else len(text), m.end() if m else len(text))
    return _header("JSON", text, 0, end, end)


def _hexo(text: str, load_yaml: LoadYaml) -> Header | None:
    """Hexo's header without its opening ---: YAML lines up to the first --- line, when they
    read as a mapping naming a key Hexo knows."""
    closing = _YAML.search(text)
    if closing is None:
        return None
    header = _header("YAML", text, 0, closing.start(), closing.end())
    data, problem = load_yaml(header.text)
    if problem or not isinstance(data, dict) or not HEXO_KEYS & {k for k in data if isinstance(k, str)}:
        return None
    return header


def parse(header: Header, load_yaml: LoadYaml, bounded: Callable[[Any], str | None],
          too_large: Callable[[str, str], str | None]) -> Parsed:
    """(data, None) or (None, (line, problem)), the line the file's. load_yaml bounds YAML's
    size itself; TOML and JSON are bounded by too_large before they are parsed, by bounded after."""
    if header.dialect == "YAML":
        return load_yaml(header.text)
    if problem := too_large(header.text, header.dialect):
        return None, (None, problem)
    try:
        data = tomllib.loads(header.text) if header.dialect == "TOML" else json.loads(header.text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+)", str(exc))
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(exc))
        # at its end: the line that closes the header, where the writer looks
        return None, (int(m[1]) if m else header.text.count("\n") + 1, message)
    except json.JSONDecodeError as exc:
        return None, (exc.lineno, exc.msg)
    except (ValueError, RecursionError, OverflowError) as exc:  # an integer of 5,000 digits, a deep nest
        return None, (None, str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
    problem = bounded(data)
    return (None, (None, problem)) if problem else (data, None)
