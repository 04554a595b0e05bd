"""An action card's steps: a table in order, buttons to add, move and remove, and a form for one step."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QGridLayout, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPlainTextEdit,
    QPushButton, QTableView, QVBoxLayout, QWidget,
)

from beredskap_desktop.domain.cards import Step
from beredskap_desktop.i18n import _
from beredskap_desktop.storage.contacts import Role
from beredskap_desktop.storage.database import Store
from beredskap_desktop.ui.dialogs.contact_picker import ContactPicker
from beredskap_desktop.ui.models.card_steps_model import CardStepsModel, DraftStep
from beredskap_desktop.ui.widgets.common import empty_state

ERROR_STYLE = "color: #b91c1c;"
_PICK_CONTACT = "pick"  # notify choices are "", "list:<id>", "contact:<id>" or this
_UNDO_DEPTH = 50


def plain_text(lines: int) -> QPlainTextEdit:
    """A multi-line field ``lines`` high, where Tab moves on."""
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 14)
    return edit


class StepsEditor(QWidget):
    """``edited`` fires on every change to the steps (so the card has unsaved edits)."""

    edited = Signal()

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self._loading = False
        self._undo: list[tuple[tuple[DraftStep, ...], int]] = []
        self._text_row: int | None = None  # the step whose typing the last undo point covers
        self._list_names: dict[str, str] = {}
        self.model = CardStepsModel(store, self)
        self._build()
        writable = not store.read_only
        self.add_button.setEnabled(writable)
        for edit in (self.text, self.deadline):
            edit.setReadOnly(not writable)

    def _build(self) -> None:
        self.table = QTableView()
        self.table.setObjectName("steps_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)  # one line per row, cut at the end (the full text is in the tooltip)
        numbers = self.table.verticalHeader()
        numbers.setDefaultSectionSize(28)
        numbers.setMinimumWidth(32)
        numbers.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        numbers.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((260, 125, 140, 95)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._chosen)
        self.table.doubleClicked.connect(lambda: self.text.setFocus())
        self.empty = empty_state("steps_empty")
        self.empty.setText(_("No steps yet. Add the first with “Add step”: one action each, as an order (“Varsle …”)."))

        self.add_button = QPushButton(_("Add step"))
        self.add_button.clicked.connect(self.add)
        self.up_button = QPushButton(_("Move up"))
        self.up_button.setToolTip(_("Move up (Ctrl+Up)"))
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button = QPushButton(_("Move down"))
        self.down_button.setToolTip(_("Move down (Ctrl+Down)"))
        self.down_button.clicked.connect(lambda: self.move(1))
        self.remove_button = QPushButton(_("Remove step"))
        self.remove_button.setToolTip(_("Remove step (Delete)"))
        self.remove_button.clicked.connect(self.remove)
        self.undo_button = QPushButton(_("Undo"))
        self.undo_button.setToolTip(_("Undo the last change to the steps (Ctrl+Z)"))
        self.undo_button.clicked.connect(self.undo)
        buttons = QHBoxLayout()
        title = QLabel(_("Steps"))
        title.setStyleSheet("font-weight: 600;")
        buttons.addWidget(title)
        buttons.addStretch(1)
        for button in (self.add_button, self.up_button, self.down_button, self.remove_button, self.undo_button):
            buttons.addWidget(button)

        self.text = plain_text(2)
        self.text.setObjectName("step_text")
        self.text.setPlaceholderText(_("What to do, as an order: “Varsle kriseledelsen”"))
        self.text.textChanged.connect(self._text_changed)
        self.role = QComboBox()
        self.role.setObjectName("step_role")
        self.role.activated.connect(lambda: self._change(responsible_role_id=self.role.currentData()))
        self.notify = QComboBox()
        self.notify.setObjectName("step_notify")
        self.notify.activated.connect(self._notify_chosen)
        self.deadline = QLineEdit()
        self.deadline.setObjectName("step_deadline")
        self.deadline.setPlaceholderText("T+30 min")
        self.deadline.setToolTip(_("Time from the start of the incident: T+30 min, T+2 t, T+1 d"))
        self.deadline.setMaximumWidth(120)
        self.deadline.textEdited.connect(self._deadline_edited)
        self.deadline.editingFinished.connect(self._check_deadline)
        self.deadline_message = QLabel()
        self.deadline_message.setObjectName("deadline_message")
        self.deadline_message.setStyleSheet(ERROR_STYLE)
        self.deadline_message.setWordWrap(True)
        self.deadline_message.hide()
        self.heading = QLabel()
        self.heading.setStyleSheet("font-weight: 600;")
        form = QGridLayout()
        form.addWidget(self.heading, 0, 0, 1, 6)
        form.addWidget(self.text, 1, 0, 1, 6)
        fields = ((_("Responsible"), self.role), (_("Notify"), self.notify), (_("Deadline"), self.deadline))
        for column, (label, field) in enumerate(fields):
            form.addWidget(QLabel(label), 2, column * 2)
            form.addWidget(field, 2, column * 2 + 1)
        form.setColumnStretch(1, 1)
        form.setColumnStretch(3, 1)
        form.addWidget(self.deadline_message, 3, 0, 1, 6)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        for key, slot in ((QKeySequence("Ctrl+Up"), lambda: self.move(-1)), (QKeySequence("Ctrl+Down"), lambda: self.move(1)),
                          (QKeySequence(QKeySequence.StandardKey.Undo), self.undo)):
            QShortcut(key, self, slot).setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)  # while working on the steps
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table, self.remove).setContext(Qt.ShortcutContext.WidgetShortcut)

    # Loading
    def set_names(self, roles: list[Role], list_names: dict[str, str]) -> None:
        """The roles and alert lists a step can name."""
        self._list_names = list_names
        self.role.clear()
        self.role.addItem(_("(the card's role)"), None)
        for role in roles:
            self.role.addItem(role.name, role.id)
        self.model.set_names({r.id: r.name for r in roles}, list_names)
        self._chosen(self.table.currentIndex())

    def set_steps(self, steps) -> None:
        """Show ``steps`` (Steps or DraftSteps) with the first selected; forgets undo."""
        self.model.set_steps(steps)
        self._undo = []
        self.select(0)

    def current_row(self) -> int | None:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else None

    def select(self, row: int | None) -> None:
        count = self.model.rowCount()
        if row is not None and count:
            index = self.model.index(max(0, min(row, count - 1)), 0)
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(index)
        self._chosen(self.table.currentIndex())

    def _chosen(self, index, previous=None) -> None:
        self._text_row = None
        draft = self.model.draft_at(index.row()) if index.isValid() else None
        step = draft.step if draft else Step("", "")
        self._loading = True
        self.heading.setText(_("Step {number} of {count}").format(number=index.row() + 1, count=self.model.rowCount())
                             if draft else _("No step selected"))
        self.text.setPlainText(step.text)
        self.text.moveCursor(QTextCursor.MoveOperation.End)
        self.role.setCurrentIndex(max(0, self.role.findData(step.responsible_role_id)))
        self._fill_notify(step)
        self.deadline.setText(draft.deadline if draft else "")
        self._show_deadline_error(draft.deadline_error() if draft else None)
        self._loading = False
        writable = not self.store.read_only
        for widget in (self.text, self.deadline):
            widget.setEnabled(draft is not None)
        for widget in (self.role, self.notify):
            widget.setEnabled(draft is not None and writable)
        self._update_buttons()

    def _fill_notify(self, step: Step) -> None:
        self.notify.clear()
        self.notify.addItem(_("— nobody —"), "")
        for list_id, name in self._list_names.items():
            self.notify.addItem(_("List: {name}").format(name=name), f"list:{list_id}")
        if step.notify_contact_id:
            self.notify.addItem(self.model.contact_name(step.notify_contact_id), f"contact:{step.notify_contact_id}")
        self.notify.addItem(_("Choose a contact…"), _PICK_CONTACT)
        chosen = f"list:{step.notify_alert_list_id}" if step.notify_alert_list_id else f"contact:{step.notify_contact_id}"
        self.notify.setCurrentIndex(max(0, self.notify.findData(chosen)))

    def _update_buttons(self) -> None:
        row, count = self.current_row(), self.model.rowCount()
        writable = not self.store.read_only
        self.up_button.setEnabled(writable and row is not None and row > 0)
        self.down_button.setEnabled(writable and row is not None and row < count - 1)
        self.remove_button.setEnabled(writable and row is not None)
        self.undo_button.setEnabled(writable and bool(self._undo))
        self.empty.setVisible(count == 0)
        self.table.setVisible(count > 0)

    # Editing
    def _remember(self) -> None:
        """An undo point for the steps as they are now; marks the card edited."""
        self._undo = [*self._undo[-_UNDO_DEPTH + 1:], (self.model.drafts(), self.current_row() or 0)]
        self.edited.emit()

    def _change(self, remember: bool = True, **changes) -> None:
        row = self.current_row()
        if row is None or self._loading or self.store.read_only:
            return
        draft = self.model.draft_at(row)
        step = replace(draft.step, **changes)
        if step == draft.step:
            return
        if remember:
            self._remember()
        self.model.update(row, replace(draft, step=step))
        self.edited.emit()
        self._update_buttons()

    def add(self) -> None:
        """A new empty step after the selected one (or at the end)."""
        if self.store.read_only:
            return
        self._remember()
        row = self.current_row()
        row = self.model.rowCount() if row is None else row + 1
        self.model.insert(row, DraftStep(Step("", "")))
        self.select(row)
        self.text.setFocus()

    def remove(self) -> None:
        row = self.current_row()
        if self.store.read_only or row is None:
            return
        self._remember()
        self.model.remove(row)
        self.select(row)

    def move(self, offset: int) -> None:
        row = self.current_row()
        if self.store.read_only or row is None:
            return
        if max(0, min(self.model.rowCount() - 1, row + offset)) != row:
            self._remember()
            self.select(self.model.move(row, offset))

    def undo(self) -> None:
        """Put the steps back as they were before the last change to them."""
        if self.store.read_only or not self._undo:
            return
        drafts, row = self._undo.pop()
        self.model.set_steps(drafts)
        self.select(row)
        self.edited.emit()

    def _text_changed(self) -> None:
        row = self.current_row()
        if self._loading or row is None:
            return
        first = self._text_row != row
        self._text_row = row
        self._change(remember=first, text=self.text.toPlainText())

    def _notify_chosen(self) -> None:
        row = self.current_row()
        if row is None:
            return
        choice = self.notify.currentData()
        if choice == _PICK_CONTACT:
            picker = ContactPicker(self.store, _("Who is notified at step {number}").format(number=row + 1), self)
            if not (picker.exec() and picker.chosen_id()):
                self._fill_notify(self.model.draft_at(row).step)
                return
            choice = f"contact:{picker.chosen_id()}"
        kind, _sep, target = choice.partition(":")
        self._change(notify_alert_list_id=target if kind == "list" else None,
                     notify_contact_id=target if kind == "contact" else None)
        self._fill_notify(self.model.draft_at(row).step)

    def _deadline_edited(self, text: str) -> None:
        row = self.current_row()
        if row is None or self.store.read_only:
            return
        self._text_row = None
        draft = replace(self.model.draft_at(row), deadline=text)
        self.model.update(row, draft)
        self.edited.emit()
        if draft.deadline_error() is None:
            self._show_deadline_error(None)

    def _check_deadline(self) -> None:
        row = self.current_row()
        if row is not None:
            self._show_deadline_error(self.model.draft_at(row).deadline_error())

    def _show_deadline_error(self, error: str | None) -> None:
        self.deadline_message.setText(error or "")
        self.deadline_message.setVisible(bool(error))
        self.deadline.setStyleSheet("border: 2px solid #b91c1c;" if error else "")

    # Reading back
    def problems(self) -> list[str]:
        """What stops the steps from being saved; the first such step is selected."""
        problems = self.model.problems()
        if problems:
            self.select(problems[0][0])
            self._check_deadline()
        return [message for _row, message in problems]

    def steps(self) -> tuple[Step, ...]:
        return self.model.steps()
