"""Issue 9.2: a tag on a translation stays on its words when another paragraph's translation
changes; tags inside the changed paragraph follow their words or are flagged for review."""

from __future__ import annotations

import os
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from core.annotation.history import History
from core.annotation.ops import AddEvent, AddMention
from core.annotation.service import layer_text
from core.articles import article_detail
from core.export.run import ExportOptions, export
from core.ingest.run import import_text
from core.library import Library
from core.translation import store
from core.translation.providers import ProviderConfig
from core.translation.service import TranslateOptions, translate_articles
from support.libre_server import libre_server

FR = [
    "Par la voix de son porte-parole, le ministère a parlé.",
    "Par la nuit, la défense aérienne a abattu les drones.",
    "Les autorités ont signalé des dégâts à Kharkiv.",
]
EN = [
    "Through its spokesman, the ministry spoke.",
    "BY THE NIGHT, the air defence shot down the drones.",
    "The authorities reported damage in Kharkiv.",
]


def setup(library: Library) -> int:
    article_id = import_text(library, "\n\n".join(FR), title="Titre").imported[0]["id"]
    with library.session() as s:
        for index, text in enumerate(EN):
            store.set_by_hand(s, article_id, index, "en", text)
    return int(article_id)


def edit(library: Library, article_id: int, index: int, text: str) -> None:
    """The translation of one paragraph edited by hand (Ctrl+E)."""
    with library.session() as s:
        store.set_by_hand(s, article_id, index, "en", text)


def tag(history: History, library: Library, article_id: int, words: str, label: str) -> int:
    with library.reading() as s:
        layer = layer_text(s, article_id, "translation:en")
    start = layer.index(words)
    op = history.run(AddMention(article_id, start, start + len(words), label, "translation:en"))
    return int(op.mention_id or 0)


def tags(library: Library, article_id: int) -> dict[int, tuple[str, str, str]]:
    """id -> (stored text, text now at the offsets, review)"""
    with library.reading() as s:
        layer = layer_text(s, article_id, "translation:en")
        detail = article_detail(s, article_id)
    return {
        m["id"]: (m["text"], layer[m["start"] : m["end"]], m["review"])
        for m in detail["entities"]
        if m["layer"] == "translation:en"
    }


def test_editing_one_paragraph_moves_no_tag_of_another(library: Library) -> None:
    """As found: editing paragraph 0 (Ctrl+E) shifted paragraph 1's tags to "PAR LA"."""
    article_id = setup(library)
    history = History(library)
    night = tag(history, library, article_id, "NIGHT", "DATE")
    kharkiv = tag(history, library, article_id, "Kharkiv", "GPE")
    edit(library, article_id, 0, "Speaking through its spokesman, the ministry said so.")
    found = tags(library, article_id)
    assert found[night] == ("NIGHT", "NIGHT", "")
    assert found[kharkiv] == ("Kharkiv", "Kharkiv", "")


def test_tags_in_the_edited_paragraph_follow_their_words_or_need_review(library: Library) -> None:
    article_id = setup(library)
    history = History(library)
    defence = tag(history, library, article_id, "air defence", "ORG")
    drones = tag(history, library, article_id, "drones", "WEA")
    night = tag(history, library, article_id, "NIGHT", "DATE")
    with library.reading() as s:
        layer = layer_text(s, article_id, "translation:en")
    trigger = layer.index("shot down")
    history.run(AddEvent(article_id, "INTERCEPTION", trigger, trigger + 9, "translation:en"))
    edit(library, article_id, 1, "Overnight, Ukraine's air defence brought down the drones.")
    found = tags(library, article_id)
    assert found[defence] == ("air defence", "air defence", "")
    assert found[drones] == ("drones", "drones", "")
    text, _now, review = found[night]
    assert text == "NIGHT" and review and "NIGHT" in review and "paragraph 2" in review
    with library.reading() as s:
        [event] = article_detail(s, article_id)["events"]
    assert event["review"] and event["trigger"]["text"] == "shot down"
    # listed for the user
    export_out = subprocess.run(
        [sys.executable, "-m", "core.cli", "--db", library.url.split("///", 1)[1], "show",
         str(article_id)], capture_output=True, text=True,
    )  # fmt: skip
    assert "needs review (2)" in export_out.stdout and "“NIGHT”" in export_out.stdout


def test_forced_retranslation_keeps_other_paragraphs_tags(library: Library) -> None:
    article_id = import_text(library, "\n\n".join(FR), title="Titre").imported[0]["id"]
    with libre_server() as server:
        opts = TranslateOptions(provider=ProviderConfig("libre", url=server.url), timeout=5)
        translate_articles(library, [article_id], opts)
        history = History(library)
        kharkiv = tag(history, library, article_id, "KHARKIV", "GPE")
        night = tag(history, library, article_id, "NUIT", "DATE")
        with library.session() as s:  # the user improves paragraph 0 by hand...
            store.set_by_hand(s, article_id, 0, "en", "A much longer hand-made version of it.")
        server.faults = {}
        forced = TranslateOptions(
            provider=ProviderConfig("libre", url=server.url), timeout=5, force=True
        )
        translate_articles(library, [article_id], forced)  # ...then forces a re-translation
    found = tags(library, article_id)
    assert found[kharkiv] == ("KHARKIV", "KHARKIV", "")
    assert found[night] == ("NUIT", "NUIT", "")


def test_stale_tags_are_exported_as_losses_not_at_the_wrong_place(tmp_path, library) -> None:
    article_id = setup(library)
    history = History(library)
    tag(history, library, article_id, "NIGHT", "DATE")
    tag(history, library, article_id, "Kharkiv", "GPE")
    edit(library, article_id, 1, "Overnight the drones were shot down.")
    edit(library, article_id, 0, "x")
    out = tmp_path / "t.jsonl"
    report = export(
        library, [article_id], out, ExportOptions(format="doccano-seq", side="translation")
    )
    import json

    [record] = [json.loads(line) for line in out.read_text().splitlines()]
    spans = {record["text"][start:end]: label for start, end, label in record["label"]}
    assert spans == {"Kharkiv": "GPE"}  # NIGHT's words are gone: not exported elsewhere
    dropped = report.to_json()["dropped"]
    assert sum(dropped.values()) == 1, dropped


WORDS = st.sampled_from(["drones", "NIGHT", "air", "defence", "Kyïv", "🇺🇦", "e\u0301t\u00e9", "x"])


@settings(max_examples=40, deadline=None, derandomize=bool(os.environ.get("CI")))
@given(
    edits=st.lists(
        st.tuples(st.integers(0, 2), st.lists(WORDS, min_size=0, max_size=8).map(" ".join)),
        min_size=1,
        max_size=6,
    )
)
def test_property_tags_never_sit_on_other_words(tmp_path_factory, edits) -> None:
    """Whatever paragraphs are edited to, every tag either shows its own words at its
    offsets or is flagged for review."""
    library = Library(f"sqlite:///{tmp_path_factory.mktemp('p') / 'lib.sqlite'}")
    try:
        article_id = setup(library)
        history = History(library)
        for words in ("NIGHT", "drones", "Kharkiv", "ministry"):
            tag(history, library, article_id, words, "GPE")
        for index, text in edits:
            with library.session() as s:
                store.set_by_hand(s, article_id, index, "en", text)
            for stored, now, review in tags(library, article_id).values():
                assert now == stored or review, (stored, now)
    finally:
        library.close()


def test_migration_flags_translation_tags_already_misplaced(tmp_path) -> None:
    """Libraries tagged before the fix hold translation tags that an edit already moved onto
    other words: the upgrade flags them for review instead of leaving them silently wrong."""
    from sqlalchemy import text as sql

    from core.storage.db import downgrade_to, upgrade

    db = tmp_path / "old.sqlite"
    library = Library(f"sqlite:///{db}")
    article_id = setup(library)
    history = History(library)
    night = tag(history, library, article_id, "NIGHT", "DATE")
    kharkiv = tag(history, library, article_id, "Kharkiv", "GPE")
    downgrade_to(library.engine, "0003")
    with library.engine.begin() as conn:  # what an edit did before 0004: nothing moved
        conn.execute(
            sql("UPDATE translations SET text = :t WHERE paragraph_id = "
                "(SELECT id FROM paragraphs WHERE article_id = :a AND \"index\" = 0)"),
            {"t": "A much longer first paragraph than before, by hand.", "a": article_id},
        )  # fmt: skip
    upgrade(library.engine)
    found = tags(library, article_id)
    library.close()
    assert found[night][2] and found[kharkiv][2]  # both now sit on other words: flagged
    assert found[night][0] == "NIGHT"


def test_a_translation_tag_over_two_paragraphs_is_refused(library: Library) -> None:
    """Found by the state machine: a tag over the blank line between two translated
    paragraphs belongs to neither, and no edit can keep it on its words."""
    import pytest

    from core.annotation.service import AnnotationError

    article_id = setup(library)
    with library.reading() as s:
        layer = layer_text(s, article_id, "translation:en")
    start = layer.index("spoke.") + 2
    with pytest.raises(AnnotationError, match="within one paragraph"):
        History(library).run(AddMention(article_id, start, start + 12, "GPE", "translation:en"))
    with pytest.raises(AnnotationError, match="within one paragraph"):
        History(library).run(
            AddEvent(article_id, "INTERCEPTION", start, start + 12, "translation:en")
        )
