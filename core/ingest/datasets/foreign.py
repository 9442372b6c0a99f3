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
from typing import Any

from core.annotation.types import Schema
from core.ingest.datasets.brat import from_brat, read_brat
from core.ingest.datasets.builder import DatasetError
from core.ingest.datasets.doccano import from_doccano, looks_doccano
from core.ingest.datasets.labelstudio import from_labelstudio, looks_labelstudio
from core.text.textio import json_loads

__all__ = ["FOREIGN", "DatasetError", "detect", "read_brat", "records", "to_native"]

FOREIGN = ("doccano", "labelstudio", "brat")


def detect(first: dict[str, Any], in_array: bool) -> str | None:
    """ "doccano" or "labelstudio" when a JSON / JSON Lines text whose first record is
    ``first`` (read by the caller: see core.ingest.readers.jsonl.opening) is such a dataset;
    a JSON array is a Label Studio export or not a dataset."""
    if looks_labelstudio(first):
        return "labelstudio"
    return None if in_array else ("doccano" if looks_doccano(first) else None)


def records(kind: str, text: str) -> list[tuple[int | None, dict[str, Any] | str]]:
    """``(line or task number, record)`` per record; a string instead of a record names
    what is wrong with that line."""
    from core.ingest.readers.jsonl import json_lines

    out: list[tuple[int | None, dict[str, Any] | str]] = []
    if kind == "labelstudio":
        try:
            data = json_loads(text)
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


def to_native(record: dict[str, Any], schema: Schema) -> tuple[dict[str, Any], list[str]]:
    kind = record.get("format")
    if kind == "doccano":
        return from_doccano(record["record"], schema)
    if kind == "labelstudio":
        return from_labelstudio(record["task"], schema)
    if kind == "brat":
        return from_brat(record, schema)
    raise DatasetError(f"unknown dataset format {kind!r}")
