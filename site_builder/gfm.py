"""Two GitHub Flavored Markdown extensions: task lists (`- [ ]`, `- [x]`: mdit-py-plugins'
tasklists) and bare URLs made links (markdown-it's linkify rules with linkify-it-py).

Task lists: the plugin puts its checkbox in an html_inline token, the kind of token that
holds the writer's raw HTML, which is sanitised (htmlsafe.py: no <input> there). The
plugin's checkbox is the renderer's own HTML, so it is made a token of its own kind, drawn
here: a disabled checkbox, its state said to a screen reader by the checkbox itself.

Bare URLs, as GFM's autolink extension links them: URLs with a scheme (http, https, ftp,
mailto) and e-mail addresses, not a bare domain (linkify-it's fuzzy links would make
README.md and app.py links). For Chinese and Japanese prose, where text runs straight on
after a URL without a space ("见https://36kr.com/p/1了解更多", "…/p/1，腾讯科技"), a URL
ends at its first CJK character: linkify-it counts every letter of any script as part of
a host or path, and would link 了解更多 with it. (citations.py's bare URLs stop there too.)"""

from __future__ import annotations

import re

from linkify_it import LinkifyIt
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from mdit_py_plugins.tasklists import tasklists_plugin

from site_builder.cjk import CJK

_CJK_CHAR = re.compile(f"[{CJK}]")
_SENTENCE_END = ".,;:!?'\"*"  # before the CJK text: the sentence's, not the URL's (linkify-it's own rule)
TASKLISTS_RULE = "github-tasklists"


class CjkLinkify(LinkifyIt):
    """linkify-it with GFM's reach (no bare domains) whose links end at a CJK character."""

    def __init__(self) -> None:
        super().__init__(options={"fuzzy_link": False, "fuzzy_email": True})
        self.add("//", None)  # nor a protocol-relative //host (GFM links neither)

    def pretest(self, text: str) -> bool:
        """Whether text may hold a link: a scheme's colon or an address's @ first (a C-level
        scan), linkify-it's own test only then. Its test alone took a fifth of the time a
        document's rendering took (a regex of every top-level domain, run on every paragraph)."""
        return (":" in text or "@" in text) and super().pretest(text)

    def normalize(self, match) -> None:
        if (cut := _CJK_CHAR.search(match.raw)) is not None:
            kept = match.raw[: cut.start()].rstrip(_SENTENCE_END)
            if kept.partition("://")[2] or "://" not in kept:  # a host is left (例子.测试 is one: kept whole)
                # the markdown-it rules read text, url and last_index (the inline rule, the url's length)
                match.raw = match.text = match.url = kept
                match.last_index = match.index + len(kept)
        super().normalize(match)

    def match(self, text: str):
        """linkify-it's match(), going on from where each (cut) link ends, not from where
        linkify-it's own match ended: "a@b.org和c@d.org" is two links."""
        result, at = [], 0
        while at < len(text) and (found := super().match(text[at:])):
            first = found[0]
            first.index, first.last_index = first.index + at, first.last_index + at
            result.append(first)
            at = first.last_index
        return result or None


def _checkboxes(rule):
    """The plugin's rule, its checkboxes retyped: a checkbox is a first child that was not there
    before the rule ran (a writer's own <input> at the start of an item stays raw HTML)."""

    def retyped(state: StateCore) -> None:
        before = {id(tok.children[0]) for tok in state.tokens if tok.type == "inline" and tok.children}
        rule(state)
        for tok in state.tokens:
            if tok.type == "inline" and tok.children and id(first := tok.children[0]) not in before \
                    and first.type == "html_inline":
                first.type = "task_checkbox"
                first.meta = {"checked": 'checked="checked"' in first.content}

    return retyped


def _render_checkbox(self, tokens, idx, options, env) -> str:
    checked = " checked" if tokens[idx].meta["checked"] else ""
    return f'<input class="task-list-item-checkbox" type="checkbox" disabled{checked}>'


def gfm_plugin(md: MarkdownIt) -> None:
    """Task lists and bare-URL links on a parser."""
    md.use(tasklists_plugin)
    ruler = md.core.ruler
    ruler.at(TASKLISTS_RULE, _checkboxes(ruler.__rules__[ruler.__find__(TASKLISTS_RULE)].fn))
    md.add_render_rule("task_checkbox", _render_checkbox)
    md.linkify = CjkLinkify()
    md.options["linkify"] = True
    md.enable("linkify")
