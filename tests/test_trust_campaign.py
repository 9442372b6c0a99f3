"""The crash-and-concurrency campaign (issue 9): writers importing, annotating, translating
and exporting at once, on SQLite and on the PostgreSQL server the tests start, killed with
SIGKILL at random moments. Every action a process acknowledged before it was killed must be
in the library; no writer that was left alone may fail; SQLite's integrity check must pass.

``GLOSS_CAMPAIGN_ROUNDS`` sets the rounds per database (docs/reliability.md has the counts
of a long run); the suite runs a short campaign."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import select, text

from core.library import Library
from core.storage.models import Article, Mention
from support.libre_server import libre_server
from tests.test_import import BODY
from tests.test_trust_concurrency import ROOT, fresh_pg, seed

ROUNDS = int(os.environ.get("GLOSS_CAMPAIGN_ROUNDS", "4"))


@dataclass
class Tally:
    rounds: int = 0
    processes: int = 0
    kills: int = 0
    acknowledged: int = 0
    lost: list[str] = field(default_factory=list)
    crashed: list[str] = field(default_factory=list)

    def line(self, database: str) -> str:
        return (
            f"campaign {database}: {self.rounds} rounds, {self.processes} writer processes, "
            f"{self.kills} SIGKILLs, {self.acknowledged} acknowledged actions checked, "
            f"{len(self.lost)} lost, {len(self.crashed)} crashed writers"
        )


def spawn(action: str, url: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.workers", action, url, "0", *args],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )  # fmt: skip


def one_round(
    url: str, folder: Path, out: Path, server_url: str, rng: random.Random, tally: Tally
) -> None:
    for n in range(40):  # new files each round: the import has work to do
        stamp = f"{rng.random():.12f}"
        (folder / f"{stamp}-{n}.txt").write_text(f"Titre {stamp}\n\n{BODY} {stamp}", "utf-8")
    writers = {
        "tag-1": spawn("tag-loop", url, "1", "400"),
        "tag-2": spawn("tag-loop", url, "2", "400"),
        "import": spawn("import", url, str(folder)),
        "translate": spawn("translate", url, server_url),
        "export": spawn("export", url, str(out), "50"),
    }
    tally.rounds += 1
    tally.processes += len(writers)
    time.sleep(rng.uniform(0.8, 2.5))
    victims = rng.sample(sorted(writers), rng.randint(1, 3))
    for name in victims:
        if writers[name].poll() is None:
            writers[name].send_signal(signal.SIGKILL)
            tally.kills += 1
    acked: dict[str, set[int]] = {"mention": set(), "article": set()}
    for name, proc in writers.items():
        try:
            stdout, stderr = proc.communicate(timeout=180)
        except subprocess.TimeoutExpired:
            proc.kill()
            stdout, stderr = proc.communicate()
            tally.crashed.append(f"{name}: hung")
            continue
        for line in stdout.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[0] == "ok" and parts[1] in acked:
                acked[parts[1]].add(int(parts[2]))
        killed = proc.returncode == -signal.SIGKILL
        if not killed and proc.returncode != 0:
            tally.crashed.append(f"{name}: exit {proc.returncode}: {stderr[-800:]}")
    library = Library(url)
    try:
        with library.reading() as s:
            if library.dialect == "sqlite":
                assert s.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            mentions = set(s.scalars(select(Mention.id)))
            articles = set(s.scalars(select(Article.id)))
    finally:
        library.close()
    tally.acknowledged += len(acked["mention"]) + len(acked["article"])
    tally.lost += [f"mention {m}" for m in acked["mention"] - mentions]
    tally.lost += [f"article {a}" for a in acked["article"] - articles]


def campaign(url: str, tmp_path: Path, rounds: int) -> Tally:
    library = Library(url)
    seed(library, 300)
    library.close()
    folder = tmp_path / "incoming"
    folder.mkdir()
    out = tmp_path / "exports"
    out.mkdir()
    tally = Tally()
    rng = random.Random(int(os.environ.get("GLOSS_CAMPAIGN_SEED", "9")))
    with libre_server() as server:
        server.delay = 0.01
        for n in range(rounds):
            one_round(url, folder, out / f"round{n}.jsonl", server.url, rng, tally)
    return tally


def check(tally: Tally, database: str) -> None:
    print(tally.line(database))
    assert tally.kills > 0
    assert tally.lost == []
    assert tally.crashed == []


@pytest.mark.slow
def test_campaign_on_sqlite(tmp_path: Path) -> None:
    check(campaign(f"sqlite:///{tmp_path / 'lib.sqlite'}", tmp_path, ROUNDS), "sqlite")


@pytest.mark.slow
@pytest.mark.postgres
def test_campaign_on_postgres(tmp_path: Path, pg_url: str) -> None:
    check(campaign(fresh_pg(pg_url), tmp_path, max(2, ROUNDS // 2)), "postgresql")
