"""The search index in shards against one index of the same pages: what a query finds (issue 26).

    python -m bench.search_precision PROJECT [--work DIR] [--words N] [--code DIR]

copies PROJECT (its content/ and site.yaml, search on) twice into DIR and builds one copy as
site-builder does (shards of at most SHARD_PAGES pages) and the other as one Pagefind index
(a peer's: Hugo + the Pagefind CLI index a site whole). It then samples N rare words of the
documents' pages: words of two or more Han characters (jieba's cut) and words of Latin letters,
of six or more, that start with a word found on 20 pages or more (where a shard without the
word falls back to that shorter one: workshop → work), each found on 2 to 8 pages, chosen with
a fixed seed. Each word is searched in Chromium on both sites through the search page's own
code (its query preparation and, on the sharded site, its lanes) and the report gives, for
each site, the results, those whose page has the word, and the first five that have it; then
the words whose result counts differ. The pages of the project are never copied into this
repository: bench/README.md names the collections measured."""

from __future__ import annotations

import argparse
import collections
import html
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

from bench.harness import ours

ONE_INDEX = ("import sys; from site_builder.emitters import search; search.SHARD_PAGES = 10**9; "
             "from site_builder.cli import entry; sys.argv[0] = 'site-builder'; entry()")
TAGS = re.compile(r"<[^>]+>")
HAN = re.compile(r"[\u4e00-\u9fff]{2,}")
LATIN = re.compile(r"[a-z]+")


def copy_project(project: Path, into: Path) -> Path:
    if into.exists():
        shutil.rmtree(into)
    into.mkdir(parents=True)
    shutil.copytree(project / "content", into / "content")
    config = (project / "site.yaml").read_text(encoding="utf-8") if (project / "site.yaml").is_file() else ""
    lines = [line for line in config.splitlines() if not line.startswith("search:")]
    (into / "site.yaml").write_text("\n".join([*lines, "search: true", ""]), encoding="utf-8")
    return into


def build(project: Path, one_index: bool, code: Path | None) -> Path:
    command = [sys.executable, "-c", ONE_INDEX, "build"] if one_index else ours(project)
    env = {**os.environ, "PYTHONPATH": str(code.resolve())} if code else None
    done = subprocess.run(command, cwd=project, capture_output=True, text=True, env=env)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"build failed in {project}: {done.stderr[-2000:]}")
    return project / "public"


def page_texts(site: Path) -> dict[str, str]:
    """The text of each document's page (lowercased), by its address."""
    texts = {}
    for path in sorted(site.glob("articles/**/index.html")):
        address = "/" + path.parent.relative_to(site).as_posix() + "/"
        texts[address] = html.unescape(TAGS.sub(" ", path.read_text(encoding="utf-8"))).lower()
    return texts


def sample(texts: dict[str, str], count: int) -> list[str]:
    import jieba

    jieba.setLogLevel(60)
    han, latin = collections.Counter(), collections.Counter()
    for text in texts.values():
        squeezed = re.sub(r"\s+", "", text)
        han.update({w for w in jieba.cut(squeezed) if HAN.fullmatch(w)})
        latin.update(set(LATIN.findall(text)))
    rare_han = sorted(w for w, n in han.items() if 2 <= n <= 8)
    rare_latin = sorted(w for w, n in latin.items() if 2 <= n <= 8 and len(w) >= 6
                        and any(latin.get(w[:k], 0) >= 20 for k in range(3, len(w) - 1)))
    pool = rare_han + rare_latin
    random.seed(7)
    return sorted(random.sample(pool, min(count, len(pool))))


def commonest(texts: dict[str, str]) -> str:
    """The word on most pages (a Latin word, or a Han character): the first query, which finds
    results on any site, so that the search page has merged every shard and is done searching."""
    pages = collections.Counter()
    for text in texts.values():
        pages.update(set(LATIN.findall(text)) | set(re.findall(r"[\u4e00-\u9fff]", text)))
    return pages.most_common(1)[0][0]


def search(site: Path, words: list[str], first: str) -> dict[str, list[str]]:
    from playwright.sync_api import sync_playwright

    from tests.web import ARGS, CHROMIUM, SEARCH_ALL, serve

    with serve(site) as origin, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            page.goto(f"{origin}/search/")
            page.wait_for_function("window.siteSearch")
            page.locator("#search input").fill(first)  # the UI merges every shard before it searches
            page.wait_for_selector(".pagefind-ui__result-link")
            page.wait_for_load_state("networkidle")
            return page.evaluate(SEARCH_ALL, words)  # each as the page prepares a query
        finally:
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--work", type=Path, default=Path(".bench-precision"))
    parser.add_argument("--words", type=int, default=40)
    parser.add_argument("--code", type=Path, help="another checkout of site-builder to build with")
    args = parser.parse_args()
    sites = {"shards": build(copy_project(args.project, args.work / "shards"), False, args.code),
             "one index": build(copy_project(args.project, args.work / "one"), True, args.code)}
    texts = page_texts(sites["shards"])
    words = sample(texts, args.words)
    print(f"{len(texts)} document pages; {len(words)} words: {', '.join(words)}")
    found = {name: search(site, words, commonest(texts)) for name, site in sites.items()}
    print("\n| site | results | results with the word | first five with the word |\n|---|---:|---:|---:|")
    for name, by_word in found.items():
        results = sum(len(urls) for urls in by_word.values())
        having = sum(word in texts.get(url, "") for word, urls in by_word.items() for url in urls)
        first = sum(word in texts.get(url, "") for word, urls in by_word.items() for url in urls[:5])
        shown = sum(min(5, len(urls)) for urls in by_word.values())
        print(f"| {name} | {results:,} | {having:,} | {first} of {shown} |")
    differing = [w for w in words if len(found["shards"][w]) != len(found["one index"][w])]
    print(f"\nwords whose results differ ({len(differing)}): "
          + (", ".join(f"{w} {len(found['shards'][w])} against {len(found['one index'][w])}" for w in differing)
             or "none"))


if __name__ == "__main__":
    main()
