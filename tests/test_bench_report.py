"""docs/benchmarks.md is written from docs/benchmarks.json: each group's last run, and the
note said of it by hand (which used to be typed into the .md and lost at the next run)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import harness


def test_a_groups_note_is_shown_until_the_group_runs_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "docs").mkdir()
    store = tmp_path / "docs" / "benchmarks.json"
    row = ["import 10 articles", "5 articles/s", ">= 2", True]
    store.write_text(json.dumps({
        "import": {"date": "2026-11-22", "machine": "m", "rows": [row], "note": "A slow day."},
        "search": {"date": "2026-11-22", "machine": "m", "rows": [row]},
    }))  # fmt: skip
    monkeypatch.setattr(harness, "ROOT", tmp_path)
    monkeypatch.setattr(harness, "DONE", {})
    harness.write_report(["import", "search"])
    report = (tmp_path / "docs" / "benchmarks.md").read_text()
    assert report.count("A slow day.") == 1
    assert report.index("## import") < report.index("A slow day.") < report.index("## search")

    monkeypatch.setattr(harness, "DONE", {"import": [["import 10 articles", "9/s", ">= 2", True]]})
    harness.write_report(["import", "search"])  # the group ran again: its old note goes
    assert "A slow day." not in (tmp_path / "docs" / "benchmarks.md").read_text()
    assert "note" not in json.loads(store.read_text())["import"]
