"""Run a real export into a temporary folder and hand back what it wrote."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.export.formats import suffix
from core.export.run import ExportOptions, ExportReport, export
from core.library import Library


def run_export(
    library: Library, ids: list[int], fmt: str, folder: Path, **options: Any
) -> tuple[Path, ExportReport]:
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / f"{fmt}-{options.get('side', 'original')}{suffix(fmt)}"
    report = export(library, ids, out, ExportOptions(format=fmt, **options))
    return out, report


def read_lines(path: Path) -> list[Any]:
    import json

    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def round_trip_property(**spans: Any) -> Any:
    """Hypothesis settings and inputs of the round-trip properties: random Unicode text
    (any character an article can hold) and up to five (start, length, ...) spans."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    alphabet = st.characters(
        blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85"
    )
    span = st.tuples(st.integers(0, 59), st.integers(1, 10), *spans.values())

    def wrap(test: Any) -> Any:
        run = settings(
            max_examples=20, deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture],
        )  # fmt: skip
        return run(given(st.text(alphabet=alphabet, min_size=3, max_size=60),
                         st.lists(span, max_size=5))(test))  # fmt: skip

    return wrap
