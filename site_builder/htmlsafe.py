"""Raw HTML in Markdown, kept safe: the allowlist a writer expects (images, line breaks,
alignment, tables, disclosures, figures, video and audio, MathML) through nh3, the binding
of ammonia, the Rust sanitiser; script, event handlers, javascript: and data: URLs, style
sheets, forms and frames are dropped.

Only the writer's HTML is sanitised, never the HTML the renderer makes (heading ids,
entity links, notes): the raw pieces of a document (markdown-it's html_block and
html_inline tokens) are sanitised together, in order, with each stretch of the renderer's
own HTML between them standing in as a placeholder text. So a tag opened in one piece
and closed in another (`<details>`, Markdown, `</details>`; `<kbd>x</kbd>` as two inline
tokens) stays one element, as a browser would read it. A placeholder must come back in
text, once and in order (a raw piece that ends inside a tag or a comment swallows it):
otherwise the pieces beside it are sanitised on their own. Last, the whole body is parsed
and written again as a browser reads it (normalize), keeping every element and attribute:
the writer's HTML closes what it opened where the browser would, the page is well-formed."""

from __future__ import annotations

import functools
import re
import secrets
from collections.abc import Callable
from contextvars import ContextVar
from functools import lru_cache
from html import escape

import nh3

# MathML Core (what browsers render) and the few elements latex2mathml writes beyond it;
# not annotation-xml (it can hold HTML) nor maction.
MATHML_TAGS = frozenset({
    "math", "semantics", "annotation", "mi", "mn", "mo", "ms", "mspace", "mtext", "mrow", "mfrac", "msqrt",
    "mroot", "mstyle", "merror", "mpadded", "mphantom", "menclose", "mfenced", "msub", "msup", "msubsup",
    "munder", "mover", "munderover", "mmultiscripts", "mprescripts", "none", "mtable", "mtr", "mtd",
})
_MATH_PRESENTATION = {"mathvariant", "mathcolor", "mathbackground", "mathsize", "displaystyle", "scriptlevel", "dir"}
MATHML_ATTRIBUTES: dict[str, set[str]] = {
    "math": {"display", "xmlns", "alttext"},
    "annotation": {"encoding"},
    "mo": {"stretchy", "fence", "form", "lspace", "rspace", "accent", "largeop", "movablelimits", "separator",
           "symmetric", "minsize", "maxsize"},
    "mover": {"accent"}, "munder": {"accentunder"}, "munderover": {"accent", "accentunder"},
    "mfrac": {"linethickness"},
    "mspace": {"width", "height", "depth", "linebreak"},
    "mpadded": {"width", "height", "depth", "lspace", "voffset"},
    "mtable": {"columnalign", "rowalign", "columnspacing", "rowspacing", "columnlines", "rowlines", "frame"},
    "mtr": {"columnalign", "rowalign"},
    "mtd": {"columnalign", "rowalign", "columnspan", "rowspan"},
    "menclose": {"notation"},
    "mfenced": {"open", "close", "separators"},
}

# What a writer's HTML may hold: GitHub's allowlist, less the obsolete elements, with
# figures, video and audio added (and the MathML above).
HTML_TAGS = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "data", "dd",
    "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp", "small",
    "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u",
    "ul", "var", "wbr", "video", "audio", "source", "track",
})
_CELL = {"colspan", "rowspan", "headers", "valign", "width"}
HTML_ATTRIBUTES: dict[str, set[str]] = {
    # on every element: alignment (<p align="center">), the language and direction of the
    # text, a tooltip, classes (as `{.class}` gives Markdown blocks) and an id (not one of
    # the page's own: see keep_attribute). No style: it can lay one element over the page.
    "*": {"align", "lang", "dir", "title", "class", "id"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "video": {"src", "controls", "width", "height", "poster", "preload", "loop", "muted", "playsinline"},
    "audio": {"src", "controls", "preload", "loop", "muted"},
    "source": {"src", "type", "media"},
    "track": {"src", "kind", "srclang", "label", "default"},
    "td": _CELL, "th": _CELL | {"scope", "abbr"}, "col": {"span", "width"}, "colgroup": {"span", "width"},
    "ol": {"start", "reversed", "type"}, "li": {"value"},
    "details": {"open"},
    "blockquote": {"cite"}, "q": {"cite"}, "del": {"cite", "datetime"}, "ins": {"cite", "datetime"},
    "time": {"datetime"}, "data": {"value"}, "abbr": {"title"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def _merged(*maps: dict[str, set[str]]) -> dict[str, set[str]]:
    merged: dict[str, set[str]] = {}
    for attributes in maps:
        for tag, names in attributes.items():
            merged.setdefault(tag, set()).update(names)
    return merged


# While a document's body is sanitised, what becomes of the URL of a writer's link or image
# (doclinks.py: a local one, a placeholder its page fills in); None the rest of the time.
URL_HOOK: ContextVar[Callable[[str, str], str] | None] = ContextVar("url_hook", default=None)
_URL_ATTRIBUTES = frozenset({("a", "href"), ("img", "src")})


def _keep_id(reserved: Callable[[str], bool]):
    def keep_attribute(element: str, attribute: str, value: str) -> str | None:
        """An id that is one of the page's own (main, site-data, note-1 …) is dropped: it
        would take over what the theme's links and script find."""
        if attribute == "id" and reserved(value):
            return None
        if (element, attribute) in _URL_ATTRIBUTES and (hook := URL_HOOK.get()) is not None:
            return hook(element, value)
        return value

    return keep_attribute


def _site_absolute(base_path: str):
    def relative_url(url: str) -> str:
        """/img/a.png is under the base path, as Markdown links and images are."""
        if base_path != "/" and url.startswith("/") and not url.startswith("//"):
            return base_path + url.lstrip("/")
        return url

    return relative_url


def _nothing_reserved(value: str) -> bool:
    return False


@lru_cache(maxsize=8)
def html_cleaner(base_path: str = "/", reserved: Callable[[str], bool] = _nothing_reserved) -> nh3.Cleaner:
    """The sanitiser of writers' HTML: built once per base path. reserved: the ids of the
    page around a body (markdown.reserved_id), which no element of the writer's may take."""
    return nh3.Cleaner(
        tags=set(HTML_TAGS | MATHML_TAGS),
        attributes=_merged(HTML_ATTRIBUTES, MATHML_ATTRIBUTES, {"*": _MATH_PRESENTATION}),
        attribute_filter=_keep_id(reserved),
        url_schemes=set(URL_SCHEMES),
        url_relative=_site_absolute(base_path),
        link_rel=None,  # writers' links as Markdown links are: no rel added
        strip_comments=True,
    )


@lru_cache(maxsize=1)
def math_cleaner() -> nh3.Cleaner:
    """MathML the renderer made from LaTeX, kept to MathML: latex2mathml writes what the
    LaTeX says (\\href{…}, \\style{…}, text it does not escape)."""
    return nh3.Cleaner(tags=set(MATHML_TAGS), attributes=_merged(MATHML_ATTRIBUTES, {"*": _MATH_PRESENTATION}),
                       url_schemes=set(), link_rel=None, strip_comments=True)


def sanitize(html: str, base_path: str = "/", reserved: Callable[[str], bool] = _nothing_reserved) -> str:
    """One piece of a writer's HTML, on its own."""
    return html_cleaner(base_path, reserved).clean(html)


class RawHtml:
    """The writer's HTML of one rendering: the renderer's rules for html_block and
    html_inline put a marker in the output for each piece (mark), and sanitize_body
    puts the pieces back, sanitised. The markers carry a random nonce: no document can
    write one."""

    ROUNDS = 3  # of sanitising together; then whatever still swallows a placeholder is alone
    # html5ever takes time growing with the square of how deep elements nest: deeper than
    # this, the writer's HTML is shown as text (a page never nests so deep; a hostile one does)
    MAX_DEPTH = 2_000

    def __init__(self) -> None:
        self.nonce = secrets.token_hex(8)
        self.pieces: list[str] = []
        self.lines: list[int | None] = []  # the file line each piece starts on, if known
        self.problem: str | None = None  # what the writer is told, if the HTML could not be kept

    # Compiled when a document has raw HTML, not for every rendering: each nonce makes a new
    # pattern, which would also push the patterns worth keeping out of re's cache.
    @functools.cached_property
    def _marker(self) -> re.Pattern[str]:
        return re.compile(f"\ue000{self.nonce}m(\\d+)\ue001")

    @functools.cached_property
    def _placeholder(self) -> re.Pattern[str]:
        # a placeholder for the renderer's own HTML. The quote inside it tells text (where
        # the serialiser writes it as it is) from an attribute value: there it is written
        # &quot;, or it ends a double-quoted value and what follows is no attribute's name.
        return re.compile(f'\ue000{self.nonce}"(\\d+)\ue001')

    def mark(self, html: str, line: int | None = None) -> str:
        self.pieces.append(html)
        self.lines.append(line)
        return f"\ue000{self.nonce}m{len(self.pieces) - 1}\ue001"

    def first_line(self) -> int | None:
        """The line of the first piece: where a problem with all of them is said to be."""
        return next((line for line in self.lines if line is not None), None)

    def sanitize_body(self, rendered: str, base_path: str = "/",
                      reserved: Callable[[str], bool] = _nothing_reserved) -> str:
        if not self.pieces:
            return rendered
        if nesting(self.pieces) > self.MAX_DEPTH:
            self.problem = (f"raw HTML nested more than {self.MAX_DEPTH:,} elements deep: "
                            "all of this document's raw HTML is shown as text")
            return self._marker.sub(lambda m: escape(self.pieces[int(m[1])], quote=False), rendered)
        return normalize(self._sanitized(rendered, base_path, reserved))

    def _sanitized(self, rendered: str, base_path: str, reserved: Callable[[str], bool]) -> str:
        cleaner = html_cleaner(base_path, reserved)
        parts = self._marker.split(rendered)
        # the renderer's HTML and the writer's, alternating: ours[i], then raw[i] (the
        # pieces with none of ours between them, as one), and ours[-1] last
        ours, raw = [parts[0]], []
        for i in range(1, len(parts), 2):
            if ours[-1] or not raw:
                raw.append(self.pieces[int(parts[i])])
                ours.append(parts[i + 1])
            else:  # nothing of ours since the last piece: one piece with it
                raw[-1] += self.pieces[int(parts[i])]
                ours[-1] = parts[i + 1]
        for _ in range(self.ROUNDS):
            clean, lost = self._together(cleaner, ours, raw)
            if not lost:
                return clean
            # a piece that swallows a placeholder (it ends inside a tag or a comment, or
            # opens an element dropped with its content, <script>) is sanitised alone, the
            # one before each placeholder lost, and joins our HTML
            alone = {k - 1 for k in lost if k > 0} or {k for k in lost if k < len(raw)}
            merged_ours, merged_raw = [ours[0]], []
            for i, piece in enumerate(raw):
                if i in alone:
                    merged_ours[-1] += cleaner.clean(piece) + ours[i + 1]
                else:
                    merged_raw.append(piece)
                    merged_ours.append(ours[i + 1])
            ours, raw = merged_ours, merged_raw
        return "".join(own + (cleaner.clean(raw[i]) if i < len(raw) else "") for i, own in enumerate(ours))

    def _together(self, cleaner: nh3.Cleaner, ours: list[str], raw: list[str]) -> tuple[str, list[int]]:
        """The writer's pieces sanitised as one fragment, each stretch of ours a placeholder
        in it: the result with ours back, and the stretches whose placeholder did not come
        back as text, once, in order."""
        joined = []
        for i in range(len(ours)):
            joined.append(f'\ue000{self.nonce}"{i}\ue001')
            if i < len(raw):
                joined.append(raw[i])
        clean = cleaner.clean("".join(joined))
        found = [int(i) for i in self._placeholder.findall(clean)]
        if found == list(range(len(ours))):
            return self._placeholder.sub(lambda m: ours[int(m[1])], clean), []
        if found != sorted(set(found)):  # out of order or twice: never seen; every piece alone
            return "", list(range(len(ours)))
        return "", sorted(set(range(len(ours))) - set(found))


_TAG = re.compile(r"<([A-Za-z][^\s/>]*)([^>]*)>")
_ATTRIBUTE = re.compile(r'([^\s=/>"]+)(?:="([^"]*)")?')
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


def normalize(html: str) -> str:
    """HTML that is safe already (the renderer's, and the writer's sanitised) parsed and
    written again by html5ever, keeping every element, attribute and URL scheme it holds:
    what changes is only where an element the writer left open, or closed twice, ends, as a
    browser reads it. Every attribute value here is quoted and escaped, so reading the tags
    with a pattern is exact."""
    tags, attributes, schemes = set(), set(), {"http", "https"}
    for tag in _TAG.finditer(html):
        tags.add(tag[1].lower())
        for attribute in _ATTRIBUTE.finditer(tag[2]):
            attributes.add(attribute[1].lower())
            if attribute[2] and (scheme := _SCHEME.match(attribute[2])):
                schemes.add(scheme[1].lower())
    return nh3.clean(html, tags=tags, attributes={"*": attributes}, url_schemes=schemes, link_rel=None,
                     strip_comments=True, clean_content_tags=set())


# a tag's start is enough: one the piece leaves unfinished opens its element all the same,
# and /> closes no element of HTML's (only MathML's, which this counts as nesting)
_OPEN_OR_CLOSE = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
# what never holds other elements, or is closed by the next of its kind or its parent's end
_NOT_NESTING = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    "p", "li", "dt", "dd", "tr", "td", "th", "tbody", "thead", "tfoot", "option", "optgroup", "rb", "rt", "rtc", "rp",
    "caption", "colgroup", "html", "head", "body",
})


def nesting(pieces: list[str]) -> int:
    """How deep the writer's elements can nest, counted over all the pieces in order:
    opening tags less closing ones, never less than what a parser would build."""
    depth = deepest = 0
    for piece in pieces:
        for tag in _OPEN_OR_CLOSE.finditer(piece):
            if tag[2].lower() in _NOT_NESTING:
                continue
            depth = max(depth - 1, 0) if tag[1] else depth + 1
            deepest = max(deepest, depth)
    return deepest
