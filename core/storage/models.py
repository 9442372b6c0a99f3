"""SQLAlchemy 2.0 models: the whole library schema.

Offsets (``start``/``end``) are Unicode code points over a named text layer, end-exclusive:
``"original"`` is the article's immutable text, ``"translation:<lang>"`` the joined
translation of that language (see :mod:`core.layers`, which also keeps translation tags on
their words when a paragraph's translation changes).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from core.clock import utcnow
from core.text.fold import names_key

ORIGINAL_LAYER = "original"
#: Tables whose rows an undo puts back with their ids: SQLite never gives an id twice there
#: (``AUTOINCREMENT``, migration 0014), as PostgreSQL's sequences never do.
NEVER_REUSED: dict[str, Any] = {"sqlite_autoincrement": True}


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[str]: JSON}


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(500), default="")
    source: Mapped[str] = mapped_column(String(500), default="")
    url: Mapped[str] = mapped_column(String(2000), default="")
    published: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    simhash: Mapped[int] = mapped_column(BigInteger, default=0)
    near_duplicate_of: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL"), nullable=True
    )
    language: Mapped[str] = mapped_column(String(16), default="und")
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    text_format: Mapped[str] = mapped_column(String(16), default="txt")
    origin: Mapped[str] = mapped_column(String(2000), default="")
    status: Mapped[str] = mapped_column(String(32), default="new")
    notes: Mapped[str] = mapped_column(Text, default="")
    labels: Mapped[list[str]] = mapped_column(JSON, default=list)

    paragraphs: Mapped[list[Paragraph]] = relationship(
        back_populates="article", order_by="Paragraph.index", cascade="all, delete-orphan"
    )

    __table_args__ = (
        Index("ix_articles_status", "status"),
        Index("ix_articles_language", "language"),
        Index("ix_articles_published", "published"),
        NEVER_REUSED,
    )


class Paragraph(Base):
    __tablename__ = "paragraphs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    index: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(16), default="und")
    boilerplate: Mapped[bool] = mapped_column(Boolean, default=False)

    article: Mapped[Article] = relationship(back_populates="paragraphs")

    __table_args__ = (
        UniqueConstraint("article_id", "index", name="uq_paragraph_index"),
        NEVER_REUSED,
    )


class Translation(Base):
    """The translation of one paragraph into one target language."""

    __tablename__ = "translations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    paragraph_id: Mapped[int] = mapped_column(ForeignKey("paragraphs.id", ondelete="CASCADE"))
    target_lang: Mapped[str] = mapped_column(String(16))
    provider: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    edited: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (
        UniqueConstraint("paragraph_id", "target_lang", name="uq_translation_paragraph_lang"),
        NEVER_REUSED,
    )


class TranslationCache(Base):
    """Provider answers keyed by source text hash, so no text goes out twice."""

    __tablename__ = "translation_cache"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    text_hash: Mapped[str] = mapped_column(String(64))
    provider: Mapped[str] = mapped_column(String(64))
    source_lang: Mapped[str] = mapped_column(String(16))
    target_lang: Mapped[str] = mapped_column(String(16))
    translated: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint(
            "text_hash", "provider", "source_lang", "target_lang", name="uq_translation_cache_key"
        ),
    )


class AnnotationSchema(Base):
    __tablename__ = "annotation_schemas"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class Annotator(Base):
    __tablename__ = "annotators"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Entity(Base):
    """A thing in the world (cross-document), with aliases in any language."""

    __tablename__ = "entities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    canonical_name: Mapped[str] = mapped_column(String(500))
    type: Mapped[str] = mapped_column(String(64))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    external_id: Mapped[str] = mapped_column(String(200), default="")  # e.g. a Wikidata QID
    # The name and aliases folded (case, accents), kept by the mapper events below: the
    # registry searches and proposes links with one indexed-free scan of a short column.
    search_key: Mapped[str] = mapped_column(Text, default="\n")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (Index("ix_entities_name", "canonical_name"), NEVER_REUSED)


@event.listens_for(Entity, "before_insert")
@event.listens_for(Entity, "before_update")
def _entity_search_key(_mapper: Any, _connection: Any, entity: Entity) -> None:
    entity.search_key = names_key([entity.canonical_name, *(entity.aliases or [])])


class Mention(Base):
    """A typed span over one text layer of one article."""

    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    layer: Mapped[str] = mapped_column(String(32), default=ORIGINAL_LAYER)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text, default="")
    entity_id: Mapped[int | None] = mapped_column(
        ForeignKey("entities.id", ondelete="SET NULL"), nullable=True
    )
    review: Mapped[str] = mapped_column(String(300), default="")  # why it needs a look
    origin: Mapped[str] = mapped_column(String(64), default="")  # "suggested by gazetteer"
    annotator_id: Mapped[int | None] = mapped_column(
        ForeignKey("annotators.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    __table_args__ = (
        Index("ix_mentions_article", "article_id", "layer", "start"),
        Index("ix_mentions_entity", "entity_id", "article_id"),
        NEVER_REUSED,
    )


class Event(Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    type: Mapped[str] = mapped_column(String(64))
    trigger_layer: Mapped[str] = mapped_column(String(32), default=ORIGINAL_LAYER)
    trigger_start: Mapped[int] = mapped_column(Integer)
    trigger_end: Mapped[int] = mapped_column(Integer)
    trigger_text: Mapped[str] = mapped_column(Text, default="")
    attributes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    review: Mapped[str] = mapped_column(String(300), default="")  # why it needs a look
    origin: Mapped[str] = mapped_column(String(64), default="")  # "suggested by triggers"
    annotator_id: Mapped[int | None] = mapped_column(
        ForeignKey("annotators.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    arguments: Mapped[list[EventArgument]] = relationship(
        back_populates="event", order_by="EventArgument.id", cascade="all, delete-orphan"
    )

    __table_args__ = (Index("ix_events_article", "article_id"), NEVER_REUSED)


class EventArgument(Base):
    __tablename__ = "event_arguments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(64))
    mention_id: Mapped[int] = mapped_column(ForeignKey("mentions.id", ondelete="CASCADE"))
    annotator_id: Mapped[int | None] = mapped_column(
        ForeignKey("annotators.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    event: Mapped[Event] = relationship(back_populates="arguments")

    __table_args__ = (Index("ix_event_arguments_event", "event_id"), NEVER_REUSED)


class RejectedSuggestion(Base):
    """A suggestion the user rejected: never proposed again for that span and type."""

    __tablename__ = "rejected_suggestions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    layer: Mapped[str] = mapped_column(String(32), default=ORIGINAL_LAYER)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    __table_args__ = (
        UniqueConstraint("article_id", "layer", "start", "end", "label", name="uq_rejected"),
        NEVER_REUSED,
    )
