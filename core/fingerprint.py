"""Duplicate detection: an exact hash of the normalised text and a 64-bit SimHash.

Exact duplicates share ``content_hash`` (NFC, whitespace folded). Near-duplicates (the same
report with other boilerplate, a fixed typo, another headline) have SimHashes within
:data:`NEAR_DISTANCE` bits; candidates are found through four 16-bit bands (pigeonhole).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import numpy as np

NEAR_DISTANCE = 5
_BANDS = NEAR_DISTANCE + 1  # pigeonhole: within 5 bits, at least one of 6 bands is equal
_BAND_BITS = [64 // _BANDS + (1 if i < 64 % _BANDS else 0) for i in range(_BANDS)]
MIN_TOKENS = 30  # shorter texts give unstable fingerprints: not compared
_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
_MIX = np.uint64(0x9E3779B97F4A7C15)
_token_cache: dict[str, int] = {}


def normalised(text: str) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def content_hash(text: str) -> str:
    return hashlib.sha256(normalised(text).encode("utf-8")).hexdigest()


def _token_hash(token: str) -> int:
    value = _token_cache.get(token)
    if value is None:
        if len(_token_cache) > 500_000:
            _token_cache.clear()
        value = int.from_bytes(hashlib.blake2b(token.encode(), digest_size=8).digest(), "little")
        _token_cache[token] = value
    return value


def _rotl(values: np.ndarray, bits: int) -> np.ndarray:
    return (values << np.uint64(bits)) | (values >> np.uint64(64 - bits))


def simhash(text: str) -> int:
    """A signed 64-bit SimHash over word trigrams (0 for texts too short to compare)."""
    tokens = _WORD.findall(text.casefold())
    if len(tokens) < MIN_TOKENS:
        return 0
    hashes = np.fromiter(map(_token_hash, tokens), dtype=np.uint64, count=len(tokens))
    shingles = hashes[:-2] ^ _rotl(hashes[1:-1], 21) ^ _rotl(hashes[2:], 42)
    shingles = shingles * _MIX
    shingles ^= shingles >> np.uint64(29)
    bits = np.unpackbits(shingles.view(np.uint8)).reshape(-1, 64)
    majority = bits.sum(axis=0) * 2 > len(shingles)
    value = int.from_bytes(np.packbits(majority).tobytes(), "big")
    return value - (1 << 64) if value >= 1 << 63 else value


def distance(a: int, b: int) -> int:
    return ((a ^ b) & 0xFFFFFFFFFFFFFFFF).bit_count()


class NearDuplicateIndex:
    """In-memory band index of SimHashes for one import run."""

    def __init__(self) -> None:
        self._bands: dict[tuple[int, int], list[tuple[int, int]]] = {}

    @staticmethod
    def _keys(value: int) -> list[tuple[int, int]]:
        unsigned = value & 0xFFFFFFFFFFFFFFFF
        keys = []
        for band, width in enumerate(_BAND_BITS):
            keys.append((band, unsigned & ((1 << width) - 1)))
            unsigned >>= width
        return keys

    def add(self, article_id: int, value: int) -> None:
        if value == 0:
            return
        for key in self._keys(value):
            self._bands.setdefault(key, []).append((article_id, value))

    def find(self, value: int) -> int | None:
        """The id of an indexed article within NEAR_DISTANCE bits, or None."""
        if value == 0:
            return None
        best: tuple[int, int] | None = None
        for key in self._keys(value):
            for article_id, other in self._bands.get(key, ()):
                d = distance(value, other)
                if d <= NEAR_DISTANCE and (best is None or (d, article_id) < best):
                    best = (d, article_id)
        return best[1] if best else None
