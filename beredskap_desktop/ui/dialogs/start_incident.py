"""Start an incident or an exercise: what happened, how serious, where the staff meets, and
a look at the laptop's clock, because every time in the log comes from it."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QButtonGroup, QCheckBox, QDialog, QFormLayout, QFrame, QGridLayout, QHBoxLayout, QLabel, QLineEdit,
    QPlainTextEdit, QRadioButton, QScrollArea, QVBoxLayout, QWidget,
)

from beredskap_desktop.domain.clock import now_utc, show
from beredskap_desktop.domain.errors import FieldError, UserError
from beredskap_desktop.domain.incidents import Incident, Severity, check_incident
from beredskap_desktop.domain.log import Operator
from beredskap_desktop.i18n import _
from beredskap_desktop.storage import incident_types as type_store
from beredskap_desktop.storage import incidents as incident_store
from beredskap_desktop.storage.database import Store
from beredskap_desktop.ui.dialogs.operator import OperatorFields
from beredskap_desktop.ui.widgets.banner import Banner
from beredskap_desktop.ui.widgets.common import dialog_buttons
from beredskap_desktop.ui.widgets.field_errors import FieldErrors
from beredskap_desktop.ui.widgets.incident_style import EXERCISE_COLOUR, SEVERITY_COLOURS

_ORDER = ("title", "incident_types", "severity", "clock", "operator")  # the fields top to bottom


class StartIncidentDialog(QDialog):
    """Starts the incident when accepted (``incident`` is then the one started, and
    ``operator`` who started it)."""

    def __init__(self, store: Store, device_id: str, operator: Operator | None, recent: list[Operator],
                 exercise: bool = False, parent=None):
        super().__init__(parent)
        self.store = store
        self.device_id = device_id
        self.incident: Incident | None = None
        self.operator: Operator | None = None
        self.setMinimumWidth(680)
        self.errors = FieldErrors()
        self.banner = Banner(_("EXERCISE") + " – " + _("everything in it is marked as an exercise"), EXERCISE_COLOUR)
        self.banner.setObjectName("exercise_banner")

        self.title = QLineEdit()
        self.title.setObjectName("incident_title")
        self.title.setPlaceholderText(_("e.g. Flom i Elvedalen"))
        self.type_boxes: dict[str, QCheckBox] = {}
        types = QWidget()
        grid = QGridLayout(types)
        grid.setContentsMargins(4, 4, 4, 4)
        known = type_store.list_all(store)
        half = (len(known) + 1) // 2
        for number, incident_type in enumerate(known):
            box = QCheckBox(incident_type.name)
            box.setToolTip(incident_type.description)
            self.type_boxes[incident_type.code] = box
            grid.addWidget(box, number % half, number // half)
        scroll = QScrollArea()
        scroll.setWidget(types)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.StyledPanel)
        scroll.setFixedHeight(min(230, types.sizeHint().height() + 6))

        self.severity = QButtonGroup(self)
        severities = QHBoxLayout()
        for severity in Severity:
            button = QRadioButton(severity.label)
            button.setObjectName(f"severity_{severity.value}")
            button.setToolTip(severity.meaning)
            button.setStyleSheet(f"QRadioButton {{ color: {SEVERITY_COLOURS[severity]}; font-weight: 700; font-size: 12pt; padding: 4px 10px; }}")
            self.severity.addButton(button)
            button.setProperty("severity", severity.value)
            severities.addWidget(button)
        severities.addStretch(1)
        self.severity_meaning = QLabel()
        self.severity_meaning.setWordWrap(True)
        self.severity_meaning.setStyleSheet("color: #555;")
        self.severity_meaning.hide()
        self.severity.buttonToggled.connect(self._severity_chosen)
        severity_box = QWidget()
        severity_column = QVBoxLayout(severity_box)
        severity_column.setContentsMargins(0, 0, 0, 0)
        severity_column.addLayout(severities)
        severity_column.addWidget(self.severity_meaning)

        self.location = QLineEdit()
        self.location.setObjectName("incident_location")
        self.location.setPlaceholderText(_("Where it happens"))
        self.crisis_room = QLineEdit()
        self.crisis_room.setObjectName("incident_crisis_room")
        self.crisis_room.setPlaceholderText(_("Where the crisis management meets, e.g. Rådhuset, møterom 2"))
        self.description = QPlainTextEdit()
        self.description.setObjectName("incident_description")
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(70)
        self.exercise = QCheckBox(_("This is an exercise (EXERCISE on the screen and on every printout)"))
        self.exercise.setObjectName("incident_exercise")
        self.exercise.setChecked(exercise)
        self.exercise.toggled.connect(self._exercise_toggled)

        self.clock = QLabel()
        self.clock.setObjectName("clock")
        self.clock.setWordWrap(True)
        self.clock.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.clock_confirmed = QCheckBox(_("Yes, the clock is right"))
        self.clock_confirmed.setObjectName("clock_confirmed")
        clock_hint = QLabel(_("Every time in the log comes from this clock. If it is wrong, correct the computer's clock before you start."))
        clock_hint.setWordWrap(True)
        clock_hint.setStyleSheet("color: #555;")
        clock_box = QFrame()
        clock_box.setStyleSheet("QFrame#clock_box { background: #f1f5f9; border: 1px solid #cbd5e1; border-radius: 4px; }")
        clock_box.setObjectName("clock_box")
        clock_column = QVBoxLayout(clock_box)
        clock_column.addWidget(self.clock)
        clock_column.addWidget(clock_hint)
        clock_column.addWidget(self.errors.wrap("clock", self.clock_confirmed))
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.start(1000)
        self._tick()

        self.operator_fields = OperatorFields(store, operator, recent, self.errors)
        form = QFormLayout()
        form.addRow(_("Title"), self.errors.wrap("title", self.title))
        form.addRow(_("Incident types"), self.errors.wrap("incident_types", scroll))
        form.addRow(_("Severity"), self.errors.wrap("severity", severity_box))
        form.addRow(_("Location"), self.location)
        form.addRow(_("Crisis room"), self.crisis_room)
        form.addRow(_("Description"), self.description)
        form.addRow("", self.exercise)
        form.addRow(clock_box)
        self.operator_fields.add_to(form)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        self.buttons = dialog_buttons(self, "")
        layout.addWidget(self.buttons)
        self._exercise_toggled(exercise)
        self.title.setFocus()

    def _tick(self) -> None:
        self.clock.setText(_("Clock on this computer: {time} – is it right?").format(time=show(now_utc())))

    def _severity_chosen(self, button, checked: bool) -> None:
        if checked:
            self.severity_meaning.setText(Severity(button.property("severity")).meaning)
            self.severity_meaning.show()

    def _exercise_toggled(self, exercise: bool) -> None:
        self.banner.setVisible(exercise)
        self.setWindowTitle(_("Start exercise") if exercise else _("Start incident"))
        self.buttons.buttons()[0].setText(_("Start exercise") if exercise else _("Start incident"))

    def chosen_types(self) -> tuple[str, ...]:
        return tuple(code for code, box in self.type_boxes.items() if box.isChecked())

    def chosen_severity(self) -> Severity | None:
        button = self.severity.checkedButton()
        return Severity(button.property("severity")) if button else None

    def _check(self, operator: Operator) -> list[FieldError]:
        severity = self.chosen_severity()
        draft = Incident(id="", title=self.title.text(), incident_types=self.chosen_types(), severity=severity or Severity.GREEN,
                         started_at=now_utc(), started_by=operator.name)
        errors = check_incident(draft, {code: "" for code in self.type_boxes})
        if severity is None:
            errors.append(FieldError("severity", _("Severity: choose green, yellow or red.")))
        if not self.clock_confirmed.isChecked():
            errors.append(FieldError("clock", _("Confirm that the clock is right.")))
        return sorted(errors, key=lambda e: _ORDER.index(e.field) if e.field in _ORDER else len(_ORDER))

    def accept(self) -> None:
        operator = self.operator_fields.operator()
        errors = self._check(operator)
        if errors:
            self.errors.show(errors)
            return
        try:
            self.incident = incident_store.start(
                self.store, title=self.title.text(), incident_types=self.chosen_types(), severity=self.chosen_severity(),
                device_id=self.device_id, operator=operator, location=self.location.text(),
                description=self.description.toPlainText(), crisis_room=self.crisis_room.text(),
                exercise=self.exercise.isChecked(),
            )
        except FieldError as error:
            self.errors.show([error])
            return
        except UserError as error:
            self.errors.show([FieldError("general", str(error))])
            return
        self.operator = operator
        self._timer.stop()
        super().accept()
