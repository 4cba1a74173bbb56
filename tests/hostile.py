"""What in a built site could run in a reader's browser, for the tests that feed the build
hostile content: every HTML file is parsed with html.parser (as a browser tokenises it) and
every element and attribute checked. Only what the templates put there is allowed: the
site's own scripts by src, the JSON data blocks (site data, JSON-LD), the search form, the redirect pages' meta
refresh to a page of the site, and MathML (the renderer's, from LaTeX) holding MathML only."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

SCRIPTS = ("site.js", "search.js", "pagefind/pagefind-ui.js")  # under the base path
URL_ATTRS = {"href", "src", "action", "formaction", "srcset", "poster", "cite", "data", "xlink:href", "background",
             "ping", "lowsrc", "dynsrc", "longdesc", "manifest", "codebase", "to", "from", "values"}
FORBIDDEN = {"iframe", "object", "embed", "base", "frame", "frameset", "applet", "style", "template", "portal",
             "noembed", "xmp", "plaintext", "foreignobject", "textarea", "select", "button", "input", "form"}
# Inside <math> a browser parses otherwise (a <style> there is markup, not a style sheet):
# only MathML Core's elements may be in it, and no HTML element that breaks out of it.
MATHML = {"math", "semantics", "annotation", "mi", "mn", "mo", "ms", "mspace", "mtext", "mrow", "mfrac", "msqrt",
          "mroot", "mstyle", "merror", "mpadded", "mphantom", "menclose", "mfenced", "msub", "msup", "msubsup",
          "munder", "mover", "munderover", "mmultiscripts", "mprescripts", "none", "mtable", "mtr", "mtd"}
# browsers drop ASCII tab, newline and control characters inside a URL scheme: "java\tscript:"
_NOISE = re.compile(r"[\x00-\x20\x7f]+")
_IMAGE_DATA = re.compile(r"data:image/(?:gif|png|jpeg|webp)[;,]")


def _scheme_danger(value: str) -> bool:
    url = _NOISE.sub("", value).lower()
    return url.startswith(("javascript:", "vbscript:", "data:", "livescript:", "mocha:"))


class _Scanner(HTMLParser):
    def __init__(self, base: str) -> None:
        super().__init__(convert_charrefs=True)
        self.base = base
        self.found: list[str] = []
        self.in_script: dict[str, str | None] | None = None
        self.script_text = ""
        self.math: list[str] = []  # the open MathML elements

    def _flag(self, what: str) -> None:
        self.found.append(f"line {self.getpos()[0]}: {what}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if self.math or tag == "math":
            if tag not in MATHML:
                self._flag(f"<{tag}> inside <math>")
            self.math.append(tag)
        for name, value in attrs:
            if name.startswith("on") or name in ("style", "srcdoc", "formaction"):
                self._flag(f"<{tag} {name}={value!r}>")
            image_data = tag == "img" and name == "src" and bool(_IMAGE_DATA.match(_NOISE.sub("", value or "")))
            if name in URL_ATTRS and value is not None and _scheme_danger(value) and not image_data:
                self._flag(f"<{tag} {name}={value!r}>")
        if tag == "script":
            own = named.get("src") in {self.base + s for s in SCRIPTS} and set(named) <= {"src", "defer"}
            data = named in ({"type": "application/json", "id": "site-data"}, {"type": "application/ld+json"})
            if not (own or data):
                self._flag(f"<script {named!r}>")
            self.in_script, self.script_text = named, ""
        elif tag == "meta" and "http-equiv" in named:
            refresh = named["http-equiv"] == "refresh" and (named.get("content") or "").startswith(
                "0; url=" + self.base) and len(named) == 2
            if not refresh:
                self._flag(f"<meta {named!r}>")
        elif tag == "form":
            if not (named.get("class") == "site-search" and named.get("action") == self.base + "search/"):
                self._flag(f"<form {named!r}>")
        elif tag == "input":
            if not (named.get("id") == "site-search-q" and named.get("type") == "search"):
                self._flag(f"<input {named!r}>")
        elif tag == "button":
            if named != {"type": "submit"}:
                self._flag(f"<button {named!r}>")
        elif tag in FORBIDDEN:
            self._flag(f"<{tag} {named!r}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script" or self.math:
            self.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        if self.in_script is not None:
            self.script_text += data

    def handle_endtag(self, tag: str) -> None:
        if self.math and tag in self.math:
            del self.math[len(self.math) - 1 - self.math[::-1].index(tag):]
        if tag == "script" and self.in_script is not None:
            if self.in_script.get("type") in ("application/json", "application/ld+json"):
                json.loads(self.script_text)  # data, whole: nothing closed the element early
            elif self.script_text.strip():
                self._flag(f"inline script {self.script_text[:60]!r}")
            self.in_script = None


def active_content(root: Path, base: str = "/") -> list[str]:
    """Everything in the HTML under root that could run script and is not the templates' own,
    as 'file: line N: what'. An empty list is a clean site."""
    found = []
    for path in sorted(root.rglob("*.html")):
        scanner = _Scanner(base)
        scanner.feed(path.read_text(encoding="utf-8"))
        scanner.close()
        found += [f"{path.relative_to(root).as_posix()}: {f}" for f in scanner.found]
    return found

