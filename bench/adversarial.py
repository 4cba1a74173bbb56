"""`python -m bench --adversarial`: inputs made to find what in the index grows faster
than the site. Each row is one cold build (search off, as the plain bench), timed, with the
peak memory of its process tree and the index phase of its `seconds:` line:

- the 10,000-document bench corpus; the same with DENSE_PEOPLE more people registered; and
  with 10 entity-dense documents besides (each naming every one of those people, 880 KB
  in all). Goal: the dense build within 10% of the plain one's peak memory.
- E registered people and E documents naming a few each, at 8,000 and 16,000. Goal: the
  index phase at 16,000 at most 2.5 times that at 8,000 (linear: 2).
- one document naming 6,000 registered people, beside the seed documents.

The people are generated, with Chinese names of three characters that no seed name is
part of; a document depends only on its number, so every run builds the same corpus."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

from bench import corpus
from bench.harness import Run, Trash, measure, ours
from site_builder.registry import load_registry

SURNAMES = ("赵钱孙周吴郑冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻"
            "柏水窦章云苏潘葛奚范彭鲁韦昌马苗凤花方俞任袁柳鲍史唐费廉岑薛雷贺倪汤")
GIVEN = ("伟芳娜秀英敏静丽强磊洋艳勇军杰娟涛明超秀霞平刚桂英玉兰萍毅浩宇轩"
         "梓涵欣怡子睿博文思远佳琪雨彤梦瑶嘉怡俊熙晨曦皓轩若汐沐宸语桐锦程")
DENSE_PEOPLE = 4_000
DENSE_DOCUMENTS = 10
DENSE_BYTES = 88_000  # each: 880 KB in all
SCALES = (8_000, 16_000)
PER_DOCUMENT = (3, 12)  # people a document of the scale rows names, at least and at most
ONE_DOCUMENT_PEOPLE = 6_000
MIB = 1024 * 1024
PLAIN = "10,000 documents (bench corpus)"
DENSE = f"the same and {DENSE_DOCUMENTS} documents naming all {DENSE_PEOPLE:,} of them (880 KB)"


def names(n: int) -> list[str]:
    """n distinct Chinese names, the same for the same n, none containing a seed entity's name."""
    registry, _ = load_registry(corpus.ROOT / "content")
    seed = [name for entity in registry.entities.values() for name in entity.names if len(name) > 1]
    rng = random.Random(7)
    surnames, given = list(SURNAMES), sorted(set(GIVEN))
    rng.shuffle(surnames)
    rng.shuffle(given)
    every = (s + a + b for a, b, s in itertools.product(given, given, surnames) if a != b)
    chosen = list(itertools.islice((name for name in every if not any(part in name for part in seed)), n))
    assert len(chosen) == n, len(chosen)
    return chosen


def register(project: Path, people: list[str]) -> None:
    folder = project / "content/people"
    folder.mkdir(parents=True, exist_ok=True)
    for i, name in enumerate(people):
        (folder / f"p{i:05d}.md").write_text(f"---\nname: {name}\ndescription: 登记的第{i}位人物，{name}。\n---\n"
                                            f"{name}是生成的人物。\n", encoding="utf-8")


def dense_document(j: int, people: list[str]) -> str:
    """About DENSE_BYTES of sentences pairing the people, every one named at least once."""
    rng = random.Random(f"dense-{j}")
    lines = ["---", f"title: 名录{j}：与会者一览", f"date: 2025-{1 + j % 12:02d}-15", "tags:", "  - 名录",
             "---", ""]
    size, order = 0, people[:]
    rng.shuffle(order)
    turn = itertools.cycle(order)
    while size < DENSE_BYTES:
        line = "".join(f"{next(turn)}与{next(turn)}在会上交流了看法。" for _ in range(20))
        lines.append(line + "\n")
        size += len(line.encode()) + 1
    return "\n".join(lines)


def small_document(i: int, people: list[str], rng: random.Random) -> str:
    named = rng.sample(people, rng.randint(*PER_DOCUMENT))
    body = "".join(f"{a}谈到了{b}的看法。" for a, b in zip(named, named[1:] + named[:1], strict=True))
    return (f"---\ntitle: 第{i}篇\ndate: {2020 + i % 6}-{1 + i % 12:02d}-{1 + i % 28:02d}\n"
            f"tags:\n  - {rng.choice(corpus.TAGS)}\n  - {rng.choice(corpus.TAGS)}\n---\n\n{body}\n")


def project(folder: Path, site: str = "title: Adversarial\nlanguage: zh-CN\nsearch: false\n") -> Path:
    (folder / "content").mkdir(parents=True, exist_ok=True)
    (folder / "site.yaml").write_text(site, encoding="utf-8")
    return folder


def cold(folder: Path, trash: Trash) -> Run:
    trash.discard(folder / "public", folder / ".cache")
    return measure(ours(folder), folder, folder / "public")


PARTS = ("dense", "scale", "one")


def run(work: Path, parts: tuple[str, ...] = PARTS, scales: tuple[int, ...] = SCALES) -> list[tuple[str, Run]]:
    """The adversarial rows of `parts`, each one cold build: (label, run)."""
    trash, rows = Trash(work / "trash"), []

    def row(label: str, folder: Path) -> None:
        rows.append((label, cold(folder, trash)))
        r = rows[-1][1]
        print(f"  {label}: {r.seconds:.1f} s, index {r.phases.get('index', 0):.2f} s, "
              f"peak {r.peak_rss / MIB:.0f} MiB", flush=True)

    print("\nadversarial index rows", flush=True)
    if "dense" in parts:
        bench = corpus.generate(work / "adv-10000", 10_000)
        row(PLAIN, bench)
        people = names(DENSE_PEOPLE)
        register(bench, people)
        row(f"10,000 documents, {DENSE_PEOPLE:,} more people registered", bench)
        for j in range(DENSE_DOCUMENTS):
            (bench / f"content/dense/d{j}.md").parent.mkdir(exist_ok=True)
            (bench / f"content/dense/d{j}.md").write_text(dense_document(j, people), encoding="utf-8")
        row(DENSE, bench)
    for n in scales if "scale" in parts else ():
        folder = project(work / f"adv-scale-{n}")
        people = names(n)
        register(folder, people)
        rng = random.Random(n)
        for i in range(n):
            sub = folder / f"content/{i // 1000:03d}"
            sub.mkdir(exist_ok=True)
            (sub / f"doc{i:06d}.md").write_text(small_document(i, people, rng), encoding="utf-8")
        row(f"{n:,} people × {n:,} documents naming {PER_DOCUMENT[0]}-{PER_DOCUMENT[1]} each", folder)

    if "one" in parts:
        folder = project(work / "adv-one")
        people = names(ONE_DOCUMENT_PEOPLE)
        register(folder, people)
        (folder / "content/all.md").write_text("---\ntitle: 全体名单\ndate: 2025-06-01\n---\n\n" + "".join(
            f"{name}、" + ("\n\n" if i % 50 == 49 else "") for i, name in enumerate(people)) + "\n",
            encoding="utf-8")
        row(f"one document naming {ONE_DOCUMENT_PEOPLE:,} registered people", folder)
    trash.empty()
    return rows


def table(rows: list[tuple[str, Run]]) -> str:
    lines = ["| adversarial input | cold build (s) | index phase (s) | peak RSS, whole tree (MiB) "
             "| peak RSS, build process (MiB) | pages |", "|---|---:|---:|---:|---:|---:|"]
    for label, r in rows:
        lines.append(f"| {label} | {r.seconds:.1f} | {r.phases.get('index', 0):.2f} | {r.peak_rss / MIB:.0f} "
                     f"| {r.peak_main_rss / MIB:.0f} | {r.pages:,} |")
    by_label = dict(rows)
    if PLAIN in by_label and DENSE in by_label:
        lines.append(f"\nDense documents: peak memory ×{by_label[DENSE].peak_rss / by_label[PLAIN].peak_rss:.2f} "
                     "the plain bench's (goal ≤ 1.10).")
    scaled = [(n, r) for n in SCALES for label, r in rows if label.startswith(f"{n:,} people")]
    if len(scaled) == 2 and scaled[0][1].phases.get("index"):
        (small, a), (large, b) = scaled
        lines.append(f"Index phase at {large:,} / at {small:,}: ×{b.phases.get('index', 0) / a.phases['index']:.2f} "
                     "(goal ≤ 2.5).")
    return "\n".join(lines)
