"""doccano and the ACLED-like event table, on the reference sentence."""

from __future__ import annotations

import csv
import io
import json

from core.annotation import service
from core.articles import article_detail
from core.export.tables import safe_cell
from core.ingest.run import import_text
from core.library import Library
from tests.exporting import read_lines, run_export
from tests.schemas import renamed

SENTENCE = "Russia launched 188 drones overnight."


def reference_article(library: Library, title: str = "Reference") -> int:
    article_id = import_text(library, SENTENCE, title=title).imported[0]["id"]
    with library.session() as s:
        russia = service.add_mention(s, article_id, 0, 6, "GPE").id
        drones = service.add_mention(s, article_id, 20, 26, "WEA").id
        event = service.add_event(s, article_id, "AIR_DRONE_STRIKE", 7, 15).id
        service.add_argument(s, event, "Attacker", russia)
        service.add_argument(s, event, "Instrument", drones)
        service.set_attribute(s, event, "launched", 188)
        service.set_attribute(s, event, "certainty", "claimed")
        service.set_attribute(s, event, "claimed_by", russia)
    return article_id


def test_doccano_relation_and_sequence_modes(library: Library, tmp_path) -> None:
    article_id = reference_article(library)
    [relation] = read_lines(run_export(library, [article_id], "doccano", tmp_path)[0])
    [sequence] = read_lines(run_export(library, [article_id], "doccano-seq", tmp_path)[0])
    assert relation == {
        "id": str(article_id),
        "text": SENTENCE,
        "entities": [
            {"id": 1, "label": "GPE", "start_offset": 0, "end_offset": 6},
            {"id": 2, "label": "AIR_DRONE_STRIKE", "start_offset": 7, "end_offset": 15},
            {"id": 3, "label": "WEA", "start_offset": 20, "end_offset": 26},
        ],
        "relations": [
            {"id": 1, "from_id": 2, "to_id": 1, "type": "Attacker"},
            {"id": 2, "from_id": 2, "to_id": 3, "type": "Instrument"},
        ],
    }
    assert sequence == {
        "id": str(article_id),
        "text": SENTENCE,
        "label": [[0, 6, "GPE"], [7, 15, "AIR_DRONE_STRIKE"], [20, 26, "WEA"]],
    }


def test_event_table_acled_columns_numbers_and_safety(library: Library, tmp_path) -> None:
    first = reference_article(library, title='=HYPERLINK("http://evil")')
    with library.session() as s:
        text = service.layer_text(s, first, "original")
        other = service.add_mention(s, first, 27, 36, "GPE").id  # a second actor, for the join
        event = article_detail(s, first)["events"][0]["id"]
        service.add_argument(s, event, "Attacker", other)
    out, _report = run_export(library, [first], "events-csv", tmp_path)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert text == SENTENCE
    [row] = rows
    assert row["event_type"] == "AIR_DRONE_STRIKE"
    assert row["acled_event_type"] == "Explosions/Remote violence"
    assert row["acled_sub_event_type"] == "Air/drone strike"
    assert row["actor1"] == "Russia; overnight"  # several actors joined by "; "
    assert row["weapon"] == "drones"
    assert (
        row["launched"] == "188" and row["certainty"] == "claimed" and row["claimed_by"] == "Russia"
    )
    assert row["trigger_text"] == "launched" and row["sentence"] == SENTENCE
    assert row["title"] == '\'=HYPERLINK("http://evil")'  # neutralised
    for bad in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
        assert safe_cell(bad).startswith("'")
    assert safe_cell(188) == 188 and safe_cell("Kyiv") == "Kyiv"


def test_brat_offsets_match_the_txt_and_conf_from_schema(library: Library, tmp_path) -> None:
    import subprocess
    import sys

    first = reference_article(library)
    emoji = import_text(library, "Kyïv 😀🇺🇦 frappée,\nselon 𝔐 Kyïv.").imported[0]["id"]
    with library.session() as s:
        text = service.layer_text(s, emoji, "original")
        start = text.index("Kyïv", 3)
        service.add_mention(s, emoji, start, start + 4, "GPE")
        service.add_mention(
            s, emoji, 0, text.index("selon") + 5, "LOC", snap_to_words=False
        )  # crosses a newline
    out, report = run_export(library, [first, emoji], "brat", tmp_path)
    assert report.articles == 2 and out.is_dir()
    for article_id in (first, emoji):
        txt = (out / f"{article_id}.txt").read_text(encoding="utf-8")
        for line in (out / f"{article_id}.ann").read_text(encoding="utf-8").splitlines():
            if line.startswith("T"):
                _tid, middle, surface = line.split("\t")
                pieces = [tuple(map(int, f.split())) for f in middle.split(" ", 1)[1].split(";")]
                assert " ".join(txt[a:b] for a, b in pieces) == surface
    ann = (out / f"{first}.ann").read_text()
    assert "E1\tAIR_DRONE_STRIKE:T2 Attacker:T1 Instrument:T3" in ann
    assert "A1\tCertainty E1 claimed" in ann and "AnnotatorNotes E1\tlaunched=188" in ann
    conf = (out / "annotation.conf").read_text()
    assert "[entities]\nPER\n" in conf and "AIR_DRONE_STRIKE\tAttacker*:" in conf
    assert "Certainty\tArg:<EVENT>, Value:confirmed|claimed|alleged|denied|uncertain" in conf
    cli = subprocess.run(
        [sys.executable, "-m", "core.cli", "--db", library.url, "export", "--format", "brat", "-o", str(tmp_path / "cli")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert cli.returncode == 0 and (tmp_path / "cli" / "annotation.conf").exists()


def test_label_studio_tasks(library: Library, tmp_path) -> None:
    article_id = reference_article(library)
    [task] = json.loads(run_export(library, [article_id], "labelstudio", tmp_path)[0].read_text())
    result = task["annotations"][0]["result"]
    labels = [
        (r["value"]["start"], r["value"]["end"], r["value"]["labels"])
        for r in result
        if r["type"] == "labels"
    ]
    assert labels == [(0, 6, ["GPE"]), (7, 15, ["AIR_DRONE_STRIKE"]), (20, 26, ["WEA"])]
    relations = [(r["from_id"], r["to_id"], r["labels"]) for r in result if r["type"] == "relation"]
    ids = {r["value"]["text"]: r["id"] for r in result if r["type"] == "labels"}
    assert relations == [
        (ids["launched"], ids["Russia"], ["Attacker"]),
        (ids["launched"], ids["drones"], ["Instrument"]),
    ]
    assert task["data"]["text"] == SENTENCE


# -- issue 10.3 and 10.8 ----------------------------------------------------------------------
def test_a_formula_after_a_line_break_is_neutralised_and_the_cell_quoted(
    library: Library, tmp_path
) -> None:
    """As found: a note "vu sur place\\r=cmd|' /C calc'!A0" went out unquoted with a bare CR;
    csv.reader and spreadsheets saw a new row whose first cell started with "="."""
    first = reference_article(library)
    corpus = [
        "vu sur place\r=cmd|' /C calc'!A0",
        "ligne\n+SUM(A1)",
        "fin\r\n@risque",
        "tab\t-1",
        "\t=x",
        'normal, "quoted"; text',
    ]
    with library.session() as s:
        event = article_detail(s, first)["events"][0]["id"]
    rows = []
    for note in corpus:
        with library.session() as s:
            service.set_attribute(s, event, "notes", note)
        out, _report = run_export(library, [first], "events-csv", tmp_path)
        raw = out.read_bytes()
        rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
        assert len(rows) == 2, (note, rows)  # the header and one event: no row was injected
        cell = rows[1][rows[0].index("notes")]
        for line in cell.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            assert not line.startswith(("=", "+", "-", "@", "\t")), (note, cell)
        assert cell.replace("'", "") == note.replace("'", "") or "\t" in note


def test_events_csv_source_is_the_source_and_interception_sides_differ(
    library: Library, tmp_path
) -> None:
    article_id = import_text(
        library, "Ukraine's air force shot down Russian drones.", title="Nuit"
    ).imported[0]["id"]
    with library.session() as s:
        from core.storage.models import Article

        s.get(Article, article_id).source = "Ukrinform"
        ukraine = service.add_mention(s, article_id, 0, 19, "ORG").id
        russia = service.add_mention(s, article_id, 30, 37, "NORP").id
        event = service.add_event(s, article_id, "INTERCEPTION", 20, 29).id
        service.add_argument(s, event, "Defender", ukraine)
        service.add_argument(s, event, "Attacker", russia)
    out, _report = run_export(library, [article_id], "events-csv", tmp_path)
    [row] = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    assert row["source"] == "Ukrinform" and row["title"] == "Nuit"
    assert row["actor1"] == "Ukraine's air force" and row["actor2"] == "Russian"


def test_the_tables_columns_and_brat_attributes_come_from_the_schema(
    library: Library, tmp_path
) -> None:
    """Schemas are data: a schema's own count and choice attributes become the event
    table's count columns and brat's attributes (no attribute name is a column in code)."""
    schema = dict(library.schema.current().body)
    schema["name"] = "with rockets"
    schema["event_attributes"] = [
        *schema["event_attributes"],
        {"key": "rockets", "type": "integer", "min": 0},
        {"key": "confidence", "type": "enum", "values": ["high", "low"]},
    ]
    library.schema.activate(schema)
    article_id = reference_article(library)
    with library.session() as s:
        event = article_detail(s, article_id)["events"][0]["id"]
        service.set_attribute(s, event, "rockets", 3)
        service.set_attribute(s, event, "confidence", "high")
    out, _report = run_export(library, [article_id], "events-csv", tmp_path)
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    header = list(rows[0])
    assert header.index("launched") < header.index("rockets") < header.index("certainty")
    assert rows[0]["rockets"] == "3"
    brat, _report = run_export(library, [article_id], "brat", tmp_path / "brat")
    ann = next(brat.glob("*.ann")).read_text(encoding="utf-8")
    assert "\tConfidence E1 high" in ann  # an enum of this schema: a brat attribute
    assert "AnnotatorNotes E1\trockets=3" in ann


def test_the_tables_dates_certainty_and_sources_come_from_the_schema(
    library: Library, tmp_path
) -> None:
    """Which attribute fills event_date, date_end, date_precision (as ACLED's code),
    certainty, claimed_by and notes is each attribute's ``table_column``: a schema naming
    them otherwise fills the same columns (the columns were read by attribute name)."""
    library.schema.activate(renamed(library.schema.current().body))
    article_id = import_text(library, SENTENCE).imported[0]["id"]
    with library.session() as s:
        russia = service.add_mention(s, article_id, 0, 6, "GPE").id
        event = service.add_event(s, article_id, "AIR_DRONE_STRIKE", 7, 15).id
        values = {"debut": "2024-11-25", "fin": "2024-11-26", "precision_temps": "week",
                  "fiabilite": "claimed", "selon": russia, "remarques": "vu sur place"}  # fmt: skip
        for key, value in values.items():
            service.set_attribute(s, event, key, value)
    out, report = run_export(library, [article_id], "events-csv", tmp_path)
    [row] = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    assert (row["event_date"], row["date_end"], row["date_precision"]) == (
        "2024-11-25", "2024-11-26", "2",
    )  # fmt: skip
    assert (row["certainty"], row["claimed_by"], row["notes"]) == (
        "claimed", "Russia", "vu sur place",
    )  # fmt: skip
    assert not any(key in row for key in values)  # no column of their own
    assert "event attributes with no table column" not in report.losses.dropped
