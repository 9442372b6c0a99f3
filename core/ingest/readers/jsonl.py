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
from core.text.textio import json_loads, normalise


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
            yield number, json_loads(line)
        except json.JSONDecodeError as exc:
            yield number, RecordError(number, f"malformed JSON: {exc.msg} (column {exc.colno})")


SNIFF_LINES = 1000  # lines tried for the first that parses, to tell what a file holds


def opening(text: str) -> tuple[Any, bool]:
    """What a JSON or JSON Lines text starts with, and whether that is one line of JSON
    Lines: its first line when that parses whole; else the whole text when it parses (a
    JSON document over several lines); else the first of the next :data:`SNIFF_LINES` lines
    that parses (JSON Lines whose first line is broken: that does not hide what the file
    holds). ``(None, False)`` when nothing parses."""
    lines = iter(text.split("\n", SNIFF_LINES))
    first = next((line for line in lines if line.strip()), "")
    try:
        return json_loads(first), True
    except json.JSONDecodeError:
        pass
    try:
        return json_loads(text), False
    except json.JSONDecodeError:
        pass
    for line in lines:
        if line.strip():
            try:
                return json_loads(line), True
            except json.JSONDecodeError:
                continue
    return None, False


def read_lines(text: str) -> Iterator[Record | RecordError]:
    for number, obj in json_lines(text):
        yield obj if isinstance(obj, RecordError) else _record(obj, number)


def read_json(text: str) -> Iterator[Record | RecordError]:
    try:
        data = json_loads(text)
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
