"""Many rows through the driver (core.storage.bulk): SQLite gets many rows a statement."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from core.library import Library
from core.storage import bulk

CELLS = st.one_of(
    st.none(), st.integers(-(2**63), 2**63 - 1), st.text(max_size=8), st.floats(allow_nan=False)
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(st.tuples(CELLS, CELLS, CELLS), max_size=1300), per=st.sampled_from([1, 7, 500])
)
def test_every_row_is_stored_once_in_order(library: Library, rows, per, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Whatever the count (none, fewer than a statement's rows, exactly, many and a rest)."""
    monkeypatch.setattr(bulk, "ROWS_A_STATEMENT", per)
    with library.session() as session:
        session.execute(
            text("CREATE TEMP TABLE cells (n INTEGER PRIMARY KEY AUTOINCREMENT, a, b, c)")
        )
        bulk.executemany(session, "cells", ("a", "b", "c"), rows)
        stored = session.execute(text("SELECT n, a, b, c FROM cells ORDER BY n")).all()
        session.execute(text("DROP TABLE cells"))
    assert [tuple(row[1:]) for row in stored] == rows
    assert [row[0] for row in stored] == list(range(1, len(rows) + 1))


def test_a_bad_row_fails_its_whole_batch(library: Library) -> None:
    """The importer writes a failed batch again row by row to name the culprit: a batch
    must still fail as a whole, never half stored."""
    rows = [(n, f"p{n}") for n in range(1200)] + [(5, "again")]  # the last breaks UNIQUE
    with library.session() as session:
        session.execute(text("CREATE TABLE kept (k INTEGER UNIQUE, v TEXT)"))
    with pytest.raises(IntegrityError, match="UNIQUE"), library.session() as session:
        bulk.executemany(session, "kept", ("k", "v"), rows)
    with library.reading() as session:
        assert session.execute(text("SELECT count(*) FROM kept")).scalar_one() == 0
