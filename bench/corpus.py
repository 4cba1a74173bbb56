"""A deterministic corpus in seed 000's format: front matter with 5-10 tags from a pool
of about 200 and 2-3 topics, a 3-8 KB Chinese body with headings, bold text, mentions of
registered people and companies, and 2-6 footnotes in the seed's citation format.
Document i depends only on the seed and i, so any document can be regenerated alone."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TAGS = [f"{a}{b}" for a in ("AI", "开源", "模型", "芯片", "数据", "算力", "智能体", "机器人", "安全", "监管",
                           "投资", "云计算", "语音", "视觉", "医疗", "教育", "金融", "制造", "汽车", "能源")
        for b in ("趋势", "生态", "应用", "竞争", "政策", "研究", "产品", "市场", "人才", "标准")]  # 200
TOPICS = ["数据与开源生态", "产业生态与商业版图", "前沿模型与算法", "AI主权", "算力与芯片", "应用落地",
          "安全与治理", "资本与投资"]
NAMES = ["李开复", "零一万物", "OpenAI", "Anthropic", "DeepSeek", "深度求索", "Jim Zemlin", "Linux基金会",
         "萨姆·奥特曼", "林纳斯·托瓦兹", "谷歌", "微软", "Meta", "华为", "小米", "字节跳动", "苹果", "亚马逊",
         "Mistral", "凯捷", "腾讯科技", "36氪", "创新工场", "富士康"]
PUBLISHERS = ["腾讯科技", "36氪", "腾讯新闻", "新华社", "财新", "界面新闻", "澎湃新闻", "机器之心"]
SENTENCES = [
    "{a}认为，基础模型的竞争正在转向应用层，真正的护城河来自用户体验。",
    "据{a}透露，{b}正在加大对开源社区的投入，以吸引全球开发者。",
    "业内人士指出，**{a}与{b}的合作**可能改变整个行业的格局。",
    "{a}的最新模型在多项基准测试中接近闭源模型，成本却只有后者的十分之一。",
    "围绕算力、数据和人才的竞争仍在持续，{a}和{b}都在寻找新的增长点。",
    "在监管日益严格的背景下，{a}表示将坚持负责任的发展路径。",
    "分析师认为，开源与闭源将长期共存，{a}的策略值得关注。",
    "{a}发布的报告显示，企业对私有化部署的需求明显上升。",
]


def document(seed: int, i: int) -> str:
    rng = random.Random(f"{seed}-{i}")
    tags = rng.sample(TAGS, rng.randint(5, 10))
    topics = rng.sample(TOPICS, rng.randint(2, 3))
    day = 1 + i % 28
    lines = [
        "---",
        f"title: 第{i}篇：{rng.choice(NAMES)}与{rng.choice(NAMES)}的开源之争",
        f"date: {2020 + i % 6}-{1 + i % 12:02d}-{day:02d}T09:{i % 60:02d}:00+08:00",
        "draft: false",
        f"summary: 关于{rng.choice(NAMES)}和{rng.choice(TAGS)}的报道。",
        "tags:", *(f"  - {t}" for t in tags),
        "main_topics:", *(f"  - {t}" for t in topics),
        "---", "",
    ]
    notes = rng.randint(2, 6)
    target = rng.randint(3000, 8000)
    body: list[str] = []
    size, section, cited = 0, 0, 0
    while size < target:
        if size >= section * 1500:
            section += 1
            body.append(f"### 第{section}节：{rng.choice(TAGS)}的{rng.choice(['机遇', '挑战', '未来'])}\n")
        paragraph = "".join(rng.choice(SENTENCES).format(a=rng.choice(NAMES), b=rng.choice(NAMES))
                            for _ in range(rng.randint(3, 6)))
        if cited < notes and rng.random() < 0.6:
            cited += 1
            paragraph += f"[^{cited}]"
        body.append(paragraph + "\n")
        size += len(paragraph.encode())
    body.append("## 引用")
    for n in range(1, notes + 1):
        pub = rng.choice(PUBLISHERS)
        y, m, d = 2023 + rng.randint(0, 2), rng.randint(1, 12), rng.randint(1, 28)
        body.append(f"[^{n}]: 报道{rng.randint(1, 500)}：{rng.choice(TAGS)}的新进展·{pub}·无作者"
                    f"（{y}/{m}/{d}）·检索日期{y + 1}/{m:02d}/{d:02d}")
    return "\n".join(lines) + "\n".join(body) + "\n"


def set_search(project: Path, on: bool) -> None:
    """Turn the project's search index on or off (site.yaml's `search`)."""
    config = project / "site.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace(f"search: {'false' if on else 'true'}", f"search: {'true' if on else 'false'}"),
                      encoding="utf-8")


def generate(folder: Path, n: int, seed: int = 1) -> Path:
    """A project folder with n documents and the real registry (the templates and static
    files are the theme's, in the package); search off (set_search turns it on)."""
    if folder.exists():
        shutil.rmtree(folder)
    content = folder / "content"
    content.mkdir(parents=True)
    for part in ("people", "companies", "topics"):
        shutil.copytree(ROOT / "content" / part, content / part)
    # Hugo has no search index: compare like with like (bench/search.py measures both with one)
    config = "title: Bench KB\nlanguage: zh-CN\nbase_url: https://example.org/\nsearch: false\n"
    (folder / "site.yaml").write_text(config, encoding="utf-8")
    for i in range(n):
        sub = content / f"{i // 1000:03d}"
        sub.mkdir(exist_ok=True)
        (sub / f"doc{i:06d}.md").write_text(document(seed, i), encoding="utf-8")
    return folder
