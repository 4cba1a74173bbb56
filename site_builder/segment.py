"""Chinese words and their parts of speech (jieba's posseg), for finding names: loaded on
first use only (its dictionary of 350,000 words takes a second or so to load), so a build
that does not discover entities never imports it.

jieba runs offline from the dictionary its package ships. That dictionary also says which
words are common (is_common): a word it knows that is no proper noun, or is one it has seen
often, is an everyday word (项目, 简单, 路由), a name only where the text shows it is one."""

from __future__ import annotations

import functools
import logging
import unicodedata
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# jieba's proper-noun tags: nr person (nrfg, nrt transliterated), ns place, nt organisation,
# nz other proper noun
PROPER = frozenset(("nr", "nrfg", "nrt", "ns", "nt", "nz"))
PERSON_TAGS = frozenset(("nr", "nrfg", "nrt"))
UNKNOWN = "x"  # the tag of a word jieba's dictionary does not have (and of punctuation)
# A word jieba's dictionary has seen this often is in everyday use. Of its 349,045 words,
# is_common says 254,430 are everyday ones: all but the 112,127 proper nouns, and the 17,512 of
# those seen 20 times or more (百度, 华为, 卫星: the text must show which are names).
COMMON_FREQ = 20
PLACE_FREQ = 1000  # a place name this frequent is a country, a province or a city

# Where jieba keeps the cache of its dictionary (its own file, jieba.cache): the project's
# .cache/ (use_cache), never the shared temporary folder jieba picks by itself. Without one
# the dictionary is read anew (a second) and no file is written.
_cache: list[Path] = []


def use_cache(folder: Path) -> None:
    """Keep jieba's dictionary cache in folder (the project's .cache/jieba), from the next load on."""
    _cache[:] = [folder]


@functools.cache
def _jieba() -> tuple[Any, Any]:
    """(the posseg tokenizer, the plain one), the dictionary loaded."""
    # jieba 0.42 (2020) imports pkg_resources when it can (deprecated: a warning) and has
    # regular expressions in plain strings (a SyntaxWarning on Python 3.12+, when compiled):
    # nothing a writer can act on
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", SyntaxWarning)
        warnings.simplefilter("ignore", UserWarning)
        import jieba
        import jieba.posseg

    jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict ..." on stderr
    tokenizer = jieba.dt
    if _cache:
        _cache[0].mkdir(parents=True, exist_ok=True)
        tokenizer.tmp_dir = str(_cache[0])  # jieba.cache goes there, written to a temporary file renamed
        tokenizer.initialize()
    else:  # what initialize does, without reading or writing a cache file
        tokenizer.FREQ, tokenizer.total = tokenizer.gen_pfdict(tokenizer.get_dict_file())
        tokenizer.initialized = True
    return jieba.posseg.dt, tokenizer


def words(text: str) -> Iterator[tuple[str, str]]:
    """(word, part-of-speech tag) of text, in order; their lengths add up to len(text). The
    words are jieba's cut (its dictionary, and an HMM for the words it does not know); the tags
    are its dictionary's, UNKNOWN for a word it does not have. posseg's own cut also guesses the
    tag of an unknown word, with an HMM of every tag: 20 times slower (2,600 characters a
    second), which 10,000 documents cannot afford."""
    tokenizer, plain = _jieba()
    tags = tokenizer.word_tag_tab
    for word in plain.cut(text, HMM=True):
        tag = tags.get(word)
        if tag is None:
            tag = "eng" if word.isascii() and word.isalpha() else "m" if word.isdigit() else UNKNOWN
        yield word, tag


@functools.cache
def _first_names() -> Any:
    import gender_guesser.detector

    return gender_guesser.detector.Detector(case_sensitive=False)


def is_first_name(word: str) -> bool:
    """A given name in gender-guesser's list of first names of many countries (Sam, Tibor, Manish),
    also written without its diacritics (Francois for François, Jose for José)."""
    return _first_names().get_gender(word) != "unknown" or _fold(word) in _folded_first_names()


def _fold(word: str) -> str:
    """The word in lower case without diacritics: François, francois."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(c))


@functools.cache
def _folded_first_names() -> frozenset[str]:
    return frozenset(_fold(name) for name in _first_names().names)


def dictionary_tag(word: str) -> str | None:
    """The tag jieba's dictionary gives the word, None for a word it does not know."""
    tokenizer, _ = _jieba()
    return tokenizer.word_tag_tab.get(word)


def frequency(word: str) -> int:
    _, plain = _jieba()
    return plain.FREQ.get(word, 0)


def is_place(word: str) -> bool:
    """A place jieba's dictionary knows well (中国, 美国, 北京): never an organisation's name,
    though it is a proper noun and speaks (中国认为) and comes in lists (美国、日本)."""
    return dictionary_tag(word) == "ns" and frequency(word) >= PLACE_FREQ


def is_common(word: str) -> bool:
    """An everyday word: in jieba's dictionary, and frequent there or not a proper noun. The
    dictionary's tags are a guide, not the truth (卫星 and 博客 are person names there, 百度 a
    noun, 微软 an adjective): a frequent word is a name only where the text shows it is one."""
    tag = dictionary_tag(word)
    return tag is not None and (tag not in PROPER or frequency(word) >= COMMON_FREQ)
