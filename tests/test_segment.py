import os

from hypothesis import given, settings
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


def test_a_tag_edge_moves_a_word_at_a_time() -> None:
    from core.text.spans import by_word

    text = "La Russie a lancé 188 drones, selon l'armée.\n\nAutre paragraphe."
    start = text.index("188")
    span = (start, start + 3)
    grown = by_word(text, *span, "end", +1)
    assert text[slice(*grown)] == "188 drones"
    assert by_word(text, *grown, "end", -1) == span
    wider = by_word(text, *grown, "start", -1)
    assert text[slice(*wider)] == "lancé 188 drones"
    assert by_word(text, *wider, "start", +1) == grown
    assert by_word(text, *span, "end", -1) == span  # never shrinks to nothing
    last = text.index("l'armée")
    edge = (last, text.index("."))
    assert by_word(text, *edge, "end", +1) == edge  # not across the paragraph break


@settings(max_examples=200, deadline=None, derandomize=bool(os.environ.get("CI")))
@given(
    words=st.lists(st.text(alphabet="abcéü1", min_size=1, max_size=6), min_size=2, max_size=12),
    gaps=st.lists(st.sampled_from([" ", ", ", " — ", "'"]), min_size=12, max_size=12),
    first=st.integers(min_value=0, max_value=10),
)
def test_growing_then_shrinking_an_edge_comes_back(words, gaps, first) -> None:
    """Invariant: a word more then a word less at the same edge is the span it was."""
    from core.text.spans import by_word

    text = "".join(w + g for w, g in zip(words, gaps, strict=False)).rstrip()
    n = first % len(words)
    start = sum(len(w) + len(g) for w, g in zip(words[:n], gaps, strict=False))
    span = (start, start + len(words[n]))
    for edge, grow in (("end", +1), ("start", -1)):
        grown = by_word(text, *span, edge, grow)
        if grown != span:
            assert by_word(text, *grown, edge, -grow) == span
