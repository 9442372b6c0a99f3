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


def open_library(url: str) -> Any:
    """In a worker: the library at ``url``, opened once and kept (with its loaded models)."""
    from core.library import Library

    if url not in _OPEN:
        _OPEN[url] = Library(url)
    return _OPEN[url]


def _suggest(url: str, article_id: int, options: Options) -> ArticleSuggestions:
    result: ArticleSuggestions = open_library(url).suggestions.article(article_id, options)
    return result


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
        """Store the suggestions of these articles, by ``gloss-suggest``, a few articles at a
        time (progress and cancel between them): in this worker process (its models are
        loaded) when few, else in a pool of one worker per core; returns how many articles
        were done."""
        from core.library import suggest_pool

        counted = [0]

        def count(done: int, total: int) -> None:
            counted[0] = done
            if progress is not None:
                progress(done, total)

        alone = suggest_pool.workers_for(len(article_ids)) == 1
        found = suggest_pool.suggest_many(
            self.url, article_ids, options, accept=True, keep=False, progress=count,
            cancelled=cancelled, pool=self._worker() if alone else None, workers=1 if alone else None,
        )  # fmt: skip
        for _nothing in found:
            pass
        return counted[0]

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
