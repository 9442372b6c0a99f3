"""The annotation schema, typed: what code reads of it (types, roles, attributes, statuses)
as frozen dataclasses built from the JSON body. The body stays the stored form (the schema
editor edits it, files hold it); nothing reads it by string keys but :meth:`Schema.of`.
No type, role or attribute name appears in code: all of them come from the data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

DEFAULT_COLOR = "#888888"


@dataclass(frozen=True)
class Role:
    name: str
    entity_types: tuple[str, ...] = ()  # the tag types that suit it (others get a warning)
    table_column: str = ""  # its column in the events table (actor1, location…)
    when: bool = False  # its tag says when the event happened: resolved into the date parts
    function: str = ""  # who acts (agent) or undergoes (patient): read from a sentence's parse


@dataclass(frozen=True)
class TagType:
    """An entity type or an event type."""

    key: str
    name: str
    color: str = DEFAULT_COLOR
    shortcut: str = ""
    description: str = ""
    roles: tuple[Role, ...] = ()  # event types only
    mapping: Mapping[str, Any] = field(default_factory=dict)
    # Event types: the schema's own trigger words by language (suggestions add them to theirs).
    triggers: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def role(self, name: str) -> Role | None:
        return next((r for r in self.roles if r.name == name), None)


@dataclass(frozen=True)
class Attribute:
    """A typed event attribute: integer (with ``minimum``), enum (``values``), date,
    mention (a tag's id) or text."""

    key: str
    kind: str = "text"
    description: str = ""
    minimum: int | None = None
    values: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()  # tag types a count can be read from (a quantity's words)
    evidence_for: str = ""  # a mention attribute: the count whose words it points at
    mapping: Mapping[str, Any] = field(default_factory=dict)  # to other conventions (ACLED…)
    table_column: str = ""  # its column in the events table (event_date, certainty…)
    date_part: str = ""  # receives this part of a resolved date: start, end or precision
    reporter: bool = False  # a mention attribute suggestions fill with who reported the event
    reported_value: str = ""  # an enum's value suggested for a reported event ("claimed")


@dataclass(frozen=True)
class Schema:
    name: str
    entity_types: tuple[TagType, ...]
    event_types: tuple[TagType, ...]
    attributes: tuple[Attribute, ...]
    statuses: tuple[str, ...]
    done_status: str | None = None  # the status of a finished article ("mark done")
    body: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, body: Mapping[str, Any]) -> Schema:
        def tag_type(item: Mapping[str, Any]) -> TagType:
            return TagType(
                key=str(item["key"]),
                name=str(item.get("name") or item["key"]),
                color=str(item.get("color") or DEFAULT_COLOR),
                shortcut=str(item.get("shortcut") or ""),
                description=str(item.get("description") or ""),
                roles=tuple(
                    Role(
                        str(r["name"]),
                        tuple(r.get("entity_types") or ()),
                        str(r.get("table_column") or ""),
                        bool(r.get("when")),
                        str(r.get("function") or ""),
                    )
                    for r in item.get("roles") or ()
                ),
                mapping=dict(item.get("mapping") or {}),
                triggers={
                    str(k): tuple(map(str, v)) for k, v in (item.get("triggers") or {}).items()
                },
            )

        return cls(
            name=str(body.get("name", "")),
            entity_types=tuple(tag_type(t) for t in body.get("entity_types") or ()),
            event_types=tuple(tag_type(t) for t in body.get("event_types") or ()),
            attributes=tuple(
                Attribute(
                    key=str(a["key"]),
                    kind=str(a.get("type") or "text"),
                    description=str(a.get("description") or ""),
                    minimum=int(a["min"]) if a.get("min") is not None else None,
                    values=tuple(str(v) for v in a.get("values") or ()),
                    evidence=tuple(str(t) for t in a.get("evidence_types") or ()),
                    evidence_for=str(a.get("evidence_for") or ""),
                    mapping=dict(a.get("mapping") or {}),
                    table_column=str(a.get("table_column") or ""),
                    date_part=str(a.get("date_part") or ""),
                    reporter=bool(a.get("reporter")),
                    reported_value=str(a.get("reported_value") or ""),
                )
                for a in body.get("event_attributes") or ()
            ),
            statuses=tuple(body.get("document_statuses") or ()),
            done_status=body.get("done_status") or None,
            body=body,
        )

    @property
    def types(self) -> tuple[TagType, ...]:
        """Entity types, then event types."""
        return self.entity_types + self.event_types

    def entity(self, key: str) -> TagType | None:
        return next((t for t in self.entity_types if t.key == key), None)

    def event(self, key: str) -> TagType | None:
        return next((t for t in self.event_types if t.key == key), None)

    def attribute(self, key: str) -> Attribute | None:
        return next((a for a in self.attributes if a.key == key), None)

    def when_roles(self, event_type: str) -> list[str]:
        """The roles of an event type whose tag says when it happened (``"when": true``)."""
        spec = self.event(event_type)
        return [r.name for r in spec.roles if r.when] if spec is not None else []

    @property
    def mention_keys(self) -> frozenset[str]:
        """The attributes whose value is a tag (who claims it, a count's evidence): exports
        and imports carry them as references to tags, not as numbers."""
        return frozenset(a.key for a in self.attributes if a.kind == "mention")

    @property
    def date_parts(self) -> dict[str, str]:
        """Which attribute receives which part of a resolved date (start, end, precision)."""
        return {a.date_part: a.key for a in self.attributes if a.date_part}

    @property
    def reporter_key(self) -> str | None:
        """The mention attribute that receives who reported an event ("claimed_by")."""
        return next((a.key for a in self.attributes if a.reporter and a.kind == "mention"), None)

    @property
    def reported_values(self) -> tuple[tuple[str, str], ...]:
        """The values suggested for a reported event (certainty: claimed)."""
        return tuple((a.key, a.reported_value) for a in self.attributes if a.reported_value)

    def evidence_key(self, count: str) -> str | None:
        """The mention attribute that records which tag the count ``count`` was read from."""
        return next((a.key for a in self.attributes if a.evidence_for == count), None)
