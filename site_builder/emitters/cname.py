"""CNAME at the site root when site.yaml names a custom domain (`cname: kb.example.org`):
GitHub Pages reads the domain from it, and a deploy without it would drop the domain."""

from __future__ import annotations

from site_builder.config import CONFIG_NAME
from site_builder.output import OutputTree
from site_builder.site import Site


def emit(site: Site, out: OutputTree) -> int:
    cname = site.config.cname
    if not cname:
        return 0
    origin = site.urls.origin
    if origin.split("://", 1)[-1].lower() != cname:  # links and canonical URLs would name another host
        site.reporter.warning(CONFIG_NAME, f"cname is {cname} but base_url is {site.config.base_url}; "
                                           f"set base_url: https://{cname}/")
    out.write_text("CNAME", cname + "\n")
    return 1
