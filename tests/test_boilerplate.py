import pytest

from core.text.boilerplate import cue, match

BOILERPLATE = [
    "READ ALSO: “Russia will never have the indomitable spirit of Ukrainians”",
    "LIRE AUSSI : Défense aérienne, le casse-tête des stocks",
    "À lire aussi - La guerre en Ukraine",
    "Related News :",
    "Related Articles",
    "This website uses cookies to improve your experience. We'll assume you're ok with this. Accept",
    "Ce site utilise des cookies. En poursuivant votre navigation vous acceptez leur utilisation.",
    "Deja una respuesta",
    "Leave a Reply",
    "Votre adresse e-mail ne sera pas publiée.",
    "Share this article: Facebook Twitter Email",
    "Tags: Ukraine, Russia, drones",
    "Facebook Twitter LinkedIn",
    "Home » MONDE » Kiev défie une nouvelle fois Poutine",
    "lep-life-health-03",
    "par",
    "https://example.org/some/article",
]
CONTENT = [
    "Ukraine announced on Tuesday that it had been the target of a Russian attack.",
    "Information to remember",
    "Kyiv says it cannot meet its commitment to destroy anti-personnel mines.",
    "L’OTAN et le G7 soutiennent l’Ukraine",
    "The air force shared a statement on Telegram: 76 drones were shot down.",
    "Related to the attack, officials said three people had been injured in Kharkiv overnight.",
    "Le Kremlin accuse Kiev de partager des données avec ses alliés.",
    "NATO-Ukraine",
]


@pytest.mark.parametrize("paragraph", BOILERPLATE)
def test_boilerplate_flagged(paragraph: str) -> None:
    assert match(paragraph) is not None


@pytest.mark.parametrize("paragraph", CONTENT)
def test_content_not_flagged(paragraph: str) -> None:
    assert match(paragraph) is None


@pytest.mark.parametrize(
    ("paragraph", "marker"),
    [
        ("LIRE AUSSI : Défense aérienne, le casse-tête des stocks", "LIRE AUSSI"),
        ("  READ ALSO: How Ukraine counts the drones", "READ ALSO"),
        (
            "Share this article: Facebook Twitter Email",
            "Share this article: Facebook Twitter Email",
        ),
        ("Tags: Ukraine, Russia, drones", "Tags: "),
        ("Facebook Twitter LinkedIn", "Facebook Twitter LinkedIn"),
        ("Home » MONDE » Kiev défie une nouvelle fois Poutine", "Home »"),
    ],
)
def test_the_marker_words_of_boilerplate_are_located(paragraph: str, marker: str) -> None:
    """Where the words that make a paragraph boilerplate are: suggestions leave them alone
    (the names after "READ ALSO:" are the gold's, "READ ALSO" never is)."""
    found = cue(paragraph)
    assert found is not None
    assert paragraph[found[0] : found[1]] == marker


@pytest.mark.parametrize("paragraph", CONTENT)
def test_content_has_no_marker(paragraph: str) -> None:
    assert cue(paragraph) is None
