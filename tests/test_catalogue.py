"""The interface's message catalogues (site_builder/locale/*/LC_MESSAGES/messages.po): the
same messages in every language, with the same fields to fill in and a form per plural of
the language; every word a template or the code names is in them; English without
Chinese punctuation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages import pofile

from site_builder import i18n

CATALOGUES = sorted(i18n.LOCALE.glob("*/LC_MESSAGES/messages.po"))
FIELD = re.compile(r"\{(\w+)\}")
PACKAGE = Path(i18n.__file__).resolve().parent


def read(path: Path):
    with path.open("rb") as f:
        return pofile.read_po(f, locale=path.parent.parent.name)


def messages(path: Path) -> dict[str, tuple[str, ...]]:
    return {(m.id[0] if isinstance(m.id, tuple) else m.id): (m.string if isinstance(m.string, tuple) else (m.string,))
            for m in read(path) if m.id}


def test_there_are_an_english_and_a_chinese_catalogue() -> None:
    assert [p.parent.parent.name for p in CATALOGUES] == ["en", "zh_CN"]


def test_every_language_has_the_same_messages_and_fields() -> None:
    en, zh = (messages(p) for p in CATALOGUES)
    assert set(en) == set(zh)
    for key in en:
        assert all(en[key]) and all(zh[key]), key  # none left untranslated
        fields = {frozenset(FIELD.findall(s)) for s in en[key] + zh[key]}
        assert len(fields) == 1, (key, en[key], zh[key])


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: p.parent.parent.name)
def test_a_plural_has_a_form_per_plural_of_its_language(path: Path) -> None:
    catalogue = read(path)
    plurals = [m for m in catalogue if m.id and m.pluralizable]
    assert plurals
    for m in plurals:
        assert len(m.string) == catalogue.num_plurals, m.id
        assert not list(m.check(catalogue)), m.id  # Babel's own checks of the entry


def test_english_has_no_chinese_punctuation() -> None:
    for key, texts in messages(CATALOGUES[0]).items():
        for text in texts:
            assert not re.search(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]", text), key


def test_every_word_templates_and_code_name_is_in_the_catalogues() -> None:
    known = set(messages(CATALOGUES[0]))
    named: set[str] = set()
    for path in [*(PACKAGE / "theme/templates").glob("*.html"), *PACKAGE.rglob("*.py")]:
        if path == Path(i18n.__file__).resolve():
            continue  # the module that reads the catalogues (its docstrings name t["key"])
        source = path.read_text(encoding="utf-8")
        if path.suffix == ".html":  # Python reads them as t["KEY"] (t.X there may be a token's field)
            named |= set(re.findall(r"\bt\.(?!n\(|form\(|get\()([a-z_]+)\b", source))
        named |= set(re.findall(r"""\bt(?:\.n|\.form)\(["']([a-z_]+)["']""", source))
        named |= set(re.findall(r"""\bt\[["']([a-z_]+)["']\]""", source))
    assert named, "no words found"
    assert not named - known, sorted(named - known)
    for key in ("n_documents", "n_sources", "n_mentions", "card_count"):
        assert i18n.strings("en").n(key, 1) != i18n.strings("en").n(key, 2).replace("2", "1"), key
