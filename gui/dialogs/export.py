"""Export dialog: format, layer, which articles, which annotations, where to.

The dialog only gathers choices (an :class:`ExportRequest`); the export itself runs as a
background task with progress and cancel, and its report (what the format could not hold)
is shown when it ends.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from core.export.formats import FORMATS, SIDES, describe, is_folder, parallel_formats, suffix
from core.export.run import ExportError, ExportOptions, check
from core.library import Schema
from core.listing import ArticleFilter
from core.translation.languages import target_language
from gui.dialogs import files as file_dialogs
from gui.dialogs.plain import plain_label, plain_tooltip

LAYER_NAMES = {
    "original": "Original text",
    "translation": "Translation",
    "parallel": "Both, paragraph beside paragraph",
}


@dataclass
class ExportRequest:
    options: ExportOptions
    article_filter: ArticleFilter
    output: Path


class ExportDialog(QDialog):
    def __init__(
        self,
        schema: Schema,
        annotators: list[str],
        shown: ArticleFilter,
        counts: tuple[int, int],
        target: str = "en",
        folder: str = "",
        parent: QWidget | None = None,
        last: tuple[str, str] = ("native", "original"),
        published: tuple[dt.date, dt.date] | None = None,
        protected: Sequence[Path] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export dataset")
        self.protected = list(protected)  # the library's own files: never an export's target
        self.shown = shown
        self.folder = folder or str(Path.home())
        form = QFormLayout()
        self.format = QComboBox(self)
        for name in FORMATS:
            self.format.addItem(f"{name} — {describe(name)}", name)
        form.addRow("&Format:", self.format)
        self.layer = QComboBox(self)
        for name in SIDES:
            self.layer.addItem(LAYER_NAMES[name], name)
        self.target = QLineEdit(target, self)
        self.target.setMaximumWidth(60)
        layer_row = QHBoxLayout()
        layer_row.addWidget(self.layer, 1)
        layer_row.addWidget(QLabel("translation into", self))
        layer_row.addWidget(self.target)
        form.addRow("Text:", layer_row)
        self.everything = QRadioButton(f"All articles ({counts[0]:,})", self)
        self.only_shown = QRadioButton(f"The articles the library shows now ({counts[1]:,})", self)
        self.only_shown.setChecked(counts[1] != counts[0])
        self.everything.setChecked(counts[1] == counts[0])
        which = QVBoxLayout()
        which.addWidget(self.everything)
        which.addWidget(self.only_shown)
        form.addRow("Articles:", which)
        self.use_dates = QCheckBox("published from", self)
        # the library's own dates (the last year would often select nothing)
        today = QDate.currentDate()
        since, until = (
            (QDate(d.year, d.month, d.day) for d in published)
            if published
            else (today.addYears(-1), today)
        )
        self.date_from = QDateEdit(since, self)
        self.date_to = QDateEdit(until, self)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.use_dates.toggled.connect(self.date_from.setEnabled)
        self.use_dates.toggled.connect(self.date_to.setEnabled)
        dates = QHBoxLayout()
        dates.addWidget(self.use_dates)
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel("to", self))
        dates.addWidget(self.date_to)
        dates.addStretch(1)
        form.addRow("Dates:", dates)
        self.types = QListWidget(self)
        for kind, types in (("entity", schema.entity_types), ("event", schema.event_types)):
            for item in types:
                entry = QListWidgetItem(f"{item.key}  ({kind}: {item.name})", self.types)
                entry.setData(Qt.ItemDataRole.UserRole, item.key)
                entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                entry.setCheckState(Qt.CheckState.Checked)
                entry.setToolTip(plain_tooltip(item.description or item.key))
        self.types.setMaximumHeight(140)
        form.addRow("T&ypes:", self.types)
        self.annotator = QComboBox(self)
        self.annotator.addItem("everyone", "")
        for name in annotators:
            self.annotator.addItem(name, name)
        form.addRow("A&nnotator:", self.annotator)
        self.output = QLineEdit(self)
        browse = QPushButton("Browse…", self)
        browse.clicked.connect(self.browse)
        out_row = QHBoxLayout()
        out_row.addWidget(self.output, 1)
        out_row.addWidget(browse)
        form.addRow("Save to:", out_row)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: palette(placeholder-text);")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        self.format.setCurrentIndex(max(0, self.format.findData(last[0])))
        self.layer.setCurrentIndex(max(0, self.layer.findData(last[1])))
        self.format.currentIndexChanged.connect(self._format_changed)
        self.layer.currentIndexChanged.connect(self._format_changed)
        self._format_changed()
        self.resize(620, self.sizeHint().height())

    def _format_changed(self) -> None:
        fmt = self.format.currentData()
        native = fmt == "native"
        model: Any = self.layer.model()
        parallel_item = model.item(SIDES.index("parallel"))
        parallel_item.setEnabled(fmt in parallel_formats())
        if native or (self.layer.currentData() == "parallel" and fmt not in parallel_formats()):
            self.layer.setCurrentIndex(0)
        self.layer.setEnabled(not native)
        self.target.setEnabled(self.layer.currentData() != "original")
        current = self.output.text().strip()
        stem = Path(current).name.split(".")[0] if current else "dataset"
        folder = str(Path(current).parent) if current else self.folder
        self.output.setText(str(Path(folder) / f"{stem}{suffix(fmt)}"))
        self.hint.setText(
            "Native holds everything (every layer, entities, events, annotators) and can be "
            "imported back. "
            if native
            else "What this format cannot hold is counted and listed when the export ends."
        )

    def browse(self) -> None:
        fmt = self.format.currentData()
        if is_folder(fmt):
            chosen = file_dialogs.open_folder(self, "Export into folder", self.folder)
        else:
            chosen = file_dialogs.save_file(
                self, "Export to", self.output.text(), f"{fmt} (*{suffix(fmt)})"
            )
        if chosen:
            self.output.setText(chosen)

    def request(self) -> ExportRequest:
        types = [
            self.types.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.types.count())
            if self.types.item(i).checkState() == Qt.CheckState.Checked
        ]
        chosen = None if len(types) == self.types.count() else frozenset(types)
        side, target = self.layer.currentData(), self.target.text().strip() or "en"
        if side != "original":  # a translation is exported: "English" is en, "xx" refused
            target = target_language(target)
        options = ExportOptions(
            format=self.format.currentData(),
            side=side,
            target=target,
            types=chosen,
            annotator=self.annotator.currentData() or None,
        )
        base = self.shown if self.only_shown.isChecked() else ArticleFilter()
        since: dt.date | None = None
        until: dt.date | None = None
        if self.use_dates.isChecked():
            since = _date(self.date_from.date().toPython())
            until = _date(self.date_to.date().toPython())
        flt = replace(
            base, annotator=options.annotator or "", limit=None, offset=0,
            published_from=since, published_to=until,
        )  # fmt: skip
        return ExportRequest(options, flt, Path(self.output.text().strip()).expanduser())

    def accept(self) -> None:
        try:
            request = self.request()
            check(request.options, request.output, self.protected)
        except (ExportError, ValueError) as exc:
            QMessageBox.warning(self, "Export", str(exc))
            return
        super().accept()


def show_export_report(parent: QWidget, report: Any) -> None:
    box = QMessageBox(parent)
    box.setWindowTitle("Export cancelled" if report.cancelled else "Export finished")
    lines = report.lines()
    plain_label(box)
    box.setText(lines[0])
    lost = report.losses.dropped
    if lost and not report.cancelled:
        box.setIcon(QMessageBox.Icon.Warning)
        box.setInformativeText(
            f"The {report.format} format could not hold {sum(lost.values()):,} annotation(s): "
            "see the details."
        )
    else:
        box.setIcon(QMessageBox.Icon.Information)
    if len(lines) > 1:
        box.setDetailedText("\n".join(line.strip() for line in lines[1:]))
    box.open()


def _date(value: object) -> dt.date:
    assert isinstance(value, dt.date)
    return value
