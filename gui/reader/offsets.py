"""The one place where code points (how Gloss stores offsets) meet UTF-16 units (how Qt
counts positions). Characters outside the Basic Multilingual Plane (emoji, 𝔐) are one code
point but two UTF-16 units; combining accents are one of each.
"""

from __future__ import annotations


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def to_utf16(text: str, codepoint: int) -> int:
    """Qt position of the code-point offset ``codepoint`` in ``text``."""
    if text.isascii():
        return min(codepoint, len(text))
    return utf16_length(text[:codepoint])


def from_utf16(text: str, position: int) -> int:
    """Code-point offset of the Qt position ``position`` in ``text`` (a position inside a
    surrogate pair snaps forward to the end of that character)."""
    if text.isascii():
        return min(position, len(text))
    units = 0
    for index, char in enumerate(text):
        if units >= position:
            return index
        units += 2 if ord(char) > 0xFFFF else 1
    return len(text)
