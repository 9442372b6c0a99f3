"""Core annotation services and undoable operations, on real SQLite files."""

from __future__ import annotations

import pytest

from core.annotation import article_fields, entities, service
from core.annotation.history import History
from core.annotation.ops import (
    AddArgument,
    AddEvent,
    AddMention,
    LinkEntity,
    RemoveEvent,
    RemoveMention,
    SetAttribute,
    SetLabel,
)
from core.articles import article_detail
from core.ingest.run import import_text
from core.library import Library
from core.text.spans import snap
from core.translation.store import set_by_hand

TEXT = "La Russie 😀 a lancé 188 drones contre Kyïv, selon l’armée de l’air ukrainienne."


@pytest.fixture
def article(library: Library) -> int:
    return int(import_text(library, TEXT).imported[0]["id"])


def span(word: str) -> tuple[int, int]:
    start = TEXT.index(word)
    return start, start + len(word)


def detail(library: Library, article_id: int) -> dict:
    with library.session() as s:
        return article_detail(s, article_id)


@pytest.mark.parametrize(
    ("text", "selection", "expected"),
    [
        ("a  Russie  b", "  Russie  ", "Russie"),
        ("a Russie b", "ussi", "Russie"),  # inside a word: widened to the word
        ("vers Kyïv, dit-il", "Kyïv, ", "Kyïv"),
        ("les « 188 » drones", "« 188 »", "188"),
        ("e\u0301te\u0301 😀", "te\u0301", "e\u0301te\u0301"),  # combining accents kept
        ("a    b", "   ", ""),
    ],
)
def test_snap_to_words(text: str, selection: str, expected: str) -> None:
    start = text.index(selection)
    first, last = snap(text, start, start + len(selection))
    assert text[first:last] == expected


def test_mentions_keep_code_point_offsets_after_emoji(library: Library, article: int) -> None:
    history = History(library)
    op = history.run(AddMention(article, *span("Kyïv"), "GPE", annotator="alice"))
    mentions = detail(library, article)["entities"]
    assert mentions == [
        {"id": op.mention_id, "start": TEXT.index("Kyïv"), "end": TEXT.index("Kyïv") + 4,
         "label": "GPE", "text": "Kyïv", "layer": "original", "entity_id": None, "review": ""}
    ]  # fmt: skip
    assert TEXT[mentions[0]["start"] : mentions[0]["end"]] == "Kyïv"


def test_unknown_types_and_empty_spans_are_refused(library: Library, article: int) -> None:
    with library.session() as s, pytest.raises(service.AnnotationError, match="not a type"):
        service.add_mention(s, article, *span("Russie"), "NOT_A_TYPE")
    with library.session() as s, pytest.raises(service.AnnotationError, match="no word"):
        service.add_mention(s, article, 9, 10, "GPE")  # the space before the emoji
    with library.session() as s, pytest.raises(service.AnnotationError, match="outside"):
        service.add_mention(s, article, 0, 10_000, "GPE")


def test_undo_redo_of_every_operation(library: Library, article: int) -> None:
    history = History(library)
    russia = history.run(AddMention(article, *span("Russie"), "GPE"))
    kyiv = history.run(AddMention(article, *span("Kyïv"), "GPE"))
    weapon = history.run(AddMention(article, *span("drones"), "WEA"))
    with library.session() as s:
        entity = entities.create_entity(s, "Kyiv", "GPE", ["Kiev", "Kyïv", "Київ"]).id
    history.run(LinkEntity(kyiv.mention_id, entity))
    history.run(SetLabel(weapon.mention_id, "QTY"))
    event = history.run(AddEvent(article, "AIR_DRONE_STRIKE", *span("lancé")))
    history.run(AddArgument(event.event_id, "Attacker", russia.mention_id))
    history.run(AddArgument(event.event_id, "Target", kyiv.mention_id))
    history.run(SetAttribute(event.event_id, "launched", "188"))
    history.run(SetAttribute(event.event_id, "certainty", "claimed"))
    full = detail(library, article)
    [ev] = full["events"]
    assert ev["trigger"] == {
        "start": TEXT.index("lancé"),
        "end": TEXT.index("lancé") + 5,
        "text": "lancé",
        "layer": "original",
    }
    assert [{k: a[k] for k in ("role", "mention_id")} for a in ev["arguments"]] == [
        {"role": "Attacker", "mention_id": russia.mention_id},
        {"role": "Target", "mention_id": kyiv.mention_id},
    ]
    assert ev["attributes"] == {"launched": 188, "certainty": "claimed"}
    assert {m["label"] for m in full["entities"]} == {"GPE", "QTY"}
    assert next(m for m in full["entities"] if m["text"] == "Kyïv")["entity_id"] == entity

    # Remove a mention that is an argument, then undo: both come back with their ids.
    history.run(RemoveMention(kyiv.mention_id))
    assert [
        {k: a[k] for k in ("role", "mention_id")}
        for a in detail(library, article)["events"][0]["arguments"]
    ] == [{"role": "Attacker", "mention_id": russia.mention_id}]
    history.undo()
    assert detail(library, article) == full
    history.run(RemoveEvent(event.event_id))
    assert detail(library, article)["events"] == []
    history.undo()
    assert detail(library, article) == full

    # Undo everything, then redo everything: the same annotations, the same ids.
    for _ in range(10):
        history.undo()
    emptied = detail(library, article)
    assert emptied["entities"] == [] and emptied["events"] == []
    for _ in range(10):
        history.redo()
    assert detail(library, article) == full


def test_attributes_are_typed(library: Library, article: int) -> None:
    with library.session() as s:
        event = service.add_event(s, article, "INTERCEPTION", *span("lancé")).id
        for bad in ("12.5", "-3", "beaucoup", True):
            with pytest.raises(service.AnnotationError):
                service.set_attribute(s, event, "intercepted", bad)
        with pytest.raises(service.AnnotationError, match="one of"):
            service.set_attribute(s, event, "certainty", "sure")
        with pytest.raises(service.AnnotationError, match="date"):
            service.set_attribute(s, event, "date_start", "26/11/2024")
        with pytest.raises(service.AnnotationError, match="not an event attribute"):
            service.set_attribute(s, event, "colour", "red")
        service.set_attribute(s, event, "intercepted", 76)
        service.set_attribute(s, event, "date_start", "2024-11-26")
        assert service.get_event(s, event).attributes == {
            "intercepted": 76,
            "date_start": "2024-11-26",
        }


def test_argument_of_unsuitable_type_is_flagged(library: Library, article: int) -> None:
    with library.session() as s:
        event = service.add_event(s, article, "AIR_DRONE_STRIKE", *span("lancé")).id
        drones = service.add_mention(s, article, *span("drones"), "WEA").id
        _arg, warnings = service.add_argument(s, event, "Attacker", drones)
        assert warnings and "unusual as Attacker" in warnings[0]
        _arg, fine = service.add_argument(s, event, "Instrument", drones)
        assert fine == []
        with pytest.raises(service.AnnotationError, match="no role"):
            service.add_argument(s, event, "Speaker", drones)


def test_tag_all_occurrences_across_the_library(library: Library) -> None:
    a = import_text(library, "Kyiv a été visée. Les défenses de Kyiv ont tenu.").imported[0]["id"]
    b = import_text(library, "Kyiv and Kyivstar are not the same word.").imported[0]["id"]
    with library.session() as s:
        made = service.tag_all(s, "Kyiv", "GPE")
        assert len(made) == 3
        assert service.tag_all(s, "Kyiv", "GPE") == []  # already tagged
    assert [m["text"] for m in detail(library, a)["entities"]] == ["Kyiv", "Kyiv"]
    assert [m["text"] for m in detail(library, b)["entities"]] == ["Kyiv"]


def test_entities_found_by_any_alias(library: Library) -> None:
    with library.session() as s:
        kyiv = entities.create_entity(s, "Kyiv", "GPE", ["Kiev", "Kyïv"]).id
        assert [e.id for e in entities.find_entities(s, "kyiv")] == [kyiv]
        assert [e.id for e in entities.find_entities(s, "KYIV")] == [kyiv]
        assert [e.id for e in entities.find_entities(s, "Kyïv")] == [kyiv]
        assert entities.find_entities(s, "Kharkiv") == []


def test_mentions_on_the_translation_layer(library: Library, article: int) -> None:
    with library.session() as s:
        set_by_hand(s, article, 0, "en", "Russia 😀 launched 188 drones at Kyiv.")
        text = service.layer_text(s, article, "translation:en")
        start = text.index("Kyiv")
        mention = service.add_mention(s, article, start, start + 4, "GPE", layer="translation:en")
        assert (mention.text, mention.layer) == ("Kyiv", "translation:en")
        with pytest.raises(service.AnnotationError, match="layer"):
            service.layer_text(s, article, "summary")


def test_action_survives_kill_9(tmp_path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import textwrap

    from sqlalchemy import text

    db = tmp_path / "kill.sqlite"
    library = Library(f"sqlite:///{db}")
    article_id = import_text(library, TEXT).imported[0]["id"]
    library.close()
    code = textwrap.dedent(
        f"""
        import sys, time
        from core.library import Library
        from core.annotation.ops import AddMention
        from core.annotation.history import History
        library = Library("sqlite:///{db}")
        history = History(library)
        for n in range(3):
            op = history.run(AddMention({article_id}, {TEXT.index("Russie")}, {TEXT.index("Russie") + 6}, ["GPE", "ORG", "PER"][n]))
            print(op.mention_id, flush=True)  # acknowledged to the user
        time.sleep(60)
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    acknowledged = [int(proc.stdout.readline()) for _ in range(3)]
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    library = Library(f"sqlite:///{db}")
    with library.engine.connect() as conn:
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    ids = [m["id"] for m in detail(library, article_id)["entities"]]
    assert sorted(ids) == sorted(acknowledged)
    library.close()


def test_article_status_notes_labels_undoable(library: Library, article: int) -> None:
    from core.annotation.ops import SetArticleField

    history = History(library)
    history.run(SetArticleField(article, "status", "in progress"))
    history.run(SetArticleField(article, "notes", "Check the count against the ministry."))
    history.run(SetArticleField(article, "labels", ["drones", " record ", "drones"]))
    shown = detail(library, article)
    assert (shown["status"], shown["notes"], shown["labels"]) == (
        "in progress",
        "Check the count against the ministry.",
        ["drones", "record"],
    )
    with library.session() as s, pytest.raises(service.AnnotationError, match="status must be"):
        article_fields.set_article_field(s, article, "status", "finished?")
    for _ in range(3):
        history.undo()
    shown = detail(library, article)
    assert (shown["status"], shown["notes"], shown["labels"]) == ("new", "", [])


def test_tag_all_is_one_undoable_operation(library: Library) -> None:
    from core.annotation.ops import TagAll

    a = import_text(library, "Odessa a été frappée. Le port d'Odessa est fermé.").imported[0]["id"]
    b = import_text(library, "Odessa ships grain again.").imported[0]["id"]
    history = History(library)
    op = history.run(TagAll("Odessa", "GPE", [a]))
    assert len(op.made) == 2  # "d'Odessa": the apostrophe ends the word before it
    history.undo()
    assert detail(library, a)["entities"] == []
    everywhere = history.run(TagAll("Odessa", "GPE"))
    assert len(everywhere.made) == 3
    assert [m["text"] for m in detail(library, b)["entities"]] == ["Odessa"]


def test_schema_change_keeps_annotations_and_remaps(
    library: Library, article: int, tmp_path
) -> None:
    import json

    from core.annotation import schema as schemas
    from core.annotation.ops import Remap

    history = History(library)
    history.run(AddMention(article, *span("Kyïv"), "GPE"))
    history.run(AddEvent(article, "AIR_DRONE_STRIKE", *span("lancé")))
    with library.session() as s:
        schemas.save_file(s, tmp_path / "mine.json")
    body = json.loads((tmp_path / "mine.json").read_text())
    body["name"] = "My schema"
    body["entity_types"] = [t for t in body["entity_types"] if t["key"] != "GPE"]
    body["entity_types"].append(
        {"key": "PLACE", "name": "Place", "color": "#123456", "shortcut": "l"}
    )
    body["event_types"] = [t for t in body["event_types"] if t["key"] != "AIR_DRONE_STRIKE"]
    (tmp_path / "mine.json").write_text(json.dumps(body))
    with library.session() as s:
        schemas.activate(s, schemas.load_file(tmp_path / "mine.json"))
        assert schemas.unknown_types(s) == {"GPE": 1, "AIR_DRONE_STRIKE": 1}
    shown = detail(library, article)
    assert [m["label"] for m in shown["entities"]] == ["GPE"]  # nothing deleted
    assert [e["type"] for e in shown["events"]] == ["AIR_DRONE_STRIKE"]
    history.run(Remap("GPE", "PLACE"))
    with library.session() as s:
        assert schemas.unknown_types(s) == {"AIR_DRONE_STRIKE": 1}
    assert detail(library, article)["entities"][0]["label"] == "PLACE"
    history.undo()
    assert detail(library, article)["entities"][0]["label"] == "GPE"
    with pytest.raises(schemas.SchemaError, match="duplicate"):
        schemas.validate({"entity_types": [{"key": "A"}, {"key": "A"}], "event_types": []})
    with pytest.raises(schemas.SchemaError, match="keys used by more than one"):
        schemas.validate(
            {
                "entity_types": [{"key": "A", "shortcut": "p"}],
                "event_types": [{"key": "B", "shortcut": "P"}],
            }
        )


def test_date_parts_are_checked_when_a_schema_is_loaded() -> None:
    """An event's dates go where the schema says (``date_part``): an unknown part, or two
    attributes receiving the same part, is refused with its name."""
    import copy

    from core.annotation import schema as schemas

    body = schemas.load_file(schemas.default_schema_path())
    assert schemas.validate(copy.deepcopy(body))  # the shipped one is valid
    wrong = copy.deepcopy(body)
    wrong["event_attributes"][0]["date_part"] = "middle"
    with pytest.raises(schemas.SchemaError, match="launched: date_part 'middle'"):
        schemas.validate(wrong)
    twice = copy.deepcopy(body)
    twice["event_attributes"][0]["date_part"] = "start"  # date_start receives it already
    with pytest.raises(schemas.SchemaError, match="the same part of a date"):
        schemas.validate(twice)
    unknown = copy.deepcopy(body)
    unknown["event_types"][0]["roles"][0]["function"] = "villain"
    with pytest.raises(schemas.SchemaError, match="Attacker of AIR_DRONE_STRIKE has the funct"):
        schemas.validate(unknown)


def test_the_reporter_attributes_are_checked_when_a_schema_is_loaded() -> None:
    """Who reported an event goes to one tag-valued attribute (``reporter``), and a reported
    event's value (``reported_value``) must be one of its choices; else refused, named."""
    import copy

    from core.annotation import schema as schemas
    from core.annotation.types import Schema

    body = schemas.load_file(schemas.default_schema_path())
    shipped = Schema.of(body)
    assert shipped.reporter_key == "claimed_by"
    assert shipped.reported_values == (("certainty", "claimed"),)
    keys = [a["key"] for a in body["event_attributes"]]
    launched, certainty = keys.index("launched"), keys.index("certainty")
    counted = copy.deepcopy(body)
    counted["event_attributes"][launched]["reporter"] = True
    with pytest.raises(schemas.SchemaError, match="launched: only a tag"):
        schemas.validate(counted)
    two = copy.deepcopy(body)
    two["event_attributes"].append({"key": "source2", "type": "mention", "reporter": True})
    with pytest.raises(schemas.SchemaError, match="two event attributes receive the reporter"):
        schemas.validate(two)
    unknown = copy.deepcopy(body)
    unknown["event_attributes"][certainty]["reported_value"] = "rumoured"
    with pytest.raises(schemas.SchemaError, match="certainty: reported_value 'rumoured'"):
        schemas.validate(unknown)


def test_linking_by_name_is_undone_whole(library: Library, article: int) -> None:
    """As found: linking added an alias or made an entity outside any operation, so undo
    left them behind (and the CLI could not link). Both halves are service calls now."""
    from core.annotation.ops import LinkByName

    history = History(library)
    kyiv = history.run(AddMention(article, *span("Kyïv"), "GPE"))
    made = history.run(LinkByName(kyiv.mention_id, "Kyiv"))
    assert made.linked is not None and made.linked.created
    [entity] = library.entities.find("kyiv")
    assert entity["name"] == "Kyiv" and entity["aliases"] == ["Kyïv"]
    history.undo()
    assert library.entities.find("kyiv") == []
    assert detail(library, article)["entities"][0]["entity_id"] is None
    history.redo()
    [entity] = library.entities.find("kyiv")
    # Another tag linked to the existing entity by one of its names: its words become an
    # alias, and undo takes the alias back but keeps the entity (the first tag uses it).
    russia = history.run(AddMention(article, *span("Russie"), "GPE"))
    history.run(LinkByName(russia.mention_id, "kyïv"))
    assert library.entities.find("Kyiv")[0]["aliases"] == ["Kyïv", "Russie"]
    history.undo()
    assert library.entities.find("Kyiv") == [{**entity, "aliases": ["Kyïv"]}]


def test_every_shipped_schema_reads_typed_as_its_json_says() -> None:
    import json

    import resources
    from core.annotation.types import Schema

    folder = resources.path("schemas")
    shipped = sorted(folder.glob("*.json"))
    assert shipped
    for path in shipped:
        body = json.loads(path.read_text(encoding="utf-8"))
        schema = Schema.of(body)
        assert [t.key for t in schema.entity_types] == [t["key"] for t in body["entity_types"]]
        for typed, raw in zip(schema.event_types, body["event_types"], strict=True):
            assert typed.key == raw["key"] and typed.color == raw.get("color", typed.color)
            assert [(r.name, list(r.entity_types), r.when) for r in typed.roles] == [
                (r["name"], list(r.get("entity_types") or []), bool(r.get("when")))
                for r in raw.get("roles", [])
            ]
        assert [(a.key, a.kind, a.table_column, a.date_part) for a in schema.attributes] == [
            (a["key"], a.get("type", "text"), a.get("table_column", ""), a.get("date_part", ""))
            for a in body.get("event_attributes", [])
        ]
        assert list(schema.statuses) == list(body.get("document_statuses") or [])


def test_an_argument_changes_role_or_goes_and_comes_back(library: Library, article: int) -> None:
    from core.annotation.ops import RemoveArgument, SetRole

    history = History(library)
    russia = history.run(AddMention(article, *span("Russie"), "GPE"))
    event = history.run(AddEvent(article, "AIR_DRONE_STRIKE", *span("lancé")))
    argument = history.run(AddArgument(event.event_id, "Attacker", russia.mention_id))

    def roles() -> list[str]:
        return [a["role"] for a in library.articles.events(article)[0]["arguments"]]

    changed = history.run(SetRole(argument.argument_id, "Target"))
    assert roles() == ["Target"] and changed.old == "Attacker" and changed.warnings == []
    with pytest.raises(service.AnnotationError):
        history.run(SetRole(argument.argument_id, "Nonsense"))
    history.run(RemoveArgument(argument.argument_id))
    assert roles() == []
    history.undo()
    assert roles() == ["Target"]
    assert library.articles.events(article)[0]["arguments"][0]["id"] == argument.argument_id
    history.undo()
    assert roles() == ["Attacker"]


def test_what_a_unit_of_work_remembers_goes_with_a_rolled_back_savepoint(
    library: Library, article: int
) -> None:
    """The annotator ids and the typed schema a unit of work keeps (one lookup per accepted
    article, not per tag) are forgotten when a savepoint rolls back: an annotator created in
    it is gone, so a tag made after it must not point at the vanished row."""
    from core.storage.models import Annotator, Mention

    with library.session() as s:
        with pytest.raises(RuntimeError), s.begin_nested():
            service.annotator_id(s, "newcomer")
            raise RuntimeError("the batch failed")
        mention = service.add_mention(s, article, *span("Russie"), "GPE", annotator="newcomer")
        stored = s.get(Mention, mention.id)
        assert stored is not None
        assert s.get(Annotator, stored.annotator_id) is not None
    with library.reading() as s:
        who = s.get(Annotator, s.get(Mention, mention.id).annotator_id)
        assert who is not None and who.name == "newcomer"


def test_what_a_unit_of_work_remembers_outlives_its_flushes(library: Library, article: int) -> None:
    """As measured: forgetting at every flush (each ends an inner transaction) parsed the
    schema again for every tag and argument, and pre-annotation stored a third slower."""
    with library.session() as s:
        typed = service.typed_schema(s)
        service.add_mention(s, article, *span("Russie"), "GPE")
        s.flush()
        assert service.typed_schema(s) is typed
        assert "gloss.annotators" in s.info
        with s.begin_nested():
            service.add_mention(s, article, *span("Kyïv"), "GPE")
        assert service.typed_schema(s) is not typed  # a savepoint ended: read again
