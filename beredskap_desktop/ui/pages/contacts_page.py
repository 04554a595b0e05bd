"""The Contacts page: searchable, filterable table beside the detail editor."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
    QPushButton, QSplitter, QTableView, QVBoxLayout, QWidget,
)

from beredskap_desktop.domain.clock import now_utc, to_iso
from beredskap_desktop.domain.contacts import ContactType, OrgKind, stale_cutoff
from beredskap_desktop.i18n import _, ngettext
from beredskap_desktop.storage import contacts as contact_store
from beredskap_desktop.storage.database import Store
from beredskap_desktop.ui.dialogs.contact_picker import ContactPicker
from beredskap_desktop.ui.dialogs.settings import stale_months
from beredskap_desktop.ui.models.contacts_model import PRIVATE_COLUMN, ContactsModel
from beredskap_desktop.ui.widgets.common import ask, empty_state
from beredskap_desktop.ui.widgets.contact_editor import ContactEditor


class ContactsPage(QWidget):
    """Lists every contact; ``changed`` fires after contacts were added, edited or deleted."""

    changed = Signal()

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.stale_months = stale_months(store)
        self.model = ContactsModel(self._fetch, self.stale_months, self)
        self._build(self.stale_months)
        self.reload()

    def _build(self, stale_months: int) -> None:
        self.search = QLineEdit()
        self.search.setObjectName("contact_search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Search name, position, organisation, role or number (Ctrl+F)"))
        self.search.textChanged.connect(self.apply_filter)
        self.kind_filter = QComboBox()
        self.kind_filter.addItem(_("All kinds of organisation"), None)
        for kind in OrgKind:
            self.kind_filter.addItem(kind.label, kind.value)
        self.kind_filter.currentIndexChanged.connect(self.apply_filter)
        self.role_filter = QComboBox()
        self.role_filter.currentIndexChanged.connect(self.apply_filter)
        self.show_private = QCheckBox(_("Show private numbers"))
        self.show_private.setToolTip(_("Private numbers are restricted personal data: show them only when you need them."))
        self.show_private.toggled.connect(self._toggle_private)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.kind_filter, 1)
        filters.addWidget(self.role_filter, 1)
        filters.addWidget(self.show_private)

        self.new_person = QPushButton(_("New person"))
        self.new_person.setToolTip(_("New contact (Ctrl+N)"))
        self.new_person.clicked.connect(lambda: self.new_contact(ContactType.PERSON))
        self.new_org = QPushButton(_("New organisation"))
        self.new_org.clicked.connect(lambda: self.new_contact(ContactType.ORGANISATION))
        self.delete_button = QPushButton(_("Delete"))
        self.delete_button.setToolTip(_("Delete the selected contacts (Delete)"))
        self.delete_button.clicked.connect(self.delete_selected)
        self.count_label = QLabel()
        actions = QHBoxLayout()
        for button in (self.new_person, self.new_org, self.delete_button):
            button.setEnabled(not self.store.read_only)
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.count_label)

        self.table = QTableView()
        self.table.setObjectName("contacts_table")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(28)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((210, 125, 145, 190, 150, 160, 150, 250, 110)):
            self.table.setColumnWidth(column, width)
        self.table.setColumnHidden(PRIVATE_COLUMN, True)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.empty = empty_state("contacts_empty")

        self.editor = ContactEditor(self.store, stale_months)
        self.editor.saved.connect(self._saved)
        self.editor.pick_deputy.connect(self._pick_deputy)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(actions)
        left_layout.addWidget(self.empty)
        left_layout.addWidget(self.table, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([800, 560])
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        QShortcut(QKeySequence.StandardKey.Delete, self.table, self.delete_selected).setContext(Qt.ShortcutContext.WidgetShortcut)

    # Data
    def reload(self, select: str | None = None) -> None:
        """Read every contact again and keep the filters; select ``select`` if given."""
        self.editor.organisations_changed()
        current_role = self.role_filter.currentData()
        self.role_filter.blockSignals(True)
        self.role_filter.clear()
        self.role_filter.addItem(_("All roles"), None)
        for role in contact_store.roles(self.store):
            self.role_filter.addItem(role.name, role.id)
        self.role_filter.setCurrentIndex(max(0, self.role_filter.findData(current_role)))
        self.role_filter.blockSignals(False)
        cutoff = to_iso(stale_cutoff(now_utc(), self.stale_months))
        self.model.set_index(contact_store.index(self.store, cutoff))
        self.apply_filter()
        if select:
            self.select(select)

    def apply_filter(self) -> None:
        query = self.search.text()
        rowids = contact_store.search_rowids(self.store, query)
        kind = self.kind_filter.currentData()
        self.model.set_filter(rowids, OrgKind(kind) if kind else None, self.role_filter.currentData())
        shown, total = self.model.rowCount(), self.model.total()
        self.count_label.setText(_("{shown} of {total} contacts · {stale} need checking").format(shown=shown, total=total, stale=self.model.stale_count()))
        if total == 0:
            self.empty.setText(_("No contacts yet. Add one with “New person” (Ctrl+N), or import a file from the File menu."))
        elif shown == 0:
            self.empty.setText(_("No contacts match “{query}”.").format(query=query) if query.strip() else _("No contacts match the filters."))
        self.empty.setVisible(shown == 0)
        self.table.setVisible(shown > 0)

    def _fetch(self, rowids: list[int]):
        return contact_store.rows_by_rowid(self.store, rowids, include_private=self.show_private.isChecked())

    def select(self, contact_id: str) -> None:
        rowid = contact_store.rowid_of(self.store, contact_id)
        row = self.model.row_of(rowid)
        if row is None:
            self.search.clear()
            self.kind_filter.setCurrentIndex(0)
            self.role_filter.setCurrentIndex(0)
            row = self.model.row_of(rowid)
        if row is not None:
            index = self.model.index(row, 0)
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
            self.table.scrollTo(index)

    def _toggle_private(self, on: bool) -> None:
        self.table.setColumnHidden(PRIVATE_COLUMN, not on)
        current = self._current_id()
        self.reload(select=current)

    def _current_id(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.contact_at(index.row()).id if index.isValid() and index.row() < self.model.rowCount() else None

    # Editing
    def _current_changed(self, current, previous) -> None:
        if not current.isValid():
            return
        contact_id = self.model.contact_at(current.row()).id
        if self.editor.contact and self.editor.contact.id == contact_id:
            return
        if not self.confirm_leave():
            return
        self.editor.load(contact_store.get(self.store, contact_id))

    def confirm_leave(self) -> bool:
        """Ask what to do with unsaved edits; False means stay."""
        if not self.editor.dirty or self.store.read_only:
            return True
        name = self.editor.lines["name"].text() or _("the new contact")
        answer = ask(self, _("Unsaved changes"), _("Save the changes to {name}?").format(name=name),
                     [_("Save"), _("Discard changes"), _("Cancel")])
        if answer == 0:
            return self.editor.save() is not None
        return answer == 1

    def new_contact(self, contact_type: ContactType = ContactType.PERSON) -> None:
        if self.store.read_only or not self.confirm_leave():
            return
        self.table.clearSelection()
        self.editor.load(None)
        self.editor.contact_type.setCurrentIndex(self.editor.contact_type.findData(contact_type.value))
        self.editor.dirty = False
        self.editor.lines["name"].setFocus()

    def _saved(self, contact_id: str) -> None:
        self.reload(select=contact_id)
        self.changed.emit()

    def _pick_deputy(self) -> None:
        own = self.editor.contact.id if self.editor.contact else None
        picker = ContactPicker(self.store, _("Choose deputy"), self, exclude=own)
        if picker.exec() and picker.chosen_id():
            self.editor.set_deputy(picker.chosen_id())

    def selected_ids(self) -> list[str]:
        return [self.model.contact_at(index.row()).id for index in self.table.selectionModel().selectedRows()]

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if self.store.read_only or not ids:
            return
        names = [contact_store.get(self.store, i).name for i in ids[:5]]
        listing = "\n".join(f"• {n}" for n in names) + ("\n…" if len(ids) > 5 else "")
        question = (ngettext("Delete {n} contact?", "Delete {n} contacts?", len(ids)).format(n=len(ids)) + "\n\n" + listing
                    + "\n\n" + _("They are also removed from alert lists, and deputy links to them are cleared."))
        cards = _notifying_cards(self.store, ids)
        if cards:
            notified = (ngettext("{count} action card notifies this contact; it loses that notification and gets a new version.",
                                 "{count} action cards notify this contact; they lose that notification and get a new version.", cards)
                        if len(ids) == 1 else
                        ngettext("{count} action card notifies these contacts; it loses those notifications and gets a new version.",
                                 "{count} action cards notify these contacts; they lose those notifications and get a new version.", cards))
            question += "\n\n" + notified.format(count=cards)
        if ask(self, _("Delete contacts"), question, [_("Delete"), _("Cancel")], warning=True) != 0:
            return
        contact_store.delete(self.store, ids)
        self.editor.load(None)
        self.reload()
        self.changed.emit()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()


def _notifying_cards(store: Store, contact_ids: list[str]) -> int:
    """How many action cards notify the contacts (a card notifying two of them counts twice)."""
    from beredskap_desktop.storage import cards as card_store  # not needed to start the program

    return sum(card_store.users(store, "notify_contact_id", contact_id) for contact_id in contact_ids)
