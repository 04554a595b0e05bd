"""Close an incident: evaluation notes (required) and follow-up points (forskrift § 8)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton,
    QVBoxLayout, QWidget,
)

from beredskap_desktop.domain.clock import now_utc, show
from beredskap_desktop.domain.errors import FieldError, UserError
from beredskap_desktop.domain.incidents import Incident, check_closing
from beredskap_desktop.domain.log import Operator
from beredskap_desktop.i18n import _, ngettext
from beredskap_desktop.storage import incidents as incident_store
from beredskap_desktop.storage.database import Store
from beredskap_desktop.ui.widgets.common import dialog_buttons
from beredskap_desktop.ui.widgets.field_errors import FieldErrors


class CloseIncidentDialog(QDialog):
    """Closes the incident when accepted (``incident`` is then the closed one)."""

    def __init__(self, store: Store, incident: Incident, device_id: str, operator: Operator, entry_count: int, parent=None):
        super().__init__(parent)
        self.store, self.device_id, self.operator = store, device_id, operator
        self.incident = incident
        self.setWindowTitle(_("Close exercise") if incident.exercise else _("Close incident"))
        self.setMinimumWidth(620)
        self.errors = FieldErrors()
        hours, minutes = divmod(max(0, int((now_utc() - incident.started_at).total_seconds() // 60)), 60)
        summary = QLabel(
            _("«{title}», started {started} by {by}.").format(title=incident.title, started=show(incident.started_at), by=incident.started_by)
            + "\n" + ngettext("{count} log entry", "{count} log entries", entry_count).format(count=entry_count)
            + " · " + _("{hours} h {minutes:02d} min since the start").format(hours=hours, minutes=minutes))
        summary.setWordWrap(True)
        summary.setStyleSheet("font-size: 12pt; font-weight: 600;")
        warning = QLabel(_("After closing, the log takes only corrections of earlier entries. The evaluation notes and "
                           "follow-up points are written in the log."))
        warning.setWordWrap(True)
        warning.setStyleSheet("color: #92400e;")

        self.notes = QPlainTextEdit()
        self.notes.setObjectName("evaluation_notes")
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(120)
        self.notes.setPlaceholderText(_("What went well, what must improve, what the plans and action cards lacked"))
        self.point = QLineEdit()
        self.point.setObjectName("follow_up_point")
        self.point.setPlaceholderText(_("A follow-up point, e.g. Revider tiltakskort TK-03 (ansvar: beredskapskoordinator)"))
        self.point.returnPressed.connect(self.add_point)
        add = QPushButton(_("Add"))
        add.setAutoDefault(False)
        add.clicked.connect(self.add_point)
        self.remove = QPushButton(_("Remove"))
        self.remove.setAutoDefault(False)
        self.remove.clicked.connect(self.remove_point)
        self.points = QListWidget()
        self.points.setObjectName("follow_up")
        self.points.setMaximumHeight(120)
        self.points.setToolTip(_("Double-click a point to edit it"))
        adding = QHBoxLayout()
        adding.setContentsMargins(0, 0, 0, 0)
        adding.addWidget(self.point, 1)
        adding.addWidget(add)
        adding.addWidget(self.remove)
        follow_up = QWidget()
        follow_up_column = QVBoxLayout(follow_up)
        follow_up_column.setContentsMargins(0, 0, 0, 0)
        follow_up_column.addLayout(adding)
        follow_up_column.addWidget(self.points)

        form = QFormLayout()
        form.addRow(_("Evaluation notes"), self.errors.wrap("evaluation_notes", self.notes))
        form.addRow(_("Follow-up points"), follow_up)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(warning)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addWidget(dialog_buttons(self, _("Close exercise") if incident.exercise else _("Close incident")))
        self.notes.setFocus()

    def keyPressEvent(self, event) -> None:
        """Enter adds a follow-up point; it never closes the incident."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return
        super().keyPressEvent(event)

    def add_point(self) -> None:
        text = " ".join(self.point.text().split())
        if text:
            item = QListWidgetItem(text)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            self.points.addItem(item)
            self.point.clear()
        self.point.setFocus()

    def remove_point(self) -> None:
        for item in self.points.selectedItems():
            self.points.takeItem(self.points.row(item))

    def follow_up(self) -> tuple[str, ...]:
        return tuple(self.points.item(row).text() for row in range(self.points.count()))

    def accept(self) -> None:
        self.add_point()  # a point typed but not added yet counts
        notes = self.notes.toPlainText()
        errors = check_closing(notes)
        if errors:
            self.errors.show(errors)
            return
        try:
            self.incident = incident_store.close(self.store, self.incident.id, notes=notes, follow_up=self.follow_up(),
                                                 device_id=self.device_id, operator=self.operator)
        except UserError as error:
            self.errors.show([error if isinstance(error, FieldError) else FieldError("general", str(error))])
            return
        super().accept()
