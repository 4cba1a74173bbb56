"""Small static SVG charts for entity pages, made at build time (no JavaScript):
the co-mention neighbourhood and the mentions over time.

Built with ElementTree, so every name, URL and label is escaped. Colours and fonts come
from the page's CSS (classes, currentColor), so dark mode and the CJK font stack apply.
Each chart has a <title> and a <desc> that carries all its numbers: the timeline is
role="img", the graph (whose nodes are links) a graphics document named by them."""

from __future__ import annotations

import math
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass

SVG_NS = "http://www.w3.org/2000/svg"
NEIGHBOURS_DRAWN = 8  # more would not fit around the centre at phone width


@dataclass(frozen=True)
class Node:
    label: str
    url: str


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
    """The entity in the middle, its most co-mentioned entities around it on an ellipse;
    edge width, node size and label size grow with the count. Each neighbour links to
    its page. neighbours: (node, count), most frequent first."""
    width, height = 420, 300
    cx, cy, rx, ry = width / 2, height / 2, 112, 102
    shown = neighbours[:NEIGHBOURS_DRAWN]
    peak = max((n for _, n in shown), default=1)
    svg = _svg(width, height, "co-graph", title, desc, ident, links=True)
    edges = ET.SubElement(svg, "g", {"class": "edges"})
    nodes = ET.SubElement(svg, "g", {"class": "nodes"})
    for i, (node, count) in enumerate(shown):
        weight = count / peak
        angle = -math.pi / 2 + 2 * math.pi * i / len(shown)  # from the top, clockwise
        x, y = cx + rx * math.cos(angle), cy + ry * math.sin(angle)
        ET.SubElement(edges, "line", {"x1": _fmt(cx), "y1": _fmt(cy), "x2": _fmt(x), "y2": _fmt(y),
                                      "stroke-width": _fmt(1 + 4 * weight), "stroke": "currentColor",
                                      "class": "edge"})
        r, size = 4 + 5 * weight, 11 + 3 * weight
        # a link for the pointer and the screen reader; out of the tab order, since the
        # list under the chart has the same links for the keyboard
        link = ET.SubElement(nodes, "a", {"href": node.url, "tabindex": "-1"})
        ET.SubElement(link, "title").text = f"{node.label} ({count})"
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


def timeline_svg(periods: list[tuple[str, int]], *, title: str, desc: str, ident: str = "time-chart") -> str:
    """A bar per period (oldest first) with its count above it and the period below."""
    width, height, top, bottom, side = 420, 160, 20, 26, 6
    plot = height - top - bottom
    slot = (width - 2 * side) / max(1, len(periods))
    bar = min(slot * 0.7, 40)
    peak = max((n for _, n in periods), default=1)
    label_size = 11
    widest = max((text_width(p, label_size) for p, _ in periods), default=0)
    every = max(1, math.ceil((widest + 6) / slot))  # label every n-th period so none overlap
    count_fits = slot >= text_width(str(peak), label_size) + 2
    svg = _svg(width, height, "timeline-chart", title, desc, ident)
    ET.SubElement(svg, "line", {"x1": _fmt(side), "y1": _fmt(top + plot), "x2": _fmt(width - side),
                                "y2": _fmt(top + plot), "stroke": "currentColor", "class": "axis"})
    for i, (period, n) in enumerate(periods):
        h = max(1.0, plot * n / peak)
        x = side + slot * i + (slot - bar) / 2
        rect = ET.SubElement(svg, "rect", {"x": _fmt(x), "y": _fmt(top + plot - h), "width": _fmt(bar),
                                           "height": _fmt(h), "fill": "currentColor", "class": "bar"})
        ET.SubElement(rect, "title").text = f"{period}: {n}"
        if count_fits:
            _text(svg, x + bar / 2, top + plot - h - 4, str(n), label_size, cls="value")
        if i % every == 0:
            _text(svg, x + bar / 2, height - 8, period, label_size, cls="label")
    return _serialise(svg)
