"""The PDF corpus (tests/fixtures/pdf_corpus/) read directly: each NAME.pdf dropped into
content/ of one site, its article page scored against the truth by tests/pdf_score.py,
as the extractors' texts are.

    python -m tests.pdf_score_direct [--verbose] [NAME ...]
"""

from __future__ import annotations

from pathlib import Path

from tests import pdf_score
from tests.pdf_score import CORPUS, Score, load_truth, names, page_blocks, score, slug

READER = "pdf"  # the scorer's "extractor" column for a PDF read directly


def score_direct(workdir: Path, only: list[str] | None = None) -> list[Score]:
    from tests.conftest import build_project, make_project

    wanted = [n for n in names() if not only or n in only]
    files: dict[str, str | bytes] = {f"{slug(n, READER)}.pdf": (CORPUS / f"{n}.pdf").read_bytes() for n in wanted}
    built = build_project(make_project(workdir, files), search=False)
    return [score(load_truth(n), READER, *page_blocks(built.page(f"articles/{slug(n, READER)}/"))) for n in wanted]


def main() -> None:
    pdf_score.main(score_direct, __doc__)


if __name__ == "__main__":
    main()
