"""Hugo shortcodes and Jekyll/Hexo Liquid tags, `<!--more-->` and HTML comments, as
markdown-it rules: what a collection written for another generator holds besides Markdown.

Rendered: figure, highlight/codeblock (a fenced code block), youtube/bilibili/vimeo/gist/
tweet (a plain link: no third-party script), asset_img/img, blockquote, note-like boxes,
Hexo's math blocks (`{% math %}`: MathML, as `$$`),
tabs and cards (one pane after another, each with its title), raw (its text without tags
run), comment (nothing); ref/relref, link, post_url, post_link
and asset_link become links the build resolves (doclinks.py), also inside a link's
destination (`[x]({{< ref "y" >}})`, `![]({{ site.baseurl }}/a.png)`).
Not run, never: `{% assign %}` (left out: it prints nothing), `{% include %}`, Liquid control
flow (`{% for %}` … `{% endfor %}` is shown as a code block, as written), any other tag
(shown as plain text, never parsed as Markdown).
Each of those is reported in env["unsupported"]: (line, message), a message per name.
`<!--more-->` ends the summary (a `more` token) and is not shown; an HTML comment is never
shown: with raw HTML escaped these rules drop it, sanitised the sanitiser does.

Hugo and Jekyll run their tags before Markdown, inside code too; here a tag in a code block
or span stays as written, but for the escapes written to show one there (`{{</* x */>}}`,
`{% raw %}`), which are undone."""

from __future__ import annotations

import bisect
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from markdown_it import MarkdownIt
from markdown_it.helpers import parseLinkDestination
from markdown_it.helpers.parse_link_destination import _Result
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

# The scheme of a link the build resolves (doclinks.py): sb-ref:KIND:TARGET
REF_SCHEME = "sb-ref:"
MAX_TAG = 2000  # characters of one tag: a `{{<` never closed costs no more than this

# a name, also a shortcode's in a folder of shortcodes (blogdown/postref)
_NAME = re.compile(r"(/)?\s*([A-Za-z_][\w.-]*(?:/[A-Za-z_][\w.-]*)*)")
_MORE = re.compile(r"<!--\s*more\s*-->", re.I)
_RAW_OPEN = re.compile(r"\{%-?\s*raw\s*-?%\}")
_RAW_CLOSE = re.compile(r"\{%-?\s*endraw\s*-?%\}")
# {% raw %} and {% endraw %}, with their line when they are alone on it
_RAW_MARK = re.compile(r"^[ \t]*\{%-?\s*(?:end)?raw\s*-?%\}[ \t]*(?:\n|$)|\{%-?\s*(?:end)?raw\s*-?%\}", re.M)
_HUGO_OPENING = re.compile(r"\{\{[<%]")


@dataclass(frozen=True)
class Tag:
    dialect: str  # hugo | liquid
    name: str  # lower case; a Liquid closing tag keeps its "end" (endhighlight)
    args: str
    closing: bool  # {{< /name >}}
    escaped: bool  # {{</* name */>}}: shown as the tag it writes
    end: int  # where the tag ends in the text
    text: str  # as written

    @property
    def label(self) -> str:
        return f"{{{{< {self.name} >}}}}" if self.dialect == "hugo" else f"{{% {self.name} %}}"


def _closed(src: str, pos: int, opening: str, closing: str) -> tuple[str, int] | None:
    """The text between a tag's delimiters and where the tag ends: looked for no further
    than MAX_TAG characters (str.find, no backtracking: a stranger's `{{<` never closed
    costs no more)."""
    end = src.find(closing, pos + len(opening), pos + len(opening) + MAX_TAG)
    return None if end < 0 else (src[pos + len(opening):end], end + len(closing))


def match_tag(src: str, pos: int) -> Tag | None:
    """The shortcode or Liquid tag starting at pos."""
    if src.startswith(("{{<", "{{%"), pos):
        dialect, found = "hugo", _closed(src, pos, src[pos:pos + 3], ">}}" if src[pos + 2] == "<" else "%}}")
    elif src.startswith("{%", pos):
        dialect, found = "liquid", _closed(src, pos, "{%", "%}")
    else:
        return None
    if found is None:
        return None
    inner, end = found
    inner = inner.strip()
    escaped = dialect == "hugo" and inner.startswith("/*") and inner.endswith("*/") and len(inner) >= 4
    if escaped:
        inner = inner[2:-2].strip()
    if dialect == "liquid":
        inner = inner.removeprefix("-").removesuffix("-").strip()
    inner = inner.removesuffix("/").rstrip() if dialect == "hugo" else inner  # {{< name />}}
    m = _NAME.match(inner)
    if m is None or (m[1] and dialect == "liquid"):
        return None
    return Tag(dialect, m[2].lower(), inner[m.end():].strip(), bool(m[1]), escaped, end, src[pos:end])


def liquid_output(src: str, pos: int, maximum: int) -> int | None:
    """Where a Liquid output `{{ page.title }}` starting at pos ends."""
    if not src.startswith("{{", pos) or src.startswith(("{{<", "{{%", "{{{"), pos):
        return None
    found = _closed(src, pos, "{{", "}}")
    return found[1] if found and found[1] <= maximum and found[0].strip() else None


def split_args(args: str) -> tuple[list[str], dict[str, str]]:
    """Positional and named (key=value) arguments, quotes removed."""
    try:
        parts = shlex.split(args)
    except ValueError:  # an unclosed quote
        parts = args.split()
    positional, named = [], {}
    for part in parts:
        key, eq, value = part.partition("=")
        if eq and re.fullmatch(r"[A-Za-z_][\w-]*", key):
            named[key.lower()] = value
        else:
            positional.append(part)
    return positional, named


# ------------------------------------------------------------------------- what each tag is

CODE = {"highlight", "codeblock", "code"}  # the text between is code
HIDDEN = {"comment"}  # the text between is not shown
RAW = {"raw"}  # the text between is Markdown whose tags are not run
QUOTE = {"blockquote", "quote"}
BOXES = {"admonition", "notice", "note", "tip", "hint", "alert", "callout", "warning", "info", "details", "collapse",
         "spoiler"}  # hexo-sliding-spoiler's {% spoiler title %}
MATH = {"math", "mathjax", "katex"}  # Hexo's math plugins: the text between is display TeX
CONTROL = {"for", "if", "unless", "case", "capture", "tablerow"}  # Liquid blocks: shown as code, not run
# tabs and cards (Docsy's and its kin's): the panes shown one after another, each with its
# title (its own, or the next of the names its container gives: {{< tabs "A" "B" >}})
PANE_GROUPS = {"tabs", "tabpane", "cardpane"}
PANES = {"tab", "codetab", "card"}
# a math tag's closing one, by dialect and name
_MATH_CLOSING = {"hugo": {name: re.compile(r"\{\{([<%])\s*/\s*" + name + r"\s*[>%]\}\}", re.I) for name in MATH},
                 "liquid": {name: re.compile(r"\{%-?\s*end" + name + r"\s*-?%\}", re.I) for name in MATH}}
_BOX_CLOSING = {"hugo": {name: re.compile(r"\{\{[<%]\s*/\s*" + name + r"\s*[>%]\}\}", re.I) for name in BOXES},
                "liquid": {name: re.compile(r"\{%-?\s*end" + name + r"\s*-?%\}", re.I) for name in BOXES}}
PAIRED = CODE | HIDDEN | RAW | QUOTE | BOXES | CONTROL | PANE_GROUPS | PANES | MATH
EMBEDS = {
    "youtube": ("YouTube", "https://www.youtube.com/watch?v={}"),
    "bilibili": ("Bilibili", "https://www.bilibili.com/video/{}"),
    "vimeo": ("Vimeo", "https://vimeo.com/{}"),
    "gist": ("Gist", "https://gist.github.com/{}"),
    "tweet": ("Tweet", "https://twitter.com/{}"),
    "x": ("Post on X", "https://x.com/{}"),
}
IMAGES = {"figure", "img", "image", "asset_img"}
# Liquid tags that print nothing (assign sets a variable): left out, reported as not run
SILENT = {"assign"}
# a shortcode that writes the page's own address (blogdown's, before its page bundle's files)
PAGE_ADDRESS = {"blogdown/postref"}
# tag -> the kind of reference doclinks.py resolves
LINKS = {"ref": "ref", "relref": "ref", "link": "link", "post_url": "post", "post_link": "post", "post_path": "post",
         "asset_link": "asset", "asset_path": "asset"}


def _unsupported(env: dict, line: int | None, tag: Tag | None, how: str = "shown as text") -> None:
    """Told once per build and message (a Tallied warning: see tasks._process)."""
    if tag is None:
        message = f"Liquid output {{{{ … }}}} is not evaluated: {how}"
    elif tag.dialect == "hugo":
        message = f"shortcode {tag.label} is not supported: {how}"
    else:
        message = f"Liquid tag {tag.label} is not run: {how}"
    found = env.setdefault("unsupported", {})
    found.setdefault(message, line)


def _line(env: dict, offset: int = 0) -> int | None:
    line = env.get("sb_line")
    return None if line is None else env.get("first_line", 1) + line + offset


def ref_href(kind: str, target: str) -> str:
    return f"{REF_SCHEME}{kind}:{quote(target, safe='/#.-_~')}"


def _embed_url(tag: Tag) -> tuple[str, str] | None:
    name, pattern = EMBEDS[tag.name]
    positional, named = split_args(tag.args)
    if tag.name == "gist":
        ident = "/".join(positional[:2]) or named.get("id", "")
    elif tag.name in ("tweet", "x"):
        user, ident = named.get("user", ""), named.get("id", "") or (positional[-1] if positional else "")
        ident = f"{user}/status/{ident}" if user else f"i/status/{ident}"
    else:
        ident = named.get("id") or named.get("bvid") or (positional[0] if positional else "")
    if not re.fullmatch(r"[\w./-]+", ident or ""):
        return None
    return name, pattern.format(ident)


def _image_of(tag: Tag, md: MarkdownIt) -> tuple[str, str, str, str, str] | None:
    """(src, alt, caption, title, link) of an image tag; src is a reference for asset_img."""
    positional, named = split_args(tag.args)
    if tag.name == "figure":
        src = named.get("src", "")
        caption = named.get("caption", "") or named.get("title", "")
        alt = named.get("alt", re.sub(r"[*_`]", "", caption))
        return src, alt, caption, named.get("title", ""), named.get("link", "")
    # Hexo: {% img [class] src [width] [height] [title [alt]] %}, {% asset_img [class] src ... %}
    words = [w for w in positional if not re.fullmatch(r"\d+(px|%)?", w)]
    if words and tag.name != "asset_img" and len(words) > 1 and not re.search(r"[/.:]", words[0]):
        words = words[1:]  # a class name
    if not words:
        return None
    src, rest = words[0], words[1:]
    if tag.name == "asset_img":
        src = ref_href("asset", src)
    title = " ".join(rest)
    return src, title, "", title, ""


def _link_tokens(md: MarkdownIt, href: str, text: str) -> list[Token]:
    href = md.normalizeLink(href)
    if not md.validateLink(href):
        return [Token("text", "", 0, content=text)]
    return [Token("link_open", "a", 1, attrs={"href": href}), Token("text", "", 0, content=text),
            Token("link_close", "a", -1)]


def _image_token(md: MarkdownIt, src: str, alt: str, title: str) -> Token | None:
    src = src if src.startswith(REF_SCHEME) else md.normalizeLink(src)
    if not src or not md.validateLink(src):
        return None
    image = Token("image", "img", 0, attrs={"src": src, "alt": ""}, content=alt,
                  children=[Token("text", "", 0, content=alt)])
    if title:
        image.attrSet("title", title)
    return image


def _inline_tokens(tag: Tag, md: MarkdownIt, env: dict) -> list[Token] | None:
    """A tag that stands in a line of text (or on its own): its tokens, None if it is no such tag."""
    if tag.escaped:
        return [Token("text", "", 0, content=_unescape(tag.text))]
    if tag.name in LINKS and not tag.closing:
        positional, named = split_args(tag.args)
        target = named.get("path") or (positional[0] if positional else "")
        if not target:
            return None
        text = " ".join(positional[1:]) if tag.name in ("post_link", "asset_link") and len(positional) > 1 else target
        return _link_tokens(md, ref_href(LINKS[tag.name], target), text)
    if tag.name in EMBEDS and not tag.closing:
        found = _embed_url(tag)
        if found is None:
            return None
        name, url = found
        return _link_tokens(md, url, f"{name}: {url}")
    if tag.name in IMAGES and not tag.closing:
        found = _image_of(tag, md)
        image = _image_token(md, found[0], found[1], found[3]) if found else None
        if image is None:
            return None
        if found and found[4]:
            href = md.normalizeLink(found[4])
            if md.validateLink(href):
                return [Token("link_open", "a", 1, attrs={"href": href}), image, Token("link_close", "a", -1)]
        return [image]
    return None


def _unescape(text: str) -> str:
    """{{</* x */>}} -> {{< x >}}: how Hugo's documentation shows a shortcode."""
    if "/*" not in text:
        return text
    parts, last = [], 0
    for m in _HUGO_OPENING.finditer(text):
        if m.start() < last or (tag := match_tag(text, m.start())) is None or not tag.escaped:
            continue
        opening = text[m.start() + 2]
        written = tag.text[3:-3].strip()[2:-2].strip()
        parts += [text[last:m.start()], f"{{{{{opening} {written} {'>' if opening == '<' else '%'}}}}}"]
        last = tag.end
    return "".join(parts) + text[last:]


# ------------------------------------------------------------------------------ block rules


def _whole_lines(state: StateBlock, start: int, end: int) -> str:
    return state.src[state.bMarks[start] + state.tShift[start]: state.eMarks[end - 1]]


def _alone(state: StateBlock, line: int, end_line: int, tag_end: int) -> int | None:
    """The line a tag starting at `line` ends on, if nothing but spaces follows it there."""
    last = line
    while last < end_line and state.eMarks[last] < tag_end:
        last += 1
    if last >= end_line or state.src[tag_end:state.eMarks[last]].strip():
        return None
    return last


# Of the tags of a name after a paired tag's opening, how many are looked at for its closing
# one: a stranger's 50,000 unclosed `{% for %}` cost 50,000 times this, not 50,000 squared.
MAX_CLOSING_SCAN = 200
_LINE_START = re.compile(r"[ \t>]*")


def _tag_lines(state: StateBlock) -> dict[tuple[str, str], tuple[list[int], list[bool]]]:
    """The lines that start with a tag, by (dialect, name: a closing tag under the name it
    closes), with whether each closes: made once per document."""
    if (made := state.env.get("sb_tag_lines")) is None:
        made = state.env["sb_tag_lines"] = {}
        for n, line in enumerate(state.src.split("\n")):
            start = _LINE_START.match(line).end()  # type: ignore[union-attr]
            if line.startswith("{", start) and (tag := match_tag(line, start)) is not None:
                closes = tag.closing or (tag.dialect == "liquid" and tag.name.startswith("end"))
                name = tag.name[3:] if tag.dialect == "liquid" and closes else tag.name
                lines, closing = made.setdefault((tag.dialect, name), ([], []))
                lines.append(n)
                closing.append(closes)
    return made


def _closing(state: StateBlock, tag: Tag, after: int, end_line: int) -> int | None:
    """The line of the tag that closes tag (nested ones of the same name counted), or None."""
    lines, closes = _tag_lines(state).get((tag.dialect, tag.name), ([], []))
    depth = 0
    first = bisect.bisect_left(lines, after)
    for i in range(first, min(first + MAX_CLOSING_SCAN, len(lines))):
        if lines[i] >= end_line:
            break
        if not closes[i]:
            depth += 1
        elif depth:
            depth -= 1
        else:
            line = lines[i]  # where the container (a quote, a list) lets it be read as this tag's end
            text = state.src[state.bMarks[line] + state.tShift[line]: state.eMarks[line]]
            return line if text.startswith("{") and match_tag(text, 0) is not None else None
    return None


# a Liquid code tag's closing one at the end of a line of code (`}{% endcodeblock %}`: Hexo reads it)
_CODE_END = re.compile(r"\{%-?\s*end(highlight|codeblock|code)\s*-?%\}[ \t]*$", re.M)


def _code_ends(state: StateBlock) -> dict[str, list[int]]:
    """The lines that end with a Liquid code tag's closing one after other text, by name:
    made once per document."""
    if (made := state.env.get("sb_code_ends")) is None:
        made = state.env["sb_code_ends"] = {}
        line, counted = 0, 0
        for m in _CODE_END.finditer(state.src):
            line, counted = line + state.src.count("\n", counted, m.start()), m.start()
            made.setdefault(m[1], []).append(line)
    return made


def _code_closing_in_line(state: StateBlock, tag: Tag, after: int, end_line: int) -> int | None:
    """For a Liquid code tag with no closing tag on a line of its own: the line whose code its
    closing tag ends, if it comes before the next tag of that name on a line of its own."""
    if tag.dialect != "liquid" or tag.name not in CODE:
        return None
    ends = _code_ends(state).get(tag.name, [])
    found = next((line for line in ends[bisect.bisect_left(ends, after):][:1] if line < end_line), None)
    lines, _ = _tag_lines(state).get((tag.dialect, tag.name), ([], []))
    following = next(iter(lines[bisect.bisect_left(lines, after):]), end_line)
    return found if found is not None and found < following else None


def _push_paragraph(state: StateBlock, start: int, end: int, children: list[Token]) -> None:
    state.push("paragraph_open", "p", 1).map = [start, end]
    inline = state.push("inline", "", 0)
    inline.content, inline.map, inline.children = "", [start, end], children
    state.push("paragraph_close", "p", -1)


def _push_text(state: StateBlock, start: int, end: int, text: str) -> None:
    """Text shown as written: never parsed as Markdown (a tag is no heading or quote)."""
    _push_paragraph(state, start, end, [Token("text", "", 0, content=text)])


def _push_code(state: StateBlock, start: int, end: int, info: str, content: str) -> None:
    token = state.push("fence", "code", 0)
    token.info, token.content, token.markup, token.map = info, content, "```", [start, end]


def _tokenize_inside(state: StateBlock, start: int, end: int, literal: bool = False) -> None:
    """The lines between two tags, as Markdown (with the tags in them not run if literal)."""
    old_parent, old_max = state.parentType, state.lineMax
    state.lineMax = end
    before = state.env.get("sb_literal", False)
    if literal:
        state.push("sb_literal_open", "", 0)
        state.env["sb_literal"] = True
    state.md.block.tokenize(state, start, end)
    state.env["sb_literal"] = before
    if literal:
        state.push("sb_literal_close", "", 0)
    state.parentType, state.lineMax = old_parent, old_max


def shortcode_block(state: StateBlock, start: int, end_line: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4 or state.env.get("sb_literal"):
        return False
    pos = state.bMarks[start] + state.tShift[start]
    if not state.src.startswith("{", pos):
        return False
    tag = match_tag(state.src, pos)
    if tag is None:
        return False
    last = _alone(state, start, end_line, tag.end)
    if last is None:
        return tag.name in BOXES and not (tag.closing or tag.escaped) and _box_in_a_line(state, tag, start, silent)
    if silent:  # a closing tag ends no paragraph: its opening may be in it (`text {{< katex >}}\nx\n{{< /katex >}}`)
        return not (tag.closing or (tag.dialect == "liquid" and tag.name.startswith("end")))
    env, md = state.env, state.md
    env["sb_line"] = start
    paired = tag.name in PAIRED and not (tag.closing or tag.escaped)
    close = _closing(state, tag, last + 1, end_line) if paired else None
    if close is not None:
        _paired(state, tag, start, last, close)
        state.line = close + 1
        return True
    if paired and (close := _code_closing_in_line(state, tag, last + 1, end_line)) is not None:
        inner = _CODE_END.sub("", state.getLines(last + 1, close + 1, state.blkIndent, True).rstrip("\n"))
        _push_code(state, start, close + 1, _code_language(tag), inner + "\n")
        state.line = close + 1
        return True
    state.line = last + 1
    tokens = None if tag.closing else _inline_tokens(tag, md, env)
    if tokens is not None:
        if tag.name == "figure":
            _push_figure(state, tag, start, last + 1, tokens)
        else:
            _push_paragraph(state, start, last + 1, tokens)
        return True
    if tag.escaped:
        _push_text(state, start, last + 1, _unescape(tag.text))
        return True
    if tag.dialect == "liquid" and tag.name in SILENT:
        _unsupported(env, _line(env), tag, "left out (it prints nothing)")
        return True
    if not (tag.closing or tag.name.startswith("end")):  # a closing tag was reported with its opening
        _unsupported(env, _line(env), tag)
    _push_text(state, start, last + 1, _whole_lines(state, start, last + 1))
    return True


def _code_language(tag: Tag) -> str:
    positional, named = split_args(tag.args)
    lang = named.get("lang") or next((w[5:] for w in positional if w.startswith("lang:")), None)
    if lang is None and tag.name == "highlight":
        lang = positional[0] if positional else ""
    return lang or ""


def _paired(state: StateBlock, tag: Tag, start: int, last: int, close: int) -> None:
    env = state.env
    positional, named = split_args(tag.args)
    inner = state.getLines(last + 1, close, state.blkIndent, True)
    if tag.name in CODE:
        _push_code(state, start, close + 1, _code_language(tag), inner)
    elif tag.name in HIDDEN:
        pass
    elif tag.name in MATH:  # a formula as `$$ … $$` writes it: MathML (mathml.py)
        token = state.push("math_block", "math", 0)
        token.content, token.markup, token.block, token.map = inner, "$$", True, [start, close + 1]
    elif tag.name in RAW:
        _tokenize_inside(state, last + 1, close, literal=True)
    elif tag.name in CONTROL:
        _unsupported(env, _line(env), tag, "shown as code")
        _push_code(state, start, close + 1, "liquid", state.getLines(start, close + 1, state.blkIndent, True))
    elif tag.name in QUOTE:
        _push_quote(state, tag, last, close, positional)
    elif tag.name in PANE_GROUPS:
        env.setdefault("sb_pane_names", []).append(positional)
        state.push("panes_open", "div", 1).attrSet("class", "panes")
        _tokenize_inside(state, last + 1, close)
        state.push("panes_close", "div", -1)
        env["sb_pane_names"].pop()
    elif tag.name in PANES:
        _push_pane(state, tag, start, last, close, named)
    else:  # a box: note, tip, warning, details ...
        _open_box(state, tag, start, last)
        _tokenize_inside(state, last + 1, close)
        state.push("blockquote_close", "blockquote", -1)


def _open_box(state: StateBlock, tag: Tag, start: int, last: int) -> None:
    """A box's quote, opened, with its kind or title in bold."""
    positional, named = split_args(tag.args)
    kind = named.get("type") or (positional[0] if positional else tag.name)
    title = named.get("title") or " ".join(positional[1:])
    state.push("blockquote_open", "blockquote", 1).attrSet("class", "note")
    _push_paragraph(state, start, last + 1, [Token("strong_open", "strong", 1),
                                             Token("text", "", 0, content=title or kind),
                                             Token("strong_close", "strong", -1)])


def _box_in_a_line(state: StateBlock, tag: Tag, start: int, silent: bool) -> bool:
    """A box opened and closed in one line (`{{< notice tip >}} Only >= 1.18 {{< /notice >}}`):
    its text as a paragraph in the box."""
    closing = _BOX_CLOSING[tag.dialect].get(tag.name)
    m = closing.search(state.src, tag.end, state.eMarks[start]) if closing else None
    if m is None or state.src[m.end():state.eMarks[start]].strip():
        return False
    if silent:
        return True
    _open_box(state, tag, start, start)
    state.push("paragraph_open", "p", 1).map = [start, start + 1]
    inline = state.push("inline", "", 0)
    inline.content, inline.map, inline.children = state.src[tag.end:m.start()].strip(), [start, start + 1], []
    state.push("paragraph_close", "p", -1)
    state.push("blockquote_close", "blockquote", -1)
    state.line = start + 1
    return True


def _push_quote(state: StateBlock, tag: Tag, last: int, close: int, positional: list[str]) -> None:
    """Hexo: {% blockquote [author[, source]] [link] [source_link_title] %}"""
    state.push("blockquote_open", "blockquote", 1)
    _tokenize_inside(state, last + 1, close)
    link = next((w for w in positional if re.match(r"https?://", w)), "")
    words = [w for w in positional if w != link]
    if words:
        children = [Token("text", "", 0, content="— " + " ".join(words))]
        if link:
            children += [Token("text", "", 0, content=" ")] + _link_tokens(state.md, link, link)
        _push_paragraph(state, close, close + 1, children)
    state.push("blockquote_close", "blockquote", -1)


def _push_pane(state: StateBlock, tag: Tag, start: int, last: int, close: int, named: dict[str, str]) -> None:
    """A tab or card: its title, its image (a card's), then its text (a tab's code, if it
    names the code's language)."""
    names = (state.env.get("sb_pane_names") or [[]])[-1]
    title = named.get("header") or named.get("name") or named.get("title") or (names.pop(0) if names else "")
    state.push("pane_open", "section", 1).attrSet("class", "pane")
    if title:
        state.push("paragraph_open", "p", 1).attrSet("class", "pane-title")
        inline = state.push("inline", "", 0)
        inline.content, inline.map, inline.children = "", [start, last + 1], [
            Token("strong_open", "strong", 1), Token("text", "", 0, content=title), Token("strong_close", "strong", -1)]
        state.push("paragraph_close", "p", -1)
    picture = named.get("img") or named.get("image")
    if picture and (image := _image_token(state.md, picture, title, "")) is not None:
        _push_paragraph(state, start, last + 1, [image])
    if named.get("codelang"):
        _push_code(state, last + 1, close, named["codelang"], state.getLines(last + 1, close, state.blkIndent, True))
    else:
        _tokenize_inside(state, last + 1, close)
    state.push("pane_close", "section", -1)


def _push_figure(state: StateBlock, tag: Tag, start: int, end: int, tokens: list[Token]) -> None:
    _, named = split_args(tag.args)
    state.push("figure_open", "figure", 1).map = [start, end]
    inline = state.push("inline", "", 0)
    inline.content, inline.map, inline.children = "", [start, end], tokens
    caption = named.get("caption") or named.get("title")
    if caption:
        state.push("figcaption_open", "figcaption", 1)
        text = state.push("inline", "", 0)
        text.content, text.map, text.children = caption, [start, end], []
        state.push("figcaption_close", "figcaption", -1)
    state.push("figure_close", "figure", -1)


def _shown(state: StateBlock | StateInline) -> bool:
    """Whether markdown-it would show a comment as text: raw HTML escaped. Sanitised, the
    sanitiser drops it; trusted, it is published as the comment it is."""
    return not state.md.options.get("html")


def comment_block(state: StateBlock, start: int, end_line: int, silent: bool) -> bool:
    """An HTML comment on lines of its own: not shown (`<!--more-->` marks the summary's end)."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    pos = state.bMarks[start] + state.tShift[start]
    if not state.src.startswith("<!--", pos):
        return False
    close = _find(state.env, state.src, "-->", pos + 4, len(state.src))
    if close < 0:
        return False
    last = _alone(state, start, end_line, close + 3)
    more = _MORE.fullmatch(state.src, pos, close + 3) is not None
    if last is None or not (more or _shown(state)):
        return False
    if silent:
        return True
    if more:
        state.push("more", "", 0).map = [start, last + 1]
    state.line = last + 1
    return True


# ----------------------------------------------------------------------------- inline rules


def shortcode_inline(state: StateInline, silent: bool) -> bool:
    src, pos = state.src, state.pos
    if not src.startswith("{", pos) or pos + 1 >= state.posMax:
        return False
    env = state.env
    if env.get("sb_literal"):
        return False
    if src.startswith("{%", pos) and (m := _RAW_OPEN.match(src, pos)):
        # {% raw %}…{% endraw %} in a line: the text between as written
        close = _find(env, src, _RAW_CLOSE, m.end(), state.posMax)
        if close < 0:
            return False
        end = _RAW_CLOSE.match(src, close)
        if not silent:  # read as Markdown, as Jekyll does once Liquid is done (`{% raw %}`{{ x }}`{% endraw %}`)
            tokens: list[Token] = []
            env["sb_literal"] = True
            state.md.inline.parse(src[m.end():close], state.md, env, tokens)
            env["sb_literal"] = False
            _append_inline(state, tokens)
        state.pos = end.end() if end else close
        return True
    tag = match_tag(src, pos)
    if tag is None or tag.end > state.posMax:
        if (end := liquid_output(src, pos, state.posMax)) is None:
            return False
        if not silent:  # {{ page.title }}: Liquid output, not evaluated
            _unsupported(env, _line(env), None)
            state.push("text", "", 0).content = src[pos:end]
        state.pos = end
        return True
    if tag.name in MATH and not (tag.closing or tag.escaped) and (end := _inline_math(state, tag, silent)) is not None:
        state.pos = end
        return True
    if not silent:
        tokens = None if tag.closing else _inline_tokens(tag, state.md, env)
        if tokens is None and tag.dialect == "liquid" and tag.name in SILENT and not tag.escaped:
            _unsupported(env, _line(env), tag, "left out (it prints nothing)")
            tokens = []
        elif tokens is None and not tag.escaped:
            if not (tag.closing or tag.name.startswith("end")):
                _unsupported(env, _line(env), tag)
            tokens = [Token("text", "", 0, content=tag.text)]
        elif tokens is None:
            tokens = [Token("text", "", 0, content=_unescape(tag.text))]
        _append_inline(state, tokens)
    state.pos = tag.end
    return True


def _append_inline(state: StateInline, tokens: list[Token]) -> None:
    """Tokens made apart (a tag's rendering, a raw span's Markdown) put in the inline stream
    at this point, after the text pending before them."""
    if state.pending:
        state.pushPending()
    for token in tokens:
        state.tokens.append(token)
        state.level += token.nesting
    state.pendingLevel = state.level


def _inline_math(state: StateInline, tag: Tag, silent: bool) -> int | None:
    """A math tag closed in its paragraph (hugo-book's `{{< katex >}}x^2{{< /katex >}}`): the
    TeX between as inline math (display math with `display`); where it ends, or None if unclosed."""
    closing = _MATH_CLOSING[tag.dialect][tag.name]
    start = _find(state.env, state.src, closing, tag.end, state.posMax)
    m = closing.match(state.src, start) if start >= 0 else None
    if m is None:
        return None
    if silent:
        return m.end()
    if state.pending:
        state.pushPending()
    display = "display" in split_args(tag.args)[0]
    token = state.push("math_inline_double" if display else "math_inline", "math", 0)
    token.content, token.markup = state.src[tag.end:m.start()], "$$" if display else "$"
    return m.end()


def comment_inline(state: StateInline, silent: bool) -> bool:
    """An HTML comment in a line of text: not shown."""
    if not state.src.startswith("<!--", state.pos):
        return False
    close = _find(state.env, state.src, "-->", state.pos + 4, state.posMax)
    more = close >= 0 and _MORE.fullmatch(state.src, state.pos, close + 3) is not None
    if close < 0 or not (more or _shown(state)):
        return False
    if not silent and more:
        state.push("more", "", 0)
    state.pos = close + 3
    return True


def _find(env: dict, src: str, needle: str | re.Pattern, start: int, end: int) -> int:
    """Where needle is in src[start:end], or -1. Not found from start, it is not found from
    any later start either: remembered, so that a stranger's thousand unclosed `<!--` cost
    one search, not a thousand."""
    missing = env.setdefault("sb_missing", {})
    key = (needle if isinstance(needle, str) else needle.pattern, src, end)
    if start >= missing.get(key, len(src) + 1):
        return -1
    if isinstance(needle, str):
        found = src.find(needle, start, end)
    else:
        m = needle.search(src, start, end)
        found = m.start() if m else -1
    if found < 0:
        missing[key] = min(start, missing.get(key, start))
    return found


# ------------------------------------------------------------------- link destinations


_SITE_VARIABLE = re.compile(r"\{\{-?\s*site\.(?:baseurl|url)\s*-?\}\}")
_FILTERED = re.compile(r"""\{\{-?\s*(["'])([^"'\n]*)\1\s*\|\s*(?:relative_url|absolute_url|prepend:\s*site\.baseurl)"""
                       r"""\s*-?\}\}""")


def destination(parse: Callable[[str, int, int], _Result]) -> Callable[[str, int, int], _Result]:
    """markdown-it's link destination parser, reading a tag where a link's URL is:
    ref/relref/link/post_url as the reference doclinks.py resolves, {{ site.baseurl }} and
    {{ "x" | relative_url }} as the path they name."""

    def parse_destination(string: str, pos: int, maximum: int) -> _Result:
        if not string.startswith("{", pos):
            return parse(string, pos, maximum)
        prefix = ""
        if (m := _SITE_VARIABLE.match(string, pos, maximum)) is not None:
            pos = m.end()
        elif (m := _FILTERED.match(string, pos, maximum)) is not None:
            prefix, pos = m[2], m.end()
        elif (tag := match_tag(string, pos)) is not None and tag.name in LINKS and tag.end <= maximum:
            positional, named = split_args(tag.args)
            target = named.get("path") or (positional[0] if positional else "")
            prefix, pos = ref_href(LINKS[tag.name], target), tag.end
        elif tag is not None and tag.name in PAGE_ADDRESS and tag.end <= maximum:
            prefix, pos = "./", tag.end  # the page's own folder: what follows is beside it
        else:
            return parse(string, pos, maximum)
        if pos >= maximum or string[pos] in " \t\n)":
            result = _Result()
            result.ok, result.pos, result.str = bool(prefix), pos, prefix
            return result
        rest = parse(string, pos, maximum)
        if rest.ok:
            rest.str = prefix + rest.str
        return rest

    return parse_destination


def tag_href(value: str) -> str:
    """A URL of raw HTML (`<a href='{{< relref "x" >}}'>`, `<img src="{{ site.baseurl }}/a.png">`)
    read as a link's destination is: a link tag as the reference doclinks.py resolves, the
    site variable or filter as the path it names, with what follows (#part); any other
    value as it is."""
    if not value.startswith("{"):
        return value
    if (m := _SITE_VARIABLE.match(value)) is not None:
        return value[m.end():] or "/"
    if (m := _FILTERED.match(value)) is not None:
        return m[2] + value[m.end():]
    tag = match_tag(value, 0)
    if tag is not None and tag.name in PAGE_ADDRESS and not (tag.closing or tag.escaped):
        return "./" + value[tag.end:].strip()
    if tag is None or tag.name not in LINKS or tag.closing or tag.escaped:
        return value
    positional, named = split_args(tag.args)
    target = named.get("path") or (positional[0] if positional else "")
    return ref_href(LINKS[tag.name], target) + value[tag.end:].strip() if target else value


class _Helpers:
    """markdown-it's link helpers with the destination parser above (md.helpers is a module)."""

    def __init__(self, helpers) -> None:
        self.parseLinkLabel = helpers.parseLinkLabel
        self.parseLinkTitle = helpers.parseLinkTitle
        self.parseLinkDestination = destination(helpers.parseLinkDestination)


# --------------------------------------------------------------------------- core rules


def inline_with_literal(state: StateCore) -> None:
    """markdown-it's inline rule, telling the inline rules which lines are inside a raw
    block (whose tags are not run) and which line each paragraph starts on."""
    depth = 0
    for token in state.tokens:
        if token.type == "sb_literal_open":
            depth += 1
        elif token.type == "sb_literal_close":
            depth -= 1
        elif token.type == "inline":
            if token.children is None:
                token.children = []
            state.env["sb_literal"] = depth > 0
            state.env["sb_line"] = token.map[0] if token.map else None
            state.md.inline.parse(token.content, state.md, state.env, token.children)
    state.env["sb_literal"] = False


def code_escapes(state: StateCore) -> None:
    """In code, the escapes written to show a tag are undone: {{</* x */>}}, {% raw %}."""
    for token in state.tokens:
        if token.type in ("fence", "code_block"):
            token.content = _unescape(_RAW_MARK.sub("", token.content))
        for child in token.children or ():
            if child.type == "code_inline":
                child.content = _unescape(_RAW_MARK.sub("", child.content))


def liquid_in_html(state: StateCore) -> None:
    """Liquid tags in a raw HTML block (`<section>{% assign x = 1 %}{% include w %}</section>`),
    which Jekyll runs before Markdown: `assign` left out and `{% raw %}…{% endraw %}` its text,
    as elsewhere, the others reported once by name and left as text (the HTML's own rules
    show or drop them)."""
    for token in state.tokens:
        if token.type != "html_block" or "{%" not in token.content:
            continue
        line = state.env.get("first_line", 1) + token.map[0] if token.map else None
        pieces, at, pos = [], 0, token.content.find("{%")
        while pos >= 0:
            tag = match_tag(token.content, pos)
            end = tag.end if tag is not None else pos + 2
            if tag is not None and tag.dialect == "liquid" and tag.name in RAW \
                    and (close := _RAW_CLOSE.search(token.content, end)) is not None:
                # {% raw %}…{% endraw %}: the text between as written, its tags not run
                pieces.append(token.content[at:pos] + token.content[end:close.start()])
                at = close.end()
                pos = token.content.find("{%", at)
                continue
            # a link tag as an attribute's URL (<a href="{% link a.md %}">) resolves as a link (doclinks.py)
            url = tag is not None and tag.name in LINKS \
                and token.content[max(0, pos - 80):pos].rstrip().endswith(("=\"", "='"))
            if tag is not None and tag.dialect == "liquid" and not tag.name.startswith("end") and not url:
                here = None if line is None else line + token.content.count("\n", 0, pos)
                silent = tag.name in SILENT
                _unsupported(state.env, here, tag, "left out (it prints nothing)" if silent else "shown as text")
                if silent:
                    pieces.append(token.content[at:pos])
                    at = end
            pos = token.content.find("{%", end)
        token.content = "".join(pieces) + token.content[at:]


def _nothing(self, tokens, idx, options, env) -> str:
    return ""


def _not_a_tag(rule: Callable[..., bool]) -> Callable[..., bool]:
    """A block rule (attrs_block's `{.class}` line) that leaves a line starting with a tag
    alone: mdit-py-plugins' attrs rule drops `{% post_url x %} and {% link y %}` whole."""

    def guarded(state: StateBlock, start: int, end_line: int, silent: bool) -> bool:
        if state.src.startswith(("{{", "{%"), state.bMarks[start] + state.tShift[start]):
            return False
        return rule(state, start, end_line, silent)

    return guarded


def shortcodes_plugin(md: MarkdownIt) -> None:
    rules = {rule.name: rule for rule in md.block.ruler.__rules__}
    if "attr" in rules:
        md.block.ruler.at("attr", _not_a_tag(rules["attr"].fn), {"alt": rules["attr"].alt})
    md.block.ruler.before("attr" if "attr" in rules else "fence", "shortcode", shortcode_block,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.block.ruler.before("html_block", "html_comment", comment_block,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.inline.ruler.before("html_inline", "html_comment", comment_inline)
    md.inline.ruler.before("emphasis", "shortcode", shortcode_inline)
    md.core.ruler.at("inline", inline_with_literal)
    md.core.ruler.after("inline", "code_escapes", code_escapes)
    md.core.ruler.after("code_escapes", "liquid_in_html", liquid_in_html)
    md.helpers = _Helpers(md.helpers)  # type: ignore[assignment]
    for name in ("more", "sb_literal_open", "sb_literal_close"):
        md.add_render_rule(name, _nothing)


__all__ = ["REF_SCHEME", "parseLinkDestination", "shortcodes_plugin"]
