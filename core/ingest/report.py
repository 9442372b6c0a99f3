"""What an import did, file by file and line by line: the CLI prints it, the app shows it,
``--json`` gives it whole. Nothing left out goes unnamed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ImportReport:
    imported: list[dict[str, Any]] = field(default_factory=list)
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
                "near_duplicates": sum(1 for i in self.imported if i["near_duplicate_of"]),
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
