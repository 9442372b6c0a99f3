"""Readers turn a decoded file into article records; one module per format."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from core.readers import html, jsonl, md, tabular, txt
from core.readers.base import Record, RecordError

Reader = Callable[[str], Iterator[Record | RecordError]]

READERS: dict[str, Reader] = {
    "txt": txt.read,
    "md": md.read,
    "html": html.read,
    "jsonl": jsonl.read_lines,
    "json": jsonl.read_json,
    "csv": tabular.read,
}
FORMATS = (
    "auto", "txt", "md", "html", "jsonl", "json", "csv", "native", "doccano", "labelstudio", "brat",
)  # fmt: skip
EXTENSIONS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".ann": "brat",
    ".tsv": "csv",
}


def format_for(path: Path) -> str | None:
    """The reader a file's name asks for, or None for an unknown extension."""
    return EXTENSIONS.get(path.suffix.lower())


def sniff(text: str) -> str:
    """Guess a format from content, for files whose name says nothing."""
    head = text.lstrip()[:512].lower()
    if head.startswith(("<!doctype html", "<html")) or "<body" in head:
        return "html"
    if head.startswith("{") or head.startswith("["):
        return "json"
    return "txt"


__all__ = ["EXTENSIONS", "FORMATS", "READERS", "Record", "RecordError", "format_for", "sniff"]
