"""The PDF corpus (tests/fixtures/pdf_corpus/) read directly: each NAME.pdf dropped into
content/ of one site, its article page scored against the truth by tests/pdf_score.py,
as the extractors' texts are.

    python -m tests.pdf_score_direct [--verbose] [NAME ...]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from tests.pdf_score import CORPUS, KINDS, Score, load_truth, names, page_blocks, score, slug, table

READER = "pdf"  # the scorer's "extractor" column for a PDF read directly


def score_direct(workdir: Path, only: list[str] | None = None) -> list[Score]:
    from tests.conftest import build_project, make_project

    wanted = [n for n in names() if not only or n in only]
    files: dict[str, str | bytes] = {f"{slug(n, READER)}.pdf": (CORPUS / f"{n}.pdf").read_bytes() for n in wanted}
    built = build_project(make_project(workdir, files), search=False)
    return [score(load_truth(n), READER, *page_blocks(built.page(f"articles/{slug(n, READER)}/"))) for n in wanted]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="documents to score (default: all)")
    parser.add_argument("--verbose", "-v", action="store_true", help="list the blocks that differ")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        scores = score_direct(Path(tmp), args.names)
    print(table(scores, args.verbose))
    f1s = [s.f1(k) for s in scores for k in KINDS]
    print(f"\nmin F1 {min(f1s):.2f}; titles right {sum(s.title_right for s in scores)}/{len(scores)}; "
          f"leaks {sum(s.leaks for s in scores)}; lost {sum(s.lost for s in scores)}; "
          f"duplicated {sum(s.duplicated for s in scores)}")


if __name__ == "__main__":
    main()
