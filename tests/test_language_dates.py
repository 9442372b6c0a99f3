import datetime as dt

import pytest

from core.text.dates import find_date, parse_date
from core.text.language import detect, paragraph_languages
from core.text.segment import paragraphs

FR = (
    "L'armée de l'air ukrainienne a déclaré mardi que la défense antiaérienne avait abattu "
    "la plupart des drones lancés pendant la nuit contre plusieurs régions du pays."
)
EN = (
    "The Ukrainian air force said on Tuesday that air defences had shot down most of the "
    "drones launched overnight against several regions of the country."
)


def test_mixed_article_gets_language_per_paragraph() -> None:
    text = "\n\n".join([FR, FR.replace("mardi", "mercredi"), EN, EN.replace("Tuesday", "Monday")])
    langs = paragraph_languages(text, paragraphs(text))
    assert langs == ["fr", "fr", "en", "en"]


def test_short_paragraph_takes_neighbour_language() -> None:
    text = "\n\n".join([FR, "par", FR.replace("mardi", "jeudi")])
    assert paragraph_languages(text, paragraphs(text)) == ["fr", "fr", "fr"]


@pytest.mark.parametrize("odd", ["\x85", "\x01", "\x7f", "\ufffe"])
def test_a_character_cld2_refuses_does_not_cost_the_languages(odd: str) -> None:
    """CLD2 refuses a text holding C0/C1 controls or non-characters: it is read again with
    them blanked, and every paragraph keeps its language."""
    text = "\n\n".join([FR[:60] + odd + FR[60:], EN, EN.replace("Tuesday", "Monday")])
    assert paragraph_languages(text, paragraphs(text)) == ["fr", "en", "en"]


def test_text_is_read_as_text_not_markup() -> None:
    """Quotes typed as << >> are words, not an HTML tag to skip (CLD2 read them as markup and
    found nothing to call); so is an ampersand."""
    quoted = (
        "Selon le porte-parole <<les forces de défense aérienne ont abattu trente drones "
        "pendant la nuit au-dessus de la région de Kyiv et les débris sont tombés sur "
        "plusieurs quartiers résidentiels>> a-t-il dit."
    )
    text = (
        quoted + "\n" + "Drones & missiles: the air force said thirty drones were downed overnight."
    )
    assert paragraph_languages(text, paragraphs(text)) == ["fr", "en"]
    assert detect(quoted) == "fr"


def test_emoji_and_non_bmp_do_not_shift_languages() -> None:
    text = "\n\n".join(["😀🇺🇦 𝔐 " * 5 + FR, EN])
    assert paragraph_languages(text, paragraphs(text)) == ["fr", "en"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("La Russie a promis mardi 26 novembre 2024 de répondre", dt.date(2024, 11, 26)),
        ("Ukraine announced on Tuesday, November 26, 2024, that", dt.date(2024, 11, 26)),
        ("Published 2024-11-26T08:00:00Z by the desk", dt.date(2024, 11, 26)),
        ("le 1er décembre 2023 à Kyiv", dt.date(2023, 12, 1)),
        ("am 3. März 2022 in Berlin", dt.date(2022, 3, 3)),
        ("Ukraine announced on Tuesday, November 26, that", None),
        ("No date at all in 188 drones", None),
        ("le 31 février 2024", None),
    ],
)
def test_find_date(text: str, expected: dt.date | None) -> None:
    assert find_date(text) == expected


def test_parse_date_metadata() -> None:
    assert parse_date("2024-11-26") == dt.date(2024, 11, 26)
    assert parse_date("") is None
    assert parse_date("mardi 26 novembre 2024") == dt.date(2024, 11, 26)
