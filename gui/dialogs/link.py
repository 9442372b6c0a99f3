"""Link a tag to an entity: the entities whose names or aliases match the tag's words are
proposed (case and accents folded: Kyiv = KYIV = Kyïv; an alias Kiev finds Kyiv), best
first; a name no entity has makes a new one."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.library import EntityRow, Library

NEW = -1  # the list row "new entity named …"


def describe(row: EntityRow) -> str:
    aliases = (
        f" · also {', '.join(row.aliases[:4])}{'…' * (len(row.aliases) > 4)}" if row.aliases else ""
    )
    external = f" · {row.external_id}" if row.external_id else ""
    mentions = f"{row.mentions} mention{'s' * (row.mentions != 1)}"
    return f"{row.name}  ({row.type}){aliases}{external} · {mentions}"


class LinkDialog(QDialog):
    """``chosen()`` is an entity id, or None with ``name()`` for a new entity."""

    def __init__(
        self, library: Library, text: str, type_: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Link to an entity")
        self.resize(560, 360)
        self.library = library
        self.type = type_
        self.field = QLineEdit(text, self)
        self.field.setPlaceholderText("a name or an alias")
        self.proposals = QListWidget(self)
        self.proposals.itemActivated.connect(lambda _item: self.accept())
        self._delay = QTimer(self, singleShot=True, interval=150)
        self._delay.timeout.connect(self.refresh)
        self.field.textChanged.connect(lambda _t: self._delay.start())
        self.field.returnPressed.connect(self.accept)
        box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"Tag «{text}» ({type_}) is:", self))
        layout.addWidget(self.field)
        layout.addWidget(self.proposals, 1)
        hint = QLabel("↑/↓ choose · Enter links · a new name makes a new entity", self)
        hint.setEnabled(False)
        layout.addWidget(hint)
        layout.addWidget(box)
        self.field.installEventFilter(self)
        self.refresh()

    def eventFilter(self, watched: object, event: object) -> bool:
        """Up and Down in the name field move through the proposals."""
        from PySide6.QtCore import QEvent
        from PySide6.QtGui import QKeyEvent

        if (
            watched is self.field
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
        ):
            step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}.get(Qt.Key(event.key()))
            if step is not None and self.proposals.count():
                row = min(max(self.proposals.currentRow() + step, 0), self.proposals.count() - 1)
                self.proposals.setCurrentRow(row)
                return True
        return super().eventFilter(watched, event)  # type: ignore[arg-type]

    def refresh(self) -> None:
        name = self.field.text().strip()
        self.proposals.clear()
        rows = self.library.entities.proposals(name, self.type) if name else []
        for row in rows:
            item = QListWidgetItem(describe(row), self.proposals)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
        if name and not any(name == row.name for row in rows):
            item = QListWidgetItem(f"+ New entity «{name}» ({self.type})", self.proposals)
            item.setData(Qt.ItemDataRole.UserRole, NEW)
        self.proposals.setCurrentRow(0)

    def chosen(self) -> int | None:
        item = self.proposals.currentItem()
        if item is None:
            return None
        ident = int(item.data(Qt.ItemDataRole.UserRole))
        return None if ident == NEW else ident

    def name(self) -> str:
        return self.field.text().strip()
