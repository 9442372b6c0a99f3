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
SAMPLE = 160  # characters of each paragraph shown to CLD2: plenty to tell its language


def _code(raw: str) -> str:
    if raw in _CLD2_UNKNOWN:
        return UNKNOWN
    return raw.split("-")[0].lower() if raw not in ("zh-Hant",) else "zh"


def _vectors(text: str) -> tuple[str, list[tuple[int, int, str]]]:
    """CLD2's byte ranges per language, and the text they index (sanitised only if CLD2
    rejected the original, which happens with C1 control characters)."""
    for sanitise in (False, True):
        attempt = _UNSAFE.sub(" ", text) if sanitise else text  # cleaned only if refused
        try:
            result = pycld2.detect(
                attempt.encode("utf-8", "replace"), isPlainText=True, returnVectors=True
            )
        except pycld2.error:
            continue
        vectors = [(start, start + n, _code(code)) for start, n, _name, code in result[3]]
        return attempt, vectors
    return text, []


def detect(text: str) -> str:
    """The language of a short text on its own (or ``und``)."""
    data = _UNSAFE.sub(" ", text).encode("utf-8", "replace")
    try:
        reliable, _bytes, details = pycld2.detect(data, isPlainText=True)[:3]
    except pycld2.error:
        return UNKNOWN
    code = _code(details[0][1])
    return code if reliable or len(text) >= SHORT else UNKNOWN


def paragraph_languages(text: str, spans: list[tuple[int, int]]) -> list[str]:
    """One language code per ``(start, end)`` span of ``text``.

    CLD2 reads a probe made of the first :data:`SAMPLE` characters of every paragraph (one
    call for the whole article, cheaper than the full text and as telling).
    """
    if not spans:
        return []
    probe_spans: list[tuple[int, int]] = []
    pieces: list[str] = []
    pos = 0
    for start, end in spans:
        piece = text[start : min(end, start + SAMPLE)]
        pieces.append(piece)
        probe_spans.append((pos, pos + len(piece)))
        pos += len(piece) + 1
    langs = _probe_languages("\n".join(pieces), probe_spans)
    # Paragraphs CLD2 could not call on a sample get a second look at their whole text.
    for i, (start, end) in enumerate(spans):
        if langs[i] == UNKNOWN and end - start > SAMPLE:
            langs[i] = detect(text[start:end])
    return _fill_unknown(langs)


def _probe_languages(text: str, spans: list[tuple[int, int]]) -> list[str]:
    cleaned, vectors = _vectors(text)
    found = {code for _start, _end, code in vectors if code != UNKNOWN}
    if len(found) == 1:
        # The common case: one language throughout (spans CLD2 left unknown are too short
        # or too odd to be another language it could name).
        return [found.pop()] * len(spans)
    langs: list[str] = []
    byte_pos = 0
    char_pos = 0
    v = 0
    for start, end in spans:
        byte_pos += len(cleaned[char_pos:start].encode("utf-8", "replace"))
        b_start = byte_pos
        b_end = b_start + len(cleaned[start:end].encode("utf-8", "replace"))
        byte_pos, char_pos = b_end, end
        while v < len(vectors) and vectors[v][1] <= b_start:
            v += 1
        votes: dict[str, int] = {}
        k = v
        while k < len(vectors) and vectors[k][0] < b_end:
            v_start, v_end, code = vectors[k]
            if code != UNKNOWN:
                overlap = min(b_end, v_end) - max(b_start, v_start)
                if overlap > 0:
                    votes[code] = votes.get(code, 0) + overlap
            k += 1
        lang = UNKNOWN
        if votes:
            lang = max(votes, key=votes.__getitem__)
            split_vote = votes[lang] < 0.8 * sum(votes.values())
            if split_vote and end - start >= SHORT:
                lang = detect(text[start:end]) or lang
        elif end - start >= SHORT:
            lang = detect(text[start:end])
        langs.append(lang)
    return langs


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
