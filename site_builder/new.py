"""site-builder new DIR: a site to start from, copied from the starter shipped in the
package (site_builder/starter/LANGUAGE/): site.yaml, a sample document, person and
company, a README. The theme is not copied: the site overrides it file by file."""

from __future__ import annotations

import sys
from pathlib import Path

STARTER = Path(__file__).resolve().parent / "starter"
LANGUAGES = ("en", "zh-CN")


def new_site(folder: Path, language: str = "en") -> int:
    """Make the starter site in folder (new or empty); the exit code."""
    if folder.exists() and not folder.is_dir():
        print(f"error: {folder} exists and is not a folder", file=sys.stderr)
        return 2
    if folder.is_dir() and any(folder.iterdir()):
        print(f"error: {folder} is not empty: site-builder new makes a site in a new or empty folder",
              file=sys.stderr)
        return 2
    source = STARTER / language
    try:
        # file by file, bytes only: an installed package's files may be read-only, the site's must not be
        for path in sorted(source.rglob("*")):
            if path.is_file():
                target = folder / path.relative_to(source)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(path.read_bytes())
    except OSError as exc:
        print(f"error: cannot write {exc.filename or folder} ({exc.strerror})", file=sys.stderr)
        return 1
    print(f"made a site in {folder}; to see it: cd {folder} && site-builder serve")
    return 0
