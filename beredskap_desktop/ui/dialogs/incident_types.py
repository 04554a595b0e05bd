"""Edit → Incident types: names and descriptions of the types action cards are linked to.

Codes are stable (the command line and other municipalities' files use them), so a type
can be renamed but its code never changes; a type no card uses can be deleted.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout,
)

from beredskap_desktop.domain.cards import IncidentType
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.i18n import _
from beredskap_desktop.storage import incident_types
from beredskap_desktop.storage.database import Store
from beredskap_desktop.ui.widgets.common import ask

CODE, NAME, DESCRIPTION, CARDS = range(4)


class IncidentTypesDialog(QDialog):
    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(_("Incident types"))
        self.resize(900, 560)
        writable = not store.read_only
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("incident_types_table")
        self.table.setHorizontalHeaderLabels([_("Code"), _("Name"), _("Description"), _("Cards")])
        self.table.horizontalHeader().setSectionResizeMode(DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        if not writable:
            self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.itemChanged.connect(self._renamed)
        self.message = QLabel()
        self.message.setObjectName("incident_types_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b91c1c;")

        self.new_code = QLineEdit()
        self.new_code.setObjectName("new_type_code")
        self.new_code.setPlaceholderText(_("e.g. dambrudd"))
        self.new_name = QLineEdit()
        self.new_name.setObjectName("new_type_name")
        self.new_description = QLineEdit()
        self.add_button = QPushButton(_("Add type"))
        self.add_button.clicked.connect(self.add)
        self.delete_button = QPushButton(_("Delete selected type"))
        self.delete_button.clicked.connect(self.delete_selected)
        form = QFormLayout()
        form.addRow(_("Code"), self.new_code)
        form.addRow(_("Name"), self.new_name)
        form.addRow(_("Description"), self.new_description)
        adding = QGroupBox(_("New incident type"))
        adding_layout = QVBoxLayout(adding)
        adding_layout.addLayout(form)
        adding_layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignRight)
        adding.setEnabled(writable)
        self.delete_button.setEnabled(writable)

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        close.rejected.connect(self.reject)
        hint = QLabel(_("Double-click a name or description to change it. Codes never change: the command line and shared files use them."))
        hint.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.delete_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(adding)
        layout.addWidget(self.message)
        layout.addWidget(close)
        self.reload()

    def reload(self, select: str | None = None) -> None:
        usage = incident_types.usage(self.store)
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for incident_type in incident_types.list_all(self.store):
            row = self.table.rowCount()
            self.table.insertRow(row)
            for column, value in ((CODE, incident_type.code), (NAME, incident_type.name),
                                  (DESCRIPTION, incident_type.description), (CARDS, str(usage.get(incident_type.code, 0)))):
                item = QTableWidgetItem(value)
                if column in (CODE, CARDS):
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, column, item)
            if incident_type.code == select:
                self.table.selectRow(row)
        self.table.resizeColumnToContents(CODE)
        self.table.resizeColumnToContents(NAME)
        self.table.blockSignals(False)

    def _type_at(self, row: int) -> IncidentType:
        return IncidentType(*(self.table.item(row, column).text() for column in (CODE, NAME, DESCRIPTION)))

    def _renamed(self, item: QTableWidgetItem) -> None:
        incident_type = self._type_at(item.row())
        try:
            incident_types.save(self.store, incident_type)
        except UserError as error:
            self.message.setText(str(error))
            self.reload(incident_type.code)
            return
        self.message.clear()

    def add(self) -> None:
        incident_type = IncidentType(self.new_code.text().strip(), self.new_name.text().strip(), self.new_description.text().strip())
        if incident_type.code in incident_types.names(self.store):
            self.message.setText(_("The code {code} exists already: change its name in the table instead.").format(code=incident_type.code))
            return
        try:
            incident_types.save(self.store, incident_type)
        except UserError as error:
            self.message.setText(str(error))
            return
        self.message.clear()
        for field in (self.new_code, self.new_name, self.new_description):
            field.clear()
        self.reload(incident_type.code)

    def delete_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        incident_type = self._type_at(rows[0].row())
        if ask(self, _("Delete incident type"), _("Delete the incident type «{name}» ({code})?").format(
                name=incident_type.name, code=incident_type.code), [_("Delete"), _("Cancel")], warning=True) != 0:
            return
        try:
            incident_types.delete(self.store, incident_type.code)
        except UserError as error:
            self.message.setText(str(error))
            return
        self.message.clear()
        self.reload()
