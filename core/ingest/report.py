"""What an import did, file by file and line by line: the CLI prints it, the app shows it,
``--json`` gives it whole. Nothing left out goes unnamed."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

IMPORTED_KEYS = ("path", "line", "id", "title", "language", "near_duplicate_of")


class Imported(Sequence[dict[str, Any]]):
    """The imported articles of a report: held as tuples (a dict each would cost more than
    the rest of a large import's bookkeeping), read as dicts with :data:`IMPORTED_KEYS`."""

    def __init__(self) -> None:
        self._rows: list[tuple[Any, ...]] = []

    def append(self, item: dict[str, Any]) -> None:
        self._rows.append(tuple(item[key] for key in IMPORTED_KEYS))

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...
    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, slice):
            return [dict(zip(IMPORTED_KEYS, row, strict=True)) for row in self._rows[index]]
        return dict(zip(IMPORTED_KEYS, self._rows[index], strict=True))

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return (dict(zip(IMPORTED_KEYS, row, strict=True)) for row in self._rows)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    def __repr__(self) -> str:
        return f"Imported({list(self)!r})"

    def near_duplicates(self) -> int:
        at = IMPORTED_KEYS.index("near_duplicate_of")
        return sum(1 for row in self._rows if row[at])


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
