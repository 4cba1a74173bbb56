"""Raw HTML and math in a real browser (Debian's Chromium driven by Playwright): the page a
writer made with <p align="center"><img>, <br/>, <details> and a <script>, and with $…$ and
$$…$$, shows the image centred, the line break, a disclosure that opens, MathML laid out as
math (a superscript above its base's middle, a fraction's numerator over its denominator),
and runs no script.

RENDERING_SCREENSHOT=docs/rendering-html-math.png writes the page's screenshot there too."""

from __future__ import annotations

import os
import shutil
import struct
import zlib
from pathlib import Path

import pytest

from tests.conftest import build_project, make_project
from tests.web import needs_chromium, serve

pytestmark = needs_chromium

DOC = """---
title: Raw HTML and math
---
<p align="center"><img src="/img/a.png" alt="A blue box"></p>

First line<br/>second line.

<details><summary>More</summary>Hidden until opened.</details>

<script>window.ran = true; document.title = "pwned"</script>

<img src="/img/a.png" onerror="window.ran = true" onload="window.ran = true">

Energy $E=mc^2$, a set $\\{a, b\\}$, and prices of $5 and $10 stay text.

$$
\\int_0^1 x^2\\,dx = \\frac{1}{3}
$$

Broken $x^$ stays LaTeX.
"""


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A PNG of one colour, made with the standard library."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\0" + bytes(rgb) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


@pytest.fixture(scope="module")
def origin(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("rendering"), {"raw.md": DOC})
    (project / "static/img").mkdir(parents=True)
    (project / "static/img/a.png").write_bytes(png(160, 60, (40, 90, 200)))
    site = build_project(project, search=False)
    with serve(site.out) as o:
        yield o


def box(page, selector: str) -> dict:
    found = page.locator(selector).first.bounding_box()
    assert found is not None, selector
    return found


def test_the_writers_html_and_math_show_and_nothing_runs(browser, origin: str, tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": 900, "height": 1000})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{origin}/articles/raw/")
    page.wait_for_load_state("load")

    image, paragraph = box(page, ".doc-body p[align=center] img"), box(page, ".doc-body p[align=center]")
    assert page.evaluate("document.querySelector('.doc-body p[align=center] img').naturalWidth") == 160
    centre = paragraph["x"] + paragraph["width"] / 2
    assert abs(image["x"] + image["width"] / 2 - centre) < 2  # centred, as align="center" says

    lines = page.evaluate("""() => {
        const p = document.querySelector('.doc-body br').parentElement;
        const range = document.createRange(); range.selectNodeContents(p);
        return new Set([...range.getClientRects()].map(r => Math.round(r.top))).size }""")
    assert lines == 2  # the <br/> breaks the line

    closed = box(page, ".doc-body details")
    assert page.evaluate("document.querySelector('.doc-body details').open") is False  # a disclosure, closed
    page.click(".doc-body details summary")
    assert box(page, ".doc-body details")["height"] > closed["height"] + 5  # opened: its text takes a line

    assert page.evaluate("window.ran") is None and "pwned" not in page.title()

    base, sup = box(page, "math msup > mi"), box(page, "math msup > mn")
    assert sup["y"] + sup["height"] / 2 < base["y"] + base["height"] / 2  # raised: laid out as MathML
    numerator, denominator = box(page, "math mfrac > :first-child"), box(page, "math mfrac > :last-child")
    assert numerator["y"] + numerator["height"] <= denominator["y"] + 1  # over the fraction bar
    assert page.locator(".doc-body math").count() == 3
    assert page.locator("code.math-source").inner_text() == "$x^$"
    assert "prices of $5 and $10 stay text" in page.locator(".doc-body").inner_text()

    shot = tmp_path / "rendering-html-math.png"
    page.locator("article, main").first.screenshot(path=str(shot))
    if target := os.environ.get("RENDERING_SCREENSHOT"):
        shutil.copyfile(shot, target)
    assert errors == []
    context.close()
