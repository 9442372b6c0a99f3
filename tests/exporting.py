"""Run a real export into a temporary folder and hand back what it wrote."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.db import Library
from core.exchange.export import ExportOptions, ExportReport, export
from core.exchange.formats import suffix


def run_export(
    library: Library, ids: list[int], fmt: str, folder: Path, **options: Any
) -> tuple[Path, ExportReport]:
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"{fmt}-{options.get('layer', 'original')}{suffix(fmt)}"
    report = export(library, ids, out, ExportOptions(format=fmt, **options))
    return out, report


def read_lines(path: Path) -> list[Any]:
    import json

    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
