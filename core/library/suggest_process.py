"""Suggestions computed in a process of their own: the models run there, so the app's
interpreter (its GUI thread) is never slowed by them (a thread would share its lock). The
process opens the library by its URL with its own connection, loads the models once and
keeps them for the next article; it is started on first use ("spawn": the app holds Qt
threads a fork would copy half-alive)."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from core.suggest.article import ArticleSuggestions
from core.suggest.engine import Options
from core.suggest.trained import Trained

_OPEN: dict[str, Any] = {}  # in the worker: url -> its Library
PRE_ANNOTATE_CHUNK = 20  # articles per round trip while pre-annotating (cancel between)


def _suggest(url: str, article_id: int, options: Options) -> ArticleSuggestions:
    from core.library import Library

    if url not in _OPEN:
        _OPEN[url] = Library(url)
    result: ArticleSuggestions = _OPEN[url].suggestions.article(article_id, options)
    return result


def _pre_annotate(url: str, article_ids: list[int], options: Options) -> int:
    from core.library import Library

    if url not in _OPEN:
        _OPEN[url] = Library(url)
    return sum(1 for _found in _OPEN[url].suggestions.many(article_ids, options, accept=True))


def _train(url: str, force: bool) -> Trained | None:
    from core.library import Library

    library = Library(url)
    try:
        return library.suggestions.train(force)
    finally:
        library.close()


class SuggestionProcess:
    """One worker process for one library: ``article`` blocks the calling thread (not the
    interpreter) until the suggestions are back. ``train`` trains the library's own model
    in another process (the suggestions go on meanwhile; the new model is read when saved)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._pool: ProcessPoolExecutor | None = None
        self._trainer: ProcessPoolExecutor | None = None

    def train(self, force: bool = False) -> Trained | None:
        """Train if enough tags changed since the last training, or ``force`` (None: nothing
        trained)."""
        if self._trainer is None:
            self._trainer = ProcessPoolExecutor(1, multiprocessing.get_context("spawn"))
        return self._trainer.submit(_train, self.url, force).result()

    def article(self, article_id: int, options: Options) -> ArticleSuggestions:
        return self._worker().submit(_suggest, self.url, article_id, options).result()

    def pre_annotate(
        self,
        article_ids: list[int],
        options: Options,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> int:
        """Store the suggestions of these articles, by ``gloss-suggest``, in the worker
        process, a few articles at a time (progress and cancel between them); returns how
        many articles were done."""
        done = 0
        for at in range(0, len(article_ids), PRE_ANNOTATE_CHUNK):
            if cancelled is not None and cancelled():
                break
            chunk = article_ids[at : at + PRE_ANNOTATE_CHUNK]
            done += self._worker().submit(_pre_annotate, self.url, chunk, options).result()
            if progress is not None:
                progress(done, len(article_ids))
        return done

    def _worker(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(1, multiprocessing.get_context("spawn"))
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        if self._trainer is not None:  # a training under way is dropped, the model kept
            for process in list(getattr(self._trainer, "_processes", {}).values()):
                process.terminate()
            self._trainer.shutdown(wait=True, cancel_futures=True)
            self._trainer = None


def usable(url: str) -> bool:
    """A library another process can open (not an in-memory SQLite)."""
    return ":memory:" not in url and url not in ("sqlite://", "sqlite:///")
