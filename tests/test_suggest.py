"""`site-builder entities suggest`: unregistered names found in small made-up projects
and in the seed content, and the YAML the command prints."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from site_builder.cli import main
from site_builder.config import load_config
from site_builder.records import pack, unpack
from site_builder.registry import load_registry
from site_builder.suggest import Suggestion, find_suggestions, format_yaml
from tests.conftest import make_project

ZEMLIN = """---
name: Jim Zemlin
aliases: [Zemlin, 泽姆林]
description: Linux基金会执行董事。
---
Jim Zemlin 是 Linux 基金会的执行董事。
"""

INTERVIEW = """---
title: 访谈
date: 2025-06-25
---
Jane Doe表示，开源模型是未来。她在 AI 与 GPU 的讨论中反复提到这一点。

Jim Zemlin认为开源会胜出。Zemlin指出，价值在应用层。泽姆林表示同意。

首席执行官王芳在会上介绍了开放原子开源基金会的新项目。张伟表示，这家公司和两家中国公司都在参与。
"""

NOTES = """---
title: Notes
---
The project grew fast. Later, Jane Doe said the model is open, and 张伟也参加了关于开放原子开源基金会的会议。

- Kubernetes
- OpenStack
"""


def project(tmp_path: Path, files: dict[str, str] | None = None) -> Path:
    return make_project(tmp_path, {"people/jim-zemlin.md": ZEMLIN, "interview.md": INTERVIEW, "notes.md": NOTES,
                                   **(files or {})})


def by_name(suggestions: list[Suggestion]) -> dict[str, Suggestion]:
    return {s.name: s for s in suggestions}


def by_form(suggestions: list[Suggestion]) -> dict[str, Suggestion]:
    """Each suggestion under its name and under each of its aliases."""
    return {form: s for s in suggestions for form in s.names}


def kinds_of(suggestions: list[Suggestion]) -> dict[str, str]:
    return {form: s.kind for form, s in by_form(suggestions).items()}


def forms_of(suggestions: list[Suggestion]) -> set[str]:
    return set(by_form(suggestions))


def suggested(tmp_path: Path, file: str, title: str, body: str) -> list[Suggestion]:
    """The suggestions of a project of one document: file, with this title and body."""
    return find_suggestions(load_config(make_project(tmp_path, {file: f"---\ntitle: {title}\n---\n{body}"})))


def test_unregistered_names_are_listed_with_counts_and_the_first_sentence(tmp_path: Path) -> None:
    found = by_name(find_suggestions(load_config(project(tmp_path))))
    jane = found["Jane Doe"]
    assert (jane.kind, jane.count, jane.documents) == ("person", 2, 2)
    assert jane.example == "Jane Doe表示，开源模型是未来。"
    assert jane.source == "interview.md"
    assert jane.file == "people/jane-doe.md"

    foundation = found["开放原子开源基金会"]  # 关于 and 了 are not part of the name
    assert (foundation.kind, foundation.count, foundation.documents) == ("company", 2, 2)
    assert foundation.file == "companies/开放原子开源基金会.md"

    # a Chinese name found next to a verb (张伟表示) is counted wherever it appears
    assert (found["张伟"].kind, found["张伟"].count) == ("person", 2)
    assert found["王芳"].kind == "person"  # after a title: 首席执行官王芳在
    assert {"Kubernetes", "OpenStack"} <= found.keys()  # list items stay separate names


def test_registered_names_aliases_and_stop_words_are_not_listed(tmp_path: Path) -> None:
    names = by_name(find_suggestions(load_config(project(tmp_path)))).keys()
    assert not names & {"Jim Zemlin", "Zemlin", "泽姆林", "Jim"}
    assert not names & {"AI", "GPU", "The", "Later"}
    # descriptions, not names: 这家公司, 两家中国公司
    assert not any(name.endswith("公司") for name in names)


def test_sorted_by_documents_and_cues_then_count_then_name_and_min_count(tmp_path: Path) -> None:
    config = load_config(project(tmp_path))
    suggestions = find_suggestions(config)
    assert suggestions == sorted(suggestions, key=lambda s: (-s.documents - (s.cues > 0), -s.count, s.name))
    frequent = find_suggestions(config, min_count=2)
    assert {s.name for s in frequent} == {"Jane Doe", "张伟", "开放原子开源基金会"}


def test_format_yaml_round_trips_to_registry_entries() -> None:
    suggestion = Suggestion("Project Glasswing", "company", 1, 1, "从 Anthropic 的 Project Glasswing 等项目中。",
                            "003.txt", cues=2)
    text = format_yaml([suggestion])
    assert text.startswith("# 1 names found in content/")
    assert "entities add" in text
    assert yaml.safe_load(text) == [{
        "name": "Project Glasswing", "kind": "company", "file": "companies/project-glasswing.md", "aliases": [],
        "count": 1, "documents": 1, "cues": 2, "example": "从 Anthropic 的 Project Glasswing 等项目中。",
        "source": "003.txt",
    }]
    assert yaml.safe_load(format_yaml([])) is None or yaml.safe_load(format_yaml([])) == []


def test_cli_prints_yaml_with_the_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(project(tmp_path))
    assert main(["entities", "suggest"]) == 0
    entries = yaml.safe_load(capsys.readouterr().out)
    assert isinstance(entries, list)
    jane = next(e for e in entries if e["name"] == "Jane Doe")
    assert jane["kind"] == "person" and jane["count"] == 2 and jane["aliases"] == []
    assert "Zemlin" not in {e["name"] for e in entries}

    assert main(["entities", "suggest", "--min-count", "2"]) == 0
    assert {e["name"] for e in yaml.safe_load(capsys.readouterr().out)} == {"Jane Doe", "张伟", "开放原子开源基金会"}

    assert main(["entities", "suggest", "--format", "table"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["documents", "count", "kind", "name", "aliases"]
    jane_row = next(line for line in table if "Jane Doe" in line)
    assert jane_row.split()[:3] == ["2", "2", "person"]


def test_seed_content(tmp_path: Path) -> None:
    """The two seed documents name products and projects the seed registry does not hold."""
    config = load_config(make_project(tmp_path, seeds=True))
    registry, _ = load_registry(config.content_dir)
    found = by_name(find_suggestions(config))
    # the registry grows from this list, so a name may since have been registered
    for name in ("Kubernetes", "OpenStack", "Project Glasswing", "OpenClaw", "Claude Code"):
        assert (name in found) != bool(registry.lookup(name)), name
    assert found.get("OpenClaw") is None or found["OpenClaw"].count == 4
    for name in ("OpenAI", "李开复", "Jim Zemlin", "Zemlin", "Anthropic", "凯捷集团", "Capgemini Group", "CRI"):
        assert registry.lookup(name) and name not in found, name
    # stop words, sentence-initial English words and descriptions of companies
    assert not found.keys() & {"AI", "GPU", "API", "AGI", "PC", "Necessity", "Public", "This", "All"}
    assert not any(name.endswith("公司") for name in found)


def test_parts_of_registered_names_and_first_words_of_sentences(tmp_path: Path) -> None:
    files = {
        "people/zemlin.md": "---\nname: 泽姆林\naliases: [Zemlin]\n---\n",
        "companies/openai.md": "---\nname: OpenAI\n---\n",
        "companies/linux-foundation.md": "---\nname: Linux基金会\n---\n",
        "english.md": "---\ntitle: English\n---\n"
                      "Jim Zemlin said so. Necessity is the mother of invention.\n\n"
                      "Kubernetes is everywhere. We run Kubernetes and OpenAI Claude Code daily.\n\n"
                      "Linux基金会的项目大多运行在Linux上。Globex表示同意，Dr. Smith did not.\n",
    }
    found = by_name(find_suggestions(load_config(make_project(tmp_path, files))))
    # the first name of a registered person is not a name of its own
    assert not found.keys() & {"Jim", "Jim Zemlin", "Zemlin"}
    # a registered company next to a product leaves the product
    assert found["Claude Code"].count == 1
    # Linux of Linux基金会 is part of a registered name, the second Linux is not
    assert found["Linux"].count == 1
    # companies speak too; a title marks a person
    assert (found["Globex"].kind, found["Smith"].kind) == ("company", "person")
    # an English sentence's first word counts only when the word also appears mid-sentence
    assert "Necessity" not in found
    assert found["Kubernetes"].count == 2
    assert found["Kubernetes"].example == "Kubernetes is everywhere."


def test_common_words_before_a_verb_are_not_chinese_names(tmp_path: Path) -> None:
    text = ("一些国家认为，这并不重要。中国认为机会很大。也就是说，他们表示同意。有人宣称成功。"
            "我们说过，公司业务聚焦大模型。这家资源有限的中国公司和两家美国公司，以及大学生。\n")
    files = {"zh.md": "---\ntitle: 中文\n---\n" + text}
    assert find_suggestions(load_config(make_project(tmp_path, files))) == []


def test_common_words_in_name_positions_are_never_suggested(tmp_path: Path) -> None:
    """The words the old heuristics suggested on real collections (项目, 路由, 简单 as people;
    Agent, English, Metadata), used where a name would stand; a description jieba cuts in two
    owning a quoted word (闭源模型的“王座”)."""
    text = ("项目表示欢迎。路由指出了方向，简单认为可行。数据显示增长。专家表示，算法很重要。"
            "开源模型触及了闭源模型的“王座”。\n\n"
            "The Agent reads Metadata in English. Every agent keeps its metadata; english is spoken here.\n")
    files = {"common.md": "---\ntitle: 常用词\n---\n" + text, "again.md": "---\ntitle: 再来\n---\n" + text}
    assert find_suggestions(load_config(make_project(tmp_path, files))) == []


def test_people_organisations_and_products_by_what_surrounds_them(tmp_path: Path) -> None:
    text = ("OpenAI 首席执行官 Sam Altman 表示，OpenAI 的 ChatGPT 用户很多。"
            "英伟达的 CUDA 平台和 iPhone 手机都很流行。\n\n"
            "深度求索公司发布了 DeepSeek-R1 模型。Meta 的 Llama 模型开源了。IBM、微软、亚马逊和英伟达都在投资。\n")
    found = by_name(suggested(tmp_path, "k.md", "种类", text))
    kinds = {name: found[name].kind for name in ("Sam Altman", "ChatGPT", "CUDA", "iPhone", "DeepSeek-R1", "Llama",
                                                 "OpenAI", "深度求索公司", "IBM", "微软")}
    assert kinds == {"Sam Altman": "person", "ChatGPT": "product", "CUDA": "product", "iPhone": "product",
                     "DeepSeek-R1": "product", "Llama": "product", "OpenAI": "company", "深度求索公司": "company",
                     "IBM": "company", "微软": "company"}
    assert found["深度求索公司"].file == "companies/深度求索公司.md"
    assert found["Llama"].file == "products/llama.md"


def test_jiebas_dictionary_cache_is_kept_in_the_projects_cache_folder(tmp_path: Path) -> None:
    """In a fresh process (jieba loads its dictionary once per process), with the temporary
    folder jieba would pick by itself made empty: the cache file lands in .cache/jieba only."""
    root = project(tmp_path / "site")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    environment = {**os.environ, "TMPDIR": str(temporary)}
    done = subprocess.run([sys.executable, "-m", "site_builder", "entities", "suggest"], cwd=root, env=environment,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "Jane Doe" in done.stdout
    assert [p.name for p in (root / ".cache" / "jieba").iterdir()] == ["jieba.cache"]
    assert list(temporary.iterdir()) == []


PRODUCTS = ("他们推荐了一些开源工具，包括 Alphabox（开源）、Betatool 和 Gammaware。\n\n"
            "今日要闻：1. 🏦 基金欲投资Orbita8\\. 🎥 视频生成器上线。Meta 发布了 Llama 1B 模型，Llama 3 也更新了。\n\n"
            "Zentrix 宣布推出 Zentrix Home，Zentrix 表示它很好用。\n\n"
            "OpenAI 的 Sora 模型很强。他将 Sora 与 Quillby 做对比。\n\n"
            "编译｜汤源OpenAI Sam Altman 表示正在研究。在最近的 Reddit AMA 活动中，Reddit 的用户提问。\n")


def test_products_by_the_lists_owners_and_names_around_them(tmp_path: Path) -> None:
    """Items of a list after what they are (开源工具，包括 …), a sub-brand of a name (Zentrix
    Home), a name listed with a product (Sora 与 Quillby); a list item's number glued to a name
    (Orbita8. 🎥) and a model's size (Llama 1B) are no part of it; a run of an organisation and a
    person is two names; 最近的 before a name owns nothing."""
    found = suggested(tmp_path, "p.md", "产品", PRODUCTS)
    kinds = kinds_of(found)
    assert {name: kinds.get(name) for name in ("Alphabox", "Betatool", "Gammaware", "Zentrix", "Zentrix Home",
                                               "Quillby", "Sam Altman", "OpenAI", "Reddit", "Orbita", "Llama")} == {
        "Alphabox": "product", "Betatool": "product", "Gammaware": "product", "Zentrix": "company",
        "Zentrix Home": "product", "Quillby": "product", "Sam Altman": "person", "OpenAI": "company",
        "Reddit": "company", "Orbita": "company", "Llama": "product"}
    assert not {"Orbita8", "Llama 1B", "OpenAI Sam Altman"} & set(kinds)


CUES = ("Velmora Image Creator 很好用。Zanthor 是一款开源的深度学习框架。开源项目，如 Plumet 和 Quenda，都很受欢迎。"
        "Vextra、Ombrel 和 Zanthor 常被一起比较。Krellix 的股价上涨了，Krellix-Neo 很好用。SoundLM 可以作曲。\n\n"
        "特斯拉将为他们提供Dojoq的算力。他专门做了一期视频发到 Yotubo上。"
        "IBM 推出了名为 Watsonq 的平台，见 Watsonq.ai 。\n\n"
        "编译｜汤源\n\n亨利·萨穆埃利和亨利·尼古拉斯创立了公司。Brodkom CEO Hock Tan（霍克·谭）表示满意。\n\n"
        "字节跳动的“豆包”很受欢迎。中国公司智谱发布了新模型。\n\n"
        "一位竞争对手公司的高管表示同意。芯片制造商（如中芯国际和华为）受到影响。\n")


def test_kinds_shown_without_a_launch_verb_and_names_split_or_joined_right(tmp_path: Path) -> None:
    """Products with no 发布 or 模型 around them: an English head noun (Image Creator, …LM), what
    是 says it is (框架), a list after 项目，如, a list with one such item (Vextra、Ombrel 和 Zanthor),
    a hyphenated variant of a name (Krellix-Neo), what is provided or posted to (提供Dojoq, 发到
    Yotubo上), a web address merged with its name (Watsonq.ai); a byline's person (编译｜汤源);
    two transliterations joined by 和; a bracket pair's Latin form without the run's title (CEO);
    a name jieba cuts in two owning a quoted product (字节跳动的“豆包”); a word after 公司 (智谱);
    an organisation listed after what it is (制造商（如…和华为）); a title is no person (高管)."""
    found = suggested(tmp_path, "c.md", "线索", CUES)
    kinds = kinds_of(found)
    products = ("Velmora Image Creator", "Zanthor", "Plumet", "Quenda", "Vextra", "Ombrel", "Krellix-Neo", "SoundLM",
                "Dojoq", "Yotubo", "Watsonq", "豆包")
    assert {name: kinds.get(name) for name in products} == dict.fromkeys(products, "product")
    companies = ("Krellix", "IBM", "字节跳动", "智谱", "华为")
    assert {name: kinds.get(name) for name in companies} == dict.fromkeys(companies, "company")
    people = {s.name: s.aliases for s in found if s.kind == "person"}
    assert people == {"汤源": [], "亨利·萨穆埃利": [], "亨利·尼古拉斯": [], "霍克·谭": ["Hock Tan"]}
    assert by_name(found)["Watsonq.ai"].aliases == ["Watsonq"]


def test_a_rerun_reads_only_the_changed_documents_and_finds_what_a_cold_run_finds(tmp_path: Path) -> None:
    """The scans kept in .cache/discovery.msgpack: a second run equals the first; after an
    edit, the run equals one without the cache; a damaged cache file is read as empty."""
    root = project(tmp_path)
    config = load_config(root)
    cold = find_suggestions(config)
    kept = root / ".cache" / "discovery.msgpack"
    assert kept.is_file()
    assert find_suggestions(config) == cold
    (root / "content" / "notes.md").write_text(NOTES + "\n赵六表示，Quillby 模型很快。\n", encoding="utf-8")
    again = find_suggestions(config)
    assert {"赵六", "Quillby"} <= {s.name for s in again}
    kept.unlink()
    assert find_suggestions(config) == again
    kept.write_bytes(b"\x93not msgpack")
    assert find_suggestions(config) == again
    # well-formed, but not what the code writes: a bracket pair in a paragraph the document lacks
    kind, salt, entries = unpack(kept.read_bytes())
    kept.write_bytes(pack((kind, salt, {key: (*record[:6], ((999, "黄仁勋", 0, "Jensen Huang", 4, {}),))
                                        for key, record in entries.items()})))
    assert find_suggestions(config) == again


USES = ("英伟达已与 Pelkora Images 合作训练模型。云服务提供商 Trovex 预计明年收入翻倍。Drennic的Mavlo很好用。"
        "这笔投资来自 General Zephyr 和 Quorrin Hallet 。Sobrane欲投资Trovex。根据 Brisk Capital 的 Tomas Verhelt "
        "分享的数据，增长很快。\n\n"
        "据金融时报报道，阿里巴巴达摩院介绍了新成果。马斯克、特朗普等名人都在用。"
        "该功能已经在Wuvo中开放。数据托管在 Blorpress 上。基于Nimbrix™的内容引擎。"
        "超级芯片GH200 Grace Hopper已投产。\n\n"
        "谷歌、Meta、字节跳动、苹果和OpenAI等科技巨头都是客户。字节跳动的业务很多。"
        "它帮助公司为各种媒介生成文案。即使是最先进的模型仍会产生错误。在大模型对战平台上排名第一。\n")


def test_what_the_text_does_with_a_latin_name_gives_its_kind(tmp_path: Path) -> None:
    """An organisation: a partner (与 X 合作), after what it is (提供商 X), owning a name (X的Mavlo),
    investing (X欲投资), after 来自 even with a first name's shape (General Zephyr); a newspaper
    (金融时报) and an institute (阿里巴巴达摩院) by their suffix. A person: listed before 等名人. A
    product: something is done in it (在Wuvo中), hosted on it (托管在), a trademark sign, a model
    number's run with a first name in it (GH200 Grace Hopper). No name: a piece of a longer one
    jieba cut (字节|跳动), a verb and 公司 (帮助公司), an unknown word led by a preposition after a
    product's word (模型|对战)."""
    found = suggested(tmp_path, "u.md", "用法", USES)
    kinds = kinds_of(found)
    companies = ("Pelkora Images", "Trovex", "Drennic", "Sobrane", "General Zephyr", "Quorrin Hallet", "金融时报",
                 "阿里巴巴达摩院", "字节跳动", "谷歌", "Meta")
    assert {name: kinds.get(name) for name in companies} == dict.fromkeys(companies, "company")
    products = ("Mavlo", "Wuvo", "Blorpress", "Nimbrix", "GH200 Grace Hopper")
    assert {name: kinds.get(name) for name in products} == dict.fromkeys(products, "product")
    assert kinds.get("特朗普") == kinds.get("Tomas Verhelt") == "person"  # an owner's 的 does not outweigh a first name
    assert not {"字节", "帮助公司", "对战", "Grace Hopper"} & set(kinds)


def test_a_year_or_a_role_glued_to_a_name_is_split_off_and_a_size_makes_a_model(tmp_path: Path) -> None:
    """Zorvik2024 is Zorvik in 2024, Zorvik CPO its officer, Zorvik 2025年 a date: none is a
    name of its own, nor a model by its digits. Quillon 12B: a model, by its size."""
    text = ("我最希望Zorvik2024实现几个目标。Zorvik CPO / 首席产品官 Lena Moravec 表示很满意。"
            "Zorvik 2025年会更好。\n\nQuillon 12B 正式发布，同时支持图像。\n")
    found = suggested(tmp_path, "y.md", "年", text)
    kinds = kinds_of(found)
    assert not {"Zorvik2024", "Zorvik CPO", "Zorvik 2025", "CPO"} & set(kinds)
    assert kinds.get("Zorvik") != "product"
    assert kinds.get("Quillon") == "product"
    assert set(kinds) == {"Zorvik", "Lena Moravec", "Quillon"}


def test_a_latin_name_nothing_decides_is_a_product_by_a_models_shape_else_a_company(tmp_path: Path) -> None:
    """No word around them says what they are: case mixed inside a word (ZimBook, QRTs) is a
    product's shape; a plain capitalised word is taken for a company."""
    text = "她之前负责设计 ZimBook 的硬件，也看过 QRTs，后来去了 Korvane。\n"
    found = suggested(tmp_path, "m.md", "形", text)
    assert {s.name: s.kind for s in found} == {"ZimBook": "product", "QRTs": "product", "Korvane": "company"}


def test_a_generic_head_is_never_a_name_alone(tmp_path: Path) -> None:
    """团队 after a name is that name's team (Zorvik 团队、Lena、Tomas Verhelt), and a head
    like it is no name even among names (Korvane、团队、Quillon)."""
    text = ("感谢 Zorvik 团队、Lena Moravec、Tomas Verhelt 的帮助。\n\n"
            "Korvane、团队、Quillon 和 Drennic 都在投资。\n")
    found = suggested(tmp_path, "t.md", "队", text)
    names = forms_of(found)
    assert "团队" not in names
    assert {"Zorvik", "Lena Moravec", "Tomas Verhelt", "Korvane", "Quillon", "Drennic"} <= names


def test_a_phrase_before_an_organisations_suffix_is_no_name(tmp_path: Path) -> None:
    """More than one verb before 公司 (应该|改名|叫) makes a phrase; one verb is part of many
    names (深度|求索), and a long name of an institute keeps its eight characters."""
    text = ("有人说 Zorvik 应该改名叫开放金钱最大化公司。深度求索公司没有回应。"
            "北京智源人工智能研究院表示支持。马斯克会要求特斯拉公司降价。\n")
    found = suggested(tmp_path, "p.md", "名", text)
    names = forms_of(found)
    assert not {n for n in names if "改名" in n or "要求" in n}
    assert {"深度求索公司", "北京智源人工智能研究院", "特斯拉公司"} <= names


def test_the_owner_of_a_model_is_a_company_and_a_model_keeps_its_experts_size(tmp_path: Path) -> None:
    """Zorvik的多模态大模型, Zorvik的开发主管: Zorvik owns models and employs people, a company,
    though its model Zorvik 8×22B (eight experts of 22B: the whole name, not a version of
    Zorvik) is a product."""
    text = ("Zorvik的多模态大模型来了！Zorvik的开发主管表示很满意。\n\n"
            "模型有 Zorvik 8×22B 以及开源模型 Quillon。Zorvik 8×22B 很快。\n")
    found = suggested(tmp_path, "o.md", "主", text)
    kinds = kinds_of(found)
    assert kinds["Zorvik"] == "company"
    assert kinds["Zorvik 8×22B"] == "product"
    assert "Zorvik 8×22B" not in next(s for s in found if s.name == "Zorvik").aliases


def test_a_device_before_a_name_makes_it_a_product(tmp_path: Path) -> None:
    """AR 眼镜 Zorvane, 头显 Quillon: named after what device they are."""
    text = "她负责监督 AR 眼镜 Zorvane 的创建，也参与了头显 Quillon 的设计。\n"
    found = suggested(tmp_path, "d.md", "设备", text)
    assert {s.name: s.kind for s in found} == {"Zorvane": "product", "Quillon": "product"}


def test_a_latin_name_glued_after_a_companys_chinese_name_is_its_product(tmp_path: Path) -> None:
    """谷歌Zelio: what a company the text shows (旗下, 的创始人) makes; 投资Quillon: a verb
    before it is no maker."""
    text = "谷歌旗下有很多产品。谷歌的创始人表示满意，谷歌Zelio成了第二个供应商。很多人均投资Quillon。\n"
    found = suggested(tmp_path, "g.md", "粘", text)
    kinds = {s.name: s.kind for s in found}
    assert kinds["Zelio"] == "product"
    assert kinds["谷歌"] == kinds["Quillon"] == "company"


def test_a_phrase_jiebas_dictionary_tags_an_organisation_is_no_name(tmp_path: Path) -> None:
    """重大进展 and 招人 are organisations in jieba's dictionary, rarely seen, and two everyday
    words each; 中国银联, as rare, starts with a place's name and stays one."""
    text = "下一步的重大进展在等待新方法。Zorvik 明年还会招人。中国银联表示支持。\n"
    found = suggested(tmp_path, "n.md", "词", text)
    kinds = {s.name: s.kind for s in found}
    assert not {"重大进展", "招人"} & set(kinds)
    assert kinds["中国银联"] == "company"


def test_a_famous_persons_name_the_dictionary_knows_well_is_a_name_where_a_cue_shows_it(tmp_path: Path) -> None:
    """李彦宏 and 杨元庆 are person's names jieba's dictionary has seen often (common words by
    their frequency): a title before one, a speech verb after one, or a transcript's label (杨元庆：)
    shows the person. Everyday words it tags a person's are not names for all that: 卫星 and 顾问
    (two characters), 白皮书 (a surname's character and an everyday word) before a speech verb."""
    text = ("公司董事长兼CEO杨元庆出席了活动。李彦宏表示，模型会越来越便宜。\n\n杨元庆：我们欢迎大家。\n\n"
            "卫星表示信号正常。顾问认为可行。白皮书指出了问题。\n")
    found = suggested(tmp_path, "f.md", "名人", text)
    assert {s.name: (s.kind, s.count) for s in found} == {"杨元庆": ("person", 2), "李彦宏": ("person", 1)}


def test_a_verb_or_a_preposition_glued_before_a_name_is_no_part_of_it(tmp_path: Path) -> None:
    """攻读|北京大学: a name the dictionary holds whole takes no everyday verb before it (驻 of
    中国驻美国大使馆 is part of one); 整理自黄仁勋: jieba glued a preposition to a name it does not
    know; a name it does not know of a surname and two characters is a person's, cue or not
    (曾与吴恩达一起工作)."""
    text = ("他后来攻读北京大学研究生。中国驻美国大使馆表示反对。本文内容整理自黄仁勋和杨元庆的对话。"
            "他曾与吴恩达一起工作。\n")
    found = suggested(tmp_path, "v.md", "动词", text)
    assert {s.name: s.kind for s in found} == {"北京大学": "company", "中国驻美国大使馆": "company",
                                               "黄仁勋": "person", "吴恩达": "person"}


def test_function_words_generic_heads_and_descriptions_are_no_chinese_names(tmp_path: Path) -> None:
    """这一 (a pronoun and a numeral jieba joined) after a product's word, an official website
    after an owner's 的 (游戏官网), a kind of university (国立大学) are no names; a university's
    own name is one (新加坡国立大学)."""
    text = ("在浏览器插件这一领域中竞争很激烈。朝夕光年是字节跳动的游戏官网。首尔国立大学医院的研究人员。"
            "他毕业于新加坡国立大学。\n")
    found = suggested(tmp_path, "w.md", "词", text)
    names = forms_of(found)
    assert not {"这一", "官网", "游戏官网", "国立大学"} & names
    assert "新加坡国立大学" in names


def test_latin_names_of_outlets_systems_and_events_and_ids_in_links(tmp_path: Path) -> None:
    """A video's id in a link (watch?v=…) is no name; an event's year is no version (Zorvik
    MM 2012: the event Zorvik MM); a media outlet's head word (Tech, Guide, Insight) makes an
    organisation, not a company and a person (Quorrin India Tech); OS makes an operating system,
    and the systems listed with it are products too; a technology (液冷技术Velnar), a computer
    (Quillon超级计算机) and a service's version in brackets (Zelvo（中国版）) are products, and
    中国版 is no other name of it."""
    text = ("视频见 https://www.youtube.com/watch?v=EOZYI3F1g7c 。他曾获得Zorvik MM 2012最佳演示奖。"
            "来源：Quorrin India Tech,Brelly Guide,Quorrin Insight。我们在液冷技术Velnar上领先。"
            "Zeta OS、Linux和Windows都支持。Quillon超级计算机来了。Zelvo（中国版）的用户很多。\n")
    found = suggested(tmp_path, "l.md", "拉丁", text)
    kinds = kinds_of(found)
    assert not {"EOZYI3F1g7c", "Zorvik MM 2012", "Quorrin", "India Tech", "中国版"} & set(kinds)
    assert {name: kinds.get(name) for name in ("Quorrin India Tech", "Brelly Guide", "Quorrin Insight",
                                               "Zorvik MM")} == dict.fromkeys(
        ("Quorrin India Tech", "Brelly Guide", "Quorrin Insight", "Zorvik MM"), "company")
    products = ("Velnar", "Zeta OS", "Linux", "Windows", "Quillon", "Zelvo")
    assert {name: kinds.get(name) for name in products} == dict.fromkeys(products, "product")


def test_media_outlets_after_what_they_are_are_organisations(tmp_path: Path) -> None:
    """媒体机构 before a list of Latin names: each is an outlet, an organisation (ZelvoNet too,
    though its head Net is a product's)."""
    text = "法院驳回了媒体机构Quorrin Story和ZelvoNet的诉讼。\n"
    found = suggested(tmp_path, "m.md", "媒体", text)
    assert {s.name: s.kind for s in found} == {"Quorrin Story": "company", "ZelvoNet": "company"}


def test_everyday_words_listed_after_where_people_come_from_are_organisations(tmp_path: Path) -> None:
    """微软 (an adjective in jieba's dictionary) and 百度 (a noun) are names in a list after 来自
    that holds another name; in a list that nothing leads, one other name is not enough
    (领域、市场和 Quillon)."""
    text = "团队成员来自微软、Quillon 和百度。领域、市场和 Quillon 都在变化。\n"
    found = suggested(tmp_path, "c.md", "来自", text)
    kinds = {s.name: s.kind for s in found}
    assert kinds["微软"] == kinds["百度"] == "company"
    assert not {"领域", "市场"} & set(kinds)


def test_a_products_team_and_a_new_release_make_no_company(tmp_path: Path) -> None:
    """Zelvo团队 and Zelvo这类视频生成模型: a product has a team, and the model's words outweigh
    it; 新的 before a name announces a release of a product (新的QTX)."""
    text = "如Zelvo团队中就有物理系校友。Zelvo这类视频生成模型，也被定义为模拟器。我们先来谈谈QTX，新的QTX。\n"
    found = suggested(tmp_path, "t.md", "团队", text)
    assert {s.name: s.kind for s in found} == {"Zelvo": "product", "QTX": "product"}


def test_a_speech_verb_after_two_capitalised_words_shows_a_person_only_with_a_first_name(tmp_path: Path) -> None:
    """Zorvik Cloud 宣布: two capitalised words are a person's full name by their shape only when
    the first is a given name (Tomas Verhelt 表示); a company speaks and announces too."""
    text = "Zorvik Cloud 宣布在 Zorvik 上部署新模型。Tomas Verhelt 表示很满意。\n"
    found = suggested(tmp_path, "s.md", "说", text)
    kinds = kinds_of(found)
    assert kinds["Zorvik Cloud"] != "person"
    assert kinds["Tomas Verhelt"] == "person"


def test_two_words_in_pinyin_ending_in_a_surname_are_a_person(tmp_path: Path) -> None:
    """Jiaxun Zhao and Mingrui Tan, in a list of authors with no cue, are people by their shape:
    pinyin syllables and a common surname last; Tongyi Qianwen ends in no surname."""
    text = "作者名单：\n\nJiaxun Zhao\n\nMingrui Tan\n\n我们测试了 Tongyi Qianwen。\n"
    found = suggested(tmp_path, "p.md", "作者", text)
    kinds = {s.name: s.kind for s in found}
    assert kinds["Jiaxun Zhao"] == kinds["Mingrui Tan"] == "person"
    assert kinds.get("Tongyi Qianwen") != "person"


def test_a_research_groups_name_is_an_organisation(tmp_path: Path) -> None:
    """A short name in brackets after a group's Chinese name (研究团队 (QuorAI)), a group named
    before 小组 (Zelvex TRAX 小组), and a lab named after its parent that the text shows to be an
    organisation (Zelvex DeepQuor: DeepQuor 公司) are organisations, no products of their parent."""
    text = ("她在 Zelvex 基础研究团队 (QuorAI) 实习。他是 Zelvex TRAX 小组的成员。DeepQuor 公司发布了新模型。"
            "Zelvex DeepQuor 的研究员来自伦敦。Zelvex 推出了 Zelvex Pad。\n")
    found = suggested(tmp_path, "g.md", "小组", text)
    kinds = kinds_of(found)
    assert kinds["QuorAI"] == kinds["Zelvex TRAX"] == kinds["Zelvex DeepQuor"] == "company"
    assert kinds["Zelvex Pad"] == "product"


def test_a_range_of_chatbots_and_a_name_said_to_be_an_llm_are_products(tmp_path: Path) -> None:
    """聊天机器人（从 Qorla 到 Vexi 和 Zunda）: a range of what the word before names; Marvo 是……
    LLM: what the name is said to be."""
    text = "当时的聊天机器人（从 Qorla 到 Vexi 和 Zunda）都有局限。Marvo 是我一直在用的第一个LLM。\n"
    found = suggested(tmp_path, "r.md", "机器人", text)
    assert {s.name: s.kind for s in found} == {"Qorla": "product", "Vexi": "product", "Zunda": "product",
                                               "Marvo": "product"}


def test_a_latin_name_keeps_its_letters_with_diacritics(tmp_path: Path) -> None:
    """Hakkani-Tür is not cut at ü (no Hakkani-T), and with a first name before it is a person."""
    text = "Dilek Qarani-Tür 是一名教授。Jörg Vossmann 说了一句话。\n"
    found = suggested(tmp_path, "d.md", "教授", text)
    assert {s.name: s.kind for s in found} == {"Dilek Qarani-Tür": "person", "Jörg Vossmann": "person"}


def test_an_unknown_word_of_a_persons_shape_with_an_organisations_words_is_a_company(tmp_path: Path) -> None:
    """殷莱 is a surname and one character, unknown to the dictionary: 殷莱宣布 alone would make
    it a person; 加入殷莱, 殷莱的员工 and 离开殷莱 show it is an organisation."""
    text = "他正式加入殷莱。殷莱宣布新计划。殷莱的员工都很高兴。两年后他离开殷莱，创办了自己的公司。\n"
    found = suggested(tmp_path, "y.md", "加入", text)
    assert {s.name: s.kind for s in found}.get("殷莱") == "company"


def test_a_head_after_an_owners_of_makes_no_company(tmp_path: Path) -> None:
    """Quorvex 的 Zelda 负责人: a product's head, after its owner's 的; Vantrel 负责人 alone is an
    organisation's (a weak sign), Quorvex 公司 a stronger one."""
    text = "Brooks 曾是 Quorvex 的 Zelda 负责人。Quorvex 公司发布了新模型。Vantrel 负责人没有回应。\n"
    found = suggested(tmp_path, "o.md", "负责人", text)
    kinds = {s.name: s.kind for s in found}
    assert kinds["Zelda"] == "product"
    assert kinds["Quorvex"] == kinds["Vantrel"] == "company"


def test_a_products_name_after_its_makers_is_the_products(tmp_path: Path) -> None:
    """Quorvex ZelDev, where the text names ZelDev alone and Quorvex as a company, is ZelDev (one
    suggestion, not a third name); Quorvex Brainlab, after Brainlab 公司, stays an organisation."""
    text = ("Quorvex 公司发布了 ZelDev 系统。《Quorvex ZelDev 改写了排序算法》。Brainlab 公司的研究员"
            "来自 Quorvex Brainlab 实验室。\n")
    found = suggested(tmp_path, "m.md", "系统", text)
    by = by_form(found)
    assert by["Quorvex ZelDev"] is by["ZelDev"] and by["ZelDev"].kind == "product"
    assert by["Quorvex Brainlab"] is not by["Brainlab"]


def test_a_universitys_branch_is_one_organisation_with_the_university_in_its_name(tmp_path: Path) -> None:
    """卡兰多大学北岭 - 西湖分校: the whole branch's name, across the hyphen; the university's
    name only inside the branch's is no suggestion of its own, nor 西湖分校 cut from it."""
    text = "机构：卡兰多大学北岭 - 西湖分校（美国）\n\n她目前是卡兰多大学西湖分校的博士生。\n"
    found = suggested(tmp_path, "u.md", "分校", text)
    kinds = kinds_of(found)
    assert kinds["卡兰多大学北岭 - 西湖分校"] == kinds["卡兰多大学西湖分校"] == "company"
    assert "卡兰多大学" not in kinds and "西湖分校" not in kinds


def test_a_lower_case_letter_and_a_number_is_a_models_name(tmp_path: Path) -> None:
    """q7 and q7-mini are models' names, though they start in lower case; v2 is a version's mark
    and e2e an abbreviation, no names."""
    text = "从 GPT-4 再到最近的 q7，以及 q7-mini。新的 v2 接口支持 e2e 测试。\n"
    found = suggested(tmp_path, "q.md", "模型", text)
    kinds = kinds_of(found)
    assert kinds["q7"] == kinds["q7-mini"] == "product"
    assert not {"v2", "e2e"} & set(kinds)


def test_a_name_said_to_be_a_student_or_a_professor_is_a_person(tmp_path: Path) -> None:
    """Qorvath Vessik 是……实验室 (QLab) 的博士生, Ulzar Oduya 现在是……教授: people, though no list
    of first names knows theirs; Zelvex 是一个模型 stays a product."""
    text = ("Qorvath Vessik 是卡兰多科学技术院（KIST）机器学习和人工智能实验室 (QLab) 的博士生，研究生成模型。"
            "Ulzar Oduya 现在是卡兰多理工学院教授，师从名家。Zelvex 是一个模型。\n")
    found = suggested(tmp_path, "s.md", "学生", text)
    kinds = kinds_of(found)
    assert kinds["Qorvath Vessik"] == kinds["Ulzar Oduya"] == "person"
    assert kinds["Zelvex"] == "product"


def test_a_first_name_without_its_diacritics_starts_a_persons_full_name(tmp_path: Path) -> None:
    """Joao (João) is a first name as written without its tilde; Joao Vexler is a person though
    Joao alone once takes a company's word (Joao 将……), and Joao joins his full name."""
    text = "感谢您的合作，Joao Vexler！重要的是，Joao 将继续致力于开源。\n"
    found = suggested(tmp_path, "j.md", "再见", text)
    by = by_form(found)
    assert by["Joao Vexler"].kind == "person"
    assert by["Joao"] is by["Joao Vexler"]


def test_a_lower_case_start_leans_product_once_not_at_every_mention(tmp_path: Path) -> None:
    """zQuant is named bare six times and twice as a company: the company's words decide, not
    its lower-case start counted at each mention; iWidget, with nothing around it, stays a product."""
    text = ("zQuant 公司今天发布了财报。zQuant 旗下有两个团队。"
            + "我们试用了 zQuant 的界面，zQuant 很快。" * 3 + "另外 iWidget 也上线了。\n")
    kinds = kinds_of(suggested(tmp_path, "z.md", "财报", text))
    assert kinds["zQuant"] == "company"
    assert kinds["iWidget"] == "product"


def test_a_surname_with_a_particle_makes_a_full_name(tmp_path: Path) -> None:
    """Pierre DeVaux and Marie McQuarrie are people's full names (a first name and a surname
    whose particle is glued to it), and DeVaux alone is one of Pierre's names, not a product
    for its mixed case."""
    text = "Pierre DeVaux 与 Marie McQuarrie 合写了这篇论文。后来 DeVaux 又写了一篇。\n"
    by = by_form(suggested(tmp_path, "p.md", "论文", text))
    assert by["Pierre DeVaux"].kind == by["Marie McQuarrie"].kind == "person"
    assert by["DeVaux"] is by["Pierre DeVaux"]


def test_a_first_name_after_a_title_is_a_person_though_it_announces(tmp_path: Path) -> None:
    """首席科学家 Orsolya 宣布离职: an announcement is an organisation's act too, but a first name
    after a title is a person's."""
    text = "联合创始人兼首席科学家 Orsolya 宣布离职创业。\n"
    kinds = kinds_of(suggested(tmp_path, "o.md", "离职", text))
    assert kinds["Orsolya"] == "person"


def test_a_three_character_name_jieba_tags_a_persons_stays_one_among_company_words(tmp_path: Path) -> None:
    """王小明的 AI 公司, 王小明今天宣布正式创立了 AI 公司: he owns and founds a company, and is no
    company himself."""
    text = "王小明今天宣布正式创立了 AI 公司。在各种传闻之后，王小明的 AI 公司完成了融资。\n"
    kinds = kinds_of(suggested(tmp_path, "d.md", "融资", text))
    assert kinds["王小明"] == "person"


def test_a_comma_after_ru_leads_no_list_of_names(tmp_path: Path) -> None:
    """公司之一，如下图……，令人印象深刻: 如 there starts no list, and the everyday word after the
    clause is no name; 制造商（如中芯国际和华为） lists two companies."""
    text = ("这是华人最多的 AI 公司之一，如下图我做了红色标注，如他所说，令人印象深刻。"
            "受影响的企业包括芯片制造商（如中芯国际和华为）。\n")
    names = forms_of(suggested(tmp_path, "l.md", "名单", text))
    assert "令人" not in names
    assert "华为" in names


def test_the_trades_terms_are_no_names(tmp_path: Path) -> None:
    """Snowflake 的 VC 部门, the LP, the CFO: terms of the trade, not organisations."""
    text = "Snowflake 的 VC 部门也参与了投资，LP 们很满意，CFO 表示欢迎。VC 们也来了。\n"
    names = forms_of(suggested(tmp_path, "v.md", "投资", text))
    assert not {"VC", "LP", "CFO"} & names


def test_a_full_name_nothing_decides_is_a_persons(tmp_path: Path) -> None:
    """Zorvath Quillane, with no first name any list knows and nothing around it, is a person's
    full name; The Quillane Review (The, Review) and Quillane Capital (an organisation's word) are not."""
    text = "Zorvath Quillane 在会上。The Quillane Review 也在。Quillane Capital 也在。\n"
    kinds = kinds_of(suggested(tmp_path, "q.md", "会", text))
    assert kinds["Zorvath Quillane"] == "person"
    assert kinds["Quillane Capital"] == "company"
    assert kinds.get("The Quillane Review", "company") != "person"


def test_a_name_jieba_cut_in_two_owning_a_latin_name_is_a_name(tmp_path: Path) -> None:
    """来自零一万物的Yi-VL-Plus: 零一|万物, two words to jieba, own a Latin model's name, so they
    are one name; 领域的大佬 stays everyday words."""
    text = "在竞技场中，来自零一万物的Yi-VL-Plus排名第五。领域的大佬都来了。\n"
    names = forms_of(suggested(tmp_path, "y.md", "竞技场", text))
    assert "零一万物" in names
    assert "领域" not in names


def test_a_name_found_in_pieces_is_made_whole_by_what_is_around_it_everywhere(tmp_path: Path) -> None:
    """jieba cuts 月|之|暗面 and 百川|智能; the list shows 之暗面 and 百川 as names, and at every
    mention 月 comes before the one and 智能 after the other: the names are 月之暗面 and 百川智能.
    谷歌 is always after 在 and stays 谷歌 (a function word is no part of a name)."""
    text = ("与月之暗面、智谱AI、Minimax、百川智能等获得大厂投资的AI初创公司不同。"
            "在评测中，百度、月之暗面Kimi和百川智能Baichuan3都进入前五。他在谷歌工作，后来又在谷歌做研究。\n")
    names = forms_of(suggested(tmp_path, "m.md", "评测", text))
    assert {"月之暗面", "百川智能"} <= names
    assert not {"之暗面", "百川", "在谷歌"} & names


def test_two_words_jieba_cut_after_joining_or_before_leaving_are_an_organisation(tmp_path: Path) -> None:
    """入职字节|跳动, 从字节|跳动离职: one name of two everyday words, where people go and leave."""
    text = "她2023年3月入职字节跳动。今年5月，她被曝从字节跳动离职。\n"
    kinds = kinds_of(suggested(tmp_path, "b.md", "离职", text))
    assert kinds.get("字节跳动") == "company"


def test_an_organisations_title_after_an_everyday_word_makes_it_a_name(tmp_path: Path) -> None:
    """商汤董事长兼CEO徐立, 创新工场董事长李开复: 商汤 (an everyday word to jieba) is a company;
    创新|工场 is made whole though its first part is a verb (创新), not a lead verb (加入)."""
    text = ("对话二，与商汤董事长兼CEO徐立聊聊。对话一，同创新工场董事长李开复探讨。"
            "他之前在知乎、创新工场以及网易工作过。\n")
    kinds = kinds_of(suggested(tmp_path, "t.md", "对话", text))
    assert kinds.get("商汤") == "company"
    assert kinds.get("创新工场") == "company"
    assert "工场" not in kinds


def test_where_someone_worked_is_a_list_of_organisations(tmp_path: Path) -> None:
    """之前在百度、Zorblax 和英伟达工作: each a company, everyday words (百度) too, and the Latin
    name; 在家工作 and 在训练模型方面所做的工作 name nothing."""
    text = ("他 2023 年加入，之前在百度、Zorblax 和英伟达工作。她在家工作。"
            "我们在训练这些模型方面所做的工作很多。\n")
    kinds = kinds_of(suggested(tmp_path, "w.md", "履历", text))
    assert kinds.get("百度") == kinds.get("Zorblax") == kinds.get("英伟达") == "company"
    assert not {"家", "训练", "模型"} & set(kinds)


def test_a_list_number_glued_before_a_name_is_no_part_of_it(tmp_path: Path) -> None:
    """**5.Enoch Vexwall** and **12.Zhuohan Quillane**: the numbers of a list, the people whole
    (not Vexwall and Quillane alone)."""
    text = "**5.Enoch Vexwall** ：贡献者。\n\n**12.Zhuohan Quillane** ：研究工程师。\n"
    names = forms_of(suggested(tmp_path, "n.md", "名单", text))
    assert {"Enoch Vexwall", "Zhuohan Quillane"} <= names
    assert not {"Vexwall", "Quillane"} & names


def test_a_degree_is_no_part_of_the_university_after_it(tmp_path: Path) -> None:
    """本科中科大，博士斯坦福大学: the university is 斯坦福大学, not 博士斯坦福大学."""
    text = "他本科中科大，博士斯坦福大学，之后加入了研究团队。\n"
    names = forms_of(suggested(tmp_path, "d.md", "履历", text))
    assert "斯坦福大学" in names
    assert "博士斯坦福大学" not in names


def test_a_newspaper_that_speaks_is_no_person(tmp_path: Path) -> None:
    """The Quillane Gazette 称: a title starting with The speaks, and is no one's full name."""
    text = "The Quillane Gazette 称，这笔交易已经完成。\n"
    kinds = kinds_of(suggested(tmp_path, "g.md", "交易", text))
    assert kinds.get("The Quillane Gazette", "company") != "person"


def test_what_a_person_owns_may_be_a_company(tmp_path: Path) -> None:
    """王小明的 Zorvex 宣布完成融资: a person's 的 says nothing of a product (twice here), and the
    company's act decides."""
    text = "王小明的 Zorvex 宣布完成了融资。王小明的 Zorvex 也在招人。\n"
    kinds = kinds_of(suggested(tmp_path, "z.md", "融资", text))
    assert kinds.get("Zorvex") == "company"


def test_a_list_of_investors_is_a_list_of_organisations(tmp_path: Path) -> None:
    """参与的投资人包括了 Zorbalt、Quenfield Partners、Morwen Halley、Vexora: investors, though Morwen
    Halley has a person's shape (a first name and a surname)."""
    text = "本轮融资参与的投资人包括了 Zorbalt、Quenfield Partners、Morwen Halley、Vexora 等。\n"
    kinds = kinds_of(suggested(tmp_path, "i.md", "融资", text))
    assert kinds.get("Morwen Halley") == kinds.get("Zorbalt") == "company"


def test_a_lab_glued_after_its_parent_that_shows_itself_an_organisation_stays_one(tmp_path: Path) -> None:
    """谷歌Zorvind, where Zorvind团队 shows an organisation: a lab named after its parent (as Google
    DeepMind), not a product of 谷歌's like 谷歌Gemini."""
    text = ("谷歌公司今天发布了新闻。谷歌Zorvind的研究员写了论文。他现为Zorvind团队工作。"
            "谷歌Zorvind又发布了新论文。\n")
    kinds = kinds_of(suggested(tmp_path, "l.md", "研究", text))
    assert kinds.get("Zorvind") == "company"


def test_an_institution_or_a_studio_before_a_name_makes_it_an_organisation(tmp_path: Path) -> None:
    """研究机构 ZorBlen、设计工作室 QuenDra: organisations by what the text says they are, though
    a case mixed inside a word leans product."""
    text = "目前像研究机构 ZorBlen 就在用它。他的设计工作室 QuenDra 也在合作。\n"
    kinds = kinds_of(suggested(tmp_path, "o.md", "合作", text))
    assert kinds.get("ZorBlen") == kinds.get("QuenDra") == "company"


def test_a_name_something_marks_as_one_ranks_before_a_name_nothing_marks(tmp_path: Path) -> None:
    """Zorvath Quillane, three times and nothing around it (a paper's title words look the same),
    comes after Mira Quell, named once after a title and before a speech verb: a cue counts as
    one more document."""
    text = ("Zorvath Quillane 在会上。Zorvath Quillane 也在。Zorvath Quillane 来了。\n\n"
            "首席科学家 Mira Quell 表示同意。\n")
    suggestions = suggested(tmp_path, "r.md", "评论", text)
    found = by_name(suggestions)
    assert (found["Zorvath Quillane"].count, found["Zorvath Quillane"].cues) == (3, 0)
    assert (found["Mira Quell"].count, found["Mira Quell"].kind) == (1, "person") and found["Mira Quell"].cues > 0
    names = [s.name for s in suggestions]
    assert names.index("Mira Quell") < names.index("Zorvath Quillane")


def test_a_surname_and_name_the_dictionary_lacks_with_one_vote_of_an_organisation_is_a_person(tmp_path: Path) -> None:
    """柯澜, listed once with 与 beside a model (a weak vote of an organisation's), is a surname
    and a name jieba's dictionary does not know: a person. 马里兰, of the same shape but the
    dictionary's word, and 谷歌, listed with companies, stay organisations."""
    text = ("2017 年，在 AlphaGo 与柯澜的比赛之后，大家都在讨论。后来 AlphaGo 模型也公开了。\n\n"
            "马里兰、斯坦福和卡内基都有团队。谷歌、Meta、字节跳动等科技巨头也有。\n")
    kinds = kinds_of(suggested(tmp_path, "k.md", "围棋", text))
    assert kinds["柯澜"] == "person"
    assert kinds["马里兰"] == kinds["谷歌"] == "company"


def test_a_latin_name_ending_in_ai_that_nothing_decides_is_a_company(tmp_path: Path) -> None:
    """QuillVex AI and DeepQuill.AI, their case mixed like a product's (GlorpBook) but ending
    in AI as start-ups name themselves, are companies."""
    text = "会上有 QuillVex AI 的人。\n\nDeepQuill.AI 也来了。\n\nGlorpBook 很好用。\n"
    kinds = kinds_of(suggested(tmp_path, "ai.md", "会", text))
    assert kinds["QuillVex AI"] == kinds["DeepQuill.AI"] == "company"
    assert kinds["GlorpBook"] == "product"


def test_where_someone_joins_or_studies_and_a_glued_preposition_are_no_part_of_an_organisation(tmp_path: Path) -> None:
    """入职, 就读于, 出自 and the 由 jieba glued to 智源 end the words read back from an
    organisation's suffix: the name is the rest."""
    text = ("评测由智源研究院与两所大学共同建立。\n\n她博士就读于杜克大学。\n\n"
            "综合来看，杨红霞入职香港理工大学，并不冲突。\n\n这个模型出自清源实验室。\n")
    names = forms_of(suggested(tmp_path, "o.md", "机构", text))
    assert {"智源研究院", "杜克大学", "香港理工大学", "清源实验室"} <= names
    assert not {"评测由智源研究院", "由智源研究院", "就读于杜克大学", "杨红霞入职香港理工大学",
                "模型出自清源实验室"} & names


def test_the_maker_of_a_chip_a_list_of_employers_and_a_giant_are_organisations(tmp_path: Path) -> None:
    """谷歌的TPU: an unknown word owning a generic thing a firm makes (领域的API: an everyday
    word, no name); 任职于百度和亚马逊: each item of a list of employers, though the dictionary
    holds it; 云计算巨头阿里巴巴: a dictionary's foreign name after 巨头."""
    text = ("他认为谷歌的TPU是替代品。\n\n她曾任职于百度和亚马逊等科技大厂。\n\n"
            "连云计算巨头阿里巴巴都出手了。\n\n这是领域的API。\n")
    kinds = kinds_of(suggested(tmp_path, "m.md", "厂", text))
    assert {name: kinds.get(name) for name in ("谷歌", "百度", "亚马逊", "阿里巴巴")} == dict.fromkeys(
        ("谷歌", "百度", "亚马逊", "阿里巴巴"), "company")
    assert not {"领域", "这是领域"} & set(kinds)


def test_a_preposition_or_an_adverb_jieba_glued_after_a_name_makes_no_persons_name(tmp_path: Path) -> None:
    """李沐|在, 李沐|便: jieba's model of unknown words glues the next character to a name of
    two; a word of a surname and two characters is a person's only if its last is no function
    word (苟志斌 is)."""
    text = "而李沐在会上讲了三点。\n\n接下来，李沐便谈到了创业。\n\n会上，苟志斌介绍了新方法。\n"
    kinds = kinds_of(suggested(tmp_path, "g.md", "讲座", text))
    assert not {"李沐在", "李沐便"} & set(kinds)
    assert kinds["苟志斌"] == "person"


def test_pronouns_and_auxiliaries_of_a_title_are_no_part_of_a_name(tmp_path: Path) -> None:
    """Ask Me Anything: Me and Anything, like The and Of, break a run of capitalised words."""
    text = "他在 Reddit 的 Ask Me Anything 活动中回答了问题。\n"
    names = forms_of(suggested(tmp_path, "a.md", "问答", text))
    assert "Reddit" in names
    assert not {"Me Anything", "Ask Me Anything", "Me", "Anything"} & names


def test_the_venture_trades_verbs_and_a_title_are_no_names(tmp_path: Path) -> None:
    """领投的 A 轮 (a verb jieba does not know, owning a round), 投后 and 公司高管 are no organisations."""
    text = "Sequoia 领投的 A 轮融资完成，投后估值很高。\n\n他曾担任 Snap 公司高管。\n"
    names = forms_of(suggested(tmp_path, "v.md", "融资", text))
    assert not {"领投", "投后", "高管"} & names
    assert "Sequoia" in names


def test_latin_names_keep_an_apostrophe_and_a_surnames_particle_and_lose_a_leading_field(tmp_path: Path) -> None:
    """Adam D'Angelo is one name, not Adam D; Daniel De Freitas too (De is no first name here),
    and De Freitas alone is his; 法律 AI Harvey names Harvey, AI being the field."""
    text = ("Poe 创始人 Adam D'Angelo 说，计划很好。后来 Adam D'Angelo 也来了。\n\n"
            "创始人 Noam Shazeer 和 Daniel De Freitas 将对话 AI 带出谷歌。后来 De Freitas 加入了谷歌。\n\n"
            "法律 AI Harvey 又融资了。Harvey 增长很快。\n")
    found = by_form(suggested(tmp_path, "n.md", "人物", text))
    assert found["Adam D'Angelo"].kind == "person" and "Adam D" not in found
    assert found["De Freitas"].name == "Daniel De Freitas" and "Daniel" not in found
    assert "Harvey" in found and "AI Harvey" not in found


def test_a_firms_own_who_speaks_is_a_person_and_a_name_after_giant_an_organisation(tmp_path: Path) -> None:
    """Quorrin Capital 的 Zavek Morrell认为: an owner's 的 and a speech verb, a full name of no
    known first name: a person, not the firm's product. 芯片巨头高通: a word jieba's dictionary
    tags a person's, after 巨头, is an organisation."""
    text = "芯片巨头高通发布了新品。\n\nQuorrin Capital 的 Zavek Morrell认为，早期员工很重要。\n"
    kinds = kinds_of(suggested(tmp_path, "k.md", "投资", text))
    assert kinds["Zavek Morrell"] == "person"
    assert kinds["高通"] == "company"


def test_a_products_noun_a_code_name_and_a_rounds_investors_give_kinds(tmp_path: Path) -> None:
    """助理 Velto and 编辑器 Quillo (what it is, before it), Brisk语言 (after it) and Project Halcyon (a
    code name) are products; after 领投， the round's other investors (BlueYard, NorthPeak: a mixed
    case leans product) are organisations."""
    text = ("通用助理 Velto 排名第五。照片编辑器 Quillo 也上榜了。\n\n"
            "Brisk语言的作者说，它比旧语言快。\n\n"
            "他们展示了 Project Halcyon 的原型。\n\n"
            "这一轮由 Tamsin Ventures 领投，BlueYard、NorthPeak 跟投。\n")
    kinds = kinds_of(suggested(tmp_path, "p.md", "产品", text))
    for product in ("Velto", "Quillo", "Brisk", "Project Halcyon"):
        assert kinds.get(product) == "product", product
    assert kinds.get("BlueYard") == "company" and kinds.get("NorthPeak") == "company"


def test_dictionary_firms_by_what_they_do_their_units_and_a_list_of_firms(tmp_path: Path) -> None:
    """Names jieba's dictionary holds as everyday words: ，腾讯推出 (opening a clause, doing what
    firms do), 特斯拉 of 特斯拉智能计算研究院 (a unit named after it) and 华为 in a list closed by 等公司
    are organisations; 等公司做过 (a verb and its particle), ，新一轮融资 and 最佳论文发布 name nothing."""
    files = {"a.md": "---\ntitle: 一\n---\n特斯拉智能计算研究院发布了新模型。\n\n"
                     "他曾在 Quillon Labs、微软、华为和字节等公司做过研究。\n",
             "b.md": "---\ntitle: 二\n---\n今天，腾讯推出了新的模型。很多人喜欢特斯拉。\n\n"
                     "最佳论文发布了，新一轮融资也完成了。\n"}
    found = by_form(find_suggestions(load_config(make_project(tmp_path, files))))
    for firm in ("腾讯", "特斯拉", "华为"):
        assert firm in found and found[firm].kind == "company", firm
    assert found["特斯拉"].documents == 2
    assert not {"做过", "新一轮", "论文"} & set(found)


def test_what_a_product_is_said_to_be_around_it_and_its_owners_de(tmp_path: Path) -> None:
    """The kind of thing before (系统, 平台, 智能体, 接口, 引擎, 博客, 播客; 产品叫), after
    (编码器, 扩展, 论坛, 代码; 一样的工具), a list of models after 模型（如 or 模型：, and an owner's
    的 when the collection shows the owner an organisation (微软的Azure: 微软 is an adjective
    to jieba's dictionary): products, where each name has nothing else to go by."""
    text = ("语音合成系统 Tarvel 很快。教育平台 Gorlin 上榜。智能体Pexor 会写代码。语音接口Quarn 上线了。"
            "物理引擎Velmo 开源了。博客 Dravel 更新了。播客 Sorbin 请来了嘉宾。\n\n"
            "他们的产品叫 Hobrin。\n\n"
            "Kestel编码器很小，Brandl扩展也能用。他在Wexor论坛发帖，用纯Zorath代码写成。\n\n"
            "它不过是像 Plumet 一样的工具。开源模型（如Cravix）追上了闭源模型。新架构模型：Lorent、Fennic。\n\n"
            "澜舟集团发布了新模型。此次合作包括了澜舟集团的Tolvane。\n")
    kinds = kinds_of(suggested(tmp_path, "p.md", "产品", text))
    for product in ("Tarvel", "Gorlin", "Pexor", "Quarn", "Velmo", "Dravel", "Sorbin", "Hobrin",
                    "Kestel", "Brandl", "Wexor", "Zorath", "Plumet", "Cravix", "Lorent", "Fennic", "Tolvane"):
        assert kinds.get(product) == "product", product
    assert kinds.get("澜舟集团") == "company"


def test_organisations_by_their_last_word_and_by_their_researchers(tmp_path: Path) -> None:
    """Global, Microsystems and Brain end organisations' names (Tiger Global, Sun Microsystems,
    Google Brain: the lab of a firm the text names is no product of it); a name followed by its
    研究员, 科学家 or 工程师 is their employer."""
    text = ("Zentra 发布了新模型，Zentra 公司很大。Zentra Brain 的论文也很有名。\n\n"
            "Quorra Global 和 Velik Microsystems 都投资了。\n\n"
            "DeepVelto研究员张伟说，这是一个新方法。\n")
    kinds = kinds_of(suggested(tmp_path, "o.md", "机构", text))
    for organisation in ("Zentra Brain", "Quorra Global", "Velik Microsystems", "DeepVelto"):
        assert kinds.get(organisation) == "company", organisation


def test_what_is_proposed_called_or_built_on_is_a_product(tmp_path: Path) -> None:
    """A name after 提出, 调用, 下载, 安装, 打开 or 微调 is a product's, and so are those 基于 leads
    (基于 Lumora、Tessik 和 Quandel 的架构); not one whose 的 says what a thing is made of (基于
    Varnok 的芯片: an architecture's firm, which nothing else here decides)."""
    text = ("他们提出 Borvex 来改善训练。\n\n"
            "开发者可以调用 Pindrel 写代码，也可以下载 Sarnik 试试，或者安装 Melvar。\n\n"
            "这是一种基于 Lumora、Tessik 和 Quandel 的架构。\n\n"
            "这家公司推出了基于 Varnok 的芯片。\n")
    kinds = kinds_of(suggested(tmp_path, "p.md", "产品", text))
    for product in ("Borvex", "Pindrel", "Sarnik", "Melvar", "Lumora", "Tessik", "Quandel"):
        assert kinds.get(product) == "product", product
    assert kinds.get("Varnok") == "company"


def test_a_latin_name_in_a_titles_brackets_is_a_product_but_not_a_journal_publishing(tmp_path: Path) -> None:
    """《Zorvane》 and 《Quillet Forge》 are products, as a name in quotes is; a journal that
    publishes (在《Nebrix》上发表) or reports (《Tavolo》报道) is not made one."""
    text = ("最近，我被《Zorvane》和《Quillet Forge》深深打动了。\n\n"
            "他们在《Nebrix》上发表了论文。《Tavolo》报道了这件事。\n")
    kinds = kinds_of(suggested(tmp_path, "p.md", "产品", text))
    assert kinds.get("Zorvane") == "product" and kinds.get("Quillet Forge") == "product"
    assert kinds.get("Nebrix") == "company" and kinds.get("Tavolo") == "company"


def test_a_latin_name_after_a_companys_chinese_name_and_a_space_is_its_product(tmp_path: Path) -> None:
    """澜舟 Verdo, with a space between, is a product of 澜舟 (a company by its 公司) as 澜舟Verdo is."""
    text = "澜舟公司发布了新模型。昨天澜舟 Verdo 的新版出来了。\n"
    kinds = kinds_of(suggested(tmp_path, "p.md", "产品", text))
    assert kinds.get("澜舟") == "company" and kinds.get("Verdo") == "product"


def test_names_in_brackets_after_what_they_are_are_products(tmp_path: Path) -> None:
    """数据系统（Pellow）, 审计方法（Robarn Tesk、Mandrel） and 训练集群（如 Tovik）: named in brackets
    right after what they are, products."""
    text = ("他的研究包括机器学习数据系统（Pellow）、模型审计方法（Robarn Tesk、Mandrel）。\n\n"
            "团队有构建训练集群（如 Tovik）的经验。\n")
    kinds = kinds_of(suggested(tmp_path, "p.md", "产品", text))
    for product in ("Pellow", "Robarn Tesk", "Mandrel", "Tovik"):
        assert kinds.get(product) == "product", product


def test_code_ends_a_products_name_and_an_organisations_word_inside_it_makes_no_firm(tmp_path: Path) -> None:
    """Kestrel Studio Code ends in Code, a product's head: its Studio (an organisation's word at the
    end of Kestrel Studio) makes no organisation of it, and Brovex, listed with it, is a product too."""
    text = "Kestrel Studio Code、Brovex 都很流行。\n"
    kinds = kinds_of(suggested(tmp_path, "p.md", "产品", text))
    assert kinds.get("Kestrel Studio Code") == "product" and kinds.get("Brovex") == "product"


def test_a_name_like_which_an_ide_is_is_a_product(tmp_path: Path) -> None:
    """像 Corvel 这样的 AI IDE: Corvel is one."""
    text = "像 Corvel 这样的 AI IDE 在开发者中很流行。\n"
    assert kinds_of(suggested(tmp_path, "p.md", "产品", text)).get("Corvel") == "product"


def test_a_name_its_followers_are_counted_on_is_a_product(tmp_path: Path) -> None:
    """180万Plinko关注者, Vesmir 的粉丝: the platform they follow someone on is a product."""
    text = "她是一位拥有180万Plinko关注者的网红。目前在 Vesmir 的粉丝已经超过了20万。\n"
    kinds = kinds_of(suggested(tmp_path, "p.md", "产品", text))
    assert kinds.get("Plinko") == "product" and kinds.get("Vesmir") == "product"


def test_a_remark_in_brackets_saying_what_a_name_is_gives_its_kind(tmp_path: Path) -> None:
    """Tolvin Relay（一个让模型在本地运行的项目） and Gavrel（最流行的训练框架之一）: products, by what the
    remark after them says they are; not Marlow（一家模型托管平台）, a firm hosting a platform."""
    text = ("他是 Tolvin Relay（一个让模型在本地运行的项目）的社区经理。\n\n"
            "没有 Gavrel（最流行的训练框架之一）就没有今天。\n\n"
            "该小组选择在 Marlow（一家模型托管平台）发布。\n")
    kinds = kinds_of(suggested(tmp_path, "p.md", "产品", text))
    assert kinds.get("Tolvin Relay") == "product" and kinds.get("Gavrel") == "product"
    assert kinds.get("Marlow") != "product"


def test_what_is_customised_is_a_product(tmp_path: Path) -> None:
    """自定义 Prevo 的名字, 定制 Sarlow: what one customises is a product."""
    text = "你可以自定义 Prevo 的名字。很多人也想定制 Sarlow。\n"
    kinds = kinds_of(suggested(tmp_path, "p.md", "产品", text))
    assert kinds.get("Prevo") == "product" and kinds.get("Sarlow") == "product"


def test_a_name_a_products_noun_is_said_to_be_is_a_product(tmp_path: Path) -> None:
    """后端是 Quorvel, 默认框架都是 Tamsik: what a product's noun is said to be is a product."""
    text = "他们提供专有实例（后端是Quorvel）。当时的默认框架都是 Tamsik。\n"
    kinds = kinds_of(suggested(tmp_path, "p.md", "产品", text))
    assert kinds.get("Quorvel") == "product" and kinds.get("Tamsik") == "product"
