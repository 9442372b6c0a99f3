"""Alembic environment: the engine comes from core.storage.db (no alembic.ini needed).

The migrations run under a lock (SQLite's write lock, a PostgreSQL advisory lock): a second
process opening the same old or new library waits, then finds it upgraded. On SQLite they
also run with foreign keys off: a table is changed by making it again (SQLite's own
procedure), and dropping the old one with foreign keys on would first delete its rows and,
by cascade, every row that refers to them. Before the upgrade commits, every reference is
checked; one that points nowhere stops it (nothing is written).
"""

from __future__ import annotations

from typing import Any

from alembic import context

from core.storage.models import Base

MIGRATION_LOCK = 0x476C6F7373  # PostgreSQL advisory lock key: "Gloss"
config = context.config
engine = config.attributes["engine"]
sqlite = engine.dialect.name == "sqlite"


def _foreign_keys(connection: Any, on: bool) -> None:
    """Only outside a transaction does SQLite take this setting: on the driver's connection,
    before SQLAlchemy begins one."""
    connection.connection.driver_connection.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def _check_references(connection: Any) -> None:
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
    if broken:
        table, rowid, parent, _ = broken[0]
        raise RuntimeError(
            f"the upgrade would leave {len(broken)} reference(s) pointing nowhere "
            f"({table} row {rowid} → {parent}): nothing was changed"
        )


with (
    engine.execution_options(gloss_begin="IMMEDIATE") if sqlite else engine
).connect() as connection:
    if sqlite:
        _foreign_keys(connection, False)
    try:
        context.configure(
            connection=connection, target_metadata=Base.metadata, render_as_batch=sqlite
        )
        with context.begin_transaction():
            if engine.dialect.name == "postgresql":  # one process migrates; the others wait
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
            context.run_migrations()
            if sqlite:
                _check_references(connection)
        connection.commit()
    finally:
        if sqlite:
            connection.rollback()  # nothing left open: the setting is taken outside one
            _foreign_keys(connection, True)
