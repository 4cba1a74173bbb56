"""The records a build keeps under .cache/ for the next one, as plain data (msgpack).

A cache may come from elsewhere: restored by CI (actions/cache), unpacked from an archive,
shared by Dask workers on one disk. So what a build reads back is never pickle, which runs
whatever a file names: msgpack decodes into tuples, str, int, float, bool, None, bytes and
dicts only, and the code here makes our records of those, checking the type of every value
(and the fields whose values are a closed set). Anything else -- another shape, another
type, a truncated file -- raises Malformed, which the cache takes for a miss. Pickle stays
between the processes of one build, in memory and pipes.

msgpack rather than JSON: bytes are a type of its own (JSON would need them spelled out),
and it decodes a build's records in half JSON's time.

Records go by the batch, as columns: a list of mentions is one tuple per field (entity
keys, offsets ...), the mentions of every document of the batch in one, and each document
says how many are its own. Each column is checked once, in C (set(map(type, column))), and
the records are made with map(): the checks cost little beside making the objects, which
unpickling costs too. Strings that recur (entity keys, tags, document keys) are kept once
per batch and read back as one object each.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time
from itertools import accumulate, chain, pairwise
from operator import attrgetter
from typing import Any

import msgpack

from site_builder.citations import Citation
from site_builder.diagnostics import Diagnostic
from site_builder.footnotes import Note, NoteRef
from site_builder.mentions import Mention
from site_builder.model import DocResult, Document, Heading, LinkRef, RenderedBody, When, _timezone

NoneType = type(None)


class Malformed(ValueError):
    """Bytes that are not what this code writes: a miss."""


def pack(value: Any) -> bytes:
    return msgpack.packb(value, use_bin_type=True)


def unpack(data: bytes | memoryview) -> Any:
    """Plain data only: arrays as tuples, map keys str (msgpack's strict_map_key). Lengths
    are bounded by the data's own size: a header cannot claim more than is there."""
    try:
        return msgpack.unpackb(data, use_list=False, raw=False, strict_map_key=True)
    except Exception as exc:  # truncated, not msgpack, bad UTF-8, nested too deep: all one to us
        raise Malformed(f"not a record ({type(exc).__name__})") from None


def array_header(count: int) -> bytes:
    """The start of an array of count items, packed apart (and joined as bytes)."""
    return msgpack.Packer().pack_array_header(count)


class Strings:
    """The strings of a batch that recur, each written once: columns hold their numbers."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def number(self, text: str) -> int:
        if (n := self.numbers.get(text)) is None:
            n = self.numbers[text] = len(self.numbers)
        return n

    def table(self) -> tuple[str, ...]:
        return tuple(self.numbers)


# --------------------------------------------------------------------------- columns


class Field:
    """How one field of n records goes into a column, and back."""

    def encode(self, values: list, strings: Strings) -> Any:
        raise NotImplementedError

    def decode(self, column: Any, n: int, strings: Sequence[str]) -> Sequence:
        raise NotImplementedError


def _column(column: Any, kinds: frozenset[type], n: int) -> tuple:
    if type(column) is not tuple or len(column) != n or not set(map(type, column)) <= kinds:
        raise Malformed("a column of another type or length")
    return column


class Scalar(Field):
    """A value of one of kinds per record; dump makes it plain, load (a whole column at a
    time, checked) makes it what the record holds."""

    def __init__(self, *kinds: type, dump: Callable[[Any], Any] | None = None,
                 load: Callable[[tuple], Sequence] | None = None) -> None:
        self.kinds, self.dump, self.load = frozenset(kinds), dump, load

    def encode(self, values: list, strings: Strings) -> tuple:
        return tuple(values if self.dump is None else map(self.dump, values))

    def decode(self, column: Any, n: int, strings: Sequence[str]) -> Sequence:
        column = _column(column, self.kinds, n)
        return column if self.load is None else self.load(column)


class Shared(Field):
    """A str that many records hold (an entity key, a tag, a document's key): its number
    in the batch's strings."""

    def encode(self, values: list, strings: Strings) -> tuple:
        return tuple(map(strings.number, values))

    def decode(self, column: Any, n: int, strings: Sequence[str]) -> Sequence:
        return list(map(strings.__getitem__, _column(column, _INT, n)))  # IndexError: a miss


class Many(Field):
    """A list of items per record: the items of all records in one column of `item`, and
    how many each record has. as_tuple: a tuple per record instead of a list."""

    def __init__(self, item: Field, as_tuple: bool = False) -> None:
        self.item, self.as_tuple = item, as_tuple

    def encode(self, values: list, strings: Strings) -> tuple:
        return tuple(map(len, values)), self.item.encode(list(chain.from_iterable(values)), strings)

    def decode(self, column: Any, n: int, strings: Sequence[str]) -> Sequence:
        counts, items = _pair(column)
        counts = _naturals(_column(counts, _INT, n))
        total = sum(counts)
        if total == 0:  # most lists are empty (a record's images, errors ...)
            return [()] * n if self.as_tuple else [[] for _ in counts]
        made = self.item.decode(items, total, strings)
        made = tuple(made) if self.as_tuple else list(made)
        return [made[a:b] for a, b in pairwise(accumulate(counts, initial=0))]


class Maybe(Field):
    """A record or None per record: which are None, and the others in one column."""

    def __init__(self, item: Field) -> None:
        self.item = item

    def encode(self, values: list, strings: Strings) -> tuple:
        return tuple(v is not None for v in values), self.item.encode([v for v in values if v is not None], strings)

    def decode(self, column: Any, n: int, strings: Sequence[str]) -> Sequence:
        present, items = _pair(column)
        present = _column(present, _BOOL, n)
        made = self.item.decode(items, sum(present), strings)
        if len(made) == n:
            return made
        it = iter(made)
        return [next(it) if there else None for there in present]


class Table(Field):
    """Records of a class, a column per field, made again with make(*fields) (the class
    itself: fields in the order its constructor takes them). of_tuples: the records are
    tuples of the fields."""

    def __init__(self, make: Callable[..., Any], of_tuples: bool = False, **fields: Field) -> None:
        self.make, self.names, self.fields = make, tuple(fields), tuple(fields.values())
        self.parts = None if of_tuples else attrgetter(*fields)

    def encode(self, values: list, strings: Strings) -> tuple:
        rows = values if self.parts is None else map(self.parts, values)
        columns = list(zip(*rows, strict=True)) or [()] * len(self.fields)
        return tuple(f.encode(list(c), strings) for f, c in zip(self.fields, columns, strict=True))

    def decode(self, column: Any, n: int, strings: Sequence[str]) -> list:
        if type(column) is not tuple or len(column) != len(self.fields):
            raise Malformed("a table of another shape")
        values = [f.decode(c, n, strings) for f, c in zip(self.fields, column, strict=True)]
        return list(map(self.make, *values))


def _pair(value: Any) -> tuple:
    if type(value) is not tuple or len(value) != 2:
        raise Malformed("not a pair")
    return value


def _naturals(column: tuple) -> tuple:
    """Counts, offsets and spans: never negative."""
    if min(column, default=0) < 0:
        raise Malformed("a negative count")
    return column


def _one_of(*allowed: str) -> Callable[[tuple], tuple]:
    def check(column: tuple) -> tuple:
        if not set(column) <= set(allowed):
            raise Malformed("a value out of its set")
        return column

    return check


_INT, _BOOL = frozenset({int}), frozenset({bool})


def encode_batch(table: Table, records: list) -> tuple:
    """(how many, the batch's strings, the table's columns)."""
    strings = Strings()
    columns = table.encode(records, strings)
    return len(records), strings.table(), columns


def decode_batch(table: Table, batch: Any) -> list:
    """encode_batch's records again; Malformed, never another exception, if it is not one."""
    try:
        if type(batch) is not tuple or len(batch) != 3 or type(batch[0]) is not int:
            raise Malformed("not a batch")
        n, strings, columns = batch
        if type(strings) is not tuple:
            raise Malformed("not a batch")
        return table.decode(columns, n, list(map(sys.intern, strings)))  # intern refuses anything but str
    except Malformed:
        raise
    except Exception as exc:  # a value a constructor or a lookup refuses (a bad date, a string's number ...)
        raise Malformed(f"a malformed record ({type(exc).__name__}: {str(exc)[:80]})") from None


# --------------------------------------------------------------------------- values


def _datetimes(column: tuple) -> list[datetime]:
    made = list(map(datetime.fromisoformat, _column(column, _STR, len(column))))
    # one timezone object per offset (as When pickles)
    return [v.replace(tzinfo=_timezone(v.utcoffset())) if v.tzinfo is not None else v for v in made]


def _days(column: tuple) -> list[date | None]:
    day = date.fromordinal
    return [None if d is None else day(d) for d in column]


def _ordinal(day: date | None) -> int | None:
    return None if day is None else day.toordinal()


def encode_value(value: Any) -> Any:
    """A front matter value (what YAML's safe loader, tomllib and json make: scalars, bytes, dates, lists,
    dicts of any hashable keys, sets) as plain data: scalars as they are, the others as
    (kind, payload). Anything else, which YAML cannot make, as its repr."""
    kind = type(value)
    if kind in (str, float, bool, NoneType, bytes):
        return value
    if kind is int:
        return value if -(2**63) <= value < 2**64 else ("int", str(value))
    if kind in (list, tuple, set, frozenset):
        return (kind.__name__, tuple(map(encode_value, value)))
    if kind is dict:
        return ("dict", tuple(encode_value(item) for pair in value.items() for item in pair))
    if kind is datetime:
        return ("datetime", value.isoformat())
    if kind is date:
        return ("date", value.toordinal())
    if kind is time:  # TOML's local time
        return ("time", value.isoformat())
    return repr(value)


_SCALARS = frozenset({str, int, float, bool, NoneType, bytes})
_MAKERS: dict[str, Callable[[Iterable], Any]] = {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}


def decode_value(value: Any) -> Any:
    """encode_value's inverse; Malformed for what it does not make. The nesting is bounded
    by msgpack's own limit, and by Python's (a RecursionError is a miss too)."""
    if type(value) in _SCALARS:
        return value
    kind, payload = _pair(value)
    if kind in _MAKERS and type(payload) is tuple:
        return _MAKERS[kind](map(decode_value, payload))
    if kind == "dict" and type(payload) is tuple and len(payload) % 2 == 0:
        items = list(map(decode_value, payload))
        return dict(zip(items[::2], items[1::2], strict=True))
    if kind == "datetime" and type(payload) is str:
        return datetime.fromisoformat(payload)
    if kind == "date" and type(payload) is int:
        return date.fromordinal(payload)
    if kind == "time" and type(payload) is str:
        return time.fromisoformat(payload)
    if kind == "int" and type(payload) is str and payload.lstrip("-").isdigit():
        return int(payload)
    raise Malformed("an unknown kind of value")


def _extras(column: tuple) -> list[dict]:
    made = [{} if v is None else decode_value(v) for v in column]
    if not set(map(type, made)) <= {dict}:
        raise Malformed("front matter that is not a mapping")
    return made


def _counts(column: tuple) -> tuple:
    """Mention counts by entity key (strict_map_key lets str and bytes be keys: str only)."""
    if not set(map(type, chain.from_iterable(column))) <= _STR \
            or not set(map(type, chain.from_iterable(d.values() for d in column))) <= _INT:
        raise Malformed("mention counts of another type")
    return column


def _problem(line: int | None, message: str) -> tuple[int | None, str]:
    return line, message


# --------------------------------------------------------------------------- the records

STR, OPT_STR, INT, OPT_INT = Scalar(str), Scalar(str, NoneType), Scalar(int), Scalar(int, NoneType)
_STR = frozenset({str})
NATURAL = Scalar(int, load=_naturals)
PROBLEMS = Many(Table(_problem, of_tuples=True, line=OPT_INT, message=STR))

HEADINGS = Table(Heading, level=INT, text=STR, html=STR, id=STR)
MENTIONS = Table(Mention, entity=Shared(), n=NATURAL, utf8=Scalar(bytes), at=NATURAL, length=NATURAL,
                 source=Shared(), span=NATURAL, count=NATURAL)
CITATIONS = Table(Citation, raw=STR, title=OPT_STR, publisher=OPT_STR, author=OPT_STR,
                  published=Scalar(int, NoneType, dump=_ordinal, load=_days),
                  accessed=Scalar(int, NoneType, dump=_ordinal, load=_days), url=OPT_STR, form=Shared(),
                  unreadable_dates=Many(STR, as_tuple=True), key=STR)
NOTES = Table(Note, number=INT, label=STR, citation=CITATIONS, line=OPT_INT,
              refs=Many(Table(NoteRef, id=STR, utf8=Scalar(bytes), line=OPT_INT, source=Shared(), span=NATURAL)))
LINKS = Table(LinkRef, kind=Shared(), target=STR, line=OPT_INT, image=Scalar(bool))
BODIES = Table(RenderedBody, html=STR, headings=Many(HEADINGS), text=STR, images=Many(STR), notes=Many(NOTES),
               note_problems=PROBLEMS, errors=PROBLEMS, warnings=PROBLEMS, mentions=Many(MENTIONS),
               mention_counts=Scalar(dict, load=_counts), links=Many(LINKS), tallied=PROBLEMS,
               excerpt=OPT_STR, written=Many(Shared()))
WHENS = Table(When, value=Scalar(str, dump=datetime.isoformat, load=_datetimes),
              precision=Scalar(str, load=_one_of("year", "month", "day", "time")))
DOCUMENTS = Table(Document, rel=STR, slug=STR, title=STR, body=STR, body_line=INT,
                  format=Scalar(str, load=_one_of("markdown", "plaintext", "pdf")), date=Maybe(WHENS),
                  updated=Maybe(WHENS),
                  draft=Scalar(bool), summary=STR, tags=Many(Shared()), topics=Many(Shared()),
                  featured_image=OPT_STR, source=OPT_STR, type=OPT_STR, authors=Many(Shared()), aliases=Many(STR),
                  permalink=OPT_STR, lang=Shared(), translation_key=STR, translations=Many(STR),
                  extra=Scalar(tuple, NoneType, dump=lambda extra: encode_value(extra) if extra else None,
                               load=_extras),
                  version=STR, shown=STR)
DIAGNOSTICS = Table(Diagnostic, severity=Scalar(str, load=_one_of("error", "warning", "note")), path=STR, line=OPT_INT,
                    message=STR, tallied=Scalar(bool), alike=Scalar(bool))
RESULTS = Table(DocResult, rel=STR, key=Shared(), document=Maybe(DOCUMENTS), body=Maybe(BODIES),
                diagnostics=Many(DIAGNOSTICS))
