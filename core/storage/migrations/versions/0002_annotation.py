"""Annotation: schemas, annotators, entities, mentions, events and their arguments.

Revision ID: 0002
Revises: 0001
"""

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _stamps() -> list[sa.Column[Any]]:
    return [
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    ]


def _annotator() -> sa.Column[Any]:
    return sa.Column(
        "annotator_id",
        sa.Integer,
        sa.ForeignKey("annotators.id", ondelete="SET NULL"),
        nullable=True,
    )


def _article() -> sa.Column[Any]:
    return sa.Column(
        "article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "annotation_schemas",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("body", sa.JSON, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.false()),
        *_stamps(),
    )
    op.create_table(
        "annotators",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "entities",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("canonical_name", sa.String(500), nullable=False),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("aliases", sa.JSON, nullable=False),
        *_stamps(),
    )
    op.create_index("ix_entities_name", "entities", ["canonical_name"])
    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer, primary_key=True),
        _article(),
        sa.Column("layer", sa.String(32), nullable=False, server_default="original"),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("label", sa.String(64), nullable=False),
        sa.Column("text", sa.Text, nullable=False, server_default=""),
        sa.Column(
            "entity_id",
            sa.Integer,
            sa.ForeignKey("entities.id", ondelete="SET NULL"),
            nullable=True,
        ),
        _annotator(),
        *_stamps(),
    )
    op.create_index("ix_mentions_article", "mentions", ["article_id", "layer", "start"])
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True),
        _article(),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("trigger_layer", sa.String(32), nullable=False, server_default="original"),
        sa.Column("trigger_start", sa.Integer, nullable=False),
        sa.Column("trigger_end", sa.Integer, nullable=False),
        sa.Column("trigger_text", sa.Text, nullable=False, server_default=""),
        sa.Column("attributes", sa.JSON, nullable=False),
        _annotator(),
        *_stamps(),
    )
    op.create_index("ix_events_article", "events", ["article_id"])
    op.create_table(
        "event_arguments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "event_id", sa.Integer, sa.ForeignKey("events.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("role", sa.String(64), nullable=False),
        sa.Column(
            "mention_id",
            sa.Integer,
            sa.ForeignKey("mentions.id", ondelete="CASCADE"),
            nullable=False,
        ),
        _annotator(),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_event_arguments_event", "event_arguments", ["event_id"])


def downgrade() -> None:
    for table in (
        "event_arguments",
        "events",
        "mentions",
        "entities",
        "annotators",
        "annotation_schemas",
    ):
        op.drop_table(table)
