"""Event arguments are suggested from a sentence's parse: the shipped schema's roles say
what their tag does in the event's sentence (``function``: agent, patient or recipient).
Libraries that stored the shipped schema before get these fields; nothing else in their
bodies changes, and a function already set is kept.

Revision ID: 0011
Revises: 0010
"""

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

SHIPPED = "Conflict news (default)"
# event type -> role -> function (as in resources/schemas/conflict.json at this revision)
FUNCTIONS = {
    "AIR_DRONE_STRIKE": {"Attacker": "agent", "Target": "patient"},
    "MISSILE_SHELLING": {"Attacker": "agent", "Target": "patient"},
    "INTERCEPTION": {"Defender": "agent"},
    "ARMED_CLASH": {"Side": "agent"},
    "TERRITORY_CHANGE": {"Claimant": "agent", "Place": "patient"},
    "ATTACK_ON_CIVILIANS": {"Attacker": "agent", "Victim": "patient"},
    "CHEMICAL_WEAPON": {"Attacker": "agent", "Target": "patient"},
    "ARMS_TRANSFER": {"Supplier": "agent", "Recipient": "recipient"},
    "MEETING": {"Participant": "agent"},
    "STATEMENT": {"Speaker": "agent", "Addressee": "patient"},
    "POLICY_DECISION": {"Actor": "agent", "Affected": "patient"},
}


def _roles(body: dict[str, Any]) -> list[tuple[dict[str, Any], str]]:
    """The shipped roles of a stored body, with the function each one gets."""
    out = []
    for item in body.get("event_types") or []:
        if not isinstance(item, dict):
            continue
        functions = FUNCTIONS.get(str(item.get("key")), {})
        for role in item.get("roles") or []:
            if isinstance(role, dict) and role.get("name") in functions:
                out.append((role, functions[role["name"]]))
    return out


def _change(apply: bool) -> None:
    bind = op.get_bind()
    rows = bind.execute(
        sa.text("SELECT id, body FROM annotation_schemas WHERE name = :name"), {"name": SHIPPED}
    ).all()
    for ident, raw in rows:
        body = json.loads(raw) if isinstance(raw, str) else dict(raw)
        for role, function in _roles(body):
            if apply:
                role.setdefault("function", function)
            elif role.get("function") == function:
                role.pop("function")
        bind.execute(
            sa.text("UPDATE annotation_schemas SET body = :body WHERE id = :id"),
            {"body": json.dumps(body, ensure_ascii=False), "id": ident},
        )


def upgrade() -> None:
    _change(apply=True)


def downgrade() -> None:
    _change(apply=False)
