"""The same library code on a real PostgreSQL server (the team set-up)."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import text

from core.db import HEAD_REVISION, Library, current_revision
from core.demo import load_demo
from core.importer import import_text
from core.library import ArticleFilter, article_detail, list_articles
from tests import pg

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def pg_library():
    if not pg.available():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed: .ci/run must install it")
        pytest.skip("PostgreSQL server binaries are not installed")
    with pg.server() as url:
        library = Library(url)
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
