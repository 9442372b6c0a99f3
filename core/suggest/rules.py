"""Rules: dates ("mardi 26 novembre 2024", "Tuesday, November 26", "overnight", "dans la
nuit de lundi à mardi") and quantities with the noun they count ("188 combat drones",
"30 des au moins 35 drones", "trente missiles"). Words come from ``resources/suggest``
and the month and weekday names the date resolver already knows."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from core.suggest.data import load
from core.suggest.lexicon import Lexicon, Match, tokens
from core.text.dates import MONTHS
from core.text.fold import fold


def _alternation(words: list[str]) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


@cache
def _date_patterns() -> tuple[re.Pattern[str], ...]:
    from core.annotation.when import WEEKDAYS

    month = _alternation([m for m in MONTHS if len(m) > 3])
    weekday = _alternation(list(WEEKDAYS))
    after = _alternation([w for ws in load("dates")["relative_after"].values() for w in ws])
    day = r"\d{1,2}(?:er|st|nd|rd|th)?"
    year = r"(?:19|20)\d{2}"
    flags = re.IGNORECASE
    return (
        # (mardi) (26) novembre (2024) / Tuesday, November 26(, 2024)
        re.compile(
            rf"\b(?:(?:{weekday}),?\s+)?(?:{day}\s+)?(?:{month})(?:\s+{day})?(?:,?\s+{year})?\b",
            flags,
        ),
        # mardi / lundi prochain / Tuesday morning / dans la nuit de lundi à mardi
        re.compile(
            rf"\b(?:(?:dans\s+la\s+)?nuit\s+de\s+(?:{weekday})\s+(?:à|au)\s+)?(?:{weekday})(?:\s+(?:{after}))?\b",
            flags,
        ),
        re.compile(
            rf"\b(?:(?:fall|spring|summer|winter|autumn)\s+of\s+|(?:automne|printemps|été|hiver)\s+)?{year}\b",
            flags,
        ),
    )


def dates(text: str, language: str) -> Iterator[Match]:
    data = load("dates")
    label, score = data["label"], float(data.get("score", 0.8))
    for pattern in _date_patterns():
        for m in pattern.finditer(text):
            if m.group().strip():
                yield Match(m.start(), m.end(), label, score)
    yield from _date_lexicon(language).find(text)
    numbers = _numbers(language)
    for template in data.get("spans", {}).get(language, []):
        unit = template.replace("{n}", "").strip()
        for m in re.finditer(
            rf"\b(?:\d+|{numbers})(?:-\w+)*\s+{re.escape(unit)}\b", text, re.IGNORECASE
        ):
            yield Match(m.start(), m.end(), label, score)


@cache
def _date_lexicon(language: str) -> Lexicon:
    data = load("dates")
    lexicon = Lexicon()
    for phrase in data.get(language, []):
        lexicon.add(phrase, data["label"], float(data.get("score", 0.8)))
    return lexicon


@cache
def _numbers(language: str) -> str:
    words = load("quantities")["number_words"].get(language, [])
    return _alternation(words) if words else r"(?!x)x"


NUMBER = r"[+]?\d{1,3}(?:[  .,]\d{3})+(?![\d])|[+]?\d+(?:[.,]\d+)?"


def ends_before() -> frozenset[str]:
    """Types whose words end a quantity's noun phrase after its noun ("deux soldats" +
    "russes"; "trois missiles" + "ATACMS")."""
    return frozenset(load("quantities").get("ends_before", ()))


def quantities(
    text: str, language: str, parts: dict[int, str] | None = None, names: set[int] | None = None
) -> Iterator[Match]:
    """A number and the words it counts. ``parts``: the part of speech of each word start
    offset (from a statistical pipeline); without it a stop list ends the noun phrase.
    ``names``: where other sources found words of :func:`ends_before`'s types; after the
    noun, such a word — or any capitalised one — ends the phrase."""
    names = names or set()
    data: dict[str, Any] = load("quantities")
    label, score = data["label"], float(data.get("score", 0.8))
    before = data["before"].get(language, [])
    links = {fold(w) for w in data["links"].get(language, [])}
    scales = {fold(w) for w in data["scales"].get(language, [])}
    stop = {fold(w) for w in data["stop"].get(language, [])}
    noun_parts = set(data.get("noun_parts", []))
    # words of ``before`` that also say where ("drones over eleven regions"): after a noun
    # they are that, and stay outside (known from ``parts``; without them, as any other)
    where = {fold(w) for w in data.get("also_where", {}).get(language, [])}
    words = tokens(text)
    numbers = re.compile(rf"^(?:{_numbers(language)})(?:-\w+)*$", re.IGNORECASE)
    starts = {s: n for n, (s, _e, _w) in enumerate(words)}
    digits = re.compile(NUMBER)
    lead = _alternation(before) if before else r"(?!x)x"
    then_number = re.compile(
        rf"\s+(?:(?:{lead})\s+)?(?:{NUMBER}|{_numbers(language)})\b", re.IGNORECASE
    )
    i = 0
    while i < len(words):
        start, end, word = words[i]
        found = digits.match(text, start)
        if found and found.end() > start and text[start - 1 : start] != "-":
            end = found.end()
            j = starts.get(end)
            j = j if j is not None else _next(words, end)
        elif numbers.match(word):
            j = i + 1
        else:
            i += 1
            continue
        if j < len(words) and words[j][2] in scales:
            end, j = words[j][1], j + 1
        nouns = 0
        while j < len(words) and nouns < int(data.get("max_noun_words", 4)):
            s, e, w = words[j]
            if text[end:s].strip() and text[end:s].strip() not in "-’'":  # punctuation between
                break
            if w in links:
                counted = then_number.match(text, e)
                if counted and nouns == 0:  # "30 des (au moins) 35 drones"
                    end = counted.end()
                    j = _next(words, end)
                    continue
                elided = j + 2 < len(words) and words[j + 1][2] == "'" and words[j + 2][2].isalpha()
                if elided and nouns:  # "pièces d'artillerie"
                    end, j = words[j + 2][1], j + 3
                    continue
                if nouns == 0 and j + 1 < len(words):  # "95 of its aircraft"
                    end, j = e, j + 1
                    continue
                break
            elided = len(w) == 1 and j + 2 < len(words) and words[j + 1][2] == "'"
            if elided and nouns and w + "'" in links and words[j + 2][2].isalpha():
                end, j = words[j + 2][1], j + 3  # "pièces d'artillerie"
                continue
            if w in stop or w in "-" or not w.isalpha():
                if w == "-" and j + 1 < len(words) and words[j + 1][2].isalpha():
                    end, j = words[j + 1][1], j + 2
                    continue
                break
            after_link = j > 0 and words[j - 1][2] in links
            determiner = after_link and parts is not None and parts.get(s) in ("DET", "PRON")
            if parts is not None and parts.get(s) not in noun_parts and not determiner:
                break  # (a determiner after "of" goes on: "95 of its aircraft")
            if text[s].isupper() and (nouns or s not in names):  # "trois missiles ATACMS"
                break
            if nouns and s in names:  # "deux soldats russes"
                break
            end, j, nouns = e, j + 1, nouns + 1
        first = start
        for phrase in before:
            lead = text[max(0, start - len(phrase) - 1) : start].rstrip()
            if fold(lead).endswith(fold(phrase)) and (
                len(lead) == len(phrase) or not lead[-len(phrase) - 1].isalnum()
            ):
                at = start - len(text[:start]) + len(text[:start].rstrip()) - len(phrase)
                if fold(phrase) not in where or not _after_noun(words, at, parts, noun_parts):
                    first = at
                break
        if not (nouns == 0 and re.fullmatch(r"(?:19|20)\d{2}", text[first:end])):  # a year
            yield Match(first, end, label, score if nouns else score * 0.75)
        i = max(j, i + 1)


def _after_noun(
    words: list[tuple[int, int, str]], at: int, parts: dict[int, str] | None, nouns: set[str]
) -> bool:
    """Whether the word before offset ``at`` is a noun (by ``parts``; False without them)."""
    before = _next(words, at) - 1
    return parts is not None and before >= 0 and parts.get(words[before][0]) in nouns


def _next(words: list[tuple[int, int, str]], offset: int) -> int:
    return next((n for n, (s, _e, _w) in enumerate(words) if s >= offset), len(words))
