"""Many articles' suggestions (pre-annotation) in worker processes, one per core: the models
are the slow part and hold one core each, so a library is pre-annotated about as many times
faster as there are workers. Each worker opens the library by its URL, loads the models once
and takes a few articles at a time; the results come back in the order asked for, with no
more than a few chunks in flight (memory stays flat over a whole library). Accepted
suggestions are stored by the workers themselves, one article per transaction, as
``gloss-suggest`` (SQLite's busy timeout orders the writers)."""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from core.library.suggest_process import open_library
from core.suggest.article import ArticleSuggestions
from core.suggest.engine import Options

CHUNK = 20  # articles per round trip: progress and cancel between chunks
IN_FLIGHT = 2  # chunks queued per worker: it never waits, and little piles up
MAX_WORKERS = 4  # each holds its own models (a few hundred MB)
ARTICLES_PER_WORKER = 60  # below this many articles a worker's start-up costs more than it saves


def workers_for(count: int, wanted: int | None = None) -> int:
    """How many workers suit ``count`` articles: ``wanted`` if given (never more than there
    are chunks), else one per core the process may use (at most :data:`MAX_WORKERS`), never
    more than the articles pay for (:data:`ARTICLES_PER_WORKER`)."""
    if wanted is not None:
        return max(1, min(wanted, -(-count // CHUNK)))
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, MAX_WORKERS, count // ARTICLES_PER_WORKER))


def _chunk(
    url: str, article_ids: list[int], options: Options, accept: bool, keep: bool
) -> tuple[int, list[ArticleSuggestions]]:
    """In a worker: one chunk's suggestions (accepted if asked); the results themselves only
    if ``keep`` (a pre-annotation that stores them needs only the count back)."""
    found = open_library(url).suggestions.many(article_ids, options, accept=accept)
    results = list(found)
    return len(results), results if keep else []


def suggest_many(
    url: str,
    article_ids: list[int],
    options: Options,
    accept: bool = False,
    workers: int | None = None,
    keep: bool = True,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    pool: ProcessPoolExecutor | None = None,
) -> Iterator[ArticleSuggestions]:
    """Each article's suggestions, in order (none if not ``keep``: the articles are only
    counted in ``progress``), from a pool of ``workers`` started for them — or from ``pool``
    (of that many workers), left running. A cancel stops at the end of the chunks under way;
    whatever they stored stays, and is counted."""
    count = workers_for(len(article_ids), workers)
    if pool is not None:
        yield from _run(pool, count, url, article_ids, options, accept, keep, progress, cancelled)
        return
    with ProcessPoolExecutor(count, multiprocessing.get_context("spawn")) as own:
        yield from _run(own, count, url, article_ids, options, accept, keep, progress, cancelled)


def _run(
    pool: ProcessPoolExecutor,
    workers: int,
    url: str,
    article_ids: list[int],
    options: Options,
    accept: bool,
    keep: bool,
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool] | None,
) -> Iterator[ArticleSuggestions]:
    total = len(article_ids)
    chunks = iter(range(0, total, CHUNK))
    pending: deque[Future[tuple[int, list[ArticleSuggestions]]]] = deque()
    done = 0
    try:
        while True:
            stopping = cancelled is not None and cancelled()
            while not stopping and len(pending) < workers * IN_FLIGHT:
                at = next(chunks, None)
                if at is None:
                    break
                chunk = article_ids[at : at + CHUNK]
                pending.append(pool.submit(_chunk, url, chunk, options, accept, keep))
            if stopping:
                for future in pending:
                    future.cancel()  # those not started yet; the running ones finish
            if not pending:
                break
            future = pending.popleft()
            if future.cancelled():
                continue
            size, results = future.result()
            done += size
            yield from results
            if progress is not None:
                progress(done, total)
    finally:
        for future in pending:
            future.cancel()
