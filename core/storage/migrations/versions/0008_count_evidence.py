"""A count can keep the tag it was read from: the shipped schema gets, for each whole-number
attribute with evidence types, a tag-valued attribute ``<count>_evidence`` (``evidence_for``
names the count). Libraries that stored the shipped schema before get them; nothing else in
their bodies changes.

Revision ID: 0008
Revises: 0007
"""

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

SHIPPED = "Conflict news (default)"


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


def upgrade() -> None:
    for ident, body in _bodies():
        attributes = body.get("event_attributes") or []
        keys = {a.get("key") for a in attributes}
        added = [
            {"key": f"{a['key']}_evidence", "type": "mention", "evidence_for": a["key"],
             "description": f"the tagged quantity the {a['key']} count was read from"}
            for a in attributes
            if a.get("type") == "integer" and a.get("evidence_types")
            and f"{a['key']}_evidence" not in keys
        ]  # fmt: skip
        if added:
            last = max(n for n, a in enumerate(attributes) if a.get("type") == "integer")
            body["event_attributes"] = attributes[: last + 1] + added + attributes[last + 1 :]
            _store(ident, body)


def downgrade() -> None:
    for ident, body in _bodies():
        attributes = body.get("event_attributes") or []
        kept = [a for a in attributes if not a.get("evidence_for")]
        if len(kept) != len(attributes):
            body["event_attributes"] = kept
            _store(ident, body)
