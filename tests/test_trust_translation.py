"""Issue 9.5: a translation server that hangs, trickles, or answers 404 never stalls a run;
answers survive a kill; keys stay out of URLs; one server is one cache entry."""

from __future__ import annotations

import math
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from core.library import Library
from core.storage.models import TranslationCache
from core.translation.providers import ProviderConfig
from core.translation.service import TranslateOptions, translate_articles
from support.libre_server import libre_server
from tests.test_translation import FR, article, options


@pytest.fixture
def server():
    with libre_server() as state:
        yield state


def assert_no_call_left_hanging() -> None:
    """The calls themselves ended at their deadline: no thread still waits on the server."""

    def threads() -> list[threading.Thread]:
        return [t for t in threading.enumerate() if t.name.startswith("gloss-translate")]

    deadline = time.monotonic() + 3
    while threads() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert threads() == []


def test_hung_server_costs_at_most_the_deadline_per_round_of_workers(
    library: Library, server
) -> None:
    """As found: 12 hung paragraphs at --timeout 5 took 126 s (every abandoned call kept its
    worker). N hung calls at T must finish in about T x ceil(N / workers)."""
    paragraphs = [f"{FR[0]} HANG numéro {n}." for n in range(12)]
    article_id = article(library, paragraphs)
    server.faults = {"HANG": "hang"}
    timeout, workers = 1.0, 6
    began = time.monotonic()
    report = translate_articles(
        library, [article_id], options(server, timeout=timeout, workers=workers)
    )
    elapsed = time.monotonic() - began
    assert {o.kind for o in report.failed} == {"timeout"} and len(report.failed) == 12
    bound = timeout * math.ceil(12 / workers)
    assert elapsed < bound + 2.0, f"{elapsed:.1f} s for a bound of {bound:.1f} s"
    assert_no_call_left_hanging()


def test_trickling_server_is_cut_off_at_the_deadline(library: Library, server) -> None:
    article_id = article(library, [f"{FR[1]} TRICKLE"])
    server.faults = {"TRICKLE": "trickle"}
    began = time.monotonic()
    report = translate_articles(library, [article_id], options(server, timeout=1.0))
    assert [o.kind for o in report.failed] == ["timeout"]
    assert time.monotonic() - began < 3.0
    assert_no_call_left_hanging()


def test_http_404_is_named_as_a_wrong_url(library: Library, server) -> None:
    article_id = article(library, [f"{FR[2]} NOTFOUND"])
    server.faults = {"NOTFOUND": "404"}
    report = translate_articles(library, [article_id], options(server))
    [failure] = report.failed
    assert failure.kind == "url"
    assert "404" in failure.error and "URL" in failure.error
    assert "CHAR_LIMIT" not in failure.error


def test_api_key_is_sent_in_the_body_not_the_url(library: Library, server) -> None:
    article_id = article(library, [FR[0]])
    cfg = TranslateOptions(
        provider=ProviderConfig("libre", url=server.url, api_key="SECRET-KEY-123"), timeout=5
    )
    report = translate_articles(library, [article_id], cfg)
    assert not report.failed
    assert server.requests and server.requests[0]["api_key"] == "SECRET-KEY-123"
    assert all("SECRET" not in query for query in server.queries)
    assert all("d%C3%A9fense" not in query and "défense" not in query for query in server.queries)


def test_a_trailing_slash_is_the_same_server_for_the_cache(library: Library, server) -> None:
    first = article(library, [FR[0], FR[1]])
    translate_articles(library, [first], options(server))
    sent = len(server.requests)
    assert sent == 2
    second = article(library, [FR[0], FR[1], "Autre texte pour que l'article diffère un peu."])
    for url in (server.url.rstrip("/"), server.url.upper().replace("HTTP://", "http://")):
        cfg = TranslateOptions(provider=ProviderConfig("libre", url=url), timeout=5, force=True)
        translate_articles(library, [second], cfg)
    assert len(server.requests) == sent + 1  # only the new paragraph went out, once


@pytest.mark.slow
def test_answers_survive_a_kill(tmp_path: Path, server) -> None:
    """As found: kill -9 of a run lost 280-1,075 answered (paid-for) requests. Every answer
    the server wrote in full is in the cache after a SIGKILL, bar the few in flight."""
    db = tmp_path / "lib.sqlite"
    library = Library(f"sqlite:///{db}")
    for a in range(40):
        article(
            library,
            [f"{FR[n % 3]} Article {a}, paragraphe {n}." for n in range(15)],
            title=f"Article {a}",
        )
    library.close()
    workers = 6
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "core.cli", "--db", str(db), "translate", "--all",
         "--provider", "libre", "--url", server.url, "--workers", str(workers), "--json"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while server.answered < 200 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    answered = server.answered
    assert 0 < answered < 600, "the run must be killed in the middle"
    library = Library(f"sqlite:///{db}")
    try:
        with library.session() as s:
            cached = s.scalar(select(func.count(TranslationCache.id)))
    finally:
        library.close()
    assert cached >= answered - workers, (cached, answered)
