"""One article as the reader, `gloss show` and the events panel see it (plain data)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.storage.models import (
    Article,
    Event,
    EventArgument,
    Mention,
    Paragraph,
    Translation,
)


class NotFound(LookupError):
    pass


SUMMARY_COLUMNS = (
    Article.id,
    Article.title,
    Article.source,
    Article.url,
    Article.language,
    Article.languages,
    Article.published,
    Article.status,
    Article.imported_at,
    Article.near_duplicate_of,
)


def paragraph_dict(p: Paragraph) -> dict[str, Any]:
    return {
        "index": p.index,
        "start": p.start,
        "end": p.end,
        "language": p.language,
        "boilerplate": p.boilerplate,
    }


def article_summary(article: Any) -> dict[str, Any]:
    """The list fields of an article (an ORM object or a row of SUMMARY_COLUMNS)."""
    return {
        "id": article.id,
        "title": article.title,
        "source": article.source,
        "url": article.url,
        "language": article.language,
        "languages": list(article.languages or []),
        "published": article.published.isoformat() if article.published else None,
        "status": article.status,
        "imported_at": article.imported_at.isoformat(timespec="seconds"),
        "near_duplicate_of": article.near_duplicate_of,
    }


@dataclass(frozen=True)
class ArticleFields:
    """What a person sets on an article while reading it."""

    status: str
    labels: tuple[str, ...]
    notes: str


@dataclass(frozen=True)
class ReaderParagraph:
    index: int
    text: str
    start: int
    end: int
    language: str
    boilerplate: bool
    translation: str | None  # into the reader's target language; None: not translated
    provider: str | None
    edited: bool


@dataclass(frozen=True)
class ReaderArticle:
    """An article as the reader shows it, with its paragraphs' ``target`` translations."""

    id: int
    title: str
    source: str
    url: str
    published: str | None  # ISO date
    language: str  # the main language
    languages: tuple[str, ...]
    text_format: str
    target: str
    fields: ArticleFields
    paragraphs: tuple[ReaderParagraph, ...]
    source_view: bool = False  # Markdown shown as its source (taggable), not rendered

    @property
    def in_target_language(self) -> bool:
        """Every paragraph that counts is already in the target language: nothing to
        translate (boilerplate and paragraphs of unknown language aside)."""
        counted = [p for p in self.paragraphs if not p.boilerplate and p.language != "und"]
        return bool(counted) and all(p.language == self.target for p in counted)


def with_translations(session: Session, article_id: int, target: str, *columns: Any) -> list[Any]:
    """``columns`` of each paragraph, in order, beside its ``target`` translation (whose
    columns are None when it has none)."""
    return list(
        session.execute(
            select(*columns)
            .select_from(Paragraph)
            .outerjoin(
                Translation,
                (Translation.paragraph_id == Paragraph.id) & (Translation.target_lang == target),
            )
            .where(Paragraph.article_id == article_id)
            .order_by(Paragraph.index)
        ).all()
    )


def reader_data(session: Session, article_id: int, target: str) -> ReaderArticle:
    """What the reader shows: the article, its paragraphs and their translations."""
    summary = session.execute(
        select(*SUMMARY_COLUMNS, Article.text, Article.text_format).where(Article.id == article_id)
    ).first()
    if summary is None:
        raise NotFound(f"no article with id {article_id}")
    text = summary.text
    rows = with_translations(
        session, article_id, target,
        Paragraph.index, Paragraph.start, Paragraph.end, Paragraph.language,
        Paragraph.boilerplate, Translation.text, Translation.provider, Translation.edited,
    )  # fmt: skip
    fields = article_fields(session, article_id)
    assert fields is not None
    return ReaderArticle(
        id=summary.id,
        title=summary.title,
        source=summary.source,
        url=summary.url,
        published=summary.published.isoformat() if summary.published else None,
        language=summary.language,
        languages=tuple(summary.languages or ()),
        text_format=summary.text_format,
        target=target,
        fields=fields,
        paragraphs=tuple(
            ReaderParagraph(r[0], text[r[1] : r[2]], r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7]))
            for r in rows
        ),
    )


def article_detail(session: Session, article_id: int) -> dict[str, Any]:
    """Everything about one article, in the shape of ``gloss show ID --json``."""
    article = session.get(Article, article_id)
    if article is None:
        raise NotFound(f"no article with id {article_id}")
    paragraphs = list(
        session.scalars(
            select(Paragraph).where(Paragraph.article_id == article_id).order_by(Paragraph.index)
        )
    )
    index_of = {p.id: p.index for p in paragraphs}
    translations: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for tr in session.scalars(
        select(Translation)
        .join(Paragraph, Paragraph.id == Translation.paragraph_id)
        .where(Paragraph.article_id == article_id)
        .order_by(Translation.target_lang, Paragraph.index)
    ):
        translations[tr.target_lang].append(
            {
                "index": index_of[tr.paragraph_id],
                "text": tr.text,
                "provider": tr.provider,
                "edited": tr.edited,
            }
        )
    mentions = list(
        session.scalars(
            select(Mention)
            .where(Mention.article_id == article_id)
            .order_by(Mention.layer, Mention.start, Mention.end, Mention.id)
        )
    )
    detail = article_summary(article)
    detail.update(
        {
            "notes": article.notes,
            "labels": list(article.labels or []),
            "text_format": article.text_format,
            "origin": article.origin,
            "text": article.text,
            "paragraphs": [paragraph_dict(p) for p in paragraphs],
            "translations": dict(translations),
            "entities": [
                {
                    "id": m.id,
                    "start": m.start,
                    "end": m.end,
                    "label": m.label,
                    "text": m.text,
                    "layer": m.layer,
                    "entity_id": m.entity_id,
                    "review": m.review,
                }
                for m in mentions
            ],
            "events": article_events(session, article_id),
        }
    )
    return detail


def article_fields(session: Session, article_id: int) -> ArticleFields | None:
    """What a person sets on an article while reading it: status, labels, notes."""
    row = session.execute(
        select(Article.status, Article.labels, Article.notes).where(Article.id == article_id)
    ).first()
    if row is None:
        return None
    return ArticleFields(row.status, tuple(row.labels or ()), row.notes or "")


def review_lines(detail: dict[str, Any]) -> list[str]:
    """The tags and events of an article (as :func:`article_detail` gives it) that need a
    person's look, one line each with the reason (their words left a translation that
    changed after tagging)."""
    return [
        *(f"tag {m['label']} “{m['text']}” ({m['layer']}): {m['review']}"
          for m in detail["entities"] if m["review"]),
        *(f"event {e['type']} “{e['trigger']['text']}” ({e['trigger']['layer']}): {e['review']}"
          for e in detail["events"] if e["review"]),
    ]  # fmt: skip


def article_events(session: Session, article_id: int) -> list[dict[str, Any]]:
    """The article's events as in ``gloss show --json``."""
    connection = session.connection()
    events = connection.execute(
        select(
            Event.id,
            Event.type,
            Event.trigger_start,
            Event.trigger_end,
            Event.trigger_text,
            Event.trigger_layer,
            Event.attributes,
            Event.review,
        )
        .where(Event.article_id == article_id)
        .order_by(Event.id)
    ).all()
    arguments: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if events:
        for event_id, ident, role, mention_id in connection.execute(
            select(
                EventArgument.event_id,
                EventArgument.id,
                EventArgument.role,
                EventArgument.mention_id,
            )
            .join(Event, Event.id == EventArgument.event_id)
            .where(Event.article_id == article_id)
            .order_by(EventArgument.id)
        ):
            arguments[event_id].append({"id": ident, "role": role, "mention_id": mention_id})
    return [
        {
            "id": e.id,
            "type": e.type,
            "trigger": {
                "start": e.trigger_start,
                "end": e.trigger_end,
                "text": e.trigger_text,
                "layer": e.trigger_layer,
            },
            "arguments": arguments[e.id],
            "attributes": dict(e.attributes or {}),
            "review": e.review,
        }
        for e in events
    ]


def mentions_by_id(session: Session, ids: set[int]) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    wanted = sorted(ids)
    for chunk in range(0, len(wanted), 900):
        for m in session.execute(
            select(
                Mention.id, Mention.start, Mention.end, Mention.label, Mention.text, Mention.layer
            ).where(Mention.id.in_(wanted[chunk : chunk + 900]))
        ):
            out[m.id] = dict(m._mapping)
    return out
