"""The shipped schema names which document status means "done" (``done_status``), so
"mark done and go to the next article" needs no status name in code. Libraries that stored
the shipped schema before get the field (their bodies are otherwise left as they are).

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
        if change == "add" and "done" in (body.get("document_statuses") or []):
            body.setdefault("done_status", "done")
        elif change == "remove":
            body.pop("done_status", None)
        else:
            continue
        update = sa.text("UPDATE annotation_schemas SET body = :body WHERE id = :id")
        conn.execute(
            update.bindparams(sa.bindparam("body", type_=sa.JSON)), {"body": body, "id": ident}
        )


def upgrade() -> None:
    _update("add")


def downgrade() -> None:
    _update("remove")
