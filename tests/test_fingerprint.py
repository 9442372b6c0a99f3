"""Duplicate fingerprints: the SimHash and the near-duplicate index an import keeps."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from core.text import fingerprint
from core.text.fingerprint import NEAR_DISTANCE, NearDuplicateIndex, distance


def _nearest(indexed: list[tuple[int, int]], value: int) -> int | None:
    """What the index must answer, by looking at every article."""
    close = [
        (distance(value, v), i) for i, v in indexed if v and distance(value, v) <= NEAR_DISTANCE
    ]
    return min(close)[1] if value and close else None


def _signed(value: int) -> int:
    """A 64-bit value as the library stores it (signed)."""
    value &= 0xFFFFFFFFFFFFFFFF
    return value - (1 << 64) if value >= 1 << 63 else value


def _flip(value: int, bits: list[int]) -> int:
    for bit in bits:
        value ^= 1 << bit
    return _signed(value)


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32),
    shared_bits=st.integers(0, 64),  # bits all values share: many share bands too
    size=st.integers(1, 400),
)
def test_index_finds_the_nearest_article_like_a_full_scan(
    seed: int, shared_bits: int, size: int
) -> None:
    """Few candidates (compared one by one) or many (one numpy operation): the same answer
    as comparing with every article, ties going to the lowest id."""
    rng = random.Random(seed)
    base = rng.getrandbits(64)
    mask = (1 << shared_bits) - 1  # the low bits are the same for all
    indexed: list[tuple[int, int]] = []
    index = NearDuplicateIndex()
    for article_id in rng.sample(range(1, 10 * size + 1), size):
        value = _signed((rng.getrandbits(64) & ~mask) | (base & mask))
        if rng.random() < 0.3 and indexed:  # a near copy of an earlier one
            value = _flip(rng.choice(indexed)[1], rng.sample(range(64), rng.randint(0, 7)))
        index.add(article_id, value)
        indexed.append((article_id, value))
    for _ in range(30):
        probe = _flip(rng.choice(indexed)[1], rng.sample(range(64), rng.randint(0, 8)))
        assert index.find(probe) == _nearest(indexed, probe)
    assert index.find(0) is None


def test_many_candidates_take_the_vectorised_path() -> None:
    """Thousands of articles sharing their low bits: every lookup has more candidates than
    :data:`fingerprint.FEW` and still finds the article one bit away (not another)."""
    rng = random.Random(7)
    index = NearDuplicateIndex()
    values = [_signed((rng.getrandbits(40) << 24) | 0xABCDEF) for _ in range(3000)]
    for article_id, value in enumerate(values, start=1):
        index.add(article_id, value)
    key_lists = [index._bands.get(key) for key in index._keys(values[0])]
    assert sum(len(found) for found in key_lists if found) > fingerprint.FEW
    for article_id in (1, 1500, 3000):
        near = _flip(values[article_id - 1], [63])
        assert index.find(near) == article_id
    index.add(3001, 12345)  # the arrays can still grow after a vectorised lookup
    assert index.find(12345) == 3001


def test_simhash_of_a_near_copy_is_near() -> None:
    text = " ".join(f"mot{i} suivant{i * 7 % 13}" for i in range(200))
    edited = text.replace("mot50 ", "mot50bis ", 1)
    assert distance(fingerprint.simhash(text), fingerprint.simhash(edited)) <= NEAR_DISTANCE
    assert fingerprint.simhash(text[:100]) == 0  # too short to compare


def _simhash_by_hand(text: str) -> int:
    """The SimHash as its docstring says, one shingle and one bit at a time."""
    m64 = 0xFFFFFFFFFFFFFFFF
    mix, mix2 = 0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F
    data = text.casefold().encode("utf-8")
    if len(data) < fingerprint.MIN_BYTES:
        return 0
    starts = [p + 1 for p in range(len(data) - 16) if data[p] <= 32 and data[p + 1] > 32]
    if len(starts) < 8:
        return 0
    counts = [0] * 64
    for s in starts:
        first = int.from_bytes(data[s : s + 8], "little")
        second = (int.from_bytes(data[s + 8 : s + 16], "little") * mix2) & m64
        shingle = ((first * mix) & m64) ^ (((second << 23) | (second >> 41)) & m64)
        shingle ^= shingle >> 29
        shingle = (shingle * mix) & m64
        raw = shingle.to_bytes(8, "little")
        for j in range(64):  # the bytes in memory order, each from its high bit
            counts[j] += raw[j // 8] >> (7 - j % 8) & 1
    value = 0
    for count in counts:
        value = value << 1 | (count * 2 > len(starts))
    return value - (1 << 64) if value >= 1 << 63 else value


@settings(max_examples=40, deadline=None)
@given(
    words=st.lists(
        st.text(alphabet="abcdeéèçôïßΣ\u00a0", min_size=2, max_size=12), min_size=60, max_size=300
    ),
    gaps=st.sampled_from([" ", "\n", "  ", "\t", " — "]),
)
def test_simhash_is_the_documented_function(words: list[str], gaps: str) -> None:
    """The vectorised SimHash equals a plain one: libraries store these values, so a faster
    version must give exactly the same bits."""
    text = gaps.join(words)
    assert fingerprint.simhash(text) == _simhash_by_hand(text)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000), st.integers(0, 40), st.integers(0, 40))
def test_an_index_truncated_is_the_index_it_was(seed: int, kept: int, more: int) -> None:
    """Values added after a point and then forgotten (a batch that was not stored) leave the
    index as it was: the same lists, the same answers, many candidates or few."""
    rng = random.Random(seed)
    shared = rng.getrandbits(64) & 0xFFFF  # a common low band: long candidate lists
    values = [_signed((rng.getrandbits(48) << 16) | shared) for _ in range(kept + more)]
    values = [0 if rng.random() < 0.1 else v for v in values]  # unfingerprinted texts too
    before, index = NearDuplicateIndex(), NearDuplicateIndex()
    for article_id, value in enumerate(values[:kept], start=1):
        before.add(article_id, value)
        index.add(article_id, value)
    size = len(index)
    for article_id, value in enumerate(values[kept:], start=kept + 1):
        index.find(value)
        index.add(article_id, value)
    index.truncate(size)
    assert (index._ids, index._values, index._bands) == (before._ids, before._values, before._bands)
    for value in values:
        probe = _flip(value, rng.sample(range(64), rng.randint(0, 6))) if value else value
        assert index.find(probe) == before.find(probe)
