"""JSON Lines (one article per line) and JSON (an object, or an array of objects).

Each record needs ``text``; ``title``, ``source``, ``url``, ``published`` (or ``date``) and
``language`` (or ``lang``) are optional. A malformed line is reported with its number and
the other lines are still imported.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from core.ingest.readers.base import Record, RecordError
from core.text.dates import parse_date
from core.text.textio import normalise


def _record(obj: Any, line: int | None) -> Record | RecordError:
    if not isinstance(obj, dict):
        return RecordError(line, f"expected a JSON object, found {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        return RecordError(line, "record has no text")

    def field(*names: str) -> str:
        for name in names:
            value = obj.get(name)
            if value is not None and value != "":
                return str(value).strip()
        return ""

    published = field("published", "date", "published_at")
    return Record(
        text=normalise(text),
        title=normalise(field("title", "headline")),
        source=field("source", "site", "publisher"),
        url=field("url", "link"),
        published=parse_date(published) if published else None,
        language=field("language", "lang").split("-")[0].lower(),
        text_format=str(obj.get("format") or "txt") if obj.get("format") in ("md",) else "txt",
        line=line,
    )


def json_lines(text: str) -> Iterator[tuple[int, Any]]:
    """``(line number, object)`` per non-blank line; a RecordError for a malformed one."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, RecordError(number, f"malformed JSON: {exc.msg} (column {exc.colno})")


def read_lines(text: str) -> Iterator[Record | RecordError]:
    for number, obj in json_lines(text):
        yield obj if isinstance(obj, RecordError) else _record(obj, number)


def read_json(text: str) -> Iterator[Record | RecordError]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        # Many ".json" files are really JSON Lines.
        yield from read_lines(text)
        return
    if isinstance(data, list):
        if not data:
            yield RecordError(None, "the JSON array is empty")
        for number, obj in enumerate(data, start=1):
            yield _record(obj, number)
    elif isinstance(data, dict) and isinstance(data.get("articles"), list):
        for number, obj in enumerate(data["articles"], start=1):
            yield _record(obj, number)
    else:
        yield _record(data, None)
