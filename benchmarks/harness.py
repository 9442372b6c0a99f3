"""What every benchmark group shares: recording a result against its target, the machine,
timings, the memory of a process tree, and docs/benchmarks.md."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


GLOSS = [sys.executable, "-m", "gui.entry"]


RESULTS: list[tuple[str, str, str, bool]] = []  # (name, measured, target, met)


GROUP = {"name": ""}


DONE: dict[str, list[list[Any]]] = {}


def record(name: str, measured: str, target: str, met: bool) -> None:
    RESULTS.append((name, measured, target, met))
    DONE.setdefault(GROUP["name"], []).append([name, measured, target, met])
    print(f"{'OK  ' if met else 'MISS'} {name}: {measured} (target {target})", flush=True)


def record_times(name: str, times: list[float], limit: float, target: str) -> None:
    """A timed loop's median (and worst) against ``limit`` seconds."""
    median = statistics.median(times)
    measured = f"median {median * 1000:.1f} ms, worst {max(times) * 1000:.0f} ms"
    record(name, measured, target, median <= limit)


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError):
        pass
    return f"{os.cpu_count()} cores, {cpu}{mem}, Python {platform.python_version()}, {platform.system()}"


def timed(fn: Callable[[], object], repeat: int = 7) -> float:
    fn()  # warm the page cache
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def tree_rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc (KiB)."""
    total = 0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                total += tree_rss_kib(int(child))
    except (OSError, ValueError):
        pass
    return total


def run_sampled(args: list[str]) -> tuple[float, int, str]:
    """Run a command; its wall time, the peak of its process tree's resident memory
    (sampled every 20 ms; ru_maxrss would count what a child inherits across exec) and its
    standard output."""

    start = time.perf_counter()
    proc = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT
    )
    peak = [0]

    def sample() -> None:
        while proc.poll() is None:
            peak[0] = max(peak[0], tree_rss_kib(proc.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    elapsed = time.perf_counter() - start
    sampler.join()
    assert proc.returncode == 0, err[-2000:]
    return elapsed, peak[0], out


# What other tools did on the same kind of machine (not installed by the project, so not
# re-measured here): from issue 10, 10,000 articles of ~5.6 KB, 10 entity spans each.
PEERS = {
    "dataset-import": (
        "Peers, measured side by side on this machine kind (issue 10; not installed by the "
        "project): annotated import Label Studio 1.23 480 articles/s, doccano 1.8 433/s "
        "(Gloss then: 94/s); plain import Label Studio 2,543/s, doccano 2,208/s (Gloss then: "
        "1,206/s, which also detects languages, boilerplate, dates and near-duplicates and "
        "indexes for search)."
    ),
}


def write_report(order: list[str]) -> None:
    """docs/benchmarks.md from docs/benchmarks.json, where each group keeps its last run
    (``make bench import`` refreshes the import rows and leaves the others) and a ``note``
    on it written by hand, if any (a new run of the group drops it)."""
    store = ROOT / "docs" / "benchmarks.json"
    groups: dict[str, Any] = json.loads(store.read_text()) if store.exists() else {}
    today = dt.date.today().isoformat()
    for group, rows in DONE.items():
        groups[group] = {"date": today, "machine": machine(), "rows": rows}
    store.write_text(json.dumps(groups, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`make bench ARGS=import` runs one group). Each group shows",
        "the date and machine of its last run.",
        "",
    ]
    for group in order:
        if group not in groups:
            continue
        entry = groups[group]
        lines += [
            f"## {group}",
            "",
            f"{entry['date']}, {entry['machine']}.",
            "",
            "| benchmark | measured | target | met |",
            "|---|---|---|---|",
        ]
        lines += [
            f"| {n} | {m} | {t} | {'yes' if ok else '**no**'} |" for n, m, t, ok in entry["rows"]
        ]
        lines.append("")
        if entry.get("note"):  # said of that run by hand (its context): kept until the next
            lines += [entry["note"], ""]
        if group in PEERS:
            lines += [PEERS[group], ""]
    (ROOT / "docs" / "benchmarks.md").write_text("\n".join(lines), encoding="utf-8")
