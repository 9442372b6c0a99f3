"""Translate articles paragraph by paragraph: cache first, then bounded parallel calls, each
with a deadline; every finished paragraph is committed at once, so a failure or a cancel
keeps all that was already translated.
"""

from __future__ import annotations

import html
import queue
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from core.storage.db import Database
from core.storage.models import Article, Paragraph, Translation
from core.translation import chunks, http, store
from core.translation.errors import TranslationFailed, classify
from core.translation.providers import AUTO, PROVIDERS, ProviderConfig, build

Progress = Callable[[int, int], None]


@dataclass
class TranslateOptions:
    provider: ProviderConfig = field(default_factory=ProviderConfig)
    target: str = "en"
    timeout: float = 30.0  # seconds for one call
    workers: int = 6  # parallel calls: polite to the service, and enough to hide latency
    force: bool = False  # also replace translations edited by hand
    include_boilerplate: bool = False


@dataclass
class Outcome:
    article_id: int
    index: int
    status: str  # translated, cached, same-language, kept-edited, boilerplate, failed, cancelled
    error: str = ""
    kind: str = ""


@dataclass
class TranslationReport:
    outcomes: list[Outcome] = field(default_factory=list)
    requests: int = 0
    cancelled: bool = False

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for outcome in self.outcomes:
            out[outcome.status] += 1
        return dict(out)

    def to_json(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "cancelled": self.cancelled,
            "counts": self.counts(),
            "failed": [
                {"article_id": o.article_id, "index": o.index, "kind": o.kind, "error": o.error}
                for o in self.failed
            ],
        }


@dataclass
class _Paragraph:
    article_id: int
    paragraph_id: int
    index: int
    source: str
    pieces: list[str]
    results: dict[int, str] = field(default_factory=dict)
    error: TranslationFailed | None = None
    sent: bool = False  # some piece went to the service (not all from the cache)
    finished: bool = False


@dataclass(frozen=True)
class _Call:
    text: str
    source: str


class _DaemonPool:
    """A few daemon threads taking calls from a queue. Unlike ThreadPoolExecutor's workers
    they are not joined when the program exits, so a call abandoned at its deadline never
    holds up quitting the app."""

    def __init__(self, workers: int) -> None:
        self._jobs: queue.SimpleQueue[tuple[Future[str], Callable[[Any], str], Any] | None]
        self._jobs = queue.SimpleQueue()
        self._threads = [
            threading.Thread(target=self._work, name=f"gloss-translate-{n}", daemon=True)
            for n in range(max(1, workers))
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, fn: Callable[[Any], str], arg: Any) -> Future[str]:
        future: Future[str] = Future()
        self._jobs.put((future, fn, arg))
        return future

    def _work(self) -> None:
        while (job := self._jobs.get()) is not None:
            future, fn, arg = job
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn(arg))
            except BaseException as exc:
                future.set_exception(exc)

    def shutdown(self) -> None:
        for _thread in self._threads:
            self._jobs.put(None)


class Translator:
    def __init__(self, library: Database, options: TranslateOptions) -> None:
        if options.provider.name not in PROVIDERS:
            raise ValueError(f"unknown provider {options.provider.name!r}")
        self.library = library
        self.options = options
        self.spec = PROVIDERS[options.provider.name]
        self.report = TranslationReport()
        self._lock = threading.Lock()

    # -- planning --------------------------------------------------------------------------
    def _plan(self, article_ids: list[int]) -> list[_Paragraph]:
        target = self.options.target
        todo: list[_Paragraph] = []
        with self.library.session() as session:
            for article_id in article_ids:
                article = session.get(Article, article_id)
                if article is None:
                    raise LookupError(f"no article with id {article_id}")
                rows = session.scalars(
                    select(Paragraph)
                    .where(Paragraph.article_id == article_id)
                    .order_by(Paragraph.index)
                ).all()
                edited = set(
                    session.scalars(
                        select(Translation.paragraph_id).where(
                            Translation.paragraph_id.in_([p.id for p in rows]),
                            Translation.target_lang == target,
                            Translation.edited,
                        )
                    )
                )
                for p in rows:
                    text = article.text[p.start : p.end]
                    if p.boilerplate and not self.options.include_boilerplate:
                        self._outcome(article_id, p.index, "boilerplate")
                    elif p.id in edited and not self.options.force:
                        self._outcome(article_id, p.index, "kept-edited")
                    elif p.language == target:
                        store.save(session, p.id, target, text, store.SAME, edited=False)
                        self._outcome(article_id, p.index, "same-language")
                    else:
                        source = p.language if p.language != "und" else article.language
                        if source == "und" and self.spec.auto_source:
                            source = AUTO
                        pieces = chunks.split(text, self.spec.max_chars, source)
                        todo.append(_Paragraph(article_id, p.id, p.index, source, pieces))
        return todo

    def _outcome(self, article_id: int, index: int, status: str, error: Any = None) -> None:
        with self._lock:
            self.report.outcomes.append(
                Outcome(
                    article_id,
                    index,
                    status,
                    error.message if error else "",
                    error.kind if error else "",
                )
            )

    # -- calling ---------------------------------------------------------------------------
    def _call(self, call: _Call) -> str:
        with self._lock:
            self.report.requests += 1
        try:
            # Every HTTP call made here (building the translator may make one) ends by the
            # deadline, whatever the server does: the thread is free again by then.
            with http.bounded(self.options.timeout, self.spec.credentials):
                translator = build(self.options.provider, call.source, self.options.target)
                result = translator.translate(call.text)
        except BaseException as exc:
            raise classify(exc, http.last_status()) from exc
        if not isinstance(result, str) or (call.text.strip() and not result.strip()):
            raise TranslationFailed("garbage", "the service returned an empty or odd answer")
        result = html.unescape(result)
        # Stored the moment it arrives, by this thread: an answer (often paid for) survives a
        # kill of the process a moment later, and a run started again finds it in the cache.
        provider = self.options.provider.cache_key
        with self.library.session() as session:
            store.remember(session, call.text, result, provider, call.source, self.options.target)
        return result

    def run(
        self,
        article_ids: list[int],
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> TranslationReport:
        todo = self._plan(article_ids)
        provider = self.options.provider.cache_key
        target = self.options.target
        total = len(todo)
        done = 0

        # Cache first: the same text, provider and languages never goes out twice.
        waiting: dict[_Call, list[tuple[_Paragraph, int]]] = defaultdict(list)
        with self.library.session() as session:
            for para in todo:
                for n, piece in enumerate(para.pieces):
                    hit = store.cached(session, piece, provider, para.source, target)
                    if hit is not None:
                        para.results[n] = hit
                    else:
                        waiting[_Call(piece, para.source)].append((para, n))

        def finish(para: _Paragraph) -> None:
            nonlocal done
            if para.finished:
                return
            para.finished = True
            done += 1
            if para.error is not None:
                self._outcome(para.article_id, para.index, "failed", para.error)
            else:
                with self.library.session() as session:
                    text = chunks.join([para.results[n] for n in range(len(para.pieces))])
                    name = self.options.provider.name
                    store.save(session, para.paragraph_id, target, text, name, edited=False)
                status = "translated" if para.sent else "cached"
                self._outcome(para.article_id, para.index, status)
            if progress is not None:
                progress(done, total)

        for calls in waiting.values():
            for para, _n in calls:
                para.sent = True
        for para in todo:
            if len(para.results) == len(para.pieces):
                finish(para)
        if waiting:
            self._run_calls(waiting, finish, cancelled)
        return self.report

    def _cancel_call(self, paragraphs: list[tuple[_Paragraph, int]]) -> None:
        for para, _n in paragraphs:
            if not para.finished:
                para.finished = True
                self._outcome(para.article_id, para.index, "cancelled")

    def _run_calls(
        self,
        waiting: dict[_Call, list[tuple[_Paragraph, int]]],
        finish: Callable[[_Paragraph], None],
        cancelled: Callable[[], bool] | None,
    ) -> None:
        started: dict[_Call, float] = {}
        pool = _DaemonPool(self.options.workers)

        def timed(call: _Call) -> str:
            started[call] = time.monotonic()
            return self._call(call)

        futures: dict[Future[str], _Call] = {pool.submit(timed, call): call for call in waiting}
        grace_until: float | None = None
        remaining = set(futures)

        def settle(call: _Call, result: str | None, error: TranslationFailed | None) -> None:
            for para, n in waiting[call]:
                if result is not None:
                    para.results[n] = result
                elif para.error is None:
                    para.error = error
                if para.error is not None or len(para.results) == len(para.pieces):
                    finish(para)

        try:
            while remaining:
                finished, _ = wait(remaining, timeout=0.1, return_when=FIRST_COMPLETED)
                for future in finished:
                    remaining.discard(future)
                    try:
                        settle(futures[future], future.result(), None)
                    except TranslationFailed as exc:
                        settle(futures[future], None, exc)
                now = time.monotonic()
                for future in list(remaining):
                    begun = started.get(futures[future])
                    if begun is not None and now - begun > self.options.timeout:
                        remaining.discard(future)  # abandoned: its thread ends with the socket
                        limit = f"{self.options.timeout:g}"
                        settle(
                            futures[future],
                            None,
                            TranslationFailed("timeout", f"no answer within {limit} s"),
                        )
                if cancelled is not None and cancelled() and remaining:
                    if grace_until is None:
                        # Calls not started are dropped; calls in flight may still land.
                        self.report.cancelled = True
                        grace_until = now + min(CANCEL_GRACE, self.options.timeout)
                        for future in list(remaining):
                            if future.cancel():
                                remaining.discard(future)
                                self._cancel_call(waiting[futures[future]])
                    elif now > grace_until:
                        for future in list(remaining):
                            remaining.discard(future)
                            self._cancel_call(waiting[futures[future]])
        finally:
            pool.shutdown()


CANCEL_GRACE = 2.0  # seconds a cancelled run still waits for calls already in flight


def translate_articles(
    library: Database,
    article_ids: list[int],
    options: TranslateOptions,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> TranslationReport:
    return Translator(library, options).run(article_ids, progress, cancelled)


def options_for(
    provider: str,
    url: str = "",
    target: str = "en",
    timeout: float = 30.0,
    api_key: str | None = None,
    workers: int | None = None,
    force: bool = False,
) -> TranslateOptions:
    """Translation options as the CLI and the app both build them: the provider's API key
    comes from the keyring unless given."""
    from core.secrets import get_api_key

    key = api_key if api_key is not None else get_api_key(provider)
    options = TranslateOptions(
        provider=ProviderConfig(provider, url=url or "", api_key=key),
        target=target,
        timeout=timeout,
        force=force,
    )
    if workers is not None:
        options.workers = workers
    return options
