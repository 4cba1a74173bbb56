"""The default theme ships inside the package (site_builder/theme/, like MkDocs' themes):
its templates and static files. A site's own templates/ and static/ (site.yaml `paths:`)
override it file by file, so a site keeps only what it changes; either may be missing."""

from __future__ import annotations

from pathlib import Path

from site_builder.config import Config
from site_builder.loader import files

THEME = Path(__file__).resolve().parent / "theme"
THEME_TEMPLATES = THEME / "templates"
THEME_STATIC = THEME / "static"


def template_folders(config: Config) -> list[Path]:
    """Where a template is looked up, the first that has it winning: the site's, the theme's."""
    return [config.templates_dir, THEME_TEMPLATES]


def static_folders(config: Config) -> list[Path]:
    """The static layers in the order they are laid down: the theme's, then the site's."""
    return [THEME_STATIC, config.static_dir]


def folders(config: Config) -> list[Path]:
    """Every folder of both layers: what the build's fingerprints and the dev server watch."""
    return [*template_folders(config), *static_folders(config)]


def static_files(config: Config) -> dict[str, Path]:
    """The static files to publish, by output path: the site's replace the theme's of the same name."""
    found: dict[str, Path] = {}
    for folder in static_folders(config):
        found.update((rel, path) for path, rel in files(folder))
    return dict(sorted(found.items()))
