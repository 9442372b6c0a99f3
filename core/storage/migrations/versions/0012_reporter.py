"""Suggestions fill who reported an event: the shipped schema's ``claimed_by`` says it
receives the reporter (``reporter``) and ``certainty`` the value a reported event gets
(``reported_value``: claimed). Libraries that stored the shipped schema before get these
fields where those attributes are as shipped; nothing else in their bodies changes.

Revision ID: 0012
Revises: 0011
"""

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

SHIPPED = "Conflict news (default)"


def _marks(attribute: dict[str, Any]) -> tuple[str, Any] | None:
    """The field an attribute of the shipped schema gets, if it is still as shipped."""
    if attribute.get("key") == "claimed_by" and attribute.get("type") == "mention":
        return "reporter", True
    if attribute.get("key") == "certainty" and "claimed" in (attribute.get("values") or ()):
        return "reported_value", "claimed"
    return None


def _change(apply: bool) -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.text("SELECT id, body FROM annotation_schemas WHERE name = :name"), {"name": SHIPPED}
    ).all()
    for ident, raw in rows:
        body = json.loads(raw) if isinstance(raw, str) else dict(raw)
        for attribute in body.get("event_attributes") or []:
            mark = _marks(attribute) if isinstance(attribute, dict) else None
            if mark is None:
                continue
            if apply:
                attribute.setdefault(*mark)
            elif attribute.get(mark[0]) == mark[1]:
                attribute.pop(mark[0])
        bind.execute(
            sa.text("UPDATE annotation_schemas SET body = :body WHERE id = :id"),
            {"body": json.dumps(body, ensure_ascii=False), "id": ident},
        )


def upgrade() -> None:
    _change(apply=True)


def downgrade() -> None:
    _change(apply=False)
