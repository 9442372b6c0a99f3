import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.text.textio import DecodeError, clean_field, normalise, read_text, shown_path

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
    text = read_text(data).text
    assert text == FRENCH


def test_cp1252_curly_quotes_and_accents_have_no_mojibake() -> None:
    original = "L’Ukraine a reçu « des missiles » – selon l’état-major. Élysée, Noël, cœur.\n" * 3
    text, encoding, _ = read_text(original.encode("cp1252"))
    assert text == original
    assert "Ã" not in text and "â€" not in text
    assert encoding in ("cp1252", "windows-1252")


def test_latin1_accents() -> None:
    original = "Le ministère a déclaré mardi que la défense aérienne était prête. Très bien.\n" * 3
    text = read_text(original.encode("latin-1")).text
    assert text == original


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\u2028", "\u2029", "\x85"])
def test_newlines_normalised(newline: str) -> None:
    assert normalise(f"one{newline}two{newline}{newline}three") == "one\ntwo\n\nthree"


def test_nul_bytes_stripped() -> None:
    text = read_text(b"Hello\x00 world\x00, a text with a few stray NULs.").text
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


# -- issue 9.4: near-UTF-8 files, UTF-16 without BOM, NULs, control characters ----------------
@pytest.mark.parametrize(
    "damaged",
    [
        "Début valide, les députés ont voté.".encode() + b"\xff\xfe" + b" Fin.",
        "dé".encode() + b"\x81" + "putés de l’Assemblée, débat à Kyïv".encode() + b"\xc3",
    ],
    ids=["two-bytes-in-the-middle", "stray-continuation-and-truncated-end"],
)
def test_utf8_with_a_few_bad_bytes_is_utf8_not_mojibake(damaged: bytes) -> None:
    decoded = read_text(damaged)
    assert decoded.encoding == "utf-8"
    assert "\ufffd" in decoded.text
    assert "Ã" not in decoded.text and "Ă" not in decoded.text and "ĸ" not in decoded.text
    assert "débat à Kyïv" in decoded.text or "députés ont voté" in decoded.text
    assert 1 <= decoded.replaced <= 3
    assert "replaced" in decoded.warning and str(decoded.replaced) in decoded.warning


def test_legacy_code_page_still_chosen_when_bytes_are_not_utf8() -> None:
    original = "Les députés ont voté à l’unanimité. Début de séance. Été, hiver.\n" * 2
    decoded = read_text(original.encode("cp1252"))
    assert decoded.text == original and decoded.replaced == 0 and decoded.warning == ""


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read(codec: str) -> None:
    assert read_text(FRENCH.encode(codec)).text == FRENCH


def test_nul_between_words_does_not_glue_them() -> None:
    assert read_text(b"avec\0des mots").text == "avec des mots"
    assert normalise("fin.\0\0Début") == "fin.Début"


def test_control_characters_removed_from_metadata_fields() -> None:
    assert clean_field("Titre\x1b[31m rouge\x07") == "Titre [31m rouge"
    assert clean_field("  a\nb\tc\x85d ") == "a b c d"
    assert clean_field("« titre\xa0»") == "« titre\xa0»"
    assert clean_field("Kyïv — « titre »") == "Kyïv — « titre »"


_CONTROLS = {chr(c) for c in [*range(0x01, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]}


@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [*_CONTROLS, "\ud83d", "\udc00", "\x9f", "\x80", "é", "😀", "\t", "\n"]
            ),
            st.characters(blacklist_characters="\r\x85\u2028\u2029\x00"),
        ),
        max_size=80,
    )
)
def test_normalise_drops_exactly_the_control_characters(chars: list[str]) -> None:
    """Control characters are found in the UTF-8 bytes (each a byte of its own there), not
    by a regex search of the text; the result is the same: those removed, nothing else, and
    lone surrogates replaced."""
    text = "".join(chars)
    expected = "".join(
        "\ufffd" if "\ud800" <= c <= "\udfff" else c for c in chars if c not in _CONTROLS
    )
    assert normalise(text) == expected


def test_lone_surrogates_in_metadata_fields_become_replacement_characters() -> None:
    """JSON escapes of half an emoji ("\\ud83d") in a title or source: stored and shown as
    the text's are (U+FFFD), never a value the database or JSON cannot hold."""
    assert clean_field("Caf\udce9 titre") == "Caf\ufffd titre"
    assert clean_field("\ud83d") == "\ufffd"
    assert clean_field("emoji 😀 entier") == "emoji 😀 entier"


def test_a_file_name_that_is_not_utf8_is_shown_with_escapes() -> None:
    """File systems give Python undecodable name bytes as lone surrogates: such a name is
    stored and printed with \\x escapes (git writes them quoted too); others as they are."""
    assert shown_path("articles/caf\udce9.txt") == "articles/caf\\xe9.txt"
    assert shown_path("articles/café.txt") == "articles/café.txt"
    assert shown_path("a\udcff\udcfe") == "a\\xff\\xfe"


def test_json_nested_too_deeply_is_malformed_json_even_with_half_an_emoji() -> None:
    """The parser's depth limit and the half-emoji cleaning's both end as malformed JSON."""
    import json

    from core.text.textio import json_loads

    for depth in (100_000, 600, 300):  # the parser fails; the cleaning would; neither
        raw = "[" * depth + '"\\ud83d"' + "]" * depth
        try:
            value = json_loads(raw)
        except json.JSONDecodeError as exc:
            assert exc.msg == "nested too deeply"
        else:
            while isinstance(value, list):
                [value] = value
            assert value == "\ufffd"
