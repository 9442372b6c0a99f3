"""The same library code on a real PostgreSQL server (the team set-up)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from core.articles import article_detail
from core.demo import load_demo
from core.ingest.run import import_text
from core.library import Library
from core.listing import ArticleFilter, list_articles
from core.storage.db import HEAD_REVISION, current_revision

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def pg_library(pg_url: str):
    library = Library(pg_url)
    load_demo(library)
    yield library
    library.close()


def titles(library: Library, **kw) -> list[str]:
    with library.session() as s:
        return sorted(a["title"] for a in list_articles(s, ArticleFilter(**kw)))


def test_migrated_to_head(pg_library: Library) -> None:
    assert pg_library.dialect == "postgresql"
    assert current_revision(pg_library.engine) == HEAD_REVISION
    with pg_library.engine.connect() as conn:
        indexes = (
            conn.execute(text("SELECT indexname FROM pg_indexes WHERE tablename='articles'"))
            .scalars()
            .all()
        )
    assert "ix_articles_fts" in indexes


def test_full_text_search(pg_library: Library) -> None:
    assert titles(pg_library, search="Kherson") == [
        "Kherson : la ville bombardée pour le troisième jour consécutif"
    ]
    assert titles(pg_library, search='"grain terminal"') == [
        "Grain ships keep sailing despite strikes on Odesa port"
    ]
    assert "Mines antipersonnel : Kyiv demande un délai" in titles(pg_library, search="antipers*")
    assert titles(pg_library, search="zzzznothing") == []
    # accents and case folded, as on SQLite, in the text and in the query
    import_text(pg_library, "Frappe nocturne sur Kyïv, selon l'état-major.", title="Nuit")
    assert titles(pg_library, search="kyiv nocturne") == ["Nuit"]
    assert titles(pg_library, search="NOCTURNE KYÏV") == ["Nuit"]
    assert titles(pg_library, search="etat* nocturne") == ["Nuit"]


def test_filters_and_detail(pg_library: Library) -> None:
    both = titles(pg_library, language="en")
    assert "Mines antipersonnel : Kyiv demande un délai" in both
    report = import_text(
        pg_library, "Un texte collé 😀 avec 𝔐.\n\nSecond paragraphe.", title="Collé"
    )
    article_id = report.imported[0]["id"]
    with pg_library.session() as s:
        detail = article_detail(s, article_id)
    assert detail["title"] == "Collé"
    assert [detail["text"][p["start"] : p["end"]] for p in detail["paragraphs"]] == [
        "Un texte collé 😀 avec 𝔐.",
        "Second paragraphe.",
    ]
    again = import_text(pg_library, "Un texte collé 😀 avec 𝔐.\n\nSecond paragraphe.")
    assert again.duplicates[0]["duplicate_of"] == article_id


def test_native_export_from_postgres_round_trips_into_sqlite(pg_library: Library, tmp_path) -> None:
    """The export's raw, per-dialect queries (timestamps and dates formatted by the
    database) give the same bytes from PostgreSQL as from SQLite."""
    from core.export.run import ExportOptions, export
    from core.ingest.run import import_paths
    from tests.test_native import build

    article_id = build(pg_library)
    out = tmp_path / "pg.jsonl"
    export(pg_library, [article_id], out, ExportOptions())
    record = json.loads(out.read_text(encoding="utf-8"))
    assert (
        record["mentions"][0]["created_at"][10] == "T"
        and len(record["mentions"][0]["created_at"]) == 26
    )
    lite = Library(f"sqlite:///{tmp_path / 'lite.sqlite'}")
    report = import_paths(lite, [out])
    assert not report.failed
    again = tmp_path / "lite.jsonl"
    export(lite, [report.imported[0]["id"]], again, ExportOptions())
    assert again.read_bytes() == out.read_bytes()
    for fmt in ("doccano", "conll", "events-csv"):
        export(pg_library, [article_id], tmp_path / f"x.{fmt}", ExportOptions(fmt))
    lite.close()


def test_accent_folding_migration_on_a_library_with_articles(pg_library: Library) -> None:
    """0003 on an existing PostgreSQL library: down to 0002 (plain index), back up."""
    from alembic import command

    from core.storage.db import alembic_config, upgrade

    import_text(pg_library, "Les sirènes ont retenti à Dnipró toute la nuit.", title="Sirènes")
    command.downgrade(alembic_config(pg_library.engine), "0002")
    assert current_revision(pg_library.engine) == "0002"
    with pg_library.engine.connect() as c:
        assert (
            c.execute(text("SELECT count(*) FROM pg_proc WHERE proname = 'gloss_fold'")).scalar()
            == 0
        )
    upgrade(pg_library.engine)
    assert current_revision(pg_library.engine) == HEAD_REVISION
    assert titles(pg_library, search="sirenes dnipro") == ["Sirènes"]


def test_processes_opening_one_new_server_library_at_once_all_open_it(pg_url: str) -> None:
    """Four processes (four people starting Gloss on a new team library) migrate it at once:
    one does, under an advisory lock; the others wait and find it migrated (before: they ran
    the same migrations together and failed)."""
    from tests.test_db import opened_at_once
    from tests.test_trust_concurrency import fresh_pg

    for _ in range(2):
        assert opened_at_once(fresh_pg(pg_url)) == ["0", "0", "0", "0"]


def test_a_server_library_made_by_another_opener_meanwhile_is_opened(
    monkeypatch, pg_url: str
) -> None:
    from tests.test_db import made_just_after_the_first_look
    from tests.test_trust_concurrency import fresh_pg

    url = fresh_pg(pg_url)
    made_just_after_the_first_look(monkeypatch, url)
    library = Library(url)
    assert library.articles.count() == 0
    assert current_revision(library.engine) == HEAD_REVISION
    library.close()


def test_a_server_that_never_answers_is_given_up_on_by_its_deadline(monkeypatch) -> None:
    """A team library whose server accepts the connection and then says nothing (a VPN
    half-down, a hung proxy): before, opening it waited for ever — the app's window with it.
    Now the connection has a deadline and the reason is named."""
    import socket
    import time

    from core.storage import db

    monkeypatch.setattr(db, "CONNECT_TIMEOUT_S", 1)
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # accepts (the kernel does), never answers
    port = silent.getsockname()[1]
    start = time.monotonic()
    try:
        with pytest.raises(db.LibraryError, match="cannot open the library"):
            Library(f"postgresql+psycopg://gloss@127.0.0.1:{port}/gloss")
    finally:
        silent.close()
    assert time.monotonic() - start < 10
