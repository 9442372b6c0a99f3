"""The number a quantity's words say: digits ("188", "1 200", "1,200") or number words in
French or English ("trente", "thirty", "cent quatre-vingt-huit"), read with text2num."""

from __future__ import annotations

import re

_DIGITS = re.compile(r"\d[\d\u00a0\u202f ,.]*\d|\d")
_WORDS_LANGUAGES = ("fr", "en")


def _digits(text: str) -> int | None:
    match = _DIGITS.search(text)
    if match is None:
        return None
    raw = match.group()
    # thousands separators (space, no-break spaces, comma, dot) between groups of three
    if re.fullmatch(r"\d{1,3}(?:[\u00a0\u202f ,.]\d{3})+", raw):
        return int(re.sub(r"\D", "", raw))
    head = re.match(r"\d+", raw)
    return int(head.group()) if head else None


def number_in(text: str, language: str = "") -> int | None:
    """The first whole number ``text`` states, or None."""
    found = _digits(text)
    if found is not None:
        return found
    from text_to_num import alpha2digit

    languages = [language] if language in _WORDS_LANGUAGES else []
    languages += [lang for lang in _WORDS_LANGUAGES if lang not in languages]
    for lang in languages:
        converted = alpha2digit(text, lang, threshold=0)
        found = _digits(converted)
        if found is not None:
            return found
    return None
