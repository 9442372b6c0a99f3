"""The library's own files (the database, its journal and shared memory): nothing but the
database driver opens them. Closing any descriptor of a SQLite file drops the locks SQLite
holds on it, and writing one replaces the library. A path the user picks is compared with
them before anything is opened: by name once links are followed, then as the same file on
disk (a hard link)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path


def same_file(path: Path, other: Path) -> bool:
    if path.resolve() == other.resolve():
        return True
    try:
        return os.path.samefile(path, other)
    except OSError:
        return False  # one of them does not exist


def own_file(path: Path, own: Iterable[Path]) -> Path | None:
    """The library file ``path`` names, if it names one."""
    return next((file for file in own if same_file(path, file)), None)


def holding(folder: Path, own: Iterable[Path]) -> Path | None:
    """The library file inside ``folder`` (at any depth), if one is."""
    where = folder.resolve()
    return next((file for file in own if where in file.resolve().parents), None)
