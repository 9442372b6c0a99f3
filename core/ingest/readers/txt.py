"""Plain text: the file is the article."""

from __future__ import annotations

from collections.abc import Iterator

from core.ingest.readers.base import Record, RecordError


def read(text: str) -> Iterator[Record | RecordError]:
    yield Record(text=text, text_format="txt")
