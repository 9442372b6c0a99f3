"""Markdown: the source is stored (and rendered by the reader); title from the first heading.

A leading YAML-style front matter block (``---`` ... ``---``) gives metadata and is not
part of the stored text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from core.ingest.readers.base import Record, RecordError
from core.text.dates import parse_date

_FRONT = re.compile(r"\A---\n(.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)
_HEADING = re.compile(r"^#{1,2}[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


def read(text: str) -> Iterator[Record | RecordError]:
    meta: dict[str, str] = {}
    front = _FRONT.match(text)
    if front:
        for line in front.group(1).split("\n"):
            key, sep, value = line.partition(":")
            if sep:
                meta[key.strip().lower()] = value.strip().strip("\"'")
        text = text[front.end() :]
    heading = _HEADING.search(text)
    yield Record(
        text=text,
        title=meta.get("title") or (heading.group(1).strip() if heading else ""),
        source=meta.get("source", ""),
        url=meta.get("url", ""),
        published=parse_date(meta.get("date") or meta.get("published")),
        language=meta.get("language") or meta.get("lang", ""),
        text_format="md",
    )
