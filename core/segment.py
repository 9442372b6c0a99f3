"""Paragraph segmentation with code-point offsets into the text.

Blank lines separate blocks. A block whose lines look hard-wrapped (short lines that do
not end a sentence) is one paragraph; otherwise every line is its own paragraph, which is
how most pasted news text arrives (one paragraph a line, no blank lines).
"""

from __future__ import annotations

import re

_BLOCK_SEP = re.compile(r"\n[ \t\u00a0]*\n")
_SENTENCE_END = tuple(".!?:;\"”»…)']")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•⇒>]|\d+[.)]|#{1,6})\s")
WRAP_WIDTH = 100


def _is_wrapped(lines: list[str]) -> bool:
    if len(lines) < 2:
        return False
    body = lines[:-1]
    if any(_LIST_ITEM.match(line) for line in lines):
        return False
    wrapped = sum(
        1 for line in body if len(line) <= WRAP_WIDTH and not line.rstrip().endswith(_SENTENCE_END)
    )
    return wrapped >= 0.7 * len(body) and max(len(line) for line in body) <= WRAP_WIDTH


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Return ``[(start, end), ...]`` code-point spans; ``text[start:end]`` is the paragraph."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for match in [*_BLOCK_SEP.finditer(text), None]:
        block_end = match.start() if match else len(text)
        block = text[pos:block_end]
        lines = block.split("\n")
        if _is_wrapped([line for line in lines if line.strip()]):
            span = _trimmed(text, pos, block_end)
            if span:
                spans.append(span)
        else:
            line_start = pos
            for line in lines:
                span = _trimmed(text, line_start, line_start + len(line))
                if span:
                    spans.append(span)
                line_start += len(line) + 1
        pos = match.end() if match else len(text)
    return spans
