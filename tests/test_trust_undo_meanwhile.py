"""Undo and redo after something else changed the library meanwhile: an import, another
window, a colleague on the same server. An undo puts back rows with the ids they had (later
steps on the undo stack name them), so an id must name one row forever: SQLite gave the id
of a deleted newest row to the next row made (found: undoing the deletion of the newest
article after an import failed with "UNIQUE constraint failed", and undoing a tag removed a
colleague's tag that had been given the same id). An undo that cannot be done says why and
changes nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select, text

from core.annotation import ops
from core.annotation.errors import AnnotationError
from core.ingest.run import import_text
from core.library import Library
from core.listing import ArticleFilter
from core.storage.db import downgrade_to, make_engine
from core.storage.models import RejectedSuggestion
from core.suggest.engine import Suggestion

TEXT = (
    "Frappes sur Kharkiv\n\n"
    "Dans la nuit de lundi à mardi, la Russie a lancé 42 drones sur Kharkiv.\n\n"
    "Le maire de la ville, Ihor Terekhov, a fait état de deux blessés."
)
TABLES = (  # whose rows an undo puts back with their ids
    "articles", "paragraphs", "translations", "entities", "mentions", "events",
    "event_arguments", "rejected_suggestions",
)  # fmt: skip
OTHER = "Grain ships keep sailing\n\nShips left Odesa on Tuesday despite the strikes."


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def two_writers(request: pytest.FixtureRequest, tmp_path) -> Iterator[tuple[Library, Library]]:  # type: ignore[no-untyped-def]
    """Two writers on one library (two windows, or two people on one server)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'library.sqlite'}"
    else:
        from tests.test_trust_concurrency import fresh_pg

        url = fresh_pg(request.getfixturevalue("pg_url"))
    first, second = Library(url), Library(url)
    yield first, second
    first.close()
    second.close()


def words(library: Library, article_id: int, word: str, nth: int = 0) -> tuple[int, int]:
    text = library.articles.detail(article_id)["text"]
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return start, start + len(word)


def tags(library: Library, article_id: int) -> list[tuple[int, str, str]]:
    return sorted(
        (t["id"], t["text"], t["label"]) for t in library.articles.detail(article_id)["entities"]
    )


def annotated(library: Library) -> tuple[int, int]:
    """Two articles, the newest with a tag, an event with an argument, a translated
    paragraph with a tag on it and a rejected suggestion: (older id, newest id)."""
    first = import_text(library, OTHER).imported[0]["id"]
    newest = import_text(library, TEXT).imported[0]["id"]
    tagged = library.annotations.tag(newest, *words(library, newest, "Kharkiv"), "GPE")
    event = library.annotations.add_event(
        newest, "AIR_DRONE_STRIKE", *words(library, newest, "lancé")
    )
    library.annotations.add_argument(event.event_id, "Target", tagged.mention_id)
    library.translations.edit(newest, 1, "en", "Overnight, Russia launched 42 drones at Kharkiv.")
    library.annotations.tag(newest, 11, 17, "GPE", layer="translation:en")
    library.suggestions.reject(newest, [Suggestion("original", 0, 7, "LOC", "Frappes", "rule", 1)])
    return first, newest


def test_undoing_the_deletion_of_the_newest_article_after_an_import(two_writers) -> None:  # type: ignore[no-untyped-def]
    """As found: delete the newest article, import a file, Ctrl+Z — "UNIQUE constraint
    failed: articles.id", the deleted article (with its tags) gone for good."""
    library, _ = two_writers
    first, newest = annotated(library)
    before = library.articles.detail(newest)
    deleted = library.articles.delete([newest])
    again = import_text(library, "Talks resume\n\nPrisoner exchange talks resumed on Monday.")
    imported = again.imported[0]["id"]
    assert imported != newest  # the deleted article's id is not given to another one

    deleted.undo(library)

    assert library.articles.detail(newest) == before  # back whole, same ids
    with library.reading() as session:
        rejected = session.scalars(select(RejectedSuggestion.label)).all()
    assert rejected == ["LOC"]  # what was rejected there stays rejected
    assert library.articles.detail(imported)["title"] == "Talks resume"
    assert sorted(library.articles.ids()) == sorted([first, newest, imported])


def test_undoing_a_tag_never_removes_another_writers_tag(two_writers) -> None:  # type: ignore[no-untyped-def]
    """As found: A tags a word; B removes that tag and tags another word, which SQLite gave
    the freed id; A's Ctrl+Z removed B's tag."""
    a, b = two_writers
    article = import_text(a, TEXT).imported[0]["id"]
    mine = a.annotations.tag(article, *words(a, article, "Kharkiv"), "GPE")
    assert mine.mention_id is not None
    b.annotations.run(ops.RemoveMention(mine.mention_id))
    theirs = b.annotations.tag(article, *words(b, article, "Ihor Terekhov"), "PER")
    assert theirs.mention_id != mine.mention_id

    mine.undo(a)

    assert [(text, label) for _id, text, label in tags(a, article)] == [("Ihor Terekhov", "PER")]


def test_undoing_a_removal_after_another_writer_tagged_keeps_both(two_writers) -> None:  # type: ignore[no-untyped-def]
    """As found: "UNIQUE constraint failed: mentions.id" — the removed tag could not come
    back, because the other writer's new tag had been given its id."""
    a, b = two_writers
    article = import_text(a, TEXT).imported[0]["id"]
    tagged = a.annotations.tag(article, *words(a, article, "Kharkiv"), "GPE")
    assert tagged.mention_id is not None
    removed = a.annotations.run(ops.RemoveMention(tagged.mention_id))
    theirs = b.annotations.tag(article, *words(b, article, "Russie"), "GPE")

    removed.undo(a)

    assert tags(a, article) == sorted(
        [(tagged.mention_id, "Kharkiv", "GPE"), (theirs.mention_id, "Russie", "GPE")]
    )


def test_rejecting_a_suggestion_undone_keeps_another_writers_rejection(two_writers) -> None:  # type: ignore[no-untyped-def]
    a, b = two_writers
    article = import_text(a, TEXT).imported[0]["id"]
    mine = a.suggestions.reject(article, [Suggestion("original", 0, 7, "LOC", "Frappes", "r", 1)])
    mine.undo(a)
    theirs = b.suggestions.reject(
        article, [Suggestion("original", 12, 19, "GPE", "Kharkiv", "r", 1)]
    )
    mine.do(a)  # redo
    mine.undo(a)
    with a.reading() as session:
        left = session.scalars(select(RejectedSuggestion.id)).all()
    assert left == theirs.stored


def test_an_undo_on_an_article_deleted_meanwhile_says_so_and_changes_nothing(two_writers) -> None:  # type: ignore[no-untyped-def]
    """As found: an IntegrityError ("FOREIGN KEY constraint failed") escaped to the app."""
    a, b = two_writers
    article = import_text(a, TEXT).imported[0]["id"]
    kept = import_text(a, OTHER).imported[0]["id"]
    tagged = a.annotations.tag(article, *words(a, article, "Kharkiv"), "GPE")
    assert tagged.mention_id is not None
    removed = a.annotations.run(ops.RemoveMention(tagged.mention_id))
    b.articles.delete([article])

    with pytest.raises(AnnotationError, match=f"article #{article} .*deleted"):
        a.annotations.undo(removed)
    with pytest.raises(AnnotationError, match=f"article #{article} .*deleted"):
        a.annotations.redo(tagged)
    assert a.articles.ids() == [kept]
    assert a.articles.detail(kept)["entities"] == []


def test_a_step_on_an_article_deleted_meanwhile_says_so_and_changes_nothing(two_writers) -> None:  # type: ignore[no-untyped-def]
    """As found under Xvfb: rejecting a suggestion on an article deleted by `gloss delete`
    in a terminal raised "FOREIGN KEY constraint failed" into the app; tagging it said only
    "no article with id 2"."""
    a, b = two_writers
    article = import_text(a, TEXT).imported[0]["id"]
    kept = import_text(a, OTHER).imported[0]["id"]
    where = words(a, article, "Kharkiv")
    b.articles.delete([article])

    gone = f"cannot .*: article #{article} was deleted meanwhile"
    with pytest.raises(AnnotationError, match=gone):
        a.suggestions.reject(article, [Suggestion("original", *where, "GPE", "Kharkiv", "r", 1)])
    with pytest.raises(AnnotationError, match=gone):
        a.annotations.tag(article, *where, "GPE")
    with pytest.raises(AnnotationError, match=gone):
        a.suggestions.accept(article, [Suggestion("original", *where, "GPE", "Kharkiv", "r", 1)])
    with pytest.raises(AnnotationError, match=gone):
        a.articles.set_field(article, "status", "done")
    with pytest.raises(AnnotationError, match="the selection holds no word"):  # its own reason
        a.annotations.tag(kept, OTHER.index("\n\n"), OTHER.index("\n\n") + 2, "GPE")
    assert a.articles.ids() == [kept] and a.articles.detail(kept)["entities"] == []
    with a.reading() as session:
        assert session.scalars(select(RejectedSuggestion.id)).all() == []


def test_several_steps_as_one_are_done_undone_and_redone_all_or_none(two_writers) -> None:  # type: ignore[no-untyped-def]
    """A form's fields, an accepted paragraph: before, a step that failed half-way left the
    others done (first time) or undone (undo, redo)."""
    a, b = two_writers
    first = import_text(a, TEXT).imported[0]["id"]
    second = import_text(a, OTHER).imported[0]["id"]
    both = [ops.AddMention(first, *words(a, first, "Kharkiv"), "GPE"),
            ops.AddMention(second, *words(a, second, "Odesa"), "GPE")]  # fmt: skip
    a.annotations.run_all(both)
    assert len(tags(a, first)) == len(tags(a, second)) == 1
    a.annotations.undo_all(both)
    assert tags(a, first) == tags(a, second) == []
    b.articles.delete([second])

    with pytest.raises(AnnotationError, match=f"cannot redo “tag”: article #{second} .*deleted"):
        a.annotations.redo_all(both)
    assert tags(a, first) == []  # its tag, redone first, was taken back

    again = [ops.AddMention(first, *words(a, first, "Kharkiv"), "GPE"),
             ops.SetArticleField(first, "published", "the day before yesterday")]  # fmt: skip
    with pytest.raises(AnnotationError, match="date"):
        a.annotations.run_all(again)
    assert tags(a, first) == []


def test_undoing_a_deletion_after_the_text_came_back_names_it(two_writers) -> None:  # type: ignore[no-untyped-def]
    """The deleted text imported again meanwhile: the deletion cannot be undone (the library
    holds one copy of a text); the message names the copy, and nothing is half restored."""
    a, b = two_writers
    article = import_text(a, TEXT).imported[0]["id"]
    a.annotations.tag(article, *words(a, article, "Kharkiv"), "GPE")
    deleted = a.articles.delete([article])
    copy = import_text(b, TEXT).imported[0]["id"]

    with pytest.raises(AnnotationError, match=f"imported again as #{copy}"):
        a.annotations.undo(deleted)
    assert a.articles.ids() == [copy]
    assert a.articles.detail(copy)["entities"] == []


def rows(url: str) -> dict[str, int]:
    engine = make_engine(url)
    with engine.connect() as conn:
        counts = {
            table: conn.exec_driver_sql(f'SELECT count(*) FROM "{table}"').scalar_one()
            for table in TABLES
        }
        counts["broken references"] = len(conn.exec_driver_sql("PRAGMA foreign_key_check").all())
        counts["triggers"] = conn.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
        ).scalar_one()
        counts["autoincrement"] = conn.exec_driver_sql(
            "SELECT count(*) FROM sqlite_master WHERE sql LIKE '%AUTOINCREMENT%'"
        ).scalar_one()
    engine.dispose()
    return counts


def test_a_library_from_before_keeps_every_row_and_gives_no_id_twice(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Migration 0014 makes eight tables again: with foreign keys on, dropping the old
    ``articles`` would have deleted every tag, event and translation by cascade."""
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    library = Library(url)
    first, article = annotated(library)
    library.close()
    engine = make_engine(url)
    downgrade_to(engine, "0013")
    engine.dispose()
    before = rows(url)
    assert before["autoincrement"] == 0 and before["broken references"] == 0
    assert all(before[table] for table in TABLES if table != "entities")

    again = Library(url)  # upgraded on open
    after = rows(url)
    assert after == {**before, "autoincrement": len(TABLES)}
    assert again.articles.ids(ArticleFilter(search="drones")) == [article]
    again.articles.delete([article])
    newer = import_text(again, "Talks resume\n\nPrisoner exchange talks resumed on Monday.")
    assert newer.imported[0]["id"] == article + 1 > first
    again.close()


def test_a_scripts_history_drops_a_step_it_cannot_undo(two_writers) -> None:  # type: ignore[no-untyped-def]
    from core.annotation.history import History

    a, b = two_writers
    article = import_text(a, TEXT).imported[0]["id"]
    history = History(a)
    tagged = history.push(a.annotations.tag(article, *words(a, article, "Kharkiv"), "GPE"))
    assert isinstance(tagged, ops.AddMention) and tagged.mention_id is not None
    history.push(a.annotations.run(ops.RemoveMention(tagged.mention_id)))
    b.articles.delete([article])
    with pytest.raises(AnnotationError, match="deleted meanwhile"):
        history.undo()
    assert history.done == [tagged] and history.undone == []


def test_what_comes_back_is_what_the_deletions_meanwhile_would_have_left(two_writers) -> None:  # type: ignore[no-untyped-def]
    """An undo brings rows back as the database's own rules would have left them had they
    stayed: a tag whose entity was deleted elsewhere comes back unlinked (as the deletion
    unlinked every tag), an event comes back without the argument whose tag was removed
    (as the removal took it), an article without the near-duplicate link to an article
    deleted meanwhile. Before: "FOREIGN KEY constraint failed", nothing brought back."""
    from tests.test_import import BODY

    a, b = two_writers
    article = import_text(a, TEXT).imported[0]["id"]
    place = a.annotations.tag(article, *words(a, article, "Kharkiv"), "GPE")
    who = a.annotations.tag(article, *words(a, article, "Russie"), "GPE")
    assert place.mention_id is not None and who.mention_id is not None
    a.entities.link(place.mention_id, "Kharkiv")
    entity = a.articles.detail(article)["entities"][0]["entity_id"]
    event = a.annotations.add_event(article, "AIR_DRONE_STRIKE", *words(a, article, "lancé"))
    assert event.event_id is not None
    a.annotations.add_argument(event.event_id, "Target", place.mention_id)
    a.annotations.add_argument(event.event_id, "Attacker", who.mention_id)
    removed_event = a.annotations.run(ops.RemoveEvent(event.event_id))
    removed_tag = a.annotations.run(ops.RemoveMention(place.mention_id))
    b.entities.delete(entity)
    a.annotations.undo(removed_tag)  # the tag is back, its entity gone meanwhile
    b.annotations.run(ops.RemoveMention(place.mention_id))
    a.annotations.undo(removed_event)

    [tag] = [t for t in a.articles.detail(article)["entities"] if t["text"] == "Russie"]
    assert tag["id"] == who.mention_id
    [back] = a.articles.events(article)
    assert back["id"] == event.event_id
    assert [(arg["role"], arg["mention_id"]) for arg in back["arguments"]] == [
        ("Attacker", who.mention_id)
    ]

    long = "\n\n".join([BODY] * 3)
    original = import_text(a, "Frappes\n\n" + long).imported[0]["id"]
    near = import_text(a, "Frappes nocturnes\n\n" + long + " Mise à jour.").imported[0]
    assert near["near_duplicate_of"] == original
    deleted = a.articles.delete([near["id"]])
    b.articles.delete([original])
    a.annotations.undo(deleted)
    assert a.articles.detail(near["id"])["near_duplicate_of"] is None


def test_a_tag_brought_back_after_its_entity_was_deleted_elsewhere_is_unlinked(two_writers) -> None:  # type: ignore[no-untyped-def]
    a, b = two_writers
    article = import_text(a, TEXT).imported[0]["id"]
    place = a.annotations.tag(article, *words(a, article, "Kharkiv"), "GPE")
    assert place.mention_id is not None
    a.entities.link(place.mention_id, "Kharkiv")
    entity = a.articles.detail(article)["entities"][0]["entity_id"]
    removed = a.annotations.run(ops.RemoveMention(place.mention_id))
    b.entities.delete(entity)
    a.annotations.undo(removed)
    [tag] = a.articles.detail(article)["entities"]
    assert (tag["id"], tag["text"], tag["entity_id"]) == (place.mention_id, "Kharkiv", None)


def test_a_library_from_a_newer_gloss_is_refused_untouched(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A colleague's newer Gloss upgraded the library, or this Gloss was downgraded: before,
    Alembic's "Can't locate revision" traceback. Now a reason, exit 2, nothing changed."""
    import subprocess
    import sys

    from core.storage.db import LibraryError

    db = tmp_path / "lib.sqlite"
    url = f"sqlite:///{db}"
    library = Library(url)
    import_text(library, OTHER)
    with library.session() as session:
        session.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    library.close()
    before = db.read_bytes()
    assert not Library.needs_upgrade(url)  # the app opens it at once, to say why not
    with pytest.raises(LibraryError, match="made by a newer version of Gloss"):
        Library(url)
    run = subprocess.run(
        [sys.executable, "-m", "core.cli", "--db", str(db), "list"], capture_output=True, text=True
    )
    assert run.returncode == 2 and "update Gloss to open it" in run.stderr
    assert "Traceback" not in run.stderr
    assert db.read_bytes() == before


def test_articles_deleted_together_come_back_with_their_links_to_each_other(
    library: Library,
) -> None:
    from tests.test_import import BODY

    long = "\n\n".join([BODY] * 3)
    original = import_text(library, "Frappes\n\n" + long).imported[0]["id"]
    near = import_text(library, "Frappes nocturnes\n\n" + long + " Mise à jour.").imported[0]
    assert near["near_duplicate_of"] == original
    deleted = library.articles.delete([near["id"], original])
    library.annotations.undo(deleted)
    assert library.articles.detail(near["id"])["near_duplicate_of"] == original
