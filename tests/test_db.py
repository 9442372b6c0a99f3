"""Storage: pragmas, automatic migration, upgrade of an older library."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import Date, DateTime, inspect, text

from core.config import database_url, to_url
from core.library import Library
from core.storage.bulk import executemany
from core.storage.db import (
    HEAD_REVISION,
    alembic_config,
    current_revision,
    downgrade_to,
    make_engine,
    upgrade,
)


def test_head_revision_constant_matches_alembic(library: Library) -> None:
    script = ScriptDirectory.from_config(alembic_config(library.engine))
    assert script.get_heads() == [HEAD_REVISION]
    assert current_revision(library.engine) == HEAD_REVISION


def test_sqlite_pragmas(library: Library) -> None:
    with library.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        # a large import's index pages stay cached and leave the WAL once (docs/benchmarks.md)
        assert conn.execute(text("PRAGMA cache_size")).scalar() == -32 * 1024
        assert conn.execute(text("PRAGMA wal_autocheckpoint")).scalar() == 4000


def test_the_search_index_merges_its_segments_lazily(tmp_path: Path) -> None:
    """Migration 0013: SQLite's search index merges its segments 16 at a time (crisis at 64),
    not 8: a large import builds it with less work, queries as fast (docs/benchmarks.md).
    A library made before it gets the settings too; going back restores the old ones."""

    def settings(engine) -> dict[str, int]:  # type: ignore[no-untyped-def]
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT k, v FROM articles_fts_config")).all()
        return {k: int(v) for k, v in rows if k in ("automerge", "crisismerge")}

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = make_engine(url)
    upgrade(engine, "0012")
    assert settings(engine) == {"automerge": 8}
    upgrade(engine)
    assert settings(engine) == {"automerge": 16, "crisismerge": 64}
    downgrade_to(engine, "0012")
    assert settings(engine) == {"automerge": 8, "crisismerge": 16}  # 16: FTS5's default
    engine.dispose()
    new = Library(f"sqlite:///{tmp_path / 'new.sqlite'}")
    assert settings(new.engine) == {"automerge": 16, "crisismerge": 64}
    new.close()


@pytest.mark.parametrize(
    "moment",
    [
        dt.datetime(2026, 3, 1, 12, 0, 0),
        dt.datetime(2026, 3, 1, 12, 0, 0, 250),
        dt.datetime(1999, 12, 31, 23, 59, 59, 999999),
    ],
)
def test_rows_given_to_the_driver_store_times_as_sqlalchemy_does(
    library: Library, moment: dt.datetime
) -> None:
    """Bulk rows (tags of a large import) go to the driver without SQLAlchemy: their dates
    and times are stored in the text SQLAlchemy writes, so the two kinds sort and compare
    alike in SQL (the driver's own default wrote "12:00:00" for "12:00:00.000000", which
    sorts before it, and is deprecated since Python 3.12)."""
    with library.session() as session:
        session.execute(text("CREATE TEMP TABLE moments (at DATETIME, day DATE)"))
        executemany(session, "moments", ("at", "day"), [(moment, moment.date())])
        stored = session.execute(text("SELECT at, day FROM moments")).one()
        dialect = session.get_bind().dialect
    at = DateTime().dialect_impl(dialect).bind_processor(dialect)
    day = Date().dialect_impl(dialect).bind_processor(dialect)
    assert at is not None and day is not None
    assert tuple(stored) == (at(moment), day(moment.date()))


def test_older_library_is_upgraded_without_loss(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    engine = make_engine(url)
    upgrade(engine, "0001")  # a library from before the annotation tables
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO articles (title, text, content_hash, imported_at, languages, labels) "
                "VALUES ('Old', 'Old text.', 'h', '2024-01-01 00:00:00', '[]', '[]')"
            )
        )
    assert "mentions" not in inspect(engine).get_table_names()
    engine.dispose()
    library = Library(url)
    assert current_revision(library.engine) == HEAD_REVISION
    assert {"mentions", "events", "entities"} <= set(inspect(library.engine).get_table_names())
    with library.engine.connect() as conn:
        assert conn.execute(text("SELECT title FROM articles")).scalar() == "Old"
    library.close()


def test_database_url_resolution(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("GLOSS_DB", "postgresql+psycopg://u@h/db")
    assert database_url(None) == "postgresql+psycopg://u@h/db"
    assert database_url(str(tmp_path / "x.sqlite")) == f"sqlite:///{tmp_path / 'x.sqlite'}"
    monkeypatch.delenv("GLOSS_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert database_url(None).startswith("sqlite:///") and database_url(None).endswith(
        "gloss.sqlite"
    )
    assert to_url("sqlite:///a.db") == "sqlite:///a.db"


def test_upgrade_renames_the_as_is_provider(tmp_path) -> None:
    """Migration 0005: "original" named both a text layer and the provider of paragraphs
    already in the target language; a library from before reads "as-is" after opening."""
    from core.ingest.run import import_text
    from core.storage.db import downgrade_to
    from core.translation.store import SAME, save

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    library = Library(url)
    article_id = import_text(library, "An English text.\n\nMore English.").imported[0]["id"]
    with library.session() as s:
        paragraph = s.execute(
            text('SELECT id FROM paragraphs WHERE article_id = :a AND "index" = 0'),
            {"a": article_id},
        ).scalar_one()
        save(s, paragraph, "en", "An English text.", SAME, edited=False)
    downgrade_to(library.engine, "0004")
    with library.engine.begin() as conn:
        assert conn.execute(text("SELECT provider FROM translations")).scalar_one() == "original"
    library.close()
    again = Library(url)  # upgraded on open
    with again.engine.begin() as conn:
        assert conn.execute(text("SELECT provider FROM translations")).scalar_one() == "as-is"
    again.close()


def test_upgrade_names_the_done_status_of_the_shipped_schema(tmp_path) -> None:
    """Migration 0006: "mark done" needs the schema to say which status is done."""
    from core.storage.db import downgrade_to

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    library = Library(url)
    assert library.schema.current().done_status == "done"
    downgrade_to(library.engine, "0005")
    assert library.schema.current().done_status is None
    library.close()
    again = Library(url)
    assert again.schema.current().done_status == "done"
    again.close()


def test_upgrade_gives_the_shipped_schema_count_evidence(tmp_path) -> None:
    """Migration 0008: each count of the shipped schema gets a tag-valued ``<count>_evidence``."""
    from core.storage.db import downgrade_to

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    library = Library(url)
    assert library.schema.current().evidence_key("launched") == "launched_evidence"
    downgrade_to(library.engine, "0007")
    assert library.schema.current().evidence_key("launched") is None
    assert "claimed_by" in library.schema.current().mention_keys  # the rest as it was
    library.close()
    again = Library(url)
    schema = again.schema.current()
    counts = [a.key for a in schema.attributes if a.kind == "integer"]
    assert [schema.evidence_key(c) for c in counts] == [f"{c}_evidence" for c in counts]
    again.close()


def test_upgrade_places_the_shipped_schemas_dates_and_columns(tmp_path) -> None:
    """Migration 0010: the shipped schema's Time roles say when, its date attributes name
    the part of a date they receive, and the table's attributes their column; a field the
    user set otherwise is kept."""

    from core.storage.db import downgrade_to

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    library = Library(url)
    placed = library.schema.current()
    assert placed.date_parts == {
        "start": "date_start",
        "end": "date_end",
        "precision": "date_precision",
    }
    downgrade_to(library.engine, "0009")
    old = library.schema.current()
    assert old.date_parts == {} and not any(a.table_column for a in old.attributes)
    assert not any(r.when for t in old.event_types for r in t.roles)

    def users_choice(body: dict) -> None:  # made before the upgrade
        for a in body["event_attributes"]:
            if a["key"] == "notes":
                a["table_column"] = "certainty"

    _edit_stored_schemas(library, users_choice)
    library.close()
    again = Library(url)
    schema = again.schema.current()
    assert schema.date_parts == placed.date_parts
    assert [r.when for t in schema.event_types for r in t.roles] == [
        r.when for t in placed.event_types for r in t.roles
    ]
    columns = {a.key: a.table_column for a in schema.attributes}
    assert columns["notes"] == "certainty"  # kept
    assert columns == {**{a.key: a.table_column for a in placed.attributes}, "notes": "certainty"}
    again.close()


def test_upgrade_gives_the_shipped_roles_their_functions(tmp_path) -> None:
    """Migration 0011: the shipped schema's roles say what their tag does in the event's
    sentence (as the shipped file does); a function the user set otherwise is kept."""

    from core.storage.db import downgrade_to

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    library = Library(url)
    shipped = library.schema.current()
    downgrade_to(library.engine, "0010")
    assert not any(r.function for t in library.schema.current().event_types for r in t.roles)

    def users_choice(body: dict) -> None:  # made before the upgrade
        for item in body["event_types"]:
            for role in item["roles"]:
                if item["key"] == "STATEMENT" and role["name"] == "Addressee":
                    role["function"] = "recipient"

    _edit_stored_schemas(library, users_choice)
    library.close()
    again = Library(url)
    functions = {
        (t.key, r.name): r.function for t in again.schema.current().event_types for r in t.roles
    }
    expected = {(t.key, r.name): r.function for t in shipped.event_types for r in t.roles}
    assert functions == {**expected, ("STATEMENT", "Addressee"): "recipient"}
    assert expected[("MISSILE_SHELLING", "Attacker")] == "agent"
    again.close()


def test_upgrade_marks_the_shipped_reporter_attributes(tmp_path) -> None:
    """Migration 0012: the shipped schema's ``claimed_by`` receives the reporter and
    ``certainty`` the value of a reported event (as the shipped file says); an attribute
    the user changed into something else is left alone."""
    from core.storage.db import downgrade_to

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    library = Library(url)
    assert library.schema.current().reporter_key == "claimed_by"
    downgrade_to(library.engine, "0011")
    old = library.schema.current()
    assert old.reporter_key is None and old.reported_values == ()

    def users_choice(body: dict) -> None:  # made before the upgrade
        for attribute in body["event_attributes"]:
            if attribute["key"] == "certainty":
                attribute["values"] = ["sure", "unsure"]

    _edit_stored_schemas(library, users_choice)
    library.close()
    again = Library(url)
    schema = again.schema.current()
    assert schema.reporter_key == "claimed_by"
    assert schema.reported_values == ()  # the user's own certainty has no "claimed"
    again.close()


def _edit_stored_schemas(library: Library, edit) -> None:
    """Change every stored schema body in place, behind the library's back (as an older
    version of the app or the user's own edit left it)."""
    import json as jsonlib

    with library.engine.begin() as conn:
        for ident, body in conn.execute(text("SELECT id, body FROM annotation_schemas")).all():
            body = jsonlib.loads(body)
            edit(body)
            conn.execute(
                text("UPDATE annotation_schemas SET body = :b WHERE id = :i"),
                {"b": jsonlib.dumps(body), "i": ident},
            )


def _whole(engine) -> tuple[list[tuple[str, ...]], dict[str, list[tuple[object, ...]]]]:  # type: ignore[no-untyped-def]
    """A SQLite library's schema (every table, index, trigger, virtual table and its shadow
    tables) and every row of every table."""
    with engine.connect() as conn:
        schema = sorted(
            tuple(str(v) for v in row)
            for row in conn.exec_driver_sql("SELECT type, name, tbl_name, sql FROM sqlite_master")
        )
        # The search index's structure record counts how often its settings changed (a
        # cookie, no setting): its integrity is checked instead.
        conn.exec_driver_sql("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
        tables = [
            row[1]
            for row in schema
            if row[0] == "table" and row[3] != "None" and row[1] != "articles_fts_data"
        ]
        rows = {t: sorted(map(tuple, conn.exec_driver_sql(f'SELECT * FROM "{t}"'))) for t in tables}
        rows["user_version"] = [tuple(conn.exec_driver_sql("PRAGMA user_version").one())]
    return schema, rows


def test_a_new_library_is_made_as_its_migrations_make_it(tmp_path: Path) -> None:
    """A new SQLite library is made in one transaction from the schema the migrations give
    (core/storage/new_library.json, written by ``python -m core.storage.new_library``), not
    by running every migration: a tenth of a second less for each new library. Same tables,
    indexes, triggers, search index and settings, same rows; and the file is the one the
    migrations write today (a migration added without writing it again fails here)."""
    from core.storage import new_library

    migrated = make_engine(f"sqlite:///{tmp_path / 'migrated.sqlite'}")
    upgrade(migrated)
    made = Library(f"sqlite:///{tmp_path / 'made.sqlite'}")
    try:
        assert _whole(made.engine) == _whole(migrated)
        assert current_revision(made.engine) == HEAD_REVISION
        assert new_library.snapshot(migrated) == new_library.stored(), (
            "the migrations changed: python -m core.storage.new_library"
        )
    finally:
        made.close()
        migrated.dispose()


def opened_at_once(url: str, count: int = 4) -> list[str]:
    """``count`` processes open the library at ``url`` together; each prints its article
    count (every one must succeed)."""
    import subprocess
    import sys

    code = (
        "import sys; from core.library import Library; "
        "l = Library(sys.argv[1]); print(l.articles.count()); l.close()"
    )
    runs = [
        subprocess.Popen([sys.executable, "-c", code, url], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
        for _ in range(count)
    ]  # fmt: skip
    results = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0] * count, [err for _out, err in results]
    return [out.strip() for out, _err in results]


def older_library(
    url: str, revision: str, text: str = "Frappes sur Kharkiv\n\nLa Russie a lancé 42 drones."
) -> None:
    """A library at ``url`` holding one article, as Gloss left it at ``revision``."""
    from core.ingest.run import import_text

    library = Library(url)
    import_text(library, text)
    library.close()
    engine = make_engine(url)
    downgrade_to(engine, revision)
    engine.dispose()


def test_two_processes_making_one_new_library_at_once_both_open_it(tmp_path: Path) -> None:
    """Four processes open the same new library together: one makes it, the others wait for
    its lock and find it made (none fails with "table already exists")."""
    assert opened_at_once(f"sqlite:///{tmp_path / 'new.sqlite'}") == ["0", "0", "0", "0"]


def made_just_after_the_first_look(monkeypatch, url: str) -> None:  # type: ignore[no-untyped-def]
    """Another opener makes the library at ``url`` right after this process's first look at
    its tables (the race four processes opening one new library met, one run in six)."""
    import core.storage.db as db

    real, made = db.inspect, []

    class Late:
        def __init__(self, inspector: Any) -> None:
            self.inspector = inspector

        def __getattr__(self, name: str) -> Any:
            method = getattr(self.inspector, name)

            def looked(*args: Any, **kwargs: Any) -> Any:
                result = method(*args, **kwargs)
                if not made:
                    made.append(url)
                    Library(url).close()  # another opener, on its own connection
                return result

            return looked

    monkeypatch.setattr(db, "inspect", lambda conn: Late(real(conn)))


def test_a_library_made_by_another_opener_meanwhile_is_opened(monkeypatch, tmp_path) -> None:
    """As found (one run in six of four processes opening one new server library): a
    process looked for the revision table, found none, then found the other's tables and
    called the library "a database but not a Gloss library". One look now reads both."""
    url = f"sqlite:///{tmp_path / 'new.sqlite'}"
    made_just_after_the_first_look(monkeypatch, url)
    library = Library(url)
    assert library.articles.count() == 0
    assert current_revision(library.engine) == HEAD_REVISION
    library.close()


def test_processes_opening_one_older_library_at_once_all_open_it(tmp_path: Path) -> None:
    """Four processes open a library from before migrations 0012-0014 together: one upgrades
    it under the write lock, the others wait and find it upgraded (before: they ran the same
    migrations at once and failed)."""
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    older_library(url, "0011")
    assert opened_at_once(url) == ["1", "1", "1", "1"]
    engine = make_engine(url)
    assert current_revision(engine) == HEAD_REVISION
    engine.dispose()
