"""One text with its spans and events, as the flat formats see an article.

A view is cut from one text layer: the original, the translation into one language (the
paragraph translations joined by blank lines, as the annotation layer is built), or, for
``parallel``, one view per paragraph holding the original paragraph and, beside it, its
translation. Offsets are code points into the view's own text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from core.annotation.entities import spec as entity_spec
from core.annotation.schema import current as current_schema
from core.export.native import Selection
from core.export.rows import Batch, annotator_names, batches
from core.layers import join_layer
from core.storage.models import ORIGINAL_LAYER

STALE = "tags whose text changed after tagging (a translation edited since)"


@dataclass
class Span:
    key: str  # "m<id>" for a mention, "e<id>" for an event trigger: unique in an article
    start: int
    end: int
    label: str
    text: str
    trigger: bool = False
    entity: str | None = None  # the linked entity's canonical name
    entity_spec: dict[str, Any] | None = None  # the whole entity: name, type, aliases


@dataclass
class EventView:
    key: str
    type: str
    trigger: Span
    arguments: list[tuple[str, Span]]  # (role, argument span), role order then text order
    attributes: dict[str, Any]  # values; the tags some attributes point at are in ``links``
    links: dict[str, Span] = field(default_factory=dict)  # mention attributes (claimed_by…)


@dataclass
class DocView:
    article_id: int
    doc_id: str  # the article id, or "<id>-p<index>" for a paragraph of a parallel export
    text: str
    language: str
    paragraphs: list[tuple[int, int, str]]  # start, end, language
    mentions: list[Span]
    events: list[EventView]
    meta: dict[str, Any]
    translation: DocView | None = None  # parallel: the paragraph's translation

    def spans(self) -> list[Span]:
        """Mentions and event triggers, in text order."""
        triggers = [e.trigger for e in self.events]
        return sorted(self.mentions + triggers, key=lambda s: (s.start, s.end, s.label, s.key))


@dataclass
class Losses:
    """What an export could not hold, counted by reason (never silently dropped)."""

    dropped: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)

    def drop(self, reason: str, n: int = 1) -> None:
        if n:
            self.dropped[reason] += n

    def skip(self, reason: str, n: int = 1) -> None:
        if n:
            self.skipped[reason] += n


@dataclass(frozen=True)
class ViewOptions:
    side: str = "original"
    target: str = "en"
    selection: Selection = field(default_factory=Selection)


def _meta(article: Any) -> dict[str, Any]:
    return {
        "title": article.title,
        "source": article.source,
        "url": article.url,
        "published": article.published or None,
        "status": article.status,
        "labels": list(article.labels or []),
    }


def _layer(
    batch: Batch,
    article: Any,
    layer: str,
    text: str,
    paragraphs: list[tuple[int, int, str]],
    language: str,
    annotators: dict[int, str],
    selection: Selection,
    losses: Losses,
    link_keys: frozenset[str],
) -> DocView:
    mentions = {
        m.id: Span(
            f"m{m.id}",
            m.start,
            m.end,
            m.label,
            m.text,
            False,
            batch.entities[m.entity_id].canonical_name if m.entity_id in batch.entities else None,
            entity_spec(batch.entities.get(m.entity_id)),
        )
        for m in batch.mentions.get(article.id, ())
        if m.layer == layer and selection.keeps(m.label, annotators.get(m.annotator_id or 0))
    }
    stale = [key for key, m in mentions.items() if text[m.start : m.end] != m.text]
    for key in stale:  # the text under a tag changed (a translation edited after tagging)
        del mentions[key]
    events = []
    for e in batch.events.get(article.id, ()):
        if e.trigger_layer != layer or not selection.keeps(
            e.type, annotators.get(e.annotator_id or 0)
        ):
            continue
        if text[e.trigger_start : e.trigger_end] != e.trigger_text:
            stale.append(e.id)
            continue
        trigger = Span(f"e{e.id}", e.trigger_start, e.trigger_end, e.type, e.trigger_text, True)
        arguments = sorted(
            (
                (a.role, mentions[a.mention_id])
                for a in batch.arguments.get(e.id, ())
                if a.mention_id in mentions
            ),
            key=lambda pair: (pair[0], pair[1].start, pair[1].end, pair[1].key),
        )
        attributes = dict(sorted((e.attributes or {}).items()))
        links = {
            key: mentions[value]
            for key in sorted(link_keys & set(attributes))
            if isinstance(value := attributes.pop(key), int) and value in mentions
        }
        events.append(EventView(f"e{e.id}", e.type, trigger, arguments, attributes, links))
    losses.drop(STALE, len(stale))
    ordered = sorted(mentions.values(), key=lambda s: (s.start, s.end, s.label, s.key))
    return DocView(
        article.id, str(article.id), text, language, paragraphs, ordered, events, _meta(article)
    )


def _translation_text(
    batch: Batch, article: Any, target: str
) -> tuple[str, list[tuple[int, int, str]]] | None:
    by_index = {
        t.index: t.text for t in batch.translations.get(article.id, ()) if t.target_lang == target
    }
    if not by_index:
        return None
    pieces = [by_index.get(p.index) or "" for p in batch.paragraphs.get(article.id, ())]
    text, starts = join_layer(pieces)
    return text, [(at, at + len(piece), target) for at, piece in zip(starts, pieces, strict=True)]


def _cut(view: DocView, start: int, end: int, doc_id: str, losses: Losses) -> DocView:
    """The part of a view inside [start, end), offsets shifted; spans and arguments that
    cross the cut are counted as lost."""

    def inside(s: Span) -> bool:
        return start <= s.start and s.end <= end

    def shift(s: Span) -> Span:
        return Span(
            s.key,
            s.start - start,
            s.end - start,
            s.label,
            s.text,
            s.trigger,
            s.entity,
            s.entity_spec,
        )

    mentions = [shift(m) for m in view.mentions if inside(m)]
    kept = {m.key: m for m in mentions}
    events = []
    for e in view.events:
        if not inside(e.trigger):
            continue
        arguments = [(role, kept[s.key]) for role, s in e.arguments if s.key in kept]
        crossing = sum(1 for _role, s in e.arguments if s.key not in kept)
        losses.drop("event arguments in another paragraph than their trigger", crossing)
        links = {key: kept[s.key] for key, s in e.links.items() if s.key in kept}
        losses.drop("tags an attribute points at, in another paragraph", len(e.links) - len(links))
        events.append(EventView(e.key, e.type, shift(e.trigger), arguments, e.attributes, links))
    return DocView(
        view.article_id, doc_id, view.text[start:end], view.language,
        [(0, end - start, view.language)], mentions, events, dict(view.meta),
    )  # fmt: skip


def _parallel(original: DocView, translated: DocView, losses: Losses) -> Iterator[DocView]:
    pairs = list(zip(original.paragraphs, translated.paragraphs, strict=True))
    inside_any: set[str] = set()
    for n, ((o_start, o_end, lang), (t_start, t_end, _t)) in enumerate(pairs):
        if t_start == t_end:
            continue  # no translation for this paragraph
        doc_id = f"{original.doc_id}-p{n}"
        left = _cut(original, o_start, o_end, doc_id, losses)
        left.language = lang
        left.meta["paragraph"] = n
        left.translation = _cut(translated, t_start, t_end, doc_id, losses)
        inside_any.update(s.key for s in left.spans())
        inside_any.update(s.key for s in left.translation.spans())
        yield left
    every = [*original.spans(), *translated.spans()]
    losses.drop(
        "spans across a paragraph boundary (or in an untranslated paragraph)",
        sum(1 for s in every if s.key not in inside_any),
    )


def views(
    session: Session, article_ids: Iterable[int], options: ViewOptions, losses: Losses
) -> Iterator[tuple[int, list[DocView]]]:
    """For each article (in the order given): its id and the views the layer gives."""
    annotators = annotator_names(session)
    selection = options.selection
    link_keys = current_schema(session).mention_keys
    for batch in batches(session, article_ids):
        for article in batch.articles:
            out: list[DocView] = []
            paragraphs = [
                (p.start, p.end, p.language) for p in batch.paragraphs.get(article.id, ())
            ]
            original = None
            if options.side in ("original", "parallel"):
                original = _layer(
                    batch, article, ORIGINAL_LAYER, article.text, paragraphs,
                    article.language, annotators, selection, losses, link_keys,
                )  # fmt: skip
            translated = None
            if options.side in ("translation", "parallel"):
                found = _translation_text(batch, article, options.target)
                if found is None:
                    losses.skip(f"articles with no translation into {options.target}")
                    if original is not None:
                        losses.drop(
                            "spans in articles with no translation (parallel)",
                            len(original.spans()),
                        )
                else:
                    text, t_paragraphs = found
                    translated = _layer(
                        batch, article, f"translation:{options.target}", text, t_paragraphs,
                        options.target, annotators, selection, losses, link_keys,
                    )  # fmt: skip
            if options.side == "original" and original is not None:
                out.append(original)
            elif options.side == "translation" and translated is not None:
                out.append(translated)
            elif options.side == "parallel" and original is not None and translated is not None:
                out.extend(_parallel(original, translated, losses))
            yield article.id, out
