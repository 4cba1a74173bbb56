"""How well plain text extracted from a PDF becomes the interview a reader saw in the PDF.

The corpus (tests/fixtures/pdf_corpus/, made by its make.py) holds interview PDFs with
their true block structure (NAME.yaml) and the text four extractors pull out of each
(NAME.EXTRACTOR.txt). Every text is built into one site, as a user's .txt would be; each
article page is parsed into blocks as a reader sees them -- the h1 title; h2 headings;
p.question; p.answer with its speaker in <strong>; other paragraphs; blockquote.pull-quote
-- and compared with the truth:

- per block kind, precision and recall of blocks whose text (and speaker) is exactly right,
  whitespace aside (none between CJK characters, one between words);
- the title;
- leaks: running header or footer lines that show on the page;
- characters lost or duplicated: the page's characters against the truth's, as multisets.

    python -m tests.pdf_score [--verbose] [NAME ...]

prints a table per document x extractor; --verbose also lists the blocks that differ.
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from bs4 import BeautifulSoup, Tag

from site_builder.cjk import UNSPACED

CORPUS = Path(__file__).resolve().parent / "fixtures" / "pdf_corpus"
EXTRACTORS = ("pdftotext", "pdftotext-layout", "pypdf", "pdfminer")
KINDS = ("heading", "question", "answer", "paragraph", "quote")
_TRUTH_KINDS = {"h": "heading", "q": "question", "a": "answer", "p": "paragraph", "quote": "quote"}
_SPACE_BY_CJK = re.compile(rf"\s+(?=[{UNSPACED}])|(?<=[{UNSPACED}])\s+")
_SOFT_HYPHEN = "\u00ad"  # invisible in the PDF unless at a break: not part of the text a reader sees


@dataclass(frozen=True)
class Block:
    kind: str
    text: str
    speaker: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return self.kind, norm(self.text), norm(self.speaker)


@dataclass
class Truth:
    name: str
    title: str
    blocks: list[Block]
    running: list[str]  # every header and footer line of every page

    @property
    def text(self) -> str:
        return self.title + "".join(b.text for b in self.blocks)


@dataclass
class Score:
    name: str
    extractor: str
    found: dict[str, int] = field(default_factory=dict)  # blocks of each kind on the page
    right: dict[str, int] = field(default_factory=dict)  # of which match a true block
    expected: dict[str, int] = field(default_factory=dict)  # true blocks of each kind
    title_right: bool = False
    leaks: int = 0
    lost: int = 0
    duplicated: int = 0
    wrong: list[str] = field(default_factory=list)  # what differs, for --verbose

    def precision(self, kind: str) -> float:
        return self.right[kind] / self.found[kind] if self.found[kind] else float(self.expected[kind] == 0)

    def recall(self, kind: str) -> float:
        return self.right[kind] / self.expected[kind] if self.expected[kind] else float(self.found[kind] == 0)

    def f1(self, kind: str) -> float:
        p, r = self.precision(kind), self.recall(kind)
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def perfect(self) -> bool:
        return self.title_right and not (self.leaks or self.lost or self.duplicated)


def norm(text: str) -> str:
    """Text as compared: no soft hyphens, no space beside a CJK character, one between words."""
    text = text.replace(_SOFT_HYPHEN, "")
    return _SPACE_BY_CJK.sub("", " ".join(text.split()))


def _chars(text: str) -> Counter[str]:
    return Counter(c for c in text.replace(_SOFT_HYPHEN, "") if not c.isspace())


def load_truth(name: str) -> Truth:
    doc = yaml.safe_load((CORPUS / f"{name}.yaml").read_text(encoding="utf-8"))
    pages = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))["documents"][name]["pages"]
    blocks = []
    for raw in doc["blocks"]:
        kind, text = next((k, v) for k, v in raw.items() if k != "speaker")
        blocks.append(Block(_TRUTH_KINDS[kind], text, raw.get("speaker", "")))
    running = [line.format(page=n, pages=pages) for n in range(1, pages + 1)
               for line in (doc["header"], doc["footer"])]
    return Truth(name, doc["title"], blocks, running)


def names() -> list[str]:
    return sorted(p.stem for p in CORPUS.glob("*.yaml"))


def page_blocks(soup: BeautifulSoup) -> tuple[str, list[Block]]:
    """(title, blocks) of an article page, as a reader sees them."""
    article = soup.find("article")
    title = article.find("h1").get_text()
    blocks = []
    for el in article.find(class_="doc-body").children:
        if not isinstance(el, Tag):
            continue
        classes = el.get("class") or []
        text = el.get_text()
        if el.name == "h2":
            blocks.append(Block("heading", text))
        elif el.name == "blockquote":
            blocks.append(Block("quote", text.strip()))
        elif el.name == "p" and "answer" in classes:
            name = el.find("strong")
            blocks.append(Block("answer", text, name.get_text() if name else ""))
        elif el.name == "p" and "question" in classes:
            blocks.append(Block("question", text))
        elif el.name == "p" and not classes:
            blocks.append(Block("paragraph", text))
        else:
            blocks.append(Block("other", text))
    return title, blocks


def score(truth: Truth, extractor: str, title: str, blocks: list[Block]) -> Score:
    s = Score(truth.name, extractor, title_right=norm(title) == norm(truth.title))
    if not s.title_right:
        s.wrong.append(f"title: {title!r}")
    expected = Counter(b.key for b in truth.blocks)
    found = Counter(b.key for b in blocks)
    for kind in KINDS:
        s.expected[kind] = sum(n for k, n in expected.items() if k[0] == kind)
        s.found[kind] = sum(n for k, n in found.items() if k[0] == kind)
        s.right[kind] = sum(min(n, expected[k]) for k, n in found.items() if k[0] == kind)
    s.wrong += [f"extra {k[0]} ({k[2]}): {k[1][:60]}" for k in found - expected]
    s.wrong += [f"missed {k[0]} ({k[2]}): {k[1][:60]}" for k in expected - found]
    page_text = title + "".join(b.text for b in blocks)
    squashed, true_squashed = norm(page_text).replace(" ", ""), norm(truth.text).replace(" ", "")
    for line in set(truth.running):
        line = norm(line).replace(" ", "")
        if len(line) >= 3:  # a bare page number shows as a duplicated character instead
            s.leaks += max(0, squashed.count(line) - true_squashed.count(line))
    got, want = _chars(page_text), _chars(truth.text)
    s.lost, s.duplicated = sum((want - got).values()), sum((got - want).values())
    if s.lost or s.duplicated:
        s.wrong.append(f"lost {dict(want - got)} duplicated {dict(got - want)}")
    return s


def build_pages(texts: dict[str, str], workdir: Path) -> dict[str, BeautifulSoup]:
    """Build one site holding each text as content/SLUG.txt; the parsed article page of each."""
    from tests.conftest import build_project, make_project

    project = make_project(workdir, {f"{slug}.txt": text for slug, text in texts.items()})
    built = build_project(project, search=False)
    if built.reporter.errors:
        raise RuntimeError("\n".join(map(str, built.reporter.errors)))
    return {slug: built.page(f"articles/{slug}/") for slug in texts}


def slug(name: str, extractor: str) -> str:
    return f"{name}-{extractor}".replace("_", "-")


def score_corpus(workdir: Path, only: list[str] | None = None) -> list[Score]:
    wanted = [n for n in names() if not only or n in only]
    texts = {slug(n, e): (CORPUS / f"{n}.{e}.txt").read_text(encoding="utf-8") for n in wanted for e in EXTRACTORS}
    pages = build_pages(texts, workdir)
    scores = []
    for name in wanted:
        truth = load_truth(name)
        for extractor in EXTRACTORS:
            scores.append(score(truth, extractor, *page_blocks(pages[slug(name, extractor)])))
    return scores


def table(scores: list[Score], verbose: bool = False) -> str:
    head = ["document", "extractor", *(f"{k[:4]} P/R" for k in KINDS), "title", "leaks", "lost", "dup"]
    rows = [head]
    for s in scores:
        pr = [f"{s.precision(k):.2f}/{s.recall(k):.2f}" for k in KINDS]
        rows.append([s.name, s.extractor, *pr, "yes" if s.title_right else "NO", str(s.leaks), str(s.lost),
                     str(s.duplicated)])
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    if verbose:
        for s in scores:
            lines += [f"{s.name} {s.extractor}: {w}" for w in s.wrong]
    return "\n".join(lines)


def main(scorer: Callable[[Path, list[str]], list[Score]] | None = None, doc: str | None = None) -> None:
    """The table of scorer's scores (default: the extractors' texts), the command line's."""
    scorer = scorer or score_corpus
    parser = argparse.ArgumentParser(description=(doc or __doc__ or "").split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="documents to score (default: all)")
    parser.add_argument("--verbose", "-v", action="store_true", help="list the blocks that differ")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        scores = scorer(Path(tmp), args.names)
    print(table(scores, args.verbose))
    f1s = [s.f1(k) for s in scores for k in KINDS]
    print(f"\nmin F1 {min(f1s):.2f}; titles right {sum(s.title_right for s in scores)}/{len(scores)}; "
          f"leaks {sum(s.leaks for s in scores)}; lost {sum(s.lost for s in scores)}; "
          f"duplicated {sum(s.duplicated for s in scores)}")


if __name__ == "__main__":
    main()
