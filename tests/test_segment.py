from hypothesis import given
from hypothesis import strategies as st

from core.text.segment import paragraphs


def texts(t: str) -> list[str]:
    return [t[s:e] for s, e in paragraphs(t)]


def test_one_paragraph_per_line_without_blank_lines() -> None:
    t = "Titre court\nUn premier paragraphe qui dit quelque chose.\nUn second paragraphe."
    assert texts(t) == [
        "Titre court",
        "Un premier paragraphe qui dit quelque chose.",
        "Un second paragraphe.",
    ]


def test_hard_wrapped_block_is_one_paragraph() -> None:
    t = "Heading\n\nThis paragraph was wrapped\nby an old editor at a short\nwidth and ends here.\n\nNext one."
    assert texts(t) == [
        "Heading",
        "This paragraph was wrapped\nby an old editor at a short\nwidth and ends here.",
        "Next one.",
    ]


def test_list_items_stay_separate() -> None:
    assert texts("- one\n- two\n- three") == ["- one", "- two", "- three"]


def test_whitespace_trimmed_and_blank_skipped() -> None:
    t = "  \n\n   Indented paragraph.   \n\t\n\nLast.\n\n"
    assert texts(t) == ["Indented paragraph.", "Last."]


@given(st.text(alphabet=st.sampled_from("ab é😀\n\t.𝔐"), max_size=200))
def test_offsets_always_slice_stripped_nonempty_paragraphs(t: str) -> None:
    last_end = 0
    for start, end in paragraphs(t):
        piece = t[start:end]
        assert piece and piece == piece.strip()
        assert start >= last_end
        last_end = end
