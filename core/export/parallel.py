"""Native export on every core: chunks of articles are exported by worker processes into
files of their own and appended, in order, to the output. The bytes are those of a
sequential export (each article's line depends on that article alone)."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from core.export.native import Selection
from core.orphans import die_with_parent, remove_stale_scratch, scratch_prefix

CHUNK = 4000
MIN_ARTICLES = 20_000  # below this, starting the workers costs more than it saves

_library: Any = None


def _start(url: str) -> None:
    global _library
    from core.storage.db import Database

    die_with_parent()
    _library = Database(url)


def _export_chunk(ids: list[int], path: str, selection: Selection) -> int:
    from core.export.native import encode, export_records

    count = 0
    with _library.reading() as session, open(path, "wb") as handle:
        for record in export_records(session, ids, selection):
            handle.write(encode(record) + b"\n")
            count += 1
    return count


def workers() -> int:
    return min(os.cpu_count() or 1, 4)


def export_native(
    url: str,
    article_ids: list[int],
    out: Path,
    selection: Selection,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> tuple[int, bool]:
    """Write the native lines of ``article_ids`` to ``out``; returns (articles written,
    cancelled). At most two chunks per worker wait on disk at any time."""
    chunks = [article_ids[at : at + CHUNK] for at in range(0, len(article_ids), CHUNK)]
    count = workers()
    remove_stale_scratch(out.parent)  # left by a run that was killed
    scratch = Path(tempfile.mkdtemp(prefix=scratch_prefix(), dir=out.parent))
    # "spawn": the app's process holds Qt threads, which a fork would copy half-alive.
    context = multiprocessing.get_context("spawn")
    pending: deque[tuple[Future[int], Path]] = deque()
    written, done, stopped = 0, 0, False
    try:
        with (
            ProcessPoolExecutor(count, context, initializer=_start, initargs=(url,)) as pool,
            out.open("wb") as handle,
        ):
            queue = iter(enumerate(chunks))
            while True:
                while len(pending) < 2 * count and not stopped:
                    item = next(queue, None)
                    if item is None:
                        break
                    n, ids = item
                    path = scratch / f"{n:06d}.jsonl"
                    pending.append((pool.submit(_export_chunk, ids, str(path), selection), path))
                if not pending:
                    break
                future, path = pending.popleft()
                written += future.result()
                with path.open("rb") as part:
                    shutil.copyfileobj(part, handle, 1 << 20)
                path.unlink()
                done += 1
                if progress is not None:
                    progress(min(done * CHUNK, len(article_ids)), len(article_ids))
                if cancelled is not None and cancelled() and not stopped:
                    stopped = True
                    for future, _path in pending:
                        future.cancel()
            if stopped:
                pool.shutdown(wait=True, cancel_futures=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return written, stopped
