"""The language a translation goes into, as Gloss names its layers: an ISO 639-1 code.

Users write "en", "EN", "English", "anglais" or "français"; each is turned into its code
from CLDR's names (via babel) in English, in French and in the language itself, and
anything else is refused with the value named (a layer named "english" beside "en" would
have split an article's translations in two)."""

from __future__ import annotations

from contextlib import suppress
from functools import cache


@cache
def _names() -> dict[str, str]:
    """Each two-letter code and each of its names, lower case, to the code."""
    from babel import Locale, UnknownLocaleError

    english, french = Locale("en").languages, Locale("fr").languages
    found: dict[str, str] = {}
    for code in english:
        if not isinstance(code, str) or len(code) != 2:
            continue
        names = [english[code], french.get(code, "")]
        # where CLDR has no data in that language, its English and French names do
        with suppress(UnknownLocaleError, ValueError):
            names.append(Locale.parse(code).get_language_name(code) or "")
        for name in names:
            if name:
                found.setdefault(name.casefold(), code)
        found[code] = code
    return found


def target_language(written: str) -> str:
    """The two-letter code of a language written as a code or a name; ValueError otherwise."""
    key = written.strip().casefold()
    code = _names().get(key)
    if code is None:
        raise ValueError(
            f"not a language: {written.strip()!r} "
            "(a two-letter code such as en, fr, de, or a name such as English)"
        )
    return code
