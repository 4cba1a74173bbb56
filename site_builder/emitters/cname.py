"""CNAME at the site root when site.yaml names a custom domain (`cname: kb.example.org`):
GitHub Pages reads the domain from it, and a deploy without it would drop the domain.

A CNAME file of the site's own (static/CNAME, as GitHub Pages writes one) wins, with a
warning, when it names the same domain; naming another is an error: GitHub Pages would
serve the site at the file's domain while every link is made for the config's."""

from __future__ import annotations

from site_builder.config import CONFIG_NAME
from site_builder.emitters.static_files import shown
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
    if (own := site.user_files.get("CNAME")) is not None:
        theirs = own.read_text(encoding="utf-8", errors="replace").strip().lower()
        if theirs != cname:
            site.reporter.error(shown(own, site.config.root), f"names {theirs or 'no domain'!r}, but {CONFIG_NAME} "
                                                             f"has cname: {cname}; keep one of the two")
            return 0
    out.write_text("CNAME", cname + "\n")
    return 1
