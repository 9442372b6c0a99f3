"""The examples a model trained on the library's tags learns from: every paragraph (of the
original or a translation) holding tags of the schema's entity types, each with its tags,
the most recently tagged articles first — people's tags, and pre-annotation's only on
articles a person marked done."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.config import models_dir
from core.storage.models import Mention
from core.suggest.article import layers, teaching
from core.suggest.trained import Example


def folder_for(url: str) -> Path:
    """The model of the library at ``url`` (one per library, beside the user's data)."""
    return models_dir() / hashlib.sha256(url.encode("utf-8")).hexdigest()[:16]


def state(session: Session, labels: frozenset[str], done: str | None) -> tuple[int, int]:
    """(tags of these types, highest tag id): a model is trained again when they moved."""
    count, highest = session.execute(
        select(func.count(Mention.id), func.max(Mention.id)).where(
            Mention.label.in_(labels), teaching(done)
        )
    ).one()
    return int(count or 0), int(highest or 0)


def examples(
    session: Session, labels: frozenset[str], limit: int, done: str | None
) -> list[Example]:
    recent = session.execute(
        select(Mention.article_id)
        .where(Mention.label.in_(labels), teaching(done))
        .group_by(Mention.article_id)
        .order_by(func.max(Mention.id).desc())
    ).scalars()
    out: list[Example] = []
    for article_id in recent:
        tags: dict[str, list[tuple[int, int, str]]] = {}
        for layer, start, end, label in session.execute(
            select(Mention.layer, Mention.start, Mention.end, Mention.label).where(
                Mention.article_id == article_id,
                Mention.label.in_(labels),
                Mention.review == "",
                teaching(done),
            )
        ):
            tags.setdefault(layer, []).append((start, end, label))
        for layer, text, paragraphs in layers(session, article_id):
            for a, b, _language in paragraphs:
                inside = [(s - a, e - a, label) for s, e, label in tags.get(layer, [])
                          if a <= s and e <= b]  # fmt: skip
                if inside:
                    out.append((text[a:b], inside))
                    if len(out) >= limit:
                        return out
    return out
