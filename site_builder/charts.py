"""Small static SVG charts for entity pages, made at build time (no JavaScript):
the neighbourhood of an entity (its registry relations and co-mentions) and the documents
that name it over time.

Built with ElementTree, so every name, URL and label is escaped. Colours and fonts come
from the page's CSS (classes, currentColor), so dark mode and the CJK font stack apply.
Each chart has a <title> and a <desc> that carries all its numbers: the timeline is
role="img", the graph (whose nodes are links) a graphics document named by them."""

from __future__ import annotations

import math
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

SVG_NS = "http://www.w3.org/2000/svg"
NEIGHBOURS_DRAWN = 8  # more would not fit around the centre at phone width


@dataclass(frozen=True)
class Node:
    label: str
    url: str
    relation: str = ""  # a relation in the registry (a role, a parent topic): drawn as a dashed edge


def text_width(text: str, size: float) -> float:
    """Rough rendered width: CJK and other wide characters are square, Latin ~0.6 em."""
    return sum(size if unicodedata.east_asian_width(c) in "WF" else size * 0.6 for c in text)


def fit(text: str, size: float, width: float) -> str:
    """text, cut with an ellipsis to fit width (the full text stays in a <title>)."""
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _fmt(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _svg(width: int, height: int, cls: str, title: str, desc: str, ident: str, links: bool = False) -> ET.Element:
    # A picture is role="img", named by its title and desc. One with links cannot be: an
    # image's children are hidden from assistive technology. It keeps the svg's own role
    # (a graphics document, whose links are read), named and described the same way.
    names = ({"aria-labelledby": f"{ident}-title", "aria-describedby": f"{ident}-desc"} if links
             else {"role": "img", "aria-labelledby": f"{ident}-title {ident}-desc"})
    svg = ET.Element("svg", {"xmlns": SVG_NS, "class": f"chart {cls}", "viewBox": f"0 0 {width} {height}", **names})
    ET.SubElement(svg, "title", {"id": f"{ident}-title"}).text = title
    ET.SubElement(svg, "desc", {"id": f"{ident}-desc"}).text = desc
    return svg


def _text(parent: ET.Element, x: float, y: float, text: str, size: float, anchor: str = "middle",
          cls: str = "label") -> ET.Element:
    el = ET.SubElement(parent, "text", {"x": _fmt(x), "y": _fmt(y), "font-size": _fmt(size),
                                        "text-anchor": anchor, "fill": "currentColor", "class": cls})
    el.text = text
    return el


def _serialise(svg: ET.Element) -> str:
    return ET.tostring(svg, encoding="unicode", short_empty_elements=True)


def neighbourhood_svg(centre: Node, neighbours: list[tuple[Node, int]], *, title: str, desc: str,
                      ident: str = "co-graph") -> str:
    """The entity in the middle, its related and most co-mentioned entities around it on an
    ellipse; edge width, node size and label size grow with the count of documents naming
    both (a relation of the registry's is dashed, whatever its count). Each neighbour links
    to its page. neighbours: (node, count), relations first, then most frequent first."""
    width, height = 420, 300
    cx, cy, rx, ry = width / 2, height / 2, 112, 102
    shown = neighbours[:NEIGHBOURS_DRAWN]
    peak = max((n for _, n in shown), default=0)
    svg = _svg(width, height, "co-graph", title, desc, ident, links=True)
    edges = ET.SubElement(svg, "g", {"class": "edges"})
    nodes = ET.SubElement(svg, "g", {"class": "nodes"})
    for i, (node, count) in enumerate(shown):
        weight = max(count / peak if peak else 0, 0.4 if node.relation else 0)  # a relation is no faint link
        angle = -math.pi / 2 + 2 * math.pi * i / len(shown)  # from the top, clockwise
        x, y = cx + rx * math.cos(angle), cy + ry * math.sin(angle)
        ET.SubElement(edges, "line", {"x1": _fmt(cx), "y1": _fmt(cy), "x2": _fmt(x), "y2": _fmt(y),
                                      "stroke-width": _fmt(1 + 4 * weight), "stroke": "currentColor",
                                      **({"stroke-dasharray": "5 3", "class": "edge relation"} if node.relation
                                         else {"class": "edge"})})
        r, size = 4 + 5 * weight, 11 + 3 * weight
        # a link for the pointer and the screen reader; out of the tab order, since the
        # list under the chart has the same links for the keyboard
        link = ET.SubElement(nodes, "a", {"href": node.url, "tabindex": "-1"})
        ET.SubElement(link, "title").text = node.label + (f" · {node.relation}" if node.relation else "") + \
            (f" ({count})" if count else "")
        ET.SubElement(link, "circle", {"cx": _fmt(x), "cy": _fmt(y), "r": _fmt(r), "fill": "currentColor",
                                       "class": "node"})
        cos = math.cos(angle)
        if abs(cos) < 0.3:  # top or bottom: centred above or below the node
            room = 2 * min(x, width - x) - 8
            ly = y - r - 5 if math.sin(angle) < 0 else y + r + size
            _text(link, x, ly, fit(node.label, size, room), size, cls=f"label w{round(weight * 3)}")
        else:  # left or right: outward from the node
            anchor = "start" if cos > 0 else "end"
            lx = x + (r + 5) * (1 if cos > 0 else -1)
            room = (width - lx if cos > 0 else lx) - 4
            _text(link, lx, y + size * 0.35, fit(node.label, size, room), size, anchor,
                  cls=f"label w{round(weight * 3)}")
    ET.SubElement(svg, "circle", {"cx": _fmt(cx), "cy": _fmt(cy), "r": "9", "fill": "currentColor",
                                  "class": "node centre"})
    _text(svg, cx, cy + 9 + 17, fit(centre.label, 15, 2 * rx - 40), 15, cls="label centre")
    return _serialise(svg)


Granularity = Literal["month", "quarter", "year"]
MONTHS_UP_TO = 36  # a span of up to 3 years is drawn by month, up to 12 by quarter, longer by year
QUARTERS_UP_TO = 144


@dataclass(frozen=True)
class Timeline:
    """Counts per period on one granularity, every period from the first to the last, empty
    ones included (a gap on the axis). A date the writer gave only as a year cannot be
    put in a month or quarter: on a finer axis it is kept apart, by year (year_only), and
    drawn as a span over that year's periods, never as a bar beside them."""

    granularity: Granularity
    periods: list[tuple[str, int]]  # "2025-06", "2025-Q2" or "2025", oldest first
    year_only: list[tuple[str, int]] = field(default_factory=list)  # ("2026", n), by year


def _period_of(year: int, month: int, granularity: Granularity) -> str:
    if granularity == "month":
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-Q{(month - 1) // 3 + 1}" if granularity == "quarter" else f"{year:04d}"


def timeline(counts: dict[str, int]) -> Timeline | None:
    """The timeline of counts by "YYYY-MM" or "YYYY" (year-only dates): one granularity for
    the whole span, chosen by its length."""
    months = {(int(p[:4]), int(p[5:7])): n for p, n in counts.items() if len(p) == 7 and n}
    years = {int(p): n for p, n in counts.items() if len(p) == 4 and n}
    if not months and not years:
        return None
    # the span covers the year-only years too: their span is drawn on the same axis
    first = min([*months, *((y, 1) for y in years)])
    last = max([*months, *((y, 12) for y in years)])
    span = (last[0] - first[0]) * 12 + last[1] - first[1] + 1
    granularity: Granularity = ("month" if months and span <= MONTHS_UP_TO else
                                "quarter" if months and span <= QUARTERS_UP_TO else "year")
    binned: dict[str, int] = {}
    step = {"month": 1, "quarter": 3, "year": 12}[granularity]
    year, month = first[0], first[1] - (first[1] - 1) % step  # the first period's first month
    while (year, month) <= last:  # every period of the span, in order: a step each
        binned[_period_of(year, month, granularity)] = 0
        year, month = (year, month + step) if month + step <= 12 else (year + 1, month + step - 12)
    for (y, m), n in months.items():
        binned[_period_of(y, m, granularity)] += n
    year_only = []
    for y, n in sorted(years.items()):
        if granularity == "year":
            binned[f"{y:04d}"] += n  # the same unit: one bar per year holds them
        else:
            year_only.append((f"{y:04d}", n))
    return Timeline(granularity, list(binned.items()), year_only)


@dataclass(frozen=True)
class TimelineWords:
    """What the chart writes, in the page's language: its title and description, the names of
    its axes, a period as a reader writes it, and how a year-only span is labelled."""

    title: str
    desc: str
    x_axis: str
    y_axis: str
    period: Callable[[str], str]
    year_only: Callable[[str, int], str]


def timeline_svg(line: Timeline, words: TimelineWords, ident: str = "time-chart") -> str:
    """A bar per period on a true time axis (an empty period is a gap), a count scale on the
    left, a tick and label at each year (each month on a short axis), and under the axis each
    year-only count as a bracket over its year."""
    periods = line.periods
    width, top, left, right = 560, 22, 34, 10
    plot = 120
    rows = 1 + (1 if line.year_only else 0)
    height = top + plot + 18 * rows + 24
    axis_y = top + plot
    slot = (width - left - right) / max(1, len(periods))
    bar = max(1.0, min(slot * 0.8, 40))
    peak = max((n for _, n in periods), default=0) or 1
    size = 11
    svg = _svg(width, height, "timeline-chart", words.title, words.desc, ident)
    # the count scale: 0 and the peak, with faint grid lines
    _text(svg, 4, top - 8, words.y_axis, size, "start", cls="axis-title")
    for value in sorted({0, peak}):
        y = axis_y - plot * value / peak
        _text(svg, left - 4, y + 4, str(value), size, "end", cls="tick")
        if value:
            ET.SubElement(svg, "line", {"x1": _fmt(left), "y1": _fmt(y), "x2": _fmt(width - right), "y2": _fmt(y),
                                        "stroke": "currentColor", "class": "grid"})
    ET.SubElement(svg, "line", {"x1": _fmt(left), "y1": _fmt(top), "x2": _fmt(left), "y2": _fmt(axis_y),
                                "stroke": "currentColor", "class": "axis"})
    ET.SubElement(svg, "line", {"x1": _fmt(left), "y1": _fmt(axis_y), "x2": _fmt(width - right), "y2": _fmt(axis_y),
                                "stroke": "currentColor", "class": "axis"})
    starts: dict[str, float] = {}  # the x where each year starts
    for i, (period, n) in enumerate(periods):
        x = left + slot * i
        starts.setdefault(period[:4], x)
        if n:
            h = plot * n / peak
            rect = ET.SubElement(svg, "rect", {"x": _fmt(x + (slot - bar) / 2), "y": _fmt(axis_y - h),
                                               "width": _fmt(bar), "height": _fmt(h), "fill": "currentColor",
                                               "class": "bar"})
            ET.SubElement(rect, "title").text = f"{words.period(period)}: {n}"
    _ticks(svg, periods, starts, line.granularity, slot, left, axis_y, size, words)
    for year, n in line.year_only:
        x0 = starts[year]
        x1 = starts.get(str(int(year) + 1), width - right)
        y = axis_y + 26
        g = ET.SubElement(svg, "g", {"class": "year-only"})
        ET.SubElement(g, "title").text = words.year_only(year, n)
        ET.SubElement(g, "path", {"d": f"M{_fmt(x0 + 1)} {_fmt(y - 4)}V{_fmt(y)}H{_fmt(x1 - 1)}V{_fmt(y - 4)}",
                                  "fill": "none", "stroke": "currentColor", "class": "span"})
        # its label may be wider than its year: centred under it, kept inside the picture
        label = fit(words.year_only(year, n), size, width - left - right)
        half = text_width(label, size) / 2
        _text(g, min(max((x0 + x1) / 2, left + half), width - right - half), y + 12, label, size, cls="value")
    _text(svg, width - right, height - 4, words.x_axis, size, "end", cls="axis-title")
    return _serialise(svg)


def _ticks(svg: ET.Element, periods: list[tuple[str, int]], starts: dict[str, float], granularity: Granularity,
           slot: float, left: float, axis_y: float, size: float, words: TimelineWords) -> None:
    """A tick at each year's start, labelled with the year where there is room (by month on
    an axis of a year or less)."""
    if granularity == "month" and len(periods) <= 12:  # a short axis: its months, as many as fit
        names = [words.period(period) for period, _ in periods]
        every = max(1, math.ceil((max(text_width(n, size) for n in names) + 6) / slot))
        for i in range(0, len(names), every):
            _text(svg, left + slot * (i + 0.5), axis_y + 14, names[i], size, cls="label")
        return
    free = -math.inf  # where the last label ends
    first = periods[0][0] if periods else ""
    ticked = -math.inf
    for year, x in starts.items():
        if x - ticked >= 3:  # no tick closer than 3 units to the last: a span of centuries stays light
            ET.SubElement(svg, "line", {"x1": _fmt(x), "y1": _fmt(axis_y), "x2": _fmt(x), "y2": _fmt(axis_y + 4),
                                        "stroke": "currentColor", "class": "axis"})
            ticked = x
        if granularity == "year":  # a bar per year: its label under it
            if x >= free:
                _text(svg, x + slot / 2, axis_y + 14, year, size, cls="label")
                free = x + slot / 2 + text_width(year, size) / 2 + 6
            continue
        # a year of bars, labelled from the tick at its start; an axis that starts within a
        # year says where (2025-06), not the year alone as if it were January
        label = words.period(first) if first.startswith(year) and first[5:] not in ("01", "Q1") else year
        if x >= free:
            _text(svg, x + 2, axis_y + 14, label, size, "start", cls="label")
            free = x + 2 + text_width(label, size) + 6
