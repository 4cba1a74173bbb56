"""Reading the dates writers put in front matter and sidecars."""

from __future__ import annotations

import re
from datetime import date, datetime

from site_builder.model import When

_YEAR = re.compile(r"^\s*(\d{4})\s*年?\s*$")
_YEAR_MONTH = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*$")
_DAY = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")
# a date and time with one-digit parts (2017-7-5 9:05, 2017-07-15T0:10:32+00:00), which Hugo
# (Go's time layouts), Jekyll and Hexo read: written with two digits each for fromisoformat
_SHORT_PARTS = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})([T ])(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?")
# Jekyll's own form: a time zone after a space, without its colon (2018-01-23 09:28:23 +0800)
_SPACED_ZONE = re.compile(r"(?<=\d)\s+([+-]\d{2}):?(\d{2})$")
# a day with a time zone (2018-10-19 +0800): the day
_DAY_ZONE = re.compile(r"^\s*(\d{4}-\d{1,2}-\d{1,2})\s+[+-]\d{2}:?\d{2}\s*$")


def parse_when(value: object) -> When | None:
    """A When from a YAML value: datetime, date, year (int) or a string; None if unreadable."""
    if isinstance(value, datetime):
        return When(value, "time")
    if isinstance(value, date):
        return When(datetime(value.year, value.month, value.day), "day")
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 9999:
        return When(datetime(value, 1, 1), "year")
    if not isinstance(value, str):
        return None
    text = value.strip()
    if m := _DAY_ZONE.match(text):
        text = m[1]
    try:
        if "T" in text or ":" in text:
            text = _SPACED_ZONE.sub(r"\1:\2", _SHORT_PARTS.sub(_two_digits, text))
            return When(datetime.fromisoformat(text.replace("Z", "+00:00")), "time")
        if m := _DAY.match(text):
            return When(datetime(int(m[1]), int(m[2]), int(m[3])), "day")
        if m := _YEAR_MONTH.match(text):
            return When(datetime(int(m[1]), int(m[2]), 1), "month")
        if m := _YEAR.match(text):
            return When(datetime(int(m[1]), 1, 1), "year")
    except ValueError:  # 2025-13-45 and the like
        return None
    return None



def _two_digits(m: re.Match[str]) -> str:
    year, month, day, sep, hour, minute, second = m.groups()
    return f"{year}-{int(month):02}-{int(day):02}{sep}{int(hour):02}:{int(minute):02}" + (
        f":{int(second):02}" if second is not None else "")
