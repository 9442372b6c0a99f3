"""Native JSONL in: records checked, then stored in batches (executemany, ids returned in
order), with annotators, entities and events looked up once per batch.

The importer (core.ingest.importer) calls :func:`prepare_record` in its analysis step and
:func:`store_records` in its writer thread: plain and annotated articles share one path."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from core.annotation.service import annotator_id
from core.clock import utcnow
from core.layers import join_layer
from core.native_format import FORMAT
from core.storage.bulk import executemany
from core.storage.models import Article, Entity, Event, Mention, Paragraph, Translation
from core.text.spans import span_problem
from core.text.textio import clean_field


def _parse_time(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


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


def _returning_ids(session: Session, table: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Insert ``rows`` in one statement; their ids, in the rows' order."""
    if not rows:
        return []
    returned = session.execute(
        insert(table).returning(table.id, sort_by_parameter_order=True), rows
    )
    return [int(ident) for ident in returned.scalars()]


@dataclass
class NativeRows:
    """One native record checked and turned into rows, ids still to come."""

    article: dict[str, Any]
    paragraphs: list[dict[str, Any]]
    translations: list[dict[str, Any]]  # "index" names the paragraph
    mentions: list[dict[str, Any]]  # "entity" and "annotator" still by name
    mention_keys: list[str]
    events: list[dict[str, Any]]  # tag-valued attributes still record-local mention keys
    arguments: list[tuple[int, str, str, str | None, Any]]  # event n, role, mention, who, when


def prepare_record(record: dict[str, Any]) -> NativeRows:
    """Check a native record whole (offsets, references) and make its rows; raises
    ValueError or KeyError naming what does not hold together. No database."""
    from core.text.fingerprint import content_hash, simhash

    if record.get("format") != FORMAT:
        raise ValueError("not a Gloss native record")
    now = utcnow()
    text = record["text"]
    article = {
        "title": clean_field(record.get("title", "")),
        "source": clean_field(record.get("source", "")),
        "url": clean_field(record.get("url", "")),
        "published": dt.date.fromisoformat(record["published"]) if record.get("published") else None,
        "imported_at": _parse_time(record.get("imported_at")) or dt.datetime.now(),
        "text": text, "content_hash": content_hash(text), "simhash": simhash(text),
        "language": record.get("language", "und"), "languages": record.get("languages", []),
        "text_format": record.get("text_format", "txt"), "origin": "",
        "status": record.get("status", "new"), "notes": record.get("notes", ""),
        "labels": record.get("labels", []), "near_duplicate_of": None,
    }  # fmt: skip
    paragraphs = record.get("paragraphs", [])
    indexes = {p["index"] for p in paragraphs}
    for p in paragraphs:
        if not 0 <= p["start"] <= p["end"] <= len(text):
            raise ValueError(f"paragraph {p['index']} lies outside the text")
    translations = []
    layers = {"original": text}
    for lang, rows in record.get("translations", {}).items():
        for t in rows:
            if t["index"] not in indexes:
                raise ValueError(
                    f"a {lang} translation of paragraph {t['index']}, which is not there"
                )
            translations.append(
                {"index": t["index"], "target_lang": lang, "provider": t["provider"],
                 "text": t["text"], "edited": t["edited"],
                 "created_at": _parse_time(t.get("created_at")) or now,
                 "updated_at": _parse_time(t.get("updated_at")) or now}
            )  # fmt: skip
        by_index = {t["index"]: t["text"] for t in rows}
        layers[f"translation:{lang}"] = join_layer(
            [by_index.get(p["index"], "") for p in paragraphs]
        )[0]
    mentions, keys = [], []
    for m in record.get("mentions", []):
        _check_span(layers, m["layer"], m["start"], m["end"], m["text"], f"mention {m['id']}",
                    m.get("review"))  # fmt: skip
        keys.append(m["id"])
        mentions.append(
            {"layer": m["layer"], "start": m["start"], "end": m["end"], "label": m["label"],
             "text": m["text"], "entity": m.get("entity") or None, "annotator": m.get("annotator"),
             "created_at": _parse_time(m.get("created_at")) or now,
             "updated_at": _parse_time(m.get("updated_at")) or now,
             "review": str(m.get("review", "")), "origin": str(m.get("origin", ""))}
        )  # fmt: skip
    known = set(keys)
    events, arguments = [], []
    for n, e in enumerate(record.get("events", [])):
        trigger = e["trigger"]
        _check_span(layers, trigger["layer"], trigger["start"], trigger["end"], trigger["text"],
                    f"event {e.get('id', '?')}", e.get("review"))  # fmt: skip
        events.append(
            {"type": e["type"], "trigger_layer": trigger["layer"],
             "trigger_start": trigger["start"], "trigger_end": trigger["end"],
             "trigger_text": trigger["text"], "attributes": dict(e.get("attributes", {})),
             "annotator": e.get("annotator"),
             "created_at": _parse_time(e.get("created_at")) or now,
             "updated_at": _parse_time(e.get("updated_at")) or now,
             "review": str(e.get("review", "")), "origin": str(e.get("origin", ""))}
        )  # fmt: skip
        for a in e.get("arguments", []):
            if a["mention"] not in known:
                raise KeyError(f"event {e.get('id', '?')}: argument mention {a['mention']}")
            when = _parse_time(a.get("created_at")) or now
            arguments.append((n, a["role"], a["mention"], a.get("annotator"), when))
    return NativeRows(article, paragraphs, translations, mentions, keys, events, arguments)


def store_records(session: Session, prepared: list[NativeRows], lookups: Lookups) -> list[int]:
    """Store checked records as new articles, a statement per table for them all; returns
    the article ids in order."""
    links = lookups.links(session)
    article_ids = _returning_ids(session, Article, [p.article for p in prepared])
    paragraph_rows = [
        {"article_id": article_id, "index": q["index"], "start": q["start"], "end": q["end"],
         "language": q["language"], "boilerplate": q["boilerplate"]}
        for p, article_id in zip(prepared, article_ids, strict=True)
        for q in p.paragraphs
    ]  # fmt: skip
    paragraph_ids = iter(_returning_ids(session, Paragraph, paragraph_rows))
    translation_rows = []
    mention_rows, event_rows = [], []
    for p, article_id in zip(prepared, article_ids, strict=True):
        by_index = {q["index"]: next(paragraph_ids) for q in p.paragraphs}
        translation_rows += [
            {**{k: v for k, v in t.items() if k != "index"}, "paragraph_id": by_index[t["index"]]}
            for t in p.translations
        ]
        mention_rows += [
            {**{k: v for k, v in m.items() if k not in ("entity", "annotator")},
             "article_id": article_id,
             "entity_id": lookups.entity(session, m["entity"]) if m["entity"] else None,
             "annotator_id": lookups.annotator(session, m["annotator"])}
            for m in p.mentions
        ]  # fmt: skip
    if translation_rows:
        session.execute(insert(Translation), translation_rows)
    mention_ids = iter(_insert_in_order(session, Mention, mention_rows, article_ids))
    local: list[dict[str, int]] = []
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
    event_ids = iter(_returning_ids(session, Event, event_rows))
    argument_rows = []
    for p, ids in zip(prepared, local, strict=True):
        these = [next(event_ids) for _ in p.events]
        argument_rows += [
            {"event_id": these[n], "role": role, "mention_id": ids[key],
             "annotator_id": lookups.annotator(session, who), "created_at": when}
            for n, role, key, who, when in p.arguments
        ]  # fmt: skip
    if argument_rows:
        columns = tuple(argument_rows[0])
        executemany(session, "event_arguments", columns, [tuple(r.values()) for r in argument_rows])
    return article_ids


def _insert_in_order(
    session: Session, table: Any, rows: list[dict[str, Any]], article_ids: list[int]
) -> list[int]:
    """Many rows of new articles through the driver (no RETURNING machinery for thousands of
    rows), then their ids read back: within this write transaction an article's rows get
    increasing ids in the order they were inserted."""
    if not rows:
        return []
    columns = tuple(rows[0])
    executemany(session, table.__tablename__, columns, [tuple(r.values()) for r in rows])
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


def _check_span(
    layers: dict[str, str],
    layer: str,
    start: Any,
    end: Any,
    words: Any,
    what: str,
    review: Any = "",
) -> None:
    """A stored tag's offsets are whole numbers inside its layer and give its text. A tag
    flagged for review keeps the text it was given and may have lost all its words (an empty
    span where they were): only its range is checked."""
    if layer not in layers:
        raise ValueError(f"{what}: no text layer {layer!r} in the record")
    length = len(layers[layer])
    if review:
        if not (type(start) is int and type(end) is int and 0 <= start <= end <= length):
            raise ValueError(
                f"{what}: [{start}, {end}) lies outside the text ({length} characters)"
            )
        return
    problem = span_problem(start, end, length)
    if problem is not None:
        raise ValueError(f"{what}: {problem}")
    if layer == "original" and layers[layer][start:end] != words:
        raise ValueError(f"{what}: the offsets do not give its text")


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
