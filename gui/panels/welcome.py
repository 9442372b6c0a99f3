"""What an empty library shows instead of an empty reader: what to do first."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget


class Welcome(QWidget):
    import_files = Signal()
    import_folder = Signal()
    paste = Signal()
    demo = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome")
        title = QLabel("This library is empty", self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        text = QLabel(
            "Bring in articles to read beside their translation, tag and export:\n"
            "text, Markdown, web pages, CSV or JSON Lines, and annotated datasets from doccano, "
            "Label Studio, brat or Gloss itself. You can also drop files and folders on the "
            "window.",
            self,
        )
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(title)
        layout.addWidget(text)
        for label, signal in (
            ("Import files…  (Ctrl+O)", self.import_files),
            ("Import a folder…  (Ctrl+Shift+O)", self.import_folder),
            ("Paste an article…  (Ctrl+Shift+V)", self.paste),
            ("Load the demo articles", self.demo),
        ):
            button = QPushButton(label, self)
            button.clicked.connect(signal)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        hint = QLabel("Help ▸ Keys lists every key of the app.", self)
        hint.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(hint)
        layout.addStretch(2)
        layout.setContentsMargins(48, 24, 48, 24)
        layout.setSpacing(10)
