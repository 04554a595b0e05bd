"""The Plans page: plans with status and revision badges on the left, the plan editor on the right."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QSplitter,
    QTableView, QVBoxLayout, QWidget,
)

from beredskap_desktop.domain.clock import today
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.domain.plans import Plan, PlanStatus, PlanType
from beredskap_desktop.i18n import _, ngettext
from beredskap_desktop.storage import plans as plan_store
from beredskap_desktop.storage.database import Store
from beredskap_desktop.ui.models.plans_model import DEPTH_ROLE, SUBTITLE_ROLE, TITLE, PlansModel
from beredskap_desktop.ui.widgets.common import ask, empty_state
from beredskap_desktop.ui.widgets.plan_editor import PlanEditor
from beredskap_desktop.ui.widgets.two_line_delegate import TwoLineDelegate


class PlansPage(QWidget):
    """Every plan; ``changed`` fires after plans were added, edited or deleted."""

    changed = Signal()

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.model = PlansModel(self)
        self.found_sections: dict[str, list[tuple[str, str]]] = {}
        self._build(plan_store.revision_months(store))
        self.reload()

    def _build(self, months: int) -> None:
        self.search = QLineEdit()
        self.search.setObjectName("plan_search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Search plans and their text (Ctrl+F)"))
        self.search.textChanged.connect(self.apply_filter)
        self.show_archived = QCheckBox(_("Show archived"))
        self.show_archived.setObjectName("show_archived")
        self.show_archived.toggled.connect(self.apply_filter)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.show_archived)

        self.new_button = QPushButton(_("New plan"))
        self.new_button.setToolTip(_("New plan (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_item)
        self.delete_button = QPushButton(_("Delete…"))
        self.delete_button.setToolTip(_("Delete a draft that was never adopted (adopted plans are archived instead)"))
        self.delete_button.clicked.connect(self.delete_current)
        self.count_label = QLabel()
        self.count_label.setObjectName("plan_count")
        actions = QHBoxLayout()
        for button in (self.new_button, self.delete_button):
            button.setMinimumHeight(32)
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.count_label)

        self.table = QTableView()
        self.table.setObjectName("plans_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)  # several: to export them
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setItemDelegateForColumn(TITLE, TwoLineDelegate(SUBTITLE_ROLE, DEPTH_ROLE, self.table))
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(QFontMetrics(self.font()).height() * 2 + 12)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((200, 80, 108, 58)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.empty = empty_state("plans_empty")
        self.found = QLabel()
        self.found.setObjectName("found_in")
        self.found.setWordWrap(True)
        self.found.setStyleSheet("color: #555;")
        self.left_message = QLabel()
        self.left_message.setObjectName("plans_message")
        self.left_message.setWordWrap(True)
        self.left_message.setStyleSheet("color: #b91c1c;")
        self.left_message.hide()

        self.editor = PlanEditor(self.store, months)
        self.editor.saved.connect(self._saved)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(filters)
        left_layout.addLayout(actions)
        left_layout.addWidget(self.empty, 1)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.found)
        left_layout.addWidget(self.left_message)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([480, 690])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.new_button.setEnabled(not self.store.read_only)
        QShortcut(QKeySequence.StandardKey.Delete, self.table, self.delete_current).setContext(Qt.ShortcutContext.WidgetShortcut)

    # The list
    def reload(self, select: str | None = None) -> None:
        """Read the plans again and keep the filters and the selection (or select ``select``)."""
        self.editor.months = plan_store.revision_months(self.store)
        self.editor.plans = plan_store.summaries(self.store)
        self.model.set_plans(self.editor.plans, today(), self.editor.months)
        self._refresh_editor()
        select = select or self._current_id()
        self.apply_filter()
        if select:
            self.select(select)
        elif not self.editor.showing and self.model.rowCount():
            self.table.selectRow(0)

    def _refresh_editor(self) -> None:
        """Show the stored version of the plan in the editor when it was changed meanwhile (an import);
        unsaved edits are kept, and the editor says the plan changed."""
        shown = self.editor.plan
        stored = plan_store.get(self.store, shown.id) if shown else None
        if stored is None or stored == shown:
            return
        if self.editor.dirty:
            self.editor.stored_changed(stored)
        else:
            row = self.editor.sections.list.currentRow()
            section_id = self.editor.sections.sections[row].id if row >= 0 else None
            self.editor.load(stored, row=next((i for i, s in enumerate(stored.sections) if s.id == section_id), 0))

    def apply_filter(self) -> None:
        current = self._current_id()
        query = self.search.text()
        found = plan_store.search(self.store, query)
        self.found_sections = found[1] if found else {}
        self.model.set_filter(found[0] | set(found[1]) if found else None, self.show_archived.isChecked())
        shown, total = self.model.rowCount(), self.model.total()
        text = _("{shown} of {total} plans").format(shown=shown, total=total)
        overdue = self.model.overdue_count()
        if overdue:
            text += " · " + ngettext("{count} overdue", "{count} overdue", overdue).format(count=overdue)
        self.count_label.setText(text)
        if total == 0:
            self.empty.setText(_("No plans yet. Create the overall emergency plan with “New plan” (Ctrl+N)."))
        elif shown == 0:
            self.empty.setText(_("No plans match “{query}”.").format(query=query) if query.strip()
                               else _("Every plan is archived. Tick “Show archived” to see them."))
        self.empty.setVisible(shown == 0)
        self.table.setVisible(shown > 0)
        row = self.model.row_of(current) if current else None
        if row is not None:
            self._set_current_row(row)
        self._show_found()
        self._update_buttons()

    def selected_ids(self) -> list[str]:
        """The plans selected in the list, in list order (File → Export plans exports these)."""
        return [self.model.plan_at(index.row()).id for index in sorted(self.table.selectionModel().selectedRows(), key=lambda i: i.row())]

    def _current_id(self) -> str | None:
        if self.editor.plan is not None:
            return self.editor.plan.id
        index = self.table.currentIndex()
        return self.model.plan_at(index.row()).id if index.isValid() else None

    def _set_current_row(self, row: int | None) -> None:
        """Select ``row`` (``None`` clears) without loading anything into the editor."""
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        if row is None:
            selection.clear()
        else:
            index = self.model.index(row, 0)
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(index)
        selection.blockSignals(False)
        self.table.viewport().update()

    def select(self, plan_id: str) -> None:
        """Select and open ``plan_id``, clearing the search (and showing archived plans) when it is hidden."""
        if self.model.row_of(plan_id) is None:
            summary = next((p for p in self.editor.plans if p.id == plan_id), None)
            if summary is None:
                return
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            self.show_archived.blockSignals(True)
            self.show_archived.setChecked(self.show_archived.isChecked() or summary.status is PlanStatus.ARCHIVED)
            self.show_archived.blockSignals(False)
            self.apply_filter()
        row = self.model.row_of(plan_id)
        if row is not None:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(self.model.index(row, 0))

    def _current_changed(self, current, previous) -> None:
        if not current.isValid():
            return
        plan_id = self.model.plan_at(current.row()).id
        if self.editor.plan is None or self.editor.plan.id != plan_id:
            if not self.confirm_leave():
                self._set_current_row(self.model.row_of(self.editor.plan.id) if self.editor.plan else None)
                return
            self.editor.load(plan_store.get(self.store, plan_id))
            self._set_current_row(self.model.row_of(plan_id))  # saving in confirm_leave reloaded the list
        hits = self.found_sections.get(plan_id)
        if hits:
            self.editor.sections.show_section(hits[0][0])
        self._show_found()
        self._update_buttons()

    def _show_found(self) -> None:
        hits = self.found_sections.get(self.editor.plan.id, []) if self.editor.plan else []
        self.found.setText(_("Found in: {sections}").format(sections=", ".join(title for _id, title in hits)) if hits else "")
        self.found.setVisible(bool(hits))

    def _update_buttons(self) -> None:
        plan = self.editor.plan
        self.delete_button.setEnabled(not self.store.read_only and plan is not None and not plan_store.has_revisions(self.store, plan.id))

    # Editing
    def confirm_leave(self) -> bool:
        """Ask what to do with unsaved edits; False means stay."""
        if not self.editor.dirty or self.store.read_only:
            return True
        name = self.editor.title.text().strip() or _("the new plan")
        answer = ask(self, _("Unsaved changes"), _("Save the changes to {name}?").format(name=name),
                     [_("Save"), _("Discard changes"), _("Cancel")])
        if answer == 0:
            return self.editor.save(wait=True)
        if answer == 1:
            self.editor.load(self.editor.plan, shown=self.editor.plan is not None)
            return True
        return False

    def new_item(self) -> None:
        """A new draft in the editor: the overall plan if there is none yet, else a sub-plan under it."""
        if self.store.read_only or not self.confirm_leave():
            return
        overall = next((p for p in self.editor.plans if p.plan_type is PlanType.OVERALL and p.status is not PlanStatus.ARCHIVED), None)
        defaults = Plan("", PlanType.OTHER, "", parent_id=overall.id) if overall else Plan("", PlanType.OVERALL, "")
        self._set_current_row(None)
        self.editor.load(None, defaults=defaults)
        self._show_found()
        self._update_buttons()
        self.editor.title.setFocus()

    def save(self) -> None:
        self.editor.save()

    def _saved(self, plan_id: str) -> None:
        self.left_message.hide()
        self.reload(select=plan_id)
        self.changed.emit()

    def delete_current(self) -> None:
        plan = self.editor.plan
        if not self.delete_button.isEnabled() or plan is None:
            return
        count = len(plan.sections)
        question = (ngettext("Delete the draft “{title}” with its {count} section?", "Delete the draft “{title}” with its {count} sections?",
                             count).format(title=plan.title, count=count)
                    + "\n\n" + _("Its sub-plans are kept without a parent, and action cards linked to it lose the link."))
        if ask(self, _("Delete plan"), question, [_("Delete"), _("Cancel")], warning=True) != 0:
            return
        try:
            plan_store.delete(self.store, plan.id)
        except UserError as error:
            self.left_message.setText(str(error))
            self.left_message.show()
            return
        self.left_message.hide()
        self.editor.load(None, shown=False)
        self._set_current_row(None)
        self.reload()
        self.changed.emit()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def show_plan(self, plan_id: str, section_id: str | None = None) -> None:
        """Select and open ``plan_id``, at ``section_id`` when given."""
        self.select(plan_id)
        if section_id and self.editor.plan is not None and self.editor.plan.id == plan_id:
            self.editor.sections.show_section(section_id)
