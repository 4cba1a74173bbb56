"""An empty .nojekyll at the site root: GitHub Pages then serves the folder as it is,
instead of running Jekyll, which would drop files and folders starting with _ or ."""

from __future__ import annotations

from site_builder.output import OutputTree
from site_builder.site import Site


def emit(site: Site, out: OutputTree) -> int:
    out.write_text(".nojekyll", "")
    return 1
