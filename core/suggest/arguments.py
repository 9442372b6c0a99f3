"""An event's arguments and reporter from its sentence: each role's tag, read from the
dependency parse where the role names a ``function`` and by nearness otherwise, and who
reported the event (never one of its arguments)."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Generic, TypeVar

from core.annotation.types import Role, Schema
from core.suggest.data import load
from core.suggest.syntax import AGENT, Parse

__all__ = ["BACK", "LastReporter", "arguments", "reporter"]


def arguments(
    schema: Schema,
    type_: str,
    trigger: tuple[int, int],
    sentence: tuple[int, int],
    spans: list[tuple[int, int, str]],
    parse: Parse | None = None,
) -> list[tuple[str, int]]:
    """Each role's tag: the nearest in the sentence whose type suits it. With a parse, a
    role naming a ``function`` takes the tag standing in it to the trigger (the subject of
    "Russia struck Ukraine" is the attacker, its object the target), else the nearest in
    the trigger's own clause; a tag in a function another role wants is left to that role."""
    spec = schema.event(type_)
    if spec is None:
        return []
    word, inside, roots = _placed(trigger, sentence, spans, parse)
    if parse is None or word is None:
        return _nearest(spec.roles, inside, spans, lambda _r, _n: True)
    functions, clause = parse.functions(word), parse.clause(word)
    reporting = parse.reporting(word)  # who said so, and where: no argument
    function = {n: parse.function_of(r, functions) if r is not None else None
                for n, r in roots.items()}  # fmt: skip

    def reserved(n: int) -> bool:
        return function[n] is not None and any(
            r.function == function[n] and spans[n][2] in r.entity_types for r in spec.roles
        )

    by_syntax = _nearest(spec.roles, inside, spans,
                         lambda role, n: bool(role.function) and function[n] == role.function)  # fmt: skip
    used = {n for _r, n in by_syntax}
    rest = [r for r in spec.roles if r.name not in {name for name, _n in by_syntax}]
    free = [n for n in inside if n not in used and not reserved(n)]
    free.sort(key=lambda n: roots[n] not in clause)  # the trigger's own clause first
    passive = parse.passive(word)  # its agent is the one named ("par", "by") or none
    by_nearness = _nearest(
        rest, free, spans,
        lambda role, n: (not passive or role.function != AGENT)
        and (roots[n] not in reporting or spans[n][2] in _reporting_keeps()),
    )  # fmt: skip
    order = {r.name: k for k, r in enumerate(spec.roles)}
    return sorted(by_syntax + by_nearness, key=lambda chosen: order[chosen[0]])


T = TypeVar("T")
CHAIN = 3  # paragraphs an attribution by a pronoun reaches back (measured: docs/benchmarks.md)
BACK = -1  # reporter(): the report names its reporter by a pronoun ("selon lui")


def reporter(
    trigger: tuple[int, int],
    sentence: tuple[int, int],
    spans: list[tuple[int, int, str]],
    parse: Parse | None,
) -> int | None:
    """The tag naming who reported the event ("the air force said …", "selon Kyiv"), the
    nearest of the nearest report; :data:`BACK` where that report names its reporter by a
    pronoun alone (someone named before: see :class:`LastReporter`); None without a parse
    or a report."""
    word, inside, roots = _placed(trigger, sentence, spans, parse)
    if parse is None or word is None:
        return None
    for who in parse.reporters(word):
        named = [n for n in inside if roots[n] in who and spans[n][2] not in _reporting_keeps()]
        if named:
            return named[0]  # the nearest
    return BACK if parse.named_back(word) else None


class LastReporter(Generic[T]):
    """Who "selon lui", "he said" refer to: the last reporter named, in the same paragraph
    or up to :data:`CHAIN` before (an attribution runs on over a few paragraphs: "Selon le
    ministère …" … "Selon lui, trois missiles …"; further back, the pronoun may name
    anyone). Events are given in the order of the text."""

    def __init__(self) -> None:
        self.last: T | None = None
        self.paragraph = -2

    def resolve(self, found: T | None, back: bool, paragraph: int) -> T | None:
        """``found``: the event's own reporter; ``back``: its report names it by a pronoun."""
        if found is not None:
            self.last, self.paragraph = found, paragraph
            return found
        return self.last if back and paragraph - self.paragraph <= CHAIN else None


def _placed(
    trigger: tuple[int, int],
    sentence: tuple[int, int],
    spans: list[tuple[int, int, str]],
    parse: Parse | None,
) -> tuple[int | None, list[int], dict[int, int | None]]:
    """The trigger's word in the parse, the sentence's tags nearest first, and each tag's
    word (its root) in the parse."""
    inside = [n for n, (s, e, _l) in enumerate(spans) if sentence[0] <= s and e <= sentence[1]]
    inside.sort(key=lambda n: abs(spans[n][0] - trigger[0]))
    if parse is None:
        return None, inside, {}
    lo = sentence[0]
    roots = {n: parse.root_of(spans[n][0] - lo, spans[n][1] - lo) for n in inside}
    return parse.root_of(trigger[0] - lo, trigger[1] - lo), inside, roots


@cache
def _reporting_keeps() -> frozenset[str]:
    """Tag types still read from a reporting clause (``syntax.json``)."""
    return frozenset(load("syntax").get("reporting_keeps", ()))


def _nearest(
    roles: tuple[Role, ...] | list[Role],
    inside: list[int],
    spans: list[tuple[int, int, str]],
    fits: Callable[[Role, int], bool],
) -> list[tuple[str, int]]:
    """Role by role, the first of ``inside`` (nearest first) of a suitable type that
    ``fits`` and no other role took."""
    chosen: list[tuple[str, int]] = []
    used: set[int] = set()
    for role in roles:
        for n in inside:
            if n not in used and spans[n][2] in role.entity_types and fits(role, n):
                chosen.append((role.name, n))
                used.add(n)
                break
    return chosen
