"""The backend spaCy's models compute with: thinc's numpy operations with numpy's own BLAS
(OpenBLAS), not the BLIS thinc bundles — the same results (the pipelines' tags, parts of
speech and parses are compared in ``tests/test_suggest_backend.py``) in about 0.6 of the time
on this machine kind (``make bench ARGS=suggest``). A model keeps the backend it was made or
loaded with, so only making and loading need it.

OpenBLAS would run each product on every core: with a worker process per core that is
several times the threads the machine has (pre-annotation fell to a third). The processes
that run models keep it to one thread (``threadpoolctl``); the parallelism is theirs."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def numpy_blas() -> Iterator[None]:
    """Models made or loaded inside compute with numpy's BLAS, on one thread."""
    from thinc.api import use_ops

    one_blas_thread()
    with use_ops("numpy", use_blis=False):
        yield


@functools.cache
def one_blas_thread() -> Any:
    """numpy's BLAS on one thread in this process, from now on (once: the limit it returns
    is kept by the cache; None without threadpoolctl)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return None
    return threadpool_limits(limits=1, user_api="blas")
