"""The shipped schema names which document status means "done" (``done_status``), so
"mark done and go to the next article" needs no status name in code, and which tag types a
count can be read from (``evidence_types`` of its integer attributes). Libraries that
stored the shipped schema before get the fields (their bodies are otherwise left as they are).

Revision ID: 0006
Revises: 0005
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

SHIPPED = "Conflict news (default)"


def _update(change: str) -> None:
    conn = op.get_bind()
    rows = conn.execute(
        sa.text("SELECT id, body FROM annotation_schemas WHERE name = :name"), {"name": SHIPPED}
    ).all()
    for ident, raw in rows:
        body = json.loads(raw) if isinstance(raw, str) else dict(raw)
        if change == "add":
            if "done" in (body.get("document_statuses") or []):
                body.setdefault("done_status", "done")
            for attribute in body.get("event_attributes") or []:
                if attribute.get("type") == "integer":
                    attribute.setdefault("evidence_types", ["QTY"])
        else:
            body.pop("done_status", None)
            for attribute in body.get("event_attributes") or []:
                attribute.pop("evidence_types", None)
        update = sa.text("UPDATE annotation_schemas SET body = :body WHERE id = :id")
        conn.execute(
            update.bindparams(sa.bindparam("body", type_=sa.JSON)), {"body": body, "id": ident}
        )


def upgrade() -> None:
    _update("add")


def downgrade() -> None:
    _update("remove")
