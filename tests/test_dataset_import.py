"""Import of doccano, Label Studio and brat datasets: detection, round trips, bad input."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path
from typing import Any

from core.annotation import service
from core.articles import article_detail
from core.ingest.run import import_paths, import_text
from core.library import Library
from tests.exporting import round_trip_property, run_export
from tests.test_native import build
from tests.test_tables import reference_article


def annotations(library: Library, article_id: int, events: bool = True) -> dict[str, Any]:
    """The original layer's annotations, by text position (ids differ between libraries)."""
    with library.session() as s:
        detail = article_detail(s, article_id)
    mentions = {m["id"]: m for m in detail["entities"] if m["layer"] == "original"}
    out: dict[str, Any] = {
        "text": detail["text"],
        "mentions": sorted((m["start"], m["end"], m["label"]) for m in mentions.values()),
    }
    if events:
        out["events"] = sorted(
            (
                e["type"], e["trigger"]["start"], e["trigger"]["end"],
                tuple(sorted(
                    (a["role"], mentions[a["mention_id"]]["start"], mentions[a["mention_id"]]["end"])
                    for a in e["arguments"]
                )),
            )
            for e in detail["events"] if e["trigger"]["layer"] == "original"
        )  # fmt: skip
    return out


def source_library(library: Library) -> list[int]:
    first = reference_article(library)
    emoji = import_text(library, "Kyïv 😀🇺🇦 frappée,\nselon 𝔐 la Russie: 12 drones.").imported[0][
        "id"
    ]
    with library.session() as s:
        text = service.layer_text(s, emoji, "original")
        at = text.index("Russie")
        russia = service.add_mention(s, emoji, at, at + 6, "GPE").id
        service.add_mention(s, emoji, 0, 4, "GPE")
        event = service.add_event(
            s, emoji, "AIR_DRONE_STRIKE", text.index("frappée"), text.index("frappée") + 7
        ).id
        service.add_argument(s, event, "Attacker", russia)
    return [first, emoji, build(library)]


def imported(tmp_path: Path, path: Path, name: str, fmt: str = "auto") -> tuple[Library, Any]:
    target = Library(f"sqlite:///{tmp_path / (name + '.sqlite')}")
    report = import_paths(target, [path], fmt=fmt)
    return target, report


def test_doccano_both_modes_round_trip(library: Library, tmp_path: Path) -> None:
    ids = source_library(library)
    for fmt, with_arguments in (("doccano", True), ("doccano-seq", False)):
        out, _r = run_export(library, ids, fmt, tmp_path)
        target, report = imported(tmp_path, out, fmt)  # detected, not named
        assert not report.failed and len(report.imported) == len(ids)
        for source_id, item in zip(ids, report.imported, strict=True):
            want = annotations(library, source_id)
            got = annotations(target, item["id"])
            if not with_arguments:  # sequence mode keeps triggers, not arguments
                want["events"] = [(t, s, e, ()) for t, s, e, _a in want["events"]]
            assert got == want


def test_label_studio_round_trip(library: Library, tmp_path: Path) -> None:
    ids = source_library(library)
    out, _r = run_export(library, ids, "labelstudio", tmp_path)
    target, report = imported(tmp_path, out, "ls")
    assert not report.failed and len(report.imported) == len(ids)
    for source_id, item in zip(ids, report.imported, strict=True):
        assert annotations(target, item["id"]) == annotations(library, source_id)


def test_brat_folder_round_trip_with_attributes_and_links(library: Library, tmp_path: Path) -> None:
    ids = source_library(library)
    out, _r = run_export(library, ids, "brat", tmp_path)
    target, report = imported(tmp_path, out, "brat")  # a folder of .txt/.ann pairs
    assert not report.failed and len(report.imported) == len(ids), report.failed
    assert not report.ignored  # annotation.conf is part of the folder, not a stray file
    for source_id, item in zip(ids, report.imported, strict=True):
        assert annotations(target, item["id"]) == annotations(library, source_id)
    with library.session() as s:
        want = article_detail(s, ids[0])["events"][0]["attributes"]
    with target.session() as s:
        detail = article_detail(s, report.imported[0]["id"])
    got = detail["events"][0]["attributes"]
    claimed = {m["id"]: m["text"] for m in detail["entities"]}[got.pop("claimed_by")]
    assert claimed == "Russia" and got == {k: v for k, v in want.items() if k != "claimed_by"}
    with target.session() as s:  # the entity link survives as a note
        kyiv = [
            m for m in article_detail(s, report.imported[2]["id"])["entities"] if m["entity_id"]
        ]
    assert [m["text"] for m in kyiv] == ["Kyïv"]


def test_bad_dataset_records_are_named_and_harm_nothing(library: Library, tmp_path: Path) -> None:
    lines = [
        {"text": "Kyiv was hit.", "label": [[0, 4, "GPE"]]},
        {"text": "Short.", "label": [[0, 99, "GPE"]]},
        {"text": "No label type.", "label": [[0, 2, ""]]},
        {"text": "Kharkiv too.", "entities": [{"id": 1, "label": "GPE", "start_offset": 0, "end_offset": 7}],
         "relations": [{"id": 1, "from_id": 1, "to_id": 9, "type": "Target"}]},
    ]  # fmt: skip
    path = tmp_path / "d.jsonl"
    path.write_text("\n".join([json.dumps(lines[0]), "{oops", *map(json.dumps, lines[1:])]) + "\n")
    ls = tmp_path / "tasks.json"
    ls.write_text(json.dumps([
        {"data": {"text": "Odesa."}, "annotations": [{"result": [
            {"id": "a", "type": "labels", "value": {"start": 0, "end": 5, "labels": ["GPE"]}}]}]},
        {"data": {"nothing": 1}, "annotations": []},
    ]))  # fmt: skip
    brat = tmp_path / "brat"
    brat.mkdir()
    (brat / "1.txt").write_text("Lviv calm.")
    (brat / "1.ann").write_text("T1\tGPE 0 4\tLviv\n")
    (brat / "2.txt").write_text("Dnipro.")
    (brat / "2.ann").write_text("T1\tGPE zero four\tDnipro\n")
    (brat / "3.ann").write_text("T1\tGPE 0 4\tLost\n")
    report = import_paths(library, [path, ls, brat])
    assert sorted(i["title"] for i in report.imported) == ["Kyiv was hit.", "Lviv calm.", "Odesa."]
    failed = {(Path(f["path"]).name, f["line"]): f["reason"] for f in report.failed}
    assert failed[("d.jsonl", 2)].startswith("malformed JSON")
    assert failed[("d.jsonl", 3)] == "label 1: [0, 99) lies outside the text (6 characters)"
    assert failed[("d.jsonl", 4)] == "label 1: the label is missing"
    assert failed[("d.jsonl", 5)] == "relation 1: no span with id 9"
    assert failed[("tasks.json", 2)] == "task: the record has no text"
    assert "not a brat annotation line" in failed[("2.ann", None)]
    assert failed[("3.ann", None)] == "not a brat document: no 3.txt beside 3.ann"
    db = library.url.removeprefix("sqlite:///")
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_property_random_unicode_doccano_round_trip(tmp_path_factory) -> None:
    from hypothesis import strategies as st

    @round_trip_property(label=st.sampled_from(["GPE", "PER", "AIR_DRONE_STRIKE"]))
    def round_trip(text: str, spans: list[tuple[int, int, str]]) -> None:
        if not text.strip():
            return
        work = tmp_path_factory.mktemp("dt")
        one = Library(f"sqlite:///{work / 'one.sqlite'}")
        report = import_text(one, text)
        if not report.imported:
            return
        article_id = report.imported[0]["id"]
        with one.session() as s:
            body = service.layer_text(s, article_id, "original")
            for start, length, label in spans:
                start = min(start, len(body) - 1)
                end = min(len(body), start + length)
                with contextlib.suppress(service.AnnotationError):
                    if label == "AIR_DRONE_STRIKE":
                        service.add_event(s, article_id, label, start, end)
                    else:
                        service.add_mention(s, article_id, start, end, label, snap_to_words=False)
        out, _r = run_export(one, [article_id], "doccano", work)
        two, report = imported(work, out, "two")
        assert not report.failed, report.failed
        assert annotations(two, report.imported[0]["id"]) == annotations(one, article_id)
        one.close()
        two.close()

    round_trip()


def test_parallel_exports_import_the_original_and_say_what_is_left(
    library: Library, tmp_path: Path
) -> None:
    article_id = build(library)
    for fmt in ("doccano", "labelstudio"):
        out, _r = run_export(library, [article_id], fmt, tmp_path, side="parallel")
        target, report = imported(tmp_path, out, f"par-{fmt}")
        assert not report.failed and len(report.imported) == 1
        [warning] = report.warnings
        assert "native format keeps both layers" in warning["reason"]
        got = annotations(target, report.imported[0]["id"])
        assert got["text"] == "La Russie a lancé 188 drones 𝔐 contre Kyïv."
        assert [label for _s, _e, label in got["mentions"]] == ["GPE", "GPE"]
        assert [(t, len(a)) for t, _s, _e, a in got["events"]] == [("AIR_DRONE_STRIKE", 2)]


def test_tag_valued_attributes_come_back_as_tags(library: Library, tmp_path: Path) -> None:
    """claimed_by and a count's evidence point at tags: brat and native carry them as tag
    references, read back as the new library's tags (not numbers that meant other ids)."""
    ids = source_library(library)
    with library.session() as s:  # the count of the third article read from its words
        text = service.layer_text(s, ids[2], "original")
        at = text.index("188 drones")
        quantity = service.add_mention(s, ids[2], at, at + 10, "QTY").id
        event = article_detail(s, ids[2])["events"][0]["id"]
        service.set_attribute(s, event, "launched_evidence", quantity)

    def linked(lib: Library, article_id: int) -> dict[str, Any]:
        with lib.session() as s:
            detail = article_detail(s, article_id)
        words = {m["id"]: m["text"] for m in detail["entities"]}
        [event] = detail["events"]
        kinds = lib.schema.current().mention_keys
        return {k: (words[v] if k in kinds else v) for k, v in event["attributes"].items()}

    want = linked(library, ids[2])
    assert want["launched_evidence"] == "188 drones" and want["claimed_by"] == "Russie"
    for fmt in ("brat", "native"):
        out, _r = run_export(library, ids, fmt, tmp_path)
        target, report = imported(tmp_path, out, f"links-{fmt}")
        assert not report.failed, report.failed
        assert linked(target, report.imported[2]["id"]) == want, fmt
