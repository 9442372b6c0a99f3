"""Event suggestions: trigger words per event type (``resources/suggest/triggers.json`` and a
schema's own ``triggers``), arguments from the sentence's tags whose types suit the roles,
and counts read from the quantities near the trigger ("188 drones launched … 76 shot down …
95 lost to jamming"), each by the cue words of its attribute (``counts.json``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from core.annotation.types import Schema
from core.suggest.data import load
from core.suggest.lexicon import Lexicon, Match, tokens
from core.text.numbers import number_in

SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
OF = re.compile(
    r"^(.*?\d[\d  .,]*)\s+(?:des|de|sur|of|out of)\s+(?:\w+\s+){0,2}?(\d[\d  .,]*\d|\d)\b",
    re.IGNORECASE,
)


@dataclass
class EventGuess:
    start: int
    end: int
    type: str
    score: float
    arguments: list[tuple[str, int]] = field(default_factory=list)  # role, index of a span
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)  # attribute -> (n, span)


def _triggers_of(schema: Schema, language: str) -> dict[str, list[str]]:
    shipped = load("triggers")["types"]
    out: dict[str, list[str]] = {}
    for event in schema.event_types:
        words = list(shipped.get(event.key, {}).get(language, [])) + list(
            event.triggers.get(language, ())
        )
        if words:
            out[event.key] = words
    return out


@cache
def _lexicon(key: tuple[tuple[str, tuple[str, ...]], ...]) -> Lexicon:
    lexicon = Lexicon()
    score = float(load("triggers").get("score", 0.6))
    for type_, words in key:
        for word in words:
            lexicon.add(word, type_, score)
    return lexicon


def triggers(text: str, language: str, schema: Schema) -> Lexicon:
    found = _triggers_of(schema, language)
    return _lexicon(tuple(sorted((k, tuple(v)) for k, v in found.items())))


def guess(
    text: str, language: str, schema: Schema, spans: list[tuple[int, int, str]], first: int = 0
) -> list[EventGuess]:
    """Events in one paragraph. ``spans``: its tags and suggestions (start, end, label); a
    trigger never overlaps one. One event per type and sentence (the first trigger).
    ``text`` may begin with the paragraph before (from ``first`` on is the paragraph): its
    sentences are read for counts, never for triggers."""
    taken = [(s, e) for s, e, _l in spans]
    events: list[EventGuess] = []
    seen: set[tuple[str, int]] = set()
    sentences = [(m.start(), m.end()) for m in SENTENCE.finditer(text)]
    for m in sorted(triggers(text, language, schema).find(text, 1.0), key=lambda m: m.start):
        if m.start < first or any(m.start < e and s < m.end for s, e in taken):
            continue
        sentence = next((n for n, (s, e) in enumerate(sentences) if s <= m.start < e), 0)
        if (m.label, sentence) in seen:
            continue
        seen.add((m.label, sentence))
        event = EventGuess(m.start, m.end, m.label, m.score)
        event.arguments = _arguments(
            schema, m.label, m.start, sentences[sentence] if sentences else (0, len(text)), spans
        )
        event.counts = _counts(text, language, schema, m, sentences, sentence, spans)
        events.append(event)
        taken.append((m.start, m.end))
    return events


def _arguments(schema: Schema, type_: str, at: int, sentence: tuple[int, int],
               spans: list[tuple[int, int, str]]) -> list[tuple[str, int]]:  # fmt: skip
    spec = schema.event(type_)
    if spec is None:
        return []
    inside = [n for n, (s, e, _l) in enumerate(spans) if sentence[0] <= s and e <= sentence[1]]
    inside.sort(key=lambda n: abs(spans[n][0] - at))
    chosen: list[tuple[str, int]] = []
    used: set[int] = set()
    for role in spec.roles:
        for n in inside:
            if n not in used and spans[n][2] in role.entity_types:
                chosen.append((role.name, n))
                used.add(n)
                break
    return chosen


def _counts(text: str, language: str, schema: Schema, trigger: Match, sentences: list[tuple[int, int]],
            sentence: int, spans: list[tuple[int, int, str]]) -> dict[str, tuple[int, int]]:  # fmt: skip
    """Each count attribute's number, from a quantity in the trigger's sentence or the two
    before or after, the one whose nearest cue word is that attribute's (-1: no quantity,
    as for "no victims")."""
    data: dict[str, Any] = load("counts")
    fits = data.get("for_events", {})
    integer = {a.key for a in schema.attributes if a.kind == "integer"
               and (a.key not in fits or trigger.label in fits[a.key])}  # fmt: skip
    cues = {
        key: words.get(language, []) for key, words in data["attributes"].items() if key in integer
    }
    if not cues or not sentences:
        return {}
    lo = sentences[max(sentence - 2, 0)][0]  # a report often gives the total first
    hi = sentences[min(sentence + 2, len(sentences) - 1)][1]
    evidence = {a.evidence for a in schema.attributes if a.evidence}
    labels = {label for group in evidence for label in group}
    cue_lexicon = _cues(tuple(sorted((k, tuple(v)) for k, v in cues.items())))
    marks = [m for m in cue_lexicon.find(text[lo:hi], 1.0)]
    words = tokens(text[lo:hi])
    window = int(data.get("window", 10))
    not_counts = {w for phrase in data.get("not_counts", []) for _a, _b, w in tokens(phrase)}
    found: dict[str, tuple[int, int]] = {}
    for n, (s, e, label) in enumerate(spans):
        if label not in labels or not lo <= s < hi:
            continue
        number = number_in(text[s:e], language)
        words_of = {w for _a, _b, w in tokens(text[s:e])}
        if number is None or words_of & not_counts:
            continue
        here = _word_index(words, s - lo)
        whole = data.get("whole")
        part = OF.match(text[s:e])  # "30 of 35 drones": a part near its cue, the whole
        best: tuple[int, str] | None = None
        for mark in marks:
            distance = abs(_word_index(words, mark.start) - here)
            if part and mark.label == whole:
                continue
            if (
                distance <= window
                and (best is None or distance < best[0])
                and mark.label not in found
            ):
                best = (distance, mark.label)
        if best is None:
            continue
        found[best[1]] = (number, n)
        if part and whole in integer and whole not in found:
            total = number_in(part.group(2), language)
            if total is not None:
                found[whole] = (total, n)
    none = data.get("none", {})
    silent = [key for key in none.get("attributes", []) if key in integer and key not in found]
    if silent and any(
        True for _m in _cues((("none", tuple(none.get(language, []))),)).find(text[lo:hi], 1.0)
    ):
        found.update({key: (0, -1) for key in silent})
    return found


@cache
def _cues(key: tuple[tuple[str, tuple[str, ...]], ...]) -> Lexicon:
    lexicon = Lexicon()
    for attribute, words in key:
        for word in words:
            lexicon.add(word, attribute, 1.0)
    return lexicon


def _word_index(words: list[tuple[int, int, str]], offset: int) -> int:
    return next((n for n, (s, _e, _w) in enumerate(words) if s >= offset), len(words))
