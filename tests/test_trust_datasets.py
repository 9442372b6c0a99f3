"""Issue 10: datasets in and out lose nothing silently."""

from __future__ import annotations

import json
from pathlib import Path

from core.annotation.history import History
from core.articles import article_detail
from core.export.native import export_lines
from core.ingest.run import import_paths
from core.library import Library
from tests.test_trust_layers import setup, tag


def native_file(library: Library, tmp_path: Path) -> tuple[Path, list[str]]:
    article_id = setup(library)
    history = History(library)
    tag(history, library, article_id, "Kharkiv", "GPE")
    tag(history, library, article_id, "drones", "WEA")
    with library.reading() as s:
        lines = list(export_lines(s))
    return tmp_path / "export.jsonl", lines


def test_native_file_resaved_with_standard_json_spacing_keeps_its_annotations(
    library: Library, tmp_path: Path
) -> None:
    """As found: json.dumps spacing hid the byte pattern and 8 mentions, 4 events went."""
    path, lines = native_file(library, tmp_path)
    resaved = [json.dumps(json.loads(line), indent=None) for line in lines]  # ", " and ": "
    assert '"format": "gloss-native"' in resaved[0]
    path.write_text("\n".join(resaved) + "\n", encoding="utf-8")
    other = Library(f"sqlite:///{tmp_path / 'other.sqlite'}")
    try:
        report = import_paths(other, [path])
        assert not report.failed
        with other.reading() as s:
            detail = article_detail(s, report.imported[0]["id"])
            again = list(export_lines(s))
        assert {m["text"] for m in detail["entities"]} == {"Kharkiv", "drones"}
        assert again == lines
    finally:
        other.close()


def test_unknown_annotated_records_are_refused_unless_text_only_is_asked(
    library: Library, tmp_path: Path
) -> None:
    path = tmp_path / "spans.jsonl"
    record = {"text": "Kyiv was hit overnight.", "spans": [{"start": 0, "end": 4, "label": "GPE"}]}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    report = import_paths(library, [path])
    [failure] = report.failed
    assert "spans" in failure["reason"] and "--format jsonl" in failure["reason"]
    assert not report.imported
    report = import_paths(library, [path], fmt="jsonl")  # the user asks for the text alone
    assert len(report.imported) == 1 and not report.failed


def test_offsets_must_be_whole_numbers_inside_the_text(library: Library, tmp_path: Path) -> None:
    """As found: a negative offset in a native record passed the text check through Python's
    slicing and went on to doccano/brat/Label Studio; a doccano offset `true` was taken as 1."""
    path, lines = native_file(library, tmp_path)
    record = json.loads(lines[0])
    text = (
        record["translations"]["en"][0]["text"] + "\n\n" + record["translations"]["en"][1]["text"]
    )
    bad = json.loads(lines[0])
    bad["mentions"][0]["start"] -= len(text)  # same slice, negative offset
    bad["mentions"][0]["end"] -= len(text)
    path.write_text(json.dumps(bad) + "\n", encoding="utf-8")
    other = Library(f"sqlite:///{tmp_path / 'other.sqlite'}")
    try:
        report = import_paths(other, [path])
        assert not report.imported and "outside the text" in report.failed[0]["reason"]
        doccano = tmp_path / "d.jsonl"
        doccano.write_text(
            json.dumps({"text": "Kyiv was hit.", "label": [[True, 4, "GPE"]]}) + "\n"
        )
        report = import_paths(other, [doccano])
        assert not report.imported and "whole numbers" in report.failed[0]["reason"]
    finally:
        other.close()


def test_label_studio_export_leaves_unannotated_articles_to_do(
    library: Library, tmp_path: Path
) -> None:
    """As found: every task got an annotation, so Label Studio counted 10/10 finished with 7
    empty."""
    from core.annotation.ops import AddMention
    from core.export.run import ExportOptions, export
    from core.ingest.run import import_text

    annotated = setup(library)
    History(library).run(AddMention(annotated, 0, 3, "GPE"))  # "Par", on the original
    empty = import_text(library, "Un article sans annotation, sur Kyiv.", title="Vide").imported[0][
        "id"
    ]
    out = tmp_path / "ls.json"
    export(library, [annotated, empty], out, ExportOptions(format="labelstudio"))
    tasks = {t["data"]["article_id"]: t for t in json.loads(out.read_text(encoding="utf-8"))}
    assert tasks[empty]["annotations"] == []
    assert [len(a["result"]) for a in tasks[annotated]["annotations"]] == [1]


def test_brat_export_never_deletes_the_users_files(library: Library, tmp_path: Path) -> None:
    """As found: exporting into a folder holding only .txt/.ann files removed them
    (my_notes.txt, draft.ann, a hidden .keep.txt)."""
    import pytest

    from core.export.run import ExportError, ExportOptions, export

    article_id = setup(library)
    folder = tmp_path / "articles"
    folder.mkdir()
    mine = {"my_notes.txt": "mes notes", "draft.ann": "T1\tGPE 0 4\tKyiv\n", ".keep.txt": ""}
    for name, content in mine.items():
        (folder / name).write_text(content, encoding="utf-8")
    with pytest.raises(ExportError, match="not a Gloss export"):
        export(library, [article_id], folder, ExportOptions(format="brat"))
    assert {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()} == mine


def test_brat_export_replaces_its_own_earlier_export_and_user_part_files_are_safe(
    library: Library, tmp_path: Path
) -> None:
    from core.export.run import ExportOptions, export

    article_id = setup(library)
    out = tmp_path / "brat"
    export(library, [article_id], out, ExportOptions(format="brat"))
    first = sorted(p.name for p in out.iterdir())
    assert ".gloss-export" in first and "annotation.conf" in first
    (tmp_path / "brat.part").mkdir()  # the user's own folder with that name
    (tmp_path / "brat.part" / "keep.txt").write_text("keep", encoding="utf-8")
    export(library, [article_id], out, ExportOptions(format="brat"))  # replaces its own
    assert sorted(p.name for p in out.iterdir()) == first
    assert (tmp_path / "brat.part" / "keep.txt").read_text(encoding="utf-8") == "keep"
    assert not [p for p in tmp_path.iterdir() if "gloss-old" in p.name or "gloss-part" in p.name]


def test_conllu_export_is_read_by_the_conllu_package(library: Library, tmp_path: Path) -> None:
    """As found: the common readers conllu and pyconll reject the CoNLL-2003 export."""
    import conllu

    from core.annotation.ops import AddMention
    from core.export.run import ExportOptions, export
    from core.ingest.run import import_text

    text = "Kyïv 😀 a été frappée par 𝔐 des drones.\n\nL'armée de l'air ukrainienne a répondu."
    article_id = import_text(library, text, title="T").imported[0]["id"]
    history = History(library)
    with library.reading() as s:
        from core.annotation.service import layer_text

        stored = layer_text(s, article_id, "original")
    for words, label in (("Kyïv", "GPE"), ("drones", "WEA"), ("armée de l'air ukrainienne", "ORG")):
        start = stored.index(words)
        history.run(AddMention(article_id, start, start + len(words), label))
    out = tmp_path / "ner.conllu"
    export(library, [article_id], out, ExportOptions(format="conllu"))
    sentences = conllu.parse(out.read_text(encoding="utf-8"))
    assert [s.metadata["sent_id"] for s in sentences] == [f"{article_id}-1", f"{article_id}-2"]
    found, current, prev_no_space = [], None, False
    for sentence in sentences:
        for token in sentence:
            tag = token["misc"]["NER"]
            if tag.startswith("B-"):
                current = [tag[2:], token["form"]]
                found.append(current)
            elif tag.startswith("I-") and current is not None:
                sep = "" if prev_no_space else " "
                current[1] += sep + token["form"]
            prev_no_space = (token["misc"] or {}).get("SpaceAfter") == "No"
    assert [tuple(f) for f in found] == [
        ("GPE", "Kyïv"),
        ("WEA", "drones"),
        ("ORG", "armée de l'air ukrainienne"),
    ]
    # the sentence text is the tokens joined as SpaceAfter says
    first = sentences[0]
    rebuilt = "".join(
        t["form"] + ("" if (t["misc"] or {}).get("SpaceAfter") == "No" else " ") for t in first
    ).strip()
    assert rebuilt == first.metadata["text"]


LS_TEXT = "Russia launched 188 drones at Kyiv overnight."


def ls_span(rid: str, start: int, end: int, labels: list[str], to_name: str = "text") -> dict:
    return {"id": rid, "from_name": "label", "to_name": to_name, "type": "labels",
            "value": {"start": start, "end": end, "text": LS_TEXT[start:end], "labels": labels}}  # fmt: skip


def imported(library: Library, path: Path) -> tuple[dict, object]:
    """Import ``path``: the article it made, and the report."""
    report = import_paths(library, [path])
    assert not report.failed, report.failed
    with library.reading() as s:
        detail = article_detail(s, report.imported[0]["id"])
    return detail, report


def import_ls(library: Library, tmp_path: Path, tasks: list[dict]) -> tuple[dict, object]:
    path = tmp_path / "project.json"
    path.write_text(json.dumps(tasks), encoding="utf-8")
    return imported(library, path)


def test_label_studio_import_keeps_what_real_projects_hold(
    library: Library, tmp_path: Path
) -> None:
    """As found: predictions as a list of ids failed every task; a Choices or TextArea result
    rejected the whole task; only annotations[0] was read; multi-label regions failed."""
    task = {
        "id": 7,
        "data": {"text": LS_TEXT, "title": "Nuit"},
        "predictions": [1],  # ids, as some exports write them
        "annotations": [
            {"was_cancelled": True, "completed_by": 3, "result": [ls_span("c1", 0, 6, ["ORG"])]},
            {"completed_by": 1, "result": [
                ls_span("a1", 0, 6, ["GPE"]),
                ls_span("a2", 20, 26, ["WEA", "QTY"]),  # multi-label region
                {"id": "ch", "from_name": "sentiment", "to_name": "text", "type": "choices",
                 "value": {"choices": ["relevant"]}},
                {"id": "ta", "from_name": "comment", "to_name": "text", "type": "textarea",
                 "value": {"text": ["check the count"]}},
            ]},
            {"completed_by": {"id": 2, "email": "reviewer@example.org"},
             "result": [ls_span("b1", 30, 34, ["GPE"])]},
        ],
    }  # fmt: skip
    detail, report = import_ls(library, tmp_path, [task])
    spans = sorted((m["text"], m["label"]) for m in detail["entities"])
    assert spans == [("Kyiv", "GPE"), ("Russia", "GPE"), ("drones", "QTY"), ("drones", "WEA")]
    with library.reading() as s:
        from core.storage.models import Annotator, Mention

        owners = {
            m.text: name
            for m, name in s.execute(
                __import__("sqlalchemy")
                .select(Mention, Annotator.name)
                .join(Annotator, Annotator.id == Mention.annotator_id)
            )
        }
    assert owners["Russia"] == "labelstudio-user-1" and owners["Kyiv"] == "reviewer@example.org"
    warnings = " ".join(w["reason"] for w in report.warnings)
    assert "choices" in warnings and "textarea" in warnings and "cancelled" in warnings


def test_label_studio_import_reads_the_text_name_from_the_results(
    library: Library, tmp_path: Path
) -> None:
    """As found: a project whose <Text> is not named "text", or whose data key is not "text",
    failed or dropped every result with a misleading warning."""
    task = {
        "data": {"article_body": LS_TEXT, "meta_info": "x"},
        "annotations": [{"result": [ls_span("r1", 0, 6, ["GPE"], to_name="body")]}],
    }
    detail, report = import_ls(library, tmp_path, [task])
    assert [(m["text"], m["label"]) for m in detail["entities"]] == [("Russia", "GPE")]
    assert not report.warnings


BRAT_TEXT = "Russia launched drones at Kyiv.\nThe air force shot them down."


def import_brat(library: Library, tmp_path: Path, ann: str) -> tuple[dict, object]:
    folder = tmp_path / "brat"
    folder.mkdir(exist_ok=True)
    (folder / "doc.txt").write_text(BRAT_TEXT, encoding="utf-8")
    (folder / "doc.ann").write_text(ann, encoding="utf-8")
    return imported(library, folder)


def test_brat_import_never_widens_a_gapped_span_nor_fails_a_document(
    library: Library, tmp_path: Path
) -> None:
    """As found: `T1 GPE 0 6;16 22` became 0-22 (over other words); an event used as an
    argument failed the whole document; a free-text note became a bogus attribute; an unknown
    attribute was stored without a word."""
    ann = "\n".join([
        "T1\tGPE 0 6;16 22\tRussia drones",
        "T2\tGPE 26 30\tKyiv",
        "T3\tAIR_DRONE_STRIKE 7 15\tlaunched",
        "T4\tINTERCEPTION 46 54\tshot the",
        "E1\tAIR_DRONE_STRIKE:T3 Target:T2",
        "E2\tINTERCEPTION:T4 Attacker:E1",
        "#1\tAnnotatorNotes E1\tvérifier le chiffre avec la source",
        "A1\tNegated E1",
    ]) + "\n"  # fmt: skip
    detail, report = import_brat(library, tmp_path, ann)
    assert [(m["text"], m["label"]) for m in detail["entities"]] == [("Kyiv", "GPE")]
    strike = next(e for e in detail["events"] if e["type"] == "AIR_DRONE_STRIKE")
    assert strike["attributes"].get("notes") == "vérifier le chiffre avec la source"
    assert "vérifier le chiffre avec la source" not in json.dumps(
        [sorted(e["attributes"]) for e in detail["events"]]
    )
    reasons = " ".join(w["reason"] for w in report.warnings)
    assert "discontinuous" in reasons and "T1" in reasons
    assert "not an event" in reasons  # the event argument, left out with a word
    assert "Negated" in reasons


def test_brat_round_trip_keeps_entity_type_and_aliases(library: Library, tmp_path: Path) -> None:
    from core.annotation import entities
    from core.annotation.ops import AddMention, LinkEntity
    from core.export.run import ExportOptions, export
    from core.ingest.run import import_text
    from core.storage.models import Entity

    article_id = import_text(library, BRAT_TEXT, title="T").imported[0]["id"]
    history = History(library)
    kyiv = history.run(AddMention(article_id, 26, 30, "GPE"))
    with library.session() as s:
        entity = entities.create_entity(s, "Kyiv", "GPE", ["Kiev", "Kyïv", "Київ"]).id
    history.run(LinkEntity(kyiv.mention_id, entity))
    out = tmp_path / "out"
    export(library, [article_id], out, ExportOptions(format="brat"))
    other = Library(f"sqlite:///{tmp_path / 'other.sqlite'}")
    try:
        report = import_paths(other, [out])
        assert not report.failed and not report.warnings, (report.failed, report.warnings)
        with other.reading() as s:
            [e] = [(x.canonical_name, x.type, sorted(x.aliases)) for x in s.scalars(
                __import__("sqlalchemy").select(Entity))]  # fmt: skip
    finally:
        other.close()
    assert e == ("Kyiv", "GPE", sorted(["Kiev", "Kyïv", "Київ"]))


# -- a round trip through each foreign format (issue 10, "done when") ------------------------
RICH = "Russia launched 188 drones at the city of Kyiv.\nThe Ukrainian air force\nshot down 76."
FOREIGN = {  # what each format holds: arguments, attributes, entity links
    "brat": (True, True, True),
    "doccano": (True, False, False),
    "doccano-seq": (False, False, False),
    "labelstudio": (True, False, False),
}


def rich_library(library: Library) -> int:
    """Nested spans, two labels on one span, a span across a line end, an event with
    arguments and typed attributes, an entity link."""
    from core.annotation import entities, service
    from core.ingest.run import import_text

    article_id = import_text(library, RICH, title="Rich").imported[0]["id"]
    at = RICH.index
    with library.session() as s:
        russia = service.add_mention(s, article_id, 0, 6, "GPE").id
        city = service.add_mention(s, article_id, at("the city"), at("Kyiv") + 4, "LOC").id
        kyiv = service.add_mention(s, article_id, at("Kyiv"), at("Kyiv") + 4, "GPE").id  # nested
        service.add_mention(s, article_id, at("drones"), at("drones") + 6, "WEA")
        service.add_mention(s, article_id, at("drones"), at("drones") + 6, "QTY")  # two labels
        force = service.add_mention(s, article_id, at("Ukrainian"), at("force") + 5, "ORG")
        across = service.add_mention(s, article_id, at("air force"), at("shot") + 4, "ORG").id
        strike = service.add_event(
            s, article_id, "AIR_DRONE_STRIKE", at("launched"), at("launched") + 8
        ).id
        service.add_argument(s, strike, "Attacker", russia)
        service.add_argument(s, strike, "Target", kyiv)
        service.set_attribute(s, strike, "launched", 188)
        service.set_attribute(s, strike, "certainty", "claimed")
        entities.link_entity(s, kyiv, entities.create_entity(s, "Kyiv", "GPE", ["Kiev"]).id)
        assert force and city and across
    return int(article_id)


def annotations(library: Library) -> dict[str, set]:
    with library.reading() as s:
        [article_id] = [
            a for (a,) in s.execute(__import__("sqlalchemy").text("SELECT id FROM articles"))
        ]
        detail = article_detail(s, article_id)
        from core.storage.models import Entity, Mention

        linked = {
            (m.start, m.end, name)
            for m, name in s.execute(
                __import__("sqlalchemy")
                .select(Mention, Entity.canonical_name)
                .join(Entity, Entity.id == Mention.entity_id)
            )
        }
    spans = {m["id"]: (m["start"], m["end"]) for m in detail["entities"]}
    return {
        "mentions": {(m["start"], m["end"], m["label"], m["text"]) for m in detail["entities"]},
        "events": {
            (e["type"], e["trigger"]["start"], e["trigger"]["end"]) for e in detail["events"]
        },
        "arguments": {
            (e["type"], a["role"], spans[a["mention_id"]])
            for e in detail["events"]
            for a in e["arguments"]
        },
        "attributes": {
            (e["type"], k, json.dumps(v))
            for e in detail["events"]
            for k, v in e["attributes"].items()
        },
        "links": linked,
    }


def test_round_trip_through_each_foreign_format_loses_only_what_it_counts(
    library: Library, tmp_path: Path
) -> None:
    from core.export.formats import suffix
    from core.export.run import ExportOptions, export

    article_id = rich_library(library)
    want = annotations(library)
    assert len(want["mentions"]) == 7 and want["links"] and want["attributes"]
    for fmt, (arguments, attributes, links) in FOREIGN.items():
        out = tmp_path / f"{fmt}{suffix(fmt)}"
        report = export(library, [article_id], out, ExportOptions(format=fmt))
        other = Library(f"sqlite:///{tmp_path / f'{fmt}.sqlite'}")
        try:
            imported = import_paths(other, [out])
            assert not imported.failed, (fmt, imported.failed)
            got = annotations(other)
        finally:
            other.close()
        assert got["mentions"] == want["mentions"], fmt
        assert got["events"] == want["events"], fmt
        dropped = report.to_json()["dropped"]
        for kind, held in (("arguments", arguments), ("attributes", attributes), ("links", links)):
            if held:
                assert got[kind] == want[kind], (fmt, kind)
            else:
                assert not got[kind], (fmt, kind)
                assert any(kind[:-1] in reason for reason in dropped), (fmt, kind, dropped)


def test_half_an_emoji_in_a_datasets_text_keeps_the_record_and_its_spans(
    library: Library, tmp_path: Path
) -> None:
    """As found: a doccano record whose text held a lone surrogate escape ("\\ud83d", an
    emoji cut in two) crashed the whole import with a traceback. Each such half becomes
    U+FFFD, one character for one, so every offset still points at its words."""
    text = "Russia \\ud83d launched 188 drones at Kyiv overnight."
    doccano = tmp_path / "d.jsonl"
    doccano.write_text(
        '{"text": "' + text + '", "label": [[0, 6, "GPE"], [32, 36, "GPE"]], "note": "\\udce9"}\n',
        encoding="utf-8",
    )
    studio = tmp_path / "project.json"
    studio.write_text(
        '[{"id": 1, "data": {"text": "' + text.replace("Kyiv", "Kyïv") + '"}, "annotations": '
        '[{"completed_by": 1, "result": [{"id": "a", "from_name": "label", "to_name": "text", '
        '"type": "labels", "value": {"start": 22, "end": 28, "labels": ["WEA"]}}]}]}]',
        encoding="utf-8",
    )
    for path, spans in (
        (doccano, {("Russia", "GPE"), ("Kyiv", "GPE")}),
        (studio, {("drones", "WEA")}),
    ):
        detail, _report = imported(library, path)
        assert detail["text"].startswith("Russia \ufffd launched")
        assert {(m["text"], m["label"]) for m in detail["entities"]} == spans


def test_json_nested_too_deeply_is_a_named_failure_of_its_line(
    library: Library, tmp_path: Path
) -> None:
    """As found: one line of 100,000 nested brackets crashed the whole import with a
    RecursionError traceback (the file's other lines and the folder's other files with it)."""
    folder = tmp_path / "in"
    folder.mkdir()
    deep = '{"text": "Kyiv was hit.", "label": ' + "[" * 100_000 + "]" * 100_000 + "}"
    good = json.dumps({"text": "Kharkiv was hit too.", "label": [[0, 7, "GPE"]]})
    (folder / "spans.jsonl").write_text(good + "\n" + deep + "\n", encoding="utf-8")
    (folder / "deep.jsonl").write_text(deep + "\n" + good.replace("too", "again") + "\n")
    (folder / "plain.txt").write_text("Titre\n\nUn texte ordinaire.\n", encoding="utf-8")
    for fmt in ("auto", "doccano"):
        other = Library(f"sqlite:///{tmp_path / f'{fmt}.sqlite'}")
        try:
            report = import_paths(other, [folder], fmt=fmt)
        finally:
            other.close()
        reasons = {(Path(f["path"]).name, f["line"]): f["reason"] for f in report.failed}
        assert reasons[("spans.jsonl", 2)] == "malformed JSON: nested too deeply (column 1)"
        assert ("spans.jsonl", 1) not in reasons
        imported = {Path(i["path"]).name for i in report.imported}
        assert "spans.jsonl" in imported and (fmt == "doccano" or "plain.txt" in imported)


def test_a_broken_first_line_does_not_hide_what_the_file_is(
    library: Library, tmp_path: Path
) -> None:
    """As found: a doccano file whose first line was malformed was taken for plain JSON
    Lines (the format was told from line 1 alone), and every other line was imported without
    its spans, silently. The first line that parses tells the format."""
    good = json.dumps({"text": "Kharkiv was hit again.", "label": [[0, 7, "GPE"]]})
    path = tmp_path / "spans.jsonl"
    path.write_text('{"text": "Kyiv was hit.", "label": [[0, 4\n\n' + good + "\n", encoding="utf-8")
    report = import_paths(library, [path])
    assert [(f["line"], f["reason"].split(":")[0]) for f in report.failed] == [
        (1, "malformed JSON")
    ]
    [row] = report.imported
    with library.reading() as s:
        detail = article_detail(s, row["id"])
    assert [(m["text"], m["label"]) for m in detail["entities"]] == [("Kharkiv", "GPE")]


def test_a_json_document_over_many_lines_is_still_one_document(
    library: Library, tmp_path: Path
) -> None:
    """The first line that parses tells JSON Lines whose first line is broken; a pretty-
    printed JSON document is still read whole, even where one of its inner lines is a whole
    object on its own (it is not taken for a line of JSON Lines)."""
    articles = [
        {"title": "Un", "text": "Kyiv was hit overnight.", "meta": {"n": 1}},
        {"title": "Deux", "text": "Kharkiv was hit too.", "meta": {"n": 2}},
    ]
    text = json.dumps({"articles": articles}, indent=2).replace(
        '"meta": {\n        "n": 2\n      }', '"meta":\n{"n": 2}'
    )
    assert '\n{"n": 2}\n' in text  # a line that parses alone
    path = tmp_path / "articles.json"
    path.write_text(text, encoding="utf-8")
    report = import_paths(library, [path])
    assert not report.failed, report.failed
    assert sorted(item["title"] for item in report.imported) == ["Deux", "Un"]
