"""spaCy, CoNLL, Hugging Face and OneIE exports; layers; filters; counted losses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.annotation import article_fields, service
from core.export.run import ExportError, ExportOptions, export
from core.ingest.run import import_text
from core.library import Library
from tests.exporting import read_lines, run_export
from tests.test_native import TEXT, build, gloss
from tests.test_tables import SENTENCE, reference_article


def test_spacy_docbin_loads_with_spans_ents_and_events(library: Library, tmp_path: Path) -> None:
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import DocBin

    first = reference_article(library)
    emoji = import_text(library, "Kyïv 😀🇺🇦 frappée par 𝔐 Russie.").imported[0]["id"]
    with library.session() as s:
        text = service.layer_text(s, emoji, "original")
        at = text.index("Russie")
        service.add_mention(s, emoji, at, at + 6, "GPE")
        service.add_mention(s, emoji, at, at + 3, "ORG", snap_to_words=False)  # inside a token
    out, report = run_export(library, [first, emoji], "spacy", tmp_path)
    docs = list(DocBin().from_disk(out).get_docs(spacy.blank("xx").vocab))
    assert [d.text for d in docs] == [SENTENCE, text]
    ref, other = docs
    assert [(e.text, e.label_) for e in ref.ents] == [("Russia", "GPE"), ("drones", "WEA")]
    assert [(s.text, s.label_) for s in ref.spans["sc"]] == [
        ("Russia", "GPE"), ("launched", "AIR_DRONE_STRIKE"), ("drones", "WEA"),
    ]  # fmt: skip
    [event] = ref.user_data["events"]
    # user_data comes back through msgpack: lists as tuples
    assert event["type"] == "AIR_DRONE_STRIKE" and tuple(event["trigger"]) == (7, 15)
    assert ("Attacker", 0, 6) in map(tuple, event["arguments"])
    assert event["attributes"]["launched"] == 188
    # after emoji and 𝔐 the character offsets still give the words
    assert [(s.start_char, s.text) for s in other.spans["sc"]] == [(at, "Russie"), (at, "Russie")]
    assert report.losses.dropped == {
        "spans not on token boundaries, widened to whole tokens (spacy)": 1
    }
    assert (
        report.losses.skipped[
            "overlapping mentions kept in doc.spans['sc'] but not in doc.ents (spacy)"
        ]
        == 1
    )


def test_conll_bio_on_the_reference_sentence_and_overlaps_counted(
    library: Library, tmp_path: Path
) -> None:
    first = reference_article(library)
    with library.session() as s:
        service.add_mention(s, first, 0, 15, "ORG")  # overlaps Russia: one tag per token
    out, report = run_export(library, [first], "conll", tmp_path)
    assert out.read_text(encoding="utf-8") == (
        "-DOCSTART- -X- -X- O\n\n"
        "Russia -X- _ B-ORG\nlaunched -X- _ I-ORG\n188 -X- _ O\ndrones -X- _ B-WEA\n"
        "overnight -X- _ O\n. -X- _ O\n\n"
    )
    dropped = report.losses.dropped
    assert dropped["overlapping spans (conll keeps one tag per token)"] == 1
    assert dropped["events (conll holds entity mentions only)"] == 1


def test_hf_rows_and_label_list(library: Library, tmp_path: Path) -> None:
    first = reference_article(library)
    out, report = run_export(library, [first], "hf", tmp_path)
    [row] = read_lines(out)
    labels = json.loads(out.with_name("hf-original.labels.json").read_text())
    assert row["id"] == f"{first}-0"
    assert row["tokens"] == ["Russia", "launched", "188", "drones", "overnight", "."]
    assert [labels[t] for t in row["ner_tags"]] == ["B-GPE", "O", "O", "B-WEA", "O", "O"]
    assert labels[0] == "O" and "I-GPE" in labels and "B-PER" in labels
    assert str(out.with_name("hf-original.labels.json")) in report.files


def test_oneie_reference_shape(library: Library, tmp_path: Path) -> None:
    first = reference_article(library)
    out, report = run_export(library, [first], "oneie", tmp_path)
    [sentence] = read_lines(out)
    d = str(first)
    assert sentence == {
        "doc_id": d, "sent_id": f"{d}-0",
        "tokens": ["Russia", "launched", "188", "drones", "overnight", "."],
        "sentence": SENTENCE,
        "entity_mentions": [
            {"id": f"{d}-0-E0", "text": "Russia", "entity_type": "GPE", "start": 0, "end": 1},
            {"id": f"{d}-0-E1", "text": "drones", "entity_type": "WEA", "start": 3, "end": 4},
        ],
        "relation_mentions": [],
        "event_mentions": [{
            "id": f"{d}-0-EV0", "event_type": "AIR_DRONE_STRIKE",
            "trigger": {"text": "launched", "start": 1, "end": 2},
            "arguments": [
                {"entity_id": f"{d}-0-E0", "text": "Russia", "role": "Attacker"},
                {"entity_id": f"{d}-0-E1", "text": "drones", "role": "Instrument"},
            ],
        }],
    }  # fmt: skip
    # launched=188, certainty, claimed_by have no place in OneIE: counted
    assert report.losses.dropped["event attributes (oneie has no place for them)"] == 3


def test_layers_translation_and_parallel(library: Library, tmp_path: Path) -> None:
    article_id = build(library)
    out, report = run_export(library, [article_id], "doccano-seq", tmp_path, side="translation")
    [record] = read_lines(out)
    assert record["text"] == "\n\nRussia launched 188 drones 𝔐 at Kyiv.\n\n"
    [[start, end, label]] = record["label"]
    assert record["text"][start:end] == "Kyiv" and label == "GPE"
    out, report = run_export(library, [article_id], "doccano", tmp_path, side="parallel")
    [pair] = read_lines(out)  # only paragraph 1 has a translation
    assert pair["id"] == f"{article_id}-p1"
    assert pair["text"] == "La Russie a lancé 188 drones 𝔐 contre Kyïv."
    assert pair["translation"]["text"] == "Russia launched 188 drones 𝔐 at Kyiv."
    spans = {
        (e["label"], pair["text"][e["start_offset"] : e["end_offset"]]) for e in pair["entities"]
    }
    assert spans == {("GPE", "Russie"), ("GPE", "Kyïv"), ("AIR_DRONE_STRIKE", "lancé")}
    [t_span] = pair["translation"]["entities"]
    assert pair["translation"]["text"][t_span["start_offset"] : t_span["end_offset"]] == "Kyiv"
    assert len(pair["relations"]) == 2
    out, _report = run_export(library, [article_id], "labelstudio", tmp_path, side="parallel")
    [task] = json.loads(out.read_text())
    assert task["data"]["translation"] == "Russia launched 188 drones 𝔐 at Kyiv."
    assert {r.get("to_name") for r in task["annotations"][0]["result"]} >= {"text", "translation"}
    with pytest.raises(ExportError, match="parallel works with"):
        export(library, [article_id], tmp_path / "x.conll", ExportOptions("conll", "parallel"))
    plain = import_text(library, "Texte sans traduction.").imported[0]["id"]
    _out, report = run_export(library, [plain], "hf", tmp_path, side="translation")
    assert report.records == 0
    assert report.losses.skipped == {"articles with no translation into en": 1}


def test_types_and_annotator_selection(library: Library, tmp_path: Path) -> None:
    article_id = build(library)  # "Russie" is alice's, the rest the default annotator's
    out, _r = run_export(library, [article_id], "doccano-seq", tmp_path, annotator="alice")
    [record] = read_lines(out)
    assert [TEXT[s:e] for s, e, _l in record["label"]] == ["Russie"]
    out, _r = run_export(
        library, [article_id], "native", tmp_path, types=frozenset({"AIR_DRONE_STRIKE"})
    )
    [record] = read_lines(out)
    assert record["mentions"] == [] and [e["type"] for e in record["events"]] == [
        "AIR_DRONE_STRIKE"
    ]
    assert record["events"][0]["arguments"] == []


def test_cli_filters_report_losses_and_refusals(library: Library, tmp_path: Path) -> None:
    db = Path(library.url.removeprefix("sqlite:///"))
    article_id = build(library)
    reference_article(library)
    with library.session() as s:
        article_fields.set_article_field(s, article_id, "status", "done")
    run = gloss(db, "export", "--format", "conll", "-o", str(tmp_path / "d.conll"), "--json",
                "--status", "done")  # fmt: skip
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert (
        report["articles"] == 1
        and report["dropped"]["events (conll holds entity mentions only)"] == 1
    )
    text = gloss(db, "export", "--format", "conll", "-o", str(tmp_path / "e.conll"))
    assert "lost: 2 events (conll holds entity mentions only)" in text.stderr
    dated = gloss(db, "export", "-o", str(tmp_path / "n.jsonl"), "--since", "2030-01-01", "--json")
    assert json.loads(dated.stdout)["articles"] == 0
    bad = gloss(db, "export", "--format", "brat", "--layer", "parallel", "-o", str(tmp_path / "b"))
    assert bad.returncode == 2 and "parallel works with" in bad.stderr
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "thesis.docx").write_text("x")
    refused = gloss(db, "export", "--format", "brat", "-o", str(tmp_path / "mine"))
    assert refused.returncode == 2 and "not a Gloss export" in refused.stderr
    assert (tmp_path / "mine" / "thesis.docx").exists()


def test_cancel_leaves_nothing(library: Library, tmp_path: Path) -> None:
    ids = [reference_article(library, title=f"r{n}") for n in range(1)]
    ids += [import_text(library, f"Article {n} sur Kyïv.").imported[0]["id"] for n in range(120)]
    for fmt in ("native", "hf", "brat"):
        out = tmp_path / f"c-{fmt}"
        seen: list[int] = []
        report = export(
            library, ids, out, ExportOptions(fmt),
            progress=lambda d, _t, seen=seen: seen.append(d), cancelled=lambda: True,
        )  # fmt: skip
        assert report.cancelled and not out.exists()
        assert not list(tmp_path.glob(f"c-{fmt}*"))
        assert seen == [] or seen[0] >= 1


def test_every_format_is_deterministic(library: Library, tmp_path: Path) -> None:
    """The same library exported twice gives the same bytes: datasets diff cleanly."""
    from core.export.formats import FORMATS

    ids = [build(library), reference_article(library)]
    for fmt in FORMATS:
        if fmt == "spacy":
            pytest.importorskip("spacy")
        first, _r = run_export(library, ids, fmt, tmp_path / "one")
        second, _r = run_export(library, ids, fmt, tmp_path / "two")
        paths = sorted(first.iterdir()) if first.is_dir() else [first]
        assert paths, fmt
        for path in paths:
            twin = second / path.name if first.is_dir() else second
            assert path.read_bytes() == twin.read_bytes(), (fmt, path.name)


def test_import_format_can_be_forced(library: Library, tmp_path: Path) -> None:
    db = Path(library.url.removeprefix("sqlite:///"))
    path = tmp_path / "spans.txt"  # a doccano file with an unhelpful name
    path.write_text(json.dumps({"text": "Kyiv was hit.", "label": [[0, 4, "GPE"]]}) + "\n")
    run = gloss(db, "import", str(path), "--format", "doccano", "--json")
    assert run.returncode == 0, run.stderr
    [item] = json.loads(run.stdout)["imported"]
    shown = json.loads(gloss(db, "show", str(item["id"]), "--json").stdout)
    assert shown["text"] == "Kyiv was hit."
    assert [(m["text"], m["label"]) for m in shown["entities"]] == [("Kyiv", "GPE")]


def test_parallel_native_export_gives_the_same_bytes(
    library: Library, tmp_path: Path, monkeypatch
) -> None:
    from core.export import parallel

    ids = [build(library), reference_article(library)]
    ids += [import_text(library, f"Article {n} sur Kyïv 😀.").imported[0]["id"] for n in range(9)]
    sequential, _r = run_export(library, ids, "native", tmp_path / "seq")
    monkeypatch.setattr(parallel, "MIN_ARTICLES", 2)
    monkeypatch.setattr(parallel, "CHUNK", 3)
    monkeypatch.setattr(parallel, "workers", lambda: 2)
    seen: list[int] = []
    out = tmp_path / "par.jsonl"
    report = export(library, ids, out, ExportOptions(), progress=lambda d, _t: seen.append(d))
    assert report.articles == len(ids) and seen[-1] == len(ids)
    assert out.read_bytes() == sequential.read_bytes()
    assert not list(tmp_path.glob(".gloss-export-*"))  # the workers' scratch folder is gone
    stopped = export(library, ids, tmp_path / "stop.jsonl", ExportOptions(), cancelled=lambda: True)
    assert stopped.cancelled and not (tmp_path / "stop.jsonl").exists()
    assert not list(tmp_path.glob("stop.jsonl*")) and not list(tmp_path.glob(".gloss-export-*"))


def test_tags_on_a_translation_edited_later_are_counted_not_misplaced(
    library: Library, tmp_path: Path
) -> None:
    from core.export.views import STALE
    from core.translation.store import set_by_hand

    article_id = build(library)
    with library.session() as s:  # "Kyiv" moves within its paragraph: the tag follows it
        set_by_hand(s, article_id, 1, "en", "Overnight, Russia sent 188 drones 𝔐 at Kyiv.")
    out, report = run_export(library, [article_id], "doccano-seq", tmp_path, side="translation")
    [record] = read_lines(out)
    assert [record["text"][a:b] for a, b, _label in record["label"]] == ["Kyiv"]
    assert STALE not in report.losses.dropped
    with library.session() as s:  # "Kyiv" is gone: flagged for review, counted, not misplaced
        set_by_hand(s, article_id, 1, "en", "Overnight, Russia sent 188 drones 𝔐 at the capital.")
    out, report = run_export(library, [article_id], "doccano-seq", tmp_path, side="translation")
    [record] = read_lines(out)
    assert record["label"] == [] and report.losses.dropped[STALE] == 1


def test_conll_is_read_back_by_spacys_conll_2003_converter(
    library: Library, tmp_path: Path
) -> None:
    """A consumer of the format: `spacy convert -c ner` reads our CoNLL-2003 and finds the
    same entities, also after emoji and 𝔐 (which the token lines carry as they are)."""
    pytest.importorskip("spacy")
    from spacy.training.converters import conll_ner_to_docs

    ids = [reference_article(library), build(library)]
    out, _report = run_export(library, ids, "conll", tmp_path)
    docs = list(conll_ner_to_docs(out.read_text(encoding="utf-8"), n_sents=1000, no_print=True))
    found = [(e.text, e.label_) for d in docs for e in d.ents]
    assert found == [("Russia", "GPE"), ("drones", "WEA"), ("Russie", "GPE"), ("Kyïv", "GPE")]
    assert "😀" in out.read_text(encoding="utf-8") and "𝔐" in out.read_text(encoding="utf-8")
