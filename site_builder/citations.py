"""Parse the text of one footnote definition into a structured :class:`Citation`.

The input is what follows the ``[^1]: `` label. Writers cite sources in several
habits, so the parser tries, in order:

* ``url``          -- the whole note is a bare URL or ``<url>`` autolink
                      (optionally followed by an accessed date);
* ``cn-dot``       -- ``标题·出版方·作者（2025/6/25）·检索日期2024/07/26``, split on
                      middle dots from the right so dots inside the title survive;
* ``link``         -- ``[Title](https://...)`` followed by free text such as
                      ``, Publisher, 2025-06-25`` (an ``Author,`` prefix is allowed);
* ``author-title`` -- ``Author, "Title", Publisher, date`` or
                      ``博阳，《标题》，腾讯科技，2025年6月25日``;
* ``free``         -- anything else; only a URL is picked up.

Pure standard library on purpose: it is used while loading every document.
"""

import datetime
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from site_builder.cjk import UNSPACED
from site_builder.model import Compact

__all__ = ["Citation", "parse_citation", "parse_date"]


# --------------------------------------------------------------------------- text helpers

# Runs of these characters are treated as "Chinese-like" when normalising keys: writers
# put or omit spaces next to them freely ("AI 开源" vs "AI开源"), so spaces there are noise.
# (CJK characters but Hangul: Korean separates words with spaces; cjk.py.)
_CJK = f"[{UNSPACED}]"
_SPACE_NEAR_CJK = re.compile(rf"(?<={_CJK}) | (?={_CJK})")
_WHITESPACE = re.compile(r"\s+")


def _is_edge_noise(char: str) -> bool:
    """Whitespace or punctuation, which never distinguishes one source from another."""
    return char.isspace() or unicodedata.category(char).startswith("P")


def _normalise(text: str) -> str:
    """Identity form of a title/publisher: NFKC, casefold, whitespace collapsed, edges trimmed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _WHITESPACE.sub(" ", text)
    text = _SPACE_NEAR_CJK.sub("", text)
    start, end = 0, len(text)
    while start < end and _is_edge_noise(text[start]):
        start += 1
    while end > start and _is_edge_noise(text[end - 1]):
        end -= 1
    return text[start:end]


_PAIRS = {'"': '"', "“": "”", "‘": "’", "'": "'", "《": "》", "「": "」", "『": "』", "〈": "〉"}
_EMPHASIS = "*_`"


def _strip_pair(text: str) -> str:
    """Drop one surrounding quote pair or emphasis marks; keep quotes that belong to the title."""
    text = text.strip().strip(_EMPHASIS).strip()
    if len(text) >= 2 and _PAIRS.get(text[0]) == text[-1]:
        inner = text[1:-1]
        # 《三体》与《球状闪电》 starts and ends with a pair but is not wrapped by one.
        if text[0] not in inner and text[-1] not in inner:
            text = inner.strip()
    return text


# Trailing separators of a title such as Chicago's "Title." -- but keep ? and ! which are content.
_TITLE_TRAILING = ",，.。;；:：、"
_PART_EDGES = " \t\r\n,，.。;；:：、·・•()（）[]【】\"'“”‘’《》「」『』〈〉*_`-–—"


def _clean_title(text: str | None) -> str | None:
    if text is None:
        return None
    text = _strip_pair(text)
    text = _strip_pair(text.rstrip(_TITLE_TRAILING))
    return text or None


def _clean_part(text: str) -> str:
    """A free-text fragment (publisher etc.) without separators, brackets or quotes at its edges."""
    return _WHITESPACE.sub(" ", text.strip(_PART_EDGES))


# Values meaning "no author"; compared after _normalise, so case and trailing dots don't matter.
_NO_AUTHOR = frozenset(
    _normalise(v)
    for v in (
        "无作者",
        "佚名",
        "无",
        "不详",
        "未知",
        "未署名",
        "作者不详",
        "no author",
        "n.a.",
        "n/a",
        "na",
        "anonymous",
        "anon.",
        "unknown",
    )
)
_AUTHOR_LABEL = re.compile(r"^\s*(?:作者\s*[:：]?|by\s*:|by\s+)\s*", re.IGNORECASE)


def _clean_author(text: str | None) -> str | None:
    if text is None:
        return None
    text = _AUTHOR_LABEL.sub("", text)
    text = _WHITESPACE.sub(" ", text.strip(" \t\r\n,，;；:：、"))
    if not text or _normalise(text) in _NO_AUTHOR:
        return None
    return text


# --------------------------------------------------------------------------- dates

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MON = (
    r"\b(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b"
)
_TIME = r"(?:\s*[T ]\s*\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?"

# Whole-string patterns for parse_date; they run on NFKC text so full-width digits work.
_ISO_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?",
    re.IGNORECASE,
)
_NUMERIC = re.compile(rf"(\d{{4}})\s*([/.-])\s*(\d{{1,2}})(?:\s*\2\s*(\d{{1,2}}){_TIME})?")
_CHINESE = re.compile(rf"(\d{{4}})\s*年\s*(\d{{1,2}})\s*月(?:\s*(\d{{1,2}})\s*[日号]{_TIME})?")
_EN_MDY = re.compile(rf"({_MON})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})")
_EN_DMY = re.compile(rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MON})\.?,?\s+(\d{{4}})")
_EN_MY = re.compile(rf"({_MON})\.?,?\s+(\d{{4}})")

# Finds date-looking tokens inside longer text (raw text, hence the full-width separators).
# Invalid values such as 2025/13/45 match on purpose so they can be reported as unreadable.
_DATE_TOKEN = re.compile(
    r"(?<!\d)(?:"
    r"\d{4}-\d{1,2}-\d{1,2}[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?"
    r"|\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?"
    r"|\d{4}\s*(?P<sep>[/.\-／．－])\s*\d{1,2}(?:\s*(?P=sep)\s*\d{1,2})?"
    rf"|{_MON}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MON}\.?,?\s+\d{{4}}"
    rf"|{_MON}\.?,?\s+\d{{4}}"
    r")(?!\d|[/.\-／．－]\d)"
)
# Digits and date punctuation only, with a year-sized run: "2025", "2025/13", "25/06/2025".
_DATE_CHARS = r"\d\s/.\-:年月日号T+Z／．－："
_LOOSE_DATE = re.compile(rf"(?=.*\d{{4}})[{_DATE_CHARS}]*\d[{_DATE_CHARS}]*")
_LOOSE_TOKEN = re.compile(r"[\d/.\-:年月日号T+Z／．－：]*\d[\d/.\-:年月日号T+Z／．－：]*")


def _day(year: str, month: str | int, day: str | None) -> datetime.date | None:
    try:
        return datetime.date(int(year), int(month), int(day) if day else 1)
    except ValueError:  # month 13, day 45, year 0 ...
        return None


def parse_date(text: str) -> datetime.date | None:
    """Read one date; ``None`` when it is not a (valid) date.

    Accepts 2025/6/25, 2025/06/26, 2025-06-25, 2025.6.25, 2025年6月25日, ISO datetimes,
    English forms such as "June 25, 2025", and year-month forms (2025年6月, 2025-06,
    June 2025), which give the 1st of the month. Year-only text is not a date.
    """
    s = unicodedata.normalize("NFKC", text).strip().strip("()[]{},;").strip()
    s = s.rstrip(".").strip()
    if not s:
        return None
    if _ISO_DATETIME.fullmatch(s):
        try:
            # The calendar day as written (no conversion to UTC): that is what the writer meant.
            return datetime.datetime.fromisoformat(s).date()
        except ValueError:
            return None
    if m := _NUMERIC.fullmatch(s):
        return _day(m[1], m[3], m[4])
    if m := _CHINESE.fullmatch(s):
        return _day(m[1], m[2], m[3])
    if m := _EN_MDY.fullmatch(s):
        return _day(m[3], _MONTHS[m[1][:3].lower()], m[2])
    if m := _EN_DMY.fullmatch(s):
        return _day(m[3], _MONTHS[m[2][:3].lower()], m[1])
    if m := _EN_MY.fullmatch(s):
        return _day(m[2], _MONTHS[m[1][:3].lower()], None)
    return None


def _is_date_slot(text: str) -> bool:
    """Could this text be the content of a date slot (possibly an unreadable one)?"""
    text = text.strip()
    return not text or bool(_DATE_TOKEN.search(text)) or bool(_LOOSE_DATE.fullmatch(text))


def _read_slot(text: str) -> tuple[datetime.date | None, str | None]:
    """(date, unreadable text) for the content of a date slot; (None, None) if not date-like."""
    text = text.strip()
    if not text:
        return None, None
    if (d := parse_date(text)) is not None:
        return d, None
    if m := _DATE_TOKEN.search(text):
        token = m.group().strip()
        d = parse_date(token)
        return d, (None if d else token)
    if _LOOSE_DATE.fullmatch(text):
        return None, text.strip(" .:-/")
    return None, None


_ACCESSED_KW = (
    r"(?:检索日期|检索时间|检索于|访问日期|访问时间|访问于|引用日期|浏览日期"
    r"|\b(?i:last\s+accessed|accessed|retrieved|visited)\b(?:\s+on)?)"
)
_ACCESSED_SEGMENT = re.compile(rf"\s*{_ACCESSED_KW}\s*[:：]?\s*(?P<rest>.*?)\s*", re.DOTALL)
_ACCESSED_CLAUSE = re.compile(rf"{_ACCESSED_KW}\s*[:：]?\s*")


@dataclass
class _Dates:
    """Dates found in a stretch of free text, plus the text left over."""

    rest: str
    published: datetime.date | None = None
    accessed: datetime.date | None = None
    unreadable: list[str] = field(default_factory=list)


def _take_accessed(text: str) -> _Dates:
    """Remove the last "Accessed …"/"检索日期…" clause from text and read its date."""
    found = _Dates(text)
    clauses = list(_ACCESSED_CLAUSE.finditer(text))
    if not clauses:
        return found
    clause = clauses[-1]
    end = clause.end()
    slot = ""
    if m := _DATE_TOKEN.match(text, clause.end()):
        slot, end = m.group(), m.end()
    elif m := _LOOSE_TOKEN.match(text, clause.end()):
        slot, end = m.group().rstrip(".:-/"), m.start() + len(m.group().rstrip(".:-/"))
    found.accessed, bad = _read_slot(slot)
    if bad:
        found.unreadable.append(bad)
    found.rest = text[: clause.start()] + " " + text[end:]
    return found


# --------------------------------------------------------------------------- URLs

_SEPARATORS = "·・•‧･⋅"
# Starts only at an unescaped "[": from an escaped one ("[\[\[\[…") the text group would
# rescan the rest of the note from every bracket.
_MD_LINK = (
    r"(?<!\\)\[(?P<text>(?:[^\[\]\\]|\\.|\[[^\[\]]*\])*)\]"
    r"\(\s*<?(?P<target>(?:[^()\s<>]|\([^()\s]*\))+)>?(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
)
_AUTOLINK = r"<(?P<auto>[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>]+)>"
# A bare URL stops at whitespace and at full-width punctuation: Chinese prose often runs
# straight on after a URL ("…/a·检索日期…", "…/a，腾讯科技").
_BARE = rf"(?P<bare>(?:https?|ftp)://[^\s<>\[\]\"“”‘’（）《》「」『』，。；、！？{_SEPARATORS}]+)"
_URLISH = re.compile(f"{_MD_LINK}|{_AUTOLINK}|{_BARE}", re.IGNORECASE)
_URL_TEXT = re.compile(r"<?(?:[a-z][a-z0-9+.\-]*://|www\.)\S+>?", re.IGNORECASE)


@dataclass(frozen=True)
class _UrlHit:
    start: int
    end: int
    url: str
    text: str | None  # link text for Markdown links, None for bare URLs / autolinks


def _trim_bare(url: str) -> str:
    """Sentence punctuation after a bare URL belongs to the sentence, not the URL."""
    while url:
        if url[-1] in ".,;:!?'*_":
            url = url[:-1]
        elif url[-1] == ")" and url.count(")") > url.count("("):
            url = url[:-1]  # "(see https://x/a)" -- but keep wiki-style /Foo_(bar)
        else:
            break
    return url


def _find_urls(text: str) -> list[_UrlHit]:
    hits: list[_UrlHit] = []
    for m in _URLISH.finditer(text):
        if m["target"] is not None:
            hits.append(_UrlHit(m.start(), m.end(), m["target"], m["text"]))
        elif m["auto"] is not None:
            hits.append(_UrlHit(m.start(), m.end(), m["auto"], None))
        else:
            url = _trim_bare(m["bare"])
            if "://" in url and len(url.split("://", 1)[1]) > 0:
                hits.append(_UrlHit(m.start(), m.start() + len(url), url, None))
    return hits


def _without_urls(text: str, hits: list[_UrlHit]) -> str:
    """Links replaced by their text, bare URLs (and brackets wrapping them) removed."""
    out: list[str] = []
    pos = 0
    for hit in hits:
        start, end = hit.start, hit.end
        if hit.text is None:
            # "(https://…)" would otherwise leave "()" that looks like an empty date slot.
            left = text[pos:start].rstrip()
            right_pad = len(text[end:]) - len(text[end:].lstrip())
            if left.endswith(("(", "（")) and text[end + right_pad : end + right_pad + 1] in (
                ")",
                "）",
            ):
                start = pos + len(left) - 1
                end = end + right_pad + 1
        out.append(text[pos:start])
        out.append(hit.text.replace("\\", "") if hit.text is not None else " ")
        pos = end
    out.append(text[pos:])
    return re.sub(r"[ \t]{2,}", " ", "".join(out))


def _host(url: str) -> str | None:
    try:
        host = urlsplit(url).hostname
    except ValueError:  # malformed IPv6 literal etc.
        return None
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


# --------------------------------------------------------------------------- the record


@dataclass(frozen=True, slots=True)
class Citation(Compact):
    """One parsed footnote. ``raw`` is always the untouched input."""

    raw: str
    title: str | None = None
    publisher: str | None = None
    author: str | None = None  # None also for 无作者 / 佚名 / "no author" / "n.a."
    published: datetime.date | None = None
    accessed: datetime.date | None = None
    url: str | None = None
    form: str = "free"  # "cn-dot" | "url" | "link" | "author-title" | "free"
    unreadable_dates: tuple[str, ...] = ()  # date-looking text in a date slot, e.g. "2025/13/45"
    # Identity of the source across documents (the same article cited twice → same key):
    # made from the fields above when not given (see source_key).
    key: str = field(default="", compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.key:
            object.__setattr__(self, "key", source_key(self))
        # Tens of thousands of citations name a few publishers, authors and days: one object
        # of each (also when read back from the cache or a worker's batch), not one per citation.
        # Written out, not looped over names: 40,000 citations are read back on every rebuild.
        if self.publisher is not None:
            object.__setattr__(self, "publisher", sys.intern(self.publisher))
        if self.author is not None:
            object.__setattr__(self, "author", sys.intern(self.author))
        if self.published is not None:
            object.__setattr__(self, "published", _DAYS.setdefault(self.published, self.published))
        if self.accessed is not None:
            object.__setattr__(self, "accessed", _DAYS.setdefault(self.accessed, self.accessed))

    def __reduce__(self) -> tuple:
        # Its texts go as UTF-8 bytes encoded here: pickle encodes a str through a cache of
        # its UTF-8 kept on the str for as long as it lives, and the build process keeps
        # every citation (315,000 at 100,000 documents, 60 MiB of such copies). No field
        # holds bytes: on the way back every bytes value is a text.
        _, values = Compact.__reduce__(self)
        return _citation, tuple(v.encode() if type(v) is str else v for v in values)


def _citation(*values: Any) -> Citation:
    return Citation(*(v.decode() if type(v) is bytes else v for v in values))


_DAYS: dict[datetime.date, datetime.date] = {}


def source_key(citation: Citation) -> str:
    """Normalised title + "|" + normalised publisher; the URL when there is no title;
    otherwise the normalised raw text. Authors and dates are deliberately left out: two
    notes citing one article often disagree on them."""
    if citation.title:
        return f"{_normalise(citation.title)}|{_normalise(citation.publisher or '')}"
    if citation.url:
        return citation.url
    return _normalise(citation.raw)


# --------------------------------------------------------------------------- forms


def _as_url_only(raw: str, text: str, hits: list[_UrlHit]) -> Citation | None:
    """The note is one URL, maybe with an accessed date: "<https://x> (accessed 2025-07-01)"."""
    if len(hits) != 1:
        return None
    hit = hits[0]
    if hit.text is not None and not _URL_TEXT.fullmatch(hit.text.strip()):
        return None  # a real link text means a title: that is the "link" form
    found = _take_accessed(text[: hit.start] + " " + text[hit.end :])
    if _clean_part(found.rest):
        return None
    return Citation(
        raw=raw,
        publisher=_host(hit.url),
        accessed=found.accessed,
        url=hit.url,
        form="url",
        unreadable_dates=tuple(found.unreadable),
    )


_SEGMENT_SPLIT = re.compile(rf"\s*[{_SEPARATORS}]\s*")
# "博阳（2025/6/25）", "无作者（2023/06/26）", "（2025/6/25）", "博阳（）"
_AUTHOR_DATE = re.compile(r"(?P<who>[^（）()]*?)\s*[（(](?P<date>[^（）()]*)[）)]", re.DOTALL)
# An author slot holding a quote is really "萨姆·奥特曼，《标题》，…（date）" (author-title).
_QUOTE_CHARS = re.compile(r"[\"“”《》「」『』]")


def _as_cn_dot(raw: str, clean: str, url: str | None) -> Citation | None:
    """标题·出版方·作者（发表日期）·检索日期…, read from the right.

    Reading from the right keeps dots inside the title (萨姆·奥特曼) in the title. At least
    one anchor -- an accessed-date segment or a (date) segment -- is required, otherwise
    ordinary prose with a middle dot would be misread.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SEGMENT_SPLIT.finditer(clean):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(clean)))
    spans = [(a, b) for a, b in spans if clean[a:b].strip()]
    if len(spans) < 2:
        return None

    def seg(span: tuple[int, int]) -> str:
        return clean[span[0] : span[1]].strip()

    anchored = False
    unreadable: list[str] = []
    accessed = published = None
    author: str | None = None
    author_slot = False

    accessed_bad: str | None = None
    if acc_m := _ACCESSED_SEGMENT.fullmatch(seg(spans[-1])):
        accessed, accessed_bad = _read_slot(acc_m["rest"])
        anchored = True
        spans.pop()

    if spans:
        last = seg(spans[-1])
        who_m = _AUTHOR_DATE.fullmatch(last)
        if who_m and _is_date_slot(who_m["date"]) and not _QUOTE_CHARS.search(who_m["who"]):
            author, author_slot, anchored = _clean_author(who_m["who"]), True, True
            published, bad = _read_slot(who_m["date"])
            if bad:
                unreadable.append(bad)
            spans.pop()
        elif _DATE_TOKEN.fullmatch(last):  # a bare date segment: "标题·腾讯科技·2025/6/25"
            published, bad = _read_slot(last)
            if bad:
                unreadable.append(bad)
            author_slot, anchored = True, True
            spans.pop()
    if accessed_bad:
        unreadable.append(accessed_bad)

    if not anchored or not spans:
        return None
    publisher: str | None = None
    if not author_slot and len(spans) >= 3:
        # The seed habit always has an author slot even when its date is missing.
        author = _clean_author(seg(spans.pop()))
    if len(spans) >= 2:
        publisher = _clean_part(seg(spans.pop())) or None
    title = _clean_title(clean[spans[0][0] : spans[-1][1]])
    if title is None:
        return None
    return Citation(
        raw=raw,
        title=title,
        publisher=publisher,
        author=author,
        published=published,
        accessed=accessed,
        url=url,
        form="cn-dot",
        unreadable_dates=tuple(unreadable),
    )


_TAIL_SPLIT = re.compile(rf"[,，;；、。{_SEPARATORS}]|(?<!\b[A-Za-z])\.(?=\s|$)")
_EMPTY_BRACKETS = re.compile(r"[(（\[【]\s*[)）\]】]")
_BY = re.compile(r"^(?:by\s+|作者\s*[:：]?\s*)(?P<who>.+)$", re.IGNORECASE)


@dataclass
class _Tail:
    publisher: str | None = None
    author: str | None = None
    published: datetime.date | None = None
    accessed: datetime.date | None = None
    unreadable: list[str] = field(default_factory=list)


def _parse_tail(text: str) -> _Tail:
    """Publisher, "by" author and dates from the text after a title: ", Publisher, 2025-06-25"."""
    found = _take_accessed(text)
    tail = _Tail(accessed=found.accessed)
    published_bad: list[str] = []
    rest_parts: list[str] = []
    pos = 0
    for m in _DATE_TOKEN.finditer(found.rest):
        d = parse_date(m.group())
        if d is None:
            published_bad.append(m.group().strip())
        elif tail.published is None:
            tail.published = d
        rest_parts.append(found.rest[pos : m.start()])
        pos = m.end()
    rest_parts.append(found.rest[pos:])
    rest = _EMPTY_BRACKETS.sub(" ", " ".join(rest_parts))

    for piece in _TAIL_SPLIT.split(rest):
        part = _clean_part(piece)
        if not part:
            continue
        if _LOOSE_DATE.fullmatch(part):  # "2025", "25/06/2025": a date slot we cannot read
            published_bad.append(part)
        elif m := _BY.match(part):
            tail.author = tail.author or _clean_author(m["who"])
        elif tail.publisher is None:
            tail.publisher = part
    # Report in reading order: a published date precedes the accessed clause.
    tail.unreadable = published_bad + found.unreadable
    return tail


_LINK_PREFIX = re.compile(r"\s*(?:(?P<author>[^\[\]\n]{1,80}?)\s*[,，、:：])?\s*")
# "See: [Title](…)" / "来源：[标题](…)" -- labels in the author position, not authors.
_LEAD_INS = frozenset(
    _normalise(v)
    for v in (
        "see",
        "see also",
        "source",
        "via",
        "link",
        "参见",
        "见",
        "详见",
        "来源",
        "出处",
        "原文",
    )
)


def _as_link(raw: str, text: str, hits: list[_UrlHit]) -> Citation | None:
    """[Title](https://…) plus optional free text; "Author, [Title](…)" is accepted too."""
    if not hits or hits[0].text is None:
        return None
    hit = hits[0]
    prefix = _LINK_PREFIX.fullmatch(text[: hit.start])
    if prefix is None:
        return None
    tail = _parse_tail(_without_urls(text[hit.end :], _find_urls(text[hit.end :])))
    title = _clean_title(hit.text.replace("\\", ""))
    if title is not None and _URL_TEXT.fullmatch(title):
        title = None  # [https://x](https://x), Publisher: the text is no title; key falls to url
    elif title is None:
        return None
    author = prefix["author"]
    if author is not None and _normalise(author) in _LEAD_INS:
        author = None
    return Citation(
        raw=raw,
        title=title,
        publisher=tail.publisher,
        author=_clean_author(author) or tail.author,
        published=tail.published,
        accessed=tail.accessed,
        url=hit.url,
        form="link",
        unreadable_dates=tuple(tail.unreadable),
    )


# An opening mark inside a title ends the search from that mark ([^“”], not [^”]): text full of
# unclosed marks (“““…) is then scanned once, not once per mark.
_QUOTED_TITLE = re.compile(
    r'"(?P<q1>[^"]+)"|“(?P<q2>[^“”]+)”|《(?P<q3>[^《》]+)》|「(?P<q4>[^「」]+)」|『(?P<q5>[^『』]+)』'
)
_FIELD_SEPARATORS = ",，、:：.。;；"
_AUTHOR_DATE_SUFFIX = re.compile(r"[(（](?P<date>[^()（）]*)[)）]\s*$")


def _beside(text: str, pos: int, step: int) -> str:
    """The first non-space character before (step -1) or from (step 1) pos; "" at an end."""
    i = pos - 1 if step < 0 else pos
    while 0 <= i < len(text) and text[i].isspace():
        i += step
    return text[i] if 0 <= i < len(text) else ""


def _as_author_title(raw: str, clean: str, url: str | None) -> Citation | None:
    """Author, "Title", Publisher, date -- the title is whatever is quoted (“”, "", 《》, 「」).

    The quote must stand between field separators (or the text's ends) so that a quoted
    word in a sentence ("他说“你好”然后…") is not taken for a title.
    """
    for m in _QUOTED_TITLE.finditer(clean):
        inner = next(g for g in m.groups() if g is not None)
        # the characters beside the quote, without slicing the text for every quote
        left, right = _beside(clean, m.start(), -1), _beside(clean, m.end(), 1)
        if left and left not in _FIELD_SEPARATORS:
            continue
        if right and right not in _FIELD_SEPARATORS + "(（" and inner[-1] not in ",.，。":
            continue
        before, after = clean[: m.start()].strip(), clean[m.end() :].strip()
        if _QUOTED_TITLE.search(before):
            return None  # an earlier quote failed the test: this is prose, not a citation

        unreadable: list[str] = []
        published = None
        author_text = before.rstrip(_FIELD_SEPARATORS + " ")
        # APA-ish "Smith (2025). "Title"" keeps the date next to the author.
        date_m = _AUTHOR_DATE_SUFFIX.search(author_text)
        if date_m and _is_date_slot(date_m["date"]):
            published, bad = _read_slot(date_m["date"])
            if bad:
                unreadable.append(bad)
            author_text = author_text[: date_m.start()]
        tail = _parse_tail(after)
        title = _clean_title(inner)
        if title is None:
            return None
        return Citation(
            raw=raw,
            title=title,
            publisher=tail.publisher,
            author=_clean_author(author_text) or tail.author,
            published=published or tail.published,
            accessed=tail.accessed,
            url=url,
            form="author-title",
            unreadable_dates=tuple(unreadable + tail.unreadable),
        )
    return None


# A note longer than this is prose, not a source: it stays free text and no pattern is tried
# on it, so a huge note costs no more than copying it.
MAX_CHARS = 2000


def parse_citation(text: str) -> Citation:
    """Parse one footnote definition (label already removed) into a :class:`Citation`.

    Never raises for odd input: anything unrecognised comes back as form "free" with
    only ``raw`` (and ``url``, if the text contains one) set.
    """
    stripped = text.strip()
    if len(stripped) > MAX_CHARS:
        return Citation(raw=text)
    hits = _find_urls(stripped)
    url = hits[0].url if hits else None
    if not stripped:
        return Citation(raw=text)
    if (cite := _as_url_only(text, stripped, hits)) is not None:
        return cite
    clean = _without_urls(stripped, hits).strip()
    if (cite := _as_cn_dot(text, clean, url)) is not None:
        return cite
    if (cite := _as_link(text, stripped, hits)) is not None:
        return cite
    if (cite := _as_author_title(text, clean, url)) is not None:
        return cite
    return Citation(raw=text, url=url)
