"""Cold start: process start to the first painted window."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.harness import GLOSS, record


def bench_cold_start(work: Path) -> None:
    db = work / "start.sqlite"
    subprocess.run([*GLOSS, "--db", str(db), "demo"], capture_output=True, check=True)
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    paints, opens = [], []
    for _ in range(5):
        start = time.perf_counter()
        proc = subprocess.Popen(
            [str(Path(sys.executable).with_name("gloss")), "--db", str(db), "--quit-after-paint"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("first paint"):
                paints.append(time.perf_counter() - start)
            elif line.startswith("library open"):
                opens.append(time.perf_counter() - start)
        proc.wait()
    paint = statistics.median(paints)
    record(
        "`gloss` cold start to first painted window (process start included, median of 5)",
        f"{paint * 1000:.0f} ms (library listed at {statistics.median(opens) * 1000:.0f} ms)",
        "<= 1,000 ms",
        paint <= 1.0,
    )
