"""Across the two sides: a tag on the original proposes the same thing in the facing paragraph
of each translation, and a tag on a translation proposes it in the original. The words to
look for are the tag's own, its entity's name and aliases (the registry), and the other
languages' names of the same country (CLDR, via babel): "Russie" finds "Russia"."""

from __future__ import annotations

from collections import defaultdict
from functools import cache

from core.suggest.lexicon import Lexicon
from core.text.fold import fold

Tag = tuple[str, int, int, str, str, list[str]]  # layer, start, end, label, words, entity names
Paragraphs = dict[str, list[tuple[int, int, str]]]  # layer -> its paragraphs (start, end, language)


@cache
def _countries() -> dict[str, set[str]]:
    """Folded country name (any language the data speaks) -> its names in them all."""
    from babel import Locale

    from core.suggest.data import LANGUAGES

    by_code: dict[str, set[str]] = defaultdict(set)
    for language in LANGUAGES:
        for code, name in Locale.parse(language).territories.items():
            if code.isalpha():
                by_code[code].add(name)
    return {fold(name): names for names in by_code.values() for name in names}


def equivalents(words: str, entity_names: list[str]) -> set[str]:
    return {words, *entity_names, *_countries().get(fold(words), set())}


def counterparts(tags: list[Tag], texts: dict[str, str], paragraphs: Paragraphs,
                 score: float = 0.9) -> list[tuple[str, int, int, str]]:  # fmt: skip
    """(layer, start, end, label) in the facing paragraphs of the other layers, for every tag
    whose words (or their equivalents) are found there."""
    out: list[tuple[str, int, int, str]] = []
    for layer, start, _end, label, words, names in tags:
        mine = paragraphs.get(layer, [])
        index = next((n for n, (s, e, _l) in enumerate(mine) if s <= start < e), None)
        if index is None:
            continue
        lexicon = Lexicon()
        for name in equivalents(words, names):
            lexicon.add(name, label, score)
        for other, theirs in paragraphs.items():
            if other == layer or index >= len(theirs):
                continue
            p_start, p_end, _language = theirs[index]
            piece = texts[other][p_start:p_end]
            out += [(other, p_start + m.start, p_start + m.end, label)
                    for m in lexicon.find(piece, lowercase_factor=1.0)]  # fmt: skip
    return out
