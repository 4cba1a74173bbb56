"""site-builder check: the content lint (front matter, citations, images) and, when the
site has been built, every internal link and #fragment of the output."""

from __future__ import annotations

from site_builder.build import check_content
from site_builder.config import Config
from site_builder.diagnostics import Reporter
from site_builder.link_checker import check_links


def check(config: Config, reporter: Reporter) -> Reporter:
    check_content(config, reporter)
    out = config.output_dir
    if out.is_dir():
        for problem in check_links(out, config.base_path):
            reporter.error(f"{out.name}/{problem.path}", problem.message, problem.line)
    else:
        reporter.warning(str(out), "not built yet: links not checked (run site-builder build first)")
    return reporter
