"""The import formats, as data: the one list the CLI (``--format``), the file dialog's
filter, folder walks and detection by file name all read."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ImportFormat:
    key: str  # what --format takes
    name: str  # what a person reads (the file dialog)
    extensions: tuple[str, ...]  # file names that ask for it (lower case, with the dot)
    annotated: bool = False  # a dataset whose records carry annotations
    converted: bool = False  # another tool's dataset: converted with the library's schema
    sniffed: bool = False  # its content says what it is (articles, or any dataset)


IMPORT_FORMATS: tuple[ImportFormat, ...] = (
    ImportFormat("txt", "Plain text", (".txt", ".text")),
    ImportFormat("md", "Markdown", (".md", ".markdown")),
    ImportFormat("html", "Web pages", (".html", ".htm", ".xhtml")),
    # JSON Lines and JSON hold articles, or a dataset (native, doccano, Label Studio): the
    # records themselves say which (core.ingest.intake), never the file name.
    ImportFormat("jsonl", "JSON Lines (articles or datasets)", (".jsonl", ".ndjson"), sniffed=True),
    ImportFormat("json", "JSON (articles or a Label Studio export)", (".json",), sniffed=True),
    ImportFormat("csv", "Tables", (".csv", ".tsv")),
    ImportFormat("native", "Gloss native JSONL", (), annotated=True),
    ImportFormat("doccano", "doccano JSONL", (), annotated=True, converted=True),
    ImportFormat("labelstudio", "Label Studio JSON", (), annotated=True, converted=True),
    ImportFormat(
        "brat", "brat standoff (.ann beside its .txt)", (".ann",), annotated=True, converted=True
    ),
)

#: What ``--format`` accepts: ``auto`` (by file name, then by content) or a format's key.
FORMAT_KEYS = ("auto", *(f.key for f in IMPORT_FORMATS))
EXTENSIONS = {ext: f.key for f in IMPORT_FORMATS for ext in f.extensions}
#: Formats read the same whatever the library's schema (never converted, never sniffed).
SCHEMA_FREE = frozenset(f.key for f in IMPORT_FORMATS if not (f.converted or f.sniffed))
#: Formats converted with the schema.
CONVERTED = frozenset(f.key for f in IMPORT_FORMATS if f.converted)


def format_for(path: Path | str) -> str | None:
    """The format a file's name asks for, or None for a file an import does not read (a
    string is read as is: a folder walk makes no Path per file)."""
    return EXTENSIONS.get(os.path.splitext(os.path.basename(path))[1].lower())


def dialog_filter() -> str:
    """The file dialog's filter: everything importable first, then each kind, then all."""
    every = " ".join(f"*{ext}" for ext in EXTENSIONS)
    kinds = [
        f"{f.name} ({' '.join('*' + ext for ext in f.extensions)})"
        for f in IMPORT_FORMATS
        if f.extensions
    ]
    return ";;".join([f"Articles and datasets ({every})", *kinds, "All files (*)"])
