"""Native JSONL in: records checked, then stored in batches (executemany, ids returned in
order), with annotators, entities and events looked up once per batch.

The importer (core.ingest.importer) calls :func:`prepare_record` in its analysis step and
:func:`store_records` in its writer thread: plain and annotated articles share one path."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from core.annotation.service import annotator_id
from core.ingest.datasets.checked import MENTION_COLUMNS, NativeRows, prepare_record
from core.storage.bulk import executemany
from core.storage.models import Article, Entity, Event, Mention, Paragraph, Translation


@dataclass
class Lookups:
    """Ids found once per import rather than once per mention (annotators, entities)."""

    annotators: dict[str | None, int]
    entities: dict[tuple[str, str], int]
    link_keys: frozenset[str] | None = None  # the schema's attributes whose value is a tag

    @classmethod
    def empty(cls) -> Lookups:
        return cls({}, {})

    def links(self, session: Session) -> frozenset[str]:
        if self.link_keys is None:
            from core.annotation.schema import current

            self.link_keys = current(session).mention_keys
        return self.link_keys

    def annotator(self, session: Session, name: str | None) -> int:
        if name not in self.annotators:
            self.annotators[name] = annotator_id(session, name)
        return self.annotators[name]

    def entity(self, session: Session, spec: dict[str, Any]) -> int:
        key = (spec["name"], spec["type"])
        if key not in self.entities:
            self.entities[key] = _entity(session, spec)
        return self.entities[key]


def store_records(session: Session, prepared: list[NativeRows], lookups: Lookups) -> list[int]:
    """Store checked records as new articles, a statement per table for them all; returns
    the article ids in order."""
    links = lookups.links(session)
    article_ids = _article_ids(session, [p.article for p in prepared])
    paragraph_rows = [
        (article_id, q["index"], q["start"], q["end"], q["language"], q["boilerplate"])
        for p, article_id in zip(prepared, article_ids, strict=True)
        for q in p.paragraphs
    ]
    columns = ("article_id", "index", "start", "end", "language", "boilerplate")
    executemany(session, Paragraph.__tablename__, columns, paragraph_rows)
    translation_rows: list[dict[str, Any]] = []
    if any(p.translations for p in prepared):  # their paragraphs' ids are needed
        paragraph_of = {
            (article_id, index): ident
            for article_id, index, ident in session.execute(
                select(Paragraph.article_id, Paragraph.index, Paragraph.id).where(
                    Paragraph.article_id.in_(article_ids)
                )
            )
        }
        translation_rows = [
            {**{k: v for k, v in t.items() if k != "index"},
             "paragraph_id": paragraph_of[(article_id, t["index"])]}
            for p, article_id in zip(prepared, article_ids, strict=True)
            for t in p.translations
        ]  # fmt: skip
        session.execute(insert(Translation), translation_rows)
    mention_rows = [
        (*m[:-2], article_id,
         lookups.entity(session, m[-2]) if m[-2] else None, lookups.annotator(session, m[-1]))
        for p, article_id in zip(prepared, article_ids, strict=True)
        for m in p.mentions
    ]  # fmt: skip
    executemany(session, "mentions", (*MENTION_COLUMNS, "article_id", "entity_id", "annotator_id"),
                mention_rows)  # fmt: skip
    mention_ids = iter(_ids_in_order(session, Mention, article_ids))
    local: list[dict[str, int]] = []
    event_rows = []
    for p, article_id in zip(prepared, article_ids, strict=True):
        ids = {key: next(mention_ids) for key in p.mention_keys}
        local.append(ids)
        for e in p.events:
            attributes = {
                k: (ids[v] if k in links else v)
                for k, v in e["attributes"].items()
                if k not in links or (isinstance(v, str) and v in ids)
            }
            event_rows.append(
                {**{k: v for k, v in e.items() if k != "annotator"}, "attributes": attributes,
                 "article_id": article_id, "annotator_id": lookups.annotator(session, e["annotator"])}
            )  # fmt: skip
    event_ids = iter(_insert_in_order(session, Event, event_rows, article_ids))
    argument_rows = []
    for p, ids in zip(prepared, local, strict=True):
        these = [next(event_ids) for _ in p.events]
        argument_rows += [
            (these[n], role, ids[key], lookups.annotator(session, who), when)
            for n, role, key, who, when in p.arguments
        ]
    executemany(
        session,
        "event_arguments",
        ("event_id", "role", "mention_id", "annotator_id", "created_at"),
        argument_rows,
    )
    return article_ids


def _article_ids(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    """Insert the articles in multi-row statements; their ids in the rows' order, matched
    back by the unique content hash (SQLite gives RETURNING rows in no promised order)."""
    if not rows:
        return []
    returned = session.execute(
        insert(Article).returning(Article.id, Article.content_hash), rows
    ).all()
    id_of = {content_hash: int(ident) for ident, content_hash in returned}
    return [id_of[row["content_hash"]] for row in rows]


def _insert_in_order(
    session: Session, table: Any, rows: list[dict[str, Any]], article_ids: list[int]
) -> list[int]:
    """Rows of new articles in one executemany through SQLAlchemy's column types (no
    RETURNING machinery, which SQLite runs row by row when the order matters), then their
    ids read back in order."""
    if not rows:
        return []
    session.execute(insert(table), rows)
    return _ids_in_order(session, table, article_ids)


def _ids_in_order(session: Session, table: Any, article_ids: list[int]) -> list[int]:
    """The ids of the rows just inserted for these new articles, article by article in the
    order they were inserted."""
    found = session.execute(
        select(table.article_id, table.id)
        .where(table.article_id.in_(article_ids))
        .order_by(table.article_id, table.id)
    ).all()
    by_article: dict[int, list[int]] = {}
    for article_id, ident in found:
        by_article.setdefault(article_id, []).append(ident)
    return [ident for article_id in article_ids for ident in by_article.get(article_id, [])]


def import_record(session: Session, record: dict[str, Any], lookups: Lookups | None = None) -> int:
    """Store one native record as a new article; returns its id. Raises ValueError on a
    record that is not native or does not hold together."""
    return store_records(session, [prepare_record(record)], lookups or Lookups.empty())[0]


def _entity(session: Session, spec: dict[str, Any]) -> int:
    found = session.scalar(
        select(Entity.id).where(Entity.canonical_name == spec["name"], Entity.type == spec["type"])
    )
    if found is not None:
        return int(found)
    entity = Entity(
        canonical_name=spec["name"], type=spec["type"], aliases=sorted(spec.get("aliases", [])),
        external_id=str(spec.get("external_id") or ""),
    )  # fmt: skip
    session.add(entity)
    session.flush()
    return entity.id
