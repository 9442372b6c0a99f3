"""An import's report lists every stored article; its rows go to a temporary file as they
come (a large import's memory stays flat) and read back exactly as they were given."""

from __future__ import annotations

import gc
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.ingest import report as report_module
from core.ingest.report import IMPORTED_KEYS, ImportReport

ROWS = st.lists(
    st.fixed_dictionaries(
        {
            "path": st.text(min_size=1),
            "line": st.none() | st.integers(1, 10**9),
            "id": st.integers(1, 2**62),
            "title": st.text(),
            "language": st.sampled_from(["fr", "en", "und"]),
            "near_duplicate_of": st.none() | st.integers(1, 2**62),
        }
    ),
    max_size=60,
)


@settings(max_examples=60, deadline=None)
@given(rows=ROWS, spill=st.integers(0, 4096), block=st.integers(1, 7))
def test_rows_read_back_as_given(rows: list[dict[str, Any]], spill: int, block: int) -> None:
    # Small sizes so rows cross the in-memory limit and the read-through blocks' edges.
    saved = report_module.SPOOL_BYTES, report_module._BLOCK
    report_module.SPOOL_BYTES, report_module._BLOCK = spill, block
    try:
        report = ImportReport()
        for row in rows:
            report.imported.append(row)
        imported = report.imported
        assert list(imported) == rows and len(imported) == len(rows)
        assert [imported[i] for i in range(-len(rows), len(rows))] == rows + rows
        assert imported[1:-1:2] == rows[1:-1:2]
        assert imported.near_duplicates() == sum(1 for r in rows if r["near_duplicate_of"])
        assert report.to_json()["counts"]["imported"] == len(rows)
        assert json.loads(json.dumps(list(imported))) == rows
    finally:
        report_module.SPOOL_BYTES, report_module._BLOCK = saved


def test_reading_does_not_disturb_appending() -> None:
    report = ImportReport()
    first = dict(zip(IMPORTED_KEYS, ("a.txt", None, 1, "A", "fr", None), strict=True))
    second = dict(zip(IMPORTED_KEYS, ("b.txt", 2, 2, "B", "en", 1), strict=True))
    report.imported.append(first)
    assert report.imported[0] == first  # a read between two appends
    report.imported.append(second)
    assert list(report.imported) == [first, second]
    assert report.summary().startswith("2 imported") and "1 near-duplicates" in report.summary()
    with pytest.raises(IndexError):
        report.imported[2]


def test_a_large_report_goes_to_a_file_and_its_file_goes_with_it() -> None:
    report = ImportReport()
    row = dict(zip(IMPORTED_KEYS, ("x" * 200, None, 7, "t" * 200, "fr", None), strict=True))
    for _ in range(report_module.SPOOL_BYTES // 400 + 10):
        report.imported.append(row)
    spooled = report.imported._file
    assert spooled._rolled  # on disk, not in memory
    del report
    gc.collect()
    assert spooled.closed
