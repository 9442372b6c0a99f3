"""Boilerplate detection: paragraphs are flagged by rules that are data (TOML), not code."""

from __future__ import annotations

import os
import re
import tomllib
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_LEADING_FLAGS = re.compile(r"^\(\?([aiLmsux]+)\)")


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    max_length: int
    requires: tuple[str, ...] = ()  # cheap pre-check: one of these must occur (lower case)

    @property
    def anchored(self) -> bool:
        return not self.requires and _LEADING_FLAGS.sub("", self.pattern.pattern).startswith("^")


def load_rules(path: Path) -> list[Rule]:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    return [
        Rule(
            name=str(item["name"]),
            pattern=re.compile(str(item["pattern"]), re.IGNORECASE),
            max_length=int(item.get("max_length", 1000)),
            requires=tuple(str(word).lower() for word in item.get("requires", ())),
        )
        for item in data.get("rule", [])
    ]


def _scoped(pattern: str) -> str:
    """``(?s)body`` -> ``(?s:body)`` so patterns can share one alternation."""
    flags = _LEADING_FLAGS.match(pattern)
    if flags:
        return f"(?{flags.group(1)}:{pattern[flags.end() :]})"
    return f"(?:{pattern})"


class RuleSet:
    """Rules compiled for speed: for each length limit, one regex of all anchored rules that
    apply (tried at the paragraph's start only: one ``match`` instead of a dozen searches),
    then the other rules one by one, each behind its cheap ``requires`` check."""

    def __init__(self, rules: list[Rule]) -> None:
        self.rules = rules
        self._limits = sorted({rule.max_length for rule in rules})
        self._plans = [self._plan(limit) for limit in self._limits]

    def _plan(self, limit: int) -> tuple[re.Pattern[str] | None, dict[str, str], list[Rule]]:
        usable = [rule for rule in self.rules if limit <= rule.max_length]
        anchored = [rule for rule in usable if rule.anchored]
        others = [rule for rule in usable if not rule.anchored]
        if not anchored:
            return None, {}, others
        body = "|".join(
            f"(?P<r{i}>{_scoped(rule.pattern.pattern)})" for i, rule in enumerate(anchored)
        )
        names = {f"r{i}": rule.name for i, rule in enumerate(anchored)}
        return re.compile(body, re.IGNORECASE), names, others

    def match(self, paragraph: str) -> str | None:
        found = self.cue(paragraph)
        return found[0] if found is not None else None

    def cue(self, paragraph: str) -> tuple[str, int, int] | None:
        """The rule the paragraph matches and where in it the words that made it boilerplate
        are ("READ ALSO", "Facebook Twitter Email"; empty for a rule that only looks ahead),
        or None."""
        text = paragraph.strip()
        at = bisect_left(self._limits, len(text))  # the tightest limit the paragraph is within
        if at == len(self._limits):
            return None
        shift = len(paragraph) - len(paragraph.lstrip())
        pattern, names, others = self._plans[at]
        if pattern is not None:
            found = pattern.match(text)
            if found is not None:
                group = found.lastgroup or ""  # a rule's own group: the outermost closes last
                start, end = found.span(group)
                return names[group], start + shift, end + shift
        lowered = text.lower() if others else ""
        for rule in others:
            if rule.requires and not any(word in lowered for word in rule.requires):
                continue
            hit = rule.pattern.search(text)
            if hit is not None:
                return rule.name, hit.start() + shift, hit.end() + shift
        return None


@lru_cache(maxsize=1)
def default_rules() -> RuleSet:
    import resources

    rules = load_rules(resources.path("boilerplate.toml"))
    extra = os.environ.get("GLOSS_BOILERPLATE")
    if extra:
        rules += load_rules(Path(extra))
    return RuleSet(rules)


def match(paragraph: str, rules: RuleSet | None = None) -> str | None:
    """The name of a rule the paragraph matches, or None."""
    return (rules or default_rules()).match(paragraph)


def cue(paragraph: str, rules: RuleSet | None = None) -> tuple[int, int] | None:
    """Where in a boilerplate paragraph its marker words are (see :meth:`RuleSet.cue`)."""
    found = (rules or default_rules()).cue(paragraph)
    return (found[1], found[2]) if found is not None else None
