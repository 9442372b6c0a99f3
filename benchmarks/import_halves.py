"""The two halves of an import, each alone, to show where an import's time goes (issue 10):

    python -m benchmarks.import_halves analyse FOLDER RESULTS   # worker processes, no library
    python -m benchmarks.import_halves store RESULTS DB         # one writer, no analysis

Each prints its wall time and the CPU time of its processes (interpreter start and library
opening left out), as JSON.
"""

from __future__ import annotations

import json
import multiprocessing
import pickle
import resource
import sys
import time
from pathlib import Path


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def analyse(folder: Path, out: Path) -> dict[str, float]:
    from core.config import max_file_bytes
    from core.ingest import pool

    cpu = _cpu()  # the interpreter's start is not the analysis
    start = time.perf_counter()
    inputs = pool.collect([folder])
    results = list(pool.Analysis(inputs.files, "auto", max_file_bytes()))
    elapsed = time.perf_counter() - start
    for worker in multiprocessing.active_children():
        worker.join()  # reaped, so their CPU time is counted
    cpu = _cpu() - cpu
    out.write_bytes(pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL))
    return {"seconds": elapsed, "cpu": cpu, "articles": sum(len(r.prepared) for r in results)}


def store(results: Path, db: Path) -> dict[str, float]:
    from core.ingest.importer import Importer
    from core.ingest.run import _bulk_gc
    from core.library import Library

    analysed = pickle.loads(results.read_bytes())
    library = Library(f"sqlite:///{db}")
    importer = Importer(library)
    importer.schema()  # as an import does (a new library gets its schema)
    cpu = _cpu()
    start = time.perf_counter()
    with _bulk_gc():
        for result in analysed:
            importer.add_result(result)
        importer.flush()
    elapsed = time.perf_counter() - start
    library.close()
    return {"seconds": elapsed, "cpu": _cpu() - cpu, "articles": len(importer.report.imported)}


if __name__ == "__main__":
    command, first, second = sys.argv[1:4]
    run = analyse if command == "analyse" else store
    print(json.dumps(run(Path(first), Path(second))))
