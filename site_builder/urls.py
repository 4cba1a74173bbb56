"""Every URL of the site in one place, all under the base path (GitHub Pages project
sites live under /REPO/), the output file each URL is written to, and the absolute URL
(origin of base_url + path) that canonical links, feeds and sitemaps need."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote, urlsplit

if TYPE_CHECKING:
    from site_builder.config import Config


# /articles/page/2/ is the archive's second page: no document may be /articles/page/
RESERVED_SLUGS = frozenset({"page"})


# (32,768: a 10,000-document build asks for 13,916 links and 29,465 paths, which fit; a larger
# site's caches stay this size, not 131,072 entries each)
@lru_cache(maxsize=1 << 15)  # the same links appear on thousands of pages
def _join(base_path: str, parts: tuple[str, ...]) -> str:
    path = "/".join(quote(p, safe="") for p in parts if p)
    return base_path + (path + "/" if path else "")


@dataclass(frozen=True)
class Urls:
    base_path: str = "/"  # always starts and ends with "/"
    origin: str = ""  # "https://example.github.io", or "" when base_url names no host

    @classmethod
    def for_config(cls, config: Config) -> Urls:
        parts = urlsplit(config.base_url)
        origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
        return cls(config.base_path, origin)

    def absolute(self, url: str) -> str:
        """url (a path under the base path) with the site's origin; unchanged without one."""
        return self.origin + url if url.startswith("/") else url

    def file_for_absolute(self, url: str) -> str | None:
        """The output file an absolute URL of this site is served from; None if it is elsewhere."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme or parts.netloc else ""
        if origin != self.origin or not parts.path.startswith(self.base_path):
            return None
        return self.file_for(parts.path)

    def _url(self, *parts: str) -> str:
        return _join(self.base_path, parts)

    def home(self) -> str:
        return self._url()

    def document(self, slug: str) -> str:
        """/articles/<slug>/; a slug that starts with "/" is the address the document keeps
        from its old generator (addresses.py): that path."""
        if slug.startswith("/"):
            return self.base_path + quote(slug[1:])
        return self._url("articles", slug)

    def tags(self) -> str:
        return self._url("tags")

    def tag(self, slug: str, page: int = 1) -> str:
        return self._url("tags", slug, *(("page", str(page)) if page > 1 else ()))

    def topic(self, slug: str) -> str:
        return self._url("topics", slug)

    def section(self, section: str) -> str:
        """/people/, /companies/, /topics/, /citations/ ..."""
        return self._url(section)

    def entity(self, section: str, slug: str) -> str:
        return self._url(section, slug)

    def folder(self, folder: str, page: int = 1) -> str:
        """A section's page: the folder's own address (/posts/, /posts/2024/), as the
        generator the documents come from published it."""
        return self._url(*folder.split("/"), *(("page", str(page)) if page > 1 else ()))

    def static(self, path: str) -> str:
        return self.base_path + quote(path.lstrip("/"))

    def for_file(self, rel: str) -> str:
        """The URL that serves the output file rel: the inverse of file_for."""
        path = rel[: -len("index.html")] if rel == "index.html" or rel.endswith("/index.html") else rel
        return self.base_path + quote(path)

    def file_for(self, url: str) -> str:
        """The output path (relative to the site root) that serves url."""
        return _file_for(self.base_path, url)


@lru_cache(maxsize=1 << 15)  # every page's path, asked for again by each list that links it
def _file_for(base_path: str, url: str) -> str:
    assert url.startswith(base_path), url
    path = unquote(url[len(base_path) :].split("#")[0].split("?")[0])
    return path + "index.html" if not path or path.endswith("/") else path
