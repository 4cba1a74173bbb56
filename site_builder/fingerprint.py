"""The fingerprint of the code that builds a site: site-builder's own source and default
theme, the versions of the libraries that shape its output, and Python's version. It is part of every
persistent cache key (each document's cache entry, each page's inputs, the no-op build
check, the compiled templates), so that a build by other code never reuses what this
code made; a Dask build also checks that every worker runs the same code. A change to the
shape of cached records is a change of the source: there is no format number to bump."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

from site_builder.inputs import digest

# Libraries whose behaviour is part of the site's bytes: the Markdown parser and its URL
# normalizer, the templates and their escaping, front matter and YAML, the entity matcher, the
# Unicode data that says which characters are CJK (regex, cjk.py), the HTML sanitiser and the
# LaTeX converter, and Pagefind (its Python API and the binary that writes the search index:
# the extended one, or the plain one that Pagefind falls back to), the PDF reader (pdf.py), and Babel,
# which reads the message catalogues.
LIBRARIES = ("jinja2", "markupsafe", "markdown-it-py", "mdit-py-plugins", "mdurl", "pyahocorasick", "pyyaml",
             "regex", "python-frontmatter", "pagefind", "pagefind-bin-extended", "pagefind-bin", "nh3", "latex2mathml",
             "pdfplumber", "pdfminer.six", "babel")
PACKAGE = Path(__file__).resolve().parent


@functools.cache
def code_fingerprint() -> str:
    """Computed once per process: it reads every source file of the package (about 50,
    a few milliseconds; the code a process runs does not change while it runs)."""
    from importlib import metadata  # 7 ms to import: not for the commands that build nothing

    parts = [f"{sys.implementation.name} {sys.version.split()[0]}".encode()]
    # the source, the default theme a worker renders with (a Dask worker has its own copy)
    # and the interface's message catalogues
    for path in sorted([*PACKAGE.rglob("*.py"), *(p for p in (PACKAGE / "theme").rglob("*") if p.is_file()),
                        *(PACKAGE / "locale").rglob("*.po")]):
        parts.append(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    for name in LIBRARIES:
        try:
            parts.append(f"{name}=={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            parts.append(f"{name} missing".encode())
    return digest(*parts)
