"""The Alert lists page: lists on the left; members in order, with method and fallback."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QHeaderView, QInputDialog,
    QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton, QSplitter, QTableView,
    QVBoxLayout, QWidget,
)

from beredskap_desktop.domain.alerts import AlertList, AlertMember, AlertMethod, move
from beredskap_desktop.i18n import _, ngettext
from beredskap_desktop.storage import alerts as alert_store
from beredskap_desktop.storage import cards as card_store
from beredskap_desktop.storage import contacts as contact_store
from beredskap_desktop.storage.database import Store
from beredskap_desktop.ui.dialogs.contact_picker import ContactPicker
from beredskap_desktop.ui.models.alert_members_model import AlertMembersModel
from beredskap_desktop.ui.widgets.common import ask, empty_state


class AlertListsPage(QWidget):
    """Every alert list; ``changed`` fires after lists were added, edited or deleted."""

    changed = Signal()

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.current: AlertList | None = None
        self._undo: AlertList | None = None
        self.model = AlertMembersModel(store, self)
        self._build()
        self.reload()

    def _build(self) -> None:
        writable = not self.store.read_only
        self.lists = QListWidget()
        self.lists.setObjectName("alert_lists")
        self.lists.currentItemChanged.connect(self._list_chosen)
        self.new_list_button = QPushButton(_("New list"))
        self.new_list_button.setToolTip(_("New alert list (Ctrl+N)"))
        self.new_list_button.clicked.connect(self.new_list)
        self.delete_list_button = QPushButton(_("Delete list"))
        self.delete_list_button.clicked.connect(self.delete_list)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(_("Alert lists")))
        left_layout.addWidget(self.lists, 1)
        row = QHBoxLayout()
        row.addWidget(self.new_list_button)
        row.addWidget(self.delete_list_button)
        left_layout.addLayout(row)

        self.name = QLineEdit()
        self.name.setObjectName("list_name")
        self.name.editingFinished.connect(self._save_header)
        self.purpose = QLineEdit()
        self.purpose.setObjectName("list_purpose")
        self.purpose.setPlaceholderText(_("What the list is for and when it is used"))
        self.purpose.editingFinished.connect(self._save_header)
        header = QFormLayout()
        header.addRow(_("Name"), self.name)
        header.addRow(_("Purpose"), self.purpose)

        self.table = QTableView()
        self.table.setObjectName("members_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(28)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((40, 260, 115, 160, 230)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._member_chosen)
        self.empty = empty_state("members_empty")

        self.add_contact_button = QPushButton(_("Add person or organisation…"))
        self.add_contact_button.clicked.connect(self.add_contact)
        self.add_role_button = QPushButton(_("Add role…"))
        self.add_role_button.clicked.connect(self.add_role)
        self.up_button = QPushButton(_("Move up"))
        self.up_button.setToolTip(_("Move up (Ctrl+Up)"))
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button = QPushButton(_("Move down"))
        self.down_button.setToolTip(_("Move down (Ctrl+Down)"))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        self.remove_button = QPushButton(_("Remove from list"))
        self.remove_button.setToolTip(_("Remove from list (Delete)"))
        self.remove_button.clicked.connect(self.remove_current)
        self.undo_button = QPushButton(_("Undo"))
        self.undo_button.setToolTip(_("Undo the last change to this list (Ctrl+Z)"))
        self.undo_button.setEnabled(False)
        self.undo_button.clicked.connect(self.undo)
        buttons = QHBoxLayout()
        for button in (self.add_contact_button, self.add_role_button, self.up_button, self.down_button, self.remove_button, self.undo_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.method = QComboBox()
        self.method.setObjectName("member_method")
        for method in AlertMethod:
            self.method.addItem(method.label, method.value)
        self.method.activated.connect(self._save_member)
        self.use_deputy = QCheckBox(_("Fall back to the deputy when not reached"))
        self.use_deputy.clicked.connect(self._save_member)
        self.note = QLineEdit()
        self.note.setPlaceholderText(_("e.g. call after 22:00 only if urgent"))
        self.note.editingFinished.connect(self._save_member)
        member_form = QHBoxLayout()
        member_form.addWidget(QLabel(_("Method")))
        member_form.addWidget(self.method)
        member_form.addWidget(self.use_deputy)
        member_form.addWidget(QLabel(_("Note")))
        member_form.addWidget(self.note, 1)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(header)
        right_layout.addLayout(buttons)
        right_layout.addWidget(self.empty)
        right_layout.addWidget(self.table, 1)
        right_layout.addLayout(member_form)
        for button in (self.new_list_button, self.delete_list_button):  # the rest follows the selection
            button.setEnabled(writable)
        for edit in (self.name, self.purpose, self.note):
            edit.setReadOnly(not writable)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([270, 1030])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        QShortcut(QKeySequence("Ctrl+Up"), self, lambda: self.move_current(-1)).setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence("Ctrl+Down"), self, lambda: self.move_current(1)).setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence.StandardKey.Delete, self.table, self.remove_current).setContext(Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence.StandardKey.Undo, self, self.undo).setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    # Lists
    def reload(self, select: str | None = None) -> None:
        select = select or (self.current.id if self.current else None)
        self.lists.blockSignals(True)
        self.lists.clear()
        for alert_list in alert_store.list_all(self.store):
            item = QListWidgetItem(f"{alert_list.name}  ({len(alert_list.members)})")
            item.setData(Qt.ItemDataRole.UserRole, alert_list.id)
            self.lists.addItem(item)
            if alert_list.id == select:
                self.lists.setCurrentItem(item)
        self.lists.blockSignals(False)
        if self.lists.currentItem() is None and self.lists.count():
            self.lists.setCurrentRow(0)
        self._list_chosen(self.lists.currentItem())

    def _list_chosen(self, item, previous=None) -> None:
        self._undo = None
        self.undo_button.setEnabled(False)
        self.current = alert_store.get(self.store, item.data(Qt.ItemDataRole.UserRole)) if item else None
        self.name.setText(self.current.name if self.current else "")
        self.purpose.setText(self.current.purpose if self.current else "")
        self.purpose.setCursorPosition(0)
        self.purpose.setToolTip(self.purpose.text())
        self._show_members()

    def _show_members(self, select_row: int | None = None) -> None:
        self.model.set_list(self.current)
        has_list = self.current is not None
        self.name.setEnabled(has_list)
        self.purpose.setEnabled(has_list)
        for button in (self.add_contact_button, self.add_role_button):
            button.setEnabled(has_list and not self.store.read_only)
        if not has_list:
            self.empty.setText(_("No alert lists yet. Create one with “New list”."))
        elif not self.current.members:
            self.empty.setText(_("This list is empty. Add people, organisations or roles in the order they are to be alerted."))
        self.empty.setVisible(not has_list or not self.current.members)
        self.table.setVisible(has_list and bool(self.current.members))
        if select_row is not None and self.model.rowCount():
            row = max(0, min(select_row, self.model.rowCount() - 1))
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
        self._member_chosen(self.table.currentIndex())

    def _save(self, alert_list: AlertList, select_row: int | None = None) -> None:
        self._undo = self.current
        self.undo_button.setEnabled(True)
        self.current = alert_store.save(self.store, alert_list)
        item = self.lists.currentItem()
        if item is not None:
            item.setText(f"{self.current.name}  ({len(self.current.members)})")
        self._show_members(select_row)
        self.changed.emit()

    def new_item(self) -> None:
        """Ctrl+N: a new alert list."""
        self.new_list()

    def save(self) -> None:
        """Ctrl+S: save the name, purpose and member note being typed (they also save when the field is left)."""
        self._save_header()
        self._save_member()

    def new_list(self) -> None:
        if self.store.read_only:
            return
        name, ok = QInputDialog.getText(self, _("New alert list"), _("Name of the list:"))
        if ok and name.strip():
            created = alert_store.save(self.store, AlertList("", " ".join(name.split())))
            self.reload(select=created.id)
            self.changed.emit()

    def delete_list(self) -> None:
        if self.store.read_only or self.current is None:
            return
        count = len(self.current.members)
        question = ngettext("Delete the alert list “{name}” with its {count} member? The contacts themselves are kept.",
                            "Delete the alert list “{name}” with its {count} members? The contacts themselves are kept.",
                            count).format(name=self.current.name, count=count)
        cards = card_store.users(self.store, "notify_alert_list_id", self.current.id)
        if cards:
            question += "\n\n" + ngettext(
                "{count} action card notifies this list; it loses that notification and gets a new version.",
                "{count} action cards notify this list; they lose that notification and get a new version.",
                cards).format(count=cards)
        if ask(self, _("Delete alert list"), question, [_("Delete"), _("Cancel")], warning=True) == 0:
            alert_store.delete(self.store, self.current.id)
            self.current = None
            self.reload()
            self.changed.emit()

    def _save_header(self) -> None:
        if self.store.read_only or self.current is None:
            return
        name = " ".join(self.name.text().split())
        if not name:
            self.name.setText(self.current.name)
            return
        if (name, self.purpose.text().strip()) != (self.current.name, self.current.purpose):
            self._save(replace(self.current, name=name, purpose=self.purpose.text().strip()), self.table.currentIndex().row())

    def undo(self) -> None:
        """Put the list back as it was before the last change."""
        if self.store.read_only or self._undo is None or self.current is None or self._undo.id != self.current.id:
            return
        previous = self._undo
        self._save(previous, self._current_row())
        self.name.setText(previous.name)
        self.purpose.setText(previous.purpose)
        self._undo = None
        self.undo_button.setEnabled(False)

    # Members
    def _current_row(self) -> int | None:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else None

    def _member_chosen(self, index, previous=None) -> None:
        member = self.model.member_at(index.row()) if index.isValid() else None
        for widget in (self.method, self.use_deputy, self.note, self.up_button, self.down_button, self.remove_button):
            widget.setEnabled(member is not None and not self.store.read_only)
        if member:
            self.method.setCurrentIndex(self.method.findData(member.method.value))
            self.use_deputy.setChecked(member.use_deputy)
            self.note.setText(member.note)

    def _save_member(self) -> None:
        row = self._current_row()
        if self.store.read_only or row is None or self.current is None:
            return
        members = list(self.current.members)
        updated = replace(members[row], method=AlertMethod(self.method.currentData()), use_deputy=self.use_deputy.isChecked(), note=self.note.text().strip())
        if updated != members[row]:
            members[row] = updated
            self._save(replace(self.current, members=tuple(members)), row)

    def _add(self, member: AlertMember) -> None:
        members = (*self.current.members, member)
        self._save(replace(self.current, members=members), len(members) - 1)

    def add_contact(self) -> None:
        if self.store.read_only or self.current is None:
            return
        picker = ContactPicker(self.store, _("Add to “{name}”").format(name=self.current.name), self)
        if picker.exec() and picker.chosen_id():
            self._add(AlertMember("", contact_id=picker.chosen_id()))

    def add_role(self) -> None:
        if self.store.read_only or self.current is None:
            return
        roles = contact_store.roles(self.store)
        name, ok = QInputDialog.getItem(self, _("Add role"), _("The role is resolved to whoever holds it when the list is used:"), [r.name for r in roles], 0, False)
        if ok:
            role = next(r for r in roles if r.name == name)
            self._add(AlertMember("", role_id=role.id))

    def move_current(self, offset: int) -> None:
        row = self._current_row()
        if self.store.read_only or row is None or self.current is None:
            return
        members = move(list(self.current.members), row, offset)
        if members != list(self.current.members):
            self._save(replace(self.current, members=tuple(members)), max(0, min(len(members) - 1, row + offset)))

    def remove_current(self) -> None:
        row = self._current_row()
        if self.store.read_only or row is None or self.current is None:
            return
        members = list(self.current.members)
        members.pop(row)
        self._save(replace(self.current, members=tuple(members)), row)
