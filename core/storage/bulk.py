"""Many rows in or out through the DB-API driver itself.

SQLAlchemy builds a parameter dict per row written and a Row object per row read; for tens
of thousands of small rows (paragraphs, mentions, ids) handing tuples straight to and from
the driver is several times faster.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

_MARKERS = {"qmark": "?", "format": "%s", "pyformat": "%s", "numeric": ":{n}", "named": ":c{n}"}


def executemany(
    session: Session, table: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    marker = _MARKERS[dialect.paramstyle]
    quote = dialect.identifier_preparer.quote
    names = ", ".join(quote(column) for column in columns)
    values = ", ".join(marker.format(n=n + 1) for n in range(len(columns)))
    sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({values})"
    if dialect.name == "sqlite":
        _sqlite_rows(connection, sql, f"({values})", rows)
    elif dialect.paramstyle == "named":
        connection.exec_driver_sql(
            sql, [{f"c{n + 1}": v for n, v in enumerate(row)} for row in rows]
        )
    else:
        connection.exec_driver_sql(sql, list(rows))


#: Rows a statement of SQLite carries (6 columns: 3,000 values, far below its 32,766).
ROWS_A_STATEMENT = 500


def _sqlite_rows(connection: Any, sql: str, one: str, rows: Sequence[tuple[Any, ...]]) -> None:
    """Many rows a statement (``VALUES (…), (…), …``): SQLite runs one statement where
    ``executemany`` runs one a row, which halves the CPU of storing 150,000 paragraphs and
    updates an ``AUTOINCREMENT`` table's counter once a statement, not once a row."""
    full = len(rows) - len(rows) % ROWS_A_STATEMENT
    if full:
        many = sql + "".join([", " + one] * (ROWS_A_STATEMENT - 1))  # one prepared statement
        for at in range(0, full, ROWS_A_STATEMENT):
            values = [v for row in rows[at : at + ROWS_A_STATEMENT] for v in row]
            connection.exec_driver_sql(many, tuple(values))
    rest = rows[full:]
    if rest:
        tail = sql + "".join([", " + one] * (len(rest) - 1))
        connection.exec_driver_sql(tail, tuple(v for row in rest for v in row))


def driver_rows(session: Session, sql: str, params: Any) -> list[Any]:
    """Plain tuples from the driver's cursor for SQL compiled for this connection."""
    cursor = session.connection().connection.cursor()
    try:
        cursor.execute(sql, params)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def select_rows(session: Session, stmt: Any) -> list[Any]:
    """Plain tuples for a select (no type processing: JSON, booleans and dates come as the
    driver gives them)."""
    compiled = stmt.compile(dialect=session.connection().dialect)
    params: Any = compiled.construct_params()
    if compiled.positiontup is not None:
        params = tuple(params[name] for name in compiled.positiontup)
    return driver_rows(session, compiled.string, params)


def insert_new(session: Session, table: Any, unique: Sequence[str]) -> Any:
    """``INSERT ... ON CONFLICT (unique) DO NOTHING`` for this session's database: a row that
    another process inserted first is skipped instead of failing the transaction (SQLite
    and PostgreSQL share the syntax)."""
    from sqlalchemy.dialects import postgresql, sqlite

    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing(index_elements=list(unique))
    return sqlite.insert(table).on_conflict_do_nothing(index_elements=list(unique))
