"""Math at build time: `$…$` inline and `$$…$$` on lines of their own (mdit-py-plugins'
dollarmath) become MathML, which every current browser shows, through latex2mathml: the
page needs no script and no web font. The text of a formula is the plugin's token, so
emphasis, entity links and the CJK rules never see it, and `\\{` keeps its backslash.

A `$` is math only as Pandoc reads it: the opening `$` has no space after it and no digit
before it, the closing one no space before it and no digit after it, so prices stay text
(`$5 and $10`, `US$5-$10`). A `$$…$$` block has no blank line inside (LaTeX allows none)
and no label (`$$…$$ (eq1)` would give the writer an id).

LaTeX the converter cannot read (a missing argument, an unknown command or environment)
is shown as code, its source as written, and the writer is warned with the line."""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape
from xml.etree.ElementTree import SubElement, tostring

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from mdit_py_plugins.dollarmath import dollarmath_plugin

from site_builder.htmlsafe import math_cleaner

MATH_TOKENS = ("math_inline", "math_inline_double", "math_block")
MAX_TEX = 20_000  # characters of one formula: longer ones are shown as code
MAX_FORMULAS = 10_000  # converted in one document (about a second): the rest are shown as code
_BEGIN = re.compile(r"\\begin\s*\{([^}]*)\}")
_UNKNOWN_COMMAND = re.compile(r"\\[A-Za-z]+")  # latex2mathml writes one it does not know as <mi>\foo</mi>
_CHAR_REF = re.compile(r"&#x([0-9A-Fa-f]+);")  # latex2mathml writes symbols as references in the text
_REASONS = {
    "MissingSuperScriptOrSubscriptError": "^ or _ without what it raises or lowers",
    "NoAvailableTokensError": "a brace, \\left or command missing what follows it",
    "ExtraLeftOrMissingRightError": "\\left without \\right",
    "MissingEndError": "\\begin without \\end",
    "DoubleSuperscriptsError": "two superscripts on one base",
    "DoubleSubscriptsError": "two subscripts on one base",
    "NumeratorNotFoundError": "a fraction without its numerator",
    "DenominatorNotFoundError": "a fraction without its denominator",
}


class MathError(ValueError):
    """LaTeX that latex2mathml cannot convert; the message says why, in the writer's words."""


def _reason(exc: Exception) -> str:
    name = type(exc).__name__
    if name in _REASONS:
        return _REASONS[name]
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", name.removesuffix("Error")).lower()
    return f"{words}: {exc}" if str(exc) else words


@lru_cache(maxsize=1)
def _environments() -> frozenset[str]:
    """The \\begin environments latex2mathml converts. It is imported only when a document has
    a formula: 30 ms of every build's start otherwise."""
    from latex2mathml.commands import MATRICES

    return frozenset(name.lstrip("\\") for name in MATRICES)


@lru_cache(maxsize=4096)
def to_mathml(tex: str, display: bool) -> str:
    """A formula as a <math> element, its LaTeX kept as the annotation (copied with the
    formula, read by assistive technology); MathError if latex2mathml cannot convert it."""
    if len(tex) > MAX_TEX:
        raise MathError(f"longer than {MAX_TEX:,} characters")
    from latex2mathml.converter import convert_to_element  # see _environments

    for name in _BEGIN.findall(tex):
        if name.strip() not in _environments():
            raise MathError(f"unknown environment {name.strip()!r}")
    try:
        math = convert_to_element(tex, display="block" if display else "inline")
    except RecursionError as exc:
        raise MathError("nested too deeply") from exc
    except Exception as exc:  # noqa: BLE001 - any failure of the converter is the formula's
        raise MathError(_reason(exc)) from exc
    for element in math.iter():
        if element.text:
            if element.tag in ("mi", "mo") and _UNKNOWN_COMMAND.fullmatch(element.text):
                raise MathError(f"unknown command {element.text}")
            element.text = _CHAR_REF.sub(lambda m: chr(int(m[1], 16)), element.text)
    children = list(math)
    for child in children:
        math.remove(child)
    semantics = SubElement(math, "semantics")
    if len(children) == 1:
        semantics.append(children[0])
    else:
        row = SubElement(semantics, "mrow")
        row.extend(children)
    annotation = SubElement(semantics, "annotation", encoding="application/x-tex")
    annotation.text = tex
    return math_cleaner().clean(tostring(math, encoding="unicode"))


def _line(parent, content: str, markup: str, cursor: list[int], first: int) -> int | None:
    """The file line of a formula in a paragraph: the paragraph's first line plus the lines
    before the formula's source in it. cursor: where the last formula ended in the
    paragraph's text, and the lines before that (each line is counted once)."""
    if not parent.map:
        return None
    at = parent.content.find(markup + content, cursor[0])
    if at < 0:
        return first + parent.map[0] + cursor[1]
    cursor[1] += parent.content.count("\n", cursor[0], at)
    line = first + parent.map[0] + cursor[1]
    end = at + len(markup) + len(content)
    cursor[:] = end, cursor[1] + parent.content.count("\n", at, end)
    return line


def _shown(tex: str) -> str:
    one_line = " ".join(tex.split())
    return one_line if len(one_line) <= 60 else one_line[:57] + "…"


def convert_math(state: StateCore) -> None:
    """Core rule: each formula's MathML (or its problem) in its token's meta, before the
    notes' definitions are cut out of the token stream."""
    first = state.env.get("first_line", 1)
    problems: list[tuple[int | None, str]] = state.env.setdefault("math_problems", [])
    converted = 0

    def convert(token, line: int | None) -> None:
        nonlocal converted
        tex = token.content.strip()
        converted += 1
        if converted > MAX_FORMULAS:
            if converted == MAX_FORMULAS + 1:
                problems.append((line, f"more than {MAX_FORMULAS:,} formulas in one document: from this one on "
                                       "they are shown as LaTeX"))
            token.meta["math_error"] = "too many"
            return
        try:
            token.meta["mathml"] = to_mathml(tex, token.type != "math_inline")
        except MathError as exc:
            token.meta["math_error"] = str(exc)
            problems.append((line, f"cannot convert the math {token.markup}{_shown(tex)}{token.markup} to MathML "
                                   f"({exc}); it is shown as LaTeX"))

    for token in state.tokens:
        if token.type == "math_block":
            convert(token, first + token.map[0] if token.map else None)
        elif token.type == "inline" and token.children:
            cursor = [0, 0]
            for child in token.children:
                if child.type in MATH_TOKENS:
                    convert(child, _line(token, child.content, child.markup, cursor, first))


def _render_inline(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    if "mathml" in token.meta:
        return token.meta["mathml"]
    return f'<code class="math-source">{escape(token.markup + token.content + token.markup)}</code>'


def _render_block(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    if "mathml" in token.meta:
        return f'<div class="math-block">{token.meta["mathml"]}</div>\n'
    return f'<pre class="math-source"><code>$${escape(token.content)}$$</code></pre>\n'


def math_plugin(md: MarkdownIt) -> None:
    dollarmath_plugin(md, allow_labels=False, allow_space=False, allow_digits=False, allow_blank_lines=False,
                      double_inline=True)
    md.core.ruler.after("inline", "math_mathml", convert_math)
    md.add_render_rule("math_inline", _render_inline)
    md.add_render_rule("math_inline_double", _render_inline)
    md.add_render_rule("math_block", _render_block)
