"""The words of the interface, in the site's language (zh-* or English): gettext message
catalogues (locale/LANG/LC_MESSAGES/messages.po, read with Babel), one per language. A
message is named by a key (msgid "n_sources"), the same in every catalogue; a plural one
has a form per plural of its language (English two, Chinese one)."""

from __future__ import annotations

import functools
import io
import re
from datetime import date
from gettext import GNUTranslations as Translations  # Babel's subclass adds domains, and 16 ms of imports
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages import mofile, pofile
from babel.messages.catalog import Catalog

from site_builder.cjk import HAN
from site_builder.model import When

LOCALE = Path(__file__).resolve().parent / "locale"


def catalogue(language: str) -> str:
    """The catalogue a language's interface is in: zh-CN, zh-TW, zh → zh_CN; any other → en."""
    return "zh_CN" if language.lower().startswith("zh") else "en"


@functools.cache
def _read(name: str) -> Catalog:
    with (LOCALE / name / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return pofile.read_po(f, locale=name)


@functools.cache
def translations(language: str) -> Translations:
    """The language's catalogue as gettext translations (for Jinja's i18n extension too).
    Read from the .po a translator edits, compiled in memory: no .mo file to fall behind it."""
    compiled = io.BytesIO()
    mofile.write_mo(compiled, _read(catalogue(language)))
    compiled.seek(0)
    return Translations(compiled)


class Strings(dict):
    """The words of one language: t["key"] in Python, t.key in templates, t.n("key", count)
    for a plural. As attributes too, so that a template's t.key is found at once: on a
    plain dict Jinja's attribute lookup fails, raises and falls back to the item, a
    million times per build at 10,000 documents."""

    def __init__(self, words: dict[str, str], plural: Translations) -> None:
        super().__init__(words)
        clashes = set(words) & set(dir(type(self)))
        assert not clashes, f"interface words named like dict methods: {clashes}"
        self.__dict__.update(words)
        self._plural = plural

    def n(self, key: str, count: int, **values: object) -> str:
        """A plural message for count, its {n} and other fields filled in."""
        return self.form(key, count).format(n=count, **values)

    def form(self, key: str, count: int) -> str:
        """The plural form of a message that count takes, as written ({n} left in)."""
        return self._plural.ngettext(key, key, count)


@functools.cache
def _strings(name: str) -> Strings:
    found = translations(name)
    return Strings({m.id: found.gettext(m.id) for m in _read(name) if m.id and isinstance(m.id, str)}, found)


def strings(language: str) -> Strings:
    return _strings(catalogue(language))


def language_name(tag: str) -> str:
    """A language as its own speakers name it (English, 中文): what a language switch shows."""
    try:
        locale = Locale.parse(tag.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return tag
    return locale.get_language_name(locale) or tag


def content_language(text: str, language: str) -> str:
    """The language of a document that does not say (front matter `lang`): the site's; but
    on a site not in Chinese, a text most of whose letters are Han characters is Chinese (a
    Chinese source an English site publishes is not marked English)."""
    if language.lower().startswith(("zh", "ja", "ko")):
        return language
    sample = text[:4000]
    letters = sum(ch.isalpha() for ch in sample)
    return "zh" if letters and 2 * len(_HAN.findall(sample)) > letters else language


_HAN = re.compile(f"[{HAN}]")


def same_language(a: str, b: str) -> bool:
    """zh-CN and zh are one language for choosing which version a list shows."""
    return a.lower().split("-")[0] == b.lower().split("-")[0]


def format_day(day: date, language: str) -> str:
    if language.lower().startswith("zh"):
        return f"{day.year}年{day.month}月{day.day}日"
    return day.isoformat()


def format_period(period: str, language: str) -> str:
    """A period, 2025-06, 2025-Q2 or 2026, as the reader writes it."""
    year, _, part = period.partition("-")
    zh = language.lower().startswith("zh")
    if part.startswith("Q"):
        return f"{int(year)}年第{part[1:]}季度" if zh else f"{year} {part}"
    if zh:
        return f"{int(year)}年{int(part)}月" if part else f"{int(year)}年"
    return period


def format_when(when: When, language: str) -> str:
    """A document date to the precision the writer gave (a PDF may say only 2026)."""
    v = when.value
    zh = language.lower().startswith("zh")
    if when.precision == "year":
        return f"{v.year}年" if zh else str(v.year)
    if when.precision == "month":
        return f"{v.year}年{v.month}月" if zh else f"{v.year}-{v.month:02d}"
    return format_day(v.date(), language)
