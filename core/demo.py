"""The demo library: a handful of short articles written for Gloss (French, English, mixed)."""

from __future__ import annotations

from pathlib import Path

from core.annotation.schema import ensure_default
from core.ingest.report import ImportReport
from core.ingest.run import import_paths
from core.library import Library


def demo_folder() -> Path:
    import resources

    return resources.path("demo", "articles")


def load_demo(library: Library) -> ImportReport:
    """Import the demo articles (already present ones are skipped as duplicates)."""
    with library.session() as session:
        ensure_default(session)
    return import_paths(library, [demo_folder()])
