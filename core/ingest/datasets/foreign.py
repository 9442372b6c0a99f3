"""Import of annotated datasets from other tools: doccano (both modes), brat folders and
Label Studio JSON.

Each record is turned into a Gloss native record and stored by the native importer, so the
same checks apply. Spans whose label is an event type of the active schema become event
triggers; relations from a trigger become its arguments (brat: the E lines). The text is
kept exactly as given, since the offsets point into it. Reading needs no database (it runs
in worker processes); the conversion, which needs the schema, happens when storing.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from itertools import pairwise
from pathlib import Path
from typing import Any

from core.annotation.spans import span_problem

FOREIGN = ("doccano", "labelstudio", "brat")


class DatasetError(ValueError):
    pass


def _looks_doccano(obj: Any) -> bool:
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        return False
    if isinstance(obj.get("entities"), list) and (
        not obj["entities"] or "start_offset" in obj["entities"][0]
    ):
        return True
    label = obj.get("label")
    return isinstance(label, list) and all(
        isinstance(item, list) and len(item) == 3 and isinstance(item[0], int) for item in label
    )


def _looks_labelstudio(obj: Any) -> bool:
    return (
        isinstance(obj, dict)
        and isinstance(obj.get("data"), dict)
        and ("annotations" in obj or "predictions" in obj)
    )


def detect(text: str) -> str | None:
    """ "doccano" or "labelstudio" when a JSON / JSON Lines text is such a dataset."""
    head = text.lstrip()
    if head.startswith("["):
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            return None
        if isinstance(data, list) and data and _looks_labelstudio(data[0]):
            return "labelstudio"
        return None
    first = head.split("\n", 1)[0]
    try:
        obj = json.loads(first)
    except json.JSONDecodeError:
        return None
    if _looks_labelstudio(obj):
        return "labelstudio"
    return "doccano" if _looks_doccano(obj) else None


def records(kind: str, text: str) -> list[tuple[int | None, dict[str, Any] | str]]:
    """``(line or task number, record)`` per record; a string instead of a record names
    what is wrong with that line."""
    from core.ingest.readers.jsonl import json_lines

    out: list[tuple[int | None, dict[str, Any] | str]] = []
    if kind == "labelstudio":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            return [(exc.lineno, f"malformed JSON: {exc.msg} (line {exc.lineno})")]
        tasks = data if isinstance(data, list) else [data]
        for number, task in enumerate(tasks, start=1):
            out.append((number, {"format": "labelstudio", "task": task}))
        return out
    for number, obj in json_lines(text):
        if not isinstance(obj, dict):
            out.append((number, getattr(obj, "reason", "expected a JSON object")))
        else:
            out.append((number, {"format": "doccano", "record": obj}))
    return out


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


# -- conversion to native -------------------------------------------------------------


class _Builder:
    """Collects spans and relations, then splits them into mentions and events."""

    def __init__(self, text: str, schema: dict[str, Any], annotator: str) -> None:
        self.text = text
        self.annotator = annotator
        self.event_types = {t["key"]: t for t in schema.get("event_types", [])}
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
        roles = {r["name"] for r in self.event_types.get(event_type, {}).get("roles", [])}
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
                 "entity": {"name": str(entity.get("name", "")), "type": entity.get("type") or label,
                            "aliases": sorted(entity.get("aliases") or [])} if entity else None}
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
            claimed = attributes.get("claimed_by")
            if isinstance(claimed, str):
                if claimed in local:
                    attributes["claimed_by"] = local[claimed]
                else:
                    attributes.pop("claimed_by")
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
            "format": "gloss-native", "version": 1, "title": prepared.title,
            "source": (extra or {}).get("source", ""), "url": (extra or {}).get("url", ""),
            "published": prepared.published.isoformat() if prepared.published else None,
            "language": prepared.language, "languages": prepared.languages, "text": self.text,
            "paragraphs": [
                {"index": n, "start": p.start, "end": p.end, "language": p.language,
                 "boilerplate": p.boilerplate}
                for n, p in enumerate(prepared.paragraphs)
            ],
            "translations": {}, "mentions": mentions, "events": events,
        }  # fmt: skip


def _text(obj: dict[str, Any], where: str) -> str:
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise DatasetError(f"{where}: the record has no text")
    return text


def from_doccano(obj: dict[str, Any], schema: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    b = _Builder(_text(obj, "record"), schema, "doccano import")
    if isinstance(obj.get("entities"), list):
        for n, e in enumerate(obj["entities"], start=1):
            if not isinstance(e, dict):
                raise DatasetError(f"entity {n}: expected an object")
            b.span(str(e.get("id", f"#{n}")), e.get("start_offset"), e.get("end_offset"),
                   e.get("label"), f"entity {e.get('id', n)}")  # fmt: skip
        for n, r in enumerate(obj.get("relations") or [], start=1):
            if not isinstance(r, dict):
                raise DatasetError(f"relation {n}: expected an object")
            b.relation(str(r.get("from_id")), str(r.get("to_id")), r.get("type"),
                       f"relation {r.get('id', n)}")  # fmt: skip
    else:
        for n, item in enumerate(obj.get("label") or [], start=1):
            if not (isinstance(item, list) and len(item) == 3):
                raise DatasetError(f"label {n}: expected [start, end, LABEL]")
            b.span(f"#{n}", item[0], item[1], item[2], f"label {n}")
    if isinstance(obj.get("translation"), dict):
        b.warnings.append(
            "the paragraph's translation and its spans are left out: Gloss's native format "
            "keeps both layers"
        )
    title = obj.get("title") if isinstance(obj.get("title"), str) else ""
    return b.native(title or "", obj), b.warnings


def _who(annotation: dict[str, Any], kind: str) -> str:
    """The annotator of a Label Studio annotation, from ``completed_by`` (an id, or an object
    with an email in some exports)."""
    who = annotation.get("completed_by")
    if isinstance(who, dict):
        who = who.get("email") or who.get("username") or who.get("id")
    if who in (None, ""):
        return "Label Studio import" if kind == "annotation" else "Label Studio prediction"
    return (
        str(who) if isinstance(who, str) and not str(who).isdigit() else f"labelstudio-user-{who}"
    )


def _span_labels(value: dict[str, Any]) -> list[Any]:
    labels = value.get("labels")
    if not isinstance(labels, list):
        labels = next(
            (v for k, v in value.items() if k.endswith("labels") and isinstance(v, list)), []
        )
    return labels


def _text_key(data: dict[str, Any], results: list[dict[str, Any]]) -> tuple[str, str]:
    """(the name of the labelled text in the results, the data key holding it): read from the
    results' ``to_name`` and the task's data, never assumed to be "text"."""
    names = Counter(
        str(r.get("to_name")) for r in results
        if r.get("type") != "relation" and isinstance(r.get("value"), dict)
        and "start" in r["value"]
    )  # fmt: skip
    name = names.most_common(1)[0][0] if names else "text"
    texts = {k: v for k, v in data.items() if isinstance(v, str) and v.strip()}
    if name in texts:
        return name, name
    spans = [
        r["value"] for r in results
        if str(r.get("to_name")) == name and isinstance(r.get("value"), dict)
        and isinstance(r["value"].get("text"), str)
    ]  # fmt: skip
    fits = [
        key for key, text in texts.items()
        if all(type(v.get("start")) is int and text[v["start"] : v.get("end")] == v["text"] for v in spans)
    ]  # fmt: skip
    for candidates in (["text"] if "text" in fits else [], fits, list(texts)):
        if len(candidates) == 1 or (candidates and candidates[0] == "text"):
            return name, candidates[0]
    if not texts:
        raise DatasetError("task: the record has no text")
    raise DatasetError(
        "task: cannot tell which data field holds the labelled text "
        f"(fields: {', '.join(sorted(texts))})"
    )


def from_labelstudio(task: Any, schema: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """A Label Studio task: every annotation that was not cancelled (each with its annotator),
    or the predictions when there is none; results Gloss cannot hold (choices, text areas,
    ratings...) are counted in a warning, never the cause of losing the task."""
    if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
        raise DatasetError("expected a task with data")
    data = task["data"]
    raw = [a for a in task.get("annotations") or [] if isinstance(a, dict)]
    annotations = [a for a in raw if not a.get("was_cancelled")]
    kind = "annotation"
    if not annotations:
        annotations = [p for p in task.get("predictions") or [] if isinstance(p, dict)]
        kind = "prediction"
    results = [[r for r in (a.get("result") or []) if isinstance(r, dict)] for a in annotations]
    name, key = _text_key(data, [r for rs in results for r in rs])
    b = _Builder(data[key], schema, "Label Studio import")
    unheld: Counter[str] = Counter()
    elsewhere = 0
    for n_ann, (annotation, rs) in enumerate(zip(annotations, results, strict=True), start=1):
        who = _who(annotation, kind)
        prefix = f"{n_ann}:" if len(annotations) > 1 else ""
        first_of: dict[str, str] = {}
        for n, r in enumerate(rs, start=1):
            if r.get("type") == "relation":
                continue
            value: dict[str, Any] = r["value"] if isinstance(r.get("value"), dict) else {}
            rid = str(r.get("id", f"#{n}"))
            if str(r.get("to_name")) != name:
                elsewhere += 1  # another object (the translation of a parallel export)
                continue
            labels = _span_labels(value)
            if "start" not in value or not labels:
                unheld[str(r.get("type") or "unknown")] += 1
                continue
            for i, label in enumerate(labels):  # a multi-label region: a span per label
                key_ = f"{prefix}{rid}" + (f"/{i}" if i else "")
                first_of.setdefault(rid, key_)
                b.span(key_, value.get("start"), value.get("end"), label,
                       f"result {r.get('id', n)}", owner=who)  # fmt: skip
        for n, r in enumerate(rs, start=1):
            if r.get("type") != "relation":
                continue
            source, target = str(r.get("from_id")), str(r.get("to_id"))
            if source not in first_of or target not in first_of:
                elsewhere += 1
                continue
            role = (r.get("labels") or [None])[0]
            b.relation(first_of[source], first_of[target], role, f"relation {n}")
    if elsewhere:
        b.warnings.append(
            f"{elsewhere} result(s) on another text than '{name}' (a translation) left out: "
            "Gloss's native format keeps both layers"
        )
    for what, count in sorted(unheld.items()):
        b.warnings.append(f"{count} {what} result(s) have no place in Gloss (left out)")
    if len(raw) > len([a for a in raw if not a.get("was_cancelled")]):
        b.warnings.append(
            f"{sum(1 for a in raw if a.get('was_cancelled'))} cancelled annotation(s) left out"
        )
    title = data.get("title") if isinstance(data.get("title"), str) else ""
    return b.native(title or "", data), b.warnings


def _note_value(raw: str) -> Any:
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        return raw


def from_brat(record: dict[str, Any], schema: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    text = record["text"]
    if not text.strip():
        raise DatasetError("the .txt file is empty")
    b = _Builder(text, schema, "brat import")
    events: dict[str, str] = {}  # E id -> its trigger's T id
    skipped: set[str] = set()  # spans left out (discontinuous)
    attribute_keys = {a["key"] for a in schema.get("event_attributes", [])}
    pending: list[tuple[str, str, str, int]] = []
    notes: list[tuple[str, str, int]] = []
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
        if target in events and sep and key in attribute_keys | {"claimed_by"}:
            b.attributes.setdefault(events[target], {})[key] = value
        elif target in events and "notes" in attribute_keys:  # free text: the event's notes
            event_notes = b.attributes.setdefault(events[target], {})
            event_notes["notes"] = "\n".join(filter(None, [event_notes.get("notes"), note]))
        elif target in b.spans and key == "entity" and sep:
            b.links[target] = value if isinstance(value, dict) else {"name": str(value)}
        else:
            b.warnings.append(f"line {number}: a note on {target} is not read (left out)")
    return b.native(record.get("title", "")), b.warnings


def to_native(record: dict[str, Any], schema: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    kind = record.get("format")
    if kind == "doccano":
        return from_doccano(record["record"], schema)
    if kind == "labelstudio":
        return from_labelstudio(record["task"], schema)
    if kind == "brat":
        return from_brat(record, schema)
    raise DatasetError(f"unknown dataset format {kind!r}")
