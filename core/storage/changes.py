"""Whether anything committed to the library since the last look: another window, `gloss`
in a terminal, a colleague on the same server. The app looks when its window comes back to
the front and shows the library as it now is.

- SQLite: ``PRAGMA data_version``, which changes when *another* connection commits. The value
  belongs to one connection, so the watch keeps one of its own (a reader: it never holds a
  lock between looks).
- PostgreSQL: the server's transaction horizon (``pg_snapshot_xmax``), which moves whenever
  any transaction that wrote something ends. Other databases on the server move it too: that
  only makes the app read the library again for nothing.
- Other servers: no way to tell, so every look says "changed".
"""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import Engine, text


class ChangeWatch:
    """``token()`` gives a value that differs after any commit by another connection (it
    may also differ after this process's own: a look then reads the library for nothing).
    Looks are slow on a server: call it off the GUI thread. ``close()`` when done."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._own: Any = None  # SQLite: the watch's own connection
        self._lock = threading.Lock()
        self._looks = 0

    def token(self) -> object:
        with self._lock:
            dialect = self._engine.dialect.name
            if dialect == "sqlite":
                if self._own is None:
                    self._own = self._engine.raw_connection()
                cursor = self._own.cursor()
                try:
                    return cursor.execute("PRAGMA data_version").fetchone()[0]
                finally:
                    cursor.close()
            if dialect == "postgresql":
                with self._engine.connect() as conn:
                    return conn.execute(text("SELECT pg_snapshot_xmax(pg_current_snapshot())"))\
                        .scalar_one()  # fmt: skip
            self._looks += 1
            return self._looks

    def close(self) -> None:
        with self._lock:
            if self._own is not None:
                self._own.close()
                self._own = None
