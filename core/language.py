"""Language per paragraph, offline, with Google's CLD2 (pycld2).

CLD2 reads the whole article once and returns byte ranges per language, so a French report
followed by its English version is told apart in one fast pass. Each paragraph takes the
language covering most of its bytes; paragraphs CLD2 cannot call (very short titles,
bylines) take their neighbours' language.
"""

from __future__ import annotations

import re
from collections import Counter

import pycld2

UNKNOWN = "und"
_CLD2_UNKNOWN = {"un", "xxx", "zzb"}
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
SHORT = 40  # a paragraph shorter than this is judged by its context when CLD2 hesitates


def _code(raw: str) -> str:
    if raw in _CLD2_UNKNOWN:
        return UNKNOWN
    return raw.split("-")[0].lower() if raw not in ("zh-Hant",) else "zh"


def _vectors(text: str) -> list[tuple[int, int, str]]:
    data = _UNSAFE.sub(" ", text).encode("utf-8", "replace")
    try:
        result = pycld2.detect(data, returnVectors=True)
    except pycld2.error:
        return []
    return [(start, start + length, _code(code)) for start, length, _name, code in result[3]]


def detect(text: str) -> str:
    """The language of a short text on its own (or ``und``)."""
    data = _UNSAFE.sub(" ", text).encode("utf-8", "replace")
    try:
        reliable, _bytes, details = pycld2.detect(data)[:3]
    except pycld2.error:
        return UNKNOWN
    code = _code(details[0][1])
    return code if reliable or len(text) >= SHORT else UNKNOWN


def paragraph_languages(text: str, spans: list[tuple[int, int]]) -> list[str]:
    """One language code per ``(start, end)`` span of ``text``."""
    if not spans:
        return []
    vectors = _vectors(text)
    # Byte offsets of each paragraph, from a cumulative UTF-8 length walk.
    langs: list[str] = []
    byte_pos = 0
    char_pos = 0
    cleaned = _UNSAFE.sub(" ", text)
    v = 0
    for start, end in spans:
        byte_pos += len(cleaned[char_pos:start].encode("utf-8", "replace"))
        b_start = byte_pos
        b_end = b_start + len(cleaned[start:end].encode("utf-8", "replace"))
        byte_pos, char_pos = b_end, end
        while v < len(vectors) and vectors[v][1] <= b_start:
            v += 1
        votes: Counter[str] = Counter()
        k = v
        while k < len(vectors) and vectors[k][0] < b_end:
            overlap = min(b_end, vectors[k][1]) - max(b_start, vectors[k][0])
            if overlap > 0:
                votes[vectors[k][2]] += overlap
            k += 1
        known = [(n, lang) for lang, n in votes.items() if lang != UNKNOWN]
        lang = max(known)[1] if known else UNKNOWN
        split_vote = bool(known) and max(known)[0] < 0.8 * (b_end - b_start)
        if (lang == UNKNOWN or split_vote) and end - start >= SHORT:
            lang = detect(text[start:end]) or lang
        langs.append(lang)
    return _fill_unknown(langs)


def _fill_unknown(langs: list[str]) -> list[str]:
    """Unknown paragraphs take the previous known language, else the next one."""
    out = list(langs)
    last = UNKNOWN
    for i, lang in enumerate(out):
        if lang == UNKNOWN:
            out[i] = last
        else:
            last = lang
    nxt = UNKNOWN
    for i in range(len(out) - 1, -1, -1):
        if langs[i] != UNKNOWN:
            nxt = langs[i]
        if out[i] == UNKNOWN:
            out[i] = nxt
    return out


def main_language(langs: list[str], weights: list[int]) -> str:
    totals: Counter[str] = Counter()
    for lang, weight in zip(langs, weights, strict=True):
        if lang != UNKNOWN:
            totals[lang] += weight
    return totals.most_common(1)[0][0] if totals else UNKNOWN
