"""The façade's suggestions: for one article (fast enough to run as it opens) or for many in
the background (pre-annotation), accepted or rejected as undoable steps."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.annotation import schema as _schema
from core.library.manager import Manager
from core.storage.models import Entity, Mention
from core.suggest import ops
from core.suggest.article import (
    SUGGESTER,
    ArticleSuggestions,
    EventSuggestion,
    knowledge,
    suggest,
    teaching,
)
from core.suggest.engine import Knowledge, Options, Suggestion
from core.suggest.trained import Trained

ANNOTATOR = SUGGESTER  # who accepts suggestions in bulk (`gloss suggest --accept`, Pre-annotate)


class Suggestions(Manager):
    """Tags and events proposed by the library's registry and tags, gazetteers, rules and
    statistical NER (``core.suggest``)."""

    _known: tuple[tuple[object, ...], Knowledge] | None = None
    _model: tuple[float, Any] = (-1.0, None)  # (when the model file was saved, the model)

    def _knowledge(self, session: Session) -> Knowledge:
        """Read again when tags were added or removed, or entities changed (a tag whose type
        changed is learned at the next addition: no scan of every tag's time on each call)."""
        schema = _schema.current(session)
        teaches = teaching(schema.done_status)  # not pre-annotation's unreviewed tags
        key = (
            session.scalar(select(func.count(Mention.id)).where(teaches)),
            session.scalar(select(func.max(Mention.id)).where(teaches)),
            session.scalar(select(func.count(Entity.id))),
            session.scalar(select(func.max(Entity.updated_at))),
        )
        if self._known is None or self._known[0] != key:
            self._known = (key, knowledge(session, schema))
        self._known[1].trained = self._trained_model()
        return self._known[1]

    def _trained_model(self) -> Any:
        """The model trained on this library's tags, read again when a training saved a new
        one (in this process or another: the app's training runs in its own process)."""
        from core.library.training import folder_for
        from core.suggest import trained

        meta = folder_for(self._library.url) / trained.META
        try:
            saved = meta.stat().st_mtime
        except OSError:
            saved = 0.0
        if saved != self._model[0]:
            model = trained.load_model(meta.parent) if saved else None
            self._model = (saved, model)
        return self._model[1]

    def model(self) -> Trained | None:
        """What the saved model of this library was trained on (None: no model yet)."""
        from core.library.training import folder_for
        from core.suggest import trained

        return trained.read_meta(folder_for(self._library.url))

    def train(
        self,
        force: bool = False,
        cancelled: Callable[[], bool] | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> Trained | None:
        """Train the ``trained`` source's model on the library's tags and save it, if enough
        changed since the last training (or ``force``). Returns what it was trained on, or
        None when nothing was trained (nothing new, too few tags, cancelled, no spaCy)."""
        from core.library import training
        from core.suggest import trained

        config = trained.settings()
        with self._library.reading() as session:
            schema = _schema.current(session)
            labels = frozenset(t.key for t in schema.entity_types)
            now = training.state(session, labels, schema.done_status)
            saved = self.model()
            if not force and saved is not None and not trained.changed(now, saved):
                return None
            examples = training.examples(
                session, labels, int(config["max_paragraphs"]), schema.done_status
            )
        if not examples or (not force and not trained.enough(len(examples))):
            return None
        began = time.perf_counter()
        nlp = trained.train(examples, cancelled, progress)
        if nlp is None:
            return None
        done = Trained(
            len(examples), sum(len(tags) for _t, tags in examples),
            tuple(sorted({label for _t, tags in examples for _s, _e, label in tags})),
            now, time.perf_counter() - began,
        )  # fmt: skip
        trained.save(nlp, training.folder_for(self._library.url), done)
        return done

    def article(self, article_id: int, options: Options | None = None) -> ArticleSuggestions:
        with self._library.reading() as session:
            schema = _schema.current(session)
            return suggest(
                session, article_id, schema, self._knowledge(session), options or Options()
            )

    def many(
        self,
        article_ids: list[int],
        options: Options | None = None,
        accept: bool = False,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> Iterator[ArticleSuggestions]:
        """Suggestions for each article, one at a time as they are made (nothing piles up:
        memory stays flat over a whole library), accepted as ``gloss-suggest`` if ``accept``;
        progress and cancel; the library's knowledge is read once."""
        with self._library.reading() as session:
            schema = _schema.current(session)
            known = self._knowledge(session)
        for n, article_id in enumerate(article_ids, start=1):
            if cancelled is not None and cancelled():
                break
            with self._library.reading() as session:
                found = suggest(session, article_id, schema, known, options or Options())
            if accept:
                self.accept_article(article_id, found.spans, found.events, ANNOTATOR)
            yield found
            if progress is not None:
                progress(n, len(article_ids))

    def accept(
        self, article_id: int, items: list[Suggestion], annotator: str | None = None
    ) -> ops.AcceptSuggestions:
        return self._library.annotations.run(
            ops.AcceptSuggestions(article_id, list(items), annotator)
        )

    def accept_article(
        self,
        article_id: int,
        items: list[Suggestion],
        events: list[EventSuggestion],
        annotator: str | None = None,
    ) -> ops.AcceptArticle:
        """An article's suggested tags and events, stored in one unit of work (one undoable
        step)."""
        return self._library.annotations.run(
            ops.AcceptArticle(article_id, list(items), list(events), annotator)
        )

    def accept_event(
        self, article_id: int, event: EventSuggestion, annotator: str | None = None
    ) -> ops.AcceptEvent:
        return self._library.annotations.run(ops.AcceptEvent(article_id, event, annotator))

    def reject(self, article_id: int, items: list[Suggestion]) -> ops.RejectSuggestions:
        return self._library.annotations.run(ops.RejectSuggestions(article_id, list(items)))
