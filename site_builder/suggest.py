"""`site-builder entities suggest`: names the content uses that the entity registry does
not know yet, with counts and an example sentence, printed as YAML a writer can paste
into content/people/ or content/companies/.

Three heuristics run over the plain text of every document:

1. Latin names: runs of capitalised words ("Jim Zemlin", "OpenStack", "Claude Code",
   "GPT-4"), one to four words long.
2. Chinese person names: the characters right before a speech verb (张三表示, 李四认为)
   or a title suffix (王五博士), or right after a title (首席执行官赵六在...).
3. Chinese organisations: a run of characters ending in 公司, 集团, 基金会, 研究院, ...

They favour precision: a writer reads the whole list, so a missed name costs less than a
screen of common words. Each line of text is scanned once, counts go into dicts, and one
Aho-Corasick pass then counts every mention of the Chinese names found next to a verb.
Names the registry holds, under any name or alias, are left out.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

import ahocorasick
import yaml

from site_builder.cjk import HAN
from site_builder.config import Config
from site_builder.diagnostics import Diagnostic
from site_builder.loader import discover, load_document
from site_builder.markdown import render
from site_builder.mentions import Matcher
from site_builder.registry import URL_SECTION, load_registry, name_key
from site_builder.sentences import MAX_CHARS, sentence_span
from site_builder.slugs import slugify

SuggestedKind = Literal["person", "company"]

# Middle-dot variants writers use inside transliterated names (萨姆·奥特曼): one form, same length.
_DOTS = str.maketrans({"・": "·", "•": "·", "‧": "·", "･": "·", "⋅": "·"})
_NAME_CHAR = re.compile(f"[·{HAN}]")  # HAN: the Han script (cjk.py)

# --------------------------------------------------------------------------- Latin names

_WORD = r"(?:[A-Z]|[a-z](?=[A-Z]))[A-Za-z0-9]*(?:[-.&][A-Za-z0-9]+)*"  # OpenAI, iPhone, GPT-4, Kai-Fu
# Not inside a longer Latin token, a URL, a path or a domain (www.Example.com, /Foo, 01.AI).
_RUN = re.compile(rf"(?<![A-Za-z0-9_./@#&\\-]){_WORD}(?: {_WORD})*(?![A-Za-z0-9_@#&/-])")
_WORD_IN_RUN = re.compile(_WORD)
# Words that break a run: English words capitalised only because they start a sentence or
# a title, honorifics, and calendar words. "The Linux Foundation" -> "Linux Foundation".
_SEPARATORS = frozenset((
    "A", "An", "And", "As", "At", "But", "By", "For", "From", "He", "Her", "His", "How", "I", "If", "In", "Is", "It",
    "Its", "Of", "On", "Or", "Our", "She", "So", "That", "The", "Their", "There", "These", "They", "This", "Those",
    "To", "We", "What", "When", "Where", "Which", "While", "Who", "Why", "With", "You", "Your", "All", "Any", "Each",
    "Every", "Some", "No", "Not", "Yes", "Also", "However", "After", "Before", "Here", "Public", "Copyright", "Mr",
    "Mrs", "Ms", "Dr", "Prof", "Sir", "St", "CEO", "CTO", "COO", "CFO", "Monday", "Tuesday", "Wednesday", "Thursday",
    "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"
))
# Generic technology and business acronyms: they name a field or a role, never an entity on
# their own, but they can be part of a name ("Mistral AI", "AI Superpowers"), so they do not
# break a run; a candidate made only of them is dropped.
_GENERIC = frozenset((
    "AI", "AGI", "API", "APIs", "GPU", "GPUs", "CPU", "TPU", "PC", "PCs", "LLM", "LLMs", "IT", "US", "USA", "UK", "EU",
    "UN", "PDF", "OK", "OS", "UI", "UX", "SDK", "SaaS", "HTTP", "HTML", "URL", "FAQ", "PR", "QA", "ML", "NLP", "IoT",
    "VR", "AR", "GDP", "IPO", "B2B", "B2C", "TV"
))
# Words that make a Latin name an organisation or a thing even when a speech verb follows it.
_ORG_WORDS = frozenset((
    "Inc", "Corp", "Corporation", "Group", "Foundation", "Institute", "University", "Lab", "Labs", "Bank", "Company",
    "Ltd", "LLC", "Project", "Protocol", "Framework"
))
# Text right before an English sentence starts; a single capitalised word there is just
# the first word of the sentence (Necessity is ...), unless it also appears mid-sentence.
_SENTENCE_START = re.compile(r"(?:^|[.!?。！？])[\s\"'“‘(]*$")
_LOWER_WORD_NEXT = re.compile(r"[,;:]|\s+[a-z]")  # Necessity is ..., Later, ...

# --------------------------------------------------------------------------- Chinese names

# Titles before a name (首席执行官李开复), also stripped from the front of a name candidate.
_TITLES = ("首席执行官", "首席技术官", "首席运营官", "首席财务官", "首席科学家", "联合创始人", "创始人", "创办人",
           "副董事长", "董事长", "执行董事", "董事", "副总裁", "总裁", "总经理", "主席", "副院长", "院长", "所长",
           "校长", "副教授", "教授", "博士", "院士", "研究员", "科学家", "总监", "负责人", "合伙人", "主任", "部长",
           "主编", "记者", "CEO", "CTO", "COO", "CFO")
_TITLE = re.compile("|".join(sorted(map(re.escape, _TITLES), key=len, reverse=True)))
_LATIN_TITLE_BEFORE = re.compile(
    r"(?:" + "|".join(map(re.escape, _TITLES)) + r"|[Ff]ounder|[Pp]resident|Mr\.|Ms\.|Mrs\.|Dr\.|Prof\.)[ \t]*$")
# What follows a person's name: speech verbs and title suffixes (李开复博士).
_CUE = re.compile(r"表示|认为|说道|说|指出|强调|透露|称|坦言|博士|教授|院士|先生|女士")
_LATIN_CUE_AFTER = re.compile(r"[ \t]*[)）]?[ \t]*(?:said|says|told|argued|argues|believes|thinks|wrote)\b")
_FULL_NAME = re.compile(r"[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?(?: [A-Z][a-z]+(?:-[A-Za-z][a-z]+)?){1,2}")  # Kai-Fu Lee
_GAP = re.compile(r"[ \t]*[)）]?[ \t]*")  # between a Latin name and a Chinese verb: Jane Doe）表示
_GLOSS_BEFORE = re.compile(rf"·[{HAN}]+[（(][ \t]*$")  # 萨姆·奥特曼（Sam Altman）
# The cue is part of another word: 宣称, 据说, 来说, 称为, 说明, 博士生 ...
_CUE_NOT_AFTER = {"说": "宣声自堪简名对号俗统据听虽来所小学传话游可拟改指",
                  "称": "宣声自堪简名对号俗统据听虽来所拟改指"}
_CUE_NOT_BEFORE = {"说": "明法服为之", "称": "为之号", "博士": "生后", "教授": "级"}
# Between a name and its verb: 张三也表示, 李四进一步指出.
_ADVERBS = sorted(("还", "也", "则", "曾", "又", "亦", "更", "就", "都", "同时", "此前", "随后", "进一步", "再次",
                   "公开", "明确", "当时", "曾经", "已经", "一再", "直言"), key=len, reverse=True)
# Characters that (almost) never occur in a Chinese personal name but make up the common
# words before a verb (他们认为, 我们说, 这是...). 于/和/向 are surnames too; losing those
# names is the price of not suggesting 对于 or 和他.
_FUNCTION_CHARS = frozenset("的了是在和与及或也都就还又再这那哪我你他她它们人个为被把对从以于之其所来去要会能可很更最"
                            "不没无此些每各等如将让给并且而但着过地得有中上下里后前说称家者")
# A Chinese personal name starts with a surname: the common single-character ones and the
# compound ones. This is what tells 李开复表示 from 中国认为.
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤常温"
    "康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂"
    "成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫"
    "费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝向")
_COMPOUND_SURNAMES = frozenset(("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "令狐", "慕容", "尉迟", "公孙",
                                "夏侯", "长孙", "宇文", "司徒", "独孤", "端木", "南宫", "西门"))
_MAX_NAME_RUN = 16  # longer runs of Han characters before a verb are clauses, not names

# --------------------------------------------------------------------------- Chinese organisations

_ORG_SUFFIX = re.compile(r"有限公司|公司|集团|基金会|研究院|研究所|实验室|大学|银行")
_ORG_SUFFIX_NOT_BEFORE = {"大学": "生"}  # 大学生 is a student
_ORG_CHAR = re.compile(rf"[{HAN}A-Za-z0-9·]")
# Where an organisation's name cannot reach back past: the function words of _FUNCTION_CHARS
# without those common in names of organisations (中国人民银行, 上海人工智能实验室, 智能, 有限).
_ORG_STOP_CHARS = _FUNCTION_CHARS - frozenset("人中上下里后前有家者来去会能可") | frozenset("到像比向用由")
# Verbs and prepositions that come before an organisation's name: 团队利用|凯捷集团, 投资|硬件创业公司.
# So do counts: 有任何一家|公司, 最终会有四家|美国公司, 这|家|公司.
_ORG_LEAD = re.compile(r"利用|投资|通过|成为|包括|加入|收购|创立|创办|成立|旗下|来自|使用|进入|离开|担任|任职|位于|"
                       r"例如|比如|愿意|打造|推出|发布|支持|携手|宣布|关于|对于|任何|[一二两三四五六七八九十几数多每某各另]+家|^家|该")
_MAX_ORG_PREFIX = 10  # a longer run before 公司 is a clause (or a cut-off name): left out
# Words that only classify a company (中国公司, 大模型公司, 美国科技公司): a prefix made only of
# them is a description, not a name.
_GENERIC_ORG_WORDS = ("中国", "美国", "中美", "全球", "国际", "国内", "海外", "外国", "外资", "本土", "欧洲", "日本",
                      "英国", "法国", "德国", "印度", "亚洲", "大型", "小型", "中小", "大", "小", "新", "新兴", "初创",
                      "创业", "科技", "技术", "互联网", "人工智能", "AI", "模型", "大模型", "软件", "硬件", "芯片",
                      "顶尖", "顶级", "领先", "知名", "头部", "主要", "其他", "所有", "任何", "单一", "整个", "母",
                      "子", "分", "上市", "私营", "国有", "民营", "传统", "相关", "合作", "投资", "咨询", "研究",
                      "商业", "金融", "基础", "独立", "主流", "一流", "巨头", "平台", "云", "电信", "能源", "汽车",
                      "医药", "数字", "数据", "智能", "机器人", "开源", "闭源", "实体", "空壳", "壳")
_GENERIC_ORG = re.compile("(?:" + "|".join(sorted(_GENERIC_ORG_WORDS, key=len, reverse=True)) + ")+")
# Legal-form words: "凯捷集团" and "Capgemini Group" are the registered 凯捷 / Capgemini.
_COMPANY_FORM = re.compile(r"(?:有限公司|公司|集团|\s+(?:Group|Inc\.?|Corp\.?|Corporation|Ltd\.?|LLC|SE|PLC))$")

# --------------------------------------------------------------------------- Markdown to text

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HARD_BREAK = re.compile(r"\\$")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]+\]")


@dataclass
class Suggestion:
    name: str
    kind: SuggestedKind
    count: int  # occurrences across all documents
    documents: int  # documents naming it
    example: str  # the sentence around the first occurrence
    source: str  # the document of the example, relative to the content folder

    @property
    def file(self) -> str:
        """Where its registry entry would go, relative to the content folder."""
        return f"{URL_SECTION[self.kind]}/{slugify(self.name, fallback=self.kind)}.md"

    def as_entry(self) -> dict[str, object]:
        return {"name": self.name, "kind": self.kind, "file": self.file, "aliases": [], "count": self.count,
                "documents": self.documents, "example": self.example, "source": self.source}


@dataclass
class _Tally:
    name: str
    kind: SuggestedKind
    count: int = 0
    strong: int = 0  # occurrences that are not merely an English sentence's first word
    person_cues: int = 0
    docs: set[str] = field(default_factory=set)
    example: str = ""
    source: str = ""

    def add(self, rel: str, text: str, start: int, end: int, strong: bool = True, person_cue: bool = False) -> None:
        if not self.count:
            self.example, self.source = _example(text, start, end), rel
        self.count += 1
        self.strong += strong
        self.person_cues += person_cue
        self.docs.add(rel)


def find_suggestions(config: Config, min_count: int = 1) -> list[Suggestion]:
    """Unregistered names in the content, most frequent first."""
    return _scan(config, min_count)[0]


def format_yaml(suggestions: list[Suggestion], content_label: str = "content") -> str:
    header = (f"# {len(suggestions)} names found in {content_label}/ that the registry does not know. "
              "Paste an entry's\n# name/aliases into "
              f"{content_label}/<folder>/<slug>.md front matter.\n")
    # a wide line so each example stays on one line instead of being folded
    body = yaml.safe_dump([s.as_entry() for s in suggestions], allow_unicode=True, sort_keys=False, width=10_000)
    return header + body


def run_suggest(config: Config, min_count: int = 1) -> int:
    suggestions, diagnostics = _scan(config, min_count)
    # an unreadable registry file would bring all its names back as suggestions: say why
    for diagnostic in diagnostics:
        if diagnostic.severity == "error":
            print(diagnostic, file=sys.stderr)
    try:
        label = config.content_dir.relative_to(config.root).as_posix()
    except ValueError:
        label = str(config.content_dir)
    sys.stdout.write(format_yaml(suggestions, label))
    return 0


def _scan(config: Config, min_count: int) -> tuple[list[Suggestion], list[Diagnostic]]:
    registry, diagnostics = load_registry(config.content_dir)
    registered = {key.translate(_DOTS): entity for key, entity in registry.by_name.items()}
    matcher = Matcher(registry)  # finds registered names the way pages link them
    tallies: dict[str, _Tally] = {}
    chinese_people: set[str] = set()
    blocks: list[tuple[str, str]] = []  # (document, text): scanned again to count Chinese names
    for path in discover(config.content_dir):
        result = load_document(path, config.content_dir)
        diagnostics.extend(result.diagnostics)
        if result.document is None:
            continue
        rel = result.document.rel
        for text in _plain_lines(result.document.body):
            blocks.append((rel, text))
            _latin_names(rel, text, registered, [(m.start, m.end) for m in matcher.find(text)], tallies)
            _chinese_orgs(rel, text, registered, tallies)
            chinese_people.update(name for name in _chinese_people(text) if not _registered_as(name, registered))
    _count_chinese_people(chinese_people, blocks, tallies)

    suggestions = []
    for tally in tallies.values():
        if not tally.strong or tally.count < min_count:
            continue
        kind = tally.kind
        if kind == "company" and tally.person_cues and not _ORG_WORDS.intersection(tally.name.split()):
            kind = "person"
        suggestions.append(Suggestion(tally.name, kind, tally.count, len(tally.docs), tally.example, tally.source))
    suggestions.sort(key=lambda s: (-s.count, s.name))
    return suggestions, diagnostics


def _plain_lines(body: str) -> Iterator[str]:
    """The plain text of each Markdown line of body, without headings and code.

    One line at a time, because render().text drops line breaks inside a paragraph:
    "Jim\\nZemlin" would read as one word, a card's lines 首席执行官\\ and 零一万物 as one phrase."""
    fence = ""
    for line in body.split("\n"):
        if fence:
            if line.strip().startswith(fence):
                fence = ""
            continue
        if m := _FENCE.match(line):
            fence = m[1]
            continue
        if not line.strip():
            continue
        rendered = render(_HARD_BREAK.sub("", line))
        # headings are titles, not prose: English ones are Title Case throughout
        if rendered.headings:
            continue
        text = _FOOTNOTE_REF.sub("", rendered.text).translate(_DOTS).strip()
        if text:
            yield text


def _example(text: str, start: int, end: int) -> str:
    begin, finish = sentence_span(text, start, end)
    # a very long sentence: keep the part around the name
    cut_begin, cut_finish = max(begin, start - MAX_CHARS // 2), min(finish, end + MAX_CHARS // 2)
    sentence = text[cut_begin:cut_finish].strip()
    return ("…" if cut_begin > begin else "") + sentence + ("…" if cut_finish < finish else "")


def _registered_as(name: str, registered: dict[str, str]) -> str | None:
    """The key of the entity registered under this name or, for 凯捷集团 / Capgemini Group,
    without the legal form."""
    if entity := registered.get(name_key(name)):
        return entity
    bare = _COMPANY_FORM.sub("", name)
    return registered.get(name_key(bare)) if bare and bare != name else None


def _tally(tallies: dict[str, _Tally], name: str, kind: SuggestedKind) -> _Tally:
    key = name_key(name)
    if key not in tallies:
        tallies[key] = _Tally(name, kind)
    return tallies[key]


def _latin_names(rel: str, text: str, registered: dict[str, str], mentions: list[tuple[int, int]],
                 tallies: dict[str, _Tally]) -> None:
    """mentions: spans of registered names in text, in order and not overlapping."""
    next_mention = 0
    for run in _RUN.finditer(text):
        # a word inside a registered name that reaches beyond the run (Linux of Linux基金会) is
        # not a name of its own; registered names within the run are split off below
        while next_mention < len(mentions) and mentions[next_mention][1] <= run.start():
            next_mention += 1
        beyond = []
        i = next_mention
        while i < len(mentions) and mentions[i][0] < run.end():
            if mentions[i][0] < run.start() or mentions[i][1] > run.end():
                beyond.append(mentions[i])
            i += 1
        words = [(w.start() + run.start(), w.end() + run.start()) for w in _WORD_IN_RUN.finditer(run[0])]
        piece: list[tuple[int, int]] = []
        for span in [*words, None]:
            word = text[span[0]:span[1]] if span else ""
            inside = span and any(start < span[1] and span[0] < end for start, end in beyond)
            if span and word not in _SEPARATORS and len(word) > 1 and not inside:
                piece.append(span)
                continue
            for part in _unregistered_parts(text, piece, registered):
                _add_latin(rel, text, part, tallies)
            piece = []


def _unregistered_parts(text: str, words: list[tuple[int, int]],
                        registered: dict[str, str]) -> list[list[tuple[int, int]]]:
    """words minus its longest registered sub-run, recursively: "OpenAI Claude Code" -> "Claude Code"."""
    if not words:
        return []
    if len(words) > 8:
        return []  # a Title Case phrase (a book or article title), not a name
    for size in range(len(words), 0, -1):
        for i in range(len(words) - size + 1):
            entity = _registered_as(text[words[i][0]:words[i + size - 1][1]], registered)
            if entity is None:
                continue
            if entity.startswith("person:"):
                return []  # "Jim Zemlin" when only "Zemlin" is registered: the rest is his first name
            return (_unregistered_parts(text, words[:i], registered)
                    + _unregistered_parts(text, words[i + size:], registered))
    return [words] if len(words) <= 4 else []


def _add_latin(rel: str, text: str, words: list[tuple[int, int]], tallies: dict[str, _Tally]) -> None:
    start, end = words[0][0], words[-1][1]
    name = text[start:end]
    if all(text[s:e].replace(".", "") in _GENERIC for s, e in words):  # AI, GPU, U.S.
        return
    gap = _GAP.match(text, end)
    speaks = bool(_LATIN_CUE_AFTER.match(text, end) or _is_cue(text, gap.end() if gap else end))
    # companies speak too (Anthropic表示): a verb marks a person only after a first and last name
    person_cue = bool(speaks and _FULL_NAME.fullmatch(name)
                      or _LATIN_TITLE_BEFORE.search(text, max(0, start - 12), start)
                      or _GLOSS_BEFORE.search(text, max(0, start - 20), start))
    # windows, not the whole line before the name: the scan stays linear
    first_of_sentence = (len(words) == 1 and _SENTENCE_START.search(text, max(0, start - 8), start) is not None
                         and _LOWER_WORD_NEXT.match(text, end) is not None)
    _tally(tallies, name, "company").add(rel, text, start, end, strong=not first_of_sentence or speaks or person_cue,
                                        person_cue=person_cue)


def _is_cue(text: str, pos: int) -> bool:
    """A speech verb or title suffix starts at pos, and is not part of another word."""
    m = _CUE.match(text, pos)
    if not m:
        return False
    if pos > 0 and text[pos - 1] in _CUE_NOT_AFTER.get(m[0], ""):
        return False
    return not (m.end() < len(text) and text[m.end()] in _CUE_NOT_BEFORE.get(m[0], ""))


def _is_name_char(char: str) -> bool:
    return _NAME_CHAR.match(char) is not None


def _chinese_people(text: str) -> Iterator[str]:
    """Chinese person names next to a speech verb or a title."""
    for m in _CUE.finditer(text):
        if not _is_cue(text, m.start()):
            continue
        begin = m.start()
        while begin > 0 and _is_name_char(text[begin - 1]) and m.start() - begin <= _MAX_NAME_RUN:
            begin -= 1
        run = text[begin:m.start()]
        if len(run) > _MAX_NAME_RUN:
            continue
        for adverb in _ADVERBS:
            if run.endswith(adverb) and len(run) > len(adverb):
                run = run[: -len(adverb)]
                break
        titles = list(_TITLE.finditer(run))
        if titles:
            run = run[titles[-1].end():]
        if _valid_person(run):
            yield run
    for m in _TITLE.finditer(text):
        pos = m.end() + (text[m.end():m.end() + 1] == " ")
        cut = pos
        # the name ends where a verb, a title or a function character begins
        while (cut < len(text) and cut - pos <= 12 and _is_name_char(text[cut]) and text[cut] not in _FUNCTION_CHARS
               and not _is_cue(text, cut) and not _TITLE.match(text, cut)):
            cut += 1
        if cut - pos <= 12 and _valid_person(text[pos:cut]):
            yield text[pos:cut]


def _valid_person(name: str) -> bool:
    """Looks like a Chinese personal name: a surname and at most a few characters, or a
    transliteration with a middle dot, and no character of the common function words."""
    if any(char in _FUNCTION_CHARS for char in name):
        return False
    if "·" in name:
        parts = name.split("·")
        return all(parts) and 3 <= len(name) <= 12
    if name[:2] in _COMPOUND_SURNAMES:
        return 3 <= len(name) <= 4
    return 2 <= len(name) <= 3 and name[0] in _SURNAMES


def _count_chinese_people(names: set[str], blocks: list[tuple[str, str]], tallies: dict[str, _Tally]) -> None:
    """Every occurrence of names, not only those next to a verb: a second pass, one
    Aho-Corasick scan per block."""
    if not names:
        return
    automaton = ahocorasick.Automaton()
    for name in names:
        automaton.add_word(name, name)
    automaton.make_automaton()
    for rel, text in blocks:
        for end, name in automaton.iter(text):
            _tally(tallies, name, "person").add(rel, text, end - len(name) + 1, end + 1)


def _chinese_orgs(rel: str, text: str, registered: dict[str, str], tallies: dict[str, _Tally]) -> None:
    for m in _ORG_SUFFIX.finditer(text):
        if m.end() < len(text) and text[m.end()] in _ORG_SUFFIX_NOT_BEFORE.get(m[0], ""):
            continue
        # the name starts after the last function word: 资源有限的|中国公司, 关于|凯捷集团
        begin = m.start()
        while (begin > 0 and m.start() - begin <= _MAX_ORG_PREFIX and _ORG_CHAR.match(text[begin - 1])
               and text[begin - 1] not in _ORG_STOP_CHARS):
            begin -= 1
        if m.start() - begin > _MAX_ORG_PREFIX:
            continue
        prefix = text[begin:m.start()]
        leads = list(_ORG_LEAD.finditer(prefix))
        if leads:
            prefix = prefix[leads[-1].end():]
        if not prefix or _GENERIC_ORG.fullmatch(prefix):
            continue
        name = prefix + m[0]
        if not _registered_as(name, registered):
            _tally(tallies, name, "company").add(rel, text, m.end() - len(name), m.end())
