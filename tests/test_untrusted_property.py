"""Untrusted content, property-based: random front matter, random Markdown and random plain
text, each as one more document of a small site, built whole. Whatever the document, the
build does not raise, the other documents are built, nothing is written outside the output
folder, and nothing in the output could run script that the templates did not put there.

Deterministic by default (the same few dozen examples on every run, so CI is repeatable);
HYPOTHESIS_PROFILE=explore tries many more, different ones each time."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.diagnostics import Diagnostic
from tests.conftest import build_project, make_project
from tests.hostile import active_content

settings.register_profile("ci", max_examples=30, deadline=None, derandomize=True, database=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("explore", max_examples=500, deadline=None, database=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

GOOD = {
    "good-a.md": "---\ntitle: Good A\ndate: 2025-01-02\ntags: [a]\n---\nEvil Person wrote this.[^1]\n\n"
                 "[^1]: Title·Publisher·Author（2025/6/25）\n",
    "good-b.txt": "Good B\n\nA paragraph of plain text.\n",
    "people/evil.md": "---\nname: Evil Person\naliases: ['<script>alert(1)</script>']\n---\n",
}
EXPECTED = ["articles/good-a/index.html", "articles/good-b/index.html", "people/evil/index.html", "index.html"]

# pieces that mean something to YAML, Markdown, HTML, the footnote parser or the PDF heuristics
FRAGMENTS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '<a href="javascript:alert(1)">a</a>',
    "[a](javascript:alert(1))", "![i](javascript:alert(1))", "[d](data:text/html,<script>x</script>)",
    "<javascript:alert(1)>", "[r][ref]", "[ref]: javascript:alert(1)", "&#106;avascript:", "java\tscript:",
    "{.c onclick=alert(1)}", "{#id}", "[^1]", "[^1]: ", "[^x]:", "[^", "> ", "- ", "1. ", "# ", "## ", "```",
    "`", "*", "_", "**", "~~", "[", "]", "(", ")", "<", ">", "&", "|a|b|\n|-|-|\n", "---", "***", "\n", "\n\n",
    "    ", "\t", "\\", "“", "”", "《", "》", "「", "」", "：", "？", "…", "·", "李开复：", "Q：", "A: ", "Evil Person",
    "https://example.org/a?b=\"c\"", "www.example.org", "\u3000", "\ufeff", "\r", "\x00", "&lt;", "\u202e",
    "检索日期2025/07/26", "（2025/6/25）", "2025-13-45", "../../", "/etc/passwd", "%2e%2e",
]
text = st.text(max_size=30)  # any Unicode, surrogates excluded by the encoder below
pieces = st.lists(st.one_of(st.sampled_from(FRAGMENTS), text), max_size=40).map("".join)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.dates(), pieces)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) |
                      st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)
KEYS = ["title", "date", "draft", "summary", "tags", "main_topics", "topics", "slug", "featured_image", "source",
        "aliases", "author", "onload", "x"]
front_matter = st.one_of(
    st.dictionaries(st.sampled_from(KEYS), values, max_size=8).map(
        lambda d: yaml.safe_dump(d, allow_unicode=True, default_flow_style=None)),
    pieces,  # text that is probably no YAML at all
)
documents = st.one_of(
    st.tuples(st.just("random.md"), st.tuples(front_matter, pieces).map(lambda p: f"---\n{p[0]}---\n{p[1]}")),
    st.tuples(st.just("random.md"), pieces),
    st.tuples(st.just("random.txt"), pieces),
    st.tuples(st.sampled_from(["random.md", "random.txt", "people/random.md"]), st.binary(max_size=200)),
)


def files_outside(root: Path, out: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*")
            if not p.is_relative_to(out) and not p.is_relative_to(root / "project/.cache")}


@given(documents)
def test_a_random_document_never_breaks_the_site(document: tuple[str, str | bytes]) -> None:
    name, content = document
    data = content.encode("utf-8", "surrogatepass") if isinstance(content, str) else content
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        project = make_project(root / "project", {**GOOD, name: data})
        before = files_outside(root, project / "public")
        site = build_project(project)  # must not raise
        out = site.out
        for rel in EXPECTED:
            assert (out / rel).is_file(), rel
        assert files_outside(root, out) == before  # nothing written beside the output folder
        assert [p for p in out.rglob("*") if p.is_symlink() or not p.resolve().is_relative_to(out.resolve())] == []
        assert active_content(out) == []
        # problems are the random document's own, each naming it
        assert all(isinstance(d, Diagnostic) and d.path.startswith(("random", "people/random"))
                   for d in site.reporter.items), [str(d) for d in site.reporter.items]
