"""docs/api.md is the scripting API's documentation: its examples run here, in order, and
what they did is checked in the library they built."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from core.library import Library
from support.libre_server import libre_server

ROOT = Path(__file__).resolve().parents[1]


def examples() -> list[str]:
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def test_the_api_examples_run_and_do_what_they_say(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    blocks = examples()
    assert len(blocks) >= 7
    with libre_server() as server:
        namespace: dict[str, object] = {"LIBRETRANSLATE_URL": server.url}
        for n, block in enumerate(blocks, start=1):
            exec(compile(block, f"docs/api.md example {n}", "exec"), namespace)
    library = Library(f"sqlite:///{tmp_path / 'pipeline.sqlite'}")
    try:
        assert library.articles.count() == 2
        article_id = int(namespace["article_id"])  # type: ignore[call-overload]
        detail = library.articles.detail(article_id)
        tags = {(m["text"], m["label"]) for m in detail["entities"]}
        assert tags == {("Kyiv", "GPE"), ("Russie", "GPE"), ("drones", "WEA")}  # undone: gone
        [event] = detail["events"]
        assert event["attributes"]["launched"] == 188
        assert sorted(a["role"] for a in event["arguments"]) == ["Attacker", "Target"]
        [kyiv] = [m for m in detail["entities"] if m["text"] == "Kyiv"]
        assert library.entities.find("KYIV")[0]["id"] == kyiv["entity_id"]
        assert detail["translations"]["en"][1]["text"] == "Overnight, Russia launched 188 drones."
        assert detail["translations"]["en"][1]["edited"]
    finally:
        library.close()
    lines = (tmp_path / "out" / "dataset.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and any(json.loads(line)["entities"] for line in lines)
