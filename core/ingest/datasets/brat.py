"""brat standoff: an ``.ann`` file and the ``.txt`` beside it (T, E, R, A/M and # lines)."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path
from typing import Any

from core.annotation.types import Schema
from core.ingest.datasets.builder import Builder, DatasetError
from core.text.textio import json_loads


def read_brat(path: Path) -> dict[str, Any]:
    """The record of one ``.ann`` file and the ``.txt`` beside it (read as brat does: UTF-8,
    newlines kept as they are)."""
    txt = path.with_suffix(".txt")
    try:
        text = txt.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise DatasetError(f"no {txt.name} beside {path.name}") from None
    except UnicodeDecodeError as exc:
        raise DatasetError(f"{txt.name} is not UTF-8 (byte {exc.start})") from None
    return {"format": "brat", "text": text, "ann": path.read_text(encoding="utf-8"),
            "title": "" if path.stem.isdigit() else path.stem}  # fmt: skip


def _note_value(raw: str) -> Any:
    try:
        return json_loads(raw)
    except json.JSONDecodeError:
        return raw


def from_brat(record: dict[str, Any], schema: Schema) -> tuple[dict[str, Any], list[str]]:
    text = record["text"]
    if not text.strip():
        raise DatasetError("the .txt file is empty")
    b = Builder(text, schema, "brat import")
    events: dict[str, str] = {}  # E id -> its trigger's T id
    skipped: set[str] = set()  # spans left out (discontinuous)
    attribute_keys = {a.key for a in schema.attributes}
    pending: list[tuple[str, str, str, int]] = []
    notes: list[tuple[str, str, int]] = []
    references: dict[str, str] = {}  # T id -> "DB:ID"
    for number, line in enumerate(record["ann"].split("\n"), start=1):
        if not line.strip():
            continue
        fields = line.rstrip("\r").split("\t")
        ident = fields[0]
        where = f"line {number}"
        try:
            if ident.startswith("T"):
                label, _, offsets = fields[1].partition(" ")
                pieces = [tuple(map(int, f.split())) for f in offsets.split(";")]
                gaps = [text[a[1] : z[0]] for a, z in pairwise(pieces)]
                if any(gap.strip() for gap in gaps):  # never widened over other words
                    b.warnings.append(
                        f"{where}: {ident} is a discontinuous span ({offsets}); Gloss spans are "
                        "continuous (left out)"
                    )
                    skipped.add(ident)
                    continue
                b.span(ident, pieces[0][0], pieces[-1][1], label, where)  # fragments over line ends
            elif ident.startswith("E"):
                head, *arguments = fields[1].split()
                label, _, trigger = head.partition(":")
                events[ident] = trigger
                for argument in arguments:
                    role, _, target = argument.partition(":")
                    pending.append((trigger, target, role, number))
            elif ident.startswith("A"):
                name, target, *value = fields[1].split()
                if name.lower() not in attribute_keys:
                    b.warnings.append(
                        f"{where}: attribute {name} of {target} is not in the schema (left out)"
                    )
                    continue
                notes.append(
                    (target, f"{name.lower()}={json.dumps(value[0] if value else True)}", number)
                )
            elif ident.startswith("N"):  # normalization: the tag's entity in a knowledge base
                _kind, target, reference = fields[1].split()
                references[target] = reference
            elif ident.startswith("#"):
                _kind, target = fields[1].split()
                notes.append((target, fields[2], number))
            else:
                b.warnings.append(f"{where}: {ident[:1]} lines are not read (left out)")
        except (IndexError, ValueError) as exc:
            if isinstance(exc, DatasetError):
                raise
            raise DatasetError(f"{where}: not a brat annotation line: {line[:60]!r}") from None
    for trigger, target, role, number in pending:
        if trigger in skipped or target in skipped:
            continue
        # An event as an argument (brat allows it): its trigger, which native() then leaves
        # out with a warning, instead of failing the whole document.
        b.relation(trigger, events.get(target, target), role, f"line {number}")
    for target, note, number in notes:
        key, sep, raw = note.partition("=")
        value = _note_value(raw) if sep else None
        if target in events and sep and key in attribute_keys:
            b.attributes.setdefault(events[target], {})[key] = value
        elif target in events and "notes" in attribute_keys:  # free text: the event's notes
            event_notes = b.attributes.setdefault(events[target], {})
            event_notes["notes"] = "\n".join(filter(None, [event_notes.get("notes"), note]))
        elif target in b.spans and key == "entity" and sep:
            b.links[target] = value if isinstance(value, dict) else {"name": str(value)}
        else:
            b.warnings.append(f"line {number}: a note on {target} is not read (left out)")
    for target, reference in references.items():
        if target in b.spans:
            link = b.links.setdefault(
                target, {"name": text[b.spans[target][0] : b.spans[target][1]]}
            )
            source, _, ident = reference.partition(":")
            link.setdefault("external_id", ident if source in ("Wikidata", "ID") else reference)
    return b.native(record.get("title", "")), b.warnings
