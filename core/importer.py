"""Import articles from files, folders and pasted text into a library.

One broken file never stops a batch: every failing input (or record) is named with a
reason in the report, and everything else is imported. Articles are written in batches,
each batch one transaction, so an interrupted import leaves whole articles only.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, update

from core.analysis import Prepared, analyse
from core.config import max_file_bytes
from core.db import Library
from core.fingerprint import NEAR_DISTANCE, NearDuplicateIndex, distance
from core.models import Article, Paragraph
from core.readers import READERS, Record, RecordError, format_for, sniff
from core.textio import DecodeError, normalise, read_text

Progress = Callable[[int, int, str], None]


@dataclass
class ImportReport:
    imported: list[dict[str, Any]] = field(default_factory=list)
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    failed: list[dict[str, Any]] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    cancelled: bool = False

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def to_json(self) -> dict[str, Any]:
        return {
            "imported": self.imported,
            "duplicates": self.duplicates,
            "failed": self.failed,
            "ignored": self.ignored,
            "cancelled": self.cancelled,
            "counts": {
                "imported": len(self.imported),
                "duplicates": len(self.duplicates),
                "near_duplicates": sum(1 for i in self.imported if i["near_duplicate_of"]),
                "failed": len(self.failed),
                "ignored": len(self.ignored),
            },
        }

    def fail(self, path: str, reason: str, line: int | None = None) -> None:
        self.failed.append({"path": path, "line": line, "reason": reason})


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / (1024 * 1024):.1f} MB"


@dataclass
class _Pending:
    path: str
    line: int | None
    prepared: Prepared


def collect(paths: Iterable[str | Path], report: ImportReport) -> list[Path]:
    """Expand folders (recursively, hidden entries skipped) into a sorted list of files."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    child = Path(root) / name
                    if name.startswith("."):
                        continue
                    if format_for(child) is None:
                        report.ignored.append(str(child))
                    else:
                        files.append(child)
        elif path.exists() or path.is_symlink():
            files.append(path)
        else:
            report.fail(str(path), "no such file or folder")
    return files


class Importer:
    """One import run: holds the duplicate indexes and writes batches."""

    def __init__(
        self,
        library: Library,
        fmt: str = "auto",
        max_bytes: int | None = None,
        batch_size: int = 250,
    ) -> None:
        self.library = library
        self.fmt = fmt
        self.max_bytes = max_bytes if max_bytes is not None else max_file_bytes()
        self.batch_size = batch_size
        self.report = ImportReport()
        self._pending: list[_Pending] = []
        self._seen: dict[str, int] = {}
        self._near = NearDuplicateIndex()
        with library.session() as session:
            for article_id, value in session.execute(select(Article.id, Article.simhash)):
                self._near.add(article_id, value)

    # -- inputs --------------------------------------------------------------------------
    def add_file(self, path: Path) -> None:
        name = str(path)
        try:
            size = path.stat().st_size
            if size > self.max_bytes:
                self.report.fail(
                    name,
                    f"file too large ({_size(size)}; the limit is {_size(self.max_bytes)})",
                )
                return
            data = path.read_bytes()
        except IsADirectoryError:
            self.report.fail(name, "is a folder, not a file")
            return
        except OSError as exc:
            self.report.fail(name, f"cannot read the file: {exc.strerror or exc}")
            return
        if not data.strip():
            self.report.fail(name, "empty file")
            return
        try:
            text, _encoding = read_text(data)
        except DecodeError as exc:
            self.report.fail(name, str(exc))
            return
        if not text.strip():
            self.report.fail(name, "empty file (whitespace only)")
            return
        fmt = self.fmt if self.fmt != "auto" else (format_for(path) or sniff(text))
        self.add_records(name, READERS[fmt](text))

    def add_text(
        self, text: str, title: str = "", fmt: str = "txt", name: str = "pasted text"
    ) -> None:
        text = normalise(text)
        if not text.strip():
            self.report.fail(name, "empty text")
            return
        records = list(READERS[fmt](text))
        for record in records:
            if isinstance(record, Record) and title:
                record.title = title
        self.add_records(name, records)

    def add_records(self, name: str, records: Iterable[Record | RecordError]) -> None:
        try:
            for record in records:
                if isinstance(record, RecordError):
                    self.report.fail(name, record.reason, record.line)
                    continue
                try:
                    prepared = analyse(record)
                except Exception as exc:  # a bug must not stop the batch: name the input
                    self.report.fail(name, f"could not analyse the text: {exc!r}", record.line)
                    continue
                self._pending.append(_Pending(name, record.line, prepared))
                if len(self._pending) >= self.batch_size:
                    self.flush()
        except Exception as exc:
            self.report.fail(name, f"could not read the file: {exc!r}")

    # -- writing -------------------------------------------------------------------------
    def flush(self) -> None:
        pending, self._pending = self._pending, []
        if not pending:
            return
        with self.library.session() as session:
            hashes = list({p.prepared.content_hash for p in pending})
            existing = dict(
                session.execute(
                    select(Article.content_hash, Article.id).where(Article.content_hash.in_(hashes))
                ).all()
            )
        fresh: list[_Pending] = []
        for item in pending:
            key = item.prepared.content_hash
            duplicate_of = existing.get(key) or self._seen.get(key)
            if duplicate_of is not None or any(f.prepared.content_hash == key for f in fresh):
                self.report.duplicates.append(
                    {
                        "path": item.path,
                        "line": item.line,
                        "title": item.prepared.title,
                        "duplicate_of": duplicate_of,
                    }
                )
            else:
                fresh.append(item)
        if not fresh:
            return
        try:
            self._write(fresh)
        except Exception:
            # Isolate the culprit: write one by one, naming whichever fails.
            for item in fresh:
                try:
                    self._write([item])
                except Exception as exc:
                    self.report.fail(item.path, f"could not store the article: {exc}", item.line)

    def _write(self, items: list[_Pending]) -> None:
        with self.library.session() as session:
            rows = [item.prepared.article_row(self._origin(item)) for item in items]
            ids = list(
                session.scalars(
                    insert(Article).returning(Article.id, sort_by_parameter_order=True), rows
                )
            )
            near: dict[int, int] = {}
            added: list[tuple[int, int]] = []
            for article_id, item in zip(ids, items, strict=True):
                match = self._near.find(item.prepared.simhash)
                if match is None:
                    # Earlier articles of this same batch are not indexed yet.
                    for other_id, value in added:
                        if value and distance(value, item.prepared.simhash) <= NEAR_DISTANCE:
                            match = other_id
                            break
                if match is not None:
                    near[article_id] = match
                added.append((article_id, item.prepared.simhash))
            if near:
                session.execute(
                    update(Article),
                    [{"id": a, "near_duplicate_of": b} for a, b in near.items()],
                )
            paragraph_rows = [
                {
                    "article_id": article_id,
                    "index": index,
                    "start": p.start,
                    "end": p.end,
                    "language": p.language,
                    "boilerplate": p.boilerplate,
                }
                for article_id, item in zip(ids, items, strict=True)
                for index, p in enumerate(item.prepared.paragraphs)
            ]
            if paragraph_rows:
                session.execute(insert(Paragraph), paragraph_rows)
        for article_id, item in zip(ids, items, strict=True):
            self._seen[item.prepared.content_hash] = article_id
            self._near.add(article_id, item.prepared.simhash)
            self.report.imported.append(
                {
                    "path": item.path,
                    "line": item.line,
                    "id": article_id,
                    "title": item.prepared.title,
                    "language": item.prepared.language,
                    "near_duplicate_of": near.get(article_id),
                }
            )

    @staticmethod
    def _origin(item: _Pending) -> str:
        return f"{item.path}:{item.line}" if item.line is not None else item.path


def import_paths(
    library: Library,
    paths: Iterable[str | Path],
    fmt: str = "auto",
    max_bytes: int | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportReport:
    importer = Importer(library, fmt=fmt, max_bytes=max_bytes)
    files = collect(paths, importer.report)
    for done, path in enumerate(files, start=1):
        if cancelled is not None and cancelled():
            importer.report.cancelled = True
            break
        importer.add_file(path)
        if progress is not None:
            progress(done, len(files), str(path))
    importer.flush()
    return importer.report


def import_text(library: Library, text: str, title: str = "", fmt: str = "txt") -> ImportReport:
    importer = Importer(library)
    importer.add_text(text, title=title, fmt=fmt)
    importer.flush()
    return importer.report
