"""Suggestions for a whole article: every paragraph of the original and of each translation,
in its own language, minus what is tagged already and what was rejected."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from core.annotation.types import Schema
from core.layers import join_layer
from core.storage.models import (
    ORIGINAL_LAYER,
    Annotator,
    Article,
    Entity,
    Event,
    Mention,
    Paragraph,
    RejectedSuggestion,
    Translation,
)
from core.suggest import alignment, engine, events, statistical
from core.suggest.arguments import BACK, LastReporter
from core.suggest.engine import Knowledge, Options, Suggestion
from core.text import boilerplate


@dataclass(frozen=True)
class EventSuggestion:
    layer: str
    start: int
    end: int
    type: str
    text: str
    source: str
    score: float
    arguments: tuple[tuple[str, Suggestion], ...] = ()
    counts: tuple[tuple[str, int, Suggestion | None], ...] = ()  # attribute, number, evidence
    dates: tuple[tuple[str, str], ...] = ()  # attribute, value: resolved from its date argument
    reporter: Suggestion | None = None  # who reported it (the schema's ``reporter`` attribute)
    reported: tuple[tuple[str, str], ...] = ()  # attribute, value: for a reported event


@dataclass
class ArticleSuggestions:
    article_id: int
    spans: list[Suggestion] = field(default_factory=list)
    events: list[EventSuggestion] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # pipelines that could not be loaded

    def as_json(self) -> dict[str, Any]:
        def span(s: Suggestion) -> dict[str, Any]:
            return {"layer": s.layer, "start": s.start, "end": s.end, "label": s.label,
                    "text": s.text, "source": s.source, "score": round(s.score, 3)}  # fmt: skip

        return {
            "article": self.article_id,
            "suggestions": [span(s) for s in self.spans],
            "events": [
                {
                    **span(Suggestion(e.layer, e.start, e.end, e.type, e.text, e.source, e.score)),
                    "trigger": e.text,
                    "arguments": [{"role": r, **span(s)} for r, s in e.arguments],
                    "attributes": {
                        **{k: n for k, n, _s in e.counts},
                        **dict(e.dates),
                        **dict(e.reported),
                    },
                    "reporter": span(e.reporter) if e.reporter is not None else None,
                }
                for e in self.events
            ],
        }


def supported(language: str, main: str) -> str:
    """A paragraph's language if the data speaks it, else the article's, else the first one
    the data has (short paragraphs are sometimes detected as a neighbour language)."""
    from core.suggest.data import LANGUAGES

    for candidate in (language, main):
        if candidate in LANGUAGES:
            return candidate
    return LANGUAGES[0]


#: Who stores suggestions in bulk (pre-annotation, ``gloss suggest --accept``). What it stored
#: teaches the suggestions nothing (neither the words of the ``learned`` source nor the
#: trained model) until a person marks the article done: unreviewed, its mistakes would come
#: back stronger each chunk ("of" as a place, "said" as a person, seen after pre-annotating a
#: few hundred articles).
SUGGESTER = "gloss-suggest"


def teaching(done: str | None) -> ColumnElement[bool]:
    """A condition on tags: those the suggestions learn from — a person's, and what
    :data:`SUGGESTER` stored on an article whose status is ``done`` (the schema's
    ``done_status``: a person went through it and kept them)."""
    machine = select(Annotator.id).where(Annotator.name == SUGGESTER).scalar_subquery()
    person = or_(Mention.annotator_id.is_(None), Mention.annotator_id != func.coalesce(machine, -1))
    if done is None:
        return person
    reviewed = select(Article.id).where(Article.status == done)
    return or_(person, Mention.article_id.in_(reviewed))


def knowledge(session: Session, schema: Schema) -> Knowledge:
    """The library's entity names and aliases, and the words its people tagged."""
    labels = frozenset(t.key for t in schema.entity_types)
    entities = [(type_, [name, *(aliases or [])])
                for type_, name, aliases in session.execute(
                    select(Entity.type, Entity.canonical_name, Entity.aliases))]  # fmt: skip
    tags = session.execute(
        select(Mention.label, Mention.text, func.count())
        .where(teaching(schema.done_status))
        .group_by(Mention.label, Mention.text)
    )
    return Knowledge.of(entities, [(label, text, n) for label, text, n in tags], labels)


def layers(session: Session, article_id: int) -> list[tuple[str, str, list[tuple[int, int, str]]]]:
    """(layer, text, paragraphs as (start, end, language)) of the original and translations."""
    article = session.get(Article, article_id)
    if article is None:
        return []
    rows = list(session.scalars(select(Paragraph).where(Paragraph.article_id == article_id)
                                .order_by(Paragraph.index)))  # fmt: skip
    out = [
        (
            ORIGINAL_LAYER,
            article.text,
            [(p.start, p.end, p.language or article.language) for p in rows],
        )
    ]
    translated: dict[str, dict[int, str]] = {}
    for index, lang, text in session.execute(
        select(Paragraph.index, Translation.target_lang, Translation.text)
        .join(Translation, Translation.paragraph_id == Paragraph.id)
        .where(Paragraph.article_id == article_id)
    ):
        translated.setdefault(lang, {})[index] = text
    for lang, by_index in sorted(translated.items()):
        texts = [by_index.get(p.index, "") for p in rows]
        text, starts = join_layer(texts)
        out.append((f"translation:{lang}", text,
                    [(s, s + len(t), lang) for s, t in zip(starts, texts, strict=True) if t]))  # fmt: skip
    return out


def suggest(
    session: Session, article_id: int, schema: Schema, known: Knowledge, options: Options
) -> ArticleSuggestions:
    result = ArticleSuggestions(article_id)
    rejected: set[tuple[str, int, int, str]] = {(r[0], r[1], r[2], r[3]) for r in session.execute(
        select(RejectedSuggestion.layer, RejectedSuggestion.start, RejectedSuggestion.end,
               RejectedSuggestion.label).where(RejectedSuggestion.article_id == article_id))}  # fmt: skip
    tagged: dict[str, list[tuple[int, int, str]]] = {}
    tags: list[alignment.Tag] = []
    for layer, start, end, label, words, names, aliases in session.execute(
        select(Mention.layer, Mention.start, Mention.end, Mention.label, Mention.text,
               Entity.canonical_name, Entity.aliases)
        .outerjoin(Entity, Entity.id == Mention.entity_id)
        .where(Mention.article_id == article_id)
    ):  # fmt: skip
        tagged.setdefault(layer, []).append((start, end, label))
        tags.append((layer, start, end, label, words, [names, *(aliases or [])] if names else []))
    for layer, start, end, label in session.execute(
        select(Event.trigger_layer, Event.trigger_start, Event.trigger_end, Event.type).where(
            Event.article_id == article_id
        )
    ):
        tagged.setdefault(layer, []).append((start, end, label))
    article = session.get(Article, article_id)
    main = article.language if article is not None else ""
    shown = layers(session, article_id)
    aligned = alignment.counterparts(
        tags, {layer: text for layer, text, _p in shown}, {layer: p for layer, _t, p in shown}
    )
    for layer, text, paragraphs in shown:
        done = tagged.get(layer, [])
        facing = [
            Suggestion(layer, s, e, label, text[s:e], "alignment", 0.9)
            for other, s, e, label in aligned
            if other == layer and (layer, s, e, label) not in rejected
            and not any(s < b and a < e for a, b, _l in done)
            and (options.types is None or label in options.types)
        ]  # fmt: skip
        result.spans += facing
        layer_spans, layer_events = in_layer(
            layer, text, [(a, b, supported(lang, main)) for a, b, lang in paragraphs],
            schema, known, options, done, rejected, facing, article.published if article else None,
        )  # fmt: skip
        result.spans += layer_spans
        result.events += layer_events
    result.missing = sorted(statistical.MISSING.values())
    return result


def _dates(
    schema: Schema,
    event_type: str,
    arguments: list[tuple[str, Suggestion]],
    published: dt.date | None,
) -> tuple[tuple[str, str], ...]:
    """The event's dates from its first argument in a role that says when (the schema's
    ``when`` roles), resolved against the publication date, into the attributes that
    receive a date's parts (the schema's ``date_part``), if it has them."""
    from core.annotation.when import into_attributes, resolve

    roles, parts = schema.when_roles(event_type), schema.date_parts
    when = next((x for role, x in arguments if role in roles), None)
    found = resolve(when.text, published) if when is not None and parts else None
    return tuple(into_attributes(found, parts).items()) if found is not None else ()


def in_layer(
    layer: str,
    text: str,
    paragraphs: list[tuple[int, int, str]],
    schema: Schema,
    known: Knowledge,
    options: Options,
    done: list[tuple[int, int, str]] = (),  # type: ignore[assignment]
    rejected: set[tuple[str, int, int, str]] = frozenset(),  # type: ignore[assignment]
    facing: list[Suggestion] = (),  # type: ignore[assignment]
    published: dt.date | None = None,
) -> tuple[list[Suggestion], list[EventSuggestion]]:
    """The suggestions of one text layer, paragraph by paragraph in their languages
    (supported ones), minus ``done`` (its tags), ``rejected`` and what ``facing`` (the other
    side's counterparts) proposes already. The benchmark scores exactly this."""
    labels = frozenset(t.key for t in schema.entity_types)
    out_spans: list[Suggestion] = []
    out_events: list[EventSuggestion] = []
    languages = [language for _s, _e, language in paragraphs]
    analyses: dict[int, statistical.Analysis] = {}
    wants_events = options.types is None or bool(
        options.types & {t.key for t in schema.event_types}
    )
    if options.sources & {"statistical", "rules"}:
        for language in set(languages):
            numbers = [n for n, lang in enumerate(languages) if lang == language]
            pieces = [text[paragraphs[n][0] : paragraphs[n][1]] for n in numbers]
            # Only a paragraph holding a trigger word is parsed (for its event's arguments).
            trigger_words = events.triggers(text, language, schema)
            parse = [
                wants_events and next(iter(trigger_words.find(p, 1.0)), None) is not None
                for p in pieces
            ]
            found_all = statistical.analyse_many(pieces, language, parse)
            analyses.update(zip(numbers, found_all, strict=True))
    learned: list[list[Any]] = [[] for _p in paragraphs]
    if "trained" in options.sources and known.trained is not None:
        from core.suggest import trained

        learned = trained.find(known.trained, [text[a:b] for a, b, _l in paragraphs], labels)
    previous: list[Suggestion] = []
    # Quantities (the labels a count's evidence may have), suggested or tagged, in order:
    # a whole given paragraphs before its parts is looked for among them.
    countable = {label for a in schema.attributes if a.evidence for label in a.evidence}
    quantities = [Suggestion(layer, a, b, lab, text[a:b], "suggested", 1.0)
                  for a, b, lab in done if lab in countable]  # fmt: skip
    reporters = LastReporter[Suggestion]()  # who "selon lui", "he said" name
    for number, (p_start, p_end, _detected) in enumerate(paragraphs):
        language = languages[number]
        piece = text[p_start:p_end]
        found = engine.paragraph(
            piece, language, labels, known, options, analyses.get(number), learned[number]
        )
        spans: list[Suggestion] = []
        marker = boilerplate.cue(piece)  # "READ ALSO", share buttons: never a name
        for start, end, label, source, score in found:
            if marker is not None and marker[0] <= start and end <= marker[1]:
                continue
            s, e = p_start + start, p_start + end
            if (layer, s, e, label) in rejected or any(s < b and a < e for a, b, _l in done):
                continue
            if any(s < x.end and x.start < e for x in facing):
                continue  # proposed already by the other side's tag
            spans.append(Suggestion(layer, s, e, label, text[s:e], source, score))
        out_spans += spans
        quantities += [x for x in spans if x.label in countable]
        if not wants_events:
            continue
        # The paragraph before is read too: a report often gives its totals first.
        w_start = paragraphs[number - 1][0] if number else p_start
        mine = [(s.start, s.end, s.label) for s in [*previous, *spans]]
        mine += [(a, b, lab) for a, b, lab in done if w_start <= a and b <= p_end]
        previous = spans
        context = [(a - w_start, b - w_start, lab) for a, b, lab in mine]
        window = text[w_start:p_end]
        by_index = {n: Suggestion(layer, a, b, lab, text[a:b], "suggested", 1.0)
                    for n, (a, b, lab) in enumerate(mine)}  # fmt: skip
        analysis = analyses.get(number)
        parsed = analysis.parse if analysis is not None else None
        for guess in events.guess(window, language, schema, context, p_start - w_start, parsed):
            s, e = w_start + guess.start, w_start + guess.end
            own = by_index[guess.reporter] if guess.reporter not in (None, BACK) else None
            reporter = reporters.resolve(own, guess.reporter == BACK, number)
            if (layer, s, e, guess.type) in rejected or guess.score < options.min_score:
                continue
            if options.types is not None and guess.type not in options.types:
                continue
            counts = [(key, number, by_index.get(n)) for key, (number, n) in guess.counts.items()]
            earlier = sorted((x for x in quantities if x.end <= w_start), key=lambda x: x.start)
            total = events.earlier_whole(
                schema, guess.type, language, {key: number for key, number, _x in counts},
                [x.text for _k, _n, x in counts if x is not None], [x.text for x in earlier],
            )  # fmt: skip
            if total is not None:
                counts.append((total[0], total[1], earlier[total[2]]))
            out_events.append(EventSuggestion(
                layer, s, e, guess.type, text[s:e], "triggers", guess.score,
                tuple((role, by_index[n]) for role, n in guess.arguments), tuple(counts),
                _dates(schema, guess.type, [(r, by_index[n]) for r, n in guess.arguments], published),
                reporter, schema.reported_values if reporter is not None else (),
            ))  # fmt: skip
    return out_spans, out_events
