"""The interview PDFs of the corpus read directly (pdf.py), scored against their true block
structure (tests/pdf_score.py): every block kind at F1 >= 0.98, the title right, no running
header or footer on the page, no character lost or repeated."""

from __future__ import annotations

import pytest

from tests import pdf_score
from tests.pdf_score import KINDS, Score
from tests.pdf_score_direct import score_direct


@pytest.fixture(scope="module")
def scores(tmp_path_factory) -> dict[str, Score]:
    return {s.name: s for s in score_direct(tmp_path_factory.mktemp("pdf-direct"))}


@pytest.mark.parametrize("name", pdf_score.names())
def test_a_pdf_read_directly_becomes_the_interview_it_shows(scores, name: str) -> None:
    s = scores[name]
    assert s.title_right, s.wrong
    assert (s.leaks, s.lost, s.duplicated) == (0, 0, 0), s.wrong
    for kind in KINDS:
        assert s.f1(kind) >= 0.98, (kind, s.wrong)
