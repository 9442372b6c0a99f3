"""An import run: files are read and analysed in worker processes (one per core) while a
writer thread stores finished batches through the one :class:`Importer`."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from core.config import max_file_bytes
from core.ingest import pool as analysis_pool
from core.ingest.importer import Importer, Progress
from core.ingest.readers.base import Details
from core.ingest.report import ImportReport
from core.storage.db import Database
from core.text.textio import shown_path


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


def import_paths(
    library: Database,
    paths: Iterable[str | Path],
    fmt: str = "auto",
    max_bytes: int | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    workers: int | None = None,
    started: analysis_pool.Started | None = None,
) -> ImportReport:
    """Import files and folders. Files are read and analysed in worker processes (one per
    core); a writer thread stores finished batches while the next ones are analysed.
    ``started``: the same import begun before the library opened (:func:`pool.start`)."""
    if started is not None and started.protected == library.files():
        return store_analysis(library, started.analysis, started.inputs, progress, cancelled)
    if started is not None:  # not this library's files after all: begin again
        started.analysis.close()
    inputs = analysis_pool.collect(paths, protected=library.files())
    limit = max_bytes if max_bytes is not None else max_file_bytes()
    analysis = analysis_pool.Analysis(inputs.files, fmt, limit, None, workers)
    return store_analysis(library, analysis, inputs, progress, cancelled)


def store_analysis(
    library: Database,
    analysis: analysis_pool.Analysis,
    inputs: analysis_pool.Inputs | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportReport:
    """Store what an Analysis yields (it may have started long before the library opened);
    its workers stop whatever happens."""
    try:
        return _store(library, analysis, inputs, progress, cancelled)
    finally:
        analysis.close()


def _store(
    library: Database,
    analysis: analysis_pool.Analysis,
    inputs: analysis_pool.Inputs | None,
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
) -> ImportReport:
    importer = Importer(
        library, fmt=analysis.fmt, max_bytes=analysis.max_bytes, schema=analysis.schema
    )
    # Other tools' records are converted with the schema; files that need none may be
    # under way already.
    analysis.schema = importer.schema()
    if inputs is not None:
        for path, reason in inputs.failed:
            importer.report.fail(shown_path(path), reason)
        importer.report.ignored.extend(map(shown_path, inputs.ignored))
        for path in inputs.protected:
            reason = "the library's own database file: not read"
            importer.report.warnings.append(
                {"path": shown_path(path), "line": None, "reason": reason}
            )
    total = len(analysis.files)
    with _bulk_gc(), importer.background_writes():
        done = 0
        for result in analysis:
            importer.add_result(result)
            done += result.last  # a large file comes in pieces
            if progress is not None:
                progress(done, total, result.name)
            if cancelled is not None and cancelled():
                importer.report.cancelled = done < total
                analysis.close()
                break
    return importer.report


def import_text(
    library: Database, text: str, title: str = "", fmt: str = "txt", details: Details | None = None
) -> ImportReport:
    """Pasted text as a new article; ``title`` alone, or all ``details``."""
    importer = Importer(library)
    importer.add_text(text, fmt, details or Details(title=title))
    importer.flush()
    return importer.report
