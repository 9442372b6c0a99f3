"""Import articles from files, folders and pasted text into a library.

One broken file never stops a batch: every failing input (or record) is named with a
reason in the report, and everything else is imported. Articles are written in batches,
each batch one transaction, so an interrupted import leaves whole articles only.
"""

from __future__ import annotations

import queue
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal, cast

from sqlalchemy import Table, select, update

from core.annotation.types import Schema
from core.config import max_file_bytes
from core.ingest.analysis import Prepared
from core.ingest.datasets.checked import NativeRows
from core.ingest.intake import FileResult, analyse_records
from core.ingest.readers import READERS, Record, RecordError
from core.ingest.readers.base import Details
from core.ingest.report import ImportReport
from core.storage.bulk import executemany, insert_new
from core.storage.db import Database
from core.storage.models import Article, Paragraph
from core.text.fingerprint import NearDuplicateIndex
from core.text.textio import normalise, shown_path

Progress = Callable[[int, int, str], None]
NATIVE_BATCH = 200  # annotated records stored per transaction
PARAGRAPH_COLUMNS = ("article_id", "index", "start", "end", "language", "boilerplate")


@dataclass
class _Pending:
    path: str
    line: int | None
    prepared: Prepared


# A batch for the writer: plain articles, or checked native records.
_Job = (
    tuple[Literal["plain"], list[_Pending]]
    | tuple[Literal["native"], list[tuple[str, int | None, "NativeRows"]]]
)


class Importer:
    """One import run: holds the duplicate indexes and writes batches."""

    def __init__(
        self,
        library: Database,
        fmt: str = "auto",
        max_bytes: int | None = None,
        batch_size: int = 500,
        schema: Schema | None = None,
    ) -> None:
        self.library = library
        self.fmt = fmt
        self.max_bytes = max_bytes if max_bytes is not None else max_file_bytes()
        self.batch_size = batch_size
        self.report = ImportReport()
        self._pending: list[_Pending] = []
        self._near = NearDuplicateIndex()
        self._submit: Callable[[_Job], None] | None = None
        self._native: list[tuple[str, int | None, NativeRows]] = []  # queued records
        self._typed_schema = schema
        with library.session() as session:
            for article_id, value in session.execute(select(Article.id, Article.simhash)):
                self._near.add(article_id, value)

    # -- inputs --------------------------------------------------------------------------
    def add_result(self, result: FileResult) -> None:
        name = shown_path(result.name)  # as stored and reported: a name that is not UTF-8 too
        for line, reason in result.failures:
            self.report.fail(name, reason, line)
        for line, reason in result.warnings:
            self.report.warnings.append({"path": name, "line": line, "reason": reason})
        for line, rows in result.native:
            self._native.append((name, line, rows))
            if len(self._native) >= NATIVE_BATCH:
                self._queue_native()
        for line, prepared in result.prepared:
            self._pending.append(_Pending(name, line, prepared))
            if len(self._pending) >= self.batch_size:
                pending, self._pending = self._pending, []
                self._write_job(("plain", pending))

    def add_text(
        self,
        text: str,
        fmt: str = "txt",
        details: Details | None = None,
        name: str = "pasted text",
    ) -> None:
        """Pasted text, with what the person said of it (title, source, URL, date)."""
        details = details or Details()
        text = normalise(text)
        if not text.strip():
            self.report.fail(name, "empty text")
            return
        records = list(READERS[fmt](text))
        for record in records:
            if isinstance(record, Record):
                record.title = details.title or record.title
                record.source = details.source or record.source
                record.url = details.url or record.url
                record.published = details.published or record.published
        self.add_records(name, records)

    def add_records(self, name: str, records: Iterable[Record | RecordError]) -> None:
        self.add_result(analyse_records(name, records))

    def schema(self) -> Schema:
        """The library's schema, read once (another tool's records are converted with it)."""
        if self._typed_schema is None:
            from core.annotation.schema import ensure_default

            with self.library.session() as session:
                self._typed_schema = Schema.of(dict(ensure_default(session).body))
        return self._typed_schema

    def _queue_native(self) -> None:
        batch, self._native = self._native, []
        if batch:
            self._write_job(("native", batch))

    def _store_native(self, batch: list[tuple[str, int | None, NativeRows]]) -> None:
        """Store checked native records in one transaction. Duplicates (in the library,
        earlier in this import, or stored by another process meanwhile) are reported as
        duplicates; if another process stored one meanwhile, the rest are stored one by one."""
        from sqlalchemy.exc import IntegrityError

        from core.ingest.datasets.native import Lookups, store_records

        imported: list[tuple[str, int | None, NativeRows, int]] = []
        duplicates: list[dict[str, Any]] = []

        def duplicate(name: str, line: int | None, rows: NativeRows, of: int | None) -> None:
            title = rows.article.get("title", "")
            duplicates.append({"path": name, "line": line, "title": title, "duplicate_of": of})

        keys = [rows.article["content_hash"] for _name, _line, rows in batch]
        with self.library.session() as session:
            known = dict(
                session.execute(
                    select(Article.content_hash, Article.id).where(Article.content_hash.in_(keys))
                ).all()
            )
            fresh: list[tuple[str, int | None, NativeRows]] = []
            taken: set[str] = set()
            for (name, line, rows), key in zip(batch, keys, strict=True):
                # earlier batches are stored: a duplicate of one is in the library
                if known.get(key) is None and key not in taken:
                    taken.add(key)
                    fresh.append((name, line, rows))
                else:
                    duplicate(name, line, rows, known.get(key))
            try:  # all at once; a text stored meanwhile by another process: one by one
                with session.begin_nested():
                    ids = store_records(session, [rows for *_x, rows in fresh], Lookups.empty())
            except IntegrityError:
                ids = []
                for name, line, rows in list(fresh):
                    try:
                        with session.begin_nested():
                            ids.append(store_records(session, [rows], Lookups.empty())[0])
                    except IntegrityError:
                        fresh.remove((name, line, rows))
                        duplicate(name, line, rows, session.scalar(select(Article.id).where(
                            Article.content_hash == rows.article["content_hash"])))  # fmt: skip
            imported = [(*item, article_id) for item, article_id in zip(fresh, ids, strict=True)]
            near = self._near_duplicates([(rows.article, a) for _n, _l, rows, a in imported])
            if near:
                session.execute(
                    update(Article), [{"id": a, "near_duplicate_of": b} for a, b in near.items()]
                )
        self.report.duplicates.extend(duplicates)
        for name, line, rows, article_id in imported:
            self.report.imported.append(
                {"path": name, "line": line, "id": article_id,
                 "title": rows.article.get("title", ""),
                 "language": rows.article.get("language", ""),
                 "near_duplicate_of": near.get(article_id)}
            )  # fmt: skip

    def _near_duplicates(self, imported: list[tuple[dict[str, Any], int]]) -> dict[int, int]:
        """Near-duplicates among stored annotated records, as for plain articles."""
        near: dict[int, int] = {}
        for article, article_id in imported:
            value = article["simhash"]
            match = self._near.find(value)
            if match is not None:
                near[article_id] = match
            self._near.add(article_id, value)
        return near

    # -- writing -------------------------------------------------------------------------
    @contextmanager
    def background_writes(self) -> Iterator[None]:
        """Within this block, full batches are written by one writer thread (SQLite works
        with the GIL released, so storing overlaps reading); all is written on exit."""
        jobs: queue.Queue[_Job | None] = queue.Queue(maxsize=2)
        errors: list[BaseException] = []

        def writer() -> None:
            while (job := jobs.get()) is not None:
                try:
                    self._run(job)
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
        self._queue_native()
        pending, self._pending = self._pending, []
        if pending:
            self._write_job(("plain", pending))

    def _write_job(self, job: _Job) -> None:
        """To the writer thread when there is one, else written now; in order either way."""
        if self._submit is not None:
            self._submit(job)
        else:
            self._run(job)

    def _run(self, job: _Job) -> None:
        if job[0] == "native":
            self._store_native(job[1])
        else:
            self._store(job[1])

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
            duplicate_of = existing.get(key)  # earlier batches are stored: in the library
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
        known = len(self._near)
        try:
            self._write_batch(items)
        except BaseException:
            self._near.truncate(known)  # nothing of a batch that was not stored stays known
            raise

    def _write_batch(self, items: list[_Pending]) -> None:
        articles = cast(Table, Article.__table__)
        with self.library.session() as session:
            rows = [item.prepared.article_row(self._origin(item)) for item in items]
            # Core multi-row INSERT ... RETURNING; ids are matched back by the unique hash. A
            # text that another process stored meanwhile is skipped: a duplicate, not a failure.
            returned = session.execute(
                insert_new(session, articles, ["content_hash"]).returning(
                    articles.c.id, articles.c.content_hash
                ),
                rows,
            )
            id_of = {content_hash: article_id for article_id, content_hash in returned}
            raced = [item for item in items if item.prepared.content_hash not in id_of]
            duplicates = self._raced(session, raced) if raced else []
            if raced:
                items = [item for item in items if item.prepared.content_hash in id_of]
            ids = [id_of[item.prepared.content_hash] for item in items]
            near: dict[int, int] = {}
            for article_id, item in zip(ids, items, strict=True):
                value = item.prepared.simhash
                match = self._near.find(value)  # earlier batches and this one's earlier rows
                if match is not None:
                    near[article_id] = match
                self._near.add(article_id, value)
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
        self.report.duplicates.extend(duplicates)
        for article_id, item in zip(ids, items, strict=True):
            self.report.imported.append(
                {
                    "path": item.path,
                    "line": item.line,
                    "id": article_id,
                    "title": item.prepared.title,
                    "language": sys.intern(item.prepared.language),  # one "fr" for all
                    "near_duplicate_of": near.get(article_id),
                }
            )

    @staticmethod
    def _raced(session: Any, raced: list[_Pending]) -> list[dict[str, Any]]:
        hashes = [item.prepared.content_hash for item in raced]
        stored = dict(
            session.execute(
                select(Article.content_hash, Article.id).where(Article.content_hash.in_(hashes))
            ).all()
        )
        return [
            {"path": item.path, "line": item.line, "title": item.prepared.title,
             "duplicate_of": stored.get(item.prepared.content_hash)}
            for item in raced
        ]  # fmt: skip

    @staticmethod
    def _origin(item: _Pending) -> str:
        return f"{item.path}:{item.line}" if item.line is not None else item.path
