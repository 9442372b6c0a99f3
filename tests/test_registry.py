"""The entity registry through the façade, on real SQLite files: pages with counts, search
and link proposals folding case and accents, rename/aliases/external ids, merge and delete
(each undone exactly), exports carrying external ids, and the migration of older libraries."""

from __future__ import annotations

import json
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.annotation.history import History
from core.annotation.service import AnnotationError
from core.export.run import ExportOptions
from core.ingest.run import import_text
from core.library import Library
from core.text.fold import fold

TEXTS = [
    "Des drones ont visé Kyïv et Kharkiv. À Kyiv, les défenses ont tenu.",
    "Kiev was hit overnight; Kharkiv too. The mayor of Kyiv spoke.",
]


def tag_all(library: Library, article_id: int, word: str, label: str = "GPE") -> list[int]:
    text = TEXTS[article_id - 1]  # one paragraph each, stored as written
    ids, at = [], text.find(word)
    while at >= 0:
        ids.append(library.annotations.tag(article_id, at, at + len(word), label).mention_id)
        at = text.find(word, at + 1)
    return ids


@pytest.fixture
def tagged(library: Library) -> dict[str, list[int]]:
    a, b = (int(import_text(library, t).imported[0]["id"]) for t in TEXTS)
    return {
        "Kyïv": tag_all(library, a, "Kyïv"),
        "Kyiv": tag_all(library, a, "Kyiv") + tag_all(library, b, "Kyiv"),
        "Kiev": tag_all(library, b, "Kiev"),
        "Kharkiv": tag_all(library, a, "Kharkiv") + tag_all(library, b, "Kharkiv"),
    }


@given(st.text())
def test_folding_ascii_quickly_folds_as_the_whole_rule(text: str) -> None:
    """ASCII words take a short path (most of them): the same result as the full rule."""
    from core.text.fold import _fold_unicode

    assert fold(text) == _fold_unicode(text)
    ascii_text = text.encode("ascii", "ignore").decode()
    assert fold(ascii_text) == _fold_unicode(ascii_text)


def test_fold_ignores_case_accents_and_ligatures() -> None:
    assert fold("Kyïv") == fold("KYIV") == fold("kyiv") == "kyiv"
    assert fold("Œuvre  de  l’État") == "oeuvre de l'etat"


def test_pages_count_mentions_and_articles(library: Library, tagged: dict[str, list[int]]) -> None:
    for mention in tagged["Kyiv"] + tagged["Kyïv"]:
        library.entities.link(mention, "Kyiv")
    library.entities.link(tagged["Kharkiv"][0], "Kharkiv")
    rows = {row.name: row for row in library.entities.page()}
    assert (rows["Kyiv"].mentions, rows["Kyiv"].articles) == (3, 2)
    assert (rows["Kharkiv"].mentions, rows["Kharkiv"].articles) == (1, 1)
    assert rows["Kyiv"].aliases == ("Kyïv",)  # the tag's words that differ from the name
    by_count = library.entities.page(sort="mentions", descending=True)
    assert [row.name for row in by_count] == ["Kyiv", "Kharkiv"]
    assert [row.name for row in library.entities.page(sort="name", offset=1, limit=1)] == ["Kyiv"]
    assert library.entities.count("KYÏV") == 1 and library.entities.count("kh") == 1
    assert library.entities.count("", "PER") == 0 and library.entities.count() == 2
    articles = library.entities.articles(rows["Kyiv"].id)
    assert [n for _a, _t, n in articles] == [2, 1]
    with pytest.raises(AnnotationError, match="unknown sort"):
        library.entities.page(sort="colour")


def test_search_treats_wildcards_as_text(library: Library) -> None:
    library.entities.create("50% Front_line", "ORG")
    library.entities.create("500 Frontline", "ORG")
    assert [r.name for r in library.entities.page("50%")] == ["50% Front_line"]
    assert [r.name for r in library.entities.page("t_l")] == ["50% Front_line"]


def test_link_proposals_fold_case_and_accents(
    library: Library, tagged: dict[str, list[int]]
) -> None:
    library.entities.link(tagged["Kyïv"][0], "Kyiv")  # teaches the alias Kyïv
    kyiv = library.entities.find("kyiv")[0]["id"]
    library.entities.edit(kyiv, aliases=["Kyïv", "Kiev", "Київ"])
    library.entities.create("Kyiv Oblast", "GPE")
    library.entities.create("Kyiv", "ORG")  # a football club, say
    for spelling in ("Kiev", "KYIV", "kyïv", "Київ"):
        proposed = library.entities.proposals(spelling, "GPE")
        assert proposed[0].id == kyiv, spelling
    names = [(r.name, r.type) for r in library.entities.proposals("Kyiv", "GPE")]
    assert names[:2] == [("Kyiv", "GPE"), ("Kyiv", "ORG")]  # exact names first, own type first
    assert ("Kyiv Oblast", "GPE") in names  # then names that contain it
    assert library.entities.proposals("   ") == []


def test_edit_and_undo(library: Library, tagged: dict[str, list[int]]) -> None:
    history = History(library)
    op = library.entities.create("Kiyv", "GPE", ["Kiev"])
    entity = op.entity_id
    assert entity is not None
    history.push(library.entities.edit(entity, canonical_name=" Kyiv ", aliases=["Kyiv", "Kiev", " ", "Kyïv"],
                                       external_id="Q1899"))  # fmt: skip
    row = library.entities.get(entity)
    assert (row.name, row.aliases, row.external_id) == ("Kyiv", ("Kiev", "Kyïv"), "Q1899")
    assert [r.id for r in library.entities.proposals("kyïv")] == [entity]
    history.undo()
    row = library.entities.get(entity)
    assert (row.name, row.aliases, row.external_id) == ("Kiyv", ("Kiev",), "")
    assert library.entities.proposals("kyïv") == []  # the search key went back too
    with pytest.raises(AnnotationError, match="needs a name"):
        library.entities.edit(entity, canonical_name="  ")


def test_merge_moves_tags_and_aliases_and_undoes(
    library: Library, tagged: dict[str, list[int]]
) -> None:
    history = History(library)
    for mention in tagged["Kyiv"]:
        library.entities.link(mention, "Kyiv")
    library.entities.link(tagged["Kiev"][0], "Kiev")
    kyiv, kiev = (library.entities.find(n)[0]["id"] for n in ("Kyiv", "Kiev"))
    library.entities.edit(kiev, aliases=["Kyjiw"], external_id="Q1899")
    before = {r.id: r for r in library.entities.page()}
    history.push(library.entities.merge(kyiv, kiev))
    after = {r.id: r for r in library.entities.page()}
    assert set(after) == {kyiv}
    assert after[kyiv].aliases == ("Kiev", "Kyjiw") and after[kyiv].external_id == "Q1899"
    assert after[kyiv].mentions == before[kyiv].mentions + before[kiev].mentions
    history.undo()
    assert {r.id: r for r in library.entities.page()} == before
    history.redo()
    assert {r.id: r for r in library.entities.page()} == after
    with pytest.raises(AnnotationError, match="itself"):
        library.entities.merge(kyiv, kyiv)


def test_delete_unlinks_and_undoes(library: Library, tagged: dict[str, list[int]]) -> None:
    history = History(library)
    for mention in tagged["Kharkiv"]:
        library.entities.link(mention, "Kharkiv")
    entity = library.entities.find("Kharkiv")[0]["id"]
    before = library.entities.get(entity)
    history.push(library.entities.delete(entity))
    assert library.entities.count() == 0
    assert all(t.entity_id is None for t in _tags(library, tagged["Kharkiv"]))
    history.undo()
    assert library.entities.get(entity) == before
    assert all(t.entity_id == entity for t in _tags(library, tagged["Kharkiv"]))


def _tags(library: Library, ids: list[int]) -> list[object]:
    from core.articles import article_detail

    out = []
    with library.reading() as session:
        for article in library.articles.ids():
            out += [m for m in article_detail(session, article)["entities"] if m["id"] in ids]
    return [type("T", (), m) for m in out]


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.sampled_from(["merge", "edit", "delete", "create"]), min_size=1, max_size=6),
    st.data(),
)
def test_any_registry_changes_undo_to_the_start(steps: list[str], data: st.DataObject) -> None:
    """Undoing every registry change, whatever they were, gives back the registry as it was."""
    with tempfile.TemporaryDirectory() as folder:
        library = Library(f"sqlite:///{Path(folder) / 'library.sqlite'}")
        try:
            for name in ("Kyiv", "Kiev", "Kharkiv"):
                library.entities.create(name, "GPE", [name.upper()])
            history = History(library)
            start = library.entities.page()
            for step in steps:
                ids = [r.id for r in library.entities.page()]
                pick = st.integers(0, max(len(ids) - 1, 0))
                if step == "create" or not ids:
                    name = data.draw(st.text(min_size=1, max_size=8).filter(str.strip))
                    history.push(library.entities.create(name, "ORG"))
                elif step == "edit":
                    aliases = data.draw(st.lists(st.text(max_size=6), max_size=3))
                    history.push(library.entities.edit(ids[data.draw(pick)], aliases=aliases))
                elif step == "delete":
                    history.push(library.entities.delete(ids[data.draw(pick)]))
                elif len(ids) > 1:
                    keep, drop = data.draw(st.permutations(ids))[:2]
                    history.push(library.entities.merge(keep, drop))
            while history.can_undo():
                history.undo()
            assert library.entities.page() == start
        finally:
            library.close()


def test_brat_and_native_exports_carry_external_ids(
    library: Library, tagged: dict[str, list[int]], tmp_path: Path
) -> None:
    library.entities.link(tagged["Kyiv"][0], "Kyiv")
    kyiv = library.entities.find("Kyiv")[0]["id"]
    library.entities.edit(kyiv, external_id="Q1899", aliases=["Kiev"])
    everything = library.articles.ids()
    library.exchange.export(everything, tmp_path / "brat", ExportOptions("brat"))
    ann = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "brat").glob("*.ann"))
    assert "\tReference T" in ann and "Wikidata:Q1899\tKyiv" in ann
    library.exchange.export(everything, tmp_path / "out.jsonl", ExportOptions("native"))
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    specs = [m["entity"] for r in records for m in r["mentions"] if m.get("entity")]
    assert specs == [{"name": "Kyiv", "type": "GPE", "aliases": ["Kiev"], "external_id": "Q1899"}]
    library.exchange.export(everything, tmp_path / "out.spacy", ExportOptions("spacy"))
    import spacy
    from spacy.tokens import DocBin

    docs = list(DocBin().from_disk(tmp_path / "out.spacy").get_docs(spacy.blank("fr").vocab))
    assert {(e.text, e.kb_id_) for d in docs for e in d.ents if e.kb_id_} == {("Kyiv", "Q1899")}
    for source in (tmp_path / "out.jsonl", tmp_path / "brat"):  # read back into new libraries
        other = Library(f"sqlite:///{tmp_path / (source.name + '.sqlite')}")
        try:
            report = other.exchange.import_paths([source])
            assert not report.problems(), report.problems()
            row = other.entities.page()[0]
            assert (row.name, row.external_id, row.aliases) == ("Kyiv", "Q1899", ("Kiev",)), source
        finally:
            other.close()


def test_migration_fills_search_keys_of_older_libraries(tmp_path: Path) -> None:
    from core.storage.db import downgrade_to

    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    old = Library(url)
    downgrade_to(old.engine, "0006")
    old.close()
    with sqlite3.connect(tmp_path / "old.sqlite") as conn:
        conn.execute(
            "INSERT INTO entities (canonical_name, type, aliases, created_at, updated_at) "
            "VALUES ('Kyiv', 'GPE', '[\"Kyïv\", \"Kiev\"]', '2026-01-01', '2026-01-01')"
        )
    library = Library(url)
    try:
        assert [r.name for r in library.entities.proposals("KIEV")] == ["Kyiv"]
        assert library.entities.get(library.entities.page()[0].id).external_id == ""
    finally:
        library.close()
