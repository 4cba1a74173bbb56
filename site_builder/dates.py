"""Reading the dates writers put in front matter and sidecars."""

from __future__ import annotations

import re
from datetime import date, datetime

from site_builder.model import When

_YEAR = re.compile(r"^\s*(\d{4})\s*年?\s*$")
_YEAR_MONTH = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*$")
_DAY = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


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
    try:
        if "T" in text or ":" in text:
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

