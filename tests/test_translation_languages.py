"""The language a translation goes into: a two-letter code, however the user wrote it.

As found under Xvfb: "Translate into: english" was taken as is, so the translations would
have been stored in a layer named "english" beside the "en" one (deep-translator itself
turns the name into a code for the request), and an exported "en" dataset would miss them.
"""

from __future__ import annotations

import pytest
from babel import Locale
from hypothesis import given
from hypothesis import strategies as st

from core.translation.languages import target_language

CODES = sorted(code for code in Locale("en").languages if len(code) == 2)


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("en", "en"),
        (" FR ", "fr"),
        ("English", "en"),
        ("english", "en"),
        ("anglais", "en"),  # the French name
        ("Français", "fr"),  # the language's own name
        ("українська", "uk"),
        ("German", "de"),
        ("he", "he"),  # ISO 639-1, not Google's old "iw"
    ],
)
def test_a_code_or_a_name_gives_the_code(written: str, code: str) -> None:
    assert target_language(written) == code


@pytest.mark.parametrize("written", ["", "  ", "klingon", "xx", "eng", "en_US", "english!"])
def test_anything_else_is_refused_with_its_value_named(written: str) -> None:
    with pytest.raises(ValueError, match="not a language") as refused:
        target_language(written)
    assert repr(written.strip()) in str(refused.value)


@given(st.sampled_from(CODES))
def test_every_code_and_its_english_name_give_the_code(code: str) -> None:
    assert target_language(code) == code
    assert target_language(code.upper()) == code
    assert target_language(Locale("en").languages[code]) == code
