"""The plan editor: the plan's facts, its completeness, its sections, and save, adopt, archive, history."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox, QFrame, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget,
)

from beredskap_desktop.domain.clock import today
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.domain.plans import (
    Plan, PlanStatus, PlanSummary, PlanType, check_plan, completeness, is_overdue, next_revision_due,
)
from beredskap_desktop.i18n import _
from beredskap_desktop.storage import contacts as contact_store
from beredskap_desktop.storage import plans as plan_store
from beredskap_desktop.storage.database import Store
from beredskap_desktop.ui.dialogs.adopt_plan import AdoptPlanDialog
from beredskap_desktop.ui.dialogs.plan_history import PlanHistoryDialog
from beredskap_desktop.ui.dialogs.revision_details import RevisionDialog, remember_author
from beredskap_desktop.ui.models.plans_model import OVERDUE_COLOURS, STATUS_COLOURS, overdue_badge, plan_label
from beredskap_desktop.ui.widgets.common import ask, empty_state
from beredskap_desktop.ui.widgets.plan_sections import SectionsPanel

_ERROR_STYLE = "color: #b91c1c;"
_OK_STYLE = "color: #166534;"


def _badge_style(colours: tuple[str, str]) -> str:
    return f"color: {colours[0]}; background: {colours[1]}; border-radius: 4px; padding: 3px 8px; font-weight: 600;"


def _date(value) -> str:
    return value.strftime("%d.%m.%Y") if value else "–"


class PlanEditor(QWidget):
    """Edits one plan; ``saved`` carries its id after every successful write."""

    saved = Signal(str)

    def __init__(self, store: Store, months: int, parent=None):
        super().__init__(parent)
        self._store = store
        self.months = months
        self.plan: Plan | None = None  # as stored; None for a new plan
        self.dirty = False
        self.showing = False
        self._loading = False
        self._sub_plans = []
        self.plans: list[PlanSummary] = []  # every plan, for the parent list (the page keeps it current)
        self._defaults: Plan | None = None
        self.dialog = None  # the open adopt/revision/history dialog
        self._build()
        self.load(None, shown=False)

    # Building
    def _build(self) -> None:
        self.heading = QLabel()
        self.heading.setObjectName("plan_heading")
        self.heading.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.heading.setWordWrap(True)
        self.heading_badge = QLabel(overdue_badge())
        self.heading_badge.setObjectName("plan_overdue")
        self.heading_badge.setStyleSheet(_badge_style(OVERDUE_COLOURS))
        self.title = QLineEdit()
        self.title.setObjectName("plan_title")
        self.title.setPlaceholderText(_("e.g. Overall emergency plan for the municipality"))
        self.plan_type = QComboBox()
        self.plan_type.setObjectName("plan_type")
        for plan_type in PlanType:
            self.plan_type.addItem(plan_type.label, plan_type.value)
        self.parent_plan = QComboBox()
        self.parent_plan.setObjectName("parent_plan")
        self.owner = QComboBox()
        self.owner.setObjectName("owner_role")
        for combo in (self.plan_type, self.parent_plan, self.owner):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10)
        self.title.textEdited.connect(self._mark_dirty)
        self.plan_type.activated.connect(self._mark_dirty)
        self.parent_plan.activated.connect(self._mark_dirty)
        self.owner.activated.connect(self._mark_dirty)
        self.status = QLabel()
        self.status.setObjectName("plan_status")
        self.adopted = QLabel()
        self.adopted.setObjectName("plan_adopted")
        self.revised = QLabel()
        self.revised.setObjectName("plan_revised")
        self.due = QLabel()
        self.due.setObjectName("plan_due")
        facts = QGridLayout()
        facts.setHorizontalSpacing(10)
        for row, column, text, widget in ((0, 0, _("Title"), self.title), (1, 0, _("Type"), self.plan_type),
                                          (1, 2, _("Part of"), self.parent_plan), (2, 0, _("Owner"), self.owner),
                                          (2, 2, _("Status"), self.status), (3, 0, _("Adopted"), self.adopted),
                                          (3, 2, _("Revised"), self.revised), (4, 2, _("Next revision"), self.due)):
            facts.addWidget(QLabel(text), row, column)
            if isinstance(widget, QLabel):
                facts.addWidget(widget, row, column + 1, Qt.AlignmentFlag.AlignLeft)
            else:
                facts.addWidget(widget, row, column + 1, 1, 3 if widget is self.title else 1)
        facts.setColumnStretch(1, 3)
        facts.setColumnStretch(3, 2)
        self.completeness = QLabel()
        self.completeness.setObjectName("completeness")
        self.completeness.setWordWrap(True)
        self.completeness.setFrameShape(QFrame.Shape.StyledPanel)

        self.sections = SectionsPanel()
        self.sections.edited.connect(self._mark_dirty)

        self.message = QLabel()
        self.message.setObjectName("plan_message")
        self.message.setWordWrap(True)
        self.history_button = QPushButton(_("History…"))
        self.history_button.clicked.connect(self.show_history)
        self.archive_button = QPushButton(_("Archive…"))
        self.archive_button.clicked.connect(self.archive)
        self.adopt_button = QPushButton(_("Adopt…"))
        self.adopt_button.setToolTip(_("Record the council's decision: the plan becomes adopted"))
        self.adopt_button.clicked.connect(self.adopt)
        self.revert_button = QPushButton(_("Undo changes"))
        self.revert_button.clicked.connect(lambda: self.load(self.plan, defaults=self._defaults))
        self.save_button = QPushButton(_("Save"))
        self.save_button.setToolTip(_("Save (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        for button in (self.history_button, self.archive_button, self.adopt_button, self.revert_button, self.save_button):
            button.setMinimumHeight(32)
            buttons.addWidget(button)
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        heading = QHBoxLayout()
        heading.addWidget(self.heading, 1)
        heading.addWidget(self.heading_badge, 0, Qt.AlignmentFlag.AlignTop)
        body.addLayout(heading)
        body.addLayout(facts)
        body.addWidget(self.completeness)
        body.addWidget(self.sections, 1)
        self.placeholder = empty_state("plan_editor_empty")
        self.placeholder.setText(_("Choose a plan in the list, or create one with “New plan” (Ctrl+N)."))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.placeholder, 1)
        layout.addWidget(self.body, 1)
        layout.addLayout(buttons)

    # Loading
    def load(self, plan: Plan | None, *, shown: bool = True, defaults: Plan | None = None, row: int = 0) -> None:
        """Show ``plan`` at section ``row``; ``None`` is a new plan (starting from ``defaults``), or nothing with ``shown=False``."""
        self._loading = True
        self.plan, self.showing, self._defaults = plan, shown, defaults
        current = plan or defaults or Plan("", PlanType.OVERALL, "")
        self._sub_plans = plan_store.sub_plans(self._store, plan.id) if plan else []
        self.title.setText(current.title)
        self.title.setCursorPosition(0)
        self.plan_type.setCurrentIndex(self.plan_type.findData(current.plan_type.value))
        self._fill_parents(current)
        self._fill_owners(current.owner_role_id)
        self._show_facts(current)
        self.sections.load(current.sections, row)
        self.message.clear()
        self._loading = False
        self.dirty = False
        self._update_state()

    def stored_changed(self, plan: Plan) -> None:
        """``plan`` was saved meanwhile (an import) while this one has unsaved edits: keep what is
        typed, build the next save on ``plan`` (its status and adoption), and say so."""
        self.plan = plan
        self._sub_plans = plan_store.sub_plans(self._store, plan.id)
        self._show_facts(self.current())
        self._update_state()
        self._say(_("“{title}” was changed meanwhile (for example by an import). Saving writes what you see over it; "
                    "“Undo changes” shows the new version.").format(title=plan.title), _ERROR_STYLE)

    def _fill_parents(self, plan: Plan) -> None:
        below = {plan.id} if plan.id else set()
        grew = True
        while grew:  # the plan and its sub-plans at any depth cannot be its parent
            more = {p.id for p in self.plans if p.parent_id in below} - below
            below |= more
            grew = bool(more)
        self.parent_plan.clear()
        self.parent_plan.addItem(_("— none —"), None)
        for summary in self.plans:
            if summary.id not in below:
                self.parent_plan.addItem(plan_label(summary, self.months, today()), summary.id)
        self.parent_plan.setCurrentIndex(max(0, self.parent_plan.findData(plan.parent_id)))

    def _fill_owners(self, role_id: str | None) -> None:
        self.owner.clear()
        self.owner.addItem(_("— none —"), None)
        for role in contact_store.roles(self._store):
            self.owner.addItem(role.name, role.id)
        self.owner.setCurrentIndex(max(0, self.owner.findData(role_id)))

    def _show_facts(self, plan: Plan) -> None:
        overdue = is_overdue(plan, today(), self.months)
        self.heading.setText(plan.title or _("New plan"))
        self.heading_badge.setVisible(overdue)
        self.status.setText(_("{status} · version {number}").format(status=plan.status.label, number=plan.version)
                            if plan.version else plan.status.label)
        self.status.setStyleSheet(_badge_style(STATUS_COLOURS[plan.status]))
        self.adopted.setText(", ".join(p for p in (plan.adopted_by, _date(plan.adopted_on) if plan.adopted_on else "") if p) or "–")
        self.adopted.setToolTip(self.adopted.text())
        self.revised.setText(_date(plan.revised_at))
        due = next_revision_due(plan.revised_at, self.months) if plan.status is PlanStatus.ADOPTED else None
        self.due.setText(f"{overdue_badge()}  {_date(due)}" if overdue else _date(due))
        self.due.setStyleSheet(_badge_style(OVERDUE_COLOURS) if overdue else "")

    def _update_state(self) -> None:
        """Enable what can be done now and refresh the completeness panel."""
        writable = not self._store.read_only
        archived = self.plan is not None and self.plan.status is PlanStatus.ARCHIVED
        editable = writable and self.showing and not archived
        self.title.setReadOnly(not editable)
        for widget in (self.plan_type, self.parent_plan, self.owner, self.save_button, self.revert_button):
            widget.setEnabled(editable)
        self.sections.set_editable(editable)
        self.adopt_button.setEnabled(writable and self.showing)
        self.archive_button.setEnabled(writable and self.plan is not None and not archived)
        self.history_button.setEnabled(self.plan is not None)
        self.body.setVisible(self.showing)
        self.placeholder.setVisible(not self.showing)
        self._show_completeness()

    def _show_completeness(self) -> None:
        overall = self.showing and self.plan_type.currentData() == PlanType.OVERALL.value
        self.completeness.setVisible(overall)
        if not overall:
            return
        missing = completeness(self.current(), self._sub_plans, today(), self.months)
        if missing:
            self.completeness.setText("<b>" + _("Incomplete overall plan (forskrift om kommunal beredskapsplikt § 4):") + "</b><br>"
                                      + "<br>".join("• " + m for m in missing))
            self.completeness.setStyleSheet(f"QLabel {{ {_ERROR_STYLE} background: #fef2f2; padding: 6px; }}")
        else:
            self.completeness.setText("✓ " + _("Complete: all five § 4 parts are covered, the plan is adopted and up to date."))
            self.completeness.setStyleSheet(f"QLabel {{ {_OK_STYLE} background: #f0fdf4; padding: 6px; font-weight: 600; }}")

    # Editing
    def _mark_dirty(self, *args) -> None:
        if not self._loading:
            self.dirty = True
            self._show_facts(self.current())
            self._update_state()

    def current(self) -> Plan:
        """The plan as edited (stored facts such as status and version are kept)."""
        base = self.plan or Plan("", PlanType.OVERALL, "")
        return replace(base, title=" ".join(self.title.text().split()), plan_type=PlanType(self.plan_type.currentData()),
                       parent_id=self.parent_plan.currentData(), owner_role_id=self.owner.currentData(),
                       sections=tuple(self.sections.sections))

    # Saving
    def save(self, wait: bool = False) -> bool:
        """Save the edited plan; an adopted plan first asks who and why (in a dialog: with ``wait``
        the answer is awaited). True when the plan was written now."""
        if not self.save_button.isEnabled():
            return False
        plan = self.current()
        if not self._checked(plan):
            return False
        if not plan_store.needs_revision(self.plan, plan):
            return self._write(plan)
        number = plan.version + 1
        dialog = RevisionDialog(self._store, _("Save a new revision"),
                                _("“{title}” is adopted: saving it makes version {number}. Say who you are and what changed.").format(
                                    title=plan.title, number=number), _("Save revision"), parent=self)
        return self._ask(dialog, lambda: self._write(plan, dialog.author_name(), dialog.reason_text()), wait)

    def adopt(self) -> None:
        if not self.adopt_button.isEnabled():
            return
        plan = self.current()
        if not self._checked(plan):
            return
        dialog = AdoptPlanDialog(self._store, plan.title, plan.adopted_by, parent=self)
        self._ask(dialog, lambda: self._write(
            replace(plan, status=PlanStatus.ADOPTED, adopted_by=dialog.decided_by(), adopted_on=dialog.decided_on()),
            dialog.author_name(), dialog.reason_text()))

    def archive(self) -> None:
        if not self.archive_button.isEnabled():
            return
        plan = replace(self.current(), status=PlanStatus.ARCHIVED)
        if not self._checked(plan):
            return
        intro = _("Archiving takes “{title}” out of use. It stays under “Show archived”, with its history.").format(title=plan.title)
        if not plan_store.needs_revision(self.plan, plan):
            if ask(self, _("Archive plan"), intro, [_("Archive"), _("Cancel")], warning=True) == 0:
                self._write(plan)
            return
        dialog = RevisionDialog(self._store, _("Archive plan"), intro, _("Archive"), parent=self)
        dialog.reason.setPlaceholderText(_("e.g. Replaced by the new overall plan adopted in 2026"))
        self._ask(dialog, lambda: self._write(plan, dialog.author_name(), dialog.reason_text()))

    def show_history(self) -> None:
        if self.plan is not None:
            self.dialog = PlanHistoryDialog(self._store, self.plan.id, self.plan.title, self)
            self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.dialog.open()

    def _ask(self, dialog, then, wait: bool = False) -> bool:
        """Open ``dialog``; ``then`` runs once it is accepted (``wait``: block until answered)."""
        self.dialog = dialog
        if wait:
            return bool(dialog.exec()) and then()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(then)
        dialog.open()
        return False

    def _checked(self, plan: Plan) -> bool:
        problems = check_plan(plan)
        if problems:
            self._say(_("Not saved:") + " " + " ".join(problems), _ERROR_STYLE)
        return not problems

    def _write(self, plan: Plan, author: str = "", reason: str = "") -> bool:
        try:
            saved = plan_store.save(self._store, plan, author=author, reason=reason)
        except UserError as error:
            self._say(_("Not saved:") + " " + str(error), _ERROR_STYLE)
            return False
        if author:
            remember_author(self._store, author)
        self.load(saved, row=self.sections.list.currentRow())
        self._say(_("Saved, version {number}.").format(number=saved.version) if saved.version else _("Saved."), _OK_STYLE)
        self.saved.emit(saved.id)
        return True

    def _say(self, text: str, style: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(style)
