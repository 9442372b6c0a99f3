"""Events made together (accepting a pre-annotated article): checked as one made alone is,
all or none, and written in a number of statements that does not grow with them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from core.annotation import service
from core.annotation.history import History
from core.annotation.new_events import NewEvent, add_events
from core.annotation.service import AnnotationError
from core.ingest.run import import_text
from core.library import Library

TEXT = "La Russie a lancé 35 drones ; 30 ont été abattus par l'Ukraine mardi."


def tags(library: Library, article: int) -> dict[str, int]:
    """The article's words tagged: Russie GPE, 35 drones QTY, 30 QTY, Ukraine GPE."""
    found = {"Russie": "GPE", "35 drones": "QTY", "30": "QTY", "Ukraine": "GPE"}
    with library.session() as session:
        new = [service.NewTag(TEXT.index(w), TEXT.index(w) + len(w), label)
               for w, label in found.items()]  # fmt: skip
        made = service.add_mentions(session, article, new, "alice")
        return {m.text: m.id for m in made}


def test_events_made_together_are_checked_all_or_none(library: Library) -> None:
    article = int(import_text(library, TEXT).imported[0]["id"])
    other = int(import_text(library, "Kiev et Moscou, autre texte.").imported[0]["id"])
    ids = tags(library, article)
    with library.session() as session:
        [stranger] = service.add_mentions(session, other, [service.NewTag(0, 4, "GPE")])
        stranger_id = stranger.id
    at = TEXT.index("abattus")
    good = NewEvent("INTERCEPTION", at, at + 7, origin="suggested by triggers",
                    arguments=[("Defender", ids["Ukraine"])],
                    attributes=[("intercepted", 30), ("intercepted_evidence", ids["30"]),
                                ("date_start", "2025-11-25")])  # fmt: skip
    for bad, why in (
        (good._replace(type="NOPE"), "not an event type"),
        (good._replace(arguments=[("Nobody", ids["Russie"])]), "has no role"),
        (good._replace(arguments=[("Defender", stranger_id)]), "no tag with id"),
        (good._replace(attributes=[("intercepted", "trente")]), "whole number"),
        (good._replace(attributes=[("launched_evidence", stranger_id)]), "no tag with id"),
        (good._replace(attributes=[("certainty", "sure")]), "one of"),
        (good._replace(attributes=[("colour", "red")]), "not an event attribute"),
        (good._replace(start=3, end=200), "outside the text"),
        (good._replace(start=TEXT.index(";"), end=TEXT.index(";") + 1), "holds no word"),
    ):
        with pytest.raises(AnnotationError, match=why), library.session() as session:
            add_events(session, article, [good, bad], "bob")
        assert library.articles.events(article) == []  # the good one neither
    with library.session() as session:
        [made] = add_events(session, article, [good], "bob")
        made_id = made.id
    [stored] = library.articles.events(article)
    assert stored["id"] == made_id and stored["trigger"]["text"] == "abattus"
    assert stored["attributes"] == {"intercepted": 30, "intercepted_evidence": ids["30"],
                                    "date_start": "2025-11-25"}  # fmt: skip
    assert [(a["role"], a["mention_id"]) for a in stored["arguments"]] == [
        ("Defender", ids["Ukraine"])
    ]


@contextmanager
def statements(library: Library) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(_conn, _cursor, sql, *_args) -> None:  # type: ignore[no-untyped-def]
        seen.append(sql)

    event.listen(library.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(library.engine, "before_cursor_execute", count)


def test_an_articles_events_cost_one_statement_each(library: Library) -> None:
    """As found profiling pre-annotation: each suggested event took a dozen statements or
    more (its row, each argument and attribute apart, the article's text and each tag read
    again), two fifths of the time an article took to store. Now a new row is one INSERT
    (SQLite gives new ids back a row at a time) and nothing else grows with the events."""
    sentence = "Selon l'armée de l'air, 30 des 35 drones lancés par la Russie ont été abattus."
    counts = []
    for copies in (1, 6):
        text = "\n\n".join([sentence] * copies)
        article = int(import_text(library, text).imported[0]["id"])
        found = library.suggestions.article(article)
        assert len(found.events) >= copies and any(e.arguments for e in found.events)
        history = History(library)
        with statements(library) as seen:
            history.push(library.suggestions.accept_article(article, found.spans, found.events))
        events = library.articles.events(article)
        rows = len(events) + len(library.articles.detail(article)["entities"])
        counts.append((len(seen), rows))
        assert len(events) == len(found.events)
        assert sum(1 for e in events if e["attributes"].get("intercepted") == 30) == copies
        history.undo()
        assert library.articles.events(article) == []
        history.redo()
        assert [e["id"] for e in library.articles.events(article)] == [e["id"] for e in events]
    (few, rows_few), (many, rows_many) = counts
    assert many - few <= rows_many - rows_few, counts
