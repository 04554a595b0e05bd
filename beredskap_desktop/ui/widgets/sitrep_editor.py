"""The fields of a situation report (DOMAIN.md § 6.3) in one scrolling form: to whom and the
contact person, the situation, casualties (each may be unknown), the eight critical
functions with state and comment in a grid, measures taken and planned, needs,
communication, other matters and when the next report comes.

``dirty`` says whether anything was typed since ``fill``; ``content()`` is what the form
says now. Messages from checking show under the fields they are about."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QDate, QDateTime, QTime, Signal
from PySide6.QtWidgets import (
    QComboBox, QDateTimeEdit, QFormLayout, QFrame, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
    QPlainTextEdit, QPushButton, QScrollArea, QSpinBox, QVBoxLayout, QWidget,
)

from beredskap_desktop.domain.clock import now_utc
from beredskap_desktop.domain.phones import format_phone
from beredskap_desktop.domain.sitreps import (
    MAX_COUNT, Casualties, CriticalFunction, FunctionState, FunctionStatus, SitrepContent, label,
)
from beredskap_desktop.i18n import _
from beredskap_desktop.ui.widgets.field_errors import FieldErrors
from beredskap_desktop.ui.widgets.time_field import from_qt, qt_time

CASUALTIES = ("dead", "injured", "evacuated", "missing")
LONG_TEXTS = ("measures_taken", "planned_measures", "needs", "communication", "other")
_NOT_SET = QDateTime(QDate(2000, 1, 1), QTime(0, 0))  # the next report field's "not set"
_STATE_COLOURS = {FunctionState.NORMAL: "#15803d", FunctionState.REDUCED: "#b45309", FunctionState.OUT: "#b91c1c"}


def _text_box(name: str, height: int, placeholder: str = "") -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setObjectName(f"sitrep_{name}")
    box.setTabChangesFocus(True)
    box.setFixedHeight(height)
    box.setPlaceholderText(placeholder)
    return box


class SitrepEditor(QScrollArea):
    """``edited`` fires on the first change after ``fill``."""

    edited = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("sitrep_editor")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.dirty = False
        self._filling = False
        self.errors = FieldErrors()
        self.read_only = False
        self._build()

    def _build(self) -> None:
        self.report_to = QLineEdit()
        self.report_to.setObjectName("sitrep_report_to")
        self.report_to.setPlaceholderText(_("e.g. Statsforvalteren i Vestland"))
        self.contact_name = QLineEdit()
        self.contact_name.setObjectName("sitrep_contact_name")
        self.contact_name.setPlaceholderText(_("Name"))
        self.contact_phone = QLineEdit()
        self.contact_phone.setObjectName("sitrep_contact_phone")
        self.contact_phone.setPlaceholderText(_("Phone"))
        self.contact_email = QLineEdit()
        self.contact_email.setObjectName("sitrep_contact_email")
        self.contact_email.setPlaceholderText(_("E-mail"))
        contact = QWidget()
        contact_row = QHBoxLayout(contact)
        contact_row.setContentsMargins(0, 0, 0, 0)
        contact_row.addWidget(self.errors.wrap("contact_name", self.contact_name), 3)
        contact_row.addWidget(self.errors.wrap("contact_phone", self.contact_phone), 2)
        contact_row.addWidget(self.errors.wrap("contact_email", self.contact_email), 3)
        self.situation = _text_box("situation", 110, _("What has happened, where, how it develops"))

        self.counts: dict[str, QSpinBox] = {}
        counts = QWidget()
        counts_grid = QGridLayout(counts)
        counts_grid.setContentsMargins(0, 0, 0, 0)
        counts_grid.setVerticalSpacing(1)
        for column, name in enumerate(CASUALTIES):
            spin = QSpinBox()
            spin.setObjectName(f"sitrep_{name}")
            spin.setRange(-1, MAX_COUNT)
            spin.setSpecialValueText(_("unknown"))
            spin.setMinimumWidth(80)
            spin.setToolTip(_("Down to «unknown» when it is not known"))
            self.counts[name] = spin
            counts_grid.addWidget(QLabel(label(name)), 0, column)
            counts_grid.addWidget(self.errors.wrap(name, spin), 1, column)

        functions = QGroupBox(label("functions"))
        grid = QGridLayout(functions)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(3)
        self.states: dict[CriticalFunction, QComboBox] = {}
        self.function_comments: dict[CriticalFunction, QLineEdit] = {}
        for row, function in enumerate(CriticalFunction):
            state = QComboBox()
            state.setObjectName(f"function_state_{function.value}")
            state.addItem(_("Not assessed"), None)
            for value in FunctionState:
                state.addItem(value.label, value.value)
            state.setMinimumWidth(140)
            state.currentIndexChanged.connect(lambda _index, combo=state: self._colour_state(combo))
            comment = QLineEdit()
            comment.setObjectName(f"function_comment_{function.value}")
            comment.setPlaceholderText(_("Comment"))
            self.states[function] = state
            self.function_comments[function] = comment
            grid.addWidget(QLabel(function.label), row, 0)
            grid.addWidget(state, row, 1)
            grid.addWidget(comment, row, 2)
        grid.setColumnStretch(2, 1)

        self.texts = {name: _text_box(name, 70) for name in LONG_TEXTS}
        self.next_report = QDateTimeEdit()
        self.next_report.setObjectName("sitrep_next_report_at")
        self.next_report.setDisplayFormat("dd.MM.yyyy HH:mm")
        self.next_report.setCalendarPopup(True)
        self.next_report.setMinimumDateTime(_NOT_SET)
        self.next_report.setSpecialValueText(_("not set"))
        next_row = QWidget()
        next_layout = QHBoxLayout(next_row)
        next_layout.setContentsMargins(0, 0, 0, 0)
        next_layout.addWidget(self.next_report)
        self.next_buttons = []
        for hours in (1, 2, 4):
            button = QPushButton(_("in {hours} h").format(hours=hours))
            button.setToolTip(_("The next report {hours} hours from now").format(hours=hours))
            button.clicked.connect(lambda _checked=False, hours=hours: self.set_next_report(now_utc() + timedelta(hours=hours)))
            self.next_buttons.append(button)
            next_layout.addWidget(button)
        clear = QPushButton(_("None"))
        clear.setToolTip(_("No time set for the next report"))
        clear.clicked.connect(lambda: self.set_next_report(None))
        self.next_buttons.append(clear)
        next_layout.addWidget(clear)
        next_layout.addStretch(1)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)  # labels above: the fields get the width
        form.setVerticalSpacing(4)
        form.addRow(label("report_to"), self.errors.wrap("report_to", self.report_to))
        form.addRow(label("contact_name"), contact)
        form.addRow(label("situation"), self.errors.wrap("situation", self.situation))
        form.addRow(_("Consequences for life and health"), counts)
        form.addRow(self.errors.wrap("functions", functions))
        for name in LONG_TEXTS:
            form.addRow(label(name), self.errors.wrap(name, self.texts[name]))
        form.addRow(label("next_report_at"), self.errors.wrap("next_report_at", next_row))
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(8, 4, 12, 8)
        column.addLayout(form)
        column.addWidget(self.errors.general)
        column.addStretch(1)
        self.setWidget(page)
        for widget in self._inputs():
            signal = {QLineEdit: "textChanged", QPlainTextEdit: "textChanged", QSpinBox: "valueChanged",
                      QComboBox: "currentIndexChanged", QDateTimeEdit: "dateTimeChanged"}[type(widget)]
            getattr(widget, signal).connect(self._changed)

    def _inputs(self) -> list[QWidget]:
        return [self.report_to, self.contact_name, self.contact_phone, self.contact_email, self.situation,
                *self.counts.values(), *self.states.values(), *self.function_comments.values(), *self.texts.values(),
                self.next_report]

    @staticmethod
    def _colour_state(combo: QComboBox) -> None:
        value = combo.currentData()
        colour = _STATE_COLOURS.get(FunctionState(value)) if value else None
        combo.setStyleSheet(f"QComboBox {{ color: {colour}; font-weight: 700; }}" if colour else "")

    def _changed(self, *_args) -> None:
        if self._filling or self.read_only:
            return
        first = not self.dirty
        self.dirty = True
        if first:
            self.edited.emit()

    # Filling and reading
    def fill(self, content: SitrepContent | None) -> None:
        """Show ``content`` (an empty form for ``None``); nothing is typed after this."""
        content = content or SitrepContent()
        self._filling = True
        self.errors.clear()
        self.report_to.setText(content.report_to)
        self.contact_name.setText(content.contact_name)
        self.contact_phone.setText(format_phone(content.contact_phone))
        self.contact_email.setText(content.contact_email)
        self.situation.setPlainText(content.situation)
        for name, spin in self.counts.items():
            value = getattr(content.casualties, name)
            spin.setValue(-1 if value is None else value)
        for function in CriticalFunction:
            status = content.function(function)
            self.states[function].setCurrentIndex(max(0, self.states[function].findData(status.state.value if status.state else None)))
            self.function_comments[function].setText(status.comment)
        for name, box in self.texts.items():
            box.setPlainText(getattr(content, name))
        self.set_next_report(content.next_report_at)
        self._filling = False
        self.dirty = False
        self.verticalScrollBar().setValue(0)

    def set_next_report(self, moment: datetime | None) -> None:
        self.next_report.setDateTime(qt_time(moment) if moment else _NOT_SET)

    def content(self) -> SitrepContent:
        """What the form says (checked and cleaned by storage when saved)."""
        casualties = Casualties(**{name: (None if spin.value() < 0 else spin.value()) for name, spin in self.counts.items()})
        functions = tuple(
            FunctionStatus(function, FunctionState(self.states[function].currentData()) if self.states[function].currentData() else None,
                           self.function_comments[function].text())
            for function in CriticalFunction
        )
        next_at = None if self.next_report.dateTime() == _NOT_SET else from_qt(self.next_report.dateTime())
        return SitrepContent(
            report_to=self.report_to.text(), contact_name=self.contact_name.text(), contact_phone=self.contact_phone.text(),
            contact_email=self.contact_email.text(), situation=self.situation.toPlainText(), casualties=casualties,
            functions=functions, **{name: box.toPlainText() for name, box in self.texts.items()}, next_report_at=next_at,
        )

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        for widget in self._inputs():
            if isinstance(widget, (QLineEdit, QPlainTextEdit, QSpinBox, QDateTimeEdit)):
                widget.setReadOnly(read_only)
            else:
                widget.setEnabled(not read_only)
        for button in self.next_buttons:
            button.setEnabled(not read_only)
