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


def by_word(text: str, start: int, end: int, edge: str, direction: int) -> tuple[int, int]:
    """The span with one edge moved by a word: ``edge`` "end" or "start", ``direction`` +1
    (rightwards) or -1. Growing takes the next whole word (and what lies between); shrinking
    drops the edge word, never the last one. A move would cross a paragraph break (a blank
    line) or the text's ends: the span comes back as it was."""
    if edge == "end" and direction > 0:  # grow at the end
        new = end
        while new < len(text) and not _in_word(text[new]):
            new += 1
        while new < len(text) and _in_word(text[new]):
            new += 1
        return (start, new) if new > end and "\n\n" not in text[end:new] else (start, end)
    if edge == "end":  # shrink at the end
        new = end
        while new > start and _in_word(text[new - 1]):
            new -= 1
        while new > start and not _in_word(text[new - 1]):
            new -= 1
        return (start, new) if new > start else (start, end)
    if direction < 0:  # grow at the start
        new = start
        while new > 0 and not _in_word(text[new - 1]):
            new -= 1
        while new > 0 and _in_word(text[new - 1]):
            new -= 1
        return (new, end) if new < start and "\n\n" not in text[new:start] else (start, end)
    new = start  # shrink at the start
    while new < end and _in_word(text[new]):
        new += 1
    while new < end and not _in_word(text[new]):
        new += 1
    return (new, end) if new < end else (start, end)
