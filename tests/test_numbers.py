"""Counts read from a quantity's words."""

from __future__ import annotations

import pytest

from core.text.numbers import number_in


@pytest.mark.parametrize(
    ("text", "language", "number"),
    [
        ("188 drones", "fr", 188),
        ("1 200 missiles", "fr", 1200),
        ("1\u202f200 missiles", "fr", 1200),
        ("1,200 missiles", "en", 1200),
        ("trente drones", "fr", 30),
        ("thirty drones", "en", 30),
        ("cent quatre-vingt-huit drones", "fr", 188),
        ("one hundred and eighty-eight drones", "en", 188),
        ("30 des 35 drones", "fr", 30),
        ("des drones", "fr", None),
        ("seventy-six", "", 76),
    ],
)
def test_number_in(text: str, language: str, number: int | None) -> None:
    assert number_in(text, language) == number
