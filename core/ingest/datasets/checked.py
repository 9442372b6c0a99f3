"""A native record checked whole and turned into rows, ids still to come. No database: this
runs in the import's worker processes, so the writer only inserts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from core.clock import utcnow
from core.ingest.datasets.builder import FINGERPRINTS
from core.native_format import FORMAT
from core.text.layer_text import join_layer
from core.text.spans import span_problem
from core.text.textio import clean_field


def _parse_time(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


# A mention row's own columns, in the order NativeRows.mentions gives them.
MENTION_COLUMNS = (
    "layer", "start", "end", "label", "text", "created_at", "updated_at", "review", "origin"
)  # fmt: skip


@dataclass
class NativeRows:
    """One native record checked and turned into rows, ids still to come."""

    article: dict[str, Any]
    paragraphs: list[dict[str, Any]]
    translations: list[dict[str, Any]]  # "index" names the paragraph
    mentions: list[tuple[Any, ...]]  # MENTION_COLUMNS, then the entity and annotator by name
    mention_keys: list[str]
    events: list[dict[str, Any]]  # tag-valued attributes still record-local mention keys
    arguments: list[tuple[int, str, str, str | None, Any]]  # event n, role, mention, who, when


def _content(text: str, paragraphs: list[dict[str, Any]]) -> str:
    """The text without its boilerplate paragraphs (all of it when it has none listed)."""
    kept = [p for p in paragraphs if isinstance(p, dict) and not p.get("boilerplate")]
    if not kept:
        return text
    try:
        return "\n".join(text[p["start"] : p["end"]] for p in kept)
    except (KeyError, TypeError):
        return text  # malformed paragraphs are named below


def prepare_record(record: dict[str, Any], converted: bool = False) -> NativeRows:
    """Check a native record whole (offsets, references) and make its rows; raises
    ValueError or KeyError naming what does not hold together. No database."""
    from core.text.fingerprint import content_hash, simhash

    if record.get("format") != FORMAT:
        raise ValueError("not a Gloss native record")
    now = utcnow()
    text = record["text"]
    given = record.pop(FINGERPRINTS, None)
    if converted and given is not None:  # another tool's record: its analysis had them
        hashed, near = given
    else:  # as for a plain article: near-duplicates judged on the content paragraphs
        hashed, near = content_hash(text), simhash(_content(text, record.get("paragraphs", [])))
    article = {
        "title": clean_field(record.get("title", "")),
        "source": clean_field(record.get("source", "")),
        "url": clean_field(record.get("url", "")),
        "published": dt.date.fromisoformat(record["published"]) if record.get("published") else None,
        "imported_at": _parse_time(record.get("imported_at")) or dt.datetime.now(),
        "text": text, "content_hash": hashed, "simhash": near,
        "language": record.get("language", "und"), "languages": record.get("languages", []),
        "text_format": record.get("text_format", "txt"), "origin": "",
        "status": record.get("status", "new"), "notes": record.get("notes", ""),
        "labels": record.get("labels", []), "near_duplicate_of": None,
    }  # fmt: skip
    paragraphs = record.get("paragraphs", [])
    indexes = {p["index"] for p in paragraphs}
    for p in paragraphs:
        if not 0 <= p["start"] <= p["end"] <= len(text):
            raise ValueError(f"paragraph {p['index']} lies outside the text")
    translations = []
    layers = {"original": text}
    for lang, rows in record.get("translations", {}).items():
        for t in rows:
            if t["index"] not in indexes:
                raise ValueError(
                    f"a {lang} translation of paragraph {t['index']}, which is not there"
                )
            translations.append(
                {"index": t["index"], "target_lang": lang, "provider": t["provider"],
                 "text": t["text"], "edited": t["edited"],
                 "created_at": _parse_time(t.get("created_at")) or now,
                 "updated_at": _parse_time(t.get("updated_at")) or now}
            )  # fmt: skip
        by_index = {t["index"]: t["text"] for t in rows}
        layers[f"translation:{lang}"] = join_layer(
            [by_index.get(p["index"], "") for p in paragraphs]
        )[0]
    mentions, keys = [], []
    for m in record.get("mentions", []):
        _check_span(layers, m["layer"], m["start"], m["end"], m["text"], f"mention {m['id']}",
                    m.get("review"))  # fmt: skip
        keys.append(m["id"])
        mentions.append(
            (m["layer"], m["start"], m["end"], m["label"], m["text"],
             _parse_time(m.get("created_at")) or now, _parse_time(m.get("updated_at")) or now,
             str(m.get("review", "")), str(m.get("origin", "")),
             m.get("entity") or None, m.get("annotator"))
        )  # fmt: skip
    known = set(keys)
    events, arguments = [], []
    for n, e in enumerate(record.get("events", [])):
        trigger = e["trigger"]
        _check_span(layers, trigger["layer"], trigger["start"], trigger["end"], trigger["text"],
                    f"event {e.get('id', '?')}", e.get("review"))  # fmt: skip
        events.append(
            {"type": e["type"], "trigger_layer": trigger["layer"],
             "trigger_start": trigger["start"], "trigger_end": trigger["end"],
             "trigger_text": trigger["text"], "attributes": dict(e.get("attributes", {})),
             "annotator": e.get("annotator"),
             "created_at": _parse_time(e.get("created_at")) or now,
             "updated_at": _parse_time(e.get("updated_at")) or now,
             "review": str(e.get("review", "")), "origin": str(e.get("origin", ""))}
        )  # fmt: skip
        for a in e.get("arguments", []):
            if a["mention"] not in known:
                raise KeyError(f"event {e.get('id', '?')}: argument mention {a['mention']}")
            when = _parse_time(a.get("created_at")) or now
            arguments.append((n, a["role"], a["mention"], a.get("annotator"), when))
    return NativeRows(article, paragraphs, translations, mentions, keys, events, arguments)


def _check_span(
    layers: dict[str, str],
    layer: str,
    start: Any,
    end: Any,
    words: Any,
    what: str,
    review: Any = "",
) -> None:
    """A stored tag's offsets are whole numbers inside its layer and give its text. A tag
    flagged for review keeps the text it was given and may have lost all its words (an empty
    span where they were): only its range is checked."""
    if layer not in layers:
        raise ValueError(f"{what}: no text layer {layer!r} in the record")
    length = len(layers[layer])
    if review:
        if not (type(start) is int and type(end) is int and 0 <= start <= end <= length):
            raise ValueError(
                f"{what}: [{start}, {end}) lies outside the text ({length} characters)"
            )
        return
    problem = span_problem(start, end, length)
    if problem is not None:
        raise ValueError(f"{what}: {problem}")
    if layer == "original" and layers[layer][start:end] != words:
        raise ValueError(f"{what}: the offsets do not give its text")
