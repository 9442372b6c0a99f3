"""Text layers, and tags that stay on their words when a translation changes.

A layer is ``original`` (the stored, immutable article text) or ``translation:<lang>``: the
paragraph translations into ``lang`` joined by a blank line. Offsets are code points over
the layer, so a translation tag's offsets depend on the lengths of the paragraphs before
it. Whenever one paragraph's translation changes (an edit by hand, a forced re-translation)
:func:`rebase_translation` runs in the same transaction, before the new text is stored:

- tags in other paragraphs keep their words: those after it move by the change in length;
- tags inside the changed paragraph follow their words (a character diff, then the same
  words elsewhere in the paragraph, nearest first);
- a tag whose words are gone keeps its text and is flagged ``review`` with the reason,
  shown in the reader and listed by ``gloss show``; it is never dropped or silently moved.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core.storage.models import ORIGINAL_LAYER, Event, Mention, Paragraph, Translation
from core.text.layer_text import LAYER_GAP, join_layer
from core.text.spans import occurrences

__all__ = ["LAYER_GAP", "ORIGINAL_LAYER", "join_layer", "rebase_translation"]


def layer_language(layer: str, article_language: str) -> str:
    """The language of a layer's words: a translation's target, else the article's."""
    kind, _, target = layer.partition(":")
    return target if kind == "translation" and target else article_language


class _Follow:
    """Where spans of ``old`` are in ``new``: through the unchanged runs of a character diff,
    else the same words, whole, nearest to where they were."""

    def __init__(self, old: str, new: str) -> None:
        self.old, self.new = old, new
        self.blocks = SequenceMatcher(None, old, new, autojunk=False).get_matching_blocks()

    def _through_diff(self, start: int, end: int) -> tuple[int, int] | None:
        for a, b, size in self.blocks:
            if a <= start and end <= a + size:  # the whole span lies in one unchanged run
                return b + start - a, b + end - a
        return None

    def span(self, start: int, end: int, words: str) -> tuple[int, int] | None:
        found = self._through_diff(start, end)
        if found is not None and self.new[found[0] : found[1]] == words:
            return found
        hits = occurrences(self.new, words)  # whole words, as "tag every occurrence" finds them
        if not hits:
            return None
        return min(hits, key=lambda hit: (abs(hit[0] - start), hit[0]))


@dataclass
class _Tag:
    table: Any
    ident: int
    start: int
    end: int
    text: str
    review: str


def _tags(session: Session, article_id: int, layer: str) -> list[_Tag]:
    mentions = session.execute(
        select(Mention.id, Mention.start, Mention.end, Mention.text, Mention.review).where(
            Mention.article_id == article_id, Mention.layer == layer
        )
    ).all()
    events = session.execute(
        select(
            Event.id, Event.trigger_start, Event.trigger_end, Event.trigger_text, Event.review
        ).where(Event.article_id == article_id, Event.trigger_layer == layer)
    ).all()
    return [_Tag(Mention, *row) for row in mentions] + [_Tag(Event, *row) for row in events]


def rebase_translation(session: Session, paragraph_id: int, lang: str, new_text: str) -> int:
    """Keep the ``translation:<lang>`` tags of the paragraph's article on their words before
    the paragraph's translation becomes ``new_text``; returns how many now need review."""
    paragraph = session.get(Paragraph, paragraph_id)
    if paragraph is None:
        return 0
    layer = f"translation:{lang}"
    tags = _tags(session, paragraph.article_id, layer)
    if not tags:
        return 0
    rows = session.execute(
        select(Paragraph.id, Translation.text)
        .outerjoin(
            Translation,
            (Translation.paragraph_id == Paragraph.id) & (Translation.target_lang == lang),
        )
        .where(Paragraph.article_id == paragraph.article_id)
        .order_by(Paragraph.index)
    ).all()
    old_texts = [text or "" for _id, text in rows]
    at = next(n for n, (ident, _text) in enumerate(rows) if ident == paragraph_id)
    old = old_texts[at]
    if old == new_text:
        return 0
    new_texts = [*old_texts[:at], new_text, *old_texts[at + 1 :]]
    _joined, old_starts = join_layer(old_texts)
    _joined, new_starts = join_layer(new_texts)
    follow: _Follow | None = None
    flagged = 0
    for tag in tags:
        index = max(0, bisect_right(old_starts, tag.start) - 1)
        if index != at:
            shift = new_starts[index] - old_starts[index]
            if shift:
                _move(session, tag, tag.start + shift, tag.end + shift, tag.review)
            continue
        follow = follow or _Follow(old, new_text)
        base_old, base_new = old_starts[at], new_starts[at]
        found = follow.span(tag.start - base_old, tag.end - base_old, tag.text)
        if found is not None:
            _move(session, tag, base_new + found[0], base_new + found[1], "")
            continue
        flagged += 1
        start = min(tag.start - base_old, len(new_text))
        end = max(start, min(tag.end - base_old, len(new_text)))
        reason = f"the translation of paragraph {at + 1} changed: “{tag.text}” is no longer there"
        _move(session, tag, base_new + start, base_new + end, reason[:300])
    return flagged


def _move(session: Session, tag: _Tag, start: int, end: int, review: str) -> None:
    if (start, end, review) == (tag.start, tag.end, tag.review):
        return
    # The text moved under the tag, the tag itself was not edited: updated_at is kept.
    if tag.table is Mention:
        values: dict[str, Any] = {"start": start, "end": end, "review": review}
    else:
        values = {"trigger_start": start, "trigger_end": end, "review": review}
    values["updated_at"] = tag.table.updated_at
    session.execute(update(tag.table).where(tag.table.id == tag.ident).values(**values))


# -- a translation layer as it is at one moment, for undo -----------------------------------
@dataclass
class LayerState:
    """The translations of one article into one language and where the tags on that layer
    sit: enough to put the layer back exactly as it was (timestamps included)."""

    article_id: int
    lang: str
    translations: list[dict[str, Any]]
    positions: list[tuple[str, int, int, int, str, Any]]  # table, id, start, end, review, updated


def layer_state(session: Session, article_id: int, lang: str) -> LayerState:
    paragraph_ids = select(Paragraph.id).where(Paragraph.article_id == article_id)
    translations = [
        {c.key: getattr(row, c.key) for c in Translation.__table__.columns}
        for row in session.scalars(
            select(Translation).where(
                Translation.paragraph_id.in_(paragraph_ids), Translation.target_lang == lang
            )
        )
    ]
    layer = f"translation:{lang}"
    positions: list[tuple[str, int, int, int, str, Any]] = [
        ("mention", *row)
        for row in session.execute(
            select(
                Mention.id, Mention.start, Mention.end, Mention.review, Mention.updated_at
            ).where(Mention.article_id == article_id, Mention.layer == layer)
        )
    ]
    positions += [
        ("event", *row)
        for row in session.execute(
            select(Event.id, Event.trigger_start, Event.trigger_end, Event.review,
                   Event.updated_at)
            .where(Event.article_id == article_id, Event.trigger_layer == layer)
        )
    ]  # fmt: skip
    return LayerState(article_id, lang, translations, positions)


def restore_layer(session: Session, state: LayerState) -> None:
    """Put a translation layer back as :func:`layer_state` saw it."""
    from sqlalchemy import delete, insert

    paragraph_ids = select(Paragraph.id).where(Paragraph.article_id == state.article_id)
    session.execute(
        delete(Translation).where(
            Translation.paragraph_id.in_(paragraph_ids), Translation.target_lang == state.lang
        )
    )
    if state.translations:
        session.execute(insert(Translation), state.translations)
    for table, ident, start, end, review, updated in state.positions:
        if table == "mention":
            session.execute(
                update(Mention)
                .where(Mention.id == ident)
                .values(start=start, end=end, review=review, updated_at=updated)
            )
        else:
            session.execute(
                update(Event)
                .where(Event.id == ident)
                .values(trigger_start=start, trigger_end=end, review=review, updated_at=updated)
            )
