"""The Action cards page: the card library with search and filters beside the card editor."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QSplitter,
    QStackedWidget, QTableView, QVBoxLayout, QWidget,
)

from beredskap_desktop.domain.cards import ActionCard, Phase, next_free_code
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.i18n import _
from beredskap_desktop.storage import cards as card_store
from beredskap_desktop.storage import contacts as contact_store
from beredskap_desktop.storage import incident_types as type_store
from beredskap_desktop.storage.database import Store
from beredskap_desktop.ui.models.cards_model import CardFilter, CardsModel
from beredskap_desktop.ui.widgets.card_editor import CardEditor
from beredskap_desktop.ui.widgets.common import ask, empty_state

FIRST_CODE = "TK-01"


class CardsPage(QWidget):
    """``changed`` fires after cards were added, edited, duplicated or deleted."""

    changed = Signal()

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.model = CardsModel(self)
        self._syncing = False  # the table follows the editor: do not open the card again
        self._build()
        self.reload()

    def _build(self) -> None:
        self.search = QLineEdit()
        self.search.setObjectName("card_search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Search code, title, trigger, purpose or steps (Ctrl+F)"))
        self.search.textChanged.connect(self.apply_filter)
        self.role_filter = QComboBox()
        self.role_filter.setObjectName("card_role_filter")
        self.type_filter = QComboBox()
        self.type_filter.setObjectName("card_type_filter")
        self.type_filter.setToolTip(_("Cards that are always activated count as matching every incident type."))
        self.phase_filter = QComboBox()
        self.phase_filter.setObjectName("card_phase_filter")
        self.phase_filter.addItem(_("All phases"), None)
        for phase in Phase:
            self.phase_filter.addItem(phase.label, phase.value)
        filters = QHBoxLayout()
        for combo in (self.role_filter, self.type_filter, self.phase_filter):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10)
            combo.currentIndexChanged.connect(self.apply_filter)
            filters.addWidget(combo, 1)

        writable = not self.store.read_only
        self.new_button = QPushButton(_("New card"))
        self.new_button.setToolTip(_("New action card (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_item)
        self.duplicate_button = QPushButton(_("Duplicate"))
        self.duplicate_button.setToolTip(_("A copy of the card under the next free code"))
        self.duplicate_button.clicked.connect(self.duplicate)
        self.delete_button = QPushButton(_("Delete"))
        self.delete_button.setToolTip(_("Delete the card (Delete)"))
        self.delete_button.clicked.connect(self.delete)
        self.new_button.setEnabled(writable)
        self.count_label = QLabel()
        self.count_label.setObjectName("card_count")
        actions = QHBoxLayout()
        for button in (self.new_button, self.duplicate_button, self.delete_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.count_label)

        self.table = QTableView()
        self.table.setObjectName("cards_table")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)  # several: to export them
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)  # one line per row, cut at the end (the full text is in the tooltip)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(28)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((70, 210, 130, 170, 170, 50, 60, 90)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.empty = empty_state("cards_empty")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addLayout(filters)
        left_layout.addLayout(actions)
        left_layout.addWidget(self.empty, 1)
        left_layout.addWidget(self.table, 1)

        self.editor = CardEditor(self.store)
        self.editor.saved.connect(self._saved)
        self.no_card = empty_state("card_none")
        self.no_card.setText(_("Choose a card in the list, or write a new one with “New card” (Ctrl+N)."))
        self.right = QStackedWidget()
        self.right.addWidget(self.no_card)
        self.right.addWidget(self.editor)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([480, 690])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table, self.delete).setContext(Qt.ShortcutContext.WidgetShortcut)

    # The library
    def reload(self, select: str | None = None) -> None:
        """Read cards, roles, incident types, plans and alert lists again; keep the selection and what is typed."""
        roles = contact_store.roles(self.store)
        types = type_store.list_all(self.store)
        self._fill(self.role_filter, _("All roles"), [(r.name, r.id) for r in roles])
        self._fill(self.type_filter, _("All incident types"), [(t.name, t.code) for t in types])
        self.model.set_cards(card_store.summaries(self.store), {r.id: r.name for r in roles}, {t.code: t.name for t in types})
        self.editor.refresh_choices()
        shown = self.showing()
        card = card_store.get(self.store, shown) if shown else None
        if shown and not self.editor.dirty:
            if card is None:
                self._show_none()
            elif card != self.editor.base:
                self.editor.load(card)
        elif card is not None and card != self.editor.base:
            self.editor.stored_changed(card)
        self.apply_filter()
        if select:
            self.show_card(select)

    def _fill(self, combo: QComboBox, everything: str, items: list[tuple[str, str]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(everything, None)
        for text, data in items:
            combo.addItem(text, data)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        combo.blockSignals(False)

    def apply_filter(self) -> None:
        query = self.search.text()
        phase = self.phase_filter.currentData()
        self.model.set_filter(CardFilter(card_store.search_ids(self.store, query), self.role_filter.currentData(),
                                         self.type_filter.currentData(), Phase(phase) if phase else None))
        shown, total = self.model.rowCount(), self.model.total()
        self.count_label.setText(_("{shown} of {total} cards").format(shown=shown, total=total))
        if total == 0:
            self.empty.setText(_("No action cards yet. Write the first with “New card” (Ctrl+N)."))
        elif shown == 0:
            self.empty.setText(_("No cards match “{query}”.").format(query=query) if query.strip() else _("No cards match the filters."))
        self.empty.setVisible(shown == 0)
        self.table.setVisible(shown > 0)
        self._sync_table()

    def _sync_table(self) -> None:
        """Select the row of the card in the editor, if it is listed."""
        row = self.model.row_of(self.showing()) if self.showing() else None
        self._syncing = True
        if row is None:
            self.table.selectionModel().clear()
        else:
            index = self.model.index(row, 0)
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(index)
        self._syncing = False
        self._update_buttons()

    def _clear_filters(self) -> None:
        for combo in (self.role_filter, self.type_filter, self.phase_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.apply_filter()

    def selected_ids(self) -> list[str]:
        """The cards selected in the library, in list order (File → Export action cards exports these)."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.model.card_at(row).id for row in rows]

    def showing(self) -> str | None:
        """The id of the saved card in the editor (None: no card, or a new one)."""
        if self.right.currentWidget() is self.editor and not self.editor.is_new():
            return self.editor.card_id()
        return None

    def _update_buttons(self) -> None:
        has_card = self.showing() is not None and not self.store.read_only
        self.duplicate_button.setEnabled(has_card)
        self.delete_button.setEnabled(has_card)

    # Opening cards
    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        card_id = self.model.card_at(current.row()).id
        if card_id == self.showing():
            return
        if self.confirm_leave():
            self._open(card_id)
        self._sync_table()

    def _open(self, card_id: str) -> None:
        card = card_store.get(self.store, card_id)
        if card is None:
            self.reload()
            return
        self.editor.load(card)
        self.right.setCurrentWidget(self.editor)
        self._update_buttons()

    def _show_none(self) -> None:
        self.editor.dirty = False
        self.right.setCurrentWidget(self.no_card)
        self._update_buttons()

    def show_card(self, card_id: str) -> None:
        """Select and open ``card_id``, clearing filters that hide it."""
        if self.model.row_of(card_id) is None:
            self._clear_filters()
        if card_id != self.showing() and self.confirm_leave():
            self._open(card_id)
        self._sync_table()

    # Commands
    def new_item(self) -> None:
        """A new card with the next free code, in the role, type and phase the filters show."""
        if self.store.read_only or not self.confirm_leave():
            return
        roles = contact_store.roles(self.store)
        role = self.role_filter.currentData() or (roles[0].id if roles else "")
        incident_type, phase = self.type_filter.currentData(), self.phase_filter.currentData()
        self.editor.load(ActionCard(
            "", next_free_code(FIRST_CODE, set(card_store.codes(self.store))), "", role,
            incident_types=(incident_type,) if incident_type else (), phases=(Phase(phase),) if phase else (),
        ))
        self.right.setCurrentWidget(self.editor)
        self._sync_table()
        self.editor.title.setFocus()

    def save(self) -> None:
        if self.right.currentWidget() is self.editor:
            self.editor.save()

    def _saved(self, card_id: str) -> None:
        self.reload(select=card_id)
        self.changed.emit()

    def duplicate(self) -> None:
        card_id = self.showing()
        if self.store.read_only or card_id is None or not self.confirm_leave():
            return
        try:
            copy = card_store.duplicate(self.store, card_id)
        except UserError as error:
            ask(self, _("Duplicate"), str(error), [_("OK")])
            self.reload()
            return
        self.reload(select=copy.id)
        self.changed.emit()
        self.editor.title.setFocus()
        self.editor.title.selectAll()

    def delete(self) -> None:
        card_id = self.showing()
        if self.store.read_only or card_id is None:
            return
        card = card_store.get(self.store, card_id)
        if card is None:
            self.reload()
            return
        question = _("Delete the action card {code} «{title}»? It is removed from its plan and incident types; this cannot be undone.")
        if ask(self, _("Delete action card"), question.format(code=card.code, title=card.title), [_("Delete"), _("Cancel")], warning=True) != 0:
            return
        row = self.model.row_of(card_id)
        card_store.delete(self.store, card_id)
        self._show_none()
        self.reload()
        if row is not None and self.model.rowCount():
            self.show_card(self.model.card_at(min(row, self.model.rowCount() - 1)).id)
        self.changed.emit()

    def confirm_leave(self) -> bool:
        """Ask what to do with unsaved edits: Save, Discard or Cancel; True when the card may be left."""
        if not self.editor.dirty or self.store.read_only or self.right.currentWidget() is not self.editor:
            return True
        name = self.editor.heading.text()
        answer = ask(self, _("Unsaved changes"), _("Save the changes to {name}?").format(name=name),
                     [_("Save"), _("Discard changes"), _("Cancel")])
        if answer == 0:
            return self.editor.save() is not None
        if answer == 1:
            if self.editor.is_new():
                self._show_none()
            else:
                self.editor.revert()
            return True
        return False

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()
