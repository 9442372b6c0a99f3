"""The suggestion engine: every source's spans for a paragraph, resolved into one set with
no overlaps (the gold's conventions, the most confident and longest first), minus what is
tagged already or was rejected. Sources:

- ``registry``: every name and alias of the library's entities, in any language;
- ``learned``: the words the library's people tagged, with the type they gave them most;
- ``gazetteer``: places, nationalities, organisations, weapons, laws, facilities (data);
- ``rules``: dates and quantities;
- ``statistical``: the spaCy pipeline of the paragraph's language;
- ``trained``: a model trained on the library's own tags (``core.suggest.trained``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from core.suggest import rules, statistical
from core.suggest.conventions import trimmed
from core.suggest.data import gazetteer
from core.suggest.lexicon import Lexicon, Match
from core.text.fold import fold

SOURCES = ("registry", "learned", "gazetteer", "rules", "statistical", "trained")


@dataclass(frozen=True)
class Options:
    sources: frozenset[str] = frozenset(SOURCES)
    types: frozenset[str] | None = None  # None: every type of the schema
    min_score: float = 0.5


@dataclass(frozen=True)
class Suggestion:
    layer: str
    start: int
    end: int
    label: str
    text: str
    source: str
    score: float


@dataclass
class Knowledge:
    """What a library teaches the engine: its entities' names and aliases, and the words
    its people tagged (built by :func:`core.suggest.store.knowledge`)."""

    registry: Lexicon = field(default_factory=Lexicon)
    learned: Lexicon = field(default_factory=Lexicon)
    trained: Any = None  # the spaCy model trained on the library's tags, if there is one

    @classmethod
    def of(cls, entities: Iterable[tuple[str, list[str]]], tags: Iterable[tuple[str, str, int]],
           labels: frozenset[str]) -> Knowledge:  # fmt: skip
        """``entities``: (type, names); ``tags``: (label, words, how many tags)."""
        known = cls()
        for type_, names in entities:
            if type_ in labels:
                for name in names:
                    if name.strip():
                        known.registry.add(name, type_, 0.95)
        votes: dict[str, Counter[str]] = defaultdict(Counter)
        spelled: dict[str, str] = {}
        for label, words, n in tags:
            if label in labels and words.strip():
                votes[fold(words)][label] += n
                spelled.setdefault(fold(words), words)
        for key, counter in votes.items():
            label, n = counter.most_common(1)[0]
            share = n / sum(counter.values())
            known.learned.add(spelled[key], label, min(0.95, 0.6 + 0.1 * n) * share)
        return known


def paragraph(
    text: str,
    language: str,
    labels: frozenset[str],
    knowledge: Knowledge,
    options: Options,
    analysis: statistical.Analysis | None = None,
    trained: list[Match] | None = None,
) -> list[tuple[int, int, str, str, float]]:
    """(start, end, label, source, score) for one paragraph's text, without overlaps.
    ``analysis``: the statistical pipeline's, when read for several paragraphs at once;
    ``trained``: the library's own model's entities in it."""
    found: list[tuple[Match, str]] = []
    on = options.sources
    if "registry" in on:
        found += [(m, "registry") for m in knowledge.registry.find(text, lowercase_factor=1.0)]
    if "learned" in on:
        found += [(m, "learned") for m in knowledge.learned.find(text, lowercase_factor=0.9)]
    if "gazetteer" in on:
        places = list(gazetteer(language).find(text))
        found += [(m, "gazetteer") for m in places + list(around(text, places, language))]
    if analysis is None and ("statistical" in on or "rules" in on):
        analysis = statistical.analyse(text, language)
    if "rules" in on:
        parts = analysis.parts if analysis is not None else None
        found += [(m, "rules") for m in rules.dates(text, language)]
        names = {m.start for m, _source in found if m.label in rules.ends_before()}
        found += [(m, "rules") for m in rules.quantities(text, language, parts, names)]
    if "statistical" in on and analysis is not None:
        found += [(m, "statistical") for m in analysis.entities]
    if "trained" in on and trained:
        found += [(m, "trained") for m in trained]
    chosen = resolve(text, found, labels, options.min_score)  # every type competes for a span
    return chosen if options.types is None else [c for c in chosen if c[2] in options.types]


def resolve(
    text: str, found: list[tuple[Match, str]], wanted: frozenset[str], min_score: float
) -> list[tuple[int, int, str, str, float]]:
    """One span per stretch of text: spans trimmed to the conventions, the best first (a
    score, a little more for each word), those overlapping a chosen one dropped."""
    candidates = []
    for match, source in found:
        if match.label not in wanted or match.score < min_score:
            continue
        start, end = trimmed(text, match.start, match.end)
        if start < end:
            if text[end - 1] in "’'" or sum(c.isalnum() for c in text[start:end]) < 2:
                continue  # an elided article alone ("qu'", "L'"), a lone letter
            words = len(text[start:end].split())
            rank = match.score + 0.2 * (min(words, 4) - 1)  # a name holding another wins
            candidates.append((rank, start, end, match.label, source, match.score))
    candidates.sort(key=lambda c: (-c[0], c[1]))
    taken: list[tuple[int, int, str, str, float]] = []
    for _rank, start, end, label, source, score in candidates:
        if all(end <= s or start >= e for s, e, *_rest in taken):
            taken.append((start, end, label, source, score))
    return sorted(taken)


def around(text: str, places: list[Match], language: str) -> Iterable[Match]:
    """A place inside the words that make it a region or a city ("Kharkiv region", "région
    de Kiev"), from ``around`` in ``places.json``, with the place's type and score."""
    from core.suggest.data import load

    for template in load("places").get("around", {}).get(language, []):
        before, _, after = template.partition("{}")
        for m in places:
            start, end = m.start - len(before), m.end + len(after)
            if (
                start >= 0
                and fold(text[start : m.start]) == fold(before)
                and fold(text[m.end : end]) == fold(after)
            ):
                yield Match(start, end, m.label, m.score)
