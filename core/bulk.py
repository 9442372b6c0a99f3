"""Many-row inserts through the driver's own ``executemany``.

SQLAlchemy builds a parameter dict per row; for tens of thousands of small rows (paragraphs,
mentions) handing tuples straight to the DB-API driver is several times faster.
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
    if dialect.paramstyle == "named":
        connection.exec_driver_sql(
            sql, [{f"c{n + 1}": v for n, v in enumerate(row)} for row in rows]
        )
    else:
        connection.exec_driver_sql(sql, list(rows))
