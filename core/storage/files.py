"""The library's own files (the database, its journal and shared memory): nothing but the
database driver opens them. Closing any descriptor of a SQLite file drops the locks SQLite
holds on it, and writing one replaces the library. A path the user hands over (to import, to
export to, to save a schema as) is compared with them before anything is opened: by name
once links are followed, then as the same file on disk (a hard link) — by ``stat``, never
an open."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


def identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_dev, st.st_ino


class OwnFiles:
    """The open library's files, resolved and identified once (an import asks for each file
    of a folder walk)."""

    def __init__(self, files: Iterable[Path]) -> None:
        self.files = [Path(file).resolve() for file in files]
        self.names = {file.name for file in self.files}  # a walk's cheap first question
        self._ids = {ident: file for file in self.files if (ident := identity(file))}

    def match(self, path: Path) -> Path | None:
        """The library file ``path`` names, if it names one."""
        resolved = path.resolve()
        if resolved in self.files:
            return resolved
        return self._ids.get(identity(path)) if self._ids else None  # type: ignore[arg-type]

    def inside(self, folder: Path) -> Path | None:
        """The library file inside ``folder`` (at any depth), if one is."""
        where = folder.resolve()
        return next((file for file in self.files if where in file.parents), None)
