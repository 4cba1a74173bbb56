"""site-builder check: the content lint (front matter, citations, images) and, when the
site has been built, every internal link and #fragment of the output, and every URL that
sitemap.xml and the feeds (feed.xml, and each tag's, topic's and entity's) list."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

from site_builder.build import check_content
from site_builder.config import Config
from site_builder.diagnostics import Reporter
from site_builder.link_checker import check_links
from site_builder.urls import Urls

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"
# Where each XML file of the output lists the site's URLs: element path, attribute (None: the text)
XML_URLS = {"sitemap.xml": (f".//{SITEMAP}loc", None), "feed.xml": (f".//{ATOM}link", "href")}
FEED = XML_URLS["feed.xml"]


def check(config: Config, reporter: Reporter) -> Reporter:
    check_content(config, reporter)
    out = config.output_dir
    if out.is_dir():
        for problem in check_links(out, config.base_path):
            reporter.error(f"{out.name}/{problem.path}", problem.message, problem.line)
        for name, message, line in check_xml_urls(out, Urls.for_config(config)):
            reporter.error(f"{out.name}/{name}", message, line)
    else:
        reporter.warning(str(out), "not built yet: links not checked (run site-builder build first)")
    reporter.finish()
    return reporter


def check_xml_urls(out: Path, urls: Urls) -> Iterator[tuple[str, str, int | None]]:
    """(file, problem, line) for a sitemap or feed that is missing or not well-formed XML,
    and for each URL in them that is not a file of the output (as served under the base path)."""
    root = out.resolve()
    # a site of more than 50,000 pages has several sitemaps, which sitemap.xml names
    parts = ((p.name, XML_URLS["sitemap.xml"]) for p in sorted(out.glob("sitemap-*.xml")))
    feeds = ((p.relative_to(out).as_posix(), FEED) for p in sorted(out.glob("*/*/feed.xml")))
    lists = [*XML_URLS.items(), *parts, *feeds]
    for name, (path, attribute) in lists:
        if not (out / name).is_file():
            yield name, "missing: every build writes it", None
            continue
        try:
            tree = ET.parse(out / name)
        except ET.ParseError as exc:
            yield name, f"not well-formed XML: {exc}", exc.position[0]
            continue
        for element in tree.getroot().iterfind(path):
            url = ((element.get(attribute) if attribute else element.text) or "").strip()
            rel = urls.file_for_absolute(url)
            if rel is None:
                yield name, f"{url!r} is not a URL of this site ({urls.absolute(urls.home())})", None
                continue
            target = (out / rel).resolve()
            if not target.is_relative_to(root) or not target.is_file():
                yield name, f"{url} is listed but {out.name}/{rel} does not exist", None
