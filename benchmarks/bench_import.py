"""Import groups: plain text articles, and an annotated dataset against plain import."""

from __future__ import annotations

import json
import random
import statistics
import subprocess
import time
from pathlib import Path

from benchmarks.harness import GLOSS, record


def bench_import(work: Path) -> None:
    from benchmarks.textgen import article

    rng = random.Random(1)
    folder = work / "articles"
    folder.mkdir()
    n = 10_000
    for i in range(n):
        (folder / f"{i:05d}.txt").write_text(
            article(rng, 5000, mixed=i % 10 == 0), encoding="utf-8"
        )
    times = []
    for attempt in range(3):
        db = work / f"import-{attempt}.sqlite"
        start = time.perf_counter()
        result = subprocess.run(
            [*GLOSS, "--db", str(db), "import", str(folder), "--json"],
            capture_output=True,
            text=True,
        )
        times.append(time.perf_counter() - start)
        report = json.loads(result.stdout)
        assert report["counts"]["imported"] == n, report["counts"]
    elapsed = statistics.median(times)
    rate = n / elapsed
    record(
        f"import {n:,} text articles of ~5 KB into a new library, end to end "
        "(`gloss import`, process start included, median of 3)",
        f"{rate:,.0f} articles/s ({elapsed:.2f} s; runs {', '.join(f'{t:.2f}' for t in times)} s)",
        ">= 1,000 articles/s",
        rate >= 1000,
    )


def bench_annotated_import(work: Path) -> None:
    """Issue 10: an annotated dataset (doccano JSONL, 10 entity spans per article) against a
    plain import of the same texts, in the same run (the machine is shared and noisy)."""
    from benchmarks.textgen import article

    rng = random.Random(3)
    n = 5_000
    annotated, plain = work / "annotated.jsonl", work / "plain.jsonl"
    with annotated.open("w", encoding="utf-8") as a, plain.open("w", encoding="utf-8") as p:
        for i in range(n):
            text = article(rng, 5600) + f"\nRef {i}.\n"
            words = [m.span() for m in __import__("re").finditer(r"\w{5,}", text)]
            spans = [[s, e, "GPE"] for s, e in rng.sample(words, min(10, len(words)))]
            a.write(json.dumps({"text": text, "label": sorted(spans)}, ensure_ascii=False) + "\n")
            p.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")

    def run(path: Path, attempt: int) -> float:
        db = work / f"{path.stem}-{attempt}.sqlite"
        start = time.perf_counter()
        result = subprocess.run(
            [*GLOSS, "--db", str(db), "import", str(path), "--json"], capture_output=True, text=True
        )
        elapsed = time.perf_counter() - start
        assert json.loads(result.stdout)["counts"]["imported"] == n, result.stderr[-500:]
        return elapsed

    with_spans = statistics.median(run(annotated, k) for k in range(3))
    without = statistics.median(run(plain, k) for k in range(3))
    rate = n / with_spans
    record(
        f"import {n:,} annotated articles (doccano JSONL, 10 spans each, ~5.6 KB), end to end",
        f"{rate:,.0f} articles/s ({with_spans:.2f} s)",
        ">= 1,000 articles/s (Label Studio 480/s, doccano 433/s measured by the issue)",
        rate >= 1000,
    )
    record(
        "the same, against a plain import of the same texts in the same run",
        f"{with_spans / without:.2f}x ({without:.2f} s plain)",
        "<= 1.5x",
        with_spans / without <= 1.5,
    )
