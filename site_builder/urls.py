"""Every URL of the site in one place, all under the base path (GitHub Pages project
sites live under /REPO/), and the output file each URL is written to."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, unquote


@dataclass(frozen=True)
class Urls:
    base_path: str = "/"  # always starts and ends with "/"

    @classmethod
    def for_config(cls, config) -> Urls:
        return cls(config.base_path)

    def _url(self, *parts: str) -> str:
        path = "/".join(quote(p, safe="") for p in parts if p)
        return self.base_path + (path + "/" if path else "")

    def home(self) -> str:
        return self._url()

    def document(self, slug: str) -> str:
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

    def static(self, path: str) -> str:
        return self.base_path + quote(path.lstrip("/"))

    def file_for(self, url: str) -> str:
        """The output path (relative to the site root) that serves url."""
        assert url.startswith(self.base_path), url
        path = unquote(url[len(self.base_path) :].split("#")[0].split("?")[0])
        return path + "index.html" if not path or path.endswith("/") else path
