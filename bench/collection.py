"""A collection written for Hugo, Jekyll or Hexo, built as it is: how much of it survives.

    python -m bench.collection PATH --kind hugo|jekyll|hexo [--keep DIR]

copies the collection's documents (and its static files and images) into a scratch
project, builds it with `site-builder build`, runs `site-builder check`, and reports:
whether the build crashed (a traceback, or an exit code other than 0 and 1), the internal
links and images of the documents' bodies that lead to a file of the output (resolved as
`site-builder check` resolves them), the documents whose front matter shows in their body,
the shortcodes and Liquid tags shown as text outside code (by name), and the warning lines
printed. The collection itself is never copied into this repository: bench/README.md names
the repositories and commits measured."""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

DOCUMENT = {".md", ".markdown"}
PASSIVE_FILES = {".ico", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".pdf"}
# Jekyll's folders that hold no documents of the site
JEKYLL_INTERNAL = {"_layouts", "_includes", "_data", "_sass", "_site", "_drafts", "_plugins", "_config"}
TAG = re.compile(r"\{\{[<%]\s*/?\s*([A-Za-z_][\w.-]*)|\{%-?\s*([A-Za-z_]\w*)")
FRONT_MATTER = re.compile(r"^(\+\+\+|(title|date|tags|categories|layout|draft)\s*[:=])", re.M)


@dataclass
class Report:
    kind: str
    documents: int = 0
    crashed: bool = False
    exit_code: int = 0
    links: int = 0
    links_resolved: int = 0
    images: int = 0
    images_present: int = 0
    front_matter_leaked: int = 0
    tags_as_text: dict[str, int] = field(default_factory=dict)
    warning_lines: int = 0
    check_errors: int = 0
    # links and images whose target the collection itself lacks: no file, folder or front
    # matter address of the collection has the name of their last part (the source's fault)
    links_absent: int = 0
    images_absent: int = 0
    # of the others, those whose target the collection has but this copy of it lacks (--lacking)
    links_lacking: int = 0
    images_lacking: int = 0
    broken: list[str] = field(default_factory=list)  # every one: "page: link" (absent: "…  [absent]")
    document_pages: int = 0
    documents_indexed: int | None = None  # of those pages, those in the search index (None: search off)

    def percent(self, part: int, whole: int) -> str:
        return f"{100 * part / whole:.1f}%" if whole else "n/a"

    def table(self) -> str:
        tags = ", ".join(f"{name} {n}" for name, n in sorted(self.tags_as_text.items(), key=lambda x: -x[1])) or "0"
        rows = [("documents", self.documents), ("crashed", "yes" if self.crashed else "no"),
                ("internal links resolved", f"{self.percent(self.links_resolved, self.links)} "
                                            f"({self.links_resolved}/{self.links})"),
                ("images present", f"{self.percent(self.images_present, self.images)} "
                                   f"({self.images_present}/{self.images})"),
                ("links resolved, of those whose target the source has",
                 f"{self.percent(self.links_resolved, self.links - self.links_absent)} "
                 f"({self.links_resolved}/{self.links - self.links_absent})"),
                ("images present, of those the source has",
                 f"{self.percent(self.images_present, self.images - self.images_absent)} "
                 f"({self.images_present}/{self.images - self.images_absent})"),
                ("links, images to a file this copy lacks", f"{self.links_lacking}, {self.images_lacking}"),
                ("front matter leaked", self.front_matter_leaked), ("tags shown as text", tags),
                ("warning lines printed", self.warning_lines), ("check errors", self.check_errors)]
        if self.documents_indexed is not None:
            found, pages = self.documents_indexed, self.document_pages
            rows.append(("document pages in the search index", f"{self.percent(found, pages)} ({found}/{pages})"))
        return "\n".join(f"| {name} | {value} |" for name, value in rows)


def _copy_tree(source: Path, target: Path, wanted) -> int:
    copied = 0
    for path in sorted(source.rglob("*")):
        rel = path.relative_to(source)
        if path.is_symlink() or not path.is_file() or any(p.startswith(".") for p in rel.parts) or not wanted(rel):
            continue
        (target / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target / rel)
        copied += 1
    return copied


def scratch_project(collection: Path, kind: str, project: Path, settings: tuple[str, ...] = ()) -> int:
    """The collection's documents in project/content, its other files in project/static:
    the number of documents."""
    content, static = project / "content", project / "static"
    content.mkdir(parents=True)
    static.mkdir()
    documents = 0

    def is_doc(rel: Path) -> bool:
        return rel.suffix.lower() in DOCUMENT

    if kind == "hugo":
        documents += _copy_tree(collection / "content", content, is_doc)
        _copy_tree(collection / "content", content, lambda rel: not is_doc(rel))  # page bundles' files
        if (collection / "static").is_dir():
            _copy_tree(collection / "static", static, lambda rel: True)
    elif kind == "jekyll":
        for folder in sorted(collection.iterdir()):
            if folder.is_dir() and folder.name.startswith("_") and folder.name not in JEKYLL_INTERNAL:
                documents += _copy_tree(folder, content / folder.name, is_doc)
                _copy_tree(folder, content / folder.name, lambda rel: not is_doc(rel))
            elif folder.is_dir() and not folder.name.startswith((".", "_")):
                # Jekyll's pages: a Markdown file with front matter, anywhere (pages/about.md);
                # a web page without front matter is copied as it is (vnstatsvg-demo/index.html)
                documents += _copy_tree(folder, content / folder.name,
                                        lambda rel, folder=folder: _jekyll_page(folder / rel))
                _copy_tree(folder, static / folder.name,
                           lambda rel, folder=folder: rel.suffix.lower() not in {".md", ".html"}
                           or (rel.suffix.lower() == ".html" and not _front_matter(folder / rel)))
            elif _jekyll_page(folder):  # about.md beside _config.yml
                shutil.copyfile(folder, content / folder.name)
                documents += 1
            elif folder.is_file() and folder.suffix.lower() in PASSIVE_FILES:  # favicon.ico, a top-level image
                shutil.copyfile(folder, static / folder.name)
    elif kind == "hexo":
        source = collection / "source"
        documents += _copy_tree(source / "_posts", content / "_posts", is_doc)
        _copy_tree(source / "_posts", content / "_posts", lambda rel: not is_doc(rel))  # asset folders
        for folder in sorted(source.iterdir()):
            if folder.is_dir() and not folder.name.startswith((".", "_")):
                _copy_tree(folder, static / folder.name, lambda rel: not is_doc(rel))
    else:
        raise SystemExit(f"unknown kind {kind!r}: hugo, jekyll or hexo")
    (project / "site.yaml").write_text("title: Collection\nlanguage: zh-CN\nbase_url: https://example.org/kb/\n"
                                       "search: false\n" + "".join(f"{line}\n" for line in settings),
                                       encoding="utf-8")
    return documents


def _front_matter(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(4).rstrip(b"\r\n") == b"---"


def _jekyll_page(path: Path) -> bool:
    """A Markdown file Jekyll makes a page of: one that starts with front matter."""
    return path.suffix.lower() in DOCUMENT and path.is_file() and _front_matter(path)


class _Body(HTMLParser):
    """The links, images and text (outside code) of a document page's body."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside <div class="doc-body">: the divs open
        self.code = 0
        self.links: list[str] = []
        self.images: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if self.depth == 0:
            if tag == "div" and "doc-body" in (values.get("class") or "").split():
                self.depth = 1
            return
        if tag == "div":
            self.depth += 1
        elif tag in ("pre", "code"):
            self.code += 1
        elif tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")
        elif tag == "img" and values.get("src"):
            self.images.append(values["src"] or "")

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "div":
            self.depth -= 1
        elif self.depth and tag in ("pre", "code"):
            self.code = max(self.code - 1, 0)

    def handle_data(self, data: str) -> None:
        if self.depth and not self.code:
            self.text.append(data)


def _served(out: Path, base: str, page_url: str, link: str) -> bool | None:
    """Whether link (on the page at page_url) leads to a file of the output; None when it
    is not an internal link."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith(("mailto:", "tel:", "data:", "#")):
        return None
    path = unquote(urlsplit(urljoin(page_url, link)).path)
    if not path.startswith(base):
        return False
    target = out / path[len(base):]
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    try:
        target.resolve().relative_to(out.resolve())
    except ValueError:
        return False
    return target.is_file()


def _document_pages(out: Path):
    """(file, HTML) of every document's page: at /articles/<slug>/, or at the address the
    document kept (permalinks: address)."""
    for page in sorted(out.rglob("*.html")):
        if page.relative_to(out).parts[0] == "pagefind":
            continue
        html = page.read_text(encoding="utf-8")
        if '<article class="document' in html:
            yield page, html


# a relative link that is a host name written without its scheme (`[site](tinylab.org)`): it
# leads nowhere whatever the collection holds (a folder may share the name: a theme's)
_HOST = re.compile(r"(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|cn|io|cc|me|edu|gov|info|dev|co|tech|top|xyz|tv)"
                   r"(?::\d+)?(?:/|$)", re.I)
_ADDRESS = re.compile(r"""(?:^|[\s'"\[,])(/[^\s'"\],]*)""")
_DATED = re.compile(r"\d{4}-\d{1,2}-\d{1,2}-(.+)")


def _last(path: str) -> str:
    """The last part of a path as a name: no slashes at its ends, .html or .md, case."""
    name = unquote(path).split("#")[0].split("?")[0].rstrip("/").rsplit("/", 1)[-1].lower()
    for ext in (".html", ".htm", ".md", ".markdown"):
        name = name.removesuffix(ext)
    return name


def _pair(link: str) -> str | None:
    """A link to a file by its last two parts (`frontend/README.md`, `10/a.png`: folder/name,
    lower case); None for a page (no extension, or .html) or a name alone."""
    parts = [p for p in unquote(link).split("#")[0].split("?")[0].split("/") if p not in ("", ".", "..")]
    if len(parts) < 2 or "." not in parts[-1] or parts[-1].lower().endswith((".html", ".htm")):
        return None
    return "/".join(parts[-2:]).lower()


def _indexed(out: Path) -> set[str] | None:
    """The pages (their URLs from the site's root) that Pagefind's index holds, read from
    its fragments (gzip: "pagefind_dcd" and the page's JSON); None without an index."""
    if not (out / "pagefind" / "pagefind-entry.json").is_file():
        return None
    urls = set()
    for fragment in (out / "pagefind").rglob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        urls.add(unquote(json.loads(data[data.index(b"{"):])["url"]))
    return urls


def source_names(collection: Path) -> tuple[set[str], set[str], set[str]]:
    """What a link or an image of the collection may name, by the last part of its path:
    (for links) every file's and folder's name and stem, a dated post's name without its
    date, and the last part of each site path in a document's front matter (url, permalink,
    aliases); (for images) every file's name; (for both, a link to a file in a folder) every
    file's folder/name. A broken link whose last part is none of them, or whose folder/name
    no file has (`./frontend/README.md` copied from another repository's README), leads to
    nothing the collection has, whichever generator built it; so does a host name written
    without its scheme (_HOST)."""
    links: set[str] = set()
    files: set[str] = set()
    pairs: set[str] = set()
    for path in collection.rglob("*"):
        name = path.name.lower()
        if path.parent != collection:
            pairs.add(f"{path.parent.name}/{name}".lower())
        links.add(_last(name))
        if m := _DATED.fullmatch(Path(name).stem):
            links.add(m[1])
        if path.is_file():
            files.add(name)
            if path.suffix.lower() in DOCUMENT:
                head = path.read_bytes()[:4000].decode("utf-8", "replace")
                end = head.find("\n---", 3) if head.startswith("---") else head.find("\n+++", 3)
                for m in _ADDRESS.finditer(head[: max(end, 0)]):
                    links.add(_last(m[1]))
    return links, files, pairs


def measure(project: Path, kind: str, documents: int, code: Path,
            names: tuple[set[str], set[str], set[str]] = (set(), set(), set()),
            lacking: frozenset[str] = frozenset()) -> Report:
    report = Report(kind, documents)
    run = [sys.executable, "-m", "site_builder"]
    env = {**os.environ, "PYTHONPATH": str(code)}  # the site_builder measured (another checkout's: before/after)
    built = subprocess.run([*run, "build"], cwd=project, capture_output=True, text=True, env=env)
    report.exit_code = built.returncode
    (project / "build.log").write_text(built.stderr, encoding="utf-8")  # kept with --keep: the warnings
    report.crashed = "Traceback (most recent call last)" in built.stderr or built.returncode not in (0, 1)
    report.warning_lines = sum(": warning: " in line or line.startswith("warning: ")
                               for line in built.stderr.splitlines())
    checked = subprocess.run([*run, "check"], cwd=project, capture_output=True, text=True, env=env)
    report.check_errors = sum(": error: " in line for line in checked.stderr.splitlines())
    out, base = project / "public", "/kb/"
    tags: Counter[str] = Counter()
    indexed = _indexed(out)
    report.documents_indexed = None if indexed is None else 0
    for page, html in _document_pages(out):
        body = _Body()
        body.feed(html)
        rel = page.relative_to(out).as_posix()
        page_url = base + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        report.document_pages += 1
        if indexed is not None:
            report.documents_indexed += unquote(page_url[len(base) - 1:]) in indexed
        for links, is_image in ((body.links, False), (body.images, True)):
            for link in links:
                ok = _served(out, base, page_url, link)
                if ok is None:
                    continue
                if is_image:
                    report.images += 1
                    report.images_present += ok
                else:
                    report.links += 1
                    report.links_resolved += ok
                if not ok:
                    known = names[1] if is_image else names[0]
                    absent = bool(_last(link)) and _last(link) not in known and (
                        not is_image or unquote(link).rsplit("/", 1)[-1].lower() not in known)
                    absent = absent or ((pair := _pair(link)) is not None and pair not in names[2]) \
                        or bool(_HOST.match(link))
                    lacks = not absent and unquote(link).rsplit("/", 1)[-1].lower() in lacking
                    report.images_absent += absent and is_image
                    report.links_absent += absent and not is_image
                    report.images_lacking += lacks and is_image
                    report.links_lacking += lacks and not is_image
                    report.broken.append(f"{page.parent.name}: {link}" + ("  [absent]" if absent else "")
                                         + ("  [not in this copy]" if lacks else ""))
        text = "".join(body.text)
        if FRONT_MATTER.search(text[:400]):
            report.front_matter_leaked += 1
        for m in TAG.finditer(text):
            tags[m[1] or m[2]] += 1
    report.tags_as_text = dict(tags)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.collection", description=__doc__.splitlines()[0])
    parser.add_argument("collection", type=Path)
    parser.add_argument("--kind", required=True, choices=["hugo", "jekyll", "hexo"])
    parser.add_argument("--keep", type=Path, help="build in this folder (kept, with the build's build.log) "
                                                  "instead of a temporary one")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--set", action="append", default=[], metavar="'KEY: VALUE'",
                        help="a line added to the project's site.yaml (allow_html: trust, permalinks: address)")
    parser.add_argument("--lacking", type=Path,
                        help="a file listing, one a line, the collection's files this copy lacks (a snapshot "
                             "without its largest files): links to them are counted apart")
    parser.add_argument("--code", type=Path, default=Path(__file__).resolve().parent.parent,
                        help="the checkout of site-builder to measure (default: this one)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="collection-") as tmp:
        project = args.keep or Path(tmp) / "project"
        if project.exists():
            shutil.rmtree(project)
        documents = scratch_project(args.collection.resolve(), args.kind, project, tuple(args.set))
        paths = [line.strip() for line in (args.lacking.read_text(encoding="utf-8").splitlines()
                                           if args.lacking else []) if line.strip()]
        lacking = frozenset(path.rsplit("/", 1)[-1].lower() for path in paths)
        names = source_names(args.collection)
        names = (names[0] | {_last(name) for name in lacking}, names[1] | lacking,
                 names[2] | {pair for path in paths if (pair := _pair(path))})
        report = measure(project, args.kind, documents, args.code.resolve(), names, lacking)
    print(json.dumps(asdict(report), ensure_ascii=False, indent=1) if args.json else report.table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
