"""site-builder new DIR: a site to start from, copied from the starter shipped in the
package (site_builder/starter/LANGUAGE/): site.yaml, a sample document, person and
company, a README. The theme is not copied: the site overrides it file by file.

site-builder new doc TITLE: a document in the site's content folder, named by the slug the
build gives its title (slugs.py: Chinese stays Chinese), with the front matter a document
starts with (title, date, tags, slug)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from site_builder.slugs import slugify

if TYPE_CHECKING:  # the command line imports this module for LANGUAGES before it reads a config
    from site_builder.config import Config

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


def new_document(config: Config, title: str, folder: str = "", today: date | None = None) -> int:
    """Write content/FOLDER/SLUG.md for title, never over a file; the exit code."""
    title = " ".join(title.split())
    if not title:
        print("error: the title is empty", file=sys.stderr)
        return 2
    parts = PurePosixPath(folder.replace("\\", "/")).parts
    if folder and (PurePosixPath(folder).is_absolute() or any(p in ("..", ".") for p in parts)):
        print(f"error: --folder {folder!r} must be a folder inside the content folder, such as articles/2026",
              file=sys.stderr)
        return 2
    from site_builder.entity_files import write_new  # with the suggestions' modules: only for this command

    slug = slugify(title, fallback="document")
    meta = {"title": title, "date": today or date.today(), "tags": [], "slug": slug}
    import yaml

    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000) + "---\n\n"
    return write_new(config, config.content_dir.joinpath(*parts, f"{slug}.md"), text, f"document: {title}")
