"""The façade: one open library and everything a script or the GUI does with it.

``Library.open(url)`` (or ``Library(url)``) opens, creates or upgrades a library. Its
managers group the work by subject and own the transactions; what they return is plain
data (dataclasses, lists, dicts of JSON values), never a database row:

- ``articles``: list and count, read one article (the reader's view, ``gloss show``'s view),
  the labels and languages in use;
- ``annotations``: run an undoable operation, the spans the reader paints, the tag at an offset;
- ``entities``: the entity registry: pages with counts, search, link proposals, link a tag,
  rename, aliases, external ids, merge, delete (changes undoable);
- ``suggestions``: tags and events proposed offline, accepted or rejected (undoable);
- ``translations``: translate articles, change a paragraph's translation (undoable);
- ``schema``: the active annotation schema, activate/load/save one;
- ``exchange``: import files and pasted text, export datasets, the formats of both.

Undoable changes are :mod:`core.annotation.ops` operations: a manager builds one, runs it
and returns it, so the caller (the GUI's undo stack, a script's :class:`History`) can undo it.
See ``docs/api.md`` for a tour with examples (they run in the tests).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from core import articles as _articles
from core import listing as _listing
from core.annotation import again as _again
from core.annotation import ops
from core.annotation.painting import Tag
from core.annotation.registry import EntityRow
from core.annotation.types import Schema
from core.articles import ArticleFields, ReaderArticle, ReaderParagraph
from core.config import database_url
from core.layers import layer_language
from core.library.entities import Entities
from core.library.manager import Manager as _Manager
from core.library.schemas import Schemas
from core.library.suggestions import Suggestions
from core.storage.db import Database, LibraryDetached, LibraryError, upgrade_pending
from core.translation.store import SAME as AS_IS

if TYPE_CHECKING:
    from core.annotation.painting import PaintedSpan
    from core.export.run import ExportOptions, ExportReport
    from core.ingest.pool import Started
    from core.ingest.report import ImportReport
    from core.translation.service import TranslateOptions, TranslationReport

__all__ = [
    "AS_IS", "ArticleFields", "EntityRow", "Library", "LibraryDetached", "LibraryError", "NotFound",
    "ReaderArticle", "ReaderParagraph", "Schema", "Tag", "layer_language",
]  # fmt: skip

NotFound = _articles.NotFound
ArticleFilter = _listing.ArticleFilter
Op = TypeVar("Op", bound=ops.Operation)
Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class Articles(_Manager):
    """Listing and reading articles."""

    def ids(self, flt: _listing.ArticleFilter | None = None) -> list[int]:
        with self._library.reading() as session:
            return _listing.filtered_ids(session, flt or ArticleFilter())

    def summaries(self, flt: _listing.ArticleFilter | None = None) -> list[dict[str, Any]]:
        """Summaries (id, title, source, url, languages, published, status…) in list order."""
        with self._library.reading() as session:
            return _listing.list_articles(session, flt or ArticleFilter())

    def count(self) -> int:
        with self._library.reading() as session:
            return _listing.count_articles(session)

    def published_span(self) -> tuple[dt.date, dt.date] | None:
        """The earliest and latest publication dates (None when no article has one)."""
        with self._library.reading() as session:
            return _listing.published_span(session)

    def rows(self, ids: list[int]) -> dict[int, dict[str, Any]]:
        """What a table shows for each id: summary, annotation count, translated or not."""
        with self._library.reading() as session:
            return _listing.row_summaries(session, ids)

    def status_counts(self) -> dict[str, int]:
        """How many articles have each status."""
        with self._library.reading() as session:
            return _listing.status_counts(session)

    def next_to_do(self, ids: list[int]) -> int | None:
        """The first of ``ids`` (a list in its order) that is not done (the schema's
        ``done_status``); None when every one is."""
        done = self._library.schema.current().done_status
        with self._library.reading() as session:
            return _listing.first_not_in(session, ids, {done} if done else set())

    def labels(self) -> list[str]:
        with self._library.reading() as session:
            return _listing.labels_in_library(session)

    def languages(self) -> list[str]:
        with self._library.reading() as session:
            return _listing.languages_in_library(session)

    def reader(self, article_id: int, target: str) -> ReaderArticle:
        """The article as the reader shows it: paragraphs with their ``target`` translation."""
        with self._library.reading() as session:
            return _articles.reader_data(session, article_id, target)

    def detail(self, article_id: int) -> dict[str, Any]:
        """Everything about one article: ``gloss show ID --json``."""
        with self._library.reading() as session:
            return _articles.article_detail(session, article_id)

    def fields(self, article_id: int) -> ArticleFields | None:
        """Status, labels and notes (what a person sets while reading)."""
        with self._library.reading() as session:
            return _articles.article_fields(session, article_id)

    def review_lines(self, article_id: int) -> list[str]:
        """The article's tags and events needing review, one line each with its reason."""
        return _articles.review_lines(self.detail(article_id))

    def events(self, article_id: int) -> list[dict[str, Any]]:
        with self._library.reading() as session:
            return _articles.article_events(session, article_id)

    def mentions(self, ids: Iterable[int]) -> dict[int, dict[str, Any]]:
        with self._library.reading() as session:
            return _articles.mentions_by_id(session, set(ids))

    def filter_problems(self, flt: _listing.ArticleFilter, types: Iterable[str] = ()) -> list[str]:
        """What in a filter names nothing in this library (a status the schema lacks, an
        annotator who never annotated, a label no article has, an unknown type), one line
        each with what is known: a typo must not pass as an empty result."""
        problems = []
        schema = self._library.schema.current()
        statuses = schema.statuses
        if flt.status and statuses and flt.status not in statuses:
            problems.append(f"status {flt.status!r} is not one of: {', '.join(statuses)}")
        if flt.annotator:
            known = self._library.exchange.annotators()
            if flt.annotator not in known:
                listed = ", ".join(known) or "nobody has annotated yet"
                problems.append(f"annotator {flt.annotator!r} is unknown (known: {listed})")
        if flt.label:
            labels = self.labels()
            if flt.label not in labels:
                listed = ", ".join(labels) or "no article has a label"
                problems.append(f"label {flt.label!r} is on no article (labels: {listed})")
        wanted = set(types)
        if wanted:
            known_types = {t.key for t in schema.types} | set(self._library.schema.unknown_types())
            for name in sorted(wanted - known_types):
                listed = ", ".join(sorted(known_types))
                problems.append(
                    f"type {name!r} is neither in the schema nor used (known: {listed})"
                )
        return problems

    def delete(self, article_ids: list[int]) -> ops.DeleteArticles:
        """Delete articles with their annotations and translations (undoable whole)."""
        return self._library.annotations.run(ops.DeleteArticles(list(article_ids)))

    def set_field(self, article_id: int, name: str, value: Any) -> ops.SetArticleField:
        """Status, labels, notes, title, source, url, published (ISO date) or language
        (undoable); an ``AnnotationError`` says what is wrong with a value."""
        return self._library.annotations.run(ops.SetArticleField(article_id, name, value))


class Annotations(_Manager):
    """Tags (mentions), events and their arguments: every change is an undoable operation."""

    def run(self, op: Op) -> Op:
        """Do ``op`` now (one transaction) and return it, ready to be undone; or change
        nothing and say why (an ``AnnotationError``, naming an article deleted meanwhile)."""
        _again.do(self._library, op)
        return op

    def undo(self, op: ops.Operation) -> None:
        """Undo ``op`` whole, or change nothing and say why (an ``AnnotationError``)."""
        _again.undo(self._library, op)

    def redo(self, op: ops.Operation) -> None:
        """Do ``op`` again after its undo (the same rows, same ids), or say why not."""
        _again.redo(self._library, op)

    def run_all(self, steps: list[ops.Operation]) -> None:
        """Several operations as one step (a form's fields): all done, or — one refused —
        those done already taken back and the refusal raised. ``undo_all``, ``redo_all``:
        the same for the step's undo and redo."""
        _again.do_all(self._library, steps)

    def undo_all(self, steps: list[ops.Operation]) -> None:
        _again.undo_all(self._library, steps)

    def redo_all(self, steps: list[ops.Operation]) -> None:
        _again.redo_all(self._library, steps)

    def tag(
        self,
        article_id: int,
        start: int,
        end: int,
        label: str,
        layer: str = "original",
        annotator: str | None = None,
    ) -> ops.AddMention:
        """Tag the words ``start:end`` (code points of ``layer``); ``op.mention_id`` is the tag."""
        return self.run(ops.AddMention(article_id, start, end, label, layer, annotator))

    def add_event(
        self,
        article_id: int,
        type_: str,
        start: int,
        end: int,
        layer: str = "original",
        annotator: str | None = None,
    ) -> ops.AddEvent:
        """An event of ``type_`` whose trigger is the words ``start:end``."""
        return self.run(ops.AddEvent(article_id, type_, start, end, layer, annotator))

    def add_argument(
        self, event_id: int, role: str, mention_id: int, annotator: str | None = None
    ) -> ops.AddArgument:
        """``op.warnings`` says when the tag's type does not suit the role (kept anyway)."""
        return self.run(ops.AddArgument(event_id, role, mention_id, annotator))

    def word_step(self, mention_id: int, edge: str, direction: int) -> tuple[int, int] | None:
        """The tag's span with its ``edge`` ("start" or "end") moved a word to the right
        (+1) or left (-1); None when it cannot move (a paragraph's end, its last word)."""
        from core.annotation.service import get_mention, layer_text
        from core.text.spans import by_word

        with self._library.reading() as session:
            mention = get_mention(session, mention_id)
            text = layer_text(session, mention.article_id, mention.layer)
            span = (mention.start, mention.end)
        moved = by_word(text, *span, edge, direction)
        return None if moved == span else moved

    def resize_by_word(self, mention_id: int, edge: str, direction: int) -> ops.Resize | None:
        """:meth:`word_step`, done (undoable)."""
        moved = self.word_step(mention_id, edge, direction)
        return None if moved is None else self.run(ops.Resize(mention_id, *moved))

    def set_attribute(self, event_id: int, key: str, value: Any) -> ops.SetAttribute:
        return self.run(ops.SetAttribute(event_id, key, value))

    def painted(self, article_id: int) -> list[PaintedSpan]:
        """Every span the reader paints (tags and triggers, both layers)."""
        from core.annotation.painting import painted_spans

        with self._library.reading() as session:
            return painted_spans(session, article_id)

    def mention_at(self, article_id: int, layer: str, offset: int) -> Tag | None:
        """The innermost tag covering ``offset`` of ``layer``."""
        from core.annotation.painting import innermost_mention

        with self._library.reading() as session:
            return innermost_mention(session, article_id, layer, offset)


class Translations(_Manager):
    """Machine translation (cached) and translations edited by hand."""

    def translate(
        self,
        article_ids: list[int],
        options: TranslateOptions,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> TranslationReport:
        from core.translation.service import translate_articles

        return translate_articles(self._library, article_ids, options, progress, cancelled)

    def edit(self, article_id: int, index: int, target: str, text: str) -> ops.EditTranslation:
        """Replace paragraph ``index``'s ``target`` translation by ``text`` (undoable);
        ``op.flagged`` counts the tags whose words left it (marked for review)."""
        op = ops.EditTranslation(article_id, target, index=index, text=text)
        return self._library.annotations.run(op)


class Exchange(_Manager):
    """Articles and datasets in and out."""

    def import_paths(
        self,
        paths: list[str | Path],
        progress: Callable[[int, int, str], None] | None = None,
        cancelled: Cancelled | None = None,
        fmt: str = "auto",
        max_bytes: int | None = None,
        started: Started | None = None,
    ) -> ImportReport:
        """Files and folders; ``fmt`` "auto" reads each by its name, then its content.
        ``started``: the same import set going before the library opened
        (:func:`core.ingest.pool.start`: the workers read while the library opens)."""
        from core.ingest.run import import_paths

        return import_paths(
            self._library, paths, fmt, max_bytes, progress=progress, cancelled=cancelled,
            started=started,
        )  # fmt: skip

    def import_text(
        self,
        text: str,
        title: str = "",
        fmt: str = "txt",
        source: str = "",
        url: str = "",
        published: dt.date | None = None,
    ) -> ImportReport:
        """Pasted text as a new article (title: the first line, or its first sentence,
        unless given)."""
        from core.ingest.readers.base import Details
        from core.ingest.run import import_text

        details = Details(title, source, url, published)
        return import_text(self._library, text, fmt=fmt, details=details)

    def export(
        self,
        selection: _listing.ArticleFilter | list[int],
        output: Path,
        options: ExportOptions,
        progress: Progress | None = None,
        cancelled: Cancelled | None = None,
    ) -> ExportReport:
        """Export the articles of a filter (or a list of ids) to ``output``."""
        from core.export.run import export

        ids = (
            sorted(self._library.articles.ids(selection))
            if isinstance(selection, _listing.ArticleFilter)
            else list(selection)
        )
        return export(self._library, ids, output, options, progress, cancelled)

    def annotators(self) -> list[str]:
        """Everyone who annotated in this library, by name."""
        from core.export.rows import annotator_names

        with self._library.reading() as session:
            return sorted(annotator_names(session).values())


class Library(Database):
    """An open library: the database (units of work) plus the managers above."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.articles = Articles(self)
        self.annotations = Annotations(self)
        self.entities = Entities(self)
        self.suggestions = Suggestions(self)
        self.translations = Translations(self)
        self.schema = Schemas(self)
        self.exchange = Exchange(self)

    @staticmethod
    def needs_upgrade(url: str) -> bool:
        """Whether opening ``url`` first upgrades a library made by an older Gloss."""
        return upgrade_pending(url)

    @classmethod
    def open(cls, url: str | None = None) -> Library:
        """The library at ``url`` (an SQLAlchemy URL or a file path); by default the one
        ``--db``/``GLOSS_DB`` or the user data folder names."""
        return cls(database_url(url))
