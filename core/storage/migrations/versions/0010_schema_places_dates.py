"""Where an event's dates and other attributes go is data: the shipped schema's roles that
say when an event happened are marked ``when`` (Ctrl+D resolves their tag into the dates),
its date attributes name the ``date_part`` they receive, and the attributes the events
table shows name their ``table_column``. Libraries that stored the shipped schema before
get these fields; nothing else in their bodies changes, and a field already set is kept.

Revision ID: 0010
Revises: 0009
"""

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

SHIPPED = "Conflict news (default)"
WHEN_ROLE = "Time"
# attribute -> (events table column, date part it receives)
PLACES = {
    "date_start": ("event_date", "start"),
    "date_end": ("date_end", "end"),
    "date_precision": ("date_precision", "precision"),
    "certainty": ("certainty", ""),
    "claimed_by": ("claimed_by", ""),
    "notes": ("notes", ""),
}


def _bodies() -> list[tuple[int, dict[str, Any]]]:
    rows = (
        op.get_bind()
        .execute(
            sa.text("SELECT id, body FROM annotation_schemas WHERE name = :name"), {"name": SHIPPED}
        )
        .all()
    )
    return [(ident, json.loads(raw) if isinstance(raw, str) else dict(raw)) for ident, raw in rows]


def _store(ident: int, body: dict[str, Any]) -> None:
    op.get_bind().execute(
        sa.text("UPDATE annotation_schemas SET body = :body WHERE id = :id"),
        {"body": json.dumps(body, ensure_ascii=False), "id": ident},
    )


def _roles(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        role
        for item in body.get("event_types") or []
        for role in item.get("roles") or []
        if isinstance(role, dict) and role.get("name") == WHEN_ROLE
    ]


def _attributes(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        a
        for a in body.get("event_attributes") or []
        if isinstance(a, dict) and a.get("key") in PLACES
    ]


def upgrade() -> None:
    for ident, body in _bodies():
        taken = {
            a.get("date_part") for a in body.get("event_attributes") or [] if isinstance(a, dict)
        }
        for role in _roles(body):
            role.setdefault("when", True)
        for attribute in _attributes(body):
            column, part = PLACES[attribute["key"]]
            attribute.setdefault("table_column", column)
            if part and "date_part" not in attribute and part not in taken:
                attribute["date_part"] = part
        _store(ident, body)


def downgrade() -> None:
    for ident, body in _bodies():
        for role in _roles(body):
            role.pop("when", None)
        for attribute in _attributes(body):
            attribute.pop("table_column", None)
            attribute.pop("date_part", None)
        _store(ident, body)
