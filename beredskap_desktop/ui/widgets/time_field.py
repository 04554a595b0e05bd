"""A time that means "now" until it is edited: a date-and-time field, a Now button and a hint below.

``value()`` is ``None`` while it means now – the caller takes the moment of saving – and
the edited time in Oslo otherwise, as the log entry dialog does."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import QDateTimeEdit, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from beredskap_desktop.domain.clock import OSLO, now_utc
from beredskap_desktop.i18n import _


def qt_time(moment: datetime) -> QDateTime:
    """``moment`` in Oslo, to the minute, for a ``QDateTimeEdit``."""
    local = moment.astimezone(OSLO)
    return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))


def from_qt(value: QDateTime) -> datetime:
    return value.toPython().replace(tzinfo=OSLO)


class TimeField(QWidget):
    def __init__(self, name: str, parent=None):
        super().__init__(parent)
        self.edit = QDateTimeEdit()
        self.edit.setObjectName(name)
        self.edit.setDisplayFormat("dd.MM.yyyy HH:mm")
        self.edit.setCalendarPopup(True)
        self.now_button = QPushButton(_("Now"))
        self.now_button.setToolTip(_("The time is the moment it is saved"))
        self.now_button.clicked.connect(self.set_now)
        self.hint = QLabel()
        self.hint.setStyleSheet("color: #555; font-size: 9pt;")
        row = QHBoxLayout()
        row.addWidget(self.edit)
        row.addWidget(self.now_button)
        row.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addLayout(row)
        column.addWidget(self.hint)
        self.edited = False
        self.set_now()
        self.edit.dateTimeChanged.connect(self._edited)

    def set_now(self) -> None:
        self.edit.blockSignals(True)
        self.edit.setDateTime(qt_time(now_utc()))
        self.edit.blockSignals(False)
        self.edited = False
        self.hint.setText(_("now (when saved)"))

    def _edited(self) -> None:
        self.edited = True
        self.hint.setText("")

    def value(self) -> datetime | None:
        """The time edited, ``None`` while it means now."""
        return from_qt(self.edit.dateTime()) if self.edited else None
