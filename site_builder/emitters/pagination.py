"""Splitting a long list over pages: /x/, /x/page/2/, ..."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any


@dataclass
class Pager:
    items: Sequence[Any]
    page: int
    pages: int
    prev_url: str | None
    next_url: str | None


def page_count(items: Sequence[Any], size: int) -> int:
    return max(1, -(-len(items) // size))


def page_urls(items: Sequence[Any], size: int, url_for: Callable[[int], str]) -> list[str]:
    """The URL of each page paginate() makes."""
    return [url_for(n) for n in range(1, page_count(items, size) + 1)]


def paginate(items: Sequence[Any], size: int, url_for: Callable[[int], str]) -> Iterator[tuple[str, Pager]]:
    """(url, pager) for each page; an empty list still has its first page."""
    for n in range(1, page_count(items, size) + 1):
        yield page_at(items, size, url_for, n)


def page_at(items: Sequence[Any], size: int, url_for: Callable[[int], str], n: int) -> tuple[str, Pager]:
    """(url, pager) of the n-th page (from 1) alone."""
    pages = page_count(items, size)
    return url_for(n), Pager(items[(n - 1) * size : n * size], n, pages,
                             url_for(n - 1) if n > 1 else None, url_for(n + 1) if n < pages else None)


def slices(items: Sequence[Any], size: int) -> list[Sequence[Any]]:
    """The items of each page, in order (one empty slice for an empty list)."""
    return [items[start : start + size] for start in range(0, max(1, len(items)), size)]


def without_items(pager: Pager) -> Pager:
    """The pager's place in its list (number, count, neighbours) with its items left out: a
    page reads those through a typed read of their own (depends.py)."""
    return replace(pager, items=())
