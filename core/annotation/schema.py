"""Annotation schemas are data: JSON files, stored in the library, never type names in code."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core.annotation.types import Schema
from core.clock import utcnow
from core.storage.bulk import insert_new
from core.storage.models import AnnotationSchema


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
    users: dict[str, list[str]] = {}
    for section in ("entity_types", "event_types"):
        for item in body[section]:
            if item.get("shortcut"):
                users.setdefault(str(item["shortcut"]).lower(), []).append(item["key"])
    clashes = [
        f"{key} ({', '.join(types)})" for key, types in sorted(users.items()) if len(types) > 1
    ]
    if clashes:
        raise SchemaError(f"keys used by more than one type: {'; '.join(clashes)}")
    statuses = body.get("document_statuses") or []
    done = body.get("done_status")
    if done is not None and done not in statuses:
        raise SchemaError(f"done_status {done!r} is not one of the document_statuses")
    _check_roles(body["event_types"])
    _check_attributes(body.get("event_attributes") or [])
    body.setdefault("event_attributes", [])
    body.setdefault("name", "unnamed schema")
    return body


#: The kinds of value an event attribute holds (the data model's, not a schema's names).
ATTRIBUTE_KINDS = ("integer", "enum", "date", "mention", "text")
#: The parts of a resolved date an attribute can receive (an event's "when" role resolved).
DATE_PARTS = ("start", "end", "precision")
#: What a role's tag does in the event's sentence (suggestions read it from a parse).
ROLE_FUNCTIONS = ("agent", "patient", "recipient")


def _check_roles(event_types: list[dict[str, Any]]) -> None:
    for item in event_types:
        names = [r.get("name") for r in item.get("roles") or [] if isinstance(r, dict)]
        if not all(isinstance(n, str) and n.strip() for n in names):
            raise SchemaError(f"every role of {item['key']} needs a name")
        if len(set(names)) != len(names):
            raise SchemaError(f"{item['key']} has two roles of the same name")
        for role in item.get("roles") or []:
            function = role.get("function") if isinstance(role, dict) else None
            if function not in (None, "", *ROLE_FUNCTIONS):
                raise SchemaError(
                    f"the role {role['name']} of {item['key']} has the function {function!r}: "
                    f"it can be {', '.join(ROLE_FUNCTIONS)}"
                )


def _check_attributes(attributes: Any) -> None:
    if not isinstance(attributes, list):
        raise SchemaError("'event_attributes' is a list")
    keys = [a.get("key") if isinstance(a, dict) else None for a in attributes]
    if not all(isinstance(k, str) and k for k in keys):
        raise SchemaError("every event attribute needs a non-empty 'key'")
    if len(set(keys)) != len(keys):
        raise SchemaError("two event attributes have the same key")
    for attribute in attributes:
        kind = attribute.get("type", "text")
        if kind not in ATTRIBUTE_KINDS:
            raise SchemaError(
                f"attribute {attribute['key']}: type {kind!r} is not one of {', '.join(ATTRIBUTE_KINDS)}"
            )
        if kind == "enum" and not attribute.get("values"):
            raise SchemaError(f"attribute {attribute['key']} is a choice: it needs values")
        part = attribute.get("date_part")
        if part and part not in DATE_PARTS:
            raise SchemaError(
                f"attribute {attribute['key']}: date_part {part!r} is not one of {', '.join(DATE_PARTS)}"
            )
        misfits = _reporter_misfits(attribute)
        if "reporter" in misfits:
            raise SchemaError(
                f"attribute {attribute['key']}: only a tag (mention) names a reporter"
            )
        if "reported_value" in misfits:
            raise SchemaError(
                f"attribute {attribute['key']}: reported_value "
                f"{attribute['reported_value']!r} is not one of its values"
            )
    if sum(bool(a.get("reporter")) for a in attributes) > 1:
        raise SchemaError("two event attributes receive the reporter")
    parts = [a["date_part"] for a in attributes if a.get("date_part")]
    if len(set(parts)) != len(parts):
        raise SchemaError("two event attributes receive the same part of a date")


def load_file(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise SchemaError(f"{path}: not UTF-8 text (a schema is a JSON file)") from exc
    except OSError as exc:
        raise SchemaError(f"{path}: cannot read it ({exc.strerror or exc})") from exc
    try:
        return validate(json.loads(text))
    except json.JSONDecodeError as exc:
        raise SchemaError(f"{path}: not valid JSON ({exc.msg}, line {exc.lineno})") from exc


def active_body(session: Session) -> dict[str, Any] | None:
    """The active schema's body, or None before the first one is installed (reads only)."""
    body = session.scalars(select(AnnotationSchema.body).where(AnnotationSchema.active)).first()
    return dict(body) if body is not None else None


def current(session: Session) -> Schema:
    """The active schema, typed, without installing anything (the shipped one if none is)."""
    return Schema.of(active_body(session) or load_file(default_schema_path()))


def ensure_default(session: Session) -> AnnotationSchema:
    """The active schema; the shipped default is installed on first use."""
    active = session.scalars(select(AnnotationSchema).where(AnnotationSchema.active)).first()
    if active is not None:
        return active
    return activate(session, load_file(default_schema_path()))


#: Where a unit of work keeps the active schema, typed, once read (``session.info``): one
#: transaction sees one schema, and :func:`activate` forgets it.
TYPED = "gloss.typed_schema"


def activate(session: Session, body: dict[str, Any]) -> AnnotationSchema:
    """Make ``body`` the active schema (stored by name). Annotations are never touched: a
    type that disappears shows as unknown until it is re-mapped."""
    body = validate(body)
    session.info.pop(TYPED, None)
    # Race-free: two processes installing the same schema at once both end up with one row.
    now = utcnow()
    session.execute(
        insert_new(session, AnnotationSchema, ["name"]).values(
            name=body["name"], body=body, active=False, created_at=now, updated_at=now
        )
    )
    row = session.scalars(
        select(AnnotationSchema).where(AnnotationSchema.name == body["name"])
    ).one()
    row.body = body
    session.execute(update(AnnotationSchema).values(active=False))
    row.active = True
    session.flush()
    return row


def save_file(session: Session, path: Path) -> None:
    """Written whole or not at all: a file of the same name is replaced only once the new
    one is complete (a kill or a full disk never leaves half a schema)."""
    body = ensure_default(session).body
    part = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        part.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        os.replace(part, path)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise SchemaError(f"cannot write {path}: {exc.strerror or exc}") from exc


def unknown_types(session: Session) -> dict[str, int]:
    """Labels in use that the active schema does not define, with how often they are used."""
    from sqlalchemy import func

    from core.storage.models import Event, Mention

    body = ensure_default(session).body
    known = {item["key"] for section in ("entity_types", "event_types") for item in body[section]}
    counts: dict[str, int] = {}
    for label, n in session.execute(select(Mention.label, func.count()).group_by(Mention.label)):
        if label not in known:
            counts[label] = counts.get(label, 0) + n
    for type_, n in session.execute(select(Event.type, func.count()).group_by(Event.type)):
        if type_ not in known:
            counts[type_] = counts.get(type_, 0) + n
    return counts


def _reporter_misfits(attribute: dict[str, Any]) -> list[str]:
    """The reporter fields an event attribute's type or values do not allow: ``reporter``
    on what is not a tag, ``reported_value`` not among an enum's values."""
    kind, value = attribute.get("type", "text"), attribute.get("reported_value")
    misfits = ["reporter"] if attribute.get("reporter") and kind != "mention" else []
    if value and (kind != "enum" or value not in attribute.get("values", ())):
        misfits.append("reported_value")
    return misfits


_CLEARED = {
    "reporter": "{key} is no longer a tag: it no longer receives who reported an event",
    "reported_value": "{key} no longer offers {value!r}: a reported event is not given it",
}


def orphans_cleared(item: dict[str, Any]) -> list[str]:
    """Drop from an event attribute the reporter fields its type or values no longer allow
    (:func:`validate` refuses them), each said: an editor showing no column for them would
    otherwise be refused for a field it cannot show."""
    return [
        _CLEARED[name].format(key=item.get("key", "?"), value=item.pop(name))
        for name in _reporter_misfits(item)
    ]
