"""Readers turn a decoded file into article records; one module per format."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from core.ingest.readers import html, jsonl, md, tabular, txt
from core.ingest.readers.base import Record, RecordError

Reader = Callable[[str], Iterator[Record | RecordError]]

READERS: dict[str, Reader] = {
    "txt": txt.read,
    "md": md.read,
    "html": html.read,
    "jsonl": jsonl.read_lines,
    "json": jsonl.read_json,
    "csv": tabular.read,
}


def sniff(text: str) -> str:
    """Guess a format from content, for files whose name says nothing."""
    head = text.lstrip()[:512].lower()
    if head.startswith(("<!doctype html", "<html")) or "<body" in head:
        return "html"
    if head.startswith("{") or head.startswith("["):
        return "json"
    return "txt"


__all__ = ["READERS", "Record", "RecordError", "sniff"]
