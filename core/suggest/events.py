"""Event suggestions: trigger words per event type (``resources/suggest/triggers.json`` and a
schema's own ``triggers``), arguments from the sentence's tags whose types suit the roles,
and counts read from the quantities near the trigger ("188 drones launched … 76 shot down …
95 lost to jamming"), each by the cue words of its attribute (``counts.json``)."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from core.annotation.types import Schema
from core.suggest.arguments import arguments, reporter
from core.suggest.data import load
from core.suggest.lexicon import Lexicon, Match, tokens
from core.suggest.syntax import Parse
from core.text.numbers import number_in

SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
OF_WORD = re.compile(r"\s(?:des|de|sur|of|out of)\s", re.IGNORECASE)
# Between a part and the quantity that is its whole: "… sur les", "… des", "… of the".
WHOLE_AFTER = re.compile(r"\b(?:sur|des|of|out of)(?:\s+(?:les|the|its|their))?\s*$", re.I)
CLAUSE = re.compile(r"[,;]")  # between a cue and a quantity: they are in two clauses
SENTENCE_BREAK = re.compile(r"[.!?]+(?=\s)|\n")  # between them: two sentences (as SENTENCE)


@dataclass
class EventGuess:
    start: int
    end: int
    type: str
    score: float
    arguments: list[tuple[str, int]] = field(default_factory=list)  # role, index of a span
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)  # attribute -> (n, span)
    reporter: int | None = None  # index of the span naming who reported it, or BACK


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
    text: str,
    language: str,
    schema: Schema,
    spans: list[tuple[int, int, str]],
    first: int = 0,
    parsed: Parse | None = None,
) -> list[EventGuess]:
    """Events in one paragraph. ``spans``: its tags and suggestions (start, end, label); a
    trigger never overlaps one. One event per type and sentence (the first trigger).
    ``text`` may begin with the paragraph before (from ``first`` on is the paragraph): its
    sentences are read for counts, never for triggers. ``parsed``: the paragraph's
    dependency parse (offsets from ``first``), read for the arguments."""
    taken = [(s, e) for s, e, _l in spans]
    events: list[EventGuess] = []
    seen: set[tuple[str, int]] = set()
    sentences = [(m.start(), m.end()) for m in SENTENCE.finditer(text)]
    parses: dict[int, Parse | None] = {}
    for m in sorted(triggers(text, language, schema).find(text, 1.0), key=lambda m: m.start):
        if m.start < first or any(m.start < e and s < m.end for s, e in taken):
            continue
        sentence = next((n for n, (s, e) in enumerate(sentences) if s <= m.start < e), 0)
        if (m.label, sentence) in seen:
            continue
        seen.add((m.label, sentence))
        event = EventGuess(m.start, m.end, m.label, m.score)
        bounds = sentences[sentence] if sentences else (0, len(text))
        if parsed is not None and sentence not in parses:
            parses[sentence] = parsed.part(bounds[0] - first, bounds[1] - first)
        event.arguments = arguments(
            schema, m.label, (m.start, m.end), bounds, spans, parses.get(sentence)
        )
        event.counts = _counts(text, language, schema, m, sentences, sentence, spans)
        if schema.reporter_key is not None:
            event.reporter = reporter((m.start, m.end), bounds, spans, parses.get(sentence))
        events.append(event)
        taken.append((m.start, m.end))
    return events


@dataclass
class _Quantity:
    index: int  # into the paragraph's spans
    start: int
    end: int
    number: int
    sentence: int
    whole: int | None = None  # "3 of 5" / "trois … sur les cinq": the whole, read with it
    whole_index: int = -1


def _whole_in(words: str, language: str) -> int | None:
    """The whole of a part-and-whole quantity ("30 des au moins 35 drones", "sept des huit
    obus", "95 of its 188 aircraft"), or None."""
    for joint in OF_WORD.finditer(words):
        left, right = words[: joint.start()], words[joint.end() :]
        if number_in(left, language) is not None:
            return number_in(right, language)
    return None


def _quantities(text: str, language: str, spans: list[tuple[int, int, str]], labels: set[str],
                not_counts: set[str], lo: int, hi: int,
                sentences: list[tuple[int, int]]) -> list[_Quantity]:  # fmt: skip
    """The countable quantities in ``[lo, hi)``, in order; a part followed by its whole
    ("trois missiles, d'une portée de 300 km, sur les cinq lancés") read as one."""
    out: list[_Quantity] = []
    for n, (s, e, label) in sorted(enumerate(spans), key=lambda item: item[1][0]):
        if label not in labels or not lo <= s < hi:
            continue
        number = number_in(text[s:e], language)
        if number is None or {w for _a, _b, w in tokens(text[s:e])} & not_counts:
            continue
        sentence = next((k for k, (a, b) in enumerate(sentences) if a <= s < b), -1)
        quantity = _Quantity(n, s, e, number, sentence)
        whole = _whole_in(text[s:e], language)  # "30 of 35 drones", "sept des huit obus"
        if whole is not None:
            quantity.whole, quantity.whole_index = whole, n
        previous = out[-1] if out else None
        if (
            previous is not None
            and previous.whole is None
            and previous.sentence == sentence
            and WHOLE_AFTER.search(text[previous.end : s])
        ):
            previous.whole, previous.whole_index = number, n
            continue
        out.append(quantity)
    return out


def _counts(text: str, language: str, schema: Schema, trigger: Match, sentences: list[tuple[int, int]],
            sentence: int, spans: list[tuple[int, int, str]]) -> dict[str, tuple[int, int]]:  # fmt: skip
    """Each count attribute's number, from a quantity in the trigger's sentence or the two
    before or after, the one whose nearest cue word is that attribute's (-1: no quantity,
    as for "no victims"). A part and its whole ("3 of the 5") give two attributes; parts
    joined by "and" in one sentence add up ("3 of 5 … and 7 of 8" → 10 of 13)."""
    data: dict[str, Any] = load("counts")
    fits = data.get("for_events", {})
    unfit = data.get("not_for_events", {})
    integer = {a.key for a in schema.attributes if a.kind == "integer"
               and (a.key not in fits or trigger.label in fits[a.key])
               and trigger.label not in unfit.get(a.key, ())}  # fmt: skip
    cues = {
        key: words.get(language, []) for key, words in data["attributes"].items() if key in integer
    }
    if not cues or not sentences:
        return {}
    lo = sentences[max(sentence - 2, 0)][0]
    hi = sentences[min(sentence + 2, len(sentences) - 1)][1]
    labels = {label for a in schema.attributes if a.evidence for label in a.evidence}
    cue_lexicon = _cues(tuple(sorted((k, tuple(v)) for k, v in cues.items())))
    near = text[lo:hi]  # the sentences read
    marks = list(cue_lexicon.find(near, 1.0))
    words = tokens(near)
    window = int(data.get("window", 10))
    not_counts = {w for phrase in data.get("not_counts", []) for _a, _b, w in tokens(phrase)}
    whole = data.get("whole")
    joined = _cues((("and", tuple(data.get("and", {}).get(language, []))),))
    bounds = _Bounds(near, words, joined)
    found: dict[str, tuple[int, int]] = {}
    last: tuple[str, _Quantity] | None = None  # the last part read, with its attribute
    quantities = _quantities(text, language, spans, labels, not_counts, lo, hi, sentences)
    reach: list[list[tuple[int, bool, int] | None]] = []  # each quantity's distance to each cue
    for q in quantities:
        here = [(q.start - lo, q.end - lo)]
        if q.whole is not None:
            here.append((spans[q.whole_index][0] - lo, spans[q.whole_index][1] - lo))
        reach.append([
            None if q.whole is not None and mark.label == whole  # a part's cue is another's
            else min(bounds.apart(mark, a, b) for a, b in here)
            for mark in marks
        ])  # fmt: skip
    # A cue with a quantity of its own sentence in reach is that quantity's, not one of
    # the sentence before ("Report 163" as a title, then "shoot down 76 drones").
    owned = [any(d is not None and d[0] == 0 and d[2] <= window for d in (r[k] for r in reach))
             for k in range(len(marks))]  # fmt: skip
    for q, distances in zip(quantities, reach, strict=True):
        best: tuple[int, bool, int, str] | None = None
        for k, mark in enumerate(marks):
            apart = distances[k]
            if apart is None or (apart[0] > 0 and owned[k]):
                continue
            if apart[2] <= window and (best is None or apart < best[:3]):
                best = (*apart, mark.label)
        attribute = best[3] if best else None
        if (
            last is not None
            and q.whole is not None
            and last[1].sentence == q.sentence
            and any(True for _m in joined.find(text[last[1].end : q.start], 1.0))
        ):  # "… and 7 of the 8": one more part of the same count
            attribute = last[0]
            number, index = found[attribute]
            found[attribute] = (number + q.number, index)
            if whole in found and last[1].whole is not None and q.whole is not None:
                found[whole] = (found[whole][0] + q.whole, found[whole][1])
            last = (attribute, q)
            continue
        if attribute is None or attribute in found:
            continue
        found[attribute] = (q.number, q.index)
        if q.whole is not None and whole in integer and whole not in found:
            found[whole] = (q.whole, q.whole_index)
            last = (attribute, q)
    none = data.get("none", {})
    silent = [key for key in none.get("attributes", []) if key in integer and key not in found]
    if silent and any(
        True for _m in _cues((("none", tuple(none.get(language, []))),)).find(near, 1.0)
    ):
        found.update({key: (0, -1) for key in silent})
    return found


def earlier_whole(
    schema: Schema,
    event_type: str,
    language: str,
    counts: dict[str, int],
    parts: list[str],
    candidates: list[str],
) -> tuple[str, int, int] | None:
    """A whole given paragraphs before its parts ("a record 188 combat drones" … "76 drones
    shot down, 95 jammed, five flew on"): the nearest earlier quantity (``candidates``, in
    text order) of the same thing (its last word) and at least the parts' sum. Returns the
    attribute, the number and the candidate's index; None when the event has its whole, no
    part, or nothing fits."""
    data: dict[str, Any] = load("counts")
    whole, part_keys = data.get("whole"), set(data.get("parts", []))
    fits = data.get("for_events", {}).get(whole)
    if (
        not whole
        or whole in counts
        or schema.attribute(whole) is None
        or (fits is not None and event_type not in fits)
        or not part_keys & set(counts)
    ):
        return None
    need = sum(n for key, n in counts.items() if key in part_keys)
    things = {_head(words) for words in parts} - {""}
    not_counts = {w for phrase in data.get("not_counts", []) for _a, _b, w in tokens(phrase)}
    for index in range(len(candidates) - 1, -1, -1):
        words = candidates[index]
        number = number_in(words, language)
        if (
            number is not None
            and number >= need
            and _head(words) in things
            and not {w for _a, _b, w in tokens(words)} & not_counts
        ):
            return whole, number, index
    return None


def _head(words: str) -> str:
    found = tokens(words)
    return found[-1][2].casefold() if found else ""


@cache
def _cues(key: tuple[tuple[str, tuple[str, ...]], ...]) -> Lexicon:
    lexicon = Lexicon()
    for attribute, words in key:
        for word in words:
            lexicon.add(word, attribute, 1.0)
    return lexicon


class _Bounds:
    """What separates a cue from a quantity in the sentences read, found once for all
    their pairs: sentence breaks, clause marks (a comma, a semicolon, a joining word) and
    word starts."""

    def __init__(self, text: str, words: list[tuple[int, int, str]], joined: Lexicon) -> None:
        self.breaks = [m.start() for m in SENTENCE_BREAK.finditer(text)]
        self.clauses = sorted([m.start() for m in CLAUSE.finditer(text)] +
                              [m.start for m in joined.find(text, 1.0)])  # fmt: skip
        self.starts = [s for s, _e, _w in words]

    def apart(self, mark: Match, start: int, end: int) -> tuple[int, bool, int]:
        """How far a cue is from a quantity at ``[start, end)``: the sentence breaks
        between them ("… three cruise missiles at the country overnight. Air defence units
        shot down 64 …": "shot down" is the next sentence's), whether a clause lies between
        them ("tué et quatre personnes ont été blessées" — the cue before "et" is the other
        clause's), then the words between."""
        if mark.start < end and start < mark.end:
            return 0, False, 0
        if mark.end <= start:
            lo, hi = mark.end, start
            distance = self._word(start) - self._word(mark.start)
        else:
            lo, hi = end, mark.start
            distance = self._word(mark.start) - self._word(end) + 1
        breaks = bisect_left(self.breaks, hi) - bisect_left(self.breaks, lo)
        crossed = bisect_left(self.clauses, hi) > bisect_left(self.clauses, lo)
        return breaks, crossed, distance

    def _word(self, offset: int) -> int:
        """The index of the first word starting at or after ``offset``."""
        return bisect_left(self.starts, offset)
