"""Annotation schemas are data: JSON files, stored in the library, never type names in code."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core.models import AnnotationSchema


class SchemaError(ValueError):
    pass


def default_schema_path() -> Path:
    import resources

    return resources.path("schemas", "conflict.json")


def validate(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise SchemaError("a schema is a JSON object")
    for section in ("entity_types", "event_types"):
        items = body.get(section)
        if not isinstance(items, list):
            raise SchemaError(f"the schema needs a list '{section}'")
        keys = [item.get("key") for item in items if isinstance(item, dict)]
        if len(keys) != len(items) or not all(isinstance(k, str) and k for k in keys):
            raise SchemaError(f"every item of '{section}' needs a non-empty 'key'")
        if len(set(keys)) != len(keys):
            raise SchemaError(f"duplicate keys in '{section}'")
    body.setdefault("event_attributes", [])
    body.setdefault("name", "unnamed schema")
    return body


def load_file(path: Path) -> dict[str, Any]:
    try:
        return validate(json.loads(path.read_text(encoding="utf-8")))
    except json.JSONDecodeError as exc:
        raise SchemaError(f"{path}: not valid JSON ({exc.msg}, line {exc.lineno})") from exc


def ensure_default(session: Session) -> AnnotationSchema:
    """The active schema; the shipped default is installed on first use."""
    active = session.scalars(select(AnnotationSchema).where(AnnotationSchema.active)).first()
    if active is not None:
        return active
    body = load_file(default_schema_path())
    existing = session.scalars(
        select(AnnotationSchema).where(AnnotationSchema.name == body["name"])
    ).first()
    if existing is None:
        existing = AnnotationSchema(name=body["name"], body=body)
        session.add(existing)
    session.execute(update(AnnotationSchema).values(active=False))
    existing.active = True
    session.flush()
    return existing
