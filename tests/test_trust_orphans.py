"""Issue 9.7: kill -9 of an import or of a parallel export leaves no worker process alive
and no scratch folder for good."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.orphans import remove_stale_scratch
from tests.test_import import BODY
from tests.test_trust_concurrency import ROOT, seeded


def children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        with open(task / "children") as f:
            found.update(int(c) for c in f.read().split())
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def kill_when_workers_run(proc: subprocess.Popen[bytes], wanted: int) -> set[int]:
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while time.monotonic() < deadline and proc.poll() is None:
        workers = children(proc.pid)
        if len(workers) >= wanted:
            break
        time.sleep(0.02)
    assert len(workers) >= wanted, "the workers never started"
    time.sleep(0.3)
    workers |= children(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return workers


def assert_all_gone(pids: set[int]) -> None:
    deadline = time.monotonic() + 10
    while any(alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [p for p in pids if alive(p)], "workers outlived their parent"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.slow
def test_killed_import_leaves_no_worker(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(3000):
        (folder / f"{n}.txt").write_text(f"Article {n}\n\n{BODY * 3} Numéro {n}.", "utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "core.cli", "--db", str(tmp_path / "lib.sqlite"), "import",
         str(folder), "--json"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    workers = kill_when_workers_run(proc, 2)
    assert_all_gone(workers)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.slow
def test_killed_parallel_export_leaves_no_worker_and_its_scratch_goes(tmp_path: Path) -> None:
    url = seeded(tmp_path, 4000)
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("the user's file", "utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.workers", "export", url, "0", str(out / "lib.jsonl"), "20"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    workers = kill_when_workers_run(proc, 2)
    assert_all_gone(workers)
    left = [p for p in out.iterdir() if p.name.startswith(".gloss-export-")]
    assert left, "the kill came before the scratch folder existed"
    removed = remove_stale_scratch(out)
    assert set(left) <= set(removed)
    assert sorted(p.name for p in out.iterdir()) == ["mine.txt"]


def test_scratch_of_a_live_process_or_with_foreign_files_is_kept(tmp_path: Path) -> None:
    mine = tmp_path / f".gloss-export-{os.getpid()}-abc"
    mine.mkdir()
    (mine / "000001.jsonl").write_text("{}", "utf-8")
    foreign = tmp_path / ".gloss-export-999999999-x"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("not ours", "utf-8")
    dead = tmp_path / ".gloss-export-999999998-y"
    dead.mkdir()
    (dead / "000000.jsonl").write_text("{}", "utf-8")
    assert remove_stale_scratch(tmp_path) == [dead]
    assert mine.exists() and foreign.exists()
