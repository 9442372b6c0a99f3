"""Boilerplate detection: paragraphs are flagged by rules that are data (TOML), not code."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    max_length: int


def load_rules(path: Path) -> list[Rule]:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    return [
        Rule(
            name=str(item["name"]),
            pattern=re.compile(str(item["pattern"]), re.IGNORECASE),
            max_length=int(item.get("max_length", 1000)),
        )
        for item in data.get("rule", [])
    ]


@lru_cache(maxsize=1)
def default_rules() -> tuple[Rule, ...]:
    import resources

    rules = load_rules(resources.path("boilerplate.toml"))
    extra = os.environ.get("GLOSS_BOILERPLATE")
    if extra:
        rules += load_rules(Path(extra))
    return tuple(rules)


def match(paragraph: str, rules: tuple[Rule, ...] | None = None) -> str | None:
    """The name of the first rule the paragraph matches, or None."""
    text = paragraph.strip()
    for rule in rules if rules is not None else default_rules():
        if len(text) <= rule.max_length and rule.pattern.search(text):
            return rule.name
    return None
