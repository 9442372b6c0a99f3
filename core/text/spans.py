"""Span helpers: snapping a selection to words, finding every occurrence of a text."""

from __future__ import annotations

import re
import unicodedata

_EDGE = "\"'“”‘’«»‹›„()[]{}<>.,;:!?…—–-/\\|*_#"


def _is_edge(char: str) -> bool:
    return char.isspace() or char in _EDGE or unicodedata.category(char).startswith(("Z", "C"))


def snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim spaces and punctuation at both ends, then widen to whole words.

    ``text[start:end]`` of the result starts and ends inside a word; an empty or all-blank
    selection comes back empty (``start == end``).
    """
    start, end = max(0, start), min(len(text), end)
    while start < end and _is_edge(text[start]):
        start += 1
    while end > start and _is_edge(text[end - 1]):
        end -= 1
    if start == end:
        return start, start
    while start > 0 and _in_word(text[start - 1]):
        start -= 1
    while end < len(text) and _in_word(text[end]):
        end += 1
    return start, end


def _in_word(char: str) -> bool:
    # Letters, digits, and combining accents (which belong to the letter before them).
    return char.isalnum() or unicodedata.combining(char) > 0


def occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    """Whole-word, case-sensitive occurrences of ``needle`` in ``text``."""
    if not needle.strip():
        return []
    pattern = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)")
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def span_problem(start: object, end: object, length: int) -> str | None:
    """Why ``[start, end)`` is not a span of a text of ``length`` code points (None: it is).
    Offsets are whole numbers (``true`` is not 1) with 0 <= start < end <= length (a negative
    offset would slice from the end in Python and pass a text check by accident)."""
    if type(start) is not int or type(end) is not int:
        return f"offsets must be whole numbers, not {start!r} and {end!r}"
    if not 0 <= start < end <= length:
        return f"[{start}, {end}) lies outside the text ({length} characters)"
    return None
