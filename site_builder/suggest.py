"""`site-builder entities suggest`: the people, organisations and products the content names
that the entity registry does not know yet, with counts, an example sentence and the other
forms of each name, printed as YAML or a table; the same candidates give `entities: discover`
its pages (discovery.py).

Where names come from, in every paragraph of every document (one pass, then one more to count
the Chinese names found anywhere):

1. jieba's parts of speech (segment.py): person (nr), organisation (nt) and other proper nouns
   (nz), never a common word of its dictionary unless the text shows it is a name (a famous
   person's, which the dictionary has seen often, with a title or a speech verb: CEO杨元庆;
   an everyday word in a list of names, 来自微软、Google 和百度); a word it does not know of a
   surname and two characters (吴恩达) is a person's;
2. the patterns of Chinese news: a name and its other form in brackets (黄仁勋（Jensen Huang）:
   one entity, both names), a title or role before a person (创始人, CEO, 首席科学家) or a speech
   verb after one (表示, 指出), a transcript's speaker (杨元庆：), an organisation's suffix (公司,
   集团, 实验室, 研究院, 大学, 基金会), transliterated names with a middle dot (萨姆·奥特曼), a
   byline (文｜匡萃彪);
3. Latin names in the text: runs of capitalised words (Hugging Face, GPT-4, iPhone).

Every mention votes for a kind from what is around it (表示 after a full name: a person; 公司
after it, or its CEO, or 是一家……公司, or a model or an employee after its 的 (Mistral的多模态
大模型, Mistral的开发主管), or what it is before it (媒体机构, 提供商), or an outlet's English head
(Tech, Guide): an organisation; 模型, 芯片 or 眼镜 before or after it, a version
number or a model's size (Pixtral 12B), an English head noun (Image Creator, SDK, …LM), a
name's 的 before it, quotes around a Latin name, what 是 says it is (是……的云服务), 新的 or a
technology before it (液冷技术Neptune), a version in brackets after it (（中国版）), a list after
a product word (功能，比如 A、B) or in brackets after one (数据系统（Meerkat））, a verb of use before
it (调用, 下载, 安装, 微调, 自定义; 基于 without a 的 after it), a title's brackets (《Artifacts》, not
where a journal publishes), a remark in brackets saying what it is (（一个……项目）), its followers
(Instagram 的粉丝), a product's noun said to be it (后端是 Azure): a product), and a name takes
the kind most of its mentions say; a Latin name that extends another (Google Home, GPT-Neo), or glued after a company's
Chinese name (微软Azure, 微软 Bing), is a product, and one with no vote takes the kind of the names it is
listed with, passed along the list from the items whose mentions decide, or else its shape's
(digits, a lower-case start, case mixed inside a word, MacBook, GPTs: a product; a company).
Forms of one entity are merged: bracket pairs, a transliteration and its surname (埃隆·马斯克,
马斯克), a full name and its last word (Ilya Sutskever, Sutskever), a company with and without
its legal form (特斯拉公司, 特斯拉), spellings that differ in case (MiniMax, Minimax), a name
and its web address (Watsonx.ai, Watsonx). Names the registry holds, under any name or alias,
and names in site.yaml's `entities: ignore` are left out; the rest are ranked by the documents
naming them, then by mentions.
"""

from __future__ import annotations

import os
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import ahocorasick
import yaml

from site_builder import segment
from site_builder.cjk import HAN
from site_builder.config import Config
from site_builder.diagnostics import Diagnostic
from site_builder.loader import discover, load_document
from site_builder.markdown import RenderContext, render
from site_builder.mentions import Matcher
from site_builder.registry import Registry, load_registry, name_key, section_of
from site_builder.sentences import MAX_CHARS, sentence_span
from site_builder.slugs import slugify

KINDS = ("person", "company", "product")

# Middle-dot variants writers use inside transliterated names (萨姆·奥特曼): one form, same length.
_DOTS = str.maketrans({"・": "·", "•": "·", "‧": "·", "･": "·", "⋅": "·"})
_HAN = re.compile(f"[{HAN}]")

# --------------------------------------------------------------------------- Latin names

# Latin letters with diacritics inside a word, where names from Europe have them (Hakkani-Tür, Müller):
# a name is not cut at its first such letter
_ACCENTED = "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u017f"
# OpenAI, iPhone, GPT-4, Kai-Fu, X.ai
# (and o1, o3-mini: a model's lower-case letter and number, not v2, a version's, nor e2e: _MODEL_WORD)
_WORD = (rf"(?:[A-Z]|[a-z](?=[A-Z])|[a-uw-z](?=[0-9]))[A-Za-z0-9{_ACCENTED}]*"
         rf"(?:[-.&+][A-Za-z0-9{_ACCENTED}]+|['’][A-Z][a-z{_ACCENTED}]+)*")  # (D'Angelo, O’Brien)
_MODEL_WORD = re.compile(r"[a-z][0-9]+(?:-[a-z]+)*")
# Kling 1.5, Mochi 1, XR2; Mistral 8×22B, Mixtral 8x7B (experts × their size: a model's whole name)
_VERSION = r"(?: (?:[0-9]+[x×][0-9]+[BMK]|[0-9][0-9.]*[A-Za-z]?|[A-Z]{1,3}[0-9]*)(?![A-Za-z0-9]))?"
# Not inside a longer Latin token, a URL, a path, a domain or a query's value (www.Example.com, /Foo,
# watch?v=EOZYI3F1g7c).
_RUN = re.compile(rf"(?<![A-Za-z0-9{_ACCENTED}_./@#&=\\-]){_WORD}(?: {_WORD})*{_VERSION}"
                  rf"(?![A-Za-z0-9{_ACCENTED}_@#&/-])")
_LIST_NUMBER = re.compile(r"(?<![\w.])[0-9]{1,3}\.(?=[A-Z][a-z])")  # 5.Enoch Cheung: item 5 of a list
_THE_BEFORE = re.compile(rf"(?:[{HAN}《“「]|^)[ \t]*$")
_WORD_IN_RUN = re.compile(rf"{_WORD}|[0-9]+[x×][0-9]+[BMK]|[0-9][0-9.]*[A-Za-z]?")
_VERSION_TAIL = re.compile(r" (?:[0-9][0-9.]*[A-Za-z]?|[A-Z]{1,3}[0-9]+[A-Za-z]?)$")  # iPhone 14, Llama 1B
_GENERIC_TAIL = re.compile(r" (?:AI|Turbo|Pro|Plus|Max|Mini|Ultra|Beta)$")  # Sora AI, Sora Turbo: Sora
_SIZE_TAIL = re.compile(r" [0-9]+(?:\.[0-9]+)?[BMK]$")  # Llama 1B, Qwen 72B: a size, not a name
_GLUED_DIGITS = re.compile(r"(?<=[A-Za-z])[0-9]+$")  # xAI8: a letter, then digits right after
_YEAR_TAIL = re.compile(r" (?:19|20)[0-9]{2}$")  # ACM MM 2012, CES 2025: an event's year, not a version
_GLUED_YEAR = re.compile(r"(?<=[A-Za-z])(?:19|20)[0-9]{2}$")  # OpenAI2024: a name, then a year glued to it
_SIZE_AFTER = re.compile(r"[ \t]*[0-9]+(?:\.[0-9]+)?[BMK](?![A-Za-z0-9])")  # Pixtral 12B: a model's size
_NEXT_ITEM = re.compile(r"\.(?![A-Za-z0-9])")  # 8. : a list item's number
_UNIT_AFTER = re.compile("[年月日号亿万千百个家位名款次倍种项周天%％]")  # 8月, 13亿: a date, a count
_MIXED_CASE = re.compile(r"[a-z][A-Z]|[A-Z]{2,}[a-z]")  # MacBook, TikTok, GPTs: case mixed inside a word
_AI_FIRM = re.compile(r"[A-Za-z][ .]AI$")  # Hume AI, DeepLearning.AI: on the annotated sets, a firm's name
_MODEL_NAME = re.compile(r"^[a-z][0-9]+$")  # o1, o3: a lower-case letter and a version
# Words that break a run: English words capitalised only because they start a sentence or
# a title, honorifics, and calendar words. "The Linux Foundation" -> "Linux Foundation".
_SEPARATORS = frozenset((
    "A", "An", "And", "As", "At", "But", "By", "For", "From", "He", "Her", "His", "How", "I", "If", "In", "Is", "It",
    "Its", "Of", "On", "Or", "Our", "She", "So", "That", "The", "Their", "There", "These", "They", "This", "Those",
    "To", "We", "What", "When", "Where", "Which", "While", "Who", "Why", "With", "You", "Your", "All", "Any", "Each",
    "Every", "Some", "No", "Not", "Yes", "Also", "However", "After", "Before", "Here", "Public", "Copyright", "Mr",
    "Mrs", "Ms", "Dr", "Prof", "Sir", "St", "CEO", "CTO", "COO", "CFO", "Monday", "Tuesday", "Wednesday", "Thursday",
    "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December", "END", "PART", "TL", "DR", "VS", "Vs",
    # pronouns, auxiliaries and particles of a title's phrase (Ask Me Anything, Tokens Are Easier Than)
    "Me", "My", "Us", "Him", "Them", "Mine", "Am", "Are", "Was", "Were", "Be", "Been", "Being", "Do", "Does", "Did",
    "Can", "Could", "Will", "Would", "Should", "Shall", "Might", "Must", "Than", "Then", "Very", "Just", "Never",
    "Anything", "Everything", "Something", "Nothing", "Into", "Onto", "About",
))
# A role's acronym breaks a run too, whichever officer it names: OpenAI CPO Kevin Weil (C-level, VPs).
_ROLE = re.compile(r"C[A-Z]{1,2}O|S?E?VPs?")


def _separator(word: str) -> bool:
    return word in _SEPARATORS or _ROLE.fullmatch(word) is not None


# Generic technology and business acronyms: they name a field or a role, never an entity on
# their own, but they can be part of a name ("Mistral AI"); a candidate made only of them is dropped.
_GENERIC = frozenset((
    "AI", "AGI", "ASI", "API", "APIs", "GPU", "GPUs", "CPU", "TPU", "NPU", "PC", "PCs", "LLM", "LLMs", "IT", "US",
    "USA",
    "UK", "EU", "UN", "PDF", "OK", "OS", "UI", "UX", "SDK", "SaaS", "HTTP", "HTML", "URL", "FAQ", "PR", "QA", "ML",
    "NLP", "IoT", "VR", "AR", "XR", "GDP", "IPO", "B2B", "B2C", "TV", "App", "APP", "Apps", "AIGC", "GenAI", "RAG",
    "MoE", "SOTA", "KPI", "CEO", "CTO", "AMA", "HBM", "ASIC", "FPGA", "RL", "RLHF", "SFT", "NLU", "CV", "Pro", "Plus",
    "Max", "Mini", "Ultra", "Beta", "Alpha", "Demo", "Turbo", "Agent", "Agents", "Prompt", "Token", "Tokens",
    "Transformer", "TOP", "Top",
    "Scaling", "Law", "Benchmark", "Meme", "Vlog", "Blog", "Logo", "Wiki", "Email", "Q1", "Q2", "Q3", "Q4", "H1", "H2",
    # the trade's terms and titles, no one's name: a VC, an LP, a CFO, ARR
    "VC", "VCs", "PE", "LP", "LPs", "GP", "GPs", "ARR", "MRR", "ROI", "CFO", "COO", "CPO", "CMO", "CSO", "VP", "SVP",
    "EVP", "PhD", "MBA", "KOL",
))
_GENERIC_KEYS = frozenset(w.casefold() for w in _GENERIC)
# Words that make a Latin name an organisation.
_ORG_WORDS = frozenset((
    "Inc", "Corp", "Corporation", "Group", "Foundation", "Institute", "University", "Lab", "Labs", "Bank", "Company",
    "Ltd", "LLC", "Research", "Capital", "Ventures", "Partners", "Technologies", "Systems", "Holdings", "Media",
    "Studio", "Studios", "News", "Times", "Journal", "Post", "Association", "Council", "Agency", "Ministry",
    "Platforms", "Global", "Microsystems", "Brain",  # Tiger Global, Sun Microsystems; Google Brain, a lab
    # the heads of media outlets' names: Analytics India Tech, Toms Guide, Analytics Insight
    "Tech", "Insight", "Insights", "Guide", "Daily", "Weekly", "Review", "Magazine", "Wire", "Tribune", "Herald",
    "Chronicle", "Gazette",
))
# English head nouns that make a Latin name a product (the last word names what it is: Bing
# Image Creator, Stable Animation SDK, Transformers Agent, Google Workspace), and the same
# heads glued to a CamelCase name (MusicLM, StudioBot, InstructGPT, HomePod, tvOS).
_PRODUCT_WORDS = frozenset((
    "SDK", "Kit", "Toolkit", "Framework", "Library", "Engine", "Editor", "Creator", "Studio",
    "Chat", "Chatbot", "Bot", "Assistant", "Copilot", "Agent", "Search", "Browser", "Player", "Store",
    "Maps", "Drive", "Docs", "Workspace", "Sandbox", "Console", "Phone", "Pad", "Watch", "Glasses", "Headset",
    "Model", "Models", "Edition", "Preview", "OS", "Project", "Code",
))
# ... and the English word before a product's own (Project Astra, Project Mariner: a code name)
_PRODUCT_LEADS = frozenset(("Project",))
# generic alone, but the head of a product's name: Transformers Agent, Apple TV
_KEPT_HEADS = frozenset(("SDK", "Agent", "TV", "OS"))  # ... Mac OS, an operating system
_PRODUCT_GLUED = re.compile(r"[a-z0-9](?:GPT|LM|LLM|Bot|OS|Pod|Pad|Phone|Chat|Net|Kit)$")
_VARIANT = re.compile(r"-(?:[A-Z][0-9]*|[0-9][0-9.]*[A-Za-z]?)$")  # GPT-J, Gen-2, Llama-3: a version's mark
_DOMAIN_TAIL = re.compile(r"(?<=[A-Za-z0-9])\.(?:ai|com|io|org|net|cn)$")  # Watsonx.ai: Watsonx's address
# a first name and a surname, hyphenated or with diacritics: Kai-Fu Lee, Dilek Hakkani-Tür
_LOWER = "a-z\u00df-\u00f6\u00f8-\u00ff"
# (a surname may start with a particle glued to it: LeCun, McCarthy, DiCaprio, O'Brien)
_SURNAME_PARTICLES = frozenset(("De", "Di", "Du", "Da", "Del", "Della", "Van", "Von", "Der", "Le", "La", "Al", "Bin"))
_NAME_WORD = rf"(?:Mc|Mac|Le|La|De|Di|Du|Van|O')?[A-Z][{_LOWER}]+(?:-[A-Za-z][{_LOWER}]+)?"
_FULL_NAME = re.compile(rf"{_NAME_WORD}(?: {_NAME_WORD}){{1,2}}")
# A Chinese name written in pinyin (Ruisi Cai, Xiaogeng Liu): every word made of pinyin
# syllables, the last a common surname (or its usual spelling abroad: Lee, Wong, Chan). No
# first-name list knows such given names, and nothing around a list of authors says who they are.
_PINYIN_SYLLABLE = (r"(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
                    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ue|"
                    r"ui|er|a|o|e|i|u|v)(?![aeiouv]))")
_PINYIN_WORD = re.compile(rf"{_PINYIN_SYLLABLE}{{1,3}}")
_PINYIN_SURNAMES = frozenset((
    "li", "wang", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun", "ma", "zhu", "hu", "guo",
    "he", "lin", "gao", "luo", "zheng", "liang", "xie", "song", "tang", "han", "feng", "deng", "cao", "peng", "zeng",
    "xiao", "tian", "dong", "pan", "yuan", "cai", "jiang", "yu", "du", "ye", "cheng", "wei", "su", "lv", "lu", "ding",
    "ren", "yao", "shen", "zhong", "cui", "tan", "fan", "liao", "shi", "jin", "jia", "xia", "fu", "fang", "zou",
    "xiong", "bai", "meng", "qin", "qiu", "hou", "yin", "xue", "yan", "duan", "lei", "long", "shao", "qian", "dai",
    "mao", "hao", "kong", "kang", "gu", "mo", "wen", "zhai", "man", "niu", "ni", "qi", "ge", "xing", "lan", "bao",
    "lee", "wong", "chan", "cheung", "chow", "kwok", "tsang", "leung", "ng", "yeung",
))
# Text right before an English sentence starts; a single capitalised word there is just
# the first word of the sentence (Necessity is ...).
_SENTENCE_START = re.compile(r"(?:^|[.!?。！？])[\s\"'“‘(]*$")
_LOWER_WORD_NEXT = re.compile(r"[,;:]|\s+[a-z]")
_LATIN_LOWER_WORD = re.compile(r"(?<![A-Za-z0-9])[a-z]{3,}(?![A-Za-z0-9])")

# --------------------------------------------------------------------------- Chinese patterns

# A transliterated name: parts joined by middle dots (埃隆·马斯克, 哈特穆特·内文).
_DOT_NAME = re.compile(f"[{HAN}]{{1,8}}(?:·[{HAN}]{{1,8}})+")
# 和 between two transliterations (亨利·萨穆埃利和亨利·尼古拉斯): where one ends and the next starts
_DOT_NAMES_JOINED = re.compile(f"(?<=·[{HAN}]{{2}})[^·]*?([和与及、])[{HAN}]{{1,8}}·")
# A name and its other form in brackets: 黄仁勋（Jensen Huang）, 月之暗面（Moonshot AI）.
_BRACKET = re.compile(r"[ \t]*[（(][ \t]*([^（）()\n]{2,40}?)[ \t]*[）)]")
# A byline: 文｜匡萃彪, 编译｜汤源, 作者：张三 (lines of a byline run together: 图｜匡萃彪文｜匡萃彪).
_BYLINE_ROLES = "(?:图文|文字|撰文|编译|作者|编辑|责编|记者|翻译|校对|审校|排版|文|图)"
_BYLINE = re.compile(rf"(?<![{HAN}]){_BYLINE_ROLES}[ \t]*[｜|:：][ \t]*([{HAN}]{{2,4}}?)"
                     rf"(?=[^{HAN}]|$|{_BYLINE_ROLES}[ \t]*[｜|:：])")
# Titles and roles before a person's name (首席执行官李开复, OpenAI的CEO萨姆·奥特曼).
_TITLES = ("首席执行官", "执行官", "首席技术官", "首席运营官", "首席财务官", "首席产品官", "首席科学家", "首席",
           "联合创始人",
           "创始人", "创办人", "副董事长", "董事长", "执行董事", "董事", "副总裁", "总裁", "总经理", "主席", "副院长",
           "院长", "所长", "校长", "副教授", "教授", "博士", "院士", "研究员", "科学家", "总监", "负责人", "合伙人",
           "主任", "部长", "主编", "记者", "发言人", "专家", "分析师", "开发者", "作者", "大佬", "大神", "工程师",
           "高管",
           "CEO",
           "CTO", "COO", "CFO", "执行长", "掌门人", "老板", "总统", "总理", "议员")
_TITLE_AFTER = re.compile("(?:" + "|".join(sorted(map(re.escape, _TITLES), key=len, reverse=True))
                          + r"|\b(?:Mr|Ms|Mrs|Dr|Prof)\.|\b[Ff]ounder|\b[Pp]resident)[ \t]*$")
# Speech verbs after a person (or an organisation: 商务部表示).
_SPEECH = frozenset(("表示", "指出", "认为", "称", "透露", "强调", "坦言", "介绍", "说", "说道", "宣布", "回应", "提到",
                     "预测", "警告", "直言", "坦承", "声称", "解释", "补充"))
_SPEECH_AFTER = re.compile(r"[ \t]*[)）]?[ \t]*(?:也|还|则|曾|又|更|再次|此前|公开|进一步|同时)?"
                           r"(?:表示|指出|认为|透露|强调|坦言|说道|说|称|宣布|回应|提到|预测|警告|直言|声称|"
                           r"said|says|told|argued|believes|thinks|wrote)")
_LABEL_AFTER = re.compile(r"[ \t]*[：:]")  # 杨元庆：, who speaks in a transcript (at a paragraph's start)
# An organisation's role words after its name: OpenAI的CEO, 字节跳动创始人, 谷歌旗下.
_ORG_AFTER = re.compile(r"[ \t]*(?:的[ \t]*)?(?:联合创始人|创始人|首席执行官|首席[^\s，。]{0,4}官|CEO|CTO|董事长|总裁|"
                        r"员工|股东|股价|市值|估值|旗下|(?:[^\s，。、；的]{1,2})?公司|集团|控股|团队|小组|课题组|官网|发言人|"
                        r"负责人|部门|财报|投资|研究员|科学家|工程师|高管)|"  # 谷歌DeepMind研究员: its employer
                        r"[ \t]*等[^，。；！？\n]{0,8}?(?:公司|企业|巨头|机构|厂商|大厂)")
# ... and those that show an everyday word is an organisation's name: 苹果公司, 腾讯旗下, 百度的创始人.
_ORG_NAMED_AFTER = re.compile(r"(?:公司|集团|旗下|控股|的(?:联合)?创始人|的首席执行官|的CEO|首席执行官|的股价|的市值|"
                              r"的董事长|的总裁|(?:董事长|总裁|联合创始人|CEO)(?=兼|[ \t]*\**[\u4e00-\u9fffA-Z]))")
_LIST_SEPARATORS = frozenset(("、", "和", "与", "及", "以及"))
# a unit of an organisation, named after it: 阿里巴巴智能计算研究院, 清华大学交叉信息科学研究院
_UNIT_SUFFIXES = ("研究院", "研究所", "实验室", "研究中心", "学院")
_ORGS_CLOSE_LIST = re.compile(r"[ \t]*等[^，。；！？\n的]{0,6}?(?:公司|企业|巨头|机构|厂商|大厂)")  # ……和字节等公司
_PARTNER_AFTER = re.compile(r"(?:的)?(?:合作|竞争|结盟|谈判|洽谈|接触)")  # 与百度的合作
_PARTNER_BEFORE = frozenset(("与", "和", "同", "跟"))
# a single word before an organisation's suffix that describes it: 单一公司, 强大集团, 另一家公司
_DESCRIBING_TAGS = frozenset(("a", "ad", "an", "b", "d", "m", "r", "z", "f", "t", "l"))
# jieba's tags of words that are no name, whatever follows them: verbs, adverbs, pronouns ...
_NOT_NAME_TAGS = frozenset(("v", "vd", "vg", "vi", "vq", "d", "p", "c", "r", "rr", "rz", "m", "mq", "q", "f", "t",
                            "u", "uj", "ul", "uz", "ug", "ud", "uv", "y", "e", "o", "zg", "w", "ad", "an", "z",
                            "i", "l"))  # i, l: idioms and set phrases (异军突起)
_CLOSING_QUOTES = frozenset(("”", "\"", "」", "』", "》"))
_QUOTES = frozenset(("“", "\"", "「", "『", "《"))
# What people listed before 等 are: 马斯克、特朗普等名人, 贾扬清、李沐、李开复等AI界巨擘
_PEOPLE_AFTER = re.compile(r"[ \t]*等(?:人(?![工类])|[^，。；！？\n]{0,5}?(?:名人|人物|大佬|巨擘|大神|专家|学者|科学家|"
                           r"企业家|艺术家|人士|高管))")
# What an organisation does, after its name: Anthropic 最近更新, Hugging Face 发布, 收购.
_ACT_LEADS = (r"[ \t]*(?:也|还|则|已|正|将|曾|近日|最近|今天|宣布|正在|终于|率先|首次|再次|刚刚|日前|已经|正式|"
              r"欲|有意|计划|拟|被曝)*")
_ACTS_AFTER = re.compile(_ACT_LEADS + r"(?:宣布|发布|推出|收购|投资|融资|估值|上市|"
                         r"成立|裁员|起诉|签署|任命|聘请|开设|为其|接管|并购|分拆|剥离|"
                         r"(?:完成|获得?)[^，。；！？\n]{0,12}?(?:融资|投资))")  # 为其: for its (Runway为其第三代模型)
_ORG_BEFORE = re.compile(r"(?:收购|投资|加盟|加入|离开|来自|入职|任职于|起诉|联合|携手|据|接管|并购|分拆自)[ \t]*$")
# In it: 在Poe中, Safari中的 (not 中国, 中文, 中心, 中旬)
_INSIDE_AFTER = re.compile(r"[ \t]*(?:中|里)(?![国文心间旬期层坚])")
# A partner: 与 Getty Images 合作, 和 Adobe 达成合作 (products are used, not partnered with)
_PARTNER_BEFORE_TEXT = re.compile(r"(?:与|和|同|跟)[ \t]*$")
_PARTNER_AFTER_TEXT = re.compile(r"[ \t]*(?:达成|展开|进行|开展|建立)?(?:合作|结盟|谈判|洽谈)")
# 微软Azure, 微软 Word: a maker's name right before a product's
_GLUED_BEFORE = re.compile(f"([{HAN}]{{2,4}})[ \t]?$")
# ... or before its 的 (微软的Azure, 英特尔的Habana: jieba's dictionary tags 微软 an adjective, 英特尔 a
# place, so only the collection's own mentions show them organisations)
_OWNER_OF_BEFORE = re.compile(f"([{HAN}]{{2,4}})[ \t]*的[ \t]*[“\"「『]?[ \t]*$")
# A Latin name owning another name after its 的: Meta的Llama, GitHub的Copilot
_OWNS_LATIN = re.compile(r"[ \t]*的[ \t]*[“\"「『]?[ \t]*(?=[A-Z])")
# ... or a model, a chip, a product after its 的 (Mistral的多模态大模型, Google 的新芯片), or
# someone working there (Mistral的开发主管): the owner of products, the employer of people
_OWNS_AFTER = re.compile(r"[ \t]*的[ \t]*[^\s，。、；！？的“”\"]{0,4}?(?:大?模型|芯片|产品|聊天机器人|操作系统|"
                         r"主管|高管|研究员|科学家|工程师)")
# What comes after a product's name: 模型, 芯片, a phone, an app.
_PRODUCT_AFTER = re.compile(r"[ \t]*(?:[”\"」』])?[ \t]*(?:[0-9.]+[ \t]*)?"
                            r"(?:(?:等|这类|这种|此类|这样的|(?:一样|那样|之类)的)(?:[^\s，。、；]{0,4}?)(?:产品|设备|应用|工具|软件|模型|框架)|"
                            r"(?:这样的|(?:一样|那样|之类)的)[ \t]*(?:AI[ \t]*)?IDE|"  # 像 Cursor 这样的 AI IDE
                            r"[（(][^（）()\n]{0,6}版[）)]|"  # TikTok（国际版）: a version of a service
                            r"框架|搜索引擎|浏览器|插件|操作系统|数据库|大?模型|芯片|处理器|显卡|手机|平板|电脑|"
                            r"(?:编程)?语言(?!模型)|编辑器|客户端|编码器|扩展|论坛|代码|"  # ViT编码器, Chrome扩展
                            r"应用|App|APP|app|系统|助手|聊天机器人|机器人|版本|版|系列|游戏|引擎|功能|服务(?!器)|"
                            r"视频模型|生成器|头显|交换机|服务器|眼镜|耳机|手表|音箱|(?:超级)?计算机|超算)")
# ... or what a remark in brackets right after it says it is: Open Interpreter（一个让LLMs在用户本地运行的项目）,
# PyTorch（最著名的深度学习框架之一） (not a firm's: Hugging Face（一家 AI 模型托管平台）)
_DESCRIBED_AFTER = re.compile(r"[ \t]*[（(](?![ \t]*一家)[^（）()\n]{0,30}?"
                              r"(?:项目|工具|模型|应用|产品|框架|平台|软件|系统|服务|插件|助手|编辑器|浏览器|数据库|游戏|引擎)"
                              r"(?:之一)?[ \t]*[）)]")
# ... or those who follow it there: 180万Snapchat关注者, Instagram 的粉丝 (a platform's)
_FOLLOWED_AFTER = re.compile(r"[ \t]*(?:的[ \t]*)?(?:粉丝|关注者)")
# ... and before it: an organisation's 的 (OpenAI 的 Sora), a launch.
_PRODUCT_BEFORE = re.compile(r"(?:发布|推出|上线|集成|使用|搭载|接入|升级|开源|训练|体验|试用|打造|开发|名为|称为|提供|"
                             r"提出|调用|下载|安装|打开|微调|自定义|定制|"  # 提出 DCGAN, 调用 ChatGPT, 自定义 GPT
                             r"(?:发|上传|分享|转发)(?:到|至|在)|(?:托管|部署|运行|安装)(?:在|于)|"
                             r"版本的|用|新的|全新的?|最新的?|新一代的?|新款的?)(?:了|的|过)?"
                             r"[ \t]*[“\"「『]?[ \t]*$")  # 新的RTX: a new release of a product
# ... and what a product's noun is said to be: 后端是 Azure, 默认后端都是 Theano, 最新模型是 GPT-3.5
_NOUN_IS_BEFORE = re.compile(r"(?:后端|前端|框架|模型|工具|引擎|编程语言|系统|平台|应用|产品|芯片|助手|浏览器|数据库)"
                             r"(?:都|也|就|则|正|仍|还)?是[ \t]*[“\"「『]?[ \t]*$")
# ... and what a thing is built on (基于 Idefics、SigLip 和 UHD 的架构), not what its 的 says it is
# made of (基于 ARM 的芯片: an architecture's firm)
_BASED_ON_BEFORE = re.compile(r"基于[ \t]*[“\"「『]?[ \t]*$")
_OF_AFTER = re.compile(r"[ \t]*的")
_PRODUCT_NOUN_BEFORE = re.compile(r"(?:模型|芯片|处理器|机器人|应用|产品|助手|助理|编辑器|编程语言|客户端|工具|游戏|"
                                  r"手机|显卡|软件|App|APP|"
                                  r"框架|插件|浏览器|搜索引擎|数据库|眼镜|头显|耳机|手表|音箱|电脑|平板|笔记本|"
                                  r"系统|平台|智能体|接口|引擎|博客|播客|"  # 语音合成系统 Tacotron, 教育平台 Gauth
                                  r"代号为?|代号是)"
                                  r"(?:叫做?|名叫|名为)?[ \t]*[“\"「『]?[ \t]*$")  # 产品叫 Hibug
# What a name is said to be, by the head noun of 是's predicate at the end of the clause:
# ImageBind是Meta推出的第一款AI模型, NeMo是针对语言模型的云服务; Rapidus是一家……科技公司.
def _said_to_be(nouns: str, leads: tuple[str, ...] = (), longest: int = 24) -> re.Pattern[str]:
    """是 and a predicate of at most longest characters ending, at the end of its clause, in one
    of these head nouns; one of leads (or 则, 就 ...) may come before 是."""
    lead = "|".join((*leads, "则", "就", "也", "正", "还"))
    return re.compile(rf"[ \t]*(?:{lead})?是(?!否)[^，。；！？,;!?\n]{{0,{longest}}}?"
                      rf"(?:{nouns})[ \t]*(?=[，。；！？,;!?）)]|$)")


_IS_PRODUCT = _said_to_be("模型|服务|应用|工具|产品|系统|框架|芯片|处理器|软件|助手|聊天机器人|引擎|App|APP|游戏|设备|"
                          "手机|浏览器|插件|数据库|编程语言|操作系统|LLM|大?语言模型")
# ... and a person's: Seul Lee 是韩国科学技术院（KAIST）……实验室 (MLAI) 的博士生, X 现在是……教授
_IS_PERSON = _said_to_be("博士生|博士后|研究生|本科生|学生|教授|讲师|研究员|科学家|工程师|学者|实习生",
                         ("目前", "现在", "曾经", "曾"), 48)
_IS_COMPANY = _said_to_be("公司|企业|集团|机构|实验室|研究院|研究所|大学|基金会|交易所|银行|厂商|制造商|供应商|"
                          "初创|独角兽|巨头")
_ORG_NOUN_BEFORE = re.compile(r"(?:公司|企业|集团|厂商|巨头|独角兽|制造商|供应商|提供商|服务商|运营商|开发商|基金|"
                              r"机构|风投|媒体|出版商|出版社|工作室|交易所|银行|事务所)[ \t]*$")
# ... and the Latin names listed right after it: 媒体机构Raw Story和AlterNet
_ORG_NOUN_LIST_BEFORE = re.compile(_ORG_NOUN_BEFORE.pattern[:-len(r"[ \t]*$")]
                                   + r"[ \t]*(?:[A-Za-z][A-Za-z0-9 .&-]{0,30}?[ \t]*(?:、|，|,|和|与|及|以及)[ \t]*)+$")
# a group's or a lab's short name in brackets after its Chinese name: 研究团队 (GenAIR), 实验室（FAIR）
_ORG_HEAD_BRACKET_BEFORE = re.compile(r"(?:团队|小组|课题组|实验室|研究院|研究所|研究中心|学院|大学|分校|协会|学会|"
                                      r"基金会|公司|集团)[ \t]*[（(][ \t]*$")
_TECH_BEFORE = re.compile(r"技术[ \t]*[“\"「『]?[ \t]*$")
_LAST_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9.\-]*$")
# jieba's tags of a word before 的 that describes what follows rather than owns it: adjectives,
# distinguishing words, verbs, times, places, positions (强大的, 最近的, 发布的, 中国的, 国内的)
_DESCRIPTION_TAGS = frozenset(("a", "b", "v", "vn", "t", "s", "ns", "f"))
# A list of products, after what they are: 新的功能，比如 A、B、C; 开源工具……，包括 A（来自……）、B;
# 开源模型（如 A）; 新架构模型：A、B (a colon right after the noun: a headline's 大模型：OpenAI…… has more)
_PRODUCT_LIST_BEFORE = re.compile(r"(?:工具|功能|产品|模型|应用|软件|游戏|服务|平台|芯片|框架|项目|系统|架构|方法|算法|"
                                  r"App|APP)"
                                  r"(?:[^。；;！？!?]{0,12}?(?:比如|例如|包括|诸如|像|[，,（(]如)|[：:])"
                                  r"[ \t]*(?:[^。；;！？!?、，,和与及]{1,24}?[ \t]*"
                                  r"(?:、|，|,|和|与|及|以及)[ \t]*)*$")
# ... or a range of them in brackets after what they are: 聊天机器人（从 ELIZA 到 Siri 和 Alexa）
_PRODUCT_RANGE_BEFORE = re.compile(r"(?:工具|产品|模型|应用|软件|游戏|芯片|框架|机器人|助手)[ \t]*[（(][ \t]*从[ \t]*"
                                   r"(?:[^。；;！？!?、，,和与及到（）()]{1,24}?[ \t]*"
                                   r"(?:、|，|,|和|与|及|以及|到)[ \t]*)*$")
# ... or in brackets right after what they are: 数据系统（Meerkat）, 审计方法（Robustness Gym、Mandoline）,
# 训练集群（如 Dojo）
_PRODUCT_BRACKET_BEFORE = re.compile(r"(?:模型|芯片|处理器|机器人|应用|产品|助手|编辑器|客户端|工具|游戏|软件|框架|"
                                     r"插件|浏览器|数据库|系统|平台|智能体|引擎|方法|架构|算法|集群)"
                                     r"[ \t]*[（(][ \t]*(?:如|比如|例如|包括)?[ \t]*"
                                     r"(?:[^。；;！？!?、，,和与及（）()]{1,24}?[ \t]*"
                                     r"(?:、|，|,|和|与|及|以及)[ \t]*)*$")
# ... and of organisations: 芯片制造商（如中芯国际和华为）, 科技巨头，比如谷歌、微软
_ORG_LIST_BEFORE = re.compile(r"(?:(?:公司|企业|集团|厂商|制造商|供应商|巨头|机构|银行|大学)[^。；;！？!?]{0,12}?"
                              r"(?:比如|例如|诸如|[，,（(]如)|(?:投资人|投资方|投资者|股东)(?:还|也)?包括了?)"
                              r"[ \t]*(?:[^。；;！？!?、，,和与及]{1,24}?[ \t]*(?:、|，|,|和|与|及|以及)[ \t]*)*$")
# ... and of investors after the round's lead: a16z领投，Amplify、Matrix、NVIDIA (firms mostly, some
# angels: a weaker vote, which a person's name outweighs)
_INVESTOR_LIST_BEFORE = re.compile(r"(?:领投|跟投|参投)[ \t]*[，,、][ \t]*"
                                   r"(?:[^。；;！？!?、，,和与及]{1,24}?[ \t]*(?:、|，|,|和|与|及|以及)[ \t]*)*$")
# ... and what only an organisation does (not 融资 or 估值, which follow a round: 新一轮融资)
_ORG_DOES_AFTER = re.compile(_ACT_LEADS + r"(?:宣布|发布|推出|收购|投资|上市|成立|裁员|起诉|签署|任命|并购)")
_ORG_NAME_TAGS = frozenset(("nrt", "nt", "nz"))  # (nr: 顾问, 卓越 are everyday words it tags so)
_CLAUSE_OPENS = re.compile(r"(?:^|[，。；：！？、\n“\"（(]|而|据|但|同时|此外|随后)[ \t]*$")
# characters that end a name's neighbours (_complete_fragments): particles, prepositions, conjunctions
_FUNCTION_CHARACTERS = "的了是在和与及或等从对向把被将由给也都就还又而但并则于为以这那其我你他她它们"
_FUNCTION_CHARS = frozenset(_FUNCTION_CHARACTERS)
_LONGEST_WHOLE = 7  # characters of a name made whole from its pieces, at most
_LEAD_VERBS = ("推出", "发布", "使用", "采用", "基于", "利用", "通过", "包括", "比如", "例如", "访问", "打开", "登录",
               "下载", "就职", "任职", "创办", "创立", "成立", "投资", "收购", "支持", "感谢", "选择", "超过", "超越")
_JOINS_BEFORE = re.compile(r"(?:加入|加盟|入职|任职于|就职于|来自|离开)[ \t]*$")  # where people go to or come from
# 在 + a list of places + 工作: where someone worked (_workplaces); each item a Chinese word of
# no function character, or a Latin name, the items joined by the list's words
_PLACE_ITEM = (rf"(?:[^\W\d_A-Za-z{_FUNCTION_CHARACTERS}、，]{{2,8}}"
               r"|[A-Za-z][\w.&-]*(?:[ \t][A-Z][\w.&-]*){0,3})")
_WORKED_AT = re.compile(rf"在[ \t]*({_PLACE_ITEM}(?:[ \t]*(?:、|和|与|及|以及)[ \t]*{_PLACE_ITEM}){{0,7}})[ \t]*"
                        r"(?:等[ \t]*(?:公司|机构|企业|单位)?[ \t]*)?(?:工作|任职|实习|就职|供职)")
_ITEM_SEPARATOR = re.compile(r"[ \t]*(?:、|以及|和|与|及)[ \t]*")
_LEFT_AFTER = re.compile(r"[ \t]*(?:离职|辞职|出走|跳槽|毕业)")  # 从 X 离职: where one comes from
_LIST_ITEM_BEFORE = re.compile(r"(?:如|、|和|与|及)[ \t]*$")
_AND = re.compile(r"[ \t]*(?:、|，|,|和|与|及|以及|或|跟)[ \t]*")
_QUOTE_BEFORE = re.compile(r"[“\"「『《][ \t]*$")
# (and a title's: 《Artifacts》 and 《Computer Use》, not where a journal publishes: 在《Science》上发表, 《X》报道)
_QUOTE_AFTER = re.compile(r"[ \t]*(?:[”\"」』]|》(?![ \t]*(?:上|报道|杂志|期刊|称|援引|刊登|发表)))")
_REMARK = re.compile(r"[（(][^（）()]*[）)]")  # a remark in brackets inside a list: left out
_OF_BEFORE = re.compile(r"的[ \t]*[“\"「『]?[ \t]*$")
# An organisation's suffixes: 红杉资本, 微软亚洲研究院, 中国半导体行业协会.
# (院 last: the longer suffixes ending with it are looked for first)
_PRESS_SUFFIXES = ("时报", "日报", "晚报", "早报", "周刊", "通讯社", "电视台", "报社")  # 金融时报, 科技日报
_ORG_SUFFIXES = ("有限公司", "公司", "集团", "控股", "科技", "实验室", "研究院", "研究所", "大学", "分校", "学院",
                 "基金会", *_PRESS_SUFFIXES,
                 "银行", "资本", "协会", "学会", "委员会", "办公室", "大使馆", "研究中心", "智能", "网络", "院")
_STRONG_ORG_SUFFIXES = ("有限公司", "公司", "集团", "实验室", "研究院", "研究所", "大学", "分校", "基金会", "银行",
                        "资本", *_PRESS_SUFFIXES,
                        "协会", "委员会", "大使馆")
_COMPANY_FORM = re.compile(r"(?:有限公司|公司|集团|控股|\s+(?:Group|Inc\.?|Corp\.?|Corporation|Ltd\.?|LLC|SE|PLC))$")
# Function words, and verbs before an organisation, that its name never reaches back past:
# 资源有限的|中国公司, 收购|红杉资本.
_NAME_STOP_TAGS = frozenset(("u", "p", "c", "r", "d", "m", "q", "f", "t", "y", "e", "o", "uj", "ul", "ud", "uz",
                             "ug", "uv", "zg", "w"))
_ORG_LEAD_WORDS = frozenset(("利用", "投资", "通过", "成为", "包括", "加入", "收购", "创立", "创办", "成立", "旗下",
                             "来自", "使用", "进入", "离开", "担任", "任职", "位于", "例如", "比如", "打造", "推出",
                             "发布", "支持", "携手", "宣布", "关于", "对于", "任何", "据", "是", "由", "把", "被",
                             # a degree before where it was taken: 本科中科大，博士斯坦福大学
                             "本科", "硕士", "博士", "博士后", "学士", "毕业", "毕业于",
                             # where someone joins, studies or works, or a thing comes from:
                             # 入职香港理工大学, 就读于杜克大学, 出自中国实验室
                             "入职", "加盟", "就读", "就读于", "就职", "就职于", "任职于", "任教", "任教于", "入读",
                             "出自"))
# jieba's tags of an organisation's or a person's name (transliterated or not): not a place's
# nor another proper noun's (媒体曝光: 曝光 is an nz)
_NAME_TAGS = frozenset(("nt", "nrt", "nr"))
# jieba's tags of a character its model of unknown words glues after a name (李沐|在, 李沐|便,
# 李沐|了): a preposition, an adverb, a conjunction, a particle; no given name's last character
_GLUED_AFTER_NAME_TAGS = frozenset(("p", "d", "c", "u", "ul", "uz", "ug", "uj", "uv", "ud", "y"))
# Generic words for what a firm makes, that an owner's 的 shows the maker of: 谷歌的TPU, 英伟达的GPU
_MADE_THINGS = frozenset(("GPU", "GPUs", "TPU", "TPUs", "CPU", "NPU", "API", "APIs"))
# The most characters before an organisation's suffix in a name (北京智源人工智能|研究院: 8)
_MAX_ORG_PREFIX = 10
# Descriptions, not names, before an organisation's suffix: 中国公司, 大模型公司, 这家公司.
_GENERIC_ORG_WORDS = frozenset(("中国", "美国", "中美", "全球", "国际", "国内", "海外", "外国", "本土", "欧洲", "日本",
                                "英国", "大型", "初创", "创业", "科技", "技术", "互联网", "人工智能", "AI", "模型",
                                "大模型", "软件", "硬件", "芯片", "半导体", "顶尖", "领先", "知名", "头部", "其他",
                                "上市", "投资", "咨询", "研究", "商业", "金融", "基础", "独立", "巨头", "平台", "云",
                                "汽车", "数据", "智能", "机器人", "开源", "母", "子", "一家", "这家", "该", "多家",
                                "两家", "三家", "四家", "美国公司", "顶级", "强大", "单一", "独角兽", "竞争对手",
                                "合作伙伴", "国立", "公立", "私立", "州立", "市立", "省立",
                                "供应商", "创作者", "新", "大", "小", "所有", "许多", "很多", "更多", "各", "每", "本",
                                "贵", "我", "我们", "他们", "老", "前", "原", "现", "同", "某", "这", "那", "该",
                                "家", "一", "其"))
# The heads of names, never a name alone whatever the text does with them: OpenAI 团队, 谷歌官方.
_GENERIC_HEADS = frozenset(("团队", "小组", "部门", "机构", "组织", "企业", "公司", "集团", "平台", "社区", "官方",
                            "政府", "用户", "员工", "媒体", "网友", "厂商", "巨头", "实验室", "研究院", "大学",
                            "学校", "官网", "网站", "项目", "产品", "模型", "工具", "应用", "系统", "服务"))
# The venture trade's words jieba does not know (红杉领投的 A 轮, 投后估值): verbs, no names
_TRADE_WORDS = frozenset(("领投", "跟投", "参投", "领投方", "跟投方", "投后", "投前"))
_GENERIC_ORG = re.compile("(?:" + "|".join(sorted(map(re.escape, _GENERIC_ORG_WORDS), key=len, reverse=True))
                          + r"|\s)*")
# A Chinese personal name starts with a surname: the common single-character ones and the compound ones.
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤常温"
    "康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂"
    "成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫"
    "费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝向匡")
_COMPOUND_SURNAMES = frozenset(("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐", "慕容", "尉迟", "公孙",
                                "夏侯", "长孙", "宇文", "司徒", "独孤", "端木", "南宫", "西门"))

# --------------------------------------------------------------------------- Markdown to text

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_TEXT_ONLY = RenderContext(allow_html="escape")  # the text is wanted, not the HTML: nothing to sanitise
_BLOCK_START = re.compile(r"^ {0,3}(?:[-*+>#|]|\d{1,9}[.)]\s|<)")
_HARD_BREAK = re.compile(r"\\$")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]+\]")
_LATIN_END = re.compile(r"[A-Za-z0-9.,;:!?)]$")
_LATIN_START = re.compile(r"^[A-Za-z0-9(]")


@dataclass
class Suggestion:
    name: str
    kind: str  # person | company | product
    count: int  # occurrences across all documents
    documents: int  # documents naming it
    example: str  # the sentence around the first occurrence
    source: str  # the document of the example, relative to the content folder
    aliases: list[str] = field(default_factory=list)  # its other forms in the content
    cues: int = 0  # what its mentions and the names listed with it say of its kind, counted

    @property
    def file(self) -> str:
        """Where its registry entry would go, relative to the content folder."""
        return f"{section_of(self.kind)}/{slugify(self.name, fallback=self.kind)}.md"

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]

    def as_entry(self) -> dict[str, object]:
        return {"name": self.name, "kind": self.kind, "file": self.file, "aliases": self.aliases,
                "count": self.count, "documents": self.documents, "cues": self.cues, "example": self.example,
                "source": self.source}


@dataclass
class _Tally:
    """One spelling of a name: its mentions and what they say of its kind."""

    name: str
    count: int = 0
    strong: int = 0  # mentions that are not merely an English sentence's first word
    votes: Counter = field(default_factory=Counter)
    docs: set[str] = field(default_factory=set)
    example: str = ""
    source: str = ""

    def add(self, rel: str, text: str, start: int, end: int, votes: dict[str, int] | None = None,
            strong: bool = True) -> None:
        if not self.count:
            self.example, self.source = _example(text, start, end), rel
        self.count += 1
        self.strong += strong
        self.docs.add(rel)
        if votes:
            self.votes.update(votes)

    def shown_as_company(self) -> bool:
        """Its mentions say organisation more than person or product (the maker, the parent of
        another name)."""
        return self.votes["company"] > max(self.votes["person"], self.votes["product"])


@dataclass
class Scan:
    """What one pass over the content found: a tally per spelling, pairs of spellings of one
    entity, and the Chinese names to count wherever they occur."""

    tallies: dict[str, _Tally] = field(default_factory=dict)  # by name_key
    pairs: list[tuple[str, str]] = field(default_factory=list)
    han_names: set[str] = field(default_factory=set)
    lower_words: set[str] = field(default_factory=set)  # Latin words written in lower case: common words
    blocks: list[tuple[str, str]] = field(default_factory=list)  # (document, paragraph), for the second pass
    coordinated: list[tuple[str, str]] = field(default_factory=list)  # names joined in a list: 、和与
    # (the Chinese characters glued before a Latin name or before its 的, its key): 微软Azure, 谷歌的Gemini
    # (_vote_glued_owners)
    glued: list[tuple[str, str]] = field(default_factory=list)
    # (block, outer form, its offset, inner form, its offset, votes of what is around): _brackets
    brackets: list[tuple[int, str, int, str, int, dict[str, int]]] = field(default_factory=list)

    def tally(self, name: str) -> _Tally:
        key = name_key(name)
        if key not in self.tallies:
            self.tallies[key] = _Tally(name)
        return self.tallies[key]

    def absorb(self, part: Scan) -> None:
        """Add the scan of the next document (its tallies are taken over, not copied): the
        same as scanning it into this one, bracket pairs aside (resolved at the end)."""
        offset = len(self.blocks)
        self.blocks += part.blocks
        for key, tally in part.tallies.items():
            mine = self.tallies.get(key)
            if mine is None:
                self.tallies[key] = tally
                continue
            mine.count += tally.count
            mine.strong += tally.strong
            mine.votes.update(tally.votes)
            mine.docs |= tally.docs
        self.pairs += part.pairs
        self.han_names |= part.han_names
        self.lower_words |= part.lower_words
        self.coordinated += part.coordinated
        self.glued += part.glued
        self.brackets += [(block + offset, *rest) for block, *rest in part.brackets]

    def record(self) -> tuple:
        """The scan of one document as plain data (discovery_cache.py keeps it)."""
        return ([(t.name, t.count, t.strong, dict(t.votes), t.example, t.source) for t in self.tallies.values()],
                self.pairs, sorted(self.han_names), sorted(self.lower_words), [text for _, text in self.blocks],
                self.coordinated, self.brackets, self.glued)

    @classmethod
    def of_record(cls, rel: str, record: tuple) -> Scan:
        """The scan of record; ValueError (or TypeError) for anything this code does not write:
        the cache is a file any copy of the project brings along."""
        tallies, pairs, han_names, lower_words, blocks, coordinated, brackets, glued = record
        texts = [_text(text) for text in blocks]
        scan = cls(pairs=[(_text(a), _text(b)) for a, b in pairs], han_names={_text(n) for n in han_names},
                   lower_words={_text(w) for w in lower_words}, blocks=[(rel, text) for text in texts],
                   coordinated=[(_text(a), _text(b)) for a, b in coordinated],
                   glued=[(_text(a), _text(b)) for a, b in glued])
        for block, outer, start, inner, inner_at, votes in brackets:
            text = texts[_number(block, len(texts))]
            scan.brackets.append((block, _text(outer), _number(start, len(text)), _text(inner),
                                  _number(inner_at, len(text)), _votes(votes)))
        for name, count, strong, votes, example, source in tallies:
            scan.tallies[name_key(_text(name))] = _Tally(name, _number(count), _number(strong), Counter(_votes(votes)),
                                                         {rel}, _text(example), _text(source))
        return scan


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("not a text")
    return value


def _number(value: object, below: int | None = None) -> int:
    if type(value) is not int or value < 0 or (below is not None and value >= below):
        raise ValueError("not a count or an offset")
    return value


def _votes(value: object) -> dict[str, int]:
    if not isinstance(value, dict) or not all(k in KINDS and type(v) is int for k, v in value.items()):
        raise ValueError("not votes")
    return value


def find_suggestions(config: Config, min_count: int = 1, min_documents: int = 1) -> list[Suggestion]:
    """Unregistered names in the content, most documents first (_rank)."""
    return _suggestions(config, min_count, min_documents)[0]


def format_yaml(suggestions: list[Suggestion], content_label: str = "content") -> str:
    header = (f"# {len(suggestions)} names found in {content_label}/ that the registry does not know.\n"
              f"# `site-builder entities add NAME...` writes the registry files of those you choose.\n")
    # a wide line so each example stays on one line instead of being folded
    body = yaml.safe_dump([s.as_entry() for s in suggestions], allow_unicode=True, sort_keys=False, width=10_000)
    return header + body


def format_table(suggestions: list[Suggestion]) -> str:
    rows = [("documents", "count", "kind", "name", "aliases")]
    rows += [(str(s.documents), str(s.count), s.kind, s.name, ", ".join(s.aliases)) for s in suggestions]
    widths = [max(_width(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell + " " * (widths[i] - _width(cell)) if i < 4 else cell for i, cell in enumerate(row))
             .rstrip() for row in rows]
    return "\n".join(lines) + "\n"


def _width(text: str) -> int:
    """Columns a terminal gives text: two for a Han character."""
    return sum(2 if _HAN.match(char) else 1 for char in text)


def run_suggest(config: Config, min_count: int = 1, output: str = "yaml") -> int:
    suggestions, diagnostics = _suggestions(config, min_count, 1)
    # an unreadable registry file would bring all its names back as suggestions: say why
    for diagnostic in diagnostics:
        if diagnostic.severity == "error":
            print(diagnostic, file=sys.stderr)
    if output == "table":
        sys.stdout.write(format_table(suggestions))
        return 0
    try:
        label = config.content_dir.relative_to(config.root).as_posix()
    except ValueError:
        label = str(config.content_dir)
    sys.stdout.write(format_yaml(suggestions, label))
    return 0


def _suggestions(config: Config, min_count: int, min_documents: int) -> tuple[list[Suggestion], list[Diagnostic]]:
    registry, diagnostics = load_registry(config.content_dir, config.entity_folders)
    texts = []
    for path in discover(config.content_dir, folders=config.entity_folders):
        result = load_document(path, config.content_dir)
        diagnostics.extend(result.diagnostics)
        if result.document is not None:
            texts.append((result.document.rel, result.document.body))
    found = suggest_from(texts, registry, config.entity_ignore, project_cache(config))
    return [s for s in found if s.count >= min_count and s.documents >= min_documents], diagnostics


def project_cache(config: Config) -> Path:
    """The project's build cache, where discovery keeps what it can reuse (discovery_cache.py)
    and jieba the cache of its dictionary."""
    return config.root / ".cache"


def suggest_from(documents: Iterable[tuple[str, str]], registry: Registry, ignore: Iterable[str] = (),
                 cache: Path | None = None) -> list[Suggestion]:
    """The suggestions for documents, (relative path, Markdown body) each: one pass over every
    paragraph, one more over them with the Chinese names found, then the merge (linear in the
    text: no name is looked for in each document one by one). With a cache folder (the
    project's .cache), a document whose path and text are unchanged is not read again: its
    scan is the one kept there (discovery_cache.py), the same as reading it would give."""
    from site_builder.discovery_cache import ScanCache

    if cache is not None:
        segment.use_cache(cache / "jieba")
    kept = ScanCache.open(cache, registry) if cache is not None else None
    scan = Scan()
    matcher = Matcher(registry)  # finds registered names the way pages link them
    for rel, body in documents:
        part = kept.get(rel, body, partial(Scan.of_record, rel)) if kept is not None else None
        if part is None:
            part = scan_document(rel, body, matcher)
            if kept is not None:
                kept.put(rel, body, part.record())
        scan.absorb(part)
    if kept is not None:
        kept.save()
    _resolve_brackets(scan)
    _complete_fragments(scan)
    _count_han_names(scan)
    return _merge(scan, registry, {name_key(n) for n in ignore})


def scan_document(rel: str, body: str, matcher: Matcher) -> Scan:
    """What one document's paragraphs hold, on its own."""
    scan = Scan()
    for text in paragraphs(body):
        scan.blocks.append((rel, text))
        found = matcher.find(text)
        scan_paragraph(scan, rel, text, [(m.start, m.end) for m in found],
                       [(m.start, m.end) for m in found if m.entity.startswith("person:")])
    return scan


def paragraphs(body: str) -> Iterator[str]:
    """The plain text of each paragraph of body, without headings and code. A paragraph's
    lines are joined here, not by the renderer (which would make "Jim\\nZemlin" one word): with
    a space between two Latin letters, without one between Chinese characters."""
    fence, lines = "", []
    for line in [*body.split("\n"), ""]:
        if fence:
            if line.strip().startswith(fence):
                fence = ""
            continue
        if m := _FENCE.match(line):
            fence = m[1]
            yield from _plain(lines)
            lines = []
            continue
        if not line.strip() or _BLOCK_START.match(line) or (lines and _HARD_BREAK.search(lines[-1])):
            yield from _plain(lines)
            lines = []
        if line.strip():
            lines.append(line.strip())


def _plain(lines: list[str]) -> Iterator[str]:
    if not lines:
        return
    joined = lines[0]
    for line in lines[1:]:
        joined += (" " if _LATIN_END.search(joined) and _LATIN_START.match(line) else "") + line
    rendered = render(_HARD_BREAK.sub("", joined), _TEXT_ONLY)
    if rendered.headings:  # titles, not prose: English ones are Title Case throughout
        return
    text = _FOOTNOTE_REF.sub("", rendered.text).translate(_DOTS).strip()
    if text:
        yield text


def _example(text: str, start: int, end: int) -> str:
    begin, finish = sentence_span(text, start, end)
    # a very long sentence: keep the part around the name
    cut_begin, cut_finish = max(begin, start - MAX_CHARS // 2), min(finish, end + MAX_CHARS // 2)
    sentence = text[cut_begin:cut_finish].strip()
    return ("…" if cut_begin > begin else "") + sentence + ("…" if cut_finish < finish else "")


# --------------------------------------------------------------------------- one paragraph

def scan_paragraph(scan: Scan, rel: str, text: str, registered: list[tuple[int, int]],
                   people: list[tuple[int, int]] = ()) -> None:
    """registered: the spans of registered names in text, in order and not overlapping;
    people: those of registered people among them."""
    taken = list(registered)  # spans already a name: registered, then found here
    scan.lower_words.update(m[0] for m in _LATIN_LOWER_WORD.finditer(text))
    for start, end in _latin_names(text, registered, people):
        votes = _latin_votes(text, start, end)
        _add(scan, rel, text, start, end, votes, strong=_strong_latin(text, start, end) or bool(votes))
        taken.append((start, end))
        if owner := _OWNER_OF_BEFORE.search(text, max(0, start - 10), start):
            scan.glued.append((owner[1], name_key(text[start:end])))
        elif glued := _GLUED_BEFORE.search(text, max(0, start - 5), start):
            scan.glued.append((glued[1], name_key(text[start:end])))
    for m in _BYLINE.finditer(text):
        if _person_shaped(m[1]) and not _overlaps(*m.span(1), registered):
            _add(scan, rel, text, *m.span(1), {"person": 3})
            scan.han_names.add(m[1])
            taken.append(m.span(1))
    for start, end in _dot_names(text):
        if not _overlaps(start, end, registered):
            _add(scan, rel, text, start, end, {"person": 3})
            scan.han_names.add(text[start:end])
            taken.append((start, end))
    _workplaces(scan, rel, text, registered, taken)
    _han_names(scan, rel, text, registered, taken)
    _brackets(scan, text, registered)
    _coordinations(scan, text, taken)


def _workplaces(scan: Scan, rel: str, text: str, registered: list[tuple[int, int]],
                taken: list[tuple[int, int]]) -> None:
    """Where someone worked, a list of organisations: 之前在百度、Google 和英伟达工作, 在商汤和北大等工作过.
    An everyday word (百度, 苹果) counts only beside another item: 在家工作, 在这里工作 name no one."""
    for m in _WORKED_AT.finditer(text):
        items, at = [], m.start(1)
        for separator in [*_ITEM_SEPARATOR.finditer(text, m.start(1), m.end(1)), None]:
            end = separator.start() if separator else m.end(1)
            items.append((at, end))
            at = separator.end() if separator else end
        for start, end in items:
            item = text[start:end]
            if not all(_HAN.match(char) for char in item):
                if tally := scan.tallies.get(name_key(item)):
                    tally.votes["company"] += 2  # a Latin name the first pass took: Google, Anyscale
                continue
            if not 2 <= len(item) <= 8 or item[0] in _FUNCTION_CHARS or item[0] in "这那该此其本各某一" \
                    or item in _GENERIC_HEADS or item in _GENERIC_ORG_WORDS or _overlaps(start, end, taken) \
                    or (len(items) == 1 and segment.is_common(item)):
                continue
            _add(scan, rel, text, start, end, {"company": 2})
            scan.han_names.add(item)
            taken.append((start, end))


def _coordinations(scan: Scan, text: str, spans: list[tuple[int, int]]) -> None:
    """Names next to each other in a list or joined by 和, 与 (Sora 与 Midjourney): things of one kind."""
    spans = sorted(set(spans))
    for (s1, e1), (s2, e2) in zip(spans, spans[1:], strict=False):
        if e1 <= s2 and _AND.fullmatch(text, e1, s2):
            scan.coordinated.append((name_key(text[s1:e1]), name_key(text[s2:e2])))


def _dot_names(text: str) -> Iterator[tuple[int, int]]:
    """Transliterated names (哈特穆特·内文), without the words around them that the characters
    run into: 商务部长|吉娜·雷蒙多, 彼得·肖尔|提出; two names joined by 和 are two (亨利·萨穆埃利和亨利·尼古拉斯)."""
    for whole in _DOT_NAME.finditer(text):
        joints = list(_DOT_NAMES_JOINED.finditer(text, whole.start(), whole.end()))
        starts, ends = [whole.start(), *(j.end(1) for j in joints)], [*(j.start(1) for j in joints), whole.end()]
        for m in (_DOT_NAME.fullmatch(text, a, b) for a, b in zip(starts, ends, strict=True)):
            if m is None:
                continue
            first_dot, last_dot = m[0].index("·"), m[0].rindex("·")
            start = _trim_front(text, m.start(), m.start() + first_dot)
            end = _trim_back(text, m.start() + last_dot + 1, m.end())
            if start < m.start() + first_dot and end > m.start() + last_dot + 1:
                yield start, end


def _stop(word: str, tag: str) -> bool:
    """A word a name does not reach past: a function word, a verb, a title or role."""
    return (tag in _NAME_STOP_TAGS and word != "之") or word in _ORG_LEAD_WORDS or word in _SPEECH \
        or word.endswith(_TITLES) or (tag in ("v", "vn", "a", "ad", "d") and segment.is_common(word))


def _trim_front(text: str, begin: int, end: int) -> int:
    """Where a name ending at end starts, at begin or after the last stop word of text[begin:end]."""
    tokens = _tokens(text[begin:end])
    start = end
    for i in range(len(tokens) - 1, -1, -1):
        w_start, _, word, tag = tokens[i]
        if i < len(tokens) - 1 and _stop(word, tag) and not (i + 1 < len(tokens) and tokens[i + 1][2] == "之"):
            break
        start = begin + w_start
    return start


def _trim_back(text: str, begin: int, end: int) -> int:
    """Where a name starting at begin ends: at end, or before the first stop word after its first word."""
    tokens = _tokens(text[begin:end])
    finish = begin
    for i, (_, w_end, word, tag) in enumerate(tokens):
        if i and _stop(word, tag):
            break
        finish = begin + w_end
    return finish


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _add(scan: Scan, rel: str, text: str, start: int, end: int, votes: dict[str, int], strong: bool = True) -> None:
    scan.tally(text[start:end]).add(rel, text, start, end, votes, strong)


def _latin_names(text: str, registered: list[tuple[int, int]], people: list[tuple[int, int]]
                 ) -> Iterator[tuple[int, int]]:
    """Spans of the Latin names in text: capitalised runs split at separator words and at
    registered names ("OpenAI Claude Code": Claude Code), without those made only of generic
    acronyms. A run holding a registered person's name is left whole: "Jim Zemlin" when
    Zemlin is registered is no new name, Jim is his first name."""
    # a list's number glued before a name (**5.Enoch Cheung**) is blanked out for the runs: a
    # run starts at no dot (v1.Name, file.Name), but the name after a number is whole
    masked = _LIST_NUMBER.sub(lambda m: " " * len(m[0]), text)
    for run in _RUN.finditer(masked):
        if _overlaps(run.start(), run.end(), people):
            continue
        piece: list[tuple[int, int]] = []
        words = [(w.start() + run.start(), w.end() + run.start()) for w in _WORD_IN_RUN.finditer(run[0])]
        for span in [*words, None]:
            word = text[span[0]:span[1]] if span else ""
            # "The Information", "The Verge" in Chinese text: The is part of the name
            the = word == "The" and not piece and len(words) > 1 \
                and _THE_BEFORE.search(text, max(0, span[0] - 3), span[0]) is not None
            model = not word[:1].islower() or not word[1:2].isdigit() or _MODEL_WORD.fullmatch(word) is not None
            if span and (not _separator(word) or the) and (len(word) > 1 or piece) and model \
                    and not _overlaps(*span, registered):
                piece.append(span)
                continue
            while len(piece) > 1 and text[piece[-1][0]:piece[-1][1]] in _GENERIC - {"AI"} and not (
                    text[piece[-1][0]:piece[-1][1]] in _KEPT_HEADS
                    and any(text[s:e] not in _GENERIC and text[s:e] != "The" for s, e in piece[:-1])):
                piece.pop()  # H20s GPU: the chip is H20s; Mistral AI keeps its AI, Apple TV its TV
            while len(piece) > 1 and (first := text[piece[0][0]:piece[0][1]]) in _GENERIC and first.isupper() \
                    and text[piece[1][0]:piece[1][1]] not in _GENERIC | _ORG_WORDS | _PRODUCT_WORDS:
                piece.pop(0)  # 法律 AI Harvey: a field's acronym before the name (AI Lab is one name)
            if piece and len(piece) <= 4 and not all(text[s:e].replace(".", "") in _GENERIC for s, e in piece) \
                    and not (len(piece) == 1 and text[piece[0][0]:piece[0][1]][0].isdigit()):
                yield from _named_spans(text, piece)
            piece = []


def _named_spans(text: str, piece: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """The names of a run of words: one, or an organisation and a person's full name after it
    (OpenAI Sam Altman: OpenAI, Sam Altman; Daniel De Freitas is one: De is a surname's particle)."""
    # (not after a model number: GH200 Grace Hopper is one chip's name)
    if len(piece) >= 3 and _FULL_NAME.fullmatch(text[piece[1][0]:piece[-1][1]]) \
            and segment.is_first_name(text[piece[1][0]:piece[1][1]]) \
            and text[piece[1][0]:piece[1][1]] not in _SURNAME_PARTICLES \
            and text[piece[-1][0]:piece[-1][1]] not in _ORG_WORDS \
            and not any(c.isdigit() for c in text[piece[0][0]:piece[0][1]]):
        parts = [piece[:1], piece[1:]]
    else:
        parts = [piece]
    for part in parts:
        start, end = part[0][0], _latin_end(text, part[0][0], part[-1][1])
        if end - start > 1:
            yield start, end


def _latin_end(text: str, start: int, end: int) -> int:
    """Where the name text[start:end] ends without what the text glued to it: the number of
    the next list item (xAI8. 🎥, Gemini5.), a count or a date (xAI8月), a model's size
    (Llama 1B: Llama, the size of one of its models)."""
    if size := _SIZE_TAIL.search(text, start, end):
        return size.start()
    if year := _YEAR_TAIL.search(text, start, end):
        return year.start()
    digits = _GLUED_DIGITS.search(text, start, end)
    if digits and (_NEXT_ITEM.match(text, end) or _UNIT_AFTER.match(text, end)):
        return digits.start()
    if year := _GLUED_YEAR.search(text, start, end):  # OpenAI2024实现: what OpenAI does in 2024
        return year.start()
    if (tail := _VERSION_TAIL.search(text, start, end)) and _UNIT_AFTER.match(text, end):
        return tail.start()  # OpenAI 2024年, Meta 3个: a date or a count, not a version
    return end


def _strong_latin(text: str, start: int, end: int) -> bool:
    """Not only a capitalised first word of an English sentence (Necessity is ...)."""
    single = " " not in text[start:end]
    return not (single and _SENTENCE_START.search(text, max(0, start - 8), start) is not None
                and _LOWER_WORD_NEXT.match(text, end) is not None)


def _latin_votes(text: str, start: int, end: int) -> dict[str, int]:
    name = text[start:end]
    words = name.split()
    votes: Counter = Counter()
    before = text[max(0, start - 16):start]
    if _ORG_WORDS.intersection(w.rstrip(".") for w in words) and not (
            words[-1] in _PRODUCT_WORDS and words[-1] not in _ORG_WORDS):
        votes["company"] += 3
    if any(char.isdigit() for char in name) or _MODEL_NAME.match(name) or _VARIANT.search(name):
        votes["product"] += 2  # GPT-4, SmolLM2, H100, o1, GPT-J: a model's number, at every mention
    if _SIZE_AFTER.match(text, end):
        votes["product"] += 2  # Pixtral 12B: a model, by its number of parameters (cut off the name)
    if len(words) > 1 and (words[-1] in _PRODUCT_WORDS or words[0] in _PRODUCT_LEADS) \
            or _PRODUCT_GLUED.search(words[-1]):
        votes["product"] += 2  # Bing Image Creator, Stable Animation SDK; MusicLM, StudioBot
    votes.update(_context_votes(text, start, end))
    if _owns_latin(text, end) or _OWNS_AFTER.match(text, end):
        votes["company"] += 1  # Meta的Llama, GitHub的Copilot, Mistral的多模态大模型
    if _TECH_BEFORE.search(before):
        votes["product"] += 2  # 液冷技术Neptune: named after what it is
    if text.startswith("™", end):
        votes["product"] += 2  # Omniverse™: a trademark
    if _INSIDE_AFTER.match(text, end):
        votes["product"] += 1  # 在Photoshop中, Safari中的默认搜索引擎: what one works in
    speaks = _SPEECH_AFTER.match(text, end) is not None
    titled = _TITLE_AFTER.search(before) is not None
    # an organisation's words before it outweigh a first name's shape (来自 General Catalyst; not an
    # owner's 的: Firsmark Capital 的 Matt Turck)
    led = _ORG_BEFORE.search(before) or _ORG_NOUN_BEFORE.search(before) \
        or _listed_after(_ORG_LIST_BEFORE, text, start)  # 投资人包括 A、B
    if _FULL_NAME.fullmatch(name) and words[0] not in _SEPARATORS and segment.is_first_name(words[0]) and not led:
        votes["person"] += 2  # Sam Altman, Tibor Blaho: a first name and a surname
    if _pinyin_name(words) and not votes["company"] and not votes["product"]:
        votes["person"] += 2  # Ruisi Cai, Xiaogeng Liu: a Chinese given name and surname in pinyin
    if _FULL_NAME.fullmatch(name) and words[0] != "The" and (titled or (speaks and (
            segment.is_first_name(words[0]) or _owned(text, start)))):
        # (The Information 称: a newspaper speaks too; Khosla Ventures 的 Nikunj Kothari认为: a firm's
        # own who speaks is its people's)
        votes["person"] += 3
    elif titled and (not votes["company"] or len(words) == 1 and segment.is_first_name(name)):
        votes["person"] += 2  # Dr. Smith, 创始人 Altman; 首席科学家 Ilya 宣布 (who announces is no company)
    return votes


def _pinyin_name(words: list[str]) -> bool:
    """Two words, a given name and a surname in pinyin (Xiaogeng Liu, Chaowei Xiao, Seul Lee):
    the given name pinyin, or a first name some country gives; the surname a common one."""
    if len(words) != 2 or not all(w[:1].isupper() and w[1:].islower() and w.isalpha() for w in words):
        return False
    given, surname = words[0].lower(), words[1].lower()
    return surname in _PINYIN_SURNAMES and given not in _PINYIN_SURNAMES and (
        _PINYIN_WORD.fullmatch(given) is not None or segment.is_first_name(words[0]))


def _owns_latin(text: str, end: int) -> bool:
    """The Latin name ending at end owns the Latin name after its 的 (Meta的Llama), a name
    and not a generic word (GPT-4的API)."""
    of = _OWNS_LATIN.match(text, end)
    if of is None:
        return False
    run = _RUN.match(text, of.end())
    return run is not None and not all(w in _GENERIC for w in run[0].split())


def _context_votes(text: str, start: int, end: int) -> Counter:
    """What the words around a name say of its kind, for Latin and Chinese names alike."""
    votes: Counter = Counter()
    before = text[max(0, start - 12):start]
    if org := _ORG_AFTER.match(text, end):
        # a product has a team and a head too (Sora团队, Sora 负责人): 团队 and 负责人 say less than
        # 公司, 旗下, a CEO or a research group (NVIDIA GEAR 小组, which outweighs its parent's name
        # before: no product of NVIDIA), and nothing after an owner's 的 (OpenAI 的 Sora 负责人)
        if not org[0].strip().endswith(("团队", "负责人")):
            votes["company"] += 2
        elif not _owned(text, start):
            votes["company"] += 1
    if _ACTS_AFTER.match(text, end):
        votes["company"] += 1
    if _ORG_BEFORE.search(before):
        votes["company"] += 1
    if _PARTNER_BEFORE_TEXT.search(before) and _PARTNER_AFTER_TEXT.match(text, end):
        votes["company"] += 1
    if _ORG_NOUN_BEFORE.search(before) or _ORG_NOUN_LIST_BEFORE.search(text, max(0, start - 60), start):
        votes["company"] += 2  # 云服务提供商CoreWeave, 投资公司MGX, 媒体机构Raw Story和AlterNet
    if _listed_after(_ORG_LIST_BEFORE, text, start):
        votes["company"] += 2
    elif _listed_after(_INVESTOR_LIST_BEFORE, text, start):
        votes["company"] += 1
    if _ORG_HEAD_BRACKET_BEFORE.search(before):
        votes["company"] += 2
    if _PRODUCT_AFTER.match(text, end) or _IS_PRODUCT.match(text, end) or _FOLLOWED_AFTER.match(text, end) \
            or _DESCRIBED_AFTER.match(text, end):
        votes["product"] += 2
    if _IS_COMPANY.match(text, end):
        votes["company"] += 2
    if _PEOPLE_AFTER.match(text, end) or _IS_PERSON.match(text, end):
        votes["person"] += 2
    if _PRODUCT_BEFORE.search(before) or _owned(text, start) or _NOUN_IS_BEFORE.search(before) \
            or (_BASED_ON_BEFORE.search(before) and not _OF_AFTER.match(text, end)):
        votes["product"] += 1
    if _QUOTE_BEFORE.search(before) and _QUOTE_AFTER.match(text, end) and not _HAN.search(text, start, end):
        votes["product"] += 1  # a Latin name in Chinese quotes is a product's: “Cici”, 《Artifacts》
    if _PRODUCT_NOUN_BEFORE.search(before) or _listed_after(_PRODUCT_LIST_BEFORE, text, start) \
            or _PRODUCT_RANGE_BEFORE.search(text, max(0, start - 80), start) \
            or _PRODUCT_BRACKET_BEFORE.search(text, max(0, start - 80), start):
        votes["product"] += 2  # 聊天机器人Grok, 核心产品抖音; 新的功能，比如Artifacts、Computer Use、MCP
    return votes


def _listed_after(pattern: re.Pattern[str], text: str, start: int) -> bool:
    """pattern (a list's lead and its items so far: 公司，如 A、B、) ends right before start, within
    80 characters, remarks in brackets left out."""
    return pattern.search(_REMARK.sub("", text[max(0, start - 80):start])) is not None


def _tagged_person(word: str, tag: str) -> bool:
    """One word of three characters or more that jieba tags as a person's, of a person's shape: on
    the annotated sets always a person (马斯克, 杨植麟, 罗福莉; of two, 谷歌 and 华为 are tagged so too)."""
    return len(word) >= 3 and tag in segment.PERSON_TAGS and _person_shaped(word)


def _owned(text: str, start: int) -> bool:
    """The name at start follows its owner's 的 (OpenAI 的 Sora, 谷歌的 Gemini), not a
    description's (最近的 Reddit AMA, 虚假的“神药”, 强大的 Runway)."""
    of = _OF_BEFORE.search(text, max(0, start - 6), start)
    if of is None:
        return False
    before = text[max(0, of.start() - 12):of.start()].rstrip()
    if latin := _LAST_LATIN.search(before):
        return latin[0] not in _GENERIC
    tokens = _tokens(before)
    if not tokens or not _HAN.match(tokens[-1][2][-1]):
        return False
    word, tag = tokens[-1][2:]
    if _cut_in_two(tokens, len(tokens) - 1):
        return True  # 英|伟达的 CUDA: a name jieba cut into two words
    # a person owns companies as well as products: 马斯克的 xAI says neither
    if _tagged_person(word, tag):
        return False
    return tag not in _NOT_NAME_TAGS and tag not in _DESCRIPTION_TAGS and not segment.is_place(word) \
        and not (segment.is_common(word) and tag not in segment.PROPER)


def _han_names(scan: Scan, rel: str, text: str, registered: list[tuple[int, int]],
               taken: list[tuple[int, int]]) -> None:
    """Chinese names from jieba's words and tags, and the patterns around them. A word the
    dictionary knows as an everyday one (百度 is a noun there, 卫星 a person) is a name only
    where the text shows it is one (_named); so are the names jieba cuts in two (字节|跳动)."""
    if not _HAN.search(text):
        return
    tokens = _tokens(text)
    for i, (start, end, word, tag) in enumerate(tokens):
        if _overlaps(start, end, taken) or not _HAN.match(word[-1]) or tag in ("i", "l") \
                or (tag == segment.UNKNOWN and len(word) == 2 and segment.dictionary_tag(word[0]) == "m") \
                or (tag == segment.UNKNOWN and _function_chars(word)):
            continue  # idioms, numbers jieba does not know (六到|九个月), function words it joined (这一)
        if word.endswith(_ORG_SUFFIXES):
            _organisation(scan, rel, text, tokens, i, registered)
            continue
        if given := _given_name(text, tokens, i):  # 李|大为 表示: jieba cut a person's name
            _add(scan, rel, text, start, given, {"person": 3})
            scan.han_names.add(text[start:given])
            taken.append((start, given))
            continue
        named = _named(text, tokens, i) if tag not in _NOT_NAME_TAGS else ""
        # a product named after what it is (核心产品抖音) starts after that word
        begin = tokens[_extend(tokens, i)][0] if named and named not in ("product", "described") else start
        last = i
        if named == "list" and i + 1 < len(tokens) and _cut_in_two(tokens, i + 1) and not segment.is_place(word):
            last, end = i + 1, tokens[i + 1][1]  # 谷歌、Meta、字节|跳动: the list's item is the whole name
        name = text[begin:end]
        if len(name) < 2 or not _HAN.match(name[0]) or _overlaps(begin, end, taken) or name in _GENERIC_ORG_WORDS \
                or (name == word and (tag == "s" or (tag == "ns" and segment.is_place(word)))):
            continue
        votes = _han_votes(text, tokens, last, name, named)
        if votes:
            _add(scan, rel, text, begin, end, votes)
            scan.han_names.add(name)
            taken.append((begin, end))


def _named(text: str, tokens: list[tuple[int, int, str, str]], i: int) -> str:
    """How the text shows that the words ending with tokens[i] are a name, if it does: the owner
    of a named thing (百度的文心一言, 腾讯的“混元”), an organisation's words after it (苹果公司,
    腾讯旗下), a partner (与百度的合作), an item of a list of names (IBM、微软、亚马逊)."""
    end, common = tokens[i][1], segment.is_common(tokens[i][2])
    # 字节|跳动的“豆包”, 零一|万物的Yi-VL-Plus: a name jieba cut into everyday words, owning a
    # quoted name or a Latin one
    quoted = i + 2 < len(tokens) and tokens[i + 1][2] == "的" and tokens[i + 2][2] in _QUOTES
    latin = i + 2 < len(tokens) and tokens[i + 1][2] == "的" and tokens[i + 2][3] == "eng" \
        and tokens[i + 2][2] not in _MADE_THINGS  # (领域的API: an everyday word owns a generic one)
    # 关键的“双用途物资”, 领域的大佬: everyday words own things too
    if _owner(tokens, i) and (not common or ((quoted or latin) and _cut_in_two(tokens, i))):
        return "owner"
    if (after := _ORG_NAMED_AFTER.match(text, end)) and not (common and after[0] in ("公司", "集团", "控股")):
        return "organisation"  # 腾讯旗下; but 电影公司, 能源集团 are kinds of company
    if _PARTNER_AFTER.match(text, end) and i and tokens[i - 1][2] in _PARTNER_BEFORE:
        return "partner"
    # a product: quoted after its owner (字节跳动的“豆包”), or after what it is (聊天机器人豆包)
    if (i >= 2 and tokens[i - 1][2] in _QUOTES and tokens[i - 2][2] == "的" and i + 1 < len(tokens)
            and tokens[i + 1][2] in _CLOSING_QUOTES and (not common or (i >= 3 and _cut_in_two(tokens, i - 3)))) or (
            not common and segment.dictionary_tag(tokens[i][2]) is None and not _function_led(tokens[i][2])
            and _PRODUCT_NOUN_BEFORE.search(text, max(0, tokens[i][0] - 8), tokens[i][0])):
        return "product"
    # a word the dictionary does not know after what it is: 中国公司智谱, 独角兽公司智谱AI
    # (or a name of the dictionary, though frequent: 云计算巨头亚马逊, 咨询业巨头麦肯锡)
    if ((not common and segment.dictionary_tag(tokens[i][2]) is None and not _verb_done(tokens[i][2]))
            or tokens[i][3] in _NAME_TAGS) and _ORG_NOUN_BEFORE.search(text, max(0, tokens[i][0] - 8), tokens[i][0]):
        return "described"
    # ... or two everyday words that make one it does not know, where people go to or come from:
    # 入职字节|跳动, 从字节|跳动离职 (not after what it is: 公司战略|方向 is no name)
    if _joined_unknown(tokens, i):
        first = tokens[i - 1][0]
        if _JOINS_BEFORE.search(text, max(0, first - 6), first) or (
                text.endswith("从", 0, first) and _LEFT_AFTER.match(text, end)):
            return "organisation"
    # a proper noun, though an everyday one, in a list after what it is: 制造商（如中芯国际和华为）; an
    # everyday one right after 如 or a list's 和 and 、, not a comma (公司之一，如下图……，令人印象深刻)
    if (not common or tokens[i][3] in segment.PROPER and _LIST_ITEM_BEFORE.search(text, 0, tokens[i][0])) \
            and tokens[i][3] != "ns" and _listed_after(_ORG_LIST_BEFORE, text, tokens[i][0]):
        return "described"
    # an everyday word needs two other names in its list (领域、市场和 OpenAI is no list of
    # names), and not to be the head of the name before it (OpenAI 团队、Sam、Kevin: OpenAI's team)
    if common and _head_of_name(text, tokens, i):
        return ""
    # ... or one, in a list after where people come from or go to (来自微软、Google 和百度)
    if _listed(tokens, i) >= (1 if not common or _org_led_list(text, tokens, i) else 2):
        return "list"
    # ... or a proper noun of the dictionary's after another item of such a list (任职于百度和亚马逊)
    if common and tokens[i][3] in segment.PROPER and i >= 2 and tokens[i - 1][2] in _LIST_SEPARATORS \
            and _org_led_list(text, tokens, i):
        return "list"
    return ""


def _org_led_list(text: str, tokens: list[tuple[int, int, str, str]], i: int) -> bool:
    """The list tokens[i] is an item of follows a word said of organisations (来自, 加入, 收购), or
    ends in what its items are (微软、腾讯和字节等公司)."""
    first = last = i
    while first >= 2 and tokens[first - 1][2] in _LIST_SEPARATORS:
        first -= 2
    while last + 2 < len(tokens) and tokens[last + 1][2] in _LIST_SEPARATORS:
        last += 2
    return _ORG_BEFORE.search(text, max(0, tokens[first][0] - 6), tokens[first][0]) is not None \
        or (last > i and _ORGS_CLOSE_LIST.match(text, tokens[last][1]) is not None)


def _head_of_name(text: str, tokens: list[tuple[int, int, str, str]], i: int) -> bool:
    """tokens[i] comes right after a name, spaces apart at most: OpenAI 团队, 谷歌团队."""
    return i > 0 and not text[tokens[i - 1][1]:tokens[i][0]].strip() and _proper(tokens[i - 1])


def _function_chars(word: str) -> bool:
    """A word jieba does not know made only of characters that are function words on their own
    (这一: a pronoun and a numeral), no name."""
    return all((segment.dictionary_tag(c) or "x")[:1] in ("r", "m", "d", "p", "c", "u", "q", "f") for c in word)


def _function_led(word: str) -> bool:
    """An unknown word jieba made of a function word and what follows (模型|仍会|产生, 模型|对战|平台):
    its first character is an adverb, a preposition, a conjunction or a particle on its own."""
    return (segment.dictionary_tag(word[0]) or "x")[:1] in ("d", "p", "c", "u")  # not zg: 仍, but 抖(音) too


def _verb_done(word: str) -> bool:
    """An unknown word jieba made of a verb and its aspect particle (等公司|做过|AI 研究): no name."""
    return len(word) == 2 and word[1] in "过了着" and segment.dictionary_tag(word[0]) == "v"


def _cut_in_two(tokens: list[tuple[int, int, str, str]], i: int) -> bool:
    """tokens[i] and the word right before it make a word jieba's dictionary does not know, of
    3 or 4 characters: a name it cut into two everyday words (字节|跳动), not an everyday word
    nor a description ending with what it describes (闭源|模型, 人形|智能)."""
    return _joined_unknown(tokens, i) and tokens[i][2] not in _GENERIC_ORG_WORDS \
        and not _PRODUCT_NOUN_BEFORE.fullmatch(tokens[i][2])


def _joined_unknown(tokens: list[tuple[int, int, str, str]], i: int) -> bool:
    """tokens[i] and the word right before it, nothing between them, make a word of 3 or 4
    Chinese characters jieba's dictionary does not know, neither part a function word nor a place:
    字节|跳动, 面壁|智能 (unlike _cut_in_two, the second part may be a word that ends names:
    智能, 科技)."""
    if not i or tokens[i - 1][1] != tokens[i][0]:
        return False
    (_, _, before, tag), (_, _, word, own) = tokens[i - 1], tokens[i]
    joined = before + word
    return 3 <= len(joined) <= 4 and all(_HAN.match(c) for c in joined) and not _stop(before, tag) \
        and tag not in _NOT_NAME_TAGS and own not in _NOT_NAME_TAGS and not segment.is_place(before) \
        and before not in _GENERIC_ORG_WORDS and segment.dictionary_tag(joined) is None


def _given_name(text: str, tokens: list[tuple[int, int, str, str]], i: int) -> int:
    """The end of a person's name that jieba cut after the surname tokens[i] (李|大为), when a
    speech verb follows it or a title comes before; 0 if it is none."""
    start, end, word, tag = tokens[i]
    if word not in _SURNAMES or i + 1 >= len(tokens) or tokens[i + 1][0] != end:
        return 0
    given = tokens[i + 1]
    # a character jieba's dictionary cannot hold (outside the BMP, or CJK Extension A: 张𠮷)
    # leaves the surname alone with whatever tag it has as a word of its own (张: a measure word)
    if tag != "nr" and not any(ord(c) > 0xFFFF or 0x3400 <= ord(c) <= 0x4DBF for c in given[2]):
        return 0
    if not 1 <= len(given[2]) <= 2 or not all(_HAN.match(c) for c in given[2]) or given[3] in ("uj", "ul", "p", "c"):
        return 0
    if _SPEECH_AFTER.match(text, given[1]) or _TITLE_AFTER.search(text, max(0, start - 8), start):
        return given[1]
    return 0


def _extend(tokens: list[tuple[int, int, str, str]], i: int) -> int:
    """The first word of a name that ends with tokens[i]: back over the words jieba cut it into
    (字节|跳动, 快手|可灵) to a stop word, at most 8 characters."""
    first = i
    while first and tokens[first - 1][1] == tokens[first][0] and _HAN.match(tokens[first - 1][2][-1]) \
            and tokens[i][1] - tokens[first - 1][0] <= 8 and not _stop(tokens[first - 1][2], tokens[first - 1][3]) \
            and not segment.is_place(tokens[first - 1][2]) and tokens[first - 1][2] not in _GENERIC_ORG_WORDS:
        first -= 1
    return first


def _han_votes(text: str, tokens: list[tuple[int, int, str, str]], i: int, name: str, named: str) -> Counter:
    """What a Chinese name's tag and surroundings say it is; nothing for an everyday word the
    text does not show to be a name."""
    start, end, word, tag = tokens[i]
    start = end - len(name)
    common = segment.is_common(name)
    speaks = _SPEECH_AFTER.match(text, end) is not None or _speaker_label(text, start, end)
    titled = _TITLE_AFTER.search(text, max(0, start - 8), start) is not None
    # a famous person's full name is frequent in the dictionary (杨元庆, 李彦宏: person's, seen 25
    # times), so common: a title before it or a speech verb after it shows the person. Of the
    # dictionary's frequent person-tagged words of a surname and two characters, nearly all are
    # names (胡萝卜, 白皮书 are the few that are not, and take no title; a speech verb shows a
    # name only where the part after the surname is no everyday word: 白皮书指出); of two
    # characters many are everyday words (卫星, 顾问, 华为): those the cue does not make a name.
    given = name[2:] if name[:2] in _COMPOUND_SURNAMES else name[1:]
    famous = common and name == word and tag in segment.PERSON_TAGS and len(name) >= 3 and (
        titled or (speaks and not _everyday(given)))
    acts = _acts_as_organisation(text, start, end, name, word, tag)
    if common and not named and not famous and not acts:
        return Counter()
    if name != word:
        tag = "x"  # several words: jieba's tags are the parts'
    votes: Counter = Counter()
    # a person: a surname and a name that jieba tags as a person's, with a title or a speech verb,
    # in a list, or rare in its dictionary (谷歌 and 高管 are unknown words it guesses persons)
    # (a title is no name, though it starts with a surname's character: 高管)
    person = _person_shaped(name) and (not common or famous) and not name.endswith(_TITLES) and (
        tag in segment.PERSON_TAGS or (tag == segment.UNKNOWN and segment.dictionary_tag(name) is None))
    # a transliteration jieba cut into names it tags as a person's: 山姆|奥特曼
    parts = [t for t in tokens[max(0, i - 3):i + 1] if t[0] >= start]
    transliterated = name != word and not common and all(t[3] in segment.PERSON_TAGS for t in parts)
    if (person or transliterated) and (speaks or titled):
        votes["person"] += 3
    elif person and len(name) == 3 and (named == "list" or name == word and tag == segment.UNKNOWN
                                        and segment.dictionary_tag(name[-1]) not in _GLUED_AFTER_NAME_TAGS):
        # listed, or a word the dictionary does not know that jieba's model of unknown words made
        # of a surname and two characters: on the annotated sets, a person's name each time
        # (吴恩达, 李飞飞, 陈丹琦)
        votes["person"] += 1
    elif tag == "nt" and not common and not _everyday_compound(name):
        votes["company"] += 2
    elif tag == "nz" and not common and _context_votes(text, start, end)["product"]:
        votes["product"] += 1  # jieba's other proper nouns are products only with a product's words around
    elif (speaks and tag in segment.PROPER and not common) or (acts and not person):
        votes["company"] += 1  # a proper noun that speaks; a dictionary firm doing what firms do
    # a person by jieba's tag (_tagged_person): owning, partnering, being listed and organisation
    # words around say nothing against one
    jieba_person = person and name == word and _tagged_person(name, tag)
    if named == "product":
        votes["product"] += 2
    elif jieba_person and named in ("owner", "partner", "list"):
        votes["person"] += 1
    elif named in ("owner", "organisation", "partner", "described"):
        votes["company"] += 2
    elif named == "list" and not votes:
        votes["company"] += 1
    context = _context_votes(text, start, end)
    if votes:
        votes.update(context)
    elif jieba_person and context["company"]:
        votes["person"] += 1  # 马斯克今天宣布正式创立了 AI 公司: the founder
    elif person and context["company"]:
        # an unknown word of a person's shape where an organisation's words are around it: 加入谷歌,
        # 谷歌的员工 (else the one 谷歌宣布 makes a person of a name the text shows as a company's)
        votes["company"] += context["company"]
    return votes


def _acts_as_organisation(text: str, start: int, end: int, name: str, word: str, tag: str) -> bool:
    """A word jieba's dictionary tags an organisation's or another proper noun (腾讯, 阿里巴巴,
    特斯拉, 清华大学), opening its clause and doing what organisations do: 腾讯推出, ，阿里巴巴宣布.
    (The dictionary tags everyday words so too, 论文 and 新一轮 among them: they do things after
    other words, 最佳论文发布, or are a round, not its taker: ，新一轮融资.)"""
    return name == word and tag in _ORG_NAME_TAGS and _CLAUSE_OPENS.search(text, max(0, start - 4), start) is not None \
        and _ORG_DOES_AFTER.match(text, end) is not None


def _speaker_label(text: str, start: int, end: int) -> bool:
    """The name opens its paragraph, a title before it at most, and a colon follows: who speaks
    in an interview's transcript (杨元庆：我们有……, 主持人杨元庆：)."""
    return _LABEL_AFTER.match(text, end) is not None and (
        not text[:start].strip() or _TITLE_AFTER.fullmatch(text, 0, start) is not None)


def _everyday_compound(word: str) -> bool:
    """A word jieba's dictionary tags an organisation's, rarely seen there, that is two everyday
    words (重大|进展, 招|人): a phrase the dictionary mistags, not a name (中芯国际, 中国银联:
    中芯 is no everyday word, 中国 a place's name). With an organisation's suffix, it is
    _organisation's to judge."""
    if word.endswith(_ORG_SUFFIXES):
        return False
    return any(_everyday(word[:k]) and _everyday(word[k:]) for k in range(1, len(word)))


def _everyday(word: str) -> bool:
    """A common word that is no proper noun either (not 中国 of 中国银联)."""
    return segment.is_common(word) and segment.dictionary_tag(word) not in segment.PROPER


def _proper(token: tuple[int, int, str, str]) -> bool:
    """A name by its tag or its script: a Latin name in Chinese text, a proper noun jieba's
    dictionary does not hold as an everyday word or a place, a word it does not know."""
    word, tag = token[2], token[3]
    if tag == "eng":
        return word[:1].isupper() and word not in _GENERIC
    if len(word) < 2 or not _HAN.match(word[0]):
        return False
    known = segment.dictionary_tag(word)
    return (tag in segment.PROPER and tag != "ns") or known is None


def _listed(tokens: list[tuple[int, int, str, str]], i: int) -> int:
    """How many other names the list (、, then 和 or 与 before the last) tokens[i] is an item of has."""
    names = 0
    for step in (-1, 1):
        j = i + step
        while 0 <= j + step < len(tokens) and tokens[j][2] in _LIST_SEPARATORS:
            j += step
            names += _proper(tokens[j])
            j += step
    return names


def _owner(tokens: list[tuple[int, int, str, str]], i: int) -> bool:
    """tokens[i] owns a named thing: 百度的文心一言, 腾讯的“混元”."""
    j = i + 1
    if j >= len(tokens) or tokens[j][2] != "的":
        return False
    j += 1
    quoted = j < len(tokens) and tokens[j][2] in _QUOTES
    while j < len(tokens) and tokens[j][2] in _QUOTES:
        j += 1
    return j < len(tokens) and (_proper(tokens[j]) or (quoted and _HAN.match(tokens[j][2][0]) is not None)
                                or tokens[j][2] in _MADE_THINGS)


def _tokens(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, word, tag) of jieba's words of text, spaces left out."""
    tokens = []
    position = 0
    for word, tag in segment.words(text):
        if _glued_preposition(word, tag):  # 自|黄仁勋: a preposition jieba glued to an unknown name
            tokens.append((position, position + 1, word[0], segment.dictionary_tag(word[0]) or tag))
            tokens.append((position + 1, position + len(word), word[1:], tag))
        elif word.strip():
            tokens.append((position, position + len(word), word, tag))
        position += len(word)
    return tokens


def _glued_preposition(word: str, tag: str) -> bool:
    """An unknown word of a preposition or a conjunction and a person's name (整理自黄仁勋: 自|黄仁勋,
    与吴恩达), that is itself no name of a surname (向华强: 向 is one)."""
    return tag == segment.UNKNOWN and 3 <= len(word) <= 5 and not _person_shaped(word) \
        and segment.dictionary_tag(word[0]) in ("p", "c") and _person_shaped(word[1:]) \
        and all(_HAN.match(c) for c in word)


def _unknown_person(word: str) -> bool:
    """A surname and a name, a word jieba's dictionary does not hold: 李沐, 柯洁."""
    return _HAN.match(word) is not None and _person_shaped(word) and segment.dictionary_tag(word) is None


def _person_shaped(word: str) -> bool:
    """A surname and one or two more characters (张一鸣, 欧阳娜娜)."""
    if word[:2] in _COMPOUND_SURNAMES:
        return 3 <= len(word) <= 4
    return 2 <= len(word) <= 3 and word[0] in _SURNAMES


def _organisation(scan: Scan, rel: str, text: str, tokens: list[tuple[int, int, str, str]], i: int,
                  registered: list[tuple[int, int]]) -> None:
    """An organisation ending with the suffix word tokens[i] (红杉资本, 中国半导体行业协会): the
    words before it back to a function word, a verb or a common word that is not itself part of
    the name."""
    start, end, word, tag = tokens[i]
    strong = word.endswith(_STRONG_ORG_SUFFIXES)
    begin = start
    j = i - 1
    # a name jieba's dictionary holds whole (北京大学) does not take an everyday verb of two
    # characters before it (攻读|北京大学, 感谢|香港科技大学); a verb of one may be part of it
    # (中国驻|美国大使馆), and a name cut into words may start with one (深度|求索|公司, 出门|问问)
    whole = tag in segment.PROPER and len(word) > len(_suffix(word))
    branch = word.endswith("分校")
    glued = None
    while j >= 0 and end - tokens[j][0] <= 16 and tokens[j][1] >= begin - 1:
        w_start, _, w, w_tag = tokens[j]
        if branch and w.strip(" -") == "" and j > 0 and j < i - 1:
            begin = w_start  # 伊利诺伊大学厄巴纳 - 香槟分校: a branch named after two towns
            j -= 1
            continue
        if not (_HAN.match(w[0]) or w.isalnum()) or w_tag in _NAME_STOP_TAGS or w in _ORG_LEAD_WORDS or (
                whole and j == i - 1 and len(w) > 1 and w_tag in ("v", "vd", "vi") and segment.is_common(w)):
            break
        if w_tag == segment.UNKNOWN and len(w) > 2 and segment.dictionary_tag(w[0]) in ("p", "c"):
            glued = w_start + 1  # 由智源|研究院: a preposition jieba glued to the name's first word
            break
        begin = w_start
        j -= 1
    # (a university's branch is named after the university and a town: a longer name)
    if (skip := _after_phrase(tokens[j + 1:i], start - begin, 2 * _MAX_ORG_PREFIX if branch else _MAX_ORG_PREFIX)
            ) is None:
        return  # 应该改名叫闭源金钱最大化公司: a phrase about something, ending with 公司
    j += skip  # 马斯克会要求|特斯拉公司: the name after the phrase
    begin = tokens[j + 1][0] if skip or glued is None else glued
    if begin == start and word in _ORG_SUFFIXES:
        return  # a suffix alone: 公司
    name = text[begin:end]
    if branch and not re.search("大学|学院", name):
        return  # a branch is a university's: 香槟分校 alone is what is left of a name cut before it
    prefix = text[begin:start] + word[:-len(_suffix(word))]
    press = word.endswith(_PRESS_SUFFIXES)  # a paper's name is often a description: 金融时报, 中国日报
    described = _GENERIC_ORG.fullmatch(prefix.strip()) and not (press and prefix.strip())
    if described or _overlaps(begin, end, registered) or (
            j + 1 < i and tokens[j + 1][3] in _DESCRIBING_TAGS and tokens[j + 1][1] == start) or (
            word in ("公司", "集团") and i and tokens[i - 1][2] in _GENERIC_ORG_WORDS) or (
            j + 2 == i and word in _ORG_SUFFIXES and tokens[i - 1][3] in ("v", "vn")
            and segment.is_common(tokens[i - 1][2])):
        return  # 中国公司, 这家公司, 竞争对手 AI 公司, 单一公司: a description
    if not strong and (tag not in segment.PROPER or segment.is_common(name)):
        return  # 科技, 智能, 网络 end common words too: only a proper noun jieba knows
    _add(scan, rel, text, begin, end, {"company": 3})
    scan.han_names.add(name)
    owner = tokens[j + 1]
    if word.endswith(_UNIT_SUFFIXES) and owner[0] == begin and owner[1] < start and len(owner[2]) >= 2 and (
            owner[3] in _ORG_NAME_TAGS or owner[2].endswith("大学")):
        _add(scan, rel, text, owner[0], owner[1], {"company": 2})  # 阿里巴巴智能计算研究院: 阿里巴巴's
        scan.han_names.add(owner[2])


def _suffix(word: str) -> str:
    """The organisation's suffix word ends with (院 last: the longer ones are looked for first)."""
    return next(s for s in _ORG_SUFFIXES if word.endswith(s))


def _after_phrase(words: list[tuple[int, int, str, str]], length: int, limit: int = _MAX_ORG_PREFIX) -> int | None:
    """How many of the words before an organisation's suffix are not its name: none, those of a
    phrase before it (马斯克会要求|特斯拉公司: more than one everyday verb, where one is part of
    many names: 字节|跳动, 深度|求索, 出门|问问), or None if they are a phrase throughout: longer
    than a name (more than limit characters), or more than two words after the verbs
    (应该改名叫|闭源金钱最大化公司)."""
    verbs = [n for n, (_, _, word, tag) in enumerate(words)
             if tag in ("v", "vd", "vi") and segment.is_common(word)]
    if length > limit:
        return None
    if len(verbs) < 2:
        return 0
    return verbs[-1] + 1 if len(words) - verbs[-1] - 1 <= 2 else None


def _brackets(scan: Scan, text: str, registered: list[tuple[int, int]]) -> None:
    """A name followed by its other form in brackets, 黄仁勋（Jensen Huang）, 月之暗面（Moonshot AI）,
    Safe Superintelligence Inc（SSI）: one entity, both names. Not a remark, (一家 AI 模型托管平台),
    nor a gloss of a common word, 大型语言模型（LLM）, 量子比特（qubits）. Kept as a candidate of
    the paragraph (the last of scan.blocks): whether either form is a name is known once every
    document is scanned (_resolve_brackets)."""
    for m in _BRACKET.finditer(text):
        inner, (start, end) = m[1].strip(), _name_before(text, m.start())
        outer = text[start:end]
        if not outer or not _alias_pair(outer, inner) or _overlaps(start, m.end(), registered):
            continue
        # what follows the brackets (黄仁勋（Jensen Huang）表示)
        votes = _context_votes(text, start, m.end())
        if _SPEECH_AFTER.match(text, m.end()) and (_person_shaped(outer) or _FULL_NAME.fullmatch(inner)):
            votes["person"] += 2
        scan.brackets.append((len(scan.blocks) - 1, outer, start, inner, m.start(1), dict(votes)))


def _resolve_brackets(scan: Scan) -> None:
    """The bracket pairs of which either form was found to be a name, in the order of the text."""
    for block, outer, start, inner, inner_at, around in scan.brackets:
        rel, text = scan.blocks[block]
        outer_tally = scan.tallies.get(name_key(outer))
        inner_tally = scan.tallies.get(name_key(inner))
        if outer_tally is None and inner_tally is None:
            continue  # neither form was found to be a name
        # the pair is evidence enough of a name: what the partner was found to be, and what is around it
        votes = Counter((outer_tally or inner_tally).votes) + Counter(around)
        if not votes:
            votes["company"] += 1
        for form, at, tally in ((outer, start, outer_tally), (inner, inner_at, inner_tally)):
            if tally is None:  # the form of a name found only here: one mention
                _add(scan, rel, text, at, at + len(form), votes)
                if _HAN.search(form):
                    scan.han_names.add(form)
        scan.pairs.append((name_key(outer), name_key(inner)))


def _name_before(text: str, end: int) -> tuple[int, int]:
    """The span of the name just before position end: a Latin name (after the last word that
    breaks a run: Broadcom CEO|Hock Tan), or the Chinese characters before it back to a stop word."""
    for m in _RUN.finditer(text, max(0, end - 60), end):
        if m.end() == end:
            begin = m.start()
            for word in _WORD_IN_RUN.finditer(text, m.start(), m.end()):
                if _separator(word[0]) and word.end() < end:
                    begin = word.end() + 1
            return begin, end
    begin = end
    while begin > max(0, end - 12) and (_HAN.match(text[begin - 1]) or text[begin - 1] == "·"):
        begin -= 1
    return (_trim_front(text, begin, end), end) if begin < end else (end, end)


def _alias_pair(outer: str, inner: str) -> bool:
    """Two forms of one name: a Chinese and a Latin one, or a Latin name and its acronym."""
    def latin(form: str) -> bool:
        return _RUN.fullmatch(form) is not None and not all(w in _GENERIC for w in form.split())

    def chinese(form: str) -> bool:  # not a version's remark: Douyin（中国版）
        return all(_HAN.match(c) or c == "·" for c in form) and len(form) >= 2 and not segment.is_common(form) \
            and not form.endswith("版")

    def acronym(form: str) -> bool:
        return re.fullmatch(r"[A-Z][A-Z0-9]{1,7}|[a-z][a-z0-9]{2,7}", form) is not None and any(
            c.isdigit() or c.isupper() for c in form[1:]) and form not in _GENERIC

    return (chinese(outer) and latin(inner)) or (latin(outer) and chinese(inner)) \
        or (latin(outer) and " " in outer and acronym(inner)) or (acronym(outer) and latin(inner) and " " in inner)


def _complete_fragments(scan: Scan) -> None:
    """A Chinese name found in pieces is made whole by the characters that are around it wherever
    the text has it: jieba cut 月|之|暗面 and 百川|智能, the patterns showed 之暗面 and 百川, and
    月 comes before the one and 智能 after the other at each of their mentions (a boundary no
    mention crosses is no word's end). Neighbours count only when they are the same at two
    mentions or more, are Chinese, hold no function word (在谷歌, 和百川) and are no verb, title or
    everyday word of their own (李开复表示, 李开复博士); a person's name is never extended."""
    extensible = [name for name in scan.han_names
                  if not (tally := scan.tallies.get(name_key(name))) or not tally.votes["person"]]
    if not extensible:
        return
    automaton = ahocorasick.Automaton()
    for name in extensible:
        automaton.add_word(name, name)
    automaton.make_automaton()
    before: dict[str, list[str]] = {}
    after: dict[str, list[str]] = {}
    for _, text in scan.blocks:
        for last, name in automaton.iter(text):
            start = last + 1 - len(name)
            before.setdefault(name, []).append(text[max(0, start - _LONGEST_WHOLE):start])
            after.setdefault(name, []).append(text[last + 1:last + 1 + _LONGEST_WHOLE])
    for name, lefts in before.items():
        if len(lefts) < 2:
            continue
        left = _shared_neighbour(os.path.commonprefix([chars[::-1] for chars in lefts]), leftwards=True)
        right = _shared_neighbour(os.path.commonprefix(after[name]))
        whole = left + name + right
        if whole == name or len(whole) > _LONGEST_WHOLE:
            continue
        piece = scan.tallies.get(name_key(name))
        tally = scan.tally(whole)
        if piece is not None:
            tally.votes.update(piece.votes)
            tally.example, tally.source = tally.example or piece.example, tally.source or piece.source
        scan.han_names.add(whole)


def _shared_neighbour(chars: str, leftwards: bool = False) -> str:
    """The part of the characters every mention has next to a name (given read away from it) that
    may belong to the name, in the text's order: Chinese, up to a function word, and not a word of
    its own that follows or precedes names (表示, 博士)."""
    kept = ""
    for char in chars:
        if not _HAN.match(char) or char in _FUNCTION_CHARS:
            break
        kept += char
    if leftwards:
        kept = kept[::-1]
    # (a single character's tag says little of it in a name: 月 of 月之暗面 is a numeral's there; a
    # verb before a name may start it, 创新|工场, unless it is one that leads names: 加入, 推出)
    not_name = ("d", "p", "c", "u", "r", "q", "f") + (("m", "t") if len(kept) > 1 else ()) \
        + (() if leftwards else ("v",))
    if kept and (segment.dictionary_tag(kept) or "x")[:1] in not_name \
            or leftwards and (_ORG_BEFORE.search(kept) or kept.endswith(_LEAD_VERBS)) \
            or kept.endswith(_TITLES) or kept.startswith(_TITLES):
        return ""
    return kept


def _count_han_names(scan: Scan) -> None:
    """Every occurrence of the Chinese names found, not only those where a tag or a pattern
    showed them: one Aho-Corasick pass over every paragraph."""
    if not scan.han_names:
        return
    automaton = ahocorasick.Automaton()
    for name in scan.han_names:
        automaton.add_word(name, name)
    automaton.make_automaton()
    seen: dict[str, Counter] = {}
    alone: set[str] = set()  # names found somewhere outside a longer one
    for rel, text in scan.blocks:
        found = [(last + 1 - len(name), last + 1, name) for last, name in automaton.iter(text)]
        for _, _, name in found:
            seen.setdefault(name, Counter())[rel] += 1
        alone.update(_outside_longer(found))
    for name, per_document in seen.items():
        tally = scan.tally(name)
        extra = sum(per_document.values()) - tally.count
        if extra > 0:  # the mentions the first pass did not count
            tally.count += extra
            tally.strong += extra
        tally.docs.update(per_document)
    for name in scan.han_names - alone:
        # 字节 only ever inside 字节跳动, 台积 inside 台积电: a piece of a longer name
        scan.tally(name).strong = 0


def _outside_longer(found: list[tuple[int, int, str]]) -> Iterator[str]:
    """The names of found (start, end, name) at a place no longer one of found covers."""
    found.sort(key=lambda f: (f[0], -f[1]))
    reach = -1  # the furthest end of the names starting before
    for _, end, name in found:
        if end > reach:
            yield name
        reach = max(reach, end)


# --------------------------------------------------------------------------- merging

class _Groups:
    """Union-find over the spellings' keys."""

    def __init__(self, keys: Iterable[str]) -> None:
        self.parent = {key: key for key in keys}

    def find(self, key: str) -> str:
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        if a in self.parent and b in self.parent:
            self.parent[self.find(a)] = self.find(b)


def _merge(scan: Scan, registry: Registry, ignore: set[str]) -> list[Suggestion]:
    tallies = {key: t for key, t in scan.tallies.items() if _valid(t, scan)}
    groups = _Groups(tallies)
    for a, b in scan.pairs:
        groups.union(a, b)
    _vote_sub_brands(tallies, scan.tallies, registry)  # before the parts of names: Google Home is no person's name
    _vote_glued_owners(tallies, scan.glued)
    _merge_name_parts(tallies, groups)
    _merge_maker_prefixes(tallies, groups)
    for key, tally in tallies.items():
        # 特斯拉公司 and 特斯拉, Capgemini Group and Capgemini; iPhone 14 and iPhone, Kling 1.5 and Kling;
        # Watsonx.ai and Watsonx (a name and its web address)
        for bare in (_COMPANY_FORM.sub("", tally.name).strip(), _VERSION_TAIL.sub("", tally.name),
                     _GENERIC_TAIL.sub("", tally.name), _DOMAIN_TAIL.sub("", tally.name)):
            if bare and bare != tally.name:
                groups.union(key, name_key(bare))
    members: dict[str, list[_Tally]] = {}
    for key, tally in tallies.items():
        members.setdefault(groups.find(key), []).append(tally)
    hints = _neighbour_kinds(scan, tallies, groups, members)
    suggestions = []
    for root, group in members.items():
        if any(_registered_as(t.name, registry) for t in group) or any(name_key(t.name) in ignore for t in group):
            continue
        suggestion = _suggestion(group, hints.get(root))
        if suggestion:
            suggestions.append(suggestion)
    suggestions.sort(key=_rank)
    return suggestions


def _rank(suggestion: Suggestion) -> tuple[int, int, str]:
    """Most documents first; a cue (a title, a suffix, a verb, a list it is in) counts as one
    more: a word nothing marks as a name, capitalised in a paper's title (Efficient, Need), is
    the likeliest not to be one. On the eleven annotated sets, the people and organisations among
    the first 50 that are annotated ones: 0.68 -> 0.84 on heldout10, 0.64 -> 0.72 on heldout7."""
    return -(suggestion.documents + (suggestion.cues > 0)), -suggestion.count, suggestion.name


def _vote_sub_brands(tallies: dict[str, _Tally], seen: dict[str, _Tally], registry: Registry) -> None:
    """A Latin name made of another name and more words is one of its products (Google Home,
    ChatGPT Search, Apple Intelligence, Bing Image Creator), unless the words make an
    organisation (Intel Capital, Lam Research) or a person (Sam Altman: Sam is a first name and
    no name of a company or product of its own). So is a hyphenated variant of another name
    (GPT-Neo, Med-PaLM). seen: every name of the text, also those not suggested (Google, written
    google too, is an English word)."""
    for tally in tallies.values():
        words = tally.name.split()
        hyphened = len(words) == 1 and "-" in tally.name
        if hyphened:
            words = tally.name.split("-")
        if len(words) < 2 or _HAN.search(tally.name) or words[0] in _GENERIC \
                or _ORG_WORDS.intersection(w.rstrip(".") for w in words) or words[-1] in _GENERIC - _KEPT_HEADS:
            continue
        makers = [seen.get(name_key(w)) for w in ((words[0], words[-1]) if hyphened else words[:1])]
        maker = next((m for m in makers if m is not None and m.strong), None)
        if tally.votes["person"] and (maker is None or maker.votes["person"]
                                      or not (maker.votes["company"] or maker.votes["product"])
                                      or segment.is_first_name(words[0]) and maker.votes["company"]
                                      + maker.votes["product"] < tally.votes["person"]):
            # a person's name, unless its first word is a brand the text shows (Bing Chat) more
            # than the full name shows a person (Francois Chollet: Francois once with a company's word)
            continue
        # a lab named after its parent (Google DeepMind): the rest is an organisation the text shows
        rest = seen.get(name_key(" ".join(words[1:]))) if not hyphened else None
        if rest is not None and rest.shown_as_company():
            tally.votes["company"] += 1
            continue
        if maker is not None or (not hyphened and name_key(words[0]) in registry.by_name):
            tally.votes["product"] += 2 + tally.votes["person"]


def _vote_glued_owners(tallies: dict[str, _Tally], glued: list[tuple[str, str]]) -> None:
    """A Latin name right after a company's Chinese name, nothing or its 的 between them, is its
    product: 微软Azure, 谷歌Gemini, 华为Mate, 微软的Azure (the company is known by its own mentions:
    its votes decide it; the longest such name ending right before the Latin one is its maker)."""
    for before, key in glued:
        tally = tallies.get(key)
        if tally is None or tally.shown_as_company():
            continue  # (谷歌DeepMind, where DeepMind团队 shows it: a lab named after its parent, as Google DeepMind)
        for size in range(len(before), 1, -1):
            maker = tallies.get(name_key(before[-size:]))
            if maker is not None and maker.shown_as_company():
                tally.votes["product"] += 2
                break


def _valid(tally: _Tally, scan: Scan) -> bool:
    name = tally.name
    if not tally.strong:
        return False
    if _HAN.search(name):
        # its mentions were counted where the text showed it is a name
        return bool(tally.votes) and name not in _GENERIC_HEADS and name not in _TRADE_WORDS and name not in _TITLES
    words = name.split()
    if all(w.casefold() in _GENERIC_KEYS for w in words):
        return False
    letters = re.sub(r"[^A-Za-z]", "", name)
    if _separator(letters) or letters in _GENERIC:
        return False  # PART.1, AI3: a heading's or a list's number
    # a Latin word also written in lower case in the content is an English word (Agent, agent)
    return not (len(words) == 1 and name.lower() in scan.lower_words and not tally.votes)


def _merge_name_parts(tallies: dict[str, _Tally], groups: _Groups) -> None:
    """A transliteration and its parts (埃隆·马斯克: 马斯克, 埃隆), a Latin full name and its
    last or first word (Ilya Sutskever: Sutskever, Ilya), when the part belongs to one name only."""
    owners: dict[str, list[str]] = {}
    for key, tally in tallies.items():
        name = tally.name
        parts = name.split("·") if "·" in name else name.split() if _FULL_NAME.fullmatch(name) else []
        if parts and tally.votes["person"] >= max(tally.votes["company"], tally.votes["product"]):
            # (a surname with its particle, written apart: Daniel De Freitas, De Freitas)
            surname = " ".join(parts[-2:]) if len(parts) > 2 and parts[-2] in _SURNAME_PARTICLES else parts[-1]
            for part in {parts[0], surname}:
                if len(part) >= 2:
                    owners.setdefault(name_key(part), []).append(key)
    for part, keys in owners.items():
        if part in tallies and len(set(keys)) == 1:
            groups.union(part, keys[0])


def _merge_maker_prefixes(tallies: dict[str, _Tally], groups: _Groups) -> None:
    """A product's name after its maker's (DeepMind AlphaDev, DeepMind AlphaGo Zero) is that
    product's, when the text names it alone too (AlphaDev) and shows the maker as a company; not
    an organisation's after its parent's (Google DeepMind: DeepMind is a company)."""
    for key, tally in tallies.items():
        words = tally.name.split()
        if len(words) < 2 or _HAN.search(tally.name):
            continue
        maker, rest = tallies.get(name_key(words[0])), tallies.get(name_key(" ".join(words[1:])))
        if maker is None or rest is None or rest.votes["company"] > rest.votes["product"] \
                or tally.votes["person"] or rest.votes["person"]:
            continue
        if maker.shown_as_company():
            groups.union(key, name_key(rest.name))


def _group_votes(group: list[_Tally]) -> Counter:
    votes: Counter = Counter()
    for tally in group:
        votes.update(tally.votes)
    # a lower-case start leans product (iPhone, tvOS) but not always (xAI, eBay): it counts once for
    # the name, so that what its mentions say outweighs it (xAI, named 19 times, 7 times as a company)
    latin = [t for t in group if not _HAN.search(t.name)]
    if latin and max(latin, key=lambda t: t.count).name[0].islower():
        votes["product"] += 1
    return votes


def _neighbour_kinds(scan: Scan, tallies: dict[str, _Tally], groups: _Groups, members: dict[str, list[_Tally]]
                     ) -> dict[str, Counter]:
    """For each entity, the kinds of the entities listed with it that their mentions decide, or
    that their own neighbours decide: in TensorFlow、Caffe 和 PyTorch, a kind the text shows
    for one item passes along the list to the items it shows nothing for."""
    decided = {}
    for root, group in members.items():
        votes = _group_votes(group)
        if +votes:
            decided[root] = _kind(group, votes)
    neighbours: dict[str, list[str]] = {}
    for a, b in scan.coordinated:
        if a in tallies and b in tallies and (ra := groups.find(a)) != (rb := groups.find(b)):
            neighbours.setdefault(ra, []).append(rb)
            neighbours.setdefault(rb, []).append(ra)
    # breadth first from the decided entities: each link is followed once, whatever the lists' length
    hints: dict[str, Counter] = {}
    frontier = list(decided)
    while frontier:
        reached = []
        for root in frontier:
            for other in neighbours.get(root, ()):
                if other not in hints:
                    reached.append(other)
                hints.setdefault(other, Counter())[decided[root]] += 1
        frontier = [root for root in reached if root not in decided and not _HAN.search(members[root][0].name)]
        decided.update((root, hints[root].most_common(1)[0][0]) for root in frontier)
    return hints


def _suggestion(group: list[_Tally], hint: Counter | None = None) -> Suggestion | None:
    votes = _group_votes(group)
    if not +votes and hint and not _HAN.search(group[0].name):
        votes = Counter({hint.most_common(1)[0][0]: 1})  # what it is listed with: Sora 与 Midjourney
    kind = _kind(group, votes)
    if kind is None:
        return None
    if kind == "company" and sum((+votes).values()) == 1 and _unknown_person(_most_used(group).name) and not (
            hint and hint.most_common(1)[0][0] == "company"):
        # a surname and a given name the dictionary does not know, with one vote of an
        # organisation's (与 X, a list), not listed with organisations: on the annotated sets,
        # 5 people's names (李沐, 唐杰, 柯洁) and no organisation's (马里兰 is the dictionary's word;
        # 谷歌、Meta、字节跳动 a list of companies)
        kind = "person"
    # a person by the full name (the longest form, a Chinese one first: 黄仁勋 before Jensen
    # Huang), anything else by its most used form
    ranked = sorted(group, key=(lambda t: (not _HAN.search(t.name), -len(t.name), -t.count)) if kind == "person"
                    else (lambda t: (-t.count, -len(t.name), t.name)))
    first = min(group, key=lambda t: (t.source, -t.count))
    docs = set().union(*(t.docs for t in group))
    aliases = [t.name for t in ranked[1:] if t.name != ranked[0].name]
    return Suggestion(ranked[0].name, kind, sum(t.count for t in group), len(docs), first.example, first.source,
                      aliases, sum((+votes).values()) + sum((+(hint or Counter())).values()))


def _most_used(group: list[_Tally]) -> _Tally:
    return max(group, key=lambda t: t.count)


def _kind(group: list[_Tally], votes: Counter) -> str | None:
    """The kind most mentions vote for; with no vote, what the name's shape says."""
    if votes:
        best = max(KINDS, key=lambda k: (votes[k], -KINDS.index(k)))
        if votes[best] > 0:
            return best
    name = _most_used(group).name
    if _HAN.search(name):
        return None  # a Chinese word with nothing that makes it a name
    # a Latin name nothing around it decides: a model's shape (digits, a lower-case start, case
    # mixed inside a word: MacBook, GPTs) is a product's, a full name's a person's, any other a
    # company's (measured on the annotated sets: as many companies as products have no vote; the
    # mixed shapes lean product)
    if _AI_FIRM.search(name):
        return "company"  # how start-ups name themselves: Voyage AI, BetterYeah AI, DeepLearning.AI
    if any(char.isdigit() for char in name) or name[0].islower() or _MIXED_CASE.search(name):
        return "product"
    # two or three capitalised words and no organisation's or product's word: on the six annotated
    # sets, 138 such names are people's against 22 companies' and 28 products' (no one is The Information)
    # (a name all in pinyin is a person's only with a surname last: Tongyi Qianwen is a model).
    # Where this line alone decides (no cue at all), on the twelve sets: 5 people, 6 companies,
    # 12 products and 75 phrases that are no names (Scaling Laws); a company's or a product's
    # default instead scores the same, pooled over the sets (kind 0.93 / 0.92 against 0.93)
    words = name.split()
    if _FULL_NAME.fullmatch(name) and words[0] != "The" and not _ORG_WORDS.intersection(words) \
            and words[-1] not in _PRODUCT_WORDS and (words[-1].lower() in _PINYIN_SURNAMES
                                                     or not all(_PINYIN_WORD.fullmatch(w.lower()) for w in words)):
        return "person"
    return "company"


def _registered_as(name: str, registry: Registry) -> str | None:
    """The key of the entity registered under this name or, for 凯捷集团 / Capgemini Group,
    without the legal form."""
    if entity := registry.by_name.get(name_key(name)):
        return entity
    bare = _COMPANY_FORM.sub("", name).strip()
    return registry.by_name.get(name_key(bare)) if bare and bare != name else None
