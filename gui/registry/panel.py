"""The entity registry panel: every entity with its type, aliases, mention and article counts;
search over names and aliases (case and accents folded); edit one entity's name, type,
aliases and external id; merge two, delete one (each undoable with Ctrl+Z); open the
articles that mention it."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.annotation import entity_ops
from core.annotation.ops import Operation
from core.library import EntityRow, Library
from gui.registry.model import EntitiesModel
from gui.steady import SteadyComboBox
from gui.typed import confirm, on_confirmed

SEARCH_DELAY_MS = 200


class Runner(Protocol):
    """Does operations and puts them on the undo stack (the annotating controller)."""

    def run(self, op: Operation) -> bool: ...
    def run_all(self, title: str, operations: list[Operation]) -> bool: ...


def split_aliases(text: str) -> list[str]:
    return [alias.strip() for alias in text.split(";") if alias.strip()]


class RegistryPanel(QWidget):
    open_article = Signal(int)

    def __init__(self, library: Library, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.runner = runner
        self.model = EntitiesModel(library, self)
        self.model.loaded.connect(self._loaded)
        self.current: EntityRow | None = None
        self._keep: int | None = None  # the entity to select again once the rows are read
        self.stale = True  # reloaded when next shown

        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search names and aliases (Kyiv finds Kyïv, Kiev…)")
        self.search.setClearButtonEnabled(True)
        self.type = QComboBox(self)
        self.count = QLabel(self)
        self._delay = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._delay.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _text: self._delay.start())
        self.type.currentIndexChanged.connect(lambda _i: self.reload())

        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        # The name takes what the others leave: all six fit the panel, none behind a
        # sideways scroll bar (the others stay resizable by hand).
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((50, 70, 60, 110, 80), start=1):
            header.resizeSection(column, width)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selected())

        self.merge_button = QPushButton("Merge…", self)
        self.merge_button.setToolTip("Merge the two selected entities: tags and aliases move")
        self.merge_button.clicked.connect(self.merge_selected)
        self.delete_button = QPushButton("Delete", self)
        self.delete_button.setToolTip("Delete the selected entities; their tags stay, unlinked")
        self.delete_button.clicked.connect(self.delete_selected)
        QShortcut(QKeySequence.StandardKey.Delete, self.table, self.delete_selected,
                  context=Qt.ShortcutContext.WidgetShortcut)  # fmt: skip

        self.detail = self._build_detail()
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.type)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count, 1)
        buttons.addWidget(self.merge_button)
        buttons.addWidget(self.delete_button)
        upper = QWidget(self)
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addLayout(top)
        upper_layout.addWidget(self.table, 1)
        upper_layout.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(upper)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(split)
        self.set_types([])
        self._selected()

    def _build_detail(self) -> QGroupBox:
        box = QGroupBox("Entity", self)
        self.name = QLineEdit(box)
        self.entity_type = SteadyComboBox(box)
        self.aliases = QLineEdit(box)
        self.aliases.setPlaceholderText("other names, in any language, separated by ;")
        self.aliases.setToolTip("Tags whose words are one of these names are proposed this entity")
        self.external = QLineEdit(box)
        self.external.setPlaceholderText("e.g. Q1899 (Wikidata), GeoNames:703448")
        self.external.setToolTip("Exported as brat normalizations and spaCy kb_id")
        on_confirmed(self.name, lambda: self._edit(canonical_name=self.name.text()))
        on_confirmed(self.aliases, lambda: self._edit(aliases=split_aliases(self.aliases.text())))
        on_confirmed(self.external, lambda: self._edit(external_id=self.external.text().strip()))
        self.entity_type.activated.connect(
            lambda _i: self._edit(type=self.entity_type.currentData())
        )
        self.articles = QListWidget(box)
        self.articles.setToolTip("Double-click or Enter: open the article")
        self.articles.itemActivated.connect(
            lambda item: self.open_article.emit(int(item.data(Qt.ItemDataRole.UserRole)))
        )
        form = QFormLayout(box)
        form.addRow("&Name", self.name)
        form.addRow("T&ype", self.entity_type)
        form.addRow("&Aliases", self.aliases)
        form.addRow("E&xternal id", self.external)
        form.addRow("Mentioned in", self.articles)
        return box

    # -- reading ------------------------------------------------------------------------------
    def set_types(self, types: list[tuple[str, str]]) -> None:
        """The schema's entity types: (key, name)."""
        for combo, anything in ((self.type, "Any type"), (self.entity_type, None)):
            keep = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            if anything:
                combo.addItem(anything, "")
            for key, name in types:
                combo.addItem(f"{key} · {name}" if name and name != key else key, key)
            found = combo.findData(keep)
            combo.setCurrentIndex(max(found, 0))
            combo.blockSignals(False)

    def reload(self) -> None:
        """Read the registry again (the entity shown stays selected)."""
        self.stale = False
        self._keep = self._keep or (self.current.id if self.current else None)
        self.model.set_filter(self.search.text(), self.type.currentData())

    def _loaded(self) -> None:
        keep, self._keep = self._keep, None
        n, total = self.model.total, self.library.entities.count()
        noun = "entity" if total == 1 else "entities"
        shown = f"{n:,} of {total:,} {noun}" if n != total else f"{total:,} {noun}"
        if not total:  # a new library: say where entities come from
            shown = "No entities yet: right-click a tag ▸ Link to an entity…"
        self.count.setText(shown)
        if keep is not None and (row := self.model.row_of(keep)) is not None:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        self._selected()

    def selected(self) -> list[EntityRow]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [row for r in rows if (row := self.model.entity(r)) is not None]

    def finish(self) -> None:
        """Store what was typed about the entity shown and not yet confirmed, as Return would
        (before another entity shows, or the same one read again)."""
        confirm(self.name, self.aliases, self.external)

    def _selected(self) -> None:
        self.finish()
        chosen = self.selected()
        self.current = chosen[0] if len(chosen) == 1 else None
        self.merge_button.setEnabled(len(chosen) == 2)
        self.delete_button.setEnabled(bool(chosen))
        self.detail.setEnabled(self.current is not None)
        row = self.current
        self.name.setText(row.name if row else "")
        self.aliases.setText("; ".join(row.aliases) if row else "")
        self.external.setText(row.external_id if row else "")
        found = self.entity_type.findData(row.type) if row else -1
        if row and found < 0:  # a type the schema lost: still shown
            self.entity_type.addItem(row.type, row.type)
            found = self.entity_type.count() - 1
        self.entity_type.setCurrentIndex(found)
        self.articles.clear()
        if row is None:
            return
        for article_id, title, mentions in self.library.entities.articles(row.id):
            item = QListWidgetItem(
                f"{mentions} ×  {title or f'Article {article_id}'}", self.articles
            )
            item.setToolTip(f"{mentions} mention{'s' * (mentions != 1)}; double-click to open")
            item.setData(Qt.ItemDataRole.UserRole, article_id)

    # -- changes ------------------------------------------------------------------------------
    def _edit(self, **values: object) -> None:
        row = self.current
        if row is None:
            return
        now = {"canonical_name": row.name, "type": row.type, "aliases": list(row.aliases),
               "external_id": row.external_id}  # fmt: skip
        changed = {key: value for key, value in values.items() if value != now[key]}
        if changed and not self.runner.run(entity_ops.EditEntity(row.id, changed)):
            self._selected()  # refused (e.g. an empty name): show what is stored

    def merge_selected(self) -> None:
        chosen = self.selected()
        if len(chosen) != 2:
            return
        first, second = chosen
        box = QMessageBox(QMessageBox.Icon.Question, "Merge entities",
                          f"Merge «{first.name}» ({first.mentions} mentions) and «{second.name}» "
                          f"({second.mentions} mentions)?\nThe other's tags, name and aliases "
                          "move to the one kept. Ctrl+Z undoes it.", parent=self)  # fmt: skip
        keep_first = box.addButton(f"Keep «{first.name}»", QMessageBox.ButtonRole.AcceptRole)
        keep_second = box.addButton(f"Keep «{second.name}»", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is keep_first:
            self.merge(first.id, second.id)
        elif box.clickedButton() is keep_second:
            self.merge(second.id, first.id)

    def merge(self, keep: int, drop: int) -> None:
        self._keep = keep  # selected once the registry is read again
        self.runner.run(entity_ops.MergeEntities(keep, drop))

    def delete_selected(self) -> None:
        chosen = self.selected()
        if chosen:
            title = "delete entity" if len(chosen) == 1 else f"delete {len(chosen)} entities"
            self.runner.run_all(title, [entity_ops.DeleteEntity(row.id) for row in chosen])
