"""Issue 9.3: the schema editor changes only what the user changed."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.annotation.schema import SchemaError, validate
from gui.dialogs.schema_editor import SchemaEditor

SCHEMAS = sorted((Path(__file__).parents[1] / "resources" / "schemas").glob("*.json"))


def cell(editor: SchemaEditor, table, key: str, column: str):
    columns = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    for r in range(table.rowCount()):
        if table.item(r, 0).text() == key:
            return table.item(r, columns.index(column))
    raise KeyError(key)


@pytest.mark.parametrize("path", SCHEMAS, ids=[p.name for p in SCHEMAS])
def test_saving_a_shipped_schema_unchanged_gives_identical_json(qtbot, path: Path) -> None:
    """As found: saving dropped every role's table_column (events-csv lost its columns)."""
    body = json.loads(path.read_text(encoding="utf-8"))
    editor = SchemaEditor(copy.deepcopy(body))
    qtbot.addWidget(editor)
    assert json.dumps(editor.result_body(), sort_keys=True) == json.dumps(body, sort_keys=True)


def test_one_change_changes_only_that(qtbot) -> None:
    body = json.loads(SCHEMAS[0].read_text(encoding="utf-8"))
    editor = SchemaEditor(copy.deepcopy(body))
    qtbot.addWidget(editor)
    event = body["event_types"][0]
    roles = cell(editor, editor.events, event["key"], "roles")
    first = event["roles"][0]
    roles.setText(roles.text().replace(f"{first['name']}: ", f"{first['name']}: WEA ", 1))
    cell(editor, editor.entities, "GPE", "name").setText("Pays, ville")
    result = editor.result_body()
    expected = copy.deepcopy(body)
    expected["event_types"][0]["roles"][0]["entity_types"] = ["WEA", *first["entity_types"]]
    next(t for t in expected["entity_types"] if t["key"] == "GPE")["name"] = "Pays, ville"
    assert result == expected
    assert result["event_types"][0]["roles"][0]["table_column"] == first["table_column"]


def test_bad_colour_is_refused_and_named(qtbot, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    body = json.loads(SCHEMAS[0].read_text(encoding="utf-8"))
    editor = SchemaEditor(body)
    qtbot.addWidget(editor)
    cell(editor, editor.entities, "GPE", "color").setText("notacolour")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    editor._save()
    assert editor.result() != SchemaEditor.DialogCode.Accepted
    assert shown and "GPE" in shown[0] and "notacolour" in shown[0]
    assert editor.bad_colours() == ["GPE: “notacolour”"]
    cell(editor, editor.entities, "GPE", "color").setText("#12ab34")
    assert editor.bad_colours() == []
    assert cell(editor, editor.entities, "GPE", "color").background().color().name() == "#12ab34"


def test_key_clash_names_the_types() -> None:
    body = json.loads(SCHEMAS[0].read_text(encoding="utf-8"))
    body["entity_types"][1]["shortcut"] = body["entity_types"][0]["shortcut"]
    first, second = body["entity_types"][0]["key"], body["entity_types"][1]["key"]
    with pytest.raises(SchemaError, match=rf"\({first}, {second}\)"):
        validate(body)


TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=12).map(str.strip)
ROLE = st.fixed_dictionaries(
    {"name": st.from_regex(r"[A-Z][a-z]{1,8}", fullmatch=True)},
    optional={
        "entity_types": st.lists(st.sampled_from(["GPE", "ORG", "WEA"]), unique=True, max_size=3),
        "table_column": st.sampled_from(["actor1", "actor2", "location"]),
        "note": TEXT,
    },
)
TYPE = st.fixed_dictionaries(
    {"key": st.from_regex(r"[A-Z]{2,6}", fullmatch=True)},
    optional={
        "name": TEXT, "color": st.sampled_from(["#c0392b", "red", "#00ff00"]),
        "description": TEXT, "mapping": st.dictionaries(TEXT, TEXT, max_size=2),
        "extra": st.integers(),
    },
)  # fmt: skip


@settings(
    derandomize=bool(os.environ.get("CI")),
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    entities=st.lists(TYPE, max_size=4, unique_by=lambda t: t["key"]),
    events=st.lists(
        TYPE.flatmap(
            lambda t: st.lists(ROLE, max_size=3, unique_by=lambda r: r["name"]).map(
                lambda roles: {**t, "roles": roles}
            )
        ),
        max_size=3,
        unique_by=lambda t: t["key"],
    ),
)
def test_property_any_schema_round_trips_through_the_editor(qtbot, entities, events) -> None:
    body = {"name": "S", "version": 3, "entity_types": entities, "event_types": events,
            "event_attributes": [{"key": "launched", "type": "integer"}]}  # fmt: skip
    editor = SchemaEditor(copy.deepcopy(body))
    qtbot.addWidget(editor)
    assert editor.result_body() == body


def test_roles_are_edited_as_a_list_with_ticked_types(qtbot) -> None:
    from PySide6.QtCore import Qt

    body = json.loads(SCHEMAS[0].read_text(encoding="utf-8"))
    editor = SchemaEditor(copy.deepcopy(body))
    qtbot.addWidget(editor)
    editor.events.setCurrentCell(0, 0)
    roles = editor.roles
    assert [roles.table.item(r, 0).text() for r in range(roles.table.rowCount())] == [
        r["name"] for r in body["event_types"][0]["roles"]
    ]
    roles.add_role()
    row = roles.table.rowCount() - 1
    roles.table.item(row, 0).setText("Wit;ness:")  # the separators of the summary are refused
    ticked = next(
        roles.types.item(i)
        for i in range(roles.types.count())
        if roles.types.item(i).text() == "PER"
    )
    ticked.setCheckState(Qt.CheckState.Checked)
    assert roles.table.item(row, 2).text() == "PER"
    result = editor.result_body()["event_types"][0]["roles"]
    assert result[-1] == {"name": "Witness", "entity_types": ["PER"]}
    assert result[:-1] == body["event_types"][0]["roles"]  # table_column and all kept
    roles.table.setCurrentCell(0, 0)
    roles.remove_role()
    assert [r["name"] for r in editor.result_body()["event_types"][0]["roles"]] == [
        *(r["name"] for r in body["event_types"][0]["roles"][1:]),
        "Witness",
    ]


def test_a_roles_function_is_shown_and_edited(qtbot) -> None:
    """As found: the editor kept a role's function (what suggestions read from a sentence's
    parse) but did not show it; it could only be set in the JSON."""
    from PySide6.QtWidgets import QComboBox

    body = json.loads(SCHEMAS[0].read_text(encoding="utf-8"))
    event = body["event_types"][0]
    editor = SchemaEditor(copy.deepcopy(body))
    qtbot.addWidget(editor)
    editor.events.setCurrentCell(0, 0)
    table = editor.roles.table
    boxes = [table.cellWidget(r, 1) for r in range(table.rowCount())]
    assert [b.currentData() for b in boxes] == [r.get("function", "") for r in event["roles"]]
    assert "agent" in [b.currentData() for b in boxes]  # the shipped schema has functions
    agent = next(n for n, b in enumerate(boxes) if b.currentData() == "agent")
    other = next(n for n, b in enumerate(boxes) if not b.currentData())
    boxes[agent].setCurrentIndex(boxes[agent].findData(""))
    boxes[other].setCurrentIndex(boxes[other].findData("recipient"))
    expected = copy.deepcopy(body)
    del expected["event_types"][0]["roles"][agent]["function"]
    expected["event_types"][0]["roles"][other]["function"] = "recipient"
    assert editor.result_body() == expected  # only those two changed
    editor.events.setCurrentCell(1, 0)  # another event type and back: the choice is kept
    editor.events.setCurrentCell(0, 0)
    assert editor.roles.table.cellWidget(other, 1).currentData() == "recipient"
    assert editor.result_body() == expected
    # As seen: the last event type's boxes stayed drawn over the first row until deleted.
    shown = [b for b in table.findChildren(QComboBox) if b.isVisibleTo(table)]
    assert len(shown) == table.rowCount()
    validate(editor.result_body())


def test_event_attributes_are_editable_and_checked(qtbot, monkeypatch) -> None:
    from PySide6.QtWidgets import QComboBox, QMessageBox, QTableWidgetItem

    body = json.loads(SCHEMAS[0].read_text(encoding="utf-8"))
    editor = SchemaEditor(copy.deepcopy(body))
    qtbot.addWidget(editor)
    table = editor.attributes
    certainty = cell(editor, table, "certainty", "values")
    assert certainty.text() == "; ".join(
        next(a for a in body["event_attributes"] if a["key"] == "certainty")["values"]
    )
    certainty.setText("confirmed; claimed; rumoured")
    editor.tabs.setCurrentIndex(2)
    editor._add_row()
    row = table.rowCount() - 1
    table.item(row, 0).setText("vehicles")
    box = table.cellWidget(row, 1)
    assert isinstance(box, QComboBox)
    box.setCurrentText("integer")
    table.setItem(row, 3, QTableWidgetItem("vehicles destroyed"))
    result = {a["key"]: a for a in editor.result_body()["event_attributes"]}
    assert result["certainty"]["values"] == ["confirmed", "claimed", "rumoured"]
    assert result["vehicles"] == {
        "key": "vehicles",
        "type": "integer",
        "description": "vehicles destroyed",
    }
    assert result["launched"] == next(a for a in body["event_attributes"] if a["key"] == "launched")
    box.setCurrentText("enum")  # a choice without choices is refused, by name
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    editor._save()
    assert editor.result() != SchemaEditor.DialogCode.Accepted
    assert shown == ["attribute vehicles is a choice: it needs values"]


def test_swatches_and_legend_preview(qtbot) -> None:
    from gui.dialogs.swatches import SWATCHES, SwatchPicker

    picker = SwatchPicker("#123456")
    qtbot.addWidget(picker)
    picker.buttons[3].click()
    assert picker.result() == SwatchPicker.DialogCode.Accepted and picker.colour() == SWATCHES[3]
    picker.field.setText("notacolour")
    assert not picker.ok.isEnabled()

    body = json.loads(SCHEMAS[0].read_text(encoding="utf-8"))
    editor = SchemaEditor(copy.deepcopy(body))
    qtbot.addWidget(editor)
    gpe = next(t for t in body["entity_types"] if t["key"] == "GPE")
    assert gpe["name"] in editor.preview.text()
    cell(editor, editor.entities, "GPE", "name").setText("Pays et villes")
    cell(editor, editor.entities, "GPE", "color").setText(SWATCHES[5])
    assert "Pays et villes" in editor.preview.text()
    from PySide6.QtGui import QColor

    c = QColor(SWATCHES[5])
    assert f"rgba({c.red()},{c.green()},{c.blue()},0.3)" in editor.preview.text()


def test_a_hidden_setting_an_edit_left_without_meaning_is_cleared_and_said(
    qtbot, monkeypatch
) -> None:
    """The reporter settings are not columns of the editor: dropping "claimed" from
    certainty's values (its ``reported_value``) or making claimed_by text (its ``reporter``
    needs a tag) could not be saved — the refusal named a field the user cannot see. The
    setting goes with the edit that emptied it, and the user is told."""
    from PySide6.QtWidgets import QMessageBox

    body = json.loads(SCHEMAS[0].read_text(encoding="utf-8"))
    editor = SchemaEditor(copy.deepcopy(body))
    qtbot.addWidget(editor)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _p, _t, text: told.append("refused: " + text)
    )
    cell(editor, editor.attributes, "certainty", "values").setText("confirmed; denied")
    editor.tabs.setCurrentIndex(2)
    row = next(r for r in range(editor.attributes.rowCount())
               if editor.attributes.item(r, 0).text() == "claimed_by")  # fmt: skip
    editor.attributes.cellWidget(row, 1).setCurrentText("text")
    editor._save()
    assert editor.result() == SchemaEditor.DialogCode.Accepted, told
    result = {a["key"]: a for a in editor.result_body()["event_attributes"]}
    assert "reported_value" not in result["certainty"] and "reporter" not in result["claimed_by"]
    assert result["claimed_by"]["table_column"] == "claimed_by"  # the rest kept
    [said] = told
    assert "certainty" in said and "claimed" in said and "claimed_by" in said
    validate(editor.result_body())
