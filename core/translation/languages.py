"""The language a translation goes into, as Gloss names its layers: an ISO 639-1 code.

Users write "en", "EN", "English", "anglais" or "français"; each is turned into its code
from CLDR's names (via babel) in English and French and, failing those, in the language
itself, and anything else is refused with the value named (a layer named "english" beside
"en" would have split an article's translations in two)."""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import suppress
from functools import cache
from typing import Any


@cache
def _names() -> dict[str, str]:
    """Each two-letter code, and its English and French names in lower case, to the code
    (CLDR's two lists: a few tens of milliseconds)."""
    from babel import Locale

    english, french = Locale("en").languages, Locale("fr").languages
    found: dict[str, str] = {}
    for code in _codes(english):
        for name in (english[code], french.get(code, "")):
            if name:
                found.setdefault(name.casefold(), code)
    found.update((code, code) for code in _codes(english))
    return found


@cache
def _own_names() -> dict[str, str]:
    """Each language's name in itself ("українська"), read only for a name that is neither
    English nor French (every language's own data: half a second)."""
    from babel import Locale, UnknownLocaleError

    found: dict[str, str] = {}
    for code in _codes(Locale("en").languages):
        with suppress(UnknownLocaleError, ValueError):  # CLDR has no data in that language
            name = Locale.parse(code).get_language_name(code)
            if name:
                found.setdefault(name.casefold(), code)
    return found


def _codes(names: Mapping[Any, Any]) -> list[str]:
    return [code for code in names if isinstance(code, str) and len(code) == 2]


def target_language(written: str) -> str:
    """The two-letter code of a language written as a code or a name; ValueError otherwise."""
    key = written.strip().casefold()
    code = _names().get(key) or (_own_names().get(key) if key else None)
    if code is None:
        raise ValueError(
            f"not a language: {written.strip()!r} "
            "(a two-letter code such as en, fr, de, or a name such as English)"
        )
    return code
