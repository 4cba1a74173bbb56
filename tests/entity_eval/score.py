"""Score `site-builder entities suggest` against the hand annotation of annotations.yaml, on
the collection fetch.py makes:

    python tests/entity_eval/score.py OUT [heldout.yaml]    (OUT: fetch.py's folder)

- precision of the top 50 people and organisations: the share of the first 50 suggestions
  of kind person or company that name an annotated person or organisation (names the
  annotation marks dont_care are left out of the 50);
- recall: the share of the annotated people and organisations named in 2 or more documents
  that some suggestion names (under any of its forms, of any kind);
- kind accuracy: of the suggestions that name an annotated entity, the share of the right kind;
- the same for products, and for people and organisations apart; then every miss and false hit.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from site_builder.config import load_config
from site_builder.registry import name_key
from site_builder.suggest import Suggestion, find_suggestions

HERE = Path(__file__).resolve().parent
TOP = 50


@dataclass
class Annotated:
    name: str
    kind: str
    names: set[str]
    docs: list[str]
    also: tuple[str, ...] = ()  # the other kind of a name that is both a firm and its service

    def kinds(self, lenient: bool) -> set[str]:
        return {self.kind, *self.also} if lenient else {self.kind}


def load(annotations: str = "annotations.yaml") -> tuple[list[Annotated], set[str]]:
    spec = yaml.safe_load((HERE / annotations).read_text(encoding="utf-8"))
    entities = [Annotated(e["name"], e["kind"], {name_key(n) for n in [e["name"], *e.get("aliases", [])]}, e["docs"],
                          tuple(e.get("also", ())))
                for e in spec["entities"]]
    return entities, {name_key(n) for n in spec["dont_care"]}


def match(suggestion: Suggestion, entities: list[Annotated]) -> Annotated | None:
    keys = {name_key(n) for n in suggestion.names}
    return next((e for e in entities if e.names & keys), None)


def score(suggestions: list[Suggestion], entities: list[Annotated], dont_care: set[str], lenient: bool = False) -> dict:
    """Strict: a suggestion's kind is right only if it is the annotated kind; lenient: or the
    kind of its `also:` (GitHub, a company, also a product)."""
    judged = [(s, match(s, entities)) for s in suggestions
              if not ({name_key(n) for n in s.names} & dont_care and match(s, entities) is None)]
    report: dict = {}
    for label, kinds, wanted in (("people+organisations", ("person", "company"), ("person", "company")),
                                 ("products", ("product",), ("product",)), ("people", ("person",), ("person",)),
                                 ("organisations", ("company",), ("company",))):
        top = [(s, e) for s, e in judged if s.kind in kinds][:TOP]
        hits = [(s, e) for s, e in top if e is not None and e.kinds(lenient) & set(wanted)]
        false = [s for s, e in top if e is None or not e.kinds(lenient) & set(wanted)]
        often = [e for e in entities if e.kind in wanted and len(e.docs) >= 2]
        found = {id(e) for s, e in judged if e is not None}
        misses = [e for e in often if id(e) not in found]
        named = [(s, e) for s, e in judged if e is not None and e.kind in wanted]
        right_kind = [(s, e) for s, e in named if s.kind in e.kinds(lenient)]
        report[label] = {
            "top": len(top), "precision": len(hits) / len(top) if top else 0.0,
            "recall": (len(often) - len(misses)) / len(often) if often else 0.0, "in 2+ documents": len(often),
            "kind accuracy": len(right_kind) / len(named) if named else 0.0, "named": len(named),
            "false hits": [f"{s.name} ({s.kind}, {s.documents} docs)" for s in false],
            "misses": [f"{e.name} ({e.kind}, {len(e.docs)} docs)" for e in misses],
            "wrong kind": [f"{s.name}: {s.kind}, is {e.kind}" for s, e in named if s.kind not in e.kinds(lenient)],
        }
    return report


def main() -> int:
    out = Path(sys.argv[1])
    entities, dont_care = load(*sys.argv[2:3])
    started = time.perf_counter()
    suggestions = find_suggestions(load_config(out))
    seconds = time.perf_counter() - started
    print(f"{len(suggestions)} suggestions in {seconds:.1f} s\n")
    print("| | kinds | top | precision | recall (2+ docs) | kind accuracy |")
    print("|---|---|---|---|---|---|")
    for lenient in (False, True):
        for label, r in score(suggestions, entities, dont_care, lenient).items():
            print(f"| {label} | {'with also:' if lenient else 'strict'} | {r['top']} | {r['precision']:.2f} | "
                  f"{r['recall']:.2f} of {r['in 2+ documents']} | {r['kind accuracy']:.2f} of {r['named']} |")
    report = score(suggestions, entities, dont_care)
    for label, r in list(report.items())[:2]:  # people and organisations apart are in the first's lists
        for key in ("false hits", "misses", "wrong kind"):
            print(f"\n{label}, {key}: " + ("; ".join(r[key]) or "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
