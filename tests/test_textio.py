import codecs

import pytest

from core.textio import DecodeError, normalise, read_text

FRENCH = "L’armée a déclaré « 188 drones » — à Kyïv.\nDeuxième ligne."


@pytest.mark.parametrize(
    "data",
    [
        FRENCH.encode("utf-8"),
        codecs.BOM_UTF8 + FRENCH.encode("utf-8"),
        codecs.BOM_UTF16_LE + FRENCH.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + FRENCH.encode("utf-16-be"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom"],
)
def test_unicode_encodings_decode_exactly(data: bytes) -> None:
    text, _ = read_text(data)
    assert text == FRENCH


def test_cp1252_curly_quotes_and_accents_have_no_mojibake() -> None:
    original = "L’Ukraine a reçu « des missiles » – selon l’état-major. Élysée, Noël, cœur.\n" * 3
    text, encoding = read_text(original.encode("cp1252"))
    assert text == original
    assert "Ã" not in text and "â€" not in text
    assert encoding in ("cp1252", "windows-1252")


def test_latin1_accents() -> None:
    original = "Le ministère a déclaré mardi que la défense aérienne était prête. Très bien.\n" * 3
    text, _ = read_text(original.encode("latin-1"))
    assert text == original


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\u2028", "\u2029", "\x85"])
def test_newlines_normalised(newline: str) -> None:
    assert normalise(f"one{newline}two{newline}{newline}three") == "one\ntwo\n\nthree"


def test_nul_bytes_stripped() -> None:
    text, _ = read_text(b"Hello\x00 world\x00, a text with a few stray NULs.")
    assert text == "Hello world, a text with a few stray NULs."


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, b"\x00\x01\x02\x03" * 500, b"%PDF-1.7\n..."],
)
def test_binary_rejected(data: bytes) -> None:
    with pytest.raises(DecodeError, match="binary"):
        read_text(data)


def test_broken_utf16_with_bom_is_undecodable() -> None:
    with pytest.raises(DecodeError, match="utf-16"):
        read_text(codecs.BOM_UTF16_LE + b"\x00\xd8\x41")  # lone surrogate, odd length


def test_lone_surrogates_replaced() -> None:
    assert normalise("a\ud83db") == "a\ufffdb"
