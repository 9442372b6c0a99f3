"""Engine, sessions and automatic schema migration.

SQLite connections get WAL, foreign keys and ``synchronous=NORMAL`` (a committed transaction
survives a killed process); dates and times handed straight to the driver (bulk rows) are
written in SQLAlchemy's own text form. Alembic migrations run on open; a library already at
the head revision is opened without importing Alembic, which keeps start-up fast.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from core.storage.changes import ChangeWatch

#: The newest migration in core/migrations/versions (a test keeps this in step with Alembic).
HEAD_REVISION = "0014"

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
CACHE_KIB = 32 * 1024  # each connection's page cache, at most (filled as pages are read)
CHECKPOINT_PAGES = 4000  # WAL pages (16 MiB of 4 KiB pages) between automatic checkpoints


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # SQLAlchemy, not the driver, begins transactions (see _sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    # SQLite's 2 MiB page cache and a checkpoint every 1,000 WAL pages made a large import
    # read the search index's b-trees back and copy the same pages out of the WAL again and
    # again: storing 10,000 articles took 13% less CPU with these (same run, 5 pairs).
    cursor.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    cursor.execute(f"PRAGMA wal_autocheckpoint={CHECKPOINT_PAGES}")
    cursor.close()


@cache  # once a process
def _sqlite_adapters() -> None:
    """Dates and times given to the driver itself (rows of a large import, which skip
    SQLAlchemy: see core.storage.bulk) are stored as SQLAlchemy stores them, so both kinds
    sort and compare alike in SQL; the driver's default adapters wrote "12:00:00" for
    "12:00:00.000000" (and are deprecated since Python 3.12). A batch's rows share a few
    moments: each is formatted once."""
    from sqlalchemy import Date, DateTime
    from sqlalchemy.dialects import sqlite

    dialect = sqlite.dialect()
    as_text = cast(Callable[[Any], str], DateTime().dialect_impl(dialect).bind_processor(dialect))
    day = cast(Callable[[Any], str], Date().dialect_impl(dialect).bind_processor(dialect))
    # Only naive moments are remembered: an aware one equals others in other time zones.
    remembered = lru_cache(maxsize=4096)(as_text)

    def moment(value: dt.datetime) -> str:
        return remembered(value) if value.tzinfo is None else as_text(value)

    sqlite3.register_adapter(dt.datetime, moment)
    sqlite3.register_adapter(dt.date, day)


def _sqlite_begin(conn: Any) -> None:
    """Writers begin IMMEDIATE: they queue for the write lock up front (SQLite's busy
    timeout applies) instead of reading first and failing with "database is locked" when
    another process wrote in between. Readers begin DEFERRED and never wait in WAL mode."""
    mode = conn.get_execution_options().get("gloss_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


#: How long a SQLite writer waits for another process's write to finish before failing.
BUSY_TIMEOUT_MS = 60_000
#: How long connecting to a database server may take, answer included (a URL's own
#: ``connect_timeout`` wins): a server that accepts and then says nothing is given up on.
CONNECT_TIMEOUT_S = 10


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:" and not Path(path).parent.is_dir():
            raise LibraryError(
                f"{Path(path).parent} does not exist: create the folder first, or check --db"
            )
        _sqlite_adapters()
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql" and "connect_timeout" not in parsed.query:
        connect = {"connect_timeout": CONNECT_TIMEOUT_S}  # libpq: the whole handshake
        return create_engine(url, pool_pre_ping=True, connect_args=connect)
    return create_engine(url, pool_pre_ping=True)


def current_revision(engine: Engine) -> str | None:
    return look(engine)[1]


def look(engine: Engine) -> tuple[list[str], str | None]:
    """The database's tables and its Gloss revision (None: not a Gloss library, or empty),
    from one look at its tables: another process making the library commits its tables and
    its revision together, so a look sees both or neither (two looks could see the tables
    without the revision, and call a library being made "not a Gloss library")."""
    with engine.connect() as conn:
        tables = inspect(conn).get_table_names()
        if "alembic_version" not in tables:
            return tables, None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return tables, str(row[0]) if row else None


def alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


class LibraryError(RuntimeError):
    """The library cannot be opened; the message says why in the user's words."""


class LibraryDetached(LibraryError):
    """Another program removed the library's journal (the -wal file) while this process had
    it open: whatever is written now would go into a deleted file and be lost. Nothing more
    is written; the user is told to reopen the library."""


def downgrade_to(engine: Engine, revision: str) -> None:
    """Take a library back to an older revision (tests of the upgrade path)."""
    from alembic import command

    command.downgrade(alembic_config(engine), revision)


def open_database(url: str) -> Engine:
    """Open (and create or upgrade) the library at ``url``."""
    from sqlalchemy.exc import DatabaseError

    engine = make_engine(url)
    try:
        tables, revision = look(engine)
    except DatabaseError as exc:
        engine.dispose()
        where = engine.url.database or str(engine.url)
        if "not a database" in str(exc.orig) or "malformed" in str(exc.orig):
            raise LibraryError(f"{where} is not a Gloss library (not a database file)") from exc
        raise LibraryError(f"cannot open the library {where}: {exc.orig}") from exc
    if revision is None:
        if tables:
            engine.dispose()
            where = engine.url.database or str(engine.url)
            raise LibraryError(f"{where} is a database but not a Gloss library")
        if engine.dialect.name == "sqlite":
            from core.storage import new_library

            new_library.make(engine)  # as the migrations would, in one step
            revision = current_revision(engine)
    if revision is not None and not known_revision(revision):
        engine.dispose()
        where = engine.url.database or str(engine.url)
        raise LibraryError(
            f"{where} was made by a newer version of Gloss (its schema {revision}; this one "
            f"knows up to {HEAD_REVISION}): update Gloss to open it. Nothing was changed."
        )
    if revision != HEAD_REVISION:
        upgrade(engine)
    return engine


def known_revision(revision: str) -> bool:
    """A schema this Gloss can open (its migrations are numbered 0001, 0002, …)."""
    return len(revision) == len(HEAD_REVISION) and revision.isdigit() and revision <= HEAD_REVISION


def upgrade_pending(url: str) -> bool:
    """Whether the library at ``url`` is from an older Gloss, so opening it upgrades it first
    (a large library takes a while: the app does it off its window's thread)."""
    from sqlalchemy.exc import SQLAlchemyError

    if url.startswith("sqlite") and not Path(make_url(url).database or "").is_file():
        return False  # a new library: made in one step, nothing to upgrade
    engine = make_engine(url)
    try:
        revision = current_revision(engine)
    except SQLAlchemyError:
        return False  # opening it says what is wrong
    finally:
        engine.dispose()
    return revision is not None and revision != HEAD_REVISION and known_revision(revision)


class Database:
    """An open database: its engine and the units of work (sessions). The façade
    (:class:`core.library.Library`) adds the managers scripts and the GUI use."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = open_database(url)
        self._factory = sessionmaker(self.engine, expire_on_commit=False)
        self._detached: bool | None = None
        writer = self.engine.execution_options(gloss_begin="IMMEDIATE")
        self._write_factory = sessionmaker(writer, expire_on_commit=False)

    def files(self) -> list[Path]:
        """The files SQLite keeps for this library (none for a server database): only the
        driver may open them."""
        from core.config import sqlite_files

        return sqlite_files(self.engine.url.database) if self.dialect == "sqlite" else []

    def watch(self) -> ChangeWatch:
        """A watch on commits made by anything else (another window, `gloss` in a terminal, a
        colleague): its ``token()`` differs after each. ``close()`` it when done."""
        from core.storage.changes import ChangeWatch

        return ChangeWatch(self.engine)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work that may write, committed on success and rolled back on error. On
        SQLite it takes the write lock when it begins (waiting for another writer if need
        be), so it never fails half-way because someone else wrote."""
        self._check_attached()
        with self._write_factory() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise
        self._check_attached(after_commit=True)

    def _check_attached(self, after_commit: bool = False) -> None:
        """Refuse to write once the library's WAL was unlinked under this process (another
        process checkpointed and deleted it after something here dropped SQLite's locks)."""
        if self._detached is None:
            self._detached = self._wal_unlinked()
        if self._detached:
            where = self.files()[0] if self.files() else self.url
            lost = " The last change may not have been saved." if after_commit else ""
            raise LibraryDetached(
                f"Another program removed the journal of {where} while Gloss had it open, "
                "so Gloss stopped writing to it to keep what is saved safe."
                + lost
                + " Close Gloss and open the library again."
            )
        self._detached = None  # checked again at the next write

    def _wal_unlinked(self) -> bool:
        files = self.files()
        if not files or not os.path.isdir("/proc/self/fd"):
            return False
        deleted = f"{files[1]} (deleted)"
        try:
            descriptors = os.listdir("/proc/self/fd")
        except OSError:
            return False
        for fd in descriptors:
            try:
                if os.readlink(f"/proc/self/fd/{fd}") == deleted:
                    return True
            except OSError:
                continue
        return False

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A unit of work that only reads (lists, exports, the reader): it never waits for
        writers nor holds them up."""
        with self._factory() as session:
            try:
                yield session
            finally:
                session.rollback()

    def close(self) -> None:
        self.engine.dispose()
