"""Import articles from files, folders and pasted text into a library.

One broken file never stops a batch: every failing input (or record) is named with a
reason in the report, and everything else is imported. Articles are written in batches,
each batch one transaction, so an interrupted import leaves whole articles only.
"""

from __future__ import annotations

import gc
import os
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, insert, select, update

from core.analysis import Prepared
from core.bulk import executemany
from core.config import max_file_bytes
from core.db import Library
from core.fingerprint import NearDuplicateIndex
from core.intake import FileResult, analyse_records, read_file, read_file_task
from core.models import Article, Paragraph
from core.readers import READERS, Record, RecordError, format_for
from core.textio import normalise

Progress = Callable[[int, int, str], None]
PARAGRAPH_COLUMNS = ("article_id", "index", "start", "end", "language", "boilerplate")


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
        batch_size: int = 500,
    ) -> None:
        self.library = library
        self.fmt = fmt
        self.max_bytes = max_bytes if max_bytes is not None else max_file_bytes()
        self.batch_size = batch_size
        self.report = ImportReport()
        self._pending: list[_Pending] = []
        self._seen: dict[str, int] = {}
        self._near = NearDuplicateIndex()
        self._submit: Callable[[list[_Pending]], None] | None = None
        with library.session() as session:
            for article_id, value in session.execute(select(Article.id, Article.simhash)):
                self._near.add(article_id, value)

    # -- inputs --------------------------------------------------------------------------
    def add_file(self, path: Path) -> None:
        self.add_result(read_file(path, self.fmt, self.max_bytes))

    def add_result(self, result: FileResult) -> None:
        for line, reason in result.failures:
            self.report.fail(result.name, reason, line)
        for line, prepared in result.prepared:
            self._pending.append(_Pending(result.name, line, prepared))
            if len(self._pending) >= self.batch_size:
                self.flush()

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
        self.add_result(analyse_records(name, records))

    # -- writing -------------------------------------------------------------------------
    @contextmanager
    def background_writes(self) -> Iterator[None]:
        """Within this block, full batches are written by one writer thread (SQLite works
        with the GIL released, so storing overlaps reading); all is written on exit."""
        jobs: queue.Queue[list[_Pending] | None] = queue.Queue(maxsize=2)
        errors: list[BaseException] = []

        def writer() -> None:
            while (batch := jobs.get()) is not None:
                try:
                    self._store(batch)
                except BaseException as exc:  # surfaced in the caller's thread below
                    errors.append(exc)

        thread = threading.Thread(target=writer, name="gloss-import-writer", daemon=True)
        thread.start()
        self._submit = jobs.put
        try:
            yield
            self.flush()
        finally:
            self._submit = None
            jobs.put(None)
            thread.join()
        if errors:
            raise errors[0]

    def flush(self) -> None:
        pending, self._pending = self._pending, []
        if not pending:
            return
        if self._submit is not None:
            self._submit(pending)
        else:
            self._store(pending)

    def _store(self, pending: list[_Pending]) -> None:
        with self.library.session() as session:
            hashes = list({p.prepared.content_hash for p in pending})
            existing = dict(
                session.execute(
                    select(Article.content_hash, Article.id).where(Article.content_hash.in_(hashes))
                ).all()
            )
        fresh: list[_Pending] = []
        in_batch: set[str] = set()
        for item in pending:
            key = item.prepared.content_hash
            duplicate_of = existing.get(key) or self._seen.get(key)
            if duplicate_of is None and key not in in_batch:
                in_batch.add(key)
                fresh.append(item)
                continue
            self.report.duplicates.append(
                {
                    "path": item.path,
                    "line": item.line,
                    "title": item.prepared.title,
                    "duplicate_of": duplicate_of,
                }
            )
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
        articles = cast(Table, Article.__table__)
        with self.library.session() as session:
            rows = [item.prepared.article_row(self._origin(item)) for item in items]
            # Core multi-row INSERT ... RETURNING; ids are matched back by the unique hash.
            returned = session.execute(
                insert(articles).returning(articles.c.id, articles.c.content_hash), rows
            )
            id_of = {content_hash: article_id for article_id, content_hash in returned}
            ids = [id_of[item.prepared.content_hash] for item in items]
            batch = NearDuplicateIndex()
            near: dict[int, int] = {}
            for article_id, item in zip(ids, items, strict=True):
                value = item.prepared.simhash
                match = self._near.find(value)
                if match is None:
                    match = batch.find(value)
                if match is not None:
                    near[article_id] = match
                batch.add(article_id, value)
            if near:
                session.execute(
                    update(Article), [{"id": a, "near_duplicate_of": b} for a, b in near.items()]
                )
            paragraph_rows = [
                (article_id, index, p.start, p.end, p.language, p.boilerplate)
                for article_id, item in zip(ids, items, strict=True)
                for index, p in enumerate(item.prepared.paragraphs)
            ]
            executemany(session, Paragraph.__tablename__, PARAGRAPH_COLUMNS, paragraph_rows)
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


PARALLEL_FROM = 64  # files; below this, worker start-up costs more than it saves


def _worker_init() -> None:
    # Workers allocate many short-lived objects and keep none: cyclic GC is pure overhead.
    gc.disable()


@contextmanager
def _bulk_gc() -> Iterator[None]:
    """Fewer cyclic-GC passes during a large import (the report grows by a dict per article,
    which makes every full collection slower); restored afterwards."""
    previous = gc.get_threshold()
    gc.set_threshold(50_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def _results(files: list[Path], fmt: str, max_bytes: int, workers: int) -> Iterator[FileResult]:
    """Analysed files in order, from worker processes when the batch is large enough."""
    if workers <= 1 or len(files) < PARALLEL_FROM:
        for path in files:
            yield read_file(path, fmt, max_bytes)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        method = "fork"  # a single-threaded process (the CLI) forks safely and fast
    elif "forkserver" in methods:
        method = "forkserver"  # the app has threads: fork from a clean server instead
    else:
        method = "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        # Workers fork from a server that has already imported the analysis code.
        context.set_forkserver_preload(["core.intake"])
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_worker_init
    ) as pool:
        done = 0
        try:
            tasks = ((path, fmt, max_bytes) for path in files)
            for result in pool.map(read_file_task, tasks, chunksize=64):
                done += 1
                yield result
        except BrokenProcessPool:
            # A worker died (out of memory, a crash in a C library): finish here, one by one.
            for path in files[done:]:
                yield read_file(path, fmt, max_bytes)
        finally:
            pool.shutdown(wait=False, cancel_futures=True)


def import_paths(
    library: Library,
    paths: Iterable[str | Path],
    fmt: str = "auto",
    max_bytes: int | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    workers: int | None = None,
) -> ImportReport:
    """Import files and folders. Files are read and analysed in worker processes (one per
    core); a writer thread stores finished batches while the next ones are analysed."""
    importer = Importer(library, fmt=fmt, max_bytes=max_bytes)
    files = collect(paths, importer.report)
    count = workers if workers is not None else min(os.cpu_count() or 1, 8)
    results = _results(files, fmt, importer.max_bytes, count)
    with _bulk_gc(), importer.background_writes():
        for done, result in enumerate(results, start=1):
            importer.add_result(result)
            if progress is not None:
                progress(done, len(files), result.name)
            if cancelled is not None and cancelled():
                importer.report.cancelled = done < len(files)
                break
    return importer.report


def import_text(library: Library, text: str, title: str = "", fmt: str = "txt") -> ImportReport:
    importer = Importer(library)
    importer.add_text(text, title=title, fmt=fmt)
    importer.flush()
    return importer.report
