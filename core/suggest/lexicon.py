"""Phrase matching over words: a phrase matches whole words only, case and accents folded
("Kyïv" finds "KYIV"), the longest phrase first. Used by every list-driven source."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from core.text.fold import fold

TOKEN = re.compile(r"\w+|[^\w\s]")


@lru_cache(maxsize=512)
def tokens(text: str) -> list[tuple[int, int, str]]:
    """(start, end, folded word) of each word and punctuation mark (kept for the last
    texts: every source reads the same paragraph). Do not change the list returned."""
    return [(m.start(), m.end(), fold(m.group())) for m in TOKEN.finditer(text)]


@dataclass(frozen=True)
class Entry:
    words: tuple[str, ...]  # folded; a word ending in * matches any word it begins
    label: str
    score: float
    cased: bool  # written with a capital: a lower-case match in the text scores less


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    label: str
    score: float


class Lexicon:
    def __init__(self) -> None:
        self._by_first: dict[str, list[Entry]] = {}
        self._prefixes: dict[str, list[Entry]] = {}  # first word is a prefix ("abatt*")

    def __len__(self) -> int:
        return sum(map(len, self._by_first.values())) + sum(map(len, self._prefixes.values()))

    def add(self, phrase: str, label: str, score: float = 1.0) -> None:
        merged: list[str] = []
        for _s, _e, word in tokens(phrase):
            if word == "*" and merged:  # "cause*": any word it begins, anywhere in a phrase
                merged[-1] += "*"
            else:
                merged.append(word)
        words = tuple(merged)
        if not words:
            return
        entry = Entry(words, label, score, phrase[:1].isupper())
        first = words[0]
        if first.endswith("*"):
            self._prefixes.setdefault(first[:3], []).append(entry)
        else:
            self._by_first.setdefault(first, []).append(entry)

    def find(self, text: str, lowercase_factor: float = 0.5) -> Iterator[Match]:
        """Every phrase occurrence (overlaps included; the caller chooses)."""
        words = tokens(text)
        for i, (start, _end, word) in enumerate(words):
            candidates = self._by_first.get(word, []) + self._prefixes.get(word[:3], [])
            for entry in candidates:
                n = len(entry.words)
                if i + n > len(words) or not all(
                    _same(pattern, words[i + k][2]) for k, pattern in enumerate(entry.words)
                ):
                    continue
                end = words[i + n - 1][1]
                if n > 1 and not _tight(text, words[i : i + n]):
                    continue
                score = entry.score
                if entry.cased and not text[start].isupper():
                    score *= lowercase_factor
                yield Match(start, end, entry.label, score)


def _same(pattern: str, word: str) -> bool:
    return word.startswith(pattern[:-1]) if pattern.endswith("*") else word == pattern


def _tight(text: str, words: list[tuple[int, int, str]]) -> bool:
    """The words of a phrase follow each other with at most one blank between them (no line
    break inside a name)."""
    gaps = [text[a[1] : b[0]] for a, b in pairwise(words)]
    return all(len(gap) <= 1 and "\n" not in gap for gap in gaps)
