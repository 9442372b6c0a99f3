"""The watch on changes made elsewhere (`Library.watch`): its token differs after another
connection's commit, on SQLite and on PostgreSQL, and on SQLite stays while nothing is
committed (a server's horizon also moves with autovacuum's own work)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from core.ingest.run import import_text
from core.library import Library

TEXT = "Frappes sur Kharkiv\n\nLa Russie a lancé 42 drones sur Kharkiv dans la nuit."


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'library.sqlite'}"
    else:
        from tests.test_trust_concurrency import fresh_pg

        yield fresh_pg(request.getfixturevalue("pg_url"))


def test_the_token_moves_with_each_commit_made_elsewhere_and_only_then(url: str) -> None:
    mine, elsewhere = Library(url), Library(url)
    article = import_text(mine, TEXT).imported[0]["id"]
    watch = mine.watch()
    try:
        seen = watch.token()
        mine.articles.detail(article)  # reading changes nothing
        elsewhere.articles.ids()
        with pytest.raises(Exception, match="status must be one of"):  # nor a refused step
            elsewhere.articles.set_field(article, "status", "no such status")
        if url.startswith("sqlite"):  # exact; a server's horizon also moves for its own work
            assert watch.token() == seen and watch.token() == seen

        start = TEXT.index("Kharkiv", 20)
        elsewhere.annotations.tag(article, start, start + 7, "GPE")
        after_tag = watch.token()
        assert after_tag != seen

        elsewhere.articles.set_field(article, "status", "done")
        after_status = watch.token()
        assert after_status != after_tag

        elsewhere.articles.delete([article])
        assert watch.token() != after_status
    finally:
        watch.close()
        mine.close()
        elsewhere.close()
