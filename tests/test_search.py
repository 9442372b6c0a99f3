"""Full-text search on SQLite FTS5: query syntax, ranking, broad queries."""

from __future__ import annotations

import pytest

from core.ingest.run import import_text
from core.library import Library
from core.listing import ArticleFilter, list_articles
from core.storage import search


@pytest.fixture
def searchable(library: Library) -> Library:
    import_text(library, "Drone attack on Kyïv\n\nOne drone was seen.", title="A")
    import_text(
        library, "Drones everywhere\n\nDrone drone drone drone over the capital.", title="B"
    )
    import_text(library, "Missile strike\n\nA missile hit the power plant near Kharkiv.", title="C")
    return library


def titles(library: Library, query: str) -> list[str]:
    with library.session() as s:
        return [a["title"] for a in list_articles(s, ArticleFilter(search=query))]


def test_ranked_best_match_first(searchable: Library) -> None:
    assert titles(searchable, "drone") == ["B", "A"]


def test_broad_queries_come_newest_first(library: Library, monkeypatch) -> None:
    import_text(
        library, "Drone drone drone drone drone over the capital.", title="old, very relevant"
    )
    import_text(library, "A drone was seen over the river.", title="new, barely relevant")
    assert titles(library, "drone") == ["old, very relevant", "new, barely relevant"]
    monkeypatch.setattr(search, "RANKED_MAX", 1)  # now the query counts as broad
    with library.session() as s:
        assert search.count_matches(s, "drone") == 2
    assert titles(library, "drone") == ["new, barely relevant", "old, very relevant"]
    assert titles(library, "drone OR missile") == []  # words are ANDed; OR is just a word


def test_query_syntax(searchable: Library) -> None:
    assert titles(searchable, "kyiv") == ["A"]  # diacritics folded
    assert titles(searchable, '"power plant"') == ["C"]
    assert titles(searchable, '"plant power"') == []
    assert titles(searchable, "missile kharkiv") == ["C"]
    assert titles(searchable, "miss*") == ["C"]
    assert titles(searchable, '") OR 1=1 --') == []  # punctuation cannot break the query
    assert titles(searchable, "   ") == ["A", "B", "C"]  # an empty search lists everything


def test_fts_query_building() -> None:
    assert (
        search.fts5_query('drone "power plant" miss* x"y')
        == '"drone" "power plant" "miss"* "x" "y"'
    )
    assert search.pg_query('drone "power plant" miss*') == "drone & power <-> plant & miss:*"


def test_filter_by_document_label(library: Library) -> None:
    from core.annotation import article_fields
    from core.listing import labels_in_library

    a = import_text(library, "Premier article.", title="A").imported[0]["id"]
    b = import_text(library, "Second article.", title="B").imported[0]["id"]
    import_text(library, "Troisième article.", title="C")
    with library.session() as s:
        article_fields.set_article_field(s, a, "labels", ["drones", "to check"])
        article_fields.set_article_field(s, b, "labels", ["drones-old"])
        assert labels_in_library(s) == ["drones", "drones-old", "to check"]
        assert [x["title"] for x in list_articles(s, ArticleFilter(label="drones"))] == ["A"]
        assert [x["title"] for x in list_articles(s, ArticleFilter(label="to check"))] == ["A"]
        assert [x["title"] for x in list_articles(s, ArticleFilter(label="drones-old"))] == ["B"]
        assert list_articles(s, ArticleFilter(label="none")) == []


@pytest.mark.parametrize(
    ("typed", "searched"),
    [
        ("dro", "dro*"),  # the word being typed also finds the words it begins
        ("missile kha", "missile kha*"),
        ("Kyï", "Kyï*"),
        ("dr", "dr"),  # too short to be a useful beginning (and slow: it begins everything)
        ("drone ", "drone "),  # a space: the word is finished
        ('"power plant"', '"power plant"'),  # a phrase is searched as written
        ("miss*", "miss*"),
        ("drone,", "drone,"),
        ("", ""),
    ],
)
def test_a_search_being_typed_finds_the_words_its_last_word_begins(
    typed: str, searched: str
) -> None:
    assert search.as_typed(typed) == searched


def test_the_search_box_finds_articles_as_the_word_is_typed(searchable: Library) -> None:
    """The app's search box (typed) finds "Drones" from "dro"; a script's search (gloss list
    --search) keeps to whole words."""
    with searchable.session() as s:
        typed = list_articles(s, ArticleFilter(search="kharkiv mis", search_typed=True))
        assert [a["title"] for a in typed] == ["C"]
        assert [
            a["title"] for a in list_articles(s, ArticleFilter(search="dron", search_typed=True))
        ] == ["B", "A"]
    assert titles(searchable, "dron") == []
