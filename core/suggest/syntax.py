"""Who does what to whom around an event's trigger, from a sentence's dependency parse: the
words standing as the trigger's agent or patient (``resources/suggest/syntax.json`` names the
relations per language) and the words of the trigger's own clause. A parse is a list of
:class:`Word`; no parser is imported here (``statistical`` makes them)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from core.suggest.data import load

AGENT, PATIENT = "agent", "patient"  # of the schema's ROLE_FUNCTIONS: who acts, who undergoes
WITHIN_DEPTH = 2  # "the Russian armed forces": a name this many words below the function's


@dataclass(frozen=True)
class Word:
    start: int  # character offsets in the parsed text
    end: int
    head: int  # index of the head word (itself for the root)
    relation: str
    pos: str  # universal part of speech
    form: str = ""  # the word in lower case


@dataclass(frozen=True)
class Rules:
    functions: Mapping[str, tuple[tuple[str, ...], ...]]  # a function -> its relation paths
    agent_of_noun: frozenset[str]
    shares_subject: frozenset[str]
    subject: frozenset[str]
    describes: frozenset[str]
    passive: frozenset[str]
    within: frozenset[str]
    clauses: frozenset[str]
    predicates: frozenset[str]
    reporting: frozenset[str] = frozenset()  # word forms: "said", "a déclaré", "selon"
    marks: frozenset[str] = frozenset()  # relations of a word marking its head's phrase
    refers_back: frozenset[str] = frozenset()  # pronouns that may name the reporter


@cache
def rules(language: str) -> Rules | None:
    data: Mapping[str, Any] | None = load("syntax")["languages"].get(language)
    if data is None:
        return None

    functions = {
        name: tuple(tuple(path.split("/")) for path in paths)
        for name, paths in data.get("functions", {}).items()
    }

    def names(key: str) -> frozenset[str]:
        return frozenset(data.get(key, ()))

    return Rules(
        functions, names("agent_of_noun"), names("shares_subject"),
        names("subject"), names("describes"), names("passive"), names("within"), names("clauses"),
        names("predicates"), names("reporting"), names("marks"), names("refers_back"),
    )  # fmt: skip


class Parse:
    """One parsed sentence, read around a trigger."""

    def __init__(self, words: list[Word], rules: Rules) -> None:
        self.words = words
        self.rules = rules
        self.children: list[list[int]] = [[] for _w in words]
        for n, word in enumerate(words):
            if word.head != n:
                self.children[word.head].append(n)
        self._reported: dict[int, list[tuple[set[int], set[int]]]] = {}  # by trigger

    def part(self, start: int, end: int) -> Parse:
        """The words within ``[start, end)`` (a sentence of a parsed paragraph), offsets
        from ``start``; a head outside makes its word a root."""
        inside = [n for n, w in enumerate(self.words) if start <= w.start and w.end <= end]
        index = {n: k for k, n in enumerate(inside)}
        words = [
            Word(w.start - start, w.end - start, index.get(w.head, k), w.relation, w.pos, w.form)
            for k, w in enumerate(self.words[n] for n in inside)
        ]
        return Parse(words, self.rules)

    def root_of(self, start: int, end: int) -> int | None:
        """The word of ``[start, end)`` whose head lies outside it (its first word if none)."""
        inside = [n for n, w in enumerate(self.words) if start <= w.start and w.end <= end]
        for n in inside:
            head = self.words[n].head
            if head == n or not start <= self.words[head].start < end:
                return n
        return inside[0] if inside else None

    def _follow(self, at: int, path: tuple[str, ...]) -> list[int]:
        found = [at]
        for relation in path:
            found = [
                c for n in found for c in self.children[n] if self.words[c].relation == relation
            ]
        return found

    def functions(self, trigger: int) -> dict[int, str]:
        """Words standing in a function (a schema's ``ROLE_FUNCTIONS``) to the trigger: its
        subject and objects (a trigger
        sharing the subject of the verb it completes — "promised" after "Russia struck … and"
        — takes that one), the agent of a passive, a noun trigger's adjective or possessor
        ("Russian attack", "Moscow's use"), the noun a participle describes ("la ville
        bombardée": the city is what was shelled)."""
        r, word = self.rules, self.words[trigger]
        found: dict[int, str] = {}
        for function, paths in r.functions.items():
            for path in paths:
                for n in self._follow(trigger, path):
                    found.setdefault(n, function)
        if word.pos not in r.predicates:
            for n in self.children[trigger]:
                if self.words[n].relation in r.agent_of_noun:
                    found.setdefault(n, AGENT)
        has_subject = any(self.words[n].relation in r.subject for n in self.children[trigger])
        if not has_subject and word.relation in r.shares_subject and word.head != trigger:
            for n in self.children[word.head]:
                if self.words[n].relation in r.subject:
                    found.setdefault(n, AGENT)
        if self._describes(trigger):
            found.setdefault(word.head, PATIENT)
        return found

    def _describes(self, trigger: int) -> bool:
        word = self.words[trigger]
        return (
            word.relation in self.rules.describes
            and word.pos in self.rules.predicates
            and word.head != trigger
        )

    def passive(self, trigger: int) -> bool:
        """Whether the trigger is passive ("were shot down", "la ville bombardée"): its
        agent, if any, is the one named by "by" / "par"."""
        return self._describes(trigger) or any(
            self.words[n].relation in self.rules.passive for n in self.children[trigger]
        )

    def function_of(self, word: int, functions: dict[int, str]) -> str | None:
        """The function of the phrase a word belongs to: its own, or that of the word it is
        part of ("Russian" in "the Russian armed forces", "Sybiga" in "its minister, Andriï
        Sybiga")."""
        for _step in range(WITHIN_DEPTH + 1):
            if word in functions:
                return functions[word]
            w = self.words[word]
            if w.relation not in self.rules.within or w.head == word:
                return None
            word = w.head
        return None

    def clause(self, trigger: int) -> set[int]:
        """The words of the trigger's own clause: from the nearest predicate at or above it,
        without the clauses inside it (what was said, what followed), and with the subject a
        trigger shares with the verb it completes."""
        r = self.rules
        top = trigger
        while self.words[top].pos not in r.predicates and self.words[top].head != top:
            top = self.words[top].head
        above = self._ancestors(trigger)
        keep: set[int] = set()
        todo = [top]
        while todo:
            n = todo.pop()
            keep.add(n)
            for c in self.children[n]:
                if self.words[c].relation in r.clauses and c not in above:
                    continue
                todo.append(c)
        word = self.words[trigger]
        if top == trigger and word.relation in r.shares_subject and word.head != trigger:
            for n in self.children[word.head]:
                if self.words[n].relation in r.subject:
                    keep |= self._subtree(n)
        return keep

    def reporting(self, trigger: int) -> set[int]:
        """The words that say who reported the event and where, not what happened: the
        clause of a reporting verb above the trigger without the part holding the trigger
        ("the air force said on Wednesday [that …]"), and the whole of one beside it ("…,
        the air force said in a statement on Telegram", "according to the governor",
        "selon un communiqué"). Where what was reported names its reporter by a pronoun
        ("Ukraine announced that it had been the target", "l’armée a déclaré que son
        personnel a pu détruire …"), the reporter (the reporting verb's subject) is left
        out of them."""
        out: set[int] = set()
        for words, _who in self._reports(trigger):
            out |= words
        return out

    def reporters(self, trigger: int) -> list[set[int]]:
        """For each report of the event, nearest first, the words naming who reported it:
        the reporting verb's subject ("the air force said"), or the words after "according
        to" / "selon"."""
        found = [who for _words, who in self._reports(trigger) if who]
        return sorted(found, key=lambda who: min(abs(n - trigger) for n in who))

    def named_back(self, trigger: int) -> bool:
        """Whether the nearest report names its reporter by a pronoun alone ("selon lui",
        "he said"): someone named before, not in this sentence."""
        nearest = self.reporters(trigger)[:1]
        forms = {self.words[n].form for who in nearest for n in who if self.words[n].pos != "PUNCT"}
        return bool(forms) and forms <= self.rules.refers_back

    def _reports(self, trigger: int) -> list[tuple[set[int], set[int]]]:
        """Each report of the event: its words that are no argument, and its reporter's
        (read once a trigger: its arguments and its reporter both ask)."""
        if trigger not in self._reported:
            self._reported[trigger] = self._read_reports(trigger)
        return self._reported[trigger]

    def _read_reports(self, trigger: int) -> list[tuple[set[int], set[int]]]:
        r = self.rules
        above = self._ancestors(trigger)
        out: list[tuple[set[int], set[int]]] = []
        for n, w in enumerate(self.words):
            if n == trigger or w.form not in r.reporting:
                continue
            if w.pos not in r.predicates and w.relation not in r.marks:
                continue  # "states" in "the United States"
            phrase = w.head if w.relation in r.marks and w.head != n else n
            if phrase == trigger:
                continue
            words = self._subtree(phrase)
            reported = self._subtree(trigger) - words  # "…, according to X" may hang below
            if phrase in above:  # the trigger's clause is what was reported: not that part
                reported = self._subtree(next(c for c in self.children[phrase] if c in above))
                words -= reported
            subjects = [c for c in self.children[phrase] if self.words[c].relation in r.subject]
            who = set().union(*(self._subtree(c) for c in subjects)) if subjects else words - {n}
            if any(self.words[m].form in r.refers_back for m in reported):
                for c in subjects:
                    words -= self._subtree(c)
            out.append((words, who - reported))
        return out

    def _ancestors(self, n: int) -> set[int]:
        out = {n}
        while self.words[n].head != n and self.words[n].head not in out:
            n = self.words[n].head
            out.add(n)
        return out

    def _subtree(self, n: int) -> set[int]:
        out, todo = set(), [n]
        while todo:
            m = todo.pop()
            out.add(m)
            todo += self.children[m]
        return out
