"""What every dataset reader shares: one record being built into a native record, with the
span checks the native importer applies, and the error that names what is wrong."""

from __future__ import annotations

import re
from typing import Any

from core.annotation.types import Schema
from core.native_format import FORMAT, VERSION
from core.text.spans import span_problem


class DatasetError(ValueError):
    pass


FINGERPRINTS = "_fingerprints"  # key of a converted record's (content hash, SimHash)


class Builder:
    """Collects spans and relations, then splits them into mentions and events."""

    def __init__(self, text: str, schema: Schema, annotator: str) -> None:
        self.text = text
        self.annotator = annotator
        self.event_types = {t.key: t for t in schema.event_types}
        self.link_keys = schema.mention_keys  # attributes whose value is a tag
        self.spans: dict[str, tuple[int, int, str]] = {}
        self.relations: list[tuple[str, str, str, str]] = []  # from, to, role, where
        self.attributes: dict[str, dict[str, Any]] = {}
        self.links: dict[str, dict[str, Any]] = {}  # span key -> entity (name, type, aliases)
        self.owners: dict[str, str] = {}  # span key -> its annotator, when not ``annotator``
        self.warnings: list[str] = []

    def span(
        self, key: str, start: Any, end: Any, label: Any, where: str, owner: str | None = None
    ) -> None:
        problem = span_problem(start, end, len(self.text))
        if problem is not None:
            raise DatasetError(f"{where}: {problem}")
        if not isinstance(label, str) or not label:
            raise DatasetError(f"{where}: the label is missing")
        if key in self.spans:
            raise DatasetError(f"{where}: id {key} is used twice")
        self.spans[key] = (start, end, label)
        if owner:
            self.owners[key] = owner

    def relation(self, source: str, target: str, role: Any, where: str) -> None:
        if source not in self.spans or target not in self.spans:
            missing = source if source not in self.spans else target
            raise DatasetError(f"{where}: no span with id {missing}")
        if not isinstance(role, str) or not role:
            raise DatasetError(f"{where}: the relation has no type")
        self.relations.append((source, target, role, where))

    def _role(self, event_type: str, role: str) -> str:
        """brat numbers repeated roles (Attacker2): back to the schema's role name."""
        spec = self.event_types.get(event_type)
        roles = {r.name for r in spec.roles} if spec is not None else set()
        base = re.sub(r"\d+$", "", role)
        return base if role not in roles and base in roles else role

    def native(self, title: str, extra: dict[str, Any] | None = None) -> dict[str, Any]:
        from core.ingest.analysis import analyse
        from core.ingest.readers.base import Record

        prepared = analyse(Record(text=self.text, title=title))
        ordered = sorted(self.spans.items(), key=lambda kv: (kv[1][0], kv[1][1], kv[1][2], kv[0]))
        local: dict[str, str] = {}
        mentions: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        for key, (start, end, label) in ordered:
            if label in self.event_types:
                continue
            local[key] = f"m{len(mentions) + 1}"
            entity = self.links.get(key)
            mentions.append(
                {"id": local[key], "layer": "original", "start": start, "end": end, "label": label,
                 "text": self.text[start:end], "annotator": self.owners.get(key, self.annotator),
                 "entity": _entity(entity, label) if entity else None}
            )  # fmt: skip
        for key, (start, end, label) in ordered:
            if label not in self.event_types:
                continue
            arguments = []
            for source, target, role, where in self.relations:
                if source != key:
                    continue
                if target not in local:
                    self.warnings.append(
                        f"{where}: an argument must be an entity mention, not an event"
                    )
                    continue
                arguments.append(
                    {"role": self._role(label, role), "mention": local[target],
                     "annotator": self.owners.get(key, self.annotator)}
                )  # fmt: skip
            attributes = dict(self.attributes.get(key, {}))
            for name in self.link_keys & set(attributes):  # tag references
                target = attributes.pop(name)
                if isinstance(target, str) and target in local:
                    attributes[name] = local[target]
            events.append(
                {"type": label, "annotator": self.owners.get(key, self.annotator),
                 "arguments": arguments,
                 "attributes": attributes,
                 "trigger": {"layer": "original", "start": start, "end": end,
                             "text": self.text[start:end]}}
            )  # fmt: skip
        for source, _target, _role, where in self.relations:
            if source in local:
                self.warnings.append(
                    f"{where}: a relation between entity mentions has no place in Gloss (left out)"
                )
        return {
            "format": FORMAT, "version": VERSION, "title": prepared.title,
            "source": (extra or {}).get("source", ""), "url": (extra or {}).get("url", ""),
            "published": prepared.published.isoformat() if prepared.published else None,
            "language": prepared.language, "languages": prepared.languages, "text": self.text,
            "paragraphs": [
                {"index": n, "start": p.start, "end": p.end, "language": p.language,
                 "boilerplate": p.boilerplate}
                for n, p in enumerate(prepared.paragraphs)
            ],
            "translations": {}, "mentions": mentions, "events": events,
            # computed by the analysis above; prepare_record trusts them from a conversion only
            FINGERPRINTS: (prepared.content_hash, prepared.simhash),
        }  # fmt: skip


def text_of(obj: dict[str, Any], where: str) -> str:
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise DatasetError(f"{where}: the record has no text")
    return text


def _entity(entity: dict[str, Any], label: str) -> dict[str, Any]:
    out = {"name": str(entity.get("name", "")), "type": entity.get("type") or label,
           "aliases": sorted(entity.get("aliases") or [])}  # fmt: skip
    if entity.get("external_id"):
        out["external_id"] = str(entity["external_id"])
    return out
