"""Math at build time: $…$ and $$…$$ become MathML in the page (no script), prices stay
text, the text of a formula is never touched by emphasis, entity links or the CJK rules,
and LaTeX the converter cannot read is shown as written with a warning naming its line.
Every test reads the rendered HTML parsed, as a browser would."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from site_builder.markdown import RenderContext, render
from site_builder.mentions import Matcher
from site_builder.registry import Entity, Registry
from tests.conftest import build_project, make_project
from tests.hostile import active_content


def soup(markdown: str, **ctx) -> BeautifulSoup:
    return BeautifulSoup(render(markdown, RenderContext(**ctx)).html, "html.parser")


def test_inline_math_is_mathml_with_its_latex_kept() -> None:
    page = soup("Energy $E=mc^2$ here.")
    math = page.p.math
    assert math["display"] == "inline" and math.parent.name == "p"
    assert [(e.name, e.get_text()) for e in math.semantics.mrow.find_all(True)] == [
        ("mi", "E"), ("mo", "="), ("mi", "m"), ("msup", "c2"), ("mi", "c"), ("mn", "2")]
    assert math.annotation["encoding"] == "application/x-tex" and math.annotation.get_text() == "E=mc^2"
    assert page.p.get_text().startswith("Energy ") and page.p.get_text().endswith(" here.")


def test_a_block_of_math_is_display_math() -> None:
    page = soup("Before.\n\n$$\n\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}\n$$\n\nAfter.")
    block = page.select_one("div.math-block > math")
    assert block["display"] == "block"
    assert block.find("munderover").find("mo").get_text() == "∑" and block.find("mfrac") is not None
    assert [p.get_text() for p in page.find_all("p")] == ["Before.", "After."]
    inline_double = soup("A $$x^2$$ in a paragraph.").p.math
    assert inline_double["display"] == "block" and inline_double.annotation.get_text() == "x^2"


@pytest.mark.parametrize("text", ["It costs $5 and $10.", "US$5-$10", "$5/$10 a month", "价格是$5和$10。",
                                  "From $3.50 to $4.", "a $ b $ c", "Costs $5.", "Escaped \\$x\\$ stays."])
def test_dollars_in_prose_stay_text(text: str) -> None:
    page = soup(text)
    assert page.find("math") is None and page.find("code") is None
    assert page.p.get_text() == text.replace("\\$", "$")


def test_the_text_of_a_formula_is_never_emphasis_a_mention_or_cjk_emphasis() -> None:
    registry = Registry()
    registry.add(Entity("company", "openai", "OpenAI"))
    page = soup("$*a* \\cdot **b** + c_1 + d_1 \\text{OpenAI}$ and $\\{x\\}$ and $文_x中_y$, OpenAI.",
                matcher=Matcher(registry), entities=registry.entities)
    first, braces, cjk = page.find_all("math")
    assert first.annotation.get_text() == "*a* \\cdot **b** + c_1 + d_1 \\text{OpenAI}"
    assert not page.select("math em, math strong, math a")
    assert [a.get_text() for a in page.select("a[data-entity]")] == ["OpenAI"]  # the one outside the formula
    assert braces.annotation.get_text() == "\\{x\\}"  # \{ keeps its backslash
    assert [e.get_text() for e in braces.find_all("mo")] == ["{", "}"]
    assert cjk.annotation.get_text() == "文_x中_y" and len(cjk.find_all("msub")) == 2


def test_latex_that_cannot_be_converted_is_shown_as_written_with_a_warning() -> None:
    body = render("Good $x$.\n\nBad $x^$ and\nunknown $\\foo{x}$.\n\n$$\n\\begin{gather}a\\end{gather}\n$$\n",
                  first_line=5)
    page = BeautifulSoup(body.html, "html.parser")
    assert [c.get_text() for c in page.select("code.math-source, pre.math-source > code")] == ["$x^$", "$\\foo{x}$",
                                                                       "$$\n\\begin{gather}a\\end{gather}\n$$"]
    assert len(page.find_all("math")) == 1
    assert body.warnings == [
        (7, "cannot convert the math $x^$ to MathML (^ or _ without what it raises or lowers); it is shown as LaTeX"),
        (8, "cannot convert the math $\\foo{x}$ to MathML (unknown command \\foo); it is shown as LaTeX"),
        (10, "cannot convert the math $$\\begin{gather}a\\end{gather}$$ to MathML (unknown environment 'gather'); "
             "it is shown as LaTeX"),
    ]


@pytest.mark.parametrize("latex", ["\\text{<script>alert(1)</script>}", "\\href{javascript:alert(1)}{x}",
                                   "\\style{position:fixed}{x}", "\\class{sidenotes}{x}", '\\color{"><b>x}{y}',
                                   "\\text{<img src=x onerror=alert(1)>}"])
def test_what_latex_says_never_becomes_markup_or_a_link(latex: str) -> None:
    page = soup(f"${latex}$")
    math = page.find("math")
    assert math is not None and math.annotation.get_text() == latex
    for element in math.find_all(True):
        assert element.name in {"semantics", "mrow", "mtext", "mi", "mo", "mstyle", "annotation"}, element
        assert set(element.attrs) <= {"mathcolor", "encoding", "stretchy"}, element


def test_math_is_mathml_whatever_allow_html_says() -> None:
    for mode in ("sanitize", "escape", "trust"):
        assert soup("$a+b$", allow_html=mode).math.annotation.get_text() == "a+b"


def test_a_page_with_math_warns_at_the_line_and_runs_nothing(tmp_path: Path) -> None:
    doc = "---\ntitle: Math\n---\nEnergy $E=mc^2$.\n\nBroken $\\frac{1}{$ here.\n"
    site = build_project(make_project(tmp_path, {"m.md": doc}))
    page = site.page("articles/m/")
    assert page.select_one(".doc-body math").annotation.get_text() == "E=mc^2"
    assert [str(d) for d in site.reporter.warnings if "math" in d.message] == [
        "m.md:6: warning: cannot convert the math $\\frac{1}{$ to MathML (a brace, \\left or command missing what "
        "follows it); it is shown as LaTeX"]
    assert active_content(site.out) == []


def test_past_the_most_formulas_one_document_converts_they_are_latex(monkeypatch) -> None:
    monkeypatch.setattr("site_builder.mathml.MAX_FORMULAS", 3)
    body = render("$a$ $b$\n$c$ $d$ $e$\n")
    page = BeautifulSoup(body.html, "html.parser")
    assert [m.annotation.get_text() for m in page.find_all("math")] == ["a", "b", "c"]
    assert [c.get_text() for c in page.select("code.math-source")] == ["$d$", "$e$"]
    assert body.warnings == [(2, "more than 3 formulas in one document: from this one on they are shown as LaTeX")]


def test_the_line_of_each_formula_in_a_long_paragraph_is_found_in_linear_time() -> None:
    """Each formula's line was counted from the paragraph's start: minutes for this one."""
    started = time.perf_counter()
    body = render("$x^$ text\n" * 100_000)
    assert time.perf_counter() - started < 60
    assert [line for line, _ in body.warnings[:3]] == [1, 2, 3]
    assert body.warnings[-1] == (10_001, "more than 10,000 formulas in one document: from this one on they are "
                                         "shown as LaTeX")


def test_a_formula_over_two_lines_counts_both() -> None:
    body = render("A $a +\nb^$ and\nthen $c^$ and $d^$.\n", first_line=10)
    assert [line for line, _ in body.warnings] == [10, 12, 12]
