"""Write a log entry, or a correction of one (Ctrl+L anywhere; Ctrl+Enter saves).

The entry is appended with ``storage.log.append`` – committed durably – before the dialog
closes; a refused entry keeps everything typed and says what to fix under the field."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDateTimeEdit, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
    QPlainTextEdit, QPushButton, QVBoxLayout, QWidget,
)

from beredskap_desktop.domain.clock import OSLO, now_utc, show
from beredskap_desktop.domain.errors import FieldError, UserError
from beredskap_desktop.domain.incidents import Incident
from beredskap_desktop.domain.log import Category, Channel, Draft, LogEntry, Operator, check_draft
from beredskap_desktop.i18n import _
from beredskap_desktop.storage import log as log_store
from beredskap_desktop.storage.database import Store
from beredskap_desktop.ui.widgets.common import dialog_buttons
from beredskap_desktop.ui.widgets.field_errors import FieldErrors
from beredskap_desktop.ui.widgets.incident_style import EXERCISE_COLOUR, badge



def _qt_time(moment: datetime) -> QDateTime:
    local = moment.astimezone(OSLO)
    return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))


class LogEntryDialog(QDialog):
    """``saved(entry)`` fires once the entry is on disk, before the dialog closes."""

    saved = Signal(object)

    def __init__(self, store: Store, incident: Incident, device_id: str, operator: Operator,
                 corrects: LogEntry | None = None, parent=None):
        super().__init__(parent)
        self.store, self.incident, self.device_id, self.operator, self.corrects = store, incident, device_id, operator, corrects
        self.entry: LogEntry | None = None
        self.setWindowTitle(_("Correct log entry") if corrects else _("Log entry"))
        self.setMinimumWidth(640)
        self.errors = FieldErrors()
        heading = QLabel(incident.title)
        heading.setStyleSheet("font-size: 14pt; font-weight: 600;")
        heading.setWordWrap(True)
        top = QHBoxLayout()
        if incident.exercise:
            top.addWidget(badge(_("EXERCISE"), EXERCISE_COLOUR))
        top.addWidget(heading, 1)
        who = QLabel(_("At the keyboard: {operator}").format(operator=_operator_text(operator)))
        who.setObjectName("entry_operator")
        who.setStyleSheet("color: #444;")

        self.event_time = QDateTimeEdit()
        self.event_time.setObjectName("event_time")
        self.event_time.setDisplayFormat("dd.MM.yyyy HH:mm")
        self.event_time.setCalendarPopup(True)
        self.now_button = QPushButton(_("Now"))
        self.now_button.setToolTip(_("The time of event is the moment the entry is saved"))
        self.now_button.clicked.connect(self.set_now)
        self.time_hint = QLabel()
        self.time_hint.setStyleSheet("color: #555;")
        time_row = QWidget()
        time_layout = QHBoxLayout(time_row)
        time_layout.setContentsMargins(0, 0, 0, 0)
        time_layout.addWidget(self.event_time)
        time_layout.addWidget(self.now_button)
        time_layout.addWidget(self.time_hint, 1)

        self.category = QComboBox()
        self.category.setObjectName("entry_category")
        for category in Category:
            self.category.addItem(category.label, category.value)
        self.category.currentIndexChanged.connect(self._category_changed)
        self.channel = QComboBox()
        self.channel.setObjectName("entry_channel")
        self.channel.addItem("–", None)
        for channel in Channel:
            self.channel.addItem(channel.label, channel.value)
        self.source = QLineEdit()
        self.source.setObjectName("entry_source")
        self.source.setPlaceholderText(_("Who or where it came from, e.g. Brannvesenet, innsatsleder"))
        self.text = QPlainTextEdit()
        self.text.setObjectName("entry_text")
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(130)
        self.text.setPlaceholderText(_("What happened, what was said or decided"))
        self.key_event = QCheckBox(_("★ Key event (stands out in the log and on the printout)"))
        self.key_event.setObjectName("entry_key_event")
        self.decided_by = QLineEdit()
        self.decided_by.setObjectName("entry_decided_by")
        self.decided_by.setPlaceholderText(_("e.g. Kriseleder Kari Ødegård"))
        self.rationale = QPlainTextEdit()
        self.rationale.setObjectName("entry_rationale")
        self.rationale.setTabChangesFocus(True)
        self.rationale.setFixedHeight(70)
        self.rationale.setPlaceholderText(_("Why: what the decision is based on"))

        self.form = QFormLayout()
        self.form.addRow(_("Time of event"), self.errors.wrap("event_at", time_row))
        self.form.addRow(_("Category"), self.category)
        self.form.addRow(_("Channel"), self.channel)
        self.form.addRow(_("Source"), self.source)
        self.form.addRow(_("Text"), self.errors.wrap("text", self.text))
        self.form.addRow("", self.key_event)
        self.form.addRow(_("Decided by"), self.errors.wrap("decided_by", self.decided_by))
        self.form.addRow(_("Rationale"), self.errors.wrap("rationale", self.rationale))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(who)
        if corrects is not None:
            layout.addWidget(self._corrected_box(corrects))
        layout.addLayout(self.form)
        layout.addWidget(self.errors.general)
        buttons = dialog_buttons(self, _("Save correction") if corrects else _("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Ok).setToolTip(_("Save (Ctrl+Enter)"))
        layout.addWidget(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.accept)

        self._edited = False  # the time was changed by hand (to the minute)
        self._default: datetime | None = None  # the time when it was not: now, or the corrected entry's
        if corrects is not None:
            self._fill(corrects)
        else:
            self.set_now()
        self.event_time.dateTimeChanged.connect(self._time_edited)
        self._category_changed()
        self.text.setFocus()

    def keyPressEvent(self, event) -> None:
        """Enter in a field must not save half an entry (Ctrl+Enter saves)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            return
        super().keyPressEvent(event)

    def _corrected_box(self, entry: LogEntry) -> QLabel:
        box = QLabel(_("Corrects the entry of {time} by {operator}:").format(time=show(entry.event_at), operator=entry.operator)
                     + "\n" + entry.text[:600] + "\n\n"
                     + _("That entry stays in the log as it is; the correction is a new entry pointing at it."))
        box.setObjectName("corrected_entry")
        box.setWordWrap(True)
        box.setStyleSheet("background: #f1f5f9; border-left: 4px solid #1d4ed8; padding: 8px;")
        return box

    def _fill(self, entry: LogEntry) -> None:
        self.event_time.setDateTime(_qt_time(entry.event_at))
        self._default = entry.event_at
        self.time_hint.setText(_("as the corrected entry"))
        self.category.setCurrentIndex(self.category.findData(entry.category.value))
        self.channel.setCurrentIndex(max(0, self.channel.findData(entry.channel.value if entry.channel else None)))
        self.source.setText(entry.source)
        self.text.setPlainText(entry.text)
        self.key_event.setChecked(entry.key_event)
        self.decided_by.setText(entry.decided_by)
        self.rationale.setPlainText(entry.rationale)

    def set_now(self) -> None:
        """The time of event becomes the moment of saving (shown as now)."""
        self.event_time.blockSignals(True)
        self.event_time.setDateTime(_qt_time(now_utc()))
        self.event_time.blockSignals(False)
        self._edited, self._default = False, None
        self.time_hint.setText(_("now (when saved)"))

    def _time_edited(self) -> None:
        self._edited = True
        self.time_hint.setText("")

    def _category_changed(self) -> None:
        decision = self.category.currentData() == Category.DECISION.value
        for field in (self.decided_by, self.rationale):
            self.form.setRowVisible(field.parentWidget(), decision)
        self.adjustSize()

    def draft(self) -> Draft:
        category = Category(self.category.currentData())
        decision = category is Category.DECISION
        channel = self.channel.currentData()
        return Draft(
            text=self.text.toPlainText(), category=category,
            event_at=self.event_time.dateTime().toPython().replace(tzinfo=OSLO) if self._edited else self._default,
            channel=Channel(channel) if channel else None, source=self.source.text(), key_event=self.key_event.isChecked(),
            decided_by=self.decided_by.text() if decision else "", rationale=self.rationale.toPlainText() if decision else "",
            corrects=self.corrects.id if self.corrects else None,
        )

    def accept(self) -> None:
        draft = self.draft()
        errors = check_draft(draft, self.operator, now_utc())
        if errors:
            self.errors.show(errors)
            return
        try:
            self.entry = log_store.append(self.store, self.incident.id, draft, device_id=self.device_id, operator=self.operator)
        except FieldError as error:
            self.errors.show([error])
            return
        except UserError as error:
            self.errors.show([FieldError("general", str(error))])
            return
        self.saved.emit(self.entry)
        super().accept()


def _operator_text(operator: Operator) -> str:
    return f"{operator.name} ({operator.role})" if operator.role else operator.name
