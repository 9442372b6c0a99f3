"""What an import did, file by file and line by line: the CLI prints it, the app shows it,
``--json`` gives it whole. Nothing left out goes unnamed."""

from __future__ import annotations

import io
import pickle
import tempfile
import weakref
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

IMPORTED_KEYS = ("path", "line", "id", "title", "language", "near_duplicate_of")
SPOOL_BYTES = 1 << 20  # a report's rows stay in memory up to this size, then go to a file
_BLOCK = 1024  # rows read at a time when a report is read through


class Imported(Sequence[dict[str, Any]]):
    """The imported articles of a report, read as dicts with :data:`IMPORTED_KEYS`.

    A large import lists every article it stored; held in memory, that list would be most
    of what an import's memory grows by. The rows are pickled as they come into an
    anonymous temporary file (kept in memory while small, removed when the report goes),
    and only each row's place in it is held: eight bytes an article."""

    def __init__(self) -> None:
        self._file = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
        self._closer = weakref.finalize(self, self._file.close)
        self._starts = array("q")
        self._end = 0
        self._near = 0

    def append(self, item: dict[str, Any]) -> None:
        row = pickle.dumps(tuple(item[key] for key in IMPORTED_KEYS), pickle.HIGHEST_PROTOCOL)
        self._file.seek(self._end)
        self._file.write(row)
        self._starts.append(self._end)
        self._end += len(row)
        self._near += bool(item["near_duplicate_of"])

    def _read(self, start: int, end: int) -> bytes:
        self._file.seek(start)
        return self._file.read(end - start)

    def _offset(self, index: int) -> int:
        """Where row ``index`` starts in the file (the end of the last row past it)."""
        return self._starts[index] if index < len(self._starts) else self._end

    def _row(self, index: int) -> dict[str, Any]:
        raw = self._read(self._offset(index), self._offset(index + 1))
        return dict(zip(IMPORTED_KEYS, pickle.loads(raw), strict=True))

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...
    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, slice):
            return [self._row(at) for at in range(len(self))[index]]
        return self._row(range(len(self))[index])  # negative indexes; IndexError past the end

    def __len__(self) -> int:
        return len(self._starts)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        """Rows in order, read a block at a time (rows appended meanwhile are included)."""
        at = 0
        while at < len(self._starts):
            upto = min(at + _BLOCK, len(self._starts))
            block = io.BytesIO(self._read(self._offset(at), self._offset(upto)))
            for _ in range(upto - at):
                yield dict(zip(IMPORTED_KEYS, pickle.load(block), strict=True))
            at = upto

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    def __repr__(self) -> str:
        return f"Imported({list(self)!r})"

    def near_duplicates(self) -> int:
        return self._near


@dataclass
class ImportReport:
    imported: Imported = field(default_factory=Imported)
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    failed: list[dict[str, Any]] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(
        default_factory=list
    )  # imported, with something left out
    cancelled: bool = False

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def to_json(self) -> dict[str, Any]:
        return {
            "imported": self.imported,
            "duplicates": self.duplicates,
            "failed": self.failed,
            "ignored": self.ignored,
            "warnings": self.warnings,
            "cancelled": self.cancelled,
            "counts": {
                "imported": len(self.imported),
                "duplicates": len(self.duplicates),
                "near_duplicates": self.imported.near_duplicates(),
                "failed": len(self.failed),
                "ignored": len(self.ignored),
            },
        }

    def fail(self, path: str, reason: str, line: int | None = None) -> None:
        self.failed.append({"path": path, "line": line, "reason": reason})

    def summary(self) -> str:
        """One line: what was imported, skipped, flagged and what failed."""
        counts = self.to_json()["counts"]
        return (
            f"{counts['imported']} imported, {counts['duplicates']} duplicates skipped, "
            f"{counts['near_duplicates']} near-duplicates flagged, {counts['failed']} failed"
            + (f", {counts['ignored']} files of other types ignored" if counts["ignored"] else "")
        )

    def problems(self) -> list[str]:
        """What failed, then what was imported with something left out: one line each,
        naming the file, the line and the reason."""
        return [
            f"{'FAILED ' if kind == 'failed' else 'warning'}   {item['path']}"
            + (f":{item['line']}" if item["line"] else "")
            + f": {item['reason']}"
            for kind in ("failed", "warnings")
            for item in getattr(self, kind)
        ]
