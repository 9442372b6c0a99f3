"""Reading and analysing input files in worker processes, started before anything heavy.

This module imports no database code, so the ``gloss import`` command can start the
workers first and open the library (SQLAlchemy, migrations) while they already read.
"""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.ingest.formats import format_for
from core.ingest.intake import FileResult, read_file, read_file_task

PARALLEL_FROM = 64  # files; below this, worker start-up costs more than it saves


@dataclass
class Inputs:
    """The files an import will read, and what it will not, each named."""

    files: list[Path] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    ignored: list[str] = field(default_factory=list)  # files of other types
    protected: list[str] = field(default_factory=list)  # the library's own files: never read


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()  # a stat, never an open: opening would drop SQLite's locks
    except OSError:
        return None
    return st.st_dev, st.st_ino


def collect(paths: Iterable[str | Path], protected: Iterable[Path] = ()) -> Inputs:
    """Expand folders (recursively, hidden entries skipped). ``protected`` files (the open
    library's database and journals) are listed apart and never opened: closing any
    descriptor of a SQLite file drops the locks SQLite holds on it."""
    guarded = {p.resolve() for p in protected}
    guarded_ids = {ident for p in guarded if (ident := _identity(p)) is not None}

    guarded_names = {p.name for p in guarded}

    def is_protected(path: Path, walked: bool = False) -> bool:
        # In a folder walk only a file named like the library's can be it (a resolve per
        # file would cost a tenth of a large import); a path given by hand is checked whole.
        if walked and path.name not in guarded_names:
            return False
        return path.resolve() in guarded or (bool(guarded_ids) and _identity(path) in guarded_ids)

    found = Inputs()

    def add(path: Path) -> None:
        if is_protected(path):
            found.protected.append(str(path))
        else:
            found.files.append(path)

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
                    child = Path(root) / name
                    if (
                        name.startswith(".")
                        or name in paired
                        or (paired and name == "annotation.conf")
                    ):
                        continue
                    if is_protected(child, walked=True):
                        found.protected.append(str(child))
                    elif format_for(child) is None:
                        found.ignored.append(str(child))
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


class Analysis:
    """The analysed files, in order. With enough files, worker processes (one per core)
    start on construction and work while the caller gets ready to store the results."""

    def __init__(
        self, files: list[Path], fmt: str, max_bytes: int, workers: int | None = None
    ) -> None:
        self.files, self.fmt, self.max_bytes = files, fmt, max_bytes
        count = workers if workers is not None else min(os.cpu_count() or 1, 8)
        self._pool: Any = None
        self._mapped: Iterator[FileResult] | None = None
        if count > 1 and len(files) >= PARALLEL_FROM:
            self._start(count)

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
            context.set_forkserver_preload(["core.ingest.intake"])
        self._pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_worker_init
        )
        tasks = ((path, self.fmt, self.max_bytes) for path in self.files)
        self._mapped = self._pool.map(read_file_task, tasks, chunksize=64)

    def __iter__(self) -> Iterator[FileResult]:
        if self._mapped is None:
            for path in self.files:
                yield read_file(path, self.fmt, self.max_bytes)
            return
        from concurrent.futures.process import BrokenProcessPool

        done = 0
        try:
            for result in self._mapped:
                done += 1
                yield result
        except BrokenProcessPool:
            # A worker died (out of memory, a crash in a C library): finish here, one by one.
            for path in self.files[done:]:
                yield read_file(path, self.fmt, self.max_bytes)
        finally:
            self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
