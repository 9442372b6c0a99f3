"""Paragraph segmentation with code-point offsets into the text.

Blank lines separate blocks. A block whose lines look hard-wrapped (short lines that do
not end a sentence) is one paragraph; otherwise every line is its own paragraph, which is
how most pasted news text arrives (one paragraph a line, no blank lines).
"""

from __future__ import annotations

import re

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


def _span(line: str, offset: int) -> tuple[int, int]:
    """The stripped extent of a non-blank line that starts at ``offset``."""
    start = offset + len(line) - len(line.lstrip())
    return start, offset + len(line.rstrip())


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Return ``[(start, end), ...]`` code-point spans; ``text[start:end]`` is the paragraph."""
    spans: list[tuple[int, int]] = []
    block: list[tuple[str, int]] = []  # the non-blank lines of the current block, with offsets

    def close_block() -> None:
        if len(block) > 1 and _is_wrapped([line for line, _ in block]):
            first, last = block[0], block[-1]
            spans.append((_span(*first)[0], _span(*last)[1]))
        else:
            spans.extend(_span(line, offset) for line, offset in block)
        block.clear()

    offset = 0
    for line in text.split("\n"):
        if line.strip():
            block.append((line, offset))
        elif block:
            close_block()
        offset += len(line) + 1
    if block:
        close_block()
    return spans
