"""Tokens and sentences with code-point offsets, for the token-based formats (CoNLL,
Hugging Face, OneIE).

A deliberately plain tokenizer: words (with inner hyphens), numbers (with inner . or ,),
French elisions (l', d', qu'...) and English clitics ('s, 't) as their own tokens, every
other non-space character alone. Sentences end after . ! ? … (and closing quotes) unless
the word before the full stop is a known abbreviation or a single capital; they never
cross a paragraph.
"""

from __future__ import annotations

import bisect
import re

Token = tuple[int, int]

_TOKEN = re.compile(
    r"(?i:\b(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)['’](?=\w))"
    r"|['’]\w+"
    r"|\d+(?:[.,]\d+)*"
    r"|\w+(?:-\w+)*"
    r"|[^\w\s]"
)
_ENDS = {".", "!", "?", "…"}
_CLOSERS = {"»", "”", '"', "’", "'", ")", "]"}
_ABBREVIATIONS = {
    "m", "mm", "mme", "mmes", "mr", "mrs", "ms", "dr", "st", "gen", "gén", "col", "lt", "sgt",
    "capt", "maj", "prof", "no", "n°", "vs", "etc", "cf", "av", "approx", "jan", "feb", "fév",
    "aug", "sept", "oct", "nov", "dec", "déc",
}  # fmt: skip


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    return [m.span() for m in _TOKEN.finditer(text, start, len(text) if end is None else end)]


def sentences(text: str, paragraphs: list[tuple[int, int]]) -> list[list[Token]]:
    """Tokens grouped into sentences, paragraph by paragraph."""
    out: list[list[Token]] = []
    for p_start, p_end in paragraphs:
        tokens = tokenize(text, p_start, p_end)
        current: list[Token] = []
        ending = False
        for i, (s, e) in enumerate(tokens):
            current.append((s, e))
            word = text[s:e]
            if word in _ENDS and not _abbreviation(text, tokens, i):
                ending = True
            elif word not in _CLOSERS:
                ending = False
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if ending and (nxt is None or text[nxt[0] : nxt[1]] not in _CLOSERS | _ENDS):
                out.append(current)
                current, ending = [], False
        if current:
            out.append(current)
    return out


def _abbreviation(text: str, tokens: list[Token], i: int) -> bool:
    """A full stop glued to an abbreviation or an initial ("M. Zelensky", "J. Biden")."""
    if text[tokens[i][0] : tokens[i][1]] != "." or i == 0 or tokens[i - 1][1] != tokens[i][0]:
        return False
    prev = text[tokens[i - 1][0] : tokens[i - 1][1]]
    return prev.lower() in _ABBREVIATIONS or (len(prev) == 1 and prev.isupper())


def token_range(tokens: list[Token], start: int, end: int) -> tuple[int, int, bool] | None:
    """Token indexes [i, j) covering [start, end) and whether the span falls exactly on
    token boundaries; None when no token overlaps it."""
    starts = [t[0] for t in tokens]
    ends = [t[1] for t in tokens]
    i = bisect.bisect_right(ends, start)  # first token ending after start
    j = bisect.bisect_left(starts, end)  # first token starting at or after end
    if i >= j:
        return None
    exact = tokens[i][0] == start and tokens[j - 1][1] == end
    return i, j, exact
