"""Reading and analysing one input file, with no database: this is the part of an import
that runs in worker processes, so it imports nothing heavy."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.config import max_file_bytes
from core.ingest.analysis import Prepared, analyse
from core.ingest.formats import format_for
from core.ingest.readers import READERS, Record, RecordError, sniff
from core.native_format import FORMAT as NATIVE_FORMAT
from core.text.textio import DecodeError, read_text


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / (1024 * 1024):.1f} MB"


@dataclass
class FileResult:
    """What one input gave: analysed articles and named failures, by line (None: whole file)."""

    name: str
    prepared: list[tuple[int | None, Prepared]] = field(default_factory=list)
    failures: list[tuple[int | None, str]] = field(default_factory=list)
    warnings: list[tuple[int | None, str]] = field(default_factory=list)  # imported, but...
    native: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # Gloss's own records


def analyse_records(name: str, records: Iterable[Record | RecordError]) -> FileResult:
    result = FileResult(name)
    try:
        for record in records:
            if isinstance(record, RecordError):
                result.failures.append((record.line, record.reason))
                continue
            try:
                result.prepared.append((record.line, analyse(record)))
            except Exception as exc:  # a bug must not stop the batch: name the input
                result.failures.append((record.line, f"could not analyse the text: {exc!r}"))
    except Exception as exc:
        result.failures.append((None, f"could not read the file: {exc!r}"))
    return result


def read_file(path: Path, fmt: str = "auto", max_bytes: int | None = None) -> FileResult:
    """Read, decode and analyse one file (no database: this runs in worker processes)."""
    name = str(path)
    limit = max_bytes if max_bytes is not None else max_file_bytes()
    if fmt == "brat" or (fmt == "auto" and path.suffix.lower() == ".ann"):
        return read_brat_file(path)
    try:
        size = path.stat().st_size
        if size > limit:
            reason = f"file too large ({_size(size)}; the limit is {_size(limit)})"
            return FileResult(name, failures=[(None, reason)])
        data = path.read_bytes()
    except IsADirectoryError:
        return FileResult(name, failures=[(None, "is a folder, not a file")])
    except OSError as exc:
        return FileResult(name, failures=[(None, f"cannot read the file: {exc.strerror or exc}")])
    if not data.strip():
        return FileResult(name, failures=[(None, "empty file")])
    try:
        decoded = read_text(data)
    except DecodeError as exc:
        return FileResult(name, failures=[(None, str(exc))])
    result = _read_decoded(path, name, fmt, decoded.text)
    if decoded.warning:
        result.warnings.insert(0, (None, decoded.warning))
    return result


def _read_decoded(path: Path, name: str, fmt: str, text: str) -> FileResult:
    if not text.strip():
        return FileResult(name, failures=[(None, "empty file (whitespace only)")])
    chosen = fmt if fmt != "auto" else (format_for(path) or sniff(text))
    if chosen in ("doccano", "labelstudio"):
        return read_dataset(name, chosen, text)
    if chosen in ("jsonl", "json") and fmt == "auto":
        from core.ingest.datasets.foreign import detect

        kind = detect(text)
        if kind is not None:
            return read_dataset(name, kind, text)
    first = _first_record(text) if chosen in ("jsonl", "json") else None
    if chosen == "native" or (first is not None and first.get("format") == NATIVE_FORMAT):
        return read_native(name, text)
    if first is not None and fmt == "auto":
        held = sorted(k for k in ANNOTATION_KEYS if first.get(k))
        if isinstance(first.get("label"), list) and first["label"]:  # doccano-like spans
            held.append("label")
        if held:  # never drop annotations silently: the user says "text only" or nothing
            reason = (
                f"its records hold annotations ({', '.join(held)}) in a form Gloss does not "
                "recognise (native, doccano, Label Studio); nothing imported. Import the text "
                "alone with --format " + chosen
            )
            return FileResult(name, failures=[(None, reason)])
    return analyse_records(name, READERS[chosen](text))


# Keys under which datasets carry annotations: a record holding any is not plain text.
ANNOTATION_KEYS = frozenset(
    {"mentions", "events", "entities", "relations", "annotations", "predictions", "spans",
     "ner_tags", "ents"}
)  # fmt: skip


def _first_record(text: str) -> dict[str, Any] | None:
    """The first JSON object of a JSON Lines or JSON text, parsed (never a byte pattern:
    any spacing or key order is the same record)."""
    import json

    head = text.lstrip()
    try:
        if head.startswith("["):
            data = json.loads(head)
            value = data[0] if isinstance(data, list) and data else None
        else:
            value = json.loads(head.split("\n", 1)[0])
    except (json.JSONDecodeError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def read_native(name: str, text: str) -> FileResult:
    """Gloss's own JSONL: records kept whole (annotations included), checked when stored."""
    from core.ingest.readers.jsonl import json_lines

    result = FileResult(name)
    for number, record in json_lines(text):
        if isinstance(record, RecordError):
            result.failures.append((number, record.reason))
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            result.failures.append((number, "record has no text"))
            continue
        result.native.append((number, record))
    return result


def read_dataset(name: str, kind: str, text: str) -> FileResult:
    """A doccano or Label Studio dataset: records kept whole, converted when stored."""
    from core.ingest.datasets.foreign import records

    result = FileResult(name)
    for number, record in records(kind, text):
        if isinstance(record, str):
            result.failures.append((number, record))
        else:
            result.native.append((number or 0, record))
    return result


def read_brat_file(path: Path) -> FileResult:
    """One brat document: the ``.ann`` file and the ``.txt`` beside it."""
    from core.ingest.datasets.foreign import DatasetError, read_brat

    name = str(path)
    try:
        return FileResult(name, native=[(0, read_brat(path))])
    except (DatasetError, OSError, UnicodeDecodeError) as exc:
        return FileResult(name, failures=[(None, f"not a brat document: {exc}")])


def read_file_task(task: tuple[Path, str, int]) -> FileResult:
    return read_file(*task)
