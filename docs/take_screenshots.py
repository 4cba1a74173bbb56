"""Screenshots of each kind of page for the README: build the site first (make site),
then: .venv/bin/python docs/take_screenshots.py [public] — served locally, shot in
Debian's Chromium, written to docs/screenshots/. The archive and a timeline with gaps
need more documents than the seeds: two small sites are generated and built for them
(the bench's corpus, and documents naming 李开复 over six years). Arguments after the
folder: names of shots to take (all when none), or NAME=/PATH/ for a page of that folder
(the first screen, 1280 wide): pdf-interview=/articles/SLUG/ for the page of a PDF dropped
into content/ of a scratch copy."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import corpus  # noqa: E402
from site_builder.build import build  # noqa: E402
from site_builder.config import load_config  # noqa: E402
from site_builder.diagnostics import Reporter  # noqa: E402
from tests.web import ARGS, CHROMIUM, serve  # noqa: E402

OUT = Path(__file__).resolve().parent / "screenshots"
DOC_000, DOC_003 = "/articles/000_565f44b68450ec1c/", "/articles/003_175542bd12a56448/"
# name, path, viewport width, colour scheme, whole page or the first screen
SHOTS = [
    ("home", "/", 1280, "light", True),
    ("article", DOC_000, 1280, "light", False),
    ("interview", DOC_003, 1280, "light", False),
    ("person", "/people/kai-fu-lee/", 1280, "light", True),
    ("company", "/companies/openai/", 1280, "light", True),
    ("tag", "/tags/开源/", 1280, "light", True),
    ("sources", "/citations/", 1280, "light", False),
    ("search", "/search/?q=李开复", 1280, "light", False),
    ("article-phone", DOC_000, 375, "light", False),
    ("article-dark", DOC_003, 1280, "dark", False),
    ("person-phone-dark", "/people/kai-fu-lee/", 375, "dark", True),
]


# name, path, viewport width, colour scheme, whole page, the element to shoot (None: the page)
ARCHIVE_SHOTS = [("archive", "/articles/page/2/", 1280, "light", False, None)]
GAPS_SHOTS = [("timeline-gaps", "/people/kai-fu-lee/", 1280, "light", False, "section[aria-labelledby=time]")]
# months that name 李开复, over six years with empty stretches; and a PDF dated 2023 only
GAP_DATES = ["2019-03-02", "2019-03-20", "2019-05-11", "2020-01-08", "2022-07-15", "2022-08-01", "2022-08-19",
             "2024-11-30", "2025-02-14", "2025-02-21", "2025-02-27", "2023"]


# the seeds on an English site, with a document in Chinese and English (its versions linked)
LANGUAGE_SHOTS = [("english-document-language-switch", "/articles/en/", 1100, "light", False, None),
                  ("english-home-versions", "/", 1100, "light", False, None)]
PAIR = {"zh": "title: 开源模型的新进展\nlang: zh-CN\nsummary: 开源模型正在追上闭源模型。\n---\n"
              "开源模型正在追上闭源模型，李开复认为这是主权AI的第三条路。\n",
        "en": "title: Open models are catching up\nlang: en\nsummary: Open models are closing the gap with closed "
              "ones.\n---\nOpen models are closing the gap with closed ones. Kai-Fu Lee calls open source a third "
              "way to sovereign AI.\n\n## Why it matters\n\nA country can build on a leading open model instead of "
              "starting from zero.\n"}


def languages_site(folder: Path) -> Path:
    shutil.copytree(Path(__file__).resolve().parent.parent / "content", folder / "content")
    for lang, text in PAIR.items():
        (folder / f"content/news/{lang}.md").parent.mkdir(exist_ok=True)
        (folder / f"content/news/{lang}.md").write_text(
            f"---\ndate: 2025-06-0{len(lang)}\ntags: [开源, DeepSeek]\ntranslation_key: open-models\n{text}",
            encoding="utf-8")
    (folder / "site.yaml").write_text("title: Test KB\nlanguage: en\nsearch: false\n", encoding="utf-8")
    return folder


def built(project: Path) -> Path:
    config = load_config(project)
    build(config, Reporter(stream=None))
    return config.output_dir


def gaps_site(folder: Path) -> Path:
    content = folder / "content"
    (content / "people").mkdir(parents=True)
    (content / "people/kai-fu-lee.md").write_text(
        (Path(__file__).resolve().parent.parent / "content/people/kai-fu-lee.md").read_text(encoding="utf-8"))
    for i, day in enumerate(GAP_DATES):
        (content / f"d{i:02d}.md").write_text(f"---\ntitle: 第{i}篇\ndate: {day}\n---\n李开复谈开源。\n",
                                              encoding="utf-8")
    (folder / "site.yaml").write_text("title: 时间轴\nlanguage: zh-CN\nsearch: false\n", encoding="utf-8")
    return folder


def shoot(browser, site: Path, shots: list) -> None:
    with serve(site) as origin:
        for name, path, width, scheme, whole, *element in shots:
            context = browser.new_context(viewport={"width": width, "height": 900 if width > 500 else 800},
                                          color_scheme=scheme)
            page = context.new_page()
            page.goto(origin + path)
            if path.startswith("/search/"):
                page.wait_for_selector(".pagefind-ui__result-link")
                page.wait_for_timeout(300)
            if element and element[0]:
                page.locator(element[0]).screenshot(path=OUT / f"{name}.png")
            else:
                page.screenshot(path=OUT / f"{name}.png", full_page=whole)
            context.close()
            print(f"{name}.png {(OUT / f'{name}.png').stat().st_size // 1024} KB")


def main(site: Path, only: set[str], extra: list | None = None) -> None:
    """only: the names of the shots to take (all when empty); extra: more shots of site."""
    OUT.mkdir(exist_ok=True)

    def chosen(shots: list) -> list:
        return [shot for shot in shots if (not only and not extra) or shot[0] in only]

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        if chosen(ARCHIVE_SHOTS):
            shoot(browser, built(corpus.generate(Path(tmp) / "archive", 300)), chosen(ARCHIVE_SHOTS))
        if chosen(LANGUAGE_SHOTS):
            shoot(browser, built(languages_site(Path(tmp) / "languages")), chosen(LANGUAGE_SHOTS))
        if chosen(GAPS_SHOTS):
            shoot(browser, built(gaps_site(Path(tmp) / "gaps")), chosen(GAPS_SHOTS))
        shoot(browser, site, chosen(SHOTS) + (extra or []))
        browser.close()


if __name__ == "__main__":
    named = {a for a in sys.argv[2:] if "=" not in a}
    pages = [(name, path, 1280, "light", False, None)
             for name, _, path in (a.partition("=") for a in sys.argv[2:] if "=" in a)]
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "public"), named, pages)
