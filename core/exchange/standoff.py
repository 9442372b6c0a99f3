"""brat standoff folders and Label Studio tasks (offsets in code points, as brat and the
reference shapes count them)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from core.library import article_detail
from core.schema import ensure_default


def _spans(detail: dict[str, Any]) -> list[tuple[int, int, str, str, str]]:
    """(start, end, label, key, text) of mentions and triggers on the original, in order."""
    spans = [
        (m["start"], m["end"], m["label"], f"m{m['id']}", m["text"])
        for m in detail["entities"]
        if m["layer"] == "original"
    ]
    spans += [
        (e["trigger"]["start"], e["trigger"]["end"], e["type"], f"e{e['id']}", e["trigger"]["text"])
        for e in detail["events"]
        if e["trigger"]["layer"] == "original"
    ]
    return sorted(spans, key=lambda s: (s[0], s[1], s[2], s[3]))


def _fragments(text: str, start: int, end: int) -> str:
    """brat spans cannot cross a newline: cut them into fragments."""
    parts, pos = [], start
    for piece in text[start:end].split("\n"):
        if piece:
            parts.append(f"{pos} {pos + len(piece)}")
        pos += len(piece) + 1
    return ";".join(parts)


def brat_ann(detail: dict[str, Any]) -> str:
    text = detail["text"]
    lines: list[str] = []
    t_of: dict[str, str] = {}
    for n, (start, end, label, key, surface) in enumerate(_spans(detail), start=1):
        t_of[key] = f"T{n}"
        lines.append(
            f"T{n}\t{label} {_fragments(text, start, end)}\t{surface.replace(chr(10), ' ')}"
        )
    attribute = note = 0
    for n, event in enumerate(detail["events"], start=1):
        trigger = t_of.get(f"e{event['id']}")
        if trigger is None:
            continue
        seen: dict[str, int] = {}
        arguments = []
        for argument in event["arguments"]:
            target = t_of.get(f"m{argument['mention_id']}")
            if target is None:
                continue
            seen[argument["role"]] = seen.get(argument["role"], 0) + 1
            suffix = str(seen[argument["role"]]) if seen[argument["role"]] > 1 else ""
            arguments.append(f"{argument['role']}{suffix}:{target}")
        lines.append(f"E{n}\t{event['type']}:{trigger}" + "".join(f" {a}" for a in arguments))
        for key, value in sorted(event["attributes"].items()):
            if isinstance(value, str) and key in ("certainty", "polarity", "date_precision"):
                attribute += 1
                lines.append(f"A{attribute}\t{key.capitalize()} E{n} {value}")
            else:
                note += 1
                lines.append(f"#{note}\tAnnotatorNotes E{n}\t{key}={value}")
    return "\n".join(lines) + ("\n" if lines else "")


def annotation_conf(body: dict[str, Any]) -> str:
    entities = [t["key"] for t in body.get("entity_types", [])]
    out = [
        "[entities]",
        *entities,
        "",
        "[relations]",
        "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>",
        "",
        "[events]",
    ]
    for event in body.get("event_types", []):
        roles = [
            f"{r['name']}*:{'|'.join(r.get('entity_types') or ['<ENTITY>'])}"
            for r in event.get("roles", [])
        ]
        out.append(f"{event['key']}\t{', '.join(roles)}")
    out += ["", "[attributes]"]
    for attribute in body.get("event_attributes", []):
        if attribute.get("type") == "enum":
            out.append(
                f"{attribute['key'].capitalize()}\tArg:<EVENT>, Value:{'|'.join(attribute['values'])}"
            )
    return "\n".join(out) + "\n"


def export_brat(session: Session, article_ids: list[int], folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    for article_id in article_ids:
        detail = article_detail(session, article_id)
        (folder / f"{article_id}.txt").write_text(detail["text"], encoding="utf-8", newline="")
        (folder / f"{article_id}.ann").write_text(brat_ann(detail), encoding="utf-8", newline="")
    (folder / "annotation.conf").write_text(
        annotation_conf(ensure_default(session).body), encoding="utf-8"
    )
    return len(article_ids)


def label_studio_tasks(session: Session, article_ids: list[int]) -> str:
    tasks = []
    for article_id in article_ids:
        detail = article_detail(session, article_id)
        result: list[dict[str, Any]] = []
        for start, end, label, key, surface in _spans(detail):
            result.append(
                {"id": key, "from_name": "label", "to_name": "text", "type": "labels",
                 "value": {"start": start, "end": end, "text": surface, "labels": [label]}}
            )  # fmt: skip
        keys = {r["id"] for r in result}
        for event in detail["events"]:
            for argument in event["arguments"]:
                source, target = f"e{event['id']}", f"m{argument['mention_id']}"
                if source in keys and target in keys:
                    result.append(
                        {"type": "relation", "from_id": source, "to_id": target,
                         "direction": "right", "labels": [argument["role"]]}
                    )  # fmt: skip
        tasks.append(
            {"id": article_id, "data": {"text": detail["text"], "title": detail["title"]},
             "annotations": [{"result": result}]}
        )  # fmt: skip
    return json.dumps(tasks, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
