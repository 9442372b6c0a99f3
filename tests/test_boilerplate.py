import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.text.boilerplate import RuleSet, cue, default_rules, match

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


def _one_by_one(rules: RuleSet, paragraph: str) -> tuple[str, int, int] | None:
    """The rules' meaning read plainly: the pattern rules anchored at the start first, in the
    file's order, then the others; a rule applies to paragraphs up to its length, and one
    with ``requires`` only where one of its words occurs in any case."""
    text = paragraph.strip()
    shift = len(paragraph) - len(paragraph.lstrip())
    ordered = [r for r in rules.rules if r.anchored] + [r for r in rules.rules if not r.anchored]
    for rule in ordered:
        if len(text) > rule.max_length:
            continue
        if rule.requires and not any(w in text.lower() for w in rule.requires):
            continue
        hit = rule.pattern.match(text) if rule.anchored else rule.pattern.search(text)
        if hit is not None:
            return rule.name, hit.start() + shift, hit.end() + shift
    return None


PIECES = [*BOILERPLATE, *CONTENT, "cookies", "COOKIE", " ", "\n", "accept", ": ", "»", "x" * 130]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=6), st.text(max_size=30))
def test_the_compiled_rules_answer_as_the_rules_one_by_one(pieces: list[str], noise: str) -> None:
    """The rule set's one-pass form (one regex per length limit, cheap checks before the
    others) finds the rule and the marker words the plain reading does, on any mixture."""
    rules = default_rules()
    for paragraph in (" ".join(pieces), " ".join(pieces) + noise, noise + " ".join(pieces)):
        assert rules.cue(paragraph) == _one_by_one(rules, paragraph)


def test_the_compiled_rules_answer_as_the_rules_one_by_one_at_each_length_limit() -> None:
    """Paragraphs exactly at a rule's length limit (and one character either side)."""
    rules = default_rules()
    limits = sorted({rule.max_length for rule in rules.rules})
    for piece in (*BOILERPLATE, *CONTENT):
        for limit in limits:
            for length in (limit - 1, limit, limit + 1):
                paragraph = (piece + " " + "Réunis cookies accept " * 40)[:length]
                assert rules.cue(paragraph) == _one_by_one(rules, paragraph), (piece, length)
