"""Check a built site: every internal href/src, and every #fragment, resolves to a file
and an id in it. Base-path aware: a site built for /kb/ is checked as served under /kb/."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from site_builder.diagnostics import Diagnostic

LINK_ATTRS = {("a", "href"), ("link", "href"), ("img", "src"), ("script", "src"),
              ("source", "src"), ("iframe", "src"), ("form", "action")}


@dataclass
class PageLinks:
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, int]] = field(default_factory=list)  # (url, line)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = PageLinks()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("id", "name") and (name == "id" or tag == "a"):
                self.page.ids.add(value)
            if (tag, name) in LINK_ATTRS:
                self.page.links.append((value, self.getpos()[0]))


def parse_page(path: Path) -> PageLinks:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    collector.close()
    return collector.page


def _target_file(root: Path, site_path: str) -> Path | None:
    """The file a server would send for site_path (relative to the site root)."""
    candidate = root / site_path
    if site_path == "" or site_path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    try:
        candidate.resolve().relative_to(root.resolve())
    except ValueError:
        return None
    return candidate if candidate.is_file() else None


def check_links(root: Path, base_path: str = "/") -> list[Diagnostic]:
    """Every link that does not resolve, as an error on its page and line."""
    problems: list[Diagnostic] = []
    pages: dict[Path, PageLinks] = {}

    def page(path: Path) -> PageLinks:
        if path not in pages:
            pages[path] = parse_page(path)
        return pages[path]

    for html in sorted(root.rglob("*.html")):
        rel = html.relative_to(root).as_posix()
        # the URL this page is served at, to resolve relative links against
        page_url = base_path + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        for link, line in page(html).links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "tel:", "data:")):
                continue
            absolute = urlsplit(urljoin(page_url, link))
            path = unquote(absolute.path)
            if not path.startswith(base_path):
                problems.append(Diagnostic("error", rel, line, f"{link} is outside the base path {base_path}"))
                continue
            target = _target_file(root, path[len(base_path):])
            if target is None:
                problems.append(Diagnostic("error", rel, line, f"broken link {link}"))
                continue
            fragment = unquote(absolute.fragment)
            if fragment and target.suffix == ".html" and fragment not in page(target).ids:
                problems.append(Diagnostic("error", rel, line, f"{link}: no element with id {fragment!r}"))
    return problems
