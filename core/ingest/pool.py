"""Reading and analysing input files in worker processes, started before anything heavy.

This module imports no database code, so the ``gloss import`` command can start the
workers first and open the library (SQLAlchemy, migrations) while they already read.
"""

from __future__ import annotations

import gc
import os
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from core.annotation.types import Schema
from core.ingest.formats import CONVERTED, SCHEMA_FREE, format_for
from core.ingest.intake import (
    LINE_KINDS,
    FileResult,
    choose_kind,
    decoded_text,
    read_as,
    read_file,
)
from core.storage.files import OwnFiles

PARALLEL_FROM = 64  # files; below this, worker start-up costs more than it saves...
PARALLEL_BYTES = 2 * 1024 * 1024  # ...unless there is this much to read
PIECE_CHARS = 1024 * 1024  # a large file of one record per line goes out in pieces this big
BATCH_FILES = 32  # small files sent to a worker at a time
WINDOW = 3  # batches in flight per worker: enough to keep it busy, few enough to stay flat
# Before anyone reads the results (while the library opens), the workers may get ahead by
# this much input; only files read without the library's schema (not datasets) go early.
PREFETCH_BYTES = 16 * 1024 * 1024


@dataclass
class Inputs:
    """The files an import will read, and what it will not, each named."""

    files: list[str] = field(default_factory=list)  # strings: a large import holds many
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    ignored: list[str] = field(default_factory=list)  # files of other types
    protected: list[str] = field(default_factory=list)  # the library's own files: never read


def collect(paths: Iterable[str | Path], protected: Iterable[Path] = ()) -> Inputs:
    """Expand folders (recursively, hidden entries skipped). ``protected`` files (the open
    library's database and journals) are listed apart and never opened: closing any
    descriptor of a SQLite file drops the locks SQLite holds on it."""
    own = OwnFiles(protected)
    found = Inputs()

    def add(path: Path) -> None:
        if own.match(path) is not None:
            found.protected.append(str(path))
        else:
            found.files.append(str(path))

    def unreadable(error: OSError) -> None:
        name = error.filename or "?"
        found.failed.append((str(name), f"cannot read the folder: {error.strerror or error}"))

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, names in os.walk(path, onerror=unreadable):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                # a brat folder: each .txt is read with the .ann beside it
                paired = {n[:-4] + ".txt" for n in names if n.endswith(".ann")}
                for name in sorted(names):
                    if (
                        name.startswith(".")
                        or name in paired
                        or (paired and name == "annotation.conf")
                    ):
                        continue
                    child = os.path.join(root, name)
                    # only a file named like the library's can be it (a resolve per
                    # file would cost a tenth of a large import)
                    if name in own.names and own.match(Path(child)) is not None:
                        found.protected.append(child)
                    elif format_for(name) is None:
                        found.ignored.append(child)
                    else:
                        found.files.append(child)
        elif path.exists() or path.is_symlink():
            add(path)
        else:
            found.failed.append((str(path), "no such file or folder"))
    return found


def _worker_init() -> None:
    from core.orphans import die_with_parent

    die_with_parent()  # a killed import leaves no worker behind holding the library
    # Workers allocate many short-lived objects and keep none: cyclic GC is pure overhead.
    gc.disable()


# What a worker is given: ("file", path, size), read whole by the worker; ("text", name,
# kind, text, lines before it, decoder's warning, last piece?), a piece already read; or
# ("done", result), a file that could not be read, passed through in order.
Task = tuple[Any, ...]


def plan(name: str, fmt: str, max_bytes: int) -> Iterator[Task]:
    """Small files are read whole by a worker. A large one is read here, once, and when its
    records are one per line it is cut into pieces of whole lines, so every core works on
    one big file too, and no process holds more than a few pieces of it at a time."""
    try:
        size = os.stat(name).st_size  # no Path per file: pathlib interns every name it parses
    except OSError:
        size = 0
    brat = fmt == "brat" or name.lower().endswith(".ann")
    if size <= PIECE_CHARS or size > max_bytes or brat:
        yield ("file", name, size)
        return
    path = Path(name)
    decoded = decoded_text(path, name, max_bytes)
    if isinstance(decoded, FileResult):
        yield ("done", decoded)
        return
    text, warning = decoded
    kind = choose_kind(path, name, fmt, text)
    if isinstance(kind, FileResult):
        yield ("done", kind)
        return
    if kind not in LINE_KINDS:
        yield ("text", name, kind, text, 0, warning, True)
        return
    start, lines = 0, 0
    while start < len(text):
        end = text.find("\n", start + PIECE_CHARS)
        end = len(text) if end < 0 else end + 1
        piece = text[start:end]
        yield ("text", name, kind, piece, lines, warning if start == 0 else None, end >= len(text))
        lines += piece.count("\n")
        start = end


def run_task(task: Task, schema: Schema | None, fmt: str, max_bytes: int) -> FileResult:
    if task[0] == "file":
        return read_file(Path(task[1]), schema, fmt, max_bytes)
    if task[0] == "done":
        return cast(FileResult, task[1])
    _, name, kind, text, before, warning, last = task
    result = read_as(name, kind, text, schema).shifted(before)
    result.last = last
    if warning:
        result.warnings.insert(0, (None, warning))
    return result


def run_batch(batch: tuple[Schema | None, str, int, list[Task]]) -> list[FileResult]:
    schema, fmt, max_bytes, tasks = batch
    return [run_task(task, schema, fmt, max_bytes) for task in tasks]


def schema_free(task: Task, fmt: str) -> bool:
    """Whether a task is read the same whatever the library's schema: plain text, never a
    dataset (another tool's records are converted with the schema)."""
    if task[0] == "done":
        return True
    if task[0] == "text":  # a kind already chosen from the content
        return task[2] not in CONVERTED
    kind = fmt if fmt != "auto" else format_for(task[1])
    return kind in SCHEMA_FREE


def _weight(task: Task) -> int:
    return int(task[2]) if task[0] == "file" else len(task[3]) if task[0] == "text" else 0


def _large(files: list[str]) -> bool:
    total = 0
    for path in files:
        try:
            total += os.stat(path).st_size
        except OSError:
            continue
        if total >= PARALLEL_BYTES:
            return True
    return False


@dataclass
class Started:
    """An import begun before its library opened: the files, their analysis under way, and
    the library files that were kept out of it."""

    inputs: Inputs
    analysis: Analysis
    protected: list[Path]


def start(paths: Iterable[str | Path], url: str, fmt: str, max_bytes: int) -> Started | None:
    """Walk the inputs and set the workers going while the caller opens the library (its
    code and migrations take a while); None where the library's files cannot be told from
    its URL alone (the import then starts once the library is open)."""
    from core.config import library_files

    protected = library_files(url)
    if protected is None:
        return None
    inputs = collect(paths, protected=protected)
    return Started(inputs, Analysis(inputs.files, fmt, max_bytes), protected)


class Analysis:
    """The analysed files, in order (a large file in pieces). With enough to read, worker
    processes (one per core) start on construction and work while the caller gets ready to
    store the results: files that need no schema go first, up to :data:`PREFETCH_BYTES`;
    ``schema`` (the library's) may be given later, before the results are read. Then only a
    few batches are in flight at a time, so memory stays flat whatever the size of the
    import."""

    def __init__(
        self,
        files: list[str] | list[Path],
        fmt: str,
        max_bytes: int,
        schema: Schema | None = None,
        workers: int | None = None,
    ) -> None:
        self.files = [str(f) for f in files]
        self.fmt, self.max_bytes, self.schema = fmt, max_bytes, schema
        self.workers = workers if workers is not None else min(os.cpu_count() or 1, 8)
        self._pool: Any = None
        self._flight: deque[tuple[Any, list[Task]]] = deque()
        self._batches = self._batched()
        self._held: list[Task] | None = None  # a batch that waits for the schema
        big = len(self.files) >= PARALLEL_FROM or _large(self.files[:PARALLEL_FROM])
        if self.workers > 1 and big:
            self._start(self.workers)
            self._prefetch()

    def _start(self, workers: int) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

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
            context.set_forkserver_preload(["core.ingest.pool"])
        self._pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_worker_init
        )

    def _tasks(self) -> Iterator[Task]:
        for path in self.files:
            yield from plan(path, self.fmt, self.max_bytes)

    def _batched(self) -> Iterator[list[Task]]:
        """Small files go to a worker several at a time (fewer round trips); a piece alone."""
        batch: list[Task] = []
        for task in self._tasks():
            if task[0] == "file":
                batch.append(task)
                if len(batch) < BATCH_FILES:
                    continue
            elif batch:
                yield batch
                batch = [task]
            else:
                batch = [task]
            yield batch
            batch = []
        if batch:
            yield batch

    def _next_batch(self) -> list[Task] | None:
        if self._held is not None:
            batch, self._held = self._held, None
            return batch
        return next(self._batches, None)

    def _submit(self, batch: list[Task]) -> None:
        job = (self.schema, self.fmt, self.max_bytes, batch)
        self._flight.append((self._pool.submit(run_batch, job), batch))

    def _prefetch(self) -> None:
        """Before the schema is known: submit what needs none, up to PREFETCH_BYTES."""
        budget = PREFETCH_BYTES
        while self.schema is None and budget > 0:
            batch = self._next_batch()
            if batch is None:
                return
            if not all(schema_free(task, self.fmt) for task in batch):
                self._held = batch
                return
            self._submit(batch)
            budget -= sum(_weight(task) for task in batch)

    def _fill(self) -> None:
        while self._pool is not None and len(self._flight) < WINDOW * self.workers:
            batch = self._next_batch()
            if batch is None:
                return
            self._submit(batch)

    def __iter__(self) -> Iterator[FileResult]:
        if self._pool is None:
            for task in self._tasks():
                yield run_task(task, self.schema, self.fmt, self.max_bytes)
            return
        from concurrent.futures.process import BrokenProcessPool

        flight = self._flight
        try:
            self._fill()
            while flight:
                future, batch = flight.popleft()
                try:
                    results = future.result()
                except BrokenProcessPool:
                    # A worker died (out of memory, a crash in a C library): finish here.
                    self.close()
                    yield from self._here([batch, *(b for _f, b in flight)])
                    return
                self._fill()
                for task, result in zip(batch, results, strict=True):
                    if task[0] == "file":
                        result.name = task[1]  # this process's string, not a copy per result
                    yield result
        finally:
            self.close()

    def _here(self, submitted: list[list[Task]]) -> Iterator[FileResult]:
        """The batches a dead pool held, then the rest, read in this process."""
        self._flight.clear()
        for tasks in submitted:
            for task in tasks:
                yield run_task(task, self.schema, self.fmt, self.max_bytes)
        while (batch := self._next_batch()) is not None:
            for task in batch:
                yield run_task(task, self.schema, self.fmt, self.max_bytes)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
