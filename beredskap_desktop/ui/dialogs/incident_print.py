"""What to print for an incident (Ctrl+P on the Incidents page): the log, a situation report
(the latest or one chosen), the activated action cards with their status, the action board,
or the call-outs. Printouts that would be empty are offered greyed out, saying why."""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QComboBox, QDialog, QGridLayout, QLabel, QRadioButton, QVBoxLayout

from beredskap_desktop.domain.incidents import Incident
from beredskap_desktop.i18n import _
from beredskap_desktop.storage import actions as action_store
from beredskap_desktop.storage import callouts as callout_store
from beredskap_desktop.storage import sitreps as sitrep_store
from beredskap_desktop.storage.database import Store
from beredskap_desktop.ui.widgets.common import dialog_buttons
from beredskap_desktop.ui.widgets.incident_style import EXERCISE_COLOUR, badge

CHOICES = ("log", "sitrep", "incident-cards", "board", "callouts")


class IncidentPrintDialog(QDialog):
    """``choice()`` is the printout chosen and, for a situation report, its number."""

    def __init__(self, store: Store, incident: Incident, parent=None, *, what: str = "log"):
        super().__init__(parent)
        self.setObjectName("IncidentPrintDialog")
        self.setWindowTitle(_("Print for the incident"))
        self.setMinimumWidth(560)
        reports = sitrep_store.list_for(store, incident.id)
        has_actions = bool(action_store.list_for(store, incident.id))
        callouts = len(callout_store.list_for(store, incident.id))
        heading = QLabel(incident.title)
        heading.setWordWrap(True)
        heading.setStyleSheet("font-size: 13pt; font-weight: 600;")
        labels = {
            "log": (_("The log, with the chain heads and their verification"), True, ""),
            "sitrep": (_("Situation report"), bool(reports), _("no reports yet")),
            "incident-cards": (_("The activated action cards with each step's status"), has_actions,
                               _("no actions")),
            "board": (_("The action board: done and not done per card and role"), has_actions, _("no actions")),
            "callouts": (_("The call-outs, attempt by attempt"), bool(callouts), _("no call-outs yet")),
        }
        self.group = QButtonGroup(self)
        grid = QGridLayout()
        for row, name in enumerate(CHOICES):
            text, enabled, why = labels[name]
            button = QRadioButton(text if enabled else f"{text} ({why})")
            button.setObjectName(f"print_{name}")
            button.setEnabled(enabled)
            self.group.addButton(button, row)
            grid.addWidget(button, row, 0)
        self.report = QComboBox()
        self.report.setObjectName("print_sitrep_number")
        for report in reversed(reports):
            self.report.addItem(_("No. {number} · {status}").format(number=report.number, status=report.status.label.lower()),
                                report.number)
        self.report.setEnabled(bool(reports))
        self.report.activated.connect(lambda _index: self.group.button(CHOICES.index("sitrep")).setChecked(True))
        grid.addWidget(self.report, CHOICES.index("sitrep"), 1)
        grid.setColumnStretch(0, 1)
        wanted = self.group.button(CHOICES.index(what))
        (wanted if wanted.isEnabled() else self.group.button(0)).setChecked(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        if incident.exercise:
            layout.addWidget(badge(_("EXERCISE – marked on every page"), EXERCISE_COLOUR))
        layout.addLayout(grid)
        layout.addWidget(dialog_buttons(self, _("Preview…")))

    def choice(self) -> tuple[str, int | None]:
        what = CHOICES[self.group.checkedId()]
        return what, self.report.currentData() if what == "sitrep" else None

    def choose(self, what: str, report: int | None = None) -> None:
        self.group.button(CHOICES.index(what)).setChecked(True)
        if report is not None:
            self.report.setCurrentIndex(self.report.findData(report))
