"""Names typed into the search page: which pages it shows against the pages that name them.

    python -m bench.search_names SITE NAME [NAME ...]
    python -m bench.search_names SITE --names FILE

SITE is a built site (its output folder, search on). Each name is typed into its search page
in Chromium, as a reader types it (a new browser context each), and the report gives, for
each: the document pages whose text has the name (a middle dot left out: 凯文·凯利 is typed
凯文凯利 too, so both are counted), how many results the page says it found, and how many of the
first five results shown are pages that have it; then, over all names, for how many the
results were exactly as many as those pages, and the first five's share. Used for the names
no registry lists (issue 26: Pagefind's jieba cuts them its own way); bench/README.md names
the collection and the names measured."""

from __future__ import annotations

import argparse
import html
import re
import sys
from pathlib import Path
from typing import Any

from bench.search import _per_query

TAGS = re.compile(r"<[^>]+>")
MAIN = re.compile(r"<main.*?</main>", re.S)
FIRST = 5
# the search page's results: a page's link, then its sections' (the same page, with #anchors)
LINKS = "els => els.map(a => new URL(a.href).pathname)"


def document_texts(site: Path) -> dict[str, str]:
    """The text of each document page (its <main>), by its path on the site."""
    texts = {}
    for page in (site / "articles").rglob("index.html"):
        source = page.read_text(encoding="utf-8")
        main = MAIN.search(source)
        texts["/" + page.parent.relative_to(site).as_posix() + "/"] = html.unescape(
            TAGS.sub("", main.group(0) if main else source))
    return texts


def shown(site: Path, names: list[str]) -> list[tuple[str, int, list[str]]]:
    """(name, the count the page says it found, the pages of its results shown, in order)."""

    def typed(page: Any, origin: str, name: str) -> tuple[str, int, list[str]]:
        page.goto(f"{origin}/search/", wait_until="networkidle")
        page.locator("#search input").fill(name)
        message = page.locator(".pagefind-ui__message")
        # until the UI no longer says it is searching ("正在搜索 …...", "Searching for …...")
        page.wait_for_function("""() => {
            const message = document.querySelector('.pagefind-ui__message');
            return message && !/(\\.\\.\\.|…)\\s*$/.test(message.textContent);
        }""", timeout=15000)
        number = re.search(r"\d[\d,]*", message.inner_text())  # none: nothing found
        count = int(number.group(0).replace(",", "")) if number else 0
        page.wait_for_function(f"() => document.querySelectorAll('.pagefind-ui__result-link').length >= "
                               f"{min(count, FIRST)}", timeout=15000)  # the first results, with their data
        links = page.locator(".pagefind-ui__result-link").evaluate_all(LINKS)
        return name, count, list(dict.fromkeys(links))

    return _per_query(site, names, typed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search_names", description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site's output folder")
    parser.add_argument("names", nargs="*")
    parser.add_argument("--names", dest="names_file", type=Path, help="a file of names, one a line")
    args = parser.parse_args(argv)
    names = list(args.names)
    if args.names_file:
        names += [line.strip() for line in args.names_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    if not names:
        parser.error("no names")
    texts = document_texts(args.site)
    rows, exact, good, first = [], 0, 0, 0
    for name, count, links in shown(args.site, names):
        having = {path for path, text in texts.items() if name in text or name in text.replace("·", "")}
        top = links[:FIRST]
        hits = sum(link in having for link in top)
        exact += count == len(having)
        good, first = good + hits, first + len(top)
        rows.append(f"| {name} | {len(having)} | {count} | {hits} / {len(top)} |")
    print("| name | pages that have it | results | of the first five shown, have it |")
    print("|---|---:|---:|---:|")
    print("\n".join(rows))
    print(f"\n{len(names)} names: results as many as the pages that have it for {exact}; "
          f"the first five shown: {good} of {first} have it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
