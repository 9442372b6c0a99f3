"""File dialogs that never open a file.

Qt's file dialog asks its icon provider for each entry's icon and type, and the default
provider finds them by reading the file's first bytes (MIME sniffing): a dialog that lists
the library's folder opens and closes ``lib.sqlite``, ``-wal`` and ``-shm``. Closing any
descriptor of a file drops the POSIX locks the process holds on it, so SQLite's locks were
gone and another process deleted the WAL the app was writing into (issue 9.1). Every dialog
of the app is built here: Qt's own dialog (a platform dialog may sniff files in-process
too) with an icon provider that looks at names only.
"""

from __future__ import annotations

from PySide6.QtCore import QFileInfo, QMimeDatabase
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import QFileDialog, QHeaderView, QTreeView, QWidget


class NameOnlyIcons(QAbstractFileIconProvider):
    """Icons and type names from the file name and a stat, never from the content."""

    def __init__(self) -> None:
        super().__init__()
        self._mime = QMimeDatabase()
        self.setOptions(QAbstractFileIconProvider.Option.DontUseCustomDirectoryIcons)

    def icon(self, which: object) -> QIcon:
        if isinstance(which, QFileInfo):
            kind = (
                QAbstractFileIconProvider.IconType.Folder
                if which.isDir()
                else QAbstractFileIconProvider.IconType.File
            )
            return super().icon(kind)
        icon: QIcon = super().icon(which)  # type: ignore[call-overload]
        return icon

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return "Folder"
        mime = self._mime.mimeTypeForFile(info.fileName(), QMimeDatabase.MatchMode.MatchExtension)
        return mime.comment() or "File"


_ICONS: NameOnlyIcons | None = None


def _dialog(parent: QWidget | None, caption: str, folder: str, filters: str) -> QFileDialog:
    global _ICONS
    _ICONS = _ICONS or NameOnlyIcons()
    dialog = QFileDialog(parent, caption, folder, filters)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setOption(QFileDialog.Option.DontUseCustomDirectoryIcons, True)
    dialog.setIconProvider(_ICONS)
    dialog.resize(900, 540)
    view = dialog.findChild(QTreeView)
    if view is not None:  # the name column takes the room; the others fit their contents
        header = view.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, header.count()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
    return dialog


def open_files(parent: QWidget | None, caption: str, folder: str, filters: str) -> list[str]:
    dialog = _dialog(parent, caption, folder, filters)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    return dialog.selectedFiles() if dialog.exec() else []


def open_file(parent: QWidget | None, caption: str, folder: str, filters: str) -> str:
    dialog = _dialog(parent, caption, folder, filters)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return dialog.selectedFiles()[0] if dialog.exec() and dialog.selectedFiles() else ""


def open_folder(parent: QWidget | None, caption: str, folder: str) -> str:
    dialog = _dialog(parent, caption, folder, "")
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    return dialog.selectedFiles()[0] if dialog.exec() and dialog.selectedFiles() else ""


def save_file(parent: QWidget | None, caption: str, path: str, filters: str) -> str:
    dialog = _dialog(parent, caption, path, filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    return dialog.selectedFiles()[0] if dialog.exec() and dialog.selectedFiles() else ""
