import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtGui import QTextDocument

from gui.reader.offsets import from_utf16, to_utf16, utf16_length

SAMPLES = [
    "plain",
    "😀 emoji",
    "flag 🇺🇦 here",
    "𝔐athematical",
    "e\u0301 combining",
    "mix 😀𝔐é\u0301🇫🇷 end",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_round_trip_every_offset(text: str) -> None:
    for cp in range(len(text) + 1):
        assert from_utf16(text, to_utf16(text, cp)) == cp


@pytest.mark.parametrize("text", SAMPLES)
def test_agrees_with_qt(text: str) -> None:
    doc = QTextDocument(text)
    assert doc.characterCount() - 1 == utf16_length(text)
    for cp in range(len(text) + 1):
        cursor = doc.find(text[cp:]) if cp < len(text) else None
        if cursor is not None and not cursor.isNull():
            assert cursor.selectionStart() == to_utf16(text, cp) or text.count(text[cp:]) > 1


def test_known_positions() -> None:
    text = "a😀b𝔐c"
    assert [to_utf16(text, i) for i in range(6)] == [0, 1, 3, 4, 6, 7]
    assert from_utf16(text, 2) == 2  # inside the emoji's surrogate pair: snaps after it


@given(st.text(max_size=50))
def test_property_round_trip(text: str) -> None:
    assert all(from_utf16(text, to_utf16(text, cp)) == cp for cp in range(len(text) + 1))
