"""Pick a contact by typing part of a name, organisation, role or number."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout

from beredskap_desktop.domain.phones import format_phone
from beredskap_desktop.i18n import _, ngettext
from beredskap_desktop.storage import contacts as contact_store
from beredskap_desktop.storage.database import Store
from beredskap_desktop.ui.widgets.common import dialog_buttons

MAX_SHOWN = 200


class ContactPicker(QDialog):
    def __init__(self, store: Store, title: str, parent=None, exclude: str | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(520, 480)
        self._store = store
        self._exclude = exclude
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Type a name, organisation, role or number"))
        self.search.textChanged.connect(self._refresh)
        self.results = QListWidget()
        self.results.itemDoubleClicked.connect(self.accept)
        self.count = QLabel()
        buttons = dialog_buttons(self, _("Choose"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.count)
        layout.addWidget(buttons)
        self._refresh()

    def _refresh(self) -> None:
        matches = [r for r in contact_store.find_rows(self._store, self.search.text(), MAX_SHOWN + 2) if r.id != self._exclude]
        self.results.clear()
        for row in matches[:MAX_SHOWN]:
            details = " · ".join(p for p in (row.position, row.organisation, format_phone(row.work_mobile or row.work_landline)) if p)
            item = QListWidgetItem(f"{row.name}\n    {details}" if details else row.name)
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)
        if len(matches) > MAX_SHOWN:
            self.count.setText(_("Showing the first {shown}: type more to narrow the search.").format(shown=MAX_SHOWN))
        else:
            self.count.setText(ngettext("{n} match.", "{n} matches.", len(matches)).format(n=len(matches)))

    def chosen_id(self) -> str | None:
        item = self.results.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None
