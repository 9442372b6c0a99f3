"""Reading and analysing one input file, with no database: this is the part of an import
that runs in worker processes, so it imports nothing heavy."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.annotation.types import Schema
from core.config import max_file_bytes
from core.ingest.analysis import Prepared, analyse
from core.ingest.datasets.checked import NativeRows
from core.ingest.formats import format_for
from core.ingest.readers import READERS, Record, RecordError, sniff
from core.native_format import FORMAT as NATIVE_FORMAT
from core.text.textio import DecodeError, json_loads, read_text


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / (1024 * 1024):.1f} MB"


@dataclass
class FileResult:
    """What one input gave: analysed articles, checked annotated records (Gloss's own, or
    another tool's converted to it) and named failures, by line (None: the whole file). A
    large file comes in pieces of whole lines; ``last`` marks its last one."""

    name: str
    prepared: list[tuple[int | None, Prepared]] = field(default_factory=list)
    failures: list[tuple[int | None, str]] = field(default_factory=list)
    warnings: list[tuple[int | None, str]] = field(default_factory=list)  # imported, but...
    native: list[tuple[int | None, NativeRows]] = field(default_factory=list)
    last: bool = True

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:  # plain values: quicker to send
        return FileResult, tuple(vars(self).values())

    def shifted(self, lines: int) -> FileResult:
        """The same result for a piece whose first line is line ``lines + 1`` of its file."""
        if not lines:
            return self

        def move(line: int | None) -> int | None:
            return None if line is None else line + lines

        return FileResult(
            self.name,
            [(move(n), x) for n, x in self.prepared],
            [(move(n), x) for n, x in self.failures],
            [(move(n), x) for n, x in self.warnings],
            [(move(n), x) for n, x in self.native],
            self.last,
        )


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


def decoded_text(path: Path, name: str, max_bytes: int) -> tuple[str, str | None] | FileResult:
    """The file's text and the decoder's warning, or a result naming why it cannot be read."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            reason = f"file too large ({_size(size)}; the limit is {_size(max_bytes)})"
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
    if not decoded.text.strip():
        return FileResult(name, failures=[(None, "empty file (whitespace only)")])
    return decoded.text, decoded.warning


def read_file(
    path: Path, schema: Schema | None, fmt: str = "auto", max_bytes: int | None = None
) -> FileResult:
    """Read, decode and analyse one file (no database: this runs in worker processes)."""
    name = str(path)
    limit = max_bytes if max_bytes is not None else max_file_bytes()
    if fmt == "brat" or (fmt == "auto" and path.suffix.lower() == ".ann"):
        return read_brat_file(path, schema)
    decoded = decoded_text(path, name, limit)
    if isinstance(decoded, FileResult):
        return decoded
    text, warning = decoded
    kind = choose_kind(path, name, fmt, text)
    if isinstance(kind, FileResult):
        return kind
    result = read_as(name, kind, text, schema)
    if warning:
        result.warnings.insert(0, (None, warning))
    return result


# Kinds whose records are one per line: a large file of these is read in pieces.
LINE_KINDS = frozenset({"jsonl", "doccano", "native"})


def choose_kind(path: Path, name: str, fmt: str, text: str) -> str | FileResult:
    """How to read a decoded file: a reader's name, "native", "doccano" or "labelstudio"; or
    a result refusing it (records holding annotations in a form Gloss does not know)."""
    chosen = fmt if fmt != "auto" else (format_for(path) or sniff(text))
    if chosen in ("doccano", "labelstudio"):
        return chosen
    first, one_line = _first_record(text) if chosen in ("jsonl", "json") else (None, False)
    if first is not None and fmt == "auto":
        from core.ingest.datasets.foreign import detect

        kind = detect(first, in_array=text.lstrip().startswith("["))
        if kind is not None:
            return kind
    if chosen == "native" or (first is not None and first.get("format") == NATIVE_FORMAT):
        return "native"
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
    if chosen == "json" and one_line and "\n" in text.strip():
        return "jsonl"  # a whole object on the first line, then more: JSON Lines
    return chosen


def read_as(name: str, kind: str, text: str, schema: Schema | None) -> FileResult:
    """Read a decoded text (a whole file, or a piece of whole lines) as ``kind``."""
    if kind == "native":
        return read_native(name, text)
    if kind in ("doccano", "labelstudio"):
        return read_dataset(name, kind, text, schema)
    return analyse_records(name, READERS[kind](text))


# Keys under which datasets carry annotations: a record holding any is not plain text.
ANNOTATION_KEYS = frozenset(
    {"mentions", "events", "entities", "relations", "annotations", "predictions", "spans",
     "ner_tags", "ents"}
)  # fmt: skip


def _first_record(text: str) -> tuple[dict[str, Any] | None, bool]:
    """The first JSON object of a JSON Lines or JSON text, parsed (never a byte pattern:
    any spacing or key order is the same record), and whether it is one line of JSON
    Lines (see :func:`~core.ingest.readers.jsonl.opening`)."""
    import json

    from core.ingest.readers.jsonl import opening

    head = text.lstrip()
    one_line = False
    try:
        if head.startswith("["):
            data = json_loads(head)
            value = data[0] if isinstance(data, list) and data else None
        else:
            value, one_line = opening(head)
    except (json.JSONDecodeError, ValueError):
        return None, False
    return (value, one_line) if isinstance(value, dict) else (None, False)


def check_record(
    result: FileResult, number: int | None, record: dict[str, Any], schema: Schema | None
) -> None:
    """Another tool's record converted to Gloss's, then any native record checked whole and
    turned into rows; what does not hold together is a named failure of its line."""
    from core.ingest.datasets.checked import prepare_record
    from core.ingest.datasets.foreign import FOREIGN, DatasetError, to_native

    number = number or None
    converted = False
    if schema is not None and record.get("format") in FOREIGN:
        converted = True
        try:
            record, warnings = to_native(record, schema)
        except (DatasetError, KeyError, TypeError, AttributeError) as exc:
            reason = str(exc) if isinstance(exc, DatasetError) else f"malformed record ({exc!r})"
            result.failures.append((number, reason))
            return
        except Exception as exc:  # a bug must not stop the file: its record is named
            result.failures.append((number, f"could not read the record: {exc!r}"))
            return
        result.warnings.extend((number, warning) for warning in warnings)
    try:
        result.native.append((number, prepare_record(record, converted)))
    except (KeyError, ValueError, TypeError) as exc:
        result.failures.append((number, f"not a valid Gloss record: {exc!s}"))
    except Exception as exc:  # as above
        result.failures.append((number, f"could not read the record: {exc!r}"))


def read_native(name: str, text: str) -> FileResult:
    """Gloss's own JSONL: records kept whole (annotations included) and checked."""
    from core.ingest.readers.jsonl import json_lines

    result = FileResult(name)
    for number, record in json_lines(text):
        if isinstance(record, RecordError):
            result.failures.append((number, record.reason))
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            result.failures.append((number, "record has no text"))
            continue
        check_record(result, number, record, None)  # a native record needs no schema
    return result


def _needed(schema: Schema | None, name: str) -> Schema:
    if schema is None:  # a caller's mistake: an import always has the library's schema
        raise ValueError(f"{name}: another tool's dataset is read with the library's schema")
    return schema


def read_dataset(name: str, kind: str, text: str, schema: Schema | None) -> FileResult:
    """A doccano or Label Studio dataset: each record converted and checked."""
    from core.ingest.datasets.foreign import records

    schema = _needed(schema, name)
    result = FileResult(name)
    for number, record in records(kind, text):
        if isinstance(record, str):
            result.failures.append((number, record))
        else:
            check_record(result, number, record, schema)
    return result


def read_brat_file(path: Path, schema: Schema | None) -> FileResult:
    """One brat document: the ``.ann`` file and the ``.txt`` beside it."""
    from core.ingest.datasets.foreign import DatasetError, read_brat

    name = str(path)
    schema = _needed(schema, name)
    try:
        record = read_brat(path)
    except (DatasetError, OSError, UnicodeDecodeError) as exc:
        return FileResult(name, failures=[(None, f"not a brat document: {exc}")])
    result = FileResult(name)
    check_record(result, None, record, schema)
    return result
