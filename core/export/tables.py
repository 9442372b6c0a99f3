"""Flat exports: doccano JSONL (relation and sequence modes) and an ACLED-like event table.

Which role fills which table column (actor1, actor2, location, weapon...) and the ACLED
mapping of each event type come from the schema, not from code.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

from core.annotation.types import Schema
from core.export.tokens import sentences
from core.export.views import DocView, Losses, Span
from core.export.writer import Labels, Writer

# A line of a cell starting like a formula: at the cell's start or after any line break.
_FORMULA_LINE = re.compile(r"(^|\r\n|\r|\n)([=+\-@\t\r])")
# The table's own columns (ACLED's, where it has one); the counts between them are the
# schema's whole-number attributes with no column of their own, in its order. Roles and
# attributes name the column they fill (``table_column``): no role or attribute name is a
# column in code.
BEFORE_COUNTS = [
    "event_id", "article_id", "event_date", "date_end", "date_precision", "event_type",
    "acled_event_type", "acled_sub_event_type", "actor1", "actor2", "location", "weapon",
]  # fmt: skip
AFTER_COUNTS = [
    "certainty", "claimed_by", "source", "title", "url", "trigger_text", "sentence", "notes",
]  # fmt: skip
# Filled by the writer itself, never by a role or an attribute.
OWN = {"event_id", "article_id", "event_type", "acled_event_type", "acled_sub_event_type",
       "source", "title", "url", "trigger_text", "sentence"}  # fmt: skip


def safe_cell(value: Any) -> Any:
    """Spreadsheet formula injection: a text cell whose first line, or any line after a line
    break, starts with = + - @ TAB or CR gets a leading apostrophe there. (The writer quotes
    every cell holding a line break, so a line never starts a row of its own.)"""
    if isinstance(value, str) and _FORMULA_LINE.search(value):
        return _FORMULA_LINE.sub(lambda m: m[1] + "'" + m[2], value)
    return value


def _dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True)


def doccano_record(view: DocView, relations: bool) -> dict[str, Any]:
    spans = view.spans()
    if not relations:
        return {"text": view.text, "label": [[s.start, s.end, s.label] for s in spans]}
    number = {s.key: n for n, s in enumerate(spans, start=1)}
    links = [
        (number[e.trigger.key], number[target.key], role)
        for e in view.events
        for role, target in e.arguments
    ]
    return {
        "text": view.text,
        "entities": [
            {"id": number[s.key], "label": s.label, "start_offset": s.start, "end_offset": s.end}
            for s in spans
        ],
        "relations": [
            {"id": n, "from_id": source, "to_id": target, "type": role}
            for n, (source, target, role) in enumerate(links, start=1)
        ],
    }


class DoccanoWriter(Writer):
    """doccano relation mode: event triggers are spans labelled with the event type,
    arguments are relations from the trigger named by role."""

    name = "doccano"
    holds_arguments = True
    relations = True

    def add(self, view: DocView) -> None:
        self.count_losses(view)
        record = doccano_record(view, self.relations)
        record["id"] = view.doc_id
        if view.translation is not None:
            record["translation"] = doccano_record(view.translation, self.relations)
        assert self.handle is not None
        self.handle.write(_dumps(record) + "\n")


class DoccanoSeqWriter(DoccanoWriter):
    name = "doccano-seq"
    holds_arguments = False
    relations = False


def _sentence_of(view: DocView, span: Span, cache: dict[str, Any]) -> str:
    if "sentences" not in cache:
        cache["sentences"] = [
            (s[0][0], s[-1][1])
            for s in sentences(view.text, [(a, b) for a, b, _l in view.paragraphs])
            if s
        ]
    for start, end in cache["sentences"]:
        if start <= span.start < end:
            return view.text[start:end]
    return ""


class EventsCsvWriter(Writer):
    """One row per event, ACLED-like columns; counts as numbers; several actors joined by
    "; "; every text cell neutralised against formula injection."""

    name = "events-csv"
    holds_arguments = True
    holds_attributes = True

    def __init__(
        self, path: Path, final: Path, schema: Schema, losses: Losses, labels: Labels = ()
    ) -> None:
        super().__init__(path, final, schema, losses, labels)
        self.schema = schema
        self.counts = [
            a.key for a in schema.attributes if a.kind == "integer" and not a.table_column
        ]
        self.columns = BEFORE_COUNTS + self.counts + AFTER_COUNTS
        fillable = set(self.columns) - OWN - set(self.counts)
        self.placed = {a.key: a for a in schema.attributes if a.table_column in fillable}
        self.held = set(self.placed) | set(self.counts)  # the attributes the table shows
        # The table is ACLED-like: a value the schema maps to an ACLED code is written as the
        # code (``"mapping": {"acled_time_precision": {"day": 1, ...}}``).
        self.codes = {
            a.key: codes
            for a in self.placed.values()
            for name, codes in a.mapping.items()
            if name.startswith("acled_") and isinstance(codes, dict)
        }
        assert self.handle is not None
        # RFC 4180 line ends: the csv module then quotes every cell holding CR or LF (with
        # "\n" alone, a bare CR went out unquoted and started a row of its own in readers).
        self.csv = csv.DictWriter(
            self.handle, fieldnames=self.columns, restval="", lineterminator="\r\n"
        )
        self.csv.writeheader()

    def add(self, view: DocView) -> None:
        self.losses.drop(
            "mentions that are no event's argument (events-csv holds events only)",
            len({m.key for m in view.mentions} - {s.key for e in view.events for _r, s in e.arguments}
                - {s.key for e in view.events for s in e.links.values()}),
        )  # fmt: skip
        self.count_losses(view)  # holds arguments and attributes: the entity links
        cache: dict[str, Any] = {}
        for e in view.events:
            self.csv.writerow({k: safe_cell(v) for k, v in self.row(view, e, cache).items()})

    def row(self, view: DocView, e: Any, cache: dict[str, Any]) -> dict[str, Any]:
        spec = self.schema.event(e.type)
        columns = {r.name: r.table_column for r in spec.roles} if spec is not None else {}
        cells: dict[str, list[str]] = {}
        unplaced = 0
        for role, span in e.arguments:
            column = columns.get(role)
            if column in self.columns:
                cells.setdefault(column, []).append(span.text)
            else:
                unplaced += 1
        self.losses.drop("event arguments whose role has no table column", unplaced)
        attrs, links = e.attributes, e.links
        self.losses.drop(
            "event attributes with no table column",
            len(set(attrs) - self.held) + len(set(links) - self.held),
        )
        mapping = spec.mapping if spec is not None else {}
        row = {
            "event_id": e.key[1:],
            "article_id": view.article_id,
            "event_type": e.type,
            "acled_event_type": mapping.get("acled_event_type", ""),
            "acled_sub_event_type": mapping.get("acled_sub_event_type", ""),
            **{column: "; ".join(values) for column, values in cells.items()},
            **{k: attrs[k] for k in self.counts if k in attrs},
            "source": view.meta["source"],
            "title": view.meta["title"],
            "url": view.meta["url"],
            "trigger_text": e.trigger.text,
            "sentence": _sentence_of(view, e.trigger, cache),
        }
        for key, attribute in self.placed.items():
            if key in links:
                row[attribute.table_column] = links[key].text
            elif key in attrs:
                codes = self.codes.get(key)
                row[attribute.table_column] = codes.get(attrs[key], "") if codes else attrs[key]
        return row
