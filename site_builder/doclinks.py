"""Links between documents and to the files beside them, resolved by the build.

A document is rendered alone (and cached by its own bytes), but where its links lead
depends on the other documents and files: so rendering (the core rule `collect`) leaves a
placeholder in each local link's href or image's src and records what was written
(model.LinkRef); the link stage resolves every document's references against the site's
documents and files (LinkTable, warnings with file:line), and the document's page, which
reads the resolved URLs (emitters/documents.py), puts them in (fill).

What resolves, for a link or image written in content/posts/a.md:
- a relative path (`b.md`, `../x/y.md#h`, `./img/p.png`, `p.png`): the document or file it
  names from the document's folder, also a Hugo page bundle (`b/` for b/index.md) and a
  Hexo asset folder (`p.png` in posts/a/); a file in the document's folder or asset folder
  is linked next to its page, where it is copied (emitters/beside.py: /articles/a/p.png),
  another where the build publishes the files of content/ (their own path); one that
  differs only in case is taken, with a warning;
- Hugo `ref`/`relref` (from the document's folder, then from content/, then by file name),
  Jekyll `link` (from content/) and `post_url`, Hexo `post_link` (by file name, with or
  without its date) and `asset_img`/`asset_link` (the asset folder);
- a site path (`/posts/b/`, `/2016/12/31/b.html`, an alias of a document; repeated slashes
  read as one): a static file or file of content/ there, or a folder of static files with
  an index page (index.html, .htm, .xhtml), else the document whose alias it is, else the one Hugo gives
  that path (in lower case; content/zh/docs/A.md at /zh/docs/a/ and, its language's
  folder left out, /docs/a/), else the document whose file name or slug its last part is,
  if only one (the addresses Hugo, Jekyll and Hexo give a post end in its name), else the
  one whose title it is as Hugo writes a title in a path; of several, the one nearest the
  linking document.
Links in raw HTML resolve alike: the sanitiser's (raw_html_hook) and trusted HTML's
(trusted_html_links). What resolves to nothing stays as written, with a warning (not for a site path outside the
documents' own, which `site-builder check` follows)."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from markdown_it.rules_core import StateCore

from site_builder.model import Document, LinkRef
from site_builder.shortcodes import REF_SCHEME, tag_href
from site_builder.urls import Urls

# a placeholder in an href or src: private-use characters, so no URL a writer means
_PLACEHOLDER = re.compile("((?:href|src)=\")\ue000(\\d+)\ue001\"")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_DATED = re.compile(r"\d{4}-\d{1,2}-\d{1,2}-(.+)")
_NAME_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})-")
# the day in an old address (/2020/12/07/picore.html, /tech/2020/12/07/picore/)
_PATH_DAY = re.compile(r"(?:^|/)(\d{4})/(\d{1,2})/(\d{1,2})(?:/|$)")
# a first folder of content/ named for a language (Hugo's content/zh/ with contentDir per language)
_LANGUAGE_FOLDER = re.compile(r"[a-z]{2}(?:[-_][a-z]{2,4})?", re.I)
DOCUMENT_EXTENSIONS = (".md", ".markdown", ".txt")


def placeholder(n: int) -> str:
    return f"\ue000{n}\ue001"


def former_path(url: str, former: Iterable[str]) -> str | None:
    """The site path (with its ?query and #fragment) a URL at one of the site's former
    addresses (site.yaml's former_urls: https://user.github.io/blog/) names, or None."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        return None
    for base in former:
        at = urlsplit(base)
        prefix = "/" + at.path.strip("/") + "/" if at.path.strip("/") else "/"
        path = parts.path or "/"
        if parts.netloc.lower() == at.netloc.lower() and (path + "/").startswith(prefix):
            rest = path[len(prefix):] if path.startswith(prefix) else ""
            return "/" + rest + (f"?{parts.query}" if parts.query else "") + (
                f"#{parts.fragment}" if parts.fragment else "")
    return None


def reference(value: str, image: bool, line: int | None, former: tuple[str, ...] = ()) -> LinkRef | None:
    """What an href or src refers to, if the build resolves it: not a URL with a scheme or
    host (but one at a former address of the site), nor an anchor in the page. A link tag
    written as raw HTML's URL is the reference it names (shortcodes.tag_href)."""
    value = tag_href(value)
    if former and former_path(value, former) is not None:
        return LinkRef("former", value, line, image)
    if value.startswith(REF_SCHEME):
        kind, _, target = value[len(REF_SCHEME):].partition(":")
        return LinkRef(kind, unquote(target), line, image)
    if not value or value.startswith(("#", "//", "?")) or _SCHEME.match(value):
        return None
    return LinkRef("path", value, line, image)


def collect(state: StateCore) -> None:
    """Core rule: each local link and image becomes a placeholder, its reference kept in
    env["links"] (in order: the placeholder's number); trusted raw HTML's too (sanitised
    raw HTML's are the sanitiser's: raw_html_hook). Each piece of raw HTML is given its
    file line (meta["line"]): the sanitiser's links take theirs from it (place_raw_links)."""
    resolved = state.env.get("local_links", False)
    trusted = resolved and state.env.get("trusted_html", False)
    refs: list[LinkRef] = state.env.setdefault("links", [])
    first = state.env.get("first_line", 1)
    former = state.env.get("former_urls", ())
    for token in state.tokens:
        if token.type == "html_block":
            token.meta["line"] = first + token.map[0] if token.map else None
            if trusted:
                token.content = trusted_html_links(token.content, token.meta["line"], refs, former)
        if token.type != "inline" or not token.children:
            continue
        line = first + token.map[0] if token.map else None
        for child in token.children:
            if child.type in ("softbreak", "hardbreak") and line is not None:
                line += 1
            if child.type == "html_inline":
                child.meta["line"] = line
                lines = child.content.count("\n")
                if trusted:
                    child.content = trusted_html_links(child.content, line, refs, former)
                line = line + lines if line is not None else None
                continue
            attr = "href" if child.type == "link_open" else "src" if child.type == "image" else None
            value = child.attrGet(attr) if attr else None
            if not isinstance(value, str) or (ref := reference(value, child.type == "image", line, former)) is None:
                continue
            if not resolved:  # as written; a tag's reference has no address here
                if ref.kind != "path":
                    child.attrSet(attr, "#")
                continue
            refs.append(ref)
            child.attrSet(attr, placeholder(len(refs) - 1))


class _StartTags(HTMLParser):
    """The writer's <a href> and <img src> start tags in a piece of HTML, where they are."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, int, str, list[tuple[str, str | None]], str]] = []  # line, column, tag, attrs, text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("a", "img"):
            self.found.append((*self.getpos(), tag, attrs, self.get_starttag_text() or ""))

    handle_startendtag = handle_starttag


def trusted_html_links(html: str, line: int | None, refs: list[LinkRef], former: tuple[str, ...] = ()) -> str:
    """Trusted raw HTML (allow_html: trust) with the local URL of each <a href> and <img src>
    made a placeholder, its reference (with its line: the piece's line is line) kept in refs
    as a Markdown link's is; the rest of the HTML as the writer wrote it."""
    parser = _StartTags()
    parser.feed(html)
    parser.close()
    if not parser.found:
        return html
    starts = [0]  # the offset of each line of html
    for n, char in enumerate(html):
        if char == "\n":
            starts.append(n + 1)
    pieces, at = [], 0
    for row, column, tag, attrs, text in parser.found:
        offset = starts[row - 1] + column
        name = "href" if tag == "a" else "src"
        value = next((v for k, v in attrs if k == name), None)
        ref = reference(value, tag == "img", line + row - 1 if line is not None else None, former) if value else None
        if ref is None or html[offset:offset + len(text)] != text:
            continue
        refs.append(ref)
        written = "".join(f" {k}" if v is None else f' {k}="{escape(placeholder(len(refs) - 1) if k == name else v)}"'
                          for k, v in attrs)
        pieces += [html[at:offset], f"<{tag}{written}{' /' if text.endswith('/>') else ''}>"]
        at = offset + len(text)
    return "".join(pieces) + html[at:]


def raw_html_hook(env: dict):
    """What htmlsafe.URL_HOOK does while a document's raw HTML is sanitised: a local URL of
    the writer's <a href> or <img src> becomes a placeholder, as a Markdown link's does. Its
    line is not known here (the sanitiser reads the pieces together, maybe more than once):
    the reference is kept in env["raw_links"] too, for place_raw_links."""
    refs: list[LinkRef] = env.setdefault("links", [])
    raw: list[LinkRef] = env.setdefault("raw_links", [])
    former = env.get("former_urls", ())

    def hook(element: str, value: str) -> str:
        ref = reference(value, element == "img", None, former)
        if ref is None:
            return value
        refs.append(ref)
        raw.append(ref)
        return placeholder(len(refs) - 1)

    return hook


def place_raw_links(pieces: list[str], lines: list[int | None], refs: list[LinkRef], raw: list[LinkRef]) -> None:
    """Give each reference of sanitised raw HTML (raw, made by raw_html_hook) among refs, the
    references kept in the order of the page, the file line it was written on: the pieces of
    raw HTML, each starting on its line, are read for their <a href> and <img src> in order,
    and the n-th reference to a target takes the line of the n-th tag naming it."""
    if not raw:
        return
    written: dict[tuple[bool, str], list[int]] = {}
    for piece, first in zip(pieces, lines, strict=True):
        if first is None:
            continue
        parser = _StartTags()
        parser.feed(piece)
        parser.close()
        for row, _column, tag, attrs, _text in parser.found:
            value = next((v for k, v in attrs if k == ("href" if tag == "a" else "src")), None)
            if value and (ref := reference(value, tag == "img", None)) is not None:
                written.setdefault((ref.image, ref.target), []).append(first + row - 1)
    sanitised = {id(ref) for ref in raw}
    taken: dict[tuple[bool, str], int] = {}
    for ref in refs:
        key = (ref.image, ref.target)
        if id(ref) not in sanitised or ref.line is not None or not (found := written.get(key)):
            continue
        n = taken.get(key, 0)
        ref.line = found[min(n, len(found) - 1)]  # one dropped by the sanitiser would leave one over
        taken[key] = n + 1


def renumber(html: str, refs: list[LinkRef]) -> tuple[str, list[LinkRef]]:
    """The placeholders numbered in the order they are in html, and their references: the
    sanitiser may read a piece more than once, or drop it."""
    kept: list[LinkRef] = []

    def put(m: re.Match) -> str:
        kept.append(refs[int(m[2])])
        return f'{m[1]}{placeholder(len(kept) - 1)}"'

    return _PLACEHOLDER.sub(put, html), kept


def fill(html: str, urls: list[str]) -> str:
    """A body's HTML with its links' URLs in place of the placeholders."""
    def put(m: re.Match) -> str:
        n = int(m[2])
        return f'{m[1]}{escape(urls[n]) if n < len(urls) else ""}"'

    return _PLACEHOLDER.sub(put, html)


def _key(path: str) -> str:
    """A site path as compared with a document's old addresses: no slashes at its ends, no
    index.html or .html, lower case."""
    path = path.strip("/")
    # index.html as the last part only: law/civil-law-index.html is law/civil-law-index
    path = re.sub(r"(?:^|/)index\.html?$", "", path)
    for end in (".html", ".htm"):
        if path.endswith(end):
            path = path[: -len(end)]
    return path.lower()


def _names(doc: Document) -> set[str]:
    """The last part of every address another generator may have given the document."""
    stem = Path(doc.rel).stem
    if stem.lower() in ("index", "_index", "readme"):
        stem = Path(doc.rel).parent.name
    names = {stem.lower(), _key(doc.slug).rsplit("/", 1)[-1]}  # a slug or an address (addresses.py)
    if m := _DATED.fullmatch(stem):
        names.add(m[1].lower())
    names |= {_key(alias).rsplit("/", 1)[-1] for alias in doc.aliases if _key(alias)}
    return names - {""}


def _hugo_paths(rel: str) -> list[str]:
    """The site paths Hugo gives the document at rel in content/ (as _key writes them): its
    path without extension (a bundle's or section's: its folder's), in lower case with
    spaces as hyphens; under a language folder, also without it (the default language's
    pages are at the site's root)."""
    path = posixpath.splitext(rel)[0]
    if posixpath.basename(path).lower() in ("index", "_index"):
        path = posixpath.dirname(path)
    key = _key(path).replace(" ", "-")
    first, _, rest = key.partition("/")
    return [k for k in (key, rest if _LANGUAGE_FOLDER.fullmatch(first) else "") if k]


def _urlized(title: str) -> str:
    """A title as Hugo makes it a path (urlize, the :slug of a permalink when the front
    matter has no slug): lower case, spaces as hyphens, no punctuation but ._-+~#."""
    return re.sub(r"\s+", "-", re.sub(r"[^\w\s.+~#-]", "", title).strip()).lower()


def _day(doc: Document) -> tuple[int, int, int] | None:
    """The day of a document, as its file name gives it (Jekyll's and Hexo's addresses take
    it from there), else as its front matter does."""
    if m := _NAME_DAY.match(Path(doc.rel).name):
        return int(m[1]), int(m[2]), int(m[3])
    return (doc.date.value.year, doc.date.value.month, doc.date.value.day) if doc.date else None


def _words(path: str) -> set[str]:
    return set(re.findall(r"[^\W_]+", path.lower()))


def _by_folder_words(found: list[Document], address: str) -> list[Document]:
    """Of several documents of one name, the one whose folder shares the most words with the
    address's folders, if one does (/en/categories/review/ is _en_categories/review.md, not
    _cn_categories/review.md: Jekyll's collection permalinks name the collection); else all."""
    wanted = _words(address.rsplit("/", 1)[0])
    shared = [len(wanted & _words(posixpath.dirname(doc.rel))) for doc in found]
    best = max(shared)
    return [found[shared.index(best)]] if best and shared.count(best) == 1 else found


@dataclass
class Resolved:
    url: str
    problem: str | None = None


@dataclass
class LinkTable:
    """Every published document and file by the paths a link may name it by."""

    urls: Urls
    documents: dict[str, Document]  # by path in content/
    files: set[str]  # files of content/ that are published, by path
    statics: set[str]  # static files, by output path
    by_name: dict[str, list[Document]] = field(default_factory=dict)
    by_alias: dict[str, Document] = field(default_factory=dict)
    by_hugo_path: dict[str, list[Document]] = field(default_factory=dict)  # _hugo_paths
    by_title: dict[str, list[Document]] = field(default_factory=dict)  # _urlized
    lower: dict[str, str] = field(default_factory=dict)  # a file's path in lower case -> its path
    static_lower: dict[str, str] = field(default_factory=dict)  # the same of static files
    own_sections: tuple[str, ...] = ()  # site paths the build makes pages at
    section_urls: dict[str, str] = field(default_factory=dict)  # a section's page, by its path
    # files of content/ copied next to the page that links them: output path -> path in content/
    copies: dict[str, str] = field(default_factory=dict)
    former: tuple[str, ...] = ()  # site.yaml's former_urls: a link at one is a site path
    static_folder: str = "static"  # the name of the project's folder of static files
    _near: str = ""  # the path of the document whose link is being resolved
    _beside: Document | None = None  # that document, while its relative link is resolved

    @classmethod
    def make(cls, urls: Urls, documents: Iterable[Document], files: Iterable[str], statics: Iterable[str],
             own: Iterable[str] = (), sections: Iterable[Document] = (), former: tuple[str, ...] = (),
             static_folder: str = "static") -> LinkTable:
        """own: the site paths of the build's own pages; sections: the folders' own texts
        (sections.py), linked at their folder's page; former: the site's former addresses."""
        sections = list(sections)
        table = cls(urls, {doc.rel: doc for doc in [*documents, *sections]}, set(files), set(statics),
                    former=tuple(former), static_folder=static_folder)
        for doc in sections:
            folder = posixpath.dirname(doc.rel)
            table.section_urls[doc.rel] = urls.folder(folder) if folder else urls.home()
        for doc in table.documents.values():
            for name in _names(doc):
                table.by_name.setdefault(name, []).append(doc)
            for alias in doc.aliases:
                table.by_alias.setdefault(_key(unquote(alias)), doc)
            for key in _hugo_paths(doc.rel):
                table.by_hugo_path.setdefault(key, []).append(doc)
            if doc.title:
                table.by_title.setdefault(_urlized(doc.title), []).append(doc)
        for rel in sorted(table.files | set(table.documents)):
            table.lower.setdefault(rel.lower(), rel)
        for rel in sorted(table.statics):
            table.static_lower.setdefault(rel.lower(), rel)
        # a folder of pages (tags/), or a file the build writes (feed.xml)
        table.own_sections = tuple(s.strip("/") + ("" if "." in s else "/") for s in own)
        return table

    def resolve_all(self, doc: Document, refs: list[LinkRef]) -> list[Resolved]:
        return [self.resolve(doc, ref) for ref in refs]

    def resolve(self, doc: Document, ref: LinkRef) -> Resolved:
        if ref.kind == "former":  # a URL at the site's former address: the site path it names
            path = former_path(ref.target, self.former)
            if path is None:  # former_urls changed since: as written (the cache's key holds them)
                return Resolved(ref.target)
            here = LinkRef("path", path, ref.line, ref.image)
            found = self.resolve(doc, here)
            if found.problem and found.url == self._as_written(here):  # resolved to nothing: the old URL stays
                return Resolved(ref.target, f"{'missing image' if ref.image else 'link'} {ref.target!r} at the "
                                            "site's former address resolves to no document or file; kept as written")
            return found
        target, hash_, fragment = ref.target.partition("#")
        fragment = hash_ + quote(unquote(fragment), safe="") if hash_ else ""
        # `/uploads/2016/10//a.jpg`: a server reads repeated slashes as one (not a leading `//`: a host)
        path = re.sub(r"(?<=.)/{2,}", "/", unquote(target.split("?")[0]))
        if not path:
            return Resolved(fragment or "#")
        folder = posixpath.dirname(doc.rel)
        self._near = doc.rel
        # a file a relative path names is copied next to the page: the path stays right there
        self._beside = doc if ref.kind != "link" and not path.startswith("/") else None
        if ref.kind == "path":
            found = self._site_path(path, ref) if path.startswith("/") else self._relative(folder, doc, path, ref)
        elif ref.kind == "ref":
            found = self._ref(folder, path)
        elif ref.kind == "link":  # from the site's root: a document, a file of content/ or static/
            found = self._site_path("/" + path.lstrip("/"), ref)
        elif ref.kind == "post":
            found = self._by_name(path.rsplit("/", 1)[-1])
        else:  # asset: the document's asset folder (Hexo), then its folder
            found = self._relative(folder, doc, path, ref, asset_first=True)
        if isinstance(found, Resolved):
            return Resolved(found.url + fragment, found.problem)
        if found is None:
            shown = unquote(ref.target)
            return Resolved(self._as_written(ref), f"missing image {shown}" if ref.image
                            else f"link {shown!r} resolves to no document or file")
        return Resolved(self._url(found) + fragment)

    def _as_written(self, ref: LinkRef) -> str:
        """An unresolved link's URL: as written (a site path under the base path), or nothing."""
        if ref.kind != "path":
            return "#"
        if ref.target.startswith("/") and not ref.target.startswith(self.urls.base_path):
            return self.urls.base_path + ref.target.lstrip("/")
        return ref.target

    # ------------------------------------------------------------------ by kind

    def _url(self, found: str | Document) -> str:
        if isinstance(found, Document):
            return self.section_urls.get(found.rel) or self.urls.document(found.slug)
        return self._next_to_page(found) or self.urls.static(found)

    def _next_to_page(self, rel: str) -> str | None:
        """The URL of a file of content/ copied next to the page of the document that links
        it (posts/a/pic.png or posts/pic.png from posts/a.md: /articles/a/pic.png), if it is
        in the document's folder or asset folder; None for a file elsewhere (published at its
        own path only), for a section's (its page is at its folder: the file's own path is
        next to it already) and for a web page (which may not take a page's place)."""
        doc = self._beside
        if doc is None or rel not in self.files or doc.rel in self.section_urls \
                or rel.lower().endswith((".html", ".htm")):
            return None
        folder = posixpath.dirname(doc.rel)
        for base in (posixpath.join(folder, Path(doc.rel).stem), folder):
            if not base or rel.startswith(base + "/"):
                below = rel[len(base) + 1:] if base else rel
                break
        else:
            return None
        page = self.urls.file_for(self.urls.document(doc.slug))
        # articles/a/index.html -> articles/a/; an address 2016/b.html (addresses.py) -> 2016/b/
        there = page[: -len("index.html")] if page.endswith("index.html") else page.rsplit(".", 1)[0] + "/"
        self.copies.setdefault(there + below, rel)
        return self.urls.base_path + quote(there + below)

    def _document(self, path: str) -> Document | None:
        """The document at path in content/, written with or without its extension, or as
        the folder of an index.md (a page bundle)."""
        path = path.rstrip("/")
        candidates = [path, *(path + ext for ext in DOCUMENT_EXTENSIONS),
                      *(f"{path}/{name}{ext}" for name in ("index", "_index", "README") for ext in (".md",))]
        return next((self.documents[c] for c in candidates if c in self.documents), None)

    def _in_content(self, path: str, case: bool = True) -> str | Document | Resolved | None:
        if path.startswith("../") or path == "..":
            return None
        if (doc := self._document(path)) is not None:
            return doc
        if path in self.files:
            return path
        if case and (other := self.lower.get(path.lower())) is not None:
            found = self.documents.get(other) or other
            return Resolved(self._url(found), f"{path!r} differs in case from the file {other!r}; linked to it")
        return None

    def _relative(self, folder: str, doc: Document, path: str, ref: LinkRef,
                  asset_first: bool = False) -> str | Document | Resolved | None:
        joined = posixpath.normpath(posixpath.join(folder, path))
        asset = posixpath.normpath(posixpath.join(folder, Path(doc.rel).stem, path))
        # a path out of content/ is not followed (and said as one that is not there, whatever lies outside)
        order = [asset, joined] if asset_first else [joined, asset]
        for case in (False, True):
            for candidate in order:
                if not candidate.startswith("../") and (found := self._in_content(candidate, case)) is not None:
                    return found
        # written for a page at the site's root (an editor's preview from the project folder)
        rooted = re.sub(r"^(\.\.?/)+", "", posixpath.normpath(path))
        if rooted in self.statics:
            return rooted
        # or from the document's folder up into the project's static folder (../../static/a.png)
        top, _, below = rooted.partition("/")
        if top == self.static_folder and below in self.statics:
            return below
        if not ref.image:
            return self._old_address(path)
        return None

    def _ref(self, folder: str, path: str) -> str | Document | Resolved | None:
        if path.startswith("/"):
            return self._in_content(path.lstrip("/")) or self._old_address(path)
        here = posixpath.normpath(posixpath.join(folder, path))
        found = (None if here.startswith("..") else self._in_content(here, case=False)) or self._in_content(path)
        return found or self._by_name(Path(path.rstrip("/")).name)

    def _site_path(self, path: str, ref: LinkRef) -> str | Document | Resolved | None:
        base = self.urls.base_path
        if base != "/" and path.startswith(base):
            path = "/" + path[len(base):]
        rel = path.lstrip("/")
        if rel in self.statics:
            return rel
        # written from the project's folder, as GitHub shows it (/static/images/a.png): that static file
        top, _, below = rel.partition("/")
        if top == self.static_folder and below in self.statics:
            return below
        if not ref.image and (found := self._static_folder(rel)) is not None:
            return found
        if (found := self._in_content(rel, case=False)) is not None:
            return found
        if not ref.image and (found := self._old_address(path)) is not None:
            return found
        if (other := self.lower.get(rel.lower())) is not None or (other := self.static_lower.get(rel.lower())):
            found = self.documents.get(other) or other
            return Resolved(self._url(found), f"{path!r} differs in case from the file {other!r}; linked to it")
        if not ref.image and (rel == "" or rel.startswith(self.own_sections)):
            return Resolved(self.urls.base_path + rel)  # a page of this site's own: check follows it
        return None

    def _static_folder(self, rel: str) -> Resolved | None:
        """A folder of static files (`/demo`, `/demo/`) at its index page: the folder's URL for
        an index.html, which any server serves there; the file itself for an index.htm or
        index.xhtml, which not every server does."""
        folder = rel.strip("/")
        if not folder:
            return None
        if f"{folder}/index.html" in self.statics:
            return Resolved(self.urls.base_path + quote(folder) + "/")
        pages = [f"{folder}/{name}" for name in ("index.htm", "index.xhtml")]
        index = next((page for page in pages if page in self.statics), None)
        return Resolved(self.urls.static(index)) if index else None

    def _old_address(self, path: str) -> Document | None:
        key = _key(path)
        if key in self.by_alias:
            return self.by_alias[key]
        if path.startswith("/") and (found := self._nearest(self.by_hugo_path.get(key, []))) is not None:
            return found
        last = key.rsplit("/", 1)[-1]
        # last, the title as Hugo's permalinks write it (/blog/:year/:month/:day/:slug/)
        return self._by_name(last, key) or self._nearest(self.by_title.get(last, []))

    def _by_name(self, name: str, address: str = "") -> Document | None:
        """The one document of that name; of several, the one of the day the address names
        (two posts `2019-07-02-encmail.md` and `2019-07-15-encmail.md`: /2019/07/02/encmail.html),
        else the one nearest the linking document's folder (a post in two languages), if one
        is nearer than the others."""
        name = name.lower()
        for ext in DOCUMENT_EXTENSIONS:
            if name.endswith(ext):
                name = name[: -len(ext)]
        found = self.by_name.get(name) or (self.by_name.get(m[1]) if (m := _DATED.fullmatch(name)) else None) or []
        if len(found) > 1 and (day := _PATH_DAY.search(address)):
            wanted = tuple(int(part) for part in day.groups())
            dated = [doc for doc in found if _day(doc) == wanted]
            found = dated if len(dated) == 1 else found
        if len(found) > 1 and "/" in address:
            found = _by_folder_words(found, address)
        return self._nearest(found)

    def _nearest(self, found: list[Document]) -> Document | None:
        """The one document found; of several, the one nearest the linking document's folder,
        if one is nearer than the others."""
        if len(found) <= 1:
            return found[0] if found else None
        shared = [len(posixpath.commonpath([self._near, doc.rel]).split("/")) if posixpath.commonpath(
            [self._near, doc.rel]) else 0 for doc in found]
        best = max(shared)
        return found[shared.index(best)] if shared.count(best) == 1 else None

