"""Where the library lives and other settings read from the environment."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "Gloss"
DEFAULT_MAX_FILE_MB = 64


def data_dir() -> Path:
    from platformdirs import user_data_dir

    path = Path(user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def to_url(value: str) -> str:
    """Accept a SQLAlchemy URL or a plain file path (taken as SQLite)."""
    if "://" in value:
        return value
    return "sqlite:///" + str(Path(value).expanduser().resolve())


def database_url(cli_value: str | None = None) -> str:
    """``--db`` wins, then ``GLOSS_DB``, then a SQLite file in the user data dir."""
    value = cli_value or os.environ.get("GLOSS_DB")
    if value:
        return to_url(value)
    return to_url(str(data_dir() / "gloss.sqlite"))


def library_files(url: str) -> list[Path] | None:
    """The files SQLite keeps for the library at ``url``, told from the URL alone (no
    database code): what :meth:`core.storage.db.Database.files` names once it is open. None
    where only SQLAlchemy's parser can tell (a query, an escape, another driver's name)."""
    if not url.startswith("sqlite"):
        return []  # a server: no files here
    prefix = "sqlite:///"
    if not url.startswith(prefix) or any(c in url for c in "?#%"):
        return None
    return sqlite_files(url[len(prefix) :])


def sqlite_files(database: str | None) -> list[Path]:
    """The files SQLite keeps for the database named ``database`` (none in memory)."""
    if not database or database == ":memory:":
        return []
    db = Path(database).resolve()
    return [db, *(db.with_name(db.name + suffix) for suffix in ("-wal", "-shm", "-journal"))]


def max_file_bytes(cli_mb: float | None = None) -> int:
    if cli_mb is not None:
        return int(cli_mb * 1024 * 1024)
    env = os.environ.get("GLOSS_MAX_FILE_MB")
    return int(float(env) * 1024 * 1024) if env else DEFAULT_MAX_FILE_MB * 1024 * 1024


def models_dir() -> Path:
    """Where models trained on a library's tags are kept (``GLOSS_MODELS`` overrides): beside
    the user's data, never inside a library."""
    env = os.environ.get("GLOSS_MODELS")
    return Path(env) if env else data_dir() / "models"
