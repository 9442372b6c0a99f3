"""Import groups: plain text articles, and an annotated dataset against plain import."""

from __future__ import annotations

import json
import os
import random
import re
import statistics
import subprocess
import sys
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
        ">= 2,000 articles/s (issue 10)",
        rate >= 2000,
    )
    _halves(work, folder, n)


def _halves(work: Path, folder: Path, n: int) -> None:
    """Where the import's time goes: its two halves apart, on the same files in the same run
    (analysis in the worker processes; storing: SQLite's inserts and search index)."""
    halves = [sys.executable, "-m", "benchmarks.import_halves"]
    pickled, db = work / "analysed.pickle", work / "stored.sqlite"
    runs = []
    for _ in range(3):
        db.unlink(missing_ok=True)
        got = [
            json.loads(subprocess.run(
                [*halves, *args], capture_output=True, text=True, check=True
            ).stdout)
            for args in (("analyse", str(folder), str(pickled)), ("store", str(pickled), str(db)))
        ]  # fmt: skip
        assert got[0]["articles"] == got[1]["articles"] == n, got
        runs.append(got)
    analysed, stored = (
        {key: statistics.median(run[half][key] for run in runs) for key in ("seconds", "cpu")}
        for half in (0, 1)
    )
    per = (analysed["cpu"] + stored["cpu"]) / n * 1000
    cores = os.cpu_count() or 1
    record(
        f"where the time goes: the same {n:,} articles' two halves apart (median of 3): "
        "analysis in the worker processes (no library); storing alone in one thread "
        "(rows, duplicate checks, SQLite's FTS5 search index)",
        f"analysis {analysed['seconds']:.2f} s ({analysed['cpu']:.2f} s CPU); storing "
        f"{stored['seconds']:.2f} s ({stored['cpu']:.2f} s CPU); {per:.2f} ms of CPU an "
        f"article, {cores} cores: {cores / per * 1000:,.0f} articles/s "
        "at best with every core busy throughout",
        "(where the time goes: no target)",
        True,
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


def bench_import_memory(work: Path) -> None:
    """Issue 10: peak memory of an import of 100,000 articles against one of 10,000, plain
    (a folder of text files) and annotated (doccano JSONL files of 10,000 records each)."""
    from benchmarks.harness import run_sampled
    from benchmarks.textgen import article

    rng = random.Random(5)

    def texts(count: int) -> list[str]:
        return [article(rng, 5000) + f"\nRef {rng.random()}.\n" for _ in range(count)]

    def measure(label: str, small: list[Path], large: list[Path], count: int) -> None:
        peaks = []
        for paths in (small, large):
            db = work / f"memory-{label}-{len(paths)}.sqlite"
            elapsed, peak, out = run_sampled(
                [*GLOSS, "--db", str(db), "import", *map(str, paths), "--json"]
            )
            imported = json.loads(out)["counts"]["imported"]
            assert imported == count * (1 if paths is small else 10), imported
            peaks.append((peak / 1024, imported / elapsed))
        (small_mib, small_rate), (large_mib, large_rate) = peaks
        record(
            f"import memory, {label}: peak resident size (process and workers) for "
            f"{10 * count:,} articles against {count:,}",
            f"{large_mib:,.0f} MiB vs {small_mib:,.0f} MiB = {large_mib / small_mib:.2f}x "
            f"({large_rate:,.0f} and {small_rate:,.0f} articles/s)",
            "<= 1.5x",
            large_mib / small_mib <= 1.5,
        )

    count = 10_000
    folders = []
    for k in range(10):
        folder = work / f"plain-{k}"
        folder.mkdir()
        for i, text in enumerate(texts(count // 10)):
            (folder / f"{i:05d}.txt").write_text(text, encoding="utf-8")
        folders.append(folder)
    # 10,000 files, then 100,000 (the same ten folders' worth of files, ten times over)
    many = work / "plain-many"
    many.mkdir()
    for k in range(10):
        sub = many / f"{k}"
        sub.mkdir()
        for i, text in enumerate(texts(count)):
            (sub / f"{i:05d}.txt").write_text(text, encoding="utf-8")
    measure("plain text files", folders, [many], count)

    files = []
    for k in range(10):
        path = work / f"annotated-{k}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for text in texts(count):
                words = [m.span() for m in re.finditer(r"\w{5,}", text)]
                spans = [[s, e, "GPE"] for s, e in rng.sample(words, min(10, len(words)))]
                out.write(json.dumps({"text": text, "label": sorted(spans)}, ensure_ascii=False))
                out.write("\n")
        files.append(path)
    measure("annotated doccano JSONL", files[:1], files, count)
