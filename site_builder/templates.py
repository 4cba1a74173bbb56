"""Jinja2 environment: templates/ of the project, autoescape always on."""

from __future__ import annotations

from pathlib import Path

import jinja2


def environment(templates_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        autoescape=True,  # content is untrusted: every {{ }} is escaped
        undefined=jinja2.StrictUndefined,  # a typo in a template fails the build loudly
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env
