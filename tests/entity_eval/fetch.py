"""Make the evaluation collection of annotations.yaml: the 13 articles, from a clone of the
public repository that archives them, at the annotated commit, as Markdown documents of a
site (site.yaml, content/NN.md). The articles are third-party text: they are not in this
repository, only what identifies them and this script.

    python tests/entity_eval/fetch.py OUT [--repo PATH_TO_A_CLONE] [--annotations heldout.yaml]

Without --repo the repository is cloned from GitHub into OUT/source (network needed). The
account's header (author, date, place, links) and footer (what follows © AI范儿, END, 往期推荐)
are cut, and images dropped, the same way every time: annotations.yaml annotates what is kept.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
# 机器之心's byline "**机器之心编辑部**" on a line of its own (heldout4.yaml) is header too, and so is
# 量子位's byline of a contributed article, "##### Janus团队 投稿自 凹非寺" (heldout9.yaml's h77), also
# without the place, "##### VSA团队 投稿" (heldout10.yaml's h85).
_HEADER = re.compile(r"^(?:(?:文章作者|发布时间|发布地|原文链接|封面图链接)[:：]|"
                     r"#+ .*(?:(?:发自|投稿自) |投稿\s*$)|量子位 \| 公众号|机器之心报道|\*\*编辑：|"
                     r"\*\*机器之心编辑部\*\*\s*$|"
                     r"(?:\*\*（)?关注公众号并设为🌟标|全文约[\d,]+ ?字)")
# The footers of the accounts heldout2.yaml adds (量子位, 投资实习所, 机器之心, AI寒武纪, AI深度研究员) too,
# and those heldout3.yaml adds (瓜哥AI新知's reference line, AI深度研究员's other ones, 投资研究所's ·END),
# and heldout5.yaml's: 投资研究所's "Memo: Signal, not noise!" advert and its paywall line "全文共 **N** 字";
# and heldout7.yaml's: AI深度研究员's closing lines "素材来源官方媒体/网络新闻" and "对了，喜欢就别忘了点赞…"
# (in bold or italics or not), which no earlier set's article keeps; and heldout8.yaml's: 投资研究所's
# "延伸阅读：" list of its own earlier articles closing the text (h63), in no earlier set's cleaned text.
_FOOTER = re.compile(r"^\s*(?:© AI范儿|END\s*$|往期推荐|扫码加|已有超过|要进“|\*\*点这里|\*\*👇|— \*\*完\*\* —|"
                     r"\*\*扫描二维码|_?© THE END|\*\*⭐星标|\*\*我们的AI团队|\s*_参考链接|参考链接[:：]|"
                     r"原文链接[:：]\s*$|\s*_参考资料[:：]|#+\s+往期回顾|原视频来源[:：]|\*\*·END|"
                     r"AI知识和技能无限分享|Memo: Signal, not noise|全文共 \*\*\d|"
                     r"[_*~ ]*素材来源官方媒体/网络新闻|[_* ]*对了，喜欢就别忘了点赞|延伸阅读[:：]\s*$)")
# 瓜哥AI新知 (heldout3.yaml) opens and closes its articles with the same line asking readers to follow
# the account: above the text it is header, below it footer.
_BANNER = re.compile(r"^\*\*👇?关注公众号后设")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINKED_IMAGE = re.compile(r"\[\s*\]\([^)]*\)")


def clean(markdown: str) -> tuple[str, str]:
    """(title, body) of an archived article, without the account's header, footer and images."""
    lines = markdown.splitlines()
    title = lines[0].lstrip("# ").strip() if lines and lines[0].startswith("#") else ""
    kept = []
    for line in lines[1 if title else 0:]:
        if _BANNER.match(line):
            if any(kept):
                break
            continue
        if _FOOTER.match(line):
            break
        if _HEADER.match(line):
            continue
        kept.append(_LINKED_IMAGE.sub("", _IMAGE.sub("", line)).rstrip())
    return title, "\n".join(kept).strip() + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--repo", type=Path, help="a clone of the source repository")
    parser.add_argument("--annotations", default="annotations.yaml", help="the annotated set (in this folder)")
    args = parser.parse_args()
    spec = yaml.safe_load((HERE / args.annotations).read_text(encoding="utf-8"))
    source = spec["source"]
    repo = args.repo
    if repo is None:
        repo = args.out / "source"
        if not repo.exists():
            subprocess.run(["git", "clone", "--quiet", f"https://github.com/{source['repo']}", str(repo)], check=True)
    content = args.out / "content"
    content.mkdir(parents=True, exist_ok=True)
    (args.out / "site.yaml").write_text("title: AI news\nlanguage: zh-CN\nsearch: false\n", encoding="utf-8")
    for number, name in spec["documents"].items():
        raw = subprocess.run(["git", "-C", str(repo), "show", f"{source['commit']}:{source['folder']}/{name}"],
                             check=True, capture_output=True).stdout.decode("utf-8")
        title, body = clean(raw)
        front = yaml.safe_dump({"title": title}, allow_unicode=True, width=10_000)
        (content / f"{number}.md").write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    print(f"wrote {len(spec['documents'])} documents to {content}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
