"""Flat exports: doccano JSONL (relation and sequence modes) and an ACLED-like event table.

Which role fills which table column (actor1, actor2, location, weapon...) and the ACLED
mapping of each event type come from the schema, not from code.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from sqlalchemy.orm import Session

from core.library import article_detail
from core.schema import ensure_default

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
EVENT_COLUMNS = [
    "event_id", "article_id", "event_date", "date_end", "date_precision", "event_type",
    "acled_event_type", "acled_sub_event_type", "actor1", "actor2", "location", "weapon",
    "launched", "intercepted", "suppressed", "diverted", "killed", "injured", "certainty",
    "claimed_by", "source", "url", "trigger_text", "sentence", "notes",
]  # fmt: skip
PRECISION = {"day": 1, "week": 2, "month": 3}


def safe_cell(value: Any) -> Any:
    """Spreadsheet formula injection: a text cell starting with = + - @ TAB or CR is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def doccano_lines(
    session: Session, article_ids: list[int], relations: bool = True
) -> Iterator[str]:
    """doccano JSONL over the original text; event triggers are spans labelled with the event
    type, arguments are relations from the trigger named by role."""
    for article_id in article_ids:
        detail = article_detail(session, article_id)
        spans: list[tuple[int, int, str, str]] = []  # start, end, label, key
        for m in detail["entities"]:
            if m["layer"] == "original":
                spans.append((m["start"], m["end"], m["label"], f"m{m['id']}"))
        for e in detail["events"]:
            t = e["trigger"]
            if t["layer"] == "original":
                spans.append((t["start"], t["end"], e["type"], f"e{e['id']}"))
        spans.sort(key=lambda s: (s[0], s[1], s[2], s[3]))
        number = {key: n for n, (_s, _e, _l, key) in enumerate(spans, start=1)}
        if relations:
            record: dict[str, Any] = {
                "text": detail["text"],
                "entities": [
                    {"id": number[key], "label": label, "start_offset": s, "end_offset": e}
                    for s, e, label, key in spans
                ],
                "relations": [],
            }
            n = 0
            for e in detail["events"]:
                for argument in e["arguments"]:
                    source, target = f"e{e['id']}", f"m{argument['mention_id']}"
                    if source in number and target in number:
                        n += 1
                        record["relations"].append(
                            {
                                "id": n,
                                "from_id": number[source],
                                "to_id": number[target],
                                "type": argument["role"],
                            }
                        )
        else:
            record = {"text": detail["text"], "label": [[s, e, label] for s, e, label, _k in spans]}
        yield json.dumps(record, ensure_ascii=False, sort_keys=True)


def event_rows(session: Session, article_ids: list[int]) -> Iterator[dict[str, Any]]:
    body = ensure_default(session).body
    types = {t["key"]: t for t in body.get("event_types", [])}
    for article_id in article_ids:
        detail = article_detail(session, article_id)
        mentions = {m["id"]: m for m in detail["entities"]}
        paragraphs = detail["paragraphs"]
        for e in detail["events"]:
            spec = types.get(e["type"], {})
            columns = {r["name"]: r.get("table_column", "") for r in spec.get("roles", [])}
            cells: dict[str, list[str]] = {}
            for argument in e["arguments"]:
                column = columns.get(argument["role"])
                mention = mentions.get(argument["mention_id"])
                if column and mention:
                    cells.setdefault(column, []).append(mention["text"])
            attrs = e["attributes"]
            trigger = e["trigger"]
            sentence = next(
                (
                    detail["text"][p["start"] : p["end"]]
                    for p in paragraphs
                    if trigger["layer"] == "original" and p["start"] <= trigger["start"] < p["end"]
                ),
                "",
            )
            claimed = mentions.get(attrs.get("claimed_by")) if "claimed_by" in attrs else None
            mapping = spec.get("mapping", {})
            yield {
                "event_id": e["id"],
                "article_id": article_id,
                "event_date": attrs.get("date_start", ""),
                "date_end": attrs.get("date_end", ""),
                "date_precision": PRECISION.get(attrs.get("date_precision", ""), ""),
                "event_type": e["type"],
                "acled_event_type": mapping.get("acled_event_type", ""),
                "acled_sub_event_type": mapping.get("acled_sub_event_type", ""),
                **{
                    column: "; ".join(values)
                    for column, values in cells.items()
                    if column in EVENT_COLUMNS
                },
                **{
                    k: attrs[k]
                    for k in (
                        "launched",
                        "intercepted",
                        "suppressed",
                        "diverted",
                        "killed",
                        "injured",
                    )
                    if k in attrs
                },
                "certainty": attrs.get("certainty", ""),
                "claimed_by": claimed["text"] if claimed else "",
                "source": detail["title"],
                "url": detail["url"],
                "trigger_text": trigger["text"],
                "sentence": sentence,
                "notes": attrs.get("notes", ""),
            }


def events_csv(session: Session, article_ids: list[int]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EVENT_COLUMNS, restval="", lineterminator="\n")
    writer.writeheader()
    for row in event_rows(session, article_ids):
        writer.writerow({k: safe_cell(v) for k, v in row.items()})
    return out.getvalue()
