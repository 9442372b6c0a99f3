"""Editing an article's details and deleting articles, undoably, on real SQLite files."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.annotation.service import AnnotationError
from core.export.native import export_lines
from core.ingest.run import import_text
from core.library import Library

TEXT = "Frappe sur Kyiv\n\nLa Russie a lancé 188 drones contre Kyiv dans la nuit."
FIELDS = ("title", "source", "url", "published", "language")


def test_details_are_edited_checked_and_undone(library: Library) -> None:
    article_id = import_text(library, TEXT).imported[0]["id"]
    before = library.articles.detail(article_id)
    done = [
        library.articles.set_field(article_id, name, value)
        for name, value in (
            ("title", "  Frappe de drones  "), ("source", "AFP"), ("url", "https://example.org/a"),
            ("published", "2024-11-26"), ("language", "FR"),
        )
    ]  # fmt: skip
    detail = library.articles.detail(article_id)
    assert (detail["title"], detail["source"], detail["url"]) == (
        "Frappe de drones", "AFP", "https://example.org/a"
    )  # fmt: skip
    assert detail["published"] == "2024-11-26" and detail["language"] == "fr"
    assert library.articles.summaries()[0]["title"] == "Frappe de drones"
    assert library.articles.ids(__import__("core.library", fromlist=["ArticleFilter"])
                                .ArticleFilter(search="Frappe de drones")) == [article_id]  # fmt: skip
    for bad in (("published", "26/11/2024"), ("language", "French"), ("title", "  ")):
        with pytest.raises(AnnotationError):
            library.articles.set_field(article_id, *bad)
    for op in reversed(done):
        op.undo(library)
    after = library.articles.detail(article_id)
    assert {k: after[k] for k in FIELDS} == {k: before[k] for k in FIELDS}


def _state(library: Library) -> list[dict]:
    with library.reading() as session:
        return [json.loads(line) for line in export_lines(session, library.articles.ids())]


def _build(library: Library) -> None:
    for n in range(5):
        text = f"Titre {n}\n\nLa Russie a lancé {100 + n} drones contre Kyiv cette nuit."
        article_id = import_text(library, text).imported[0]["id"]
        start = text.index("Kyiv")
        tag = library.annotations.tag(article_id, start, start + 4, "GPE")
        library.entities.link(tag.mention_id, "Kyiv")
        trigger = text.index("lancé")
        event = library.annotations.add_event(article_id, "AIR_DRONE_STRIKE", trigger, trigger + 5)
        library.annotations.add_argument(event.event_id, "Target", tag.mention_id)
        library.annotations.set_attribute(event.event_id, "launched", 100 + n)
        library.translations.edit(article_id, 1, "en", f"Russia launched {100 + n} drones.")


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(chosen=st.sets(st.integers(min_value=0, max_value=4), min_size=1))
def test_deleting_articles_then_undoing_restores_everything(
    library: Library, chosen: set[int]
) -> None:
    """Invariant: delete any articles, undo, and the library is as it was (text,
    translations, tags, entity links, events), identical in a native export."""
    if not library.articles.ids():
        _build(library)
    before, ids = _state(library), library.articles.ids()
    doomed = [ids[n] for n in sorted(chosen)]
    op = library.articles.delete(doomed)
    assert library.articles.ids() == [i for i in ids if i not in doomed]
    assert all(library.articles.events(i) == [] for i in doomed)
    op.undo(library)
    assert library.articles.ids() == ids
    assert _state(library) == before
    op.do(library)  # redo: gone again
    assert library.articles.ids() == [i for i in ids if i not in doomed]
    op.undo(library)


def test_near_duplicate_links_come_back(library: Library) -> None:
    from tests.test_import import LONG

    first = import_text(library, LONG).imported[0]["id"]
    second = import_text(library, LONG.replace("dozens", "scores", 1)).imported[0]
    assert second["near_duplicate_of"] == first
    op = library.articles.delete([first])
    assert library.articles.detail(second["id"])["near_duplicate_of"] is None
    op.undo(library)
    assert library.articles.detail(second["id"])["near_duplicate_of"] == first
