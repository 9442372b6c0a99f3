"""Schemas for tests that show no name is read from code: the shipped one renamed."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

# The shipped schema's names -> other names a user's schema might give the same things.
RENAMED_ROLES = {"Time": "Quand"}
RENAMED_ATTRIBUTES = {
    "date_start": "debut",
    "date_end": "fin",
    "date_precision": "precision_temps",
    "certainty": "fiabilite",
    "claimed_by": "selon",
    "notes": "remarques",
}


def renamed(body: Mapping[str, Any], name: str = "renamed") -> dict[str, Any]:
    """The schema with its date role and its placed attributes under other names (their
    ``when``, ``table_column`` and ``date_part`` kept)."""
    out = copy.deepcopy(dict(body))
    out["name"] = name
    for item in out["event_types"]:
        for role in item["roles"]:
            role["name"] = RENAMED_ROLES.get(role["name"], role["name"])
    for attribute in out["event_attributes"]:
        attribute["key"] = RENAMED_ATTRIBUTES.get(attribute["key"], attribute["key"])
    return out
