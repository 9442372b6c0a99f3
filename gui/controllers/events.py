"""Events: a trigger from the selection, the events panel (select, edit attributes, remove),
dates resolved from the tag that says when an event happened."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from core.annotation import ops
from core.annotation.when import into_attributes, resolve
from core.library import Schema, layer_language
from gui.controllers.annotating import AnnotatingController
from gui.controllers.base import Controller

#: Operations that cannot change an article's events: the panel is not re-read after them.
_NOT_EVENTS = (
    ops.AddMention, ops.LinkEntity, ops.LinkByName, ops.SetArticleField, ops.ChangeTranslation,
)  # fmt: skip


class EventsController(Controller):
    def build(self, annotating: AnnotatingController) -> None:
        self.annotating = annotating
        panel = self.window.events
        panel.selected.connect(self.show_event)
        panel.edit_requested.connect(self.edit_event)
        panel.menu_requested.connect(self.event_menu)
        delete = QAction("Remove the selected event", panel)
        delete.setShortcut(QKeySequence.StandardKey.Delete)
        delete.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        delete.triggered.connect(self.remove_event)
        panel.addAction(delete)
        dates = self.action(
            "Resolve the selected event's dates from the tag saying when",
            self.resolve_event_dates,
            "Ctrl+D",
        )
        self.window.addAction(dates)
        self.tag_actions = [delete, dates]
        self.state.article_opened.connect(lambda article_id: panel.load(article_id))
        self.state.annotations_changed.connect(self._after_change)
        self.state.schema_changed.connect(self._schema_changed)

    def _schema_changed(self, schema: Schema) -> None:
        """The events list reads names and kinds from the schema the window holds."""
        self.window.events.model.schema = schema
        if self.state.article_id is not None:
            self.window.events.load(self.state.article_id)

    def _after_change(self, op: Any, _undone: bool) -> None:
        article_id = self.state.article_id
        if article_id is None or isinstance(op, _NOT_EVENTS):
            return
        current = self.window.events.current()
        self.window.events.load(article_id, keep=current["id"] if current else None)

    def add_event(self, type_: str) -> int | None:
        """The selected words become the trigger of a new event of ``type_``."""
        chosen = self.annotating.painter.selection(self.annotating.focused_view())
        article_id = self.state.article_id
        if chosen is None or article_id is None:
            self.status("Select the trigger word(s) of one paragraph first")
            return None
        layer, start, end = chosen
        op = ops.AddEvent(article_id, type_, start, end, layer, self.annotating.annotator())
        if not self.annotating.run(op):
            return None
        self.window.events.load(article_id, keep=op.event_id)
        self.status(
            f"{type_} added: right-click tags to add them as its arguments; double-click it "
            "in the events list for counts and dates",
            8000,
        )
        return op.event_id

    def resolve_event_dates(self) -> bool:
        """The attributes receiving a date's start, end and precision (the schema's
        ``date_part``), from the tag of the event's role that says when it happened (the
        schema's ``when`` roles) and the article's publication date ("overnight" in a Tuesday
        report: Monday to Tuesday)."""
        event, data = self.window.events.current(), self.state.data
        if event is None or data is None:
            self.status("Select an event first")
            return False
        schema = self.state.schema
        parts, when = schema.date_parts, schema.when_roles(event["type"])
        if not parts or not when:
            spec = schema.event(event["type"])
            self.status(
                f"The schema gives {spec.name if spec else event['type']} no dates to resolve "
                "(a role marked when, attributes with a date_part)",
                8000,
            )
            return False
        mentions = self.window.events.model.mentions
        times = [
            mentions[a["mention_id"]]["text"]
            for a in event["arguments"]
            if a["role"] in when and a["mention_id"] in mentions
        ]
        if not times:
            self.status(f"Give the event a {' or '.join(when)} argument first", 6000)
            return False
        published = data.published
        found = resolve(times[0], dt.date.fromisoformat(published) if published else None)
        if found is None:
            self.status(f"Could not resolve «{times[0]}» to dates", 6000)
            return False
        if not self.annotating.run_all(
            "resolve dates",
            [
                ops.SetAttribute(event["id"], key, value)
                for key, value in into_attributes(found, parts).items()
            ],
        ):
            return False
        start, end, precision = found
        self.status(f"«{times[0]}»: {start} to {end} ({precision})", 6000)
        return True

    def remove_event(self) -> None:
        event = self.window.events.current()
        if event is not None:
            self.annotating.run(ops.RemoveEvent(event["id"]))

    def event_menu(self, event: dict[str, Any], where: Any) -> None:
        """Right-click an event in the list: each argument with its role (checked; choose
        another to change it) and "Remove", the attributes form, its dates, remove it."""
        menu = QMenu(self.window)
        spec = self.state.schema.event(event["type"])
        menu.addSection(f"{spec.name if spec else event['type']}: «{event['trigger']['text']}»")
        mentions = self.window.events.model.mentions
        for argument in event["arguments"]:
            words = mentions.get(argument["mention_id"], {}).get("text", "?")
            sub = menu.addMenu(f"{argument['role']}: «{words}»")
            for role in spec.roles if spec is not None else ():
                act = sub.addAction(role.name)
                act.setCheckable(True)
                act.setChecked(role.name == argument["role"])
                act.triggered.connect(
                    lambda _c=False, a=argument["id"], r=role.name: self.annotating.set_role(a, r)
                )
            sub.addSeparator()
            sub.addAction("Remove from this event").triggered.connect(
                lambda _c=False, a=argument["id"]: self.annotating.run(ops.RemoveArgument(a))
            )
        if not event["arguments"]:
            menu.addAction("No arguments: right-click a tag to add one").setEnabled(False)
        menu.addSeparator()
        menu.addAction("Counts, dates and other attributes…").triggered.connect(
            lambda: self.edit_event(event)
        )
        menu.addAction("Resolve dates from the tag saying when").triggered.connect(
            self.resolve_event_dates
        )
        menu.addAction("Remove the event").triggered.connect(self.remove_event)
        menu.popup(where)
        self.last_menu = menu

    def show_event(self, event: dict[str, Any] | None) -> None:
        """Mark the selected event's trigger and arguments in the reader."""
        spans: list[tuple[str, int, int]] = []
        if event is not None:
            trigger = event["trigger"]
            spans.append((trigger["layer"], trigger["start"], trigger["end"]))
            mentions = self.window.events.model.mentions
            for argument in event["arguments"]:
                m = mentions.get(argument["mention_id"])
                if m is not None:
                    spans.append((m["layer"], m["start"], m["end"]))
        self.annotating.painter.mark(spans)

    def edit_event(self, event: dict[str, Any] | None) -> None:
        from gui.dialogs.attributes import AttributesDialog, Quantity

        if event is None or self.state.article_id is None:
            return
        schema = self.state.schema
        evidence = {t for a in schema.attributes for t in a.evidence}
        detail = self.library.articles.detail(self.state.article_id)
        quantities = [
            Quantity(m["label"], m["text"], layer_language(m["layer"], detail["language"]), m["id"])
            for m in detail["entities"]
            if m["label"] in evidence
        ]
        spec = schema.event(event["type"])
        dialog = AttributesDialog(
            event, schema.attributes, self.window, quantities, spec.name if spec else ""
        )
        if dialog.exec() != AttributesDialog.DialogCode.Accepted:
            return
        changes = dialog.changes()
        if not changes:
            return
        self.annotating.run_all(
            "set attributes",
            [ops.SetAttribute(event["id"], key, value) for key, value in changes.items()],
        )
