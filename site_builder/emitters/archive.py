"""The archive: /articles/ lists every document, newest first, grouped by year and month,
over pages of ARCHIVE_SIZE titles (/articles/page/2/, ...). The home page and the first
archive page link to every archive page (each named by the months it covers), so that any
document is two links from the home page however large the site: home -> its archive
page -> it. The other archive pages link to the first, the last and those near them (NEAR):
each naming every other one made the archive grow with the square of the site (1,000 pages
of 1,000 links each, 86 MB, at 100,000 documents). Plain links: no script."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from site_builder.depends import Cards, Value
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
NEAR = 2  # archive pages named on each side of the one shown (beside the first and the last)


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


def named_on(every: list[ArchivePage], n: int) -> list[tuple[int, ArchivePage] | None]:
    """The archive pages the n-th names, each with its number, and None where some between
    two of them are left out: all of them on the first, else the first, the last and those
    within NEAR of the n-th."""
    shown = range(1, len(every) + 1) if n == 1 else sorted(
        {1, len(every), *range(max(1, n - NEAR), min(len(every), n + NEAR) + 1)})
    named: list[tuple[int, ArchivePage] | None] = []
    for before, number in zip([0, *shown], shown, strict=False):
        if number > before + 1 and before:
            named.append(None)
        named.append((number, every[number - 1]))
    return named


def pages(site: Site, out: OutputTree) -> Iterator[Page]:
    urls, docs = site.urls, site.index.documents
    every = page_list(site)
    for url, pager in paginate(docs, ARCHIVE_SIZE, lambda n: url_for(urls, n)):
        yield Page(urls.file_for(url), "archive.html", _context,
                   (Value((len(docs), named_on(every, pager.page))), Value((url, without_items(pager))),
                    Cards(pager.items)))


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


def _context(g: Globals, named: tuple, place: tuple, cards: list) -> dict:
    total, archive_pages = named
    url, pager = place
    return {"url": url, "total": total, "archive_pages": archive_pages, "pager": replace(pager, items=cards),
            "months": months(cards)}
