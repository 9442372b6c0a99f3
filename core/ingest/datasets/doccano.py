"""doccano JSONL (relation mode with entities and relations, sequence mode with labels)."""

from __future__ import annotations

from typing import Any

from core.annotation.types import Schema
from core.ingest.datasets.builder import Builder, DatasetError, text_of


def looks_doccano(obj: Any) -> bool:
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


def from_doccano(obj: dict[str, Any], schema: Schema) -> tuple[dict[str, Any], list[str]]:
    b = Builder(text_of(obj, "record"), schema, "doccano import")
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
