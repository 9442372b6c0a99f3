"""Suggestion quality against ``shared/gold/corpus-gold.jsonl`` (exact spans): entity F1
micro and per type, with the library-learned source scored leave-one-article-out (trained on
two gold articles, scored on the third), event-trigger F1 by type, event-argument F1 by
role given the gold's triggers and tags, and the share of gold events with counts whose
counts are pre-filled exactly."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.annotation.types import Schema
from core.suggest import engine, events, statistical
from core.suggest.arguments import BACK, LastReporter, reporter
from core.suggest.arguments import arguments as roles_of
from core.suggest.article import in_layer, supported
from core.text.language import main_language, paragraph_languages
from core.text.segment import paragraphs

GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold" / "corpus-gold.jsonl"


@dataclass
class Score:
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)

    def add(self, got: set[tuple[Any, ...]], gold: set[tuple[Any, ...]]) -> None:
        """Items whose third value is their label (type, or role)."""
        self.tp.update(x[2] for x in got & gold)
        self.fp.update(x[2] for x in got - gold)
        self.fn.update(x[2] for x in gold - got)

    @staticmethod
    def f1(tp: int, fp: int, fn: int) -> float:
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    def micro(self) -> float:
        return self.f1(sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values()))

    def by_type(self) -> dict[str, float]:
        labels = sorted(set(self.tp) | set(self.fn))
        return {label: self.f1(self.tp[label], self.fp[label], self.fn[label]) for label in labels}


@dataclass
class Quality:
    entities: Score
    learned: Score
    triggers: Score
    counts_right: int
    counts_total: int
    trained: Score | None = None  # the model trained on the two other articles, alone
    combined: Score | None = None  # every source with that model and the learned words
    arguments: Score = field(default_factory=Score)  # by role, the gold's triggers and tags given
    reporters: Score = field(default_factory=Score)  # the reporter attribute, likewise


def records() -> list[dict[str, Any]]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line]


def _examples(record: dict[str, Any], labels: frozenset[str]) -> list[tuple[str, list[Any]]]:
    """A gold article as training examples: its paragraphs holding entity spans."""
    text, out = record["text"], []
    for a, b in paragraphs(text):
        inside = [(e["start_offset"] - a, e["end_offset"] - a, e["label"]) for e in record["entities"]
                  if e["label"] in labels and a <= e["start_offset"] and e["end_offset"] <= b]  # fmt: skip
        if inside:
            out.append((text[a:b], inside))
    return out


def measure(schema: Schema, train: bool = False) -> Quality:
    """``train``: also a model trained on two gold articles scored on the third (about ten
    seconds a fold)."""
    gold = records()
    entity_types = frozenset(t.key for t in schema.entity_types)
    event_types = frozenset(t.key for t in schema.event_types)
    plain, learned, triggers = Score(), Score(), Score()
    alone, combined = Score(), Score()
    right = total = 0
    for k, record in enumerate(gold):
        text = record["text"]
        spans = {(e["start_offset"], e["end_offset"], e["label"]) for e in record["entities"]}
        others = [(e["label"], o["text"][e["start_offset"] : e["end_offset"]], 1)
                  for j, o in enumerate(gold) if j != k for e in o["entities"]]  # fmt: skip
        known = engine.Knowledge.of([], others, entity_types)
        bounds = paragraphs(text)
        languages = paragraph_languages(text, bounds)
        main = main_language(languages, [e - s for s, e in bounds])
        shown = [
            (a, b, supported(lang, main)) for (a, b), lang in zip(bounds, languages, strict=True)
        ]
        spans_plain, guessed = in_layer(
            "original", text, shown, schema, engine.Knowledge(), engine.Options()
        )
        spans_learned, _e = in_layer("original", text, shown, schema, known, engine.Options())
        if train:
            from core.suggest import trained

            known.trained = trained.train(
                [x for j, o in enumerate(gold) if j != k for x in _examples(o, entity_types)]
            )
            only = engine.Options(sources=frozenset({"trained"}), min_score=0.0)
            found_alone, _e = in_layer("original", text, shown, schema, known, only)
            found_all, _e = in_layer("original", text, shown, schema, known, engine.Options())
            wanted = {s for s in spans if s[2] in entity_types}
            alone.add({(x.start, x.end, x.label) for x in found_alone}, wanted)
            combined.add({(x.start, x.end, x.label) for x in found_all}, wanted)
        got_plain = {(x.start, x.end, x.label) for x in spans_plain}
        got_learned = {(x.start, x.end, x.label) for x in spans_learned}
        got_events = {(e.start, e.end, e.type): {k: n for k, n, _s in e.counts} for e in guessed}
        plain.add(got_plain, {s for s in spans if s[2] in entity_types})
        learned.add(got_learned, {s for s in spans if s[2] in entity_types})
        triggers.add(set(got_events), {s for s in spans if s[2] in event_types})
        by_id = {e["id"]: e for e in record["entities"]}
        for event in record["events"]:
            counts = {k: v for k, v in event["attributes"].items()
                      if (a := schema.attribute(k)) is not None and a.kind == "integer"}  # fmt: skip
            if counts:
                total += 1
                t = by_id[event["trigger_id"]]
                right += got_events.get((t["start_offset"], t["end_offset"], t["label"])) == counts
    arguments, reporters = Score(), Score()
    for record in gold:
        _arguments(schema, record, arguments, reporters)
    return Quality(plain, learned, triggers, right, total,
                   alone if train else None, combined if train else None, arguments,
                   reporters)  # fmt: skip


def _arguments(
    schema: Schema, record: dict[str, Any], score: Score, reporters: Score | None = None
) -> None:
    """Each gold event's arguments as proposed from the gold's own trigger and tags (what
    the argument rules do, apart from finding triggers and tags), against its role links;
    and its reporter (the schema's ``reporter`` attribute) against the gold's."""
    text, entity_types = record["text"], {t.key for t in schema.entity_types}
    by_id = {e["id"]: e for e in record["entities"]}
    bounds = paragraphs(text)
    languages = paragraph_languages(text, bounds)
    reported = LastReporter[tuple[int, int]]()  # "selon lui": the last reporter named
    for event in sorted(record["events"], key=lambda ev: by_id[ev["trigger_id"]]["start_offset"]):
        t = by_id[event["trigger_id"]]
        k, (a, b) = next((k, x) for k, x in enumerate(bounds) if x[0] <= t["start_offset"] < x[1])
        spans = [(e["start_offset"] - a, e["end_offset"] - a, e["label"]) for e in record["entities"]
                 if e["label"] in entity_types and a <= e["start_offset"] and e["end_offset"] <= b]  # fmt: skip
        piece, at = text[a:b], t["start_offset"] - a
        sentence = next(((m.start(), m.end()) for m in events.SENTENCE.finditer(piece)
                         if m.start() <= at < m.end()), (0, len(piece)))  # fmt: skip
        parsed = statistical.parse(piece, languages[k])  # as suggestions do: the paragraph
        parse = parsed.part(*sentence) if parsed is not None else None
        found = roles_of(schema, t["label"], (at, t["end_offset"] - a), sentence, spans, parse)
        got = {(spans[n][0] + a, spans[n][1] + a, role, at) for role, n in found}
        wanted = {(by_id[r["to_id"]]["start_offset"], by_id[r["to_id"]]["end_offset"], r["type"], at)
                  for r in record["relations"] if r["from_id"] == t["id"]}  # fmt: skip
        score.add(got, wanted)
        key = schema.reporter_key
        if reporters is not None and key is not None:
            n = reporter((at, t["end_offset"] - a), sentence, spans, parse)
            own = (spans[n][0] + a, spans[n][1] + a) if n not in (None, BACK) else None
            who = reported.resolve(own, n == BACK, k)
            said = (event.get("attributes") or {}).get(key)
            reporters.add(
                {(*who, key, at)} if who is not None else set(),
                {(by_id[said]["start_offset"], by_id[said]["end_offset"], key, at)}
                if said in by_id
                else set(),
            )
