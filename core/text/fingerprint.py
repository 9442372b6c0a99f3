"""Duplicate detection: an exact hash of the normalised text and a 64-bit SimHash.

Exact duplicates share ``content_hash`` (NFC, blank lines and blank runs folded). Near-duplicates (the same
report with other boilerplate, a fixed typo, another headline) have SimHashes within
:data:`NEAR_DISTANCE` bits; candidates are found through four 16-bit bands (pigeonhole).
"""

from __future__ import annotations

import hashlib
import unicodedata
from array import array

import numpy as np

NEAR_DISTANCE = 5
_BANDS = NEAR_DISTANCE + 1  # pigeonhole: within 5 bits, at least one of 6 bands is equal
_BAND_BITS = [64 // _BANDS + (1 if i < 64 % _BANDS else 0) for i in range(_BANDS)]
_BAND_SPEC = [
    (band, sum(_BAND_BITS[:band]), (1 << width) - 1) for band, width in enumerate(_BAND_BITS)
]
MIN_BYTES = 600  # shorter texts give unstable fingerprints: not compared
FEW = 24  # candidates up to this many are compared one by one; more, in one numpy operation
_EXACT_FLOAT32 = 1 << 24  # float32 counts whole numbers exactly up to here
_MIX = np.uint64(0x9E3779B97F4A7C15)
_MIX2 = np.uint64(0xC2B2AE3D27D4EB4F)


def normalised(text: str) -> str:
    """NFC, each line stripped with inner runs of blanks folded, blank lines dropped."""
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    lines = []
    for line in text.split("\n"):
        line = line.strip()
        if line:
            if "  " in line or "\t" in line or "\u00a0" in line:
                line = " ".join(line.split())
            lines.append(line)
    return "\n".join(lines)


def content_hash(text: str) -> str:
    return hashlib.sha256(normalised(text).encode("utf-8")).hexdigest()


def _rotl(values: np.ndarray, bits: int) -> np.ndarray:
    return (values << np.uint64(bits)) | (values >> np.uint64(64 - bits))


def simhash(text: str) -> int:
    """A signed 64-bit SimHash over 16-byte shingles starting at each word of the case-folded
    UTF-8 text, about two to three words each (0 for texts too short to compare).

    Every 8-byte window *is* a 64-bit integer, so numpy reads all shingles from strided
    views of the bytes and counts bits with no Python loop over words.
    """
    data = text.casefold().encode("utf-8")
    if len(data) < MIN_BYTES:
        return 0
    raw = np.frombuffer(data, dtype=np.uint8)
    windows = np.ndarray((len(data) - 7,), dtype="<u8", buffer=data, strides=(1,))
    starts = np.flatnonzero(raw[: len(data) - 16] <= 32) + 1
    starts = starts[raw[starts] > 32]  # the first byte of each word
    if len(starts) < 8:
        return 0
    shingles = windows[starts] * _MIX ^ _rotl(windows[starts + 8] * _MIX2, 23)
    shingles ^= shingles >> np.uint64(29)
    shingles *= _MIX
    bits = np.unpackbits(shingles.view(np.uint8)).reshape(-1, 64)
    if len(shingles) < _EXACT_FLOAT32:  # counted by a matrix product: a third of the time
        counts = np.ones(len(shingles), dtype=np.float32) @ bits.astype(np.float32)
    else:
        counts = bits.sum(axis=0, dtype=np.int64)
    majority = counts * 2 > len(shingles)
    value = int.from_bytes(np.packbits(majority).tobytes(), "big")
    return value - (1 << 64) if value >= 1 << 63 else value


def distance(a: int, b: int) -> int:
    return ((a ^ b) & 0xFFFFFFFFFFFFFFFF).bit_count()


class NearDuplicateIndex:
    """In-memory band index of SimHashes for one import run: a few bytes an article (arrays
    of machine integers, not Python objects), so a large import's memory stays flat."""

    def __init__(self) -> None:
        self._ids = array("q")
        self._values = array("q")
        self._bands: dict[int, array[int]] = {}  # band and its bits -> positions in the arrays

    @staticmethod
    def _keys(value: int) -> list[int]:
        unsigned = value & 0xFFFFFFFFFFFFFFFF
        return [(band << 16) | ((unsigned >> shift) & mask) for band, shift, mask in _BAND_SPEC]

    def add(self, article_id: int, value: int) -> None:
        if value == 0:
            return
        at = len(self._ids)
        self._ids.append(article_id)
        self._values.append(value)
        for key in self._keys(value):
            found = self._bands.get(key)
            if found is None:
                found = self._bands[key] = array("q")
            found.append(at)

    def __len__(self) -> int:
        return len(self._ids)

    def truncate(self, size: int) -> None:
        """Forget every value added after the first ``size`` (a batch whose writing failed).
        A value's positions are the last of their bands' lists: they were appended last."""
        while len(self._ids) > size:
            self._ids.pop()
            for key in self._keys(self._values.pop()):  # (0 is never added)
                found = self._bands[key]
                found.pop()
                if not found:
                    del self._bands[key]

    def find(self, value: int) -> int | None:
        """The id of the nearest indexed article within NEAR_DISTANCE bits (the lowest id
        among the nearest), or None."""
        if value == 0:
            return None
        lists = [found for key in self._keys(value) if (found := self._bands.get(key))]
        if sum(len(found) for found in lists) > FEW:
            return self._find_many(value, lists)
        best: tuple[int, int] | None = None
        for found in lists:
            for at in found:
                d = distance(value, self._values[at])
                if d <= NEAR_DISTANCE and (best is None or (d, self._ids[at]) < best):
                    best = (d, self._ids[at])
        return best[1] if best else None

    def _find_many(self, value: int, lists: list[array[int]]) -> int | None:
        """As :meth:`find`, for many candidates (a large import shares many band values):
        their distances in one operation instead of one Python call each. The arrays' views
        end with this call (an array cannot grow while one is alive)."""
        at = np.concatenate([np.frombuffer(found, dtype=np.int64) for found in lists])
        values = np.frombuffer(self._values, dtype=np.uint64)[at]
        bits = np.bitwise_count(values ^ np.uint64(value & 0xFFFFFFFFFFFFFFFF))
        close = bits <= NEAR_DISTANCE
        if not close.any():
            return None
        ids = np.frombuffer(self._ids, dtype=np.int64)[at[close]]
        nearest = np.lexsort((ids, bits[close]))[0]
        return int(ids[nearest])
