"""Issue 9.6: concurrent writers on SQLite and on the PostgreSQL server the tests start.
Every process must succeed: get-or-create is race-free, writers wait instead of failing,
library-wide operations commit in bounded batches, concurrent duplicates are duplicates."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from core.ingest.run import import_text
from core.library import Library
from core.storage.models import AnnotationSchema, Annotator, Article, Mention
from tests.test_import import BODY

ROOT = Path(__file__).resolve().parents[1]


def spawn(action: str, url: str, start_at: float, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.workers", action, url, str(start_at), *args],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip


def finish(procs: list[subprocess.Popen[str]], timeout: float = 120) -> list[tuple[int, str, str]]:
    out = []
    for proc in procs:
        stdout, stderr = proc.communicate(timeout=timeout)
        out.append((proc.returncode, stdout, stderr))
    return out


def fresh_pg(admin_url: str) -> str:
    name = f"gloss_{uuid.uuid4().hex[:10]}"
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return admin_url.rsplit("/", 1)[0] + "/" + name


def first_tags_at_once(url: str) -> list[tuple[int, str, str]]:
    """A fresh library with one article and no annotation yet; two processes tag at once."""
    library = Library(url)
    article_id = import_text(library, "Kyiv et Odesa.\n\n" + BODY, title="T").imported[0]["id"]
    with library.session() as s:  # nothing installed yet: the race is in the first tag
        assert s.scalar(select(func.count(AnnotationSchema.id))) == 0
        assert s.scalar(select(func.count(Annotator.id))) == 0
    library.close()
    start_at = time.time() + 2.0  # both processes are open and waiting by then
    labels = ("GPE", "ORG")  # the same span twice would be a duplicate tag, refused
    return finish([spawn("first-tag", url, start_at, str(article_id), label) for label in labels])


def check_both_tagged(url: str, results: list[tuple[int, str, str]]) -> None:
    for code, stdout, stderr in results:
        assert code == 0, stderr[-2000:]
        assert stdout.startswith("ok mention")
    library = Library(url)
    try:
        with library.reading() as s:
            assert s.scalar(select(func.count(Mention.id))) == 2
            assert s.scalar(select(func.count(Annotator.id))) == 1
            assert s.scalar(select(func.count(AnnotationSchema.id))) == 1
    finally:
        library.close()


@pytest.mark.slow
def test_first_annotations_at_once_on_sqlite(tmp_path: Path) -> None:
    """As found: UNIQUE constraint failed: annotation_schemas.name in 10 of 10 tries."""
    for n in range(4):
        url = f"sqlite:///{tmp_path / f'lib{n}.sqlite'}"
        check_both_tagged(url, first_tags_at_once(url))


@pytest.mark.slow
@pytest.mark.postgres
def test_first_annotations_at_once_on_postgres(pg_url: str) -> None:
    for _ in range(3):
        url = fresh_pg(pg_url)
        check_both_tagged(url, first_tags_at_once(url))


def seeded(tmp_path: Path, count: int) -> str:
    """The URL of a SQLite library holding ``count`` articles."""
    url = f"sqlite:///{tmp_path / 'lib.sqlite'}"
    library = Library(url)
    seed(library, count)
    library.close()
    return url


def seed(library: Library, count: int) -> None:
    from core.ingest.importer import Importer

    importer = Importer(library)
    importer.add_records(
        "seed",
        [
            __import__("core.ingest.readers.base", fromlist=["Record"]).Record(
                text=f"Frappe numéro {n} sur Kyiv.\n\n{BODY}", title=f"Article {n}"
            )
            for n in range(count)
        ],
    )
    importer.flush()


@pytest.mark.slow
def test_tag_every_occurrence_does_not_starve_an_import(tmp_path: Path) -> None:
    """As found: a tag-every over 20,000 articles held one 102 s write transaction; a
    concurrent import failed with "database is locked"."""
    url = seeded(tmp_path, 3000)
    folder = tmp_path / "new"
    folder.mkdir()
    for n in range(30):
        (folder / f"{n}.txt").write_text(f"Nouveau {n}\n\n{BODY} Variante {n}.", encoding="utf-8")
    start_at = time.time() + 2.0
    tagger = spawn("tag-all", url, start_at, "Kyiv", "GPE")
    importer = spawn("import", url, start_at + 0.5, str(folder))
    (t_code, t_out, t_err), (i_code, i_out, i_err) = finish([tagger, importer], timeout=300)
    assert t_code == 0, t_err[-2000:]
    assert i_code == 0, i_out[-2000:] + i_err[-2000:]
    assert t_out.strip() == "ok tag-all 3000"
    assert i_out.count("ok article") == 30 and "FAILED" not in i_out


@pytest.mark.slow
@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_same_files_imported_by_two_processes_are_duplicates(
    tmp_path: Path, database: str, request: pytest.FixtureRequest
) -> None:
    """As found: hundreds of FAILED with raw SQL. Each file is imported once and reported
    as a duplicate by the other process."""
    if database == "postgres":
        url = fresh_pg(request.getfixturevalue("pg_url"))
    else:
        url = f"sqlite:///{tmp_path / 'lib.sqlite'}"
    Library(url).close()
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(150):
        (folder / f"{n}.txt").write_text(f"Article {n}\n\n{BODY} Numéro {n}.", encoding="utf-8")
    start_at = time.time() + 2.0
    results = finish([spawn("import", url, start_at, str(folder)) for _ in range(2)], 300)
    imported = duplicates = 0
    for code, stdout, stderr in results:
        assert code == 0, stdout[-2000:] + stderr[-2000:]
        assert "FAILED" not in stdout
        imported += stdout.count("ok article")
        duplicates += stdout.count("ok duplicate")
    assert imported == 150 and duplicates == 150
    library = Library(url)
    try:
        with library.reading() as s:
            assert s.scalar(select(func.count(Article.id))) == 150
    finally:
        library.close()
