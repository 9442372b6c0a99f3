"""A new SQLite library made in one step from the schema its migrations give.

Running every Alembic migration on an empty file (and importing Alembic to do it) cost a
tenth of a second or more each time a library was made: each test, each first start, each
``gloss import`` into a new file. The statements a fully migrated library holds are kept in
``new_library.json`` (the way Rails keeps ``schema.rb`` for new databases); a test makes a
library both ways and compares every table, index, trigger, search-index setting and row, and
fails when a migration was added without writing the file again::

    python -m core.storage.new_library      # after adding a migration

Existing libraries are still upgraded by their migrations; PostgreSQL always is.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

STORED = Path(__file__).with_name("new_library.json")


def snapshot(engine: Engine) -> dict[str, Any]:
    """What a migrated SQLite library holds, as statements that make it again: its schema in
    creation order (the tables a virtual table keeps for itself come with it), its rows, and
    the full-text index's settings, which live in one of those tables."""
    with engine.connect() as conn:
        kinds = {row[1]: row[2] for row in conn.exec_driver_sql("PRAGMA table_list")}
        entries = conn.exec_driver_sql(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid"
        ).all()
        statements = [  # SQLite makes its own tables (sqlite_sequence) as they are needed
            sql
            for _type, name, sql in entries
            if kinds.get(name) != "shadow" and not name.startswith("sqlite_")
        ]
        for _type, name, _sql in entries:
            if kinds.get(name) == "table":
                for row in conn.exec_driver_sql(f'SELECT * FROM "{name}"'):
                    values = ", ".join(_literal(v) for v in row)
                    statements.append(f'INSERT INTO "{name}" VALUES ({values})')
            elif kinds.get(name) == "virtual":
                config = f"SELECT k, v FROM \"{name}_config\" WHERE k != 'version'"
                for key, value in conn.exec_driver_sql(config):
                    setting = f"{_literal(key)}, {_literal(value)}"
                    statements.append(f'INSERT INTO "{name}"("{name}", rank) VALUES ({setting})')
        revision = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar_one()
    return {"revision": revision, "statements": statements}


def _literal(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    raise TypeError(f"a new library holds no {type(value).__name__} value")


@cache
def stored() -> dict[str, Any]:
    result: dict[str, Any] = json.loads(STORED.read_text(encoding="utf-8"))
    return result


def make(engine: Engine) -> None:
    """Make an empty SQLite file a library at the newest revision, all or nothing (a kill
    half-way leaves the empty file). The write lock is taken first: of two processes making
    the same library at once, the second finds it made."""
    with engine.execution_options(gloss_begin="IMMEDIATE").begin() as conn:
        made = "SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'"
        if conn.exec_driver_sql(made).first() is not None:
            return
        for statement in stored()["statements"]:
            conn.exec_driver_sql(statement)


def _write() -> None:
    import tempfile

    from core.storage.db import make_engine, upgrade

    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'migrated.sqlite'}")
        upgrade(engine)
        data = snapshot(engine)
        engine.dispose()
    STORED.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{STORED}: revision {data['revision']}, {len(data['statements'])} statements")


if __name__ == "__main__":
    _write()
