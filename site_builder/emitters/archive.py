"""The archive: /articles/ lists every document, newest first, grouped by year and month,
over pages of ARCHIVE_SIZE titles (/articles/page/2/, ...). Every archive page, and the
home page, link to every archive page (each named by the months it covers), so that any
document is two links from the home page however large the site: home -> its archive
page -> it. Plain links: no script."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from site_builder.depends import Cards, Shared, Value
from site_builder.emitters.pagination import page_urls, paginate, without_items
from site_builder.index import period_of as period
from site_builder.model import DocCard, Document
from site_builder.output import OutputTree
from site_builder.pages import Globals, Page
from site_builder.site import Site
from site_builder.urls import Urls

# Titles and dates only: a long page is cheap, and fewer pages keep the page list short
# (100 pages at 10,000 documents)
ARCHIVE_SIZE = 100


@dataclass(frozen=True)
class ArchivePage:
    """One archive page as the page list names it: its URL and the months of its newest and
    oldest documents ("2025-06", "2026" for a year-only date, None for undated)."""

    url: str
    newest: str | None
    oldest: str | None


@dataclass(frozen=True)
class Month:
    """The documents of one month (or of a year-only date: month None) on one page."""

    year: int | None  # None: undated
    month: int | None
    period: str | None  # "2025-06", "2025", None
    documents: list


def url_for(urls: Urls, n: int) -> str:
    return urls.section("articles") + (f"page/{n}/" if n > 1 else "")


def page_list(site: Site) -> list[ArchivePage]:
    """Every archive page, named by the months it covers (the home page shows this too)."""
    docs = site.index.documents
    pages = page_urls(docs, ARCHIVE_SIZE, lambda n: url_for(site.urls, n))
    return [ArchivePage(url, *_span(docs[i * ARCHIVE_SIZE : (i + 1) * ARCHIVE_SIZE])) for i, url in enumerate(pages)]


def _span(docs: Sequence[Document]) -> tuple[str | None, str | None]:
    return (period(docs[0].date), period(docs[-1].date)) if docs else (None, None)


def pages(site: Site, out: OutputTree) -> Iterator[Page]:
    urls, docs = site.urls, site.index.documents
    every = Shared((len(docs), page_list(site)))  # read by every page
    for url, pager in paginate(docs, ARCHIVE_SIZE, lambda n: url_for(urls, n)):
        yield Page(urls.file_for(url), "archive.html", _context,
                   (every, Value((url, without_items(pager))), Cards(pager.items)))


def months(cards: list[DocCard]) -> list[Month]:
    """The cards (newest first) grouped by month; a year-only date is a group of its own
    after that year's months; undated documents last."""
    groups: list[Month] = []
    for card in cards:
        p = period(card.date)
        if not groups or groups[-1].period != p:
            year, _, month = p.partition("-") if p else ("", "", "")
            groups.append(Month(int(year) if year else None, int(month) if month else None, p, []))
        groups[-1].documents.append(card)
    return groups


def _context(g: Globals, every: tuple, place: tuple, cards: list) -> dict:
    total, page_list = every
    url, pager = place
    return {"url": url, "total": total, "archive_pages": page_list, "pager": replace(pager, items=cards),
            "months": months(cards)}
