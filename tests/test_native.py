"""Native JSONL: export, import into a new library, export again: byte-identical."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from pathlib import Path

from core.annotation import article_fields, entities, service
from core.ingest.run import import_paths, import_text
from core.library import Library
from core.translation.store import set_by_hand
from tests.exporting import round_trip_property

TEXT = "Kyïv 😀🇺🇦, mardi 26 novembre 2024.\n\nLa Russie a lancé 188 drones 𝔐 contre Kyïv.\n\nFin."


def build(library: Library) -> int:
    article_id = import_text(library, TEXT, title="Essai").imported[0]["id"]
    with library.session() as s:
        set_by_hand(s, article_id, 1, "en", "Russia launched 188 drones 𝔐 at Kyiv.")
        kyiv = entities.create_entity(s, "Kyiv", "GPE", ["Kiev", "Kyïv"]).id
        second = TEXT.index("Kyïv", 10)
        m_kyiv = service.add_mention(s, article_id, second, second + 4, "GPE")
        entities.link_entity(s, m_kyiv.id, kyiv)
        russia = TEXT.index("Russie")
        m_russia = service.add_mention(s, article_id, russia, russia + 6, "GPE", annotator="alice")
        layer = service.layer_text(s, article_id, "translation:en")
        service.add_mention(
            s,
            article_id,
            layer.index("Kyiv"),
            layer.index("Kyiv") + 4,
            "GPE",
            layer="translation:en",
        )
        trigger = TEXT.index("lancé")
        event = service.add_event(s, article_id, "AIR_DRONE_STRIKE", trigger, trigger + 5).id
        service.add_argument(s, event, "Attacker", m_russia.id)
        service.add_argument(s, event, "Target", m_kyiv.id)
        service.set_attribute(s, event, "launched", 188)
        service.set_attribute(s, event, "claimed_by", m_russia.id)
        article_fields.set_article_field(s, article_id, "status", "done")
        article_fields.set_article_field(s, article_id, "labels", ["drones"])
    return article_id


def gloss(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "core.cli", "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_export_import_export_is_byte_identical(tmp_path: Path) -> None:
    first_db, second_db = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    library = Library(f"sqlite:///{first_db}")
    build(library)
    import_text(library, "Un second article, sans annotation.")
    library.close()
    first, second = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert gloss(first_db, "export", "--format", "native", "-o", str(first)).returncode == 0
    imported = gloss(second_db, "import", str(first), "--json")
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout)["counts"]["imported"] == 2
    assert gloss(second_db, "export", "-o", str(second)).returncode == 0
    assert first.read_bytes() == second.read_bytes()
    record = json.loads(first.read_text().splitlines()[0])
    by_id = {m["id"]: m for m in record["mentions"]}
    assert (by_id["m1"]["text"], by_id["m2"]["text"]) == ("Russie", "Kyïv")  # in text order
    assert by_id["m2"]["entity"] == {"name": "Kyiv", "type": "GPE", "aliases": ["Kiev", "Kyïv"]}
    assert by_id["m1"]["annotator"] == "alice"
    assert record["events"][0]["attributes"] == {"claimed_by": "m1", "launched": 188}
    assert [(a["role"], a["mention"]) for a in record["events"][0]["arguments"]] == [
        ("Attacker", "m1"),
        ("Target", "m2"),
    ]
    assert {m["layer"] for m in record["mentions"]} == {"original", "translation:en"}
    for m in record["mentions"]:
        if m["layer"] == "original":
            assert record["text"][m["start"] : m["end"]] == m["text"]
    # Every line is valid against the documented JSON Schema.
    import jsonschema

    schema = json.loads((Path(__file__).parents[1] / "docs" / "native.schema.json").read_text())
    for line in first.read_text().splitlines():
        jsonschema.validate(json.loads(line), schema)
    # Importing the same file again: every article is a duplicate.
    again = json.loads(gloss(second_db, "import", str(first), "--json").stdout)
    assert again["counts"]["duplicates"] == 2


def test_bad_native_records_are_named(tmp_path: Path, library: Library) -> None:
    good = {
        "format": "gloss-native",
        "version": 1,
        "text": "Un texte.",
        "paragraphs": [{"index": 0, "start": 0, "end": 9, "language": "fr", "boilerplate": False}],
    }
    broken = dict(
        good,
        text="Autre texte.",
        paragraphs=[{"index": 0, "start": 0, "end": 99, "language": "fr", "boilerplate": False}],
    )
    path = tmp_path / "data.jsonl"
    path.write_text(
        "\n".join(
            [
                json.dumps(good, separators=(",", ":")),
                "{oops",
                json.dumps(broken, separators=(",", ":")),
            ]
        )
        + "\n"
    )
    report = import_paths(library, [path])
    assert len(report.imported) == 1
    assert [(f["line"], f["reason"].split(":")[0]) for f in report.failed] == [
        (2, "malformed JSON"),
        (3, "not a valid Gloss record"),
    ]


def test_property_random_unicode_and_spans_round_trip(tmp_path_factory) -> None:
    from core.export.native import export_lines

    @round_trip_property()
    def round_trip(text: str, spans: list[tuple[int, int]]) -> None:
        if not text.strip():
            return
        work = tmp_path_factory.mktemp("rt")
        one = Library(f"sqlite:///{work / 'one.sqlite'}")
        report = import_text(one, text)
        if not report.imported:
            return
        article_id = report.imported[0]["id"]
        stored = service.layer_text  # the stored text (newlines normalised on import)
        with one.session() as s:
            body = stored(s, article_id, "original")
            for start, length in spans:
                start = min(start, len(body) - 1)
                end = min(len(body), start + length)
                with contextlib.suppress(service.AnnotationError):
                    service.add_mention(s, article_id, start, end, "GPE", snap_to_words=False)
            first = list(export_lines(s))
        path = work / "one.jsonl"
        path.write_text("\n".join(first) + "\n", encoding="utf-8")
        two = Library(f"sqlite:///{work / 'two.sqlite'}")
        assert not import_paths(two, [path], fmt="native").failed
        with two.session() as s:
            assert list(export_lines(s)) == first
        one.close()
        two.close()

    round_trip()
