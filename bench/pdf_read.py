"""PDFs from elsewhere read directly (site_builder/pdf.py), to see that real files of every
kind -- forms, tables, scans, encrypted, damaged, two-column papers, Japanese -- give a page
or one error in our words, never a crash, and how long each takes:

    python -m bench.pdf_read FOLDER ... [--verbose]

e.g. on the test PDFs of pdfplumber and pdfminer.six (their repositories cloned anywhere).
Prints one row per PDF: seconds, outcome (blocks of each kind, or the error), and a summary.
"""

from __future__ import annotations

import argparse
import re
import time
from collections import Counter
from pathlib import Path

from site_builder import pdf
from site_builder.tasks import MAX_DOCUMENT_BYTES

_KINDS = {"heading": r"^## ", "question": r"^\{\.question\}", "answer": r"^\{\.answer\}",
          "quote": r"^\{\.pull-quote\}", "card": r"^\{\.card\}"}


def kinds(body: str) -> Counter[str]:
    blocks = [b for b in body.split("\n\n") if b.strip()]
    found = Counter(next((k for k, p in _KINDS.items() if re.match(p, b)), "paragraph") for b in blocks)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--verbose", "-v", action="store_true", help="print each page's title and first blocks")
    args = parser.parse_args()
    outcomes: Counter[str] = Counter()
    slowest = (0.0, "")
    for path in sorted(p for folder in args.folders for p in folder.rglob("*.pdf")):
        raw = path.read_bytes()
        if len(raw) > MAX_DOCUMENT_BYTES:
            continue
        start = time.perf_counter()
        try:
            read = pdf.read(raw)
            outcome = "page: " + " ".join(f"{k} {n}" for k, n in sorted(kinds(read.body).items()))
            outcomes["page"] += 1
        except pdf.Unreadable as exc:
            outcome = f"error: {exc}"
            outcomes["error"] += 1
        except Exception as exc:  # what the bench is here to find
            outcome = f"CRASH {type(exc).__name__}: {exc}"
            outcomes["crash"] += 1
        seconds = time.perf_counter() - start
        slowest = max(slowest, (seconds, path.name))
        print(f"{seconds:6.2f}s  {len(raw) // 1024:6d} KB  {path.name[:40]:40s}  {outcome[:110]}")
        if args.verbose and outcome.startswith("page"):
            print(f"         title: {read.title[:80]!r}; {read.body[:200]!r}")
    print(f"\n{sum(outcomes.values())} PDFs: {outcomes['page']} pages, {outcomes['error']} errors, "
          f"{outcomes['crash']} crashes; slowest {slowest[0]:.2f} s ({slowest[1]})")


if __name__ == "__main__":
    main()
