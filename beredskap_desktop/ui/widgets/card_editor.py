"""The action card editor: the card's header above its ordered steps."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFormLayout, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
    QPushButton, QScrollArea, QSizePolicy, QSplitter, QVBoxLayout, QWidget,
)

from beredskap_desktop.domain.cards import ActionCard, Phase
from beredskap_desktop.domain.clock import show_date, today
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.i18n import _
from beredskap_desktop.storage import alerts as alert_store
from beredskap_desktop.storage import cards as card_store
from beredskap_desktop.storage import contacts as contact_store
from beredskap_desktop.storage import incident_types as type_store
from beredskap_desktop.storage import plans as plan_store
from beredskap_desktop.storage.database import Store
from beredskap_desktop.ui.models.plans_model import plan_label
from beredskap_desktop.ui.widgets.step_editor import ERROR_STYLE, StepsEditor, plain_text

_SAVED_STYLE = "color: #166534;"


class CardEditor(QWidget):
    """Edits one card; ``saved`` carries its id after a successful save."""

    saved = Signal(str)

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self._base = ActionCard("", "", "", "")
        self._loading = False
        self.dirty = False
        self._type_names: dict[str, str] = {}
        self._months = plan_store.revision_months(store)
        self.steps = StepsEditor(store)
        self.steps.edited.connect(self._mark_dirty)
        self._build()
        self.refresh_choices()
        self._set_read_only(store.read_only)

    # Building
    def _build(self) -> None:
        self.heading = QLabel()
        self.heading.setObjectName("card_heading")
        self.heading.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.heading.setWordWrap(True)
        self.version = QLabel()
        self.version.setObjectName("card_version")
        self.version.setStyleSheet("color: #555;")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self._build_header())
        splitter.addWidget(self.steps)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([325, 415])
        self.summary = QLabel()
        self.summary.setObjectName("card_summary")
        self.summary.setWordWrap(True)
        self.save_button = QPushButton(_("Save"))
        self.save_button.setToolTip(_("Save (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton(_("Undo changes"))
        self.revert_button.clicked.connect(self.revert)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.revert_button)
        bottom.addWidget(self.save_button)
        title_row = QHBoxLayout()
        title_row.addWidget(self.heading, 1)
        title_row.addWidget(self.version)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.where_used = QLabel()
        self.where_used.setObjectName("card_where_used")
        self.where_used.setStyleSheet("color: #555;")
        self.where_used.setWordWrap(True)
        layout.addLayout(title_row)
        layout.addWidget(self.where_used)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

    def _build_header(self) -> QWidget:
        self.code = QLineEdit()
        self.code.setObjectName("card_code")
        self.code.setPlaceholderText("TK-01")
        self.code.setMaximumWidth(140)
        self.title = QLineEdit()
        self.title.setObjectName("card_title")
        self.title.setPlaceholderText(_("e.g. Crisis leader's first actions"))
        self.role = QComboBox()
        self.role.setObjectName("card_role")
        self.plan = QComboBox()
        self.plan.setObjectName("card_plan")
        self.approved_by = QLineEdit()
        self.approved_by.setPlaceholderText(_("e.g. Kommunedirektøren"))
        for edit in (self.code, self.title, self.approved_by):
            edit.textEdited.connect(self._mark_dirty)
        self.title.textEdited.connect(self._show_heading)
        self.code.textEdited.connect(self._show_heading)
        self.role.currentIndexChanged.connect(self._role_changed)
        self.plan.currentIndexChanged.connect(self._usage_changed)
        self.trigger = plain_text(2)
        self.trigger.setObjectName("card_trigger")
        self.trigger.setPlaceholderText(_("When the card is taken into use"))
        self.purpose = plain_text(2)
        self.purpose.setObjectName("card_purpose")
        self.purpose.setPlaceholderText(_("What the card is to achieve"))
        for edit in (self.trigger, self.purpose):
            edit.textChanged.connect(self._mark_dirty)
        fields = QFormLayout()
        for label, field in ((_("Code"), self.code), (_("Title"), self.title), (_("Role"), self.role), (_("Plan"), self.plan),
                             (_("Approved by"), self.approved_by), (_("Trigger"), self.trigger), (_("Purpose"), self.purpose)):
            fields.addRow(label, field)

        self.incident_types = QListWidget()
        self.incident_types.setObjectName("card_incident_types")
        self.incident_types.setMinimumHeight(100)
        self.incident_types.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)  # as tall as the fields beside
        self.incident_types.itemChanged.connect(self._usage_changed)
        self.always = QCheckBox(_("Always activate"))
        self.always.setObjectName("card_always")
        self.always.setToolTip(_("Activated at every incident, e.g. the crisis leader's first action card"))
        self.always.toggled.connect(self._usage_changed)
        always_hint = QLabel(_("Activated at every incident, e.g. the crisis leader's first action card"))
        always_hint.setWordWrap(True)
        always_hint.setStyleSheet("color: #555;")
        types = QVBoxLayout()
        types.setSpacing(2)
        types.addWidget(QLabel(_("Incident types")))
        types.addWidget(self.incident_types, 1)
        types.addWidget(self.always)
        types.addWidget(always_hint)
        types.addWidget(QLabel(_("Phases")))
        self.phases: dict[Phase, QCheckBox] = {}
        for phase in Phase:
            box = QCheckBox(phase.label)
            box.setObjectName(f"phase_{phase.value}")
            box.toggled.connect(self._mark_dirty)
            self.phases[phase] = box
            types.addWidget(box)

        host = QWidget()
        grid = QGridLayout(host)
        grid.setContentsMargins(0, 4, 4, 4)
        grid.addLayout(fields, 0, 0)
        grid.addLayout(types, 0, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(host)
        return scroll

    # Choices: roles, plans, incident types and alert lists
    def refresh_choices(self) -> None:
        """Read roles, plans, incident types and alert lists again, keeping what is typed."""
        was_loading, self._loading = self._loading, True
        draft = self._header()
        roles = contact_store.roles(self.store)
        self.role.clear()
        for role in roles:
            self.role.addItem(role.name, role.id)
        self.plan.clear()
        self.plan.addItem(_("— none —"), None)
        for plan in plan_store.summaries(self.store):
            self.plan.addItem(plan_label(plan, self._months, today()), plan.id)
        self._type_names = type_store.names(self.store)
        self.steps.set_names(roles, {a.id: a.name for a in alert_store.list_all(self.store)})
        self._show_header(draft)
        self._loading = was_loading

    # Loading and reading back
    def load(self, card: ActionCard) -> None:
        """Show ``card``: a saved one, or a new one (id "") to fill in."""
        self._loading = True
        self._base = card
        self._show_header(card)
        self.steps.set_steps(card.steps)
        self.summary.clear()
        self._loading = False
        self.dirty = False

    def _show_header(self, card: ActionCard) -> None:
        self.code.setText(card.code)
        self.title.setText(card.title)
        self.role.setCurrentIndex(max(0, self.role.findData(card.role_id)))
        self.plan.setCurrentIndex(max(0, self.plan.findData(card.plan_id)))
        self.approved_by.setText(card.approved_by)
        self.incident_types.clear()
        for code, name in self._type_names.items():
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if code in card.incident_types else Qt.CheckState.Unchecked)
            self.incident_types.addItem(item)
        self.always.setChecked(card.always_activate)
        for phase, box in self.phases.items():
            box.setChecked(phase in card.phases)
        self.trigger.setPlainText(card.trigger)
        self.purpose.setPlainText(card.purpose)
        self._show_version(card)
        self._show_heading()
        self._show_where_used()

    def _show_version(self, card: ActionCard) -> None:
        if card.id:
            self.version.setText(_("Version {version} · revised {date}").format(version=card.version, date=show_date(card.revised_at)))
        else:
            self.version.setText(_("New card, not saved yet"))

    def stored_changed(self, card: ActionCard) -> None:
        """``card`` was saved meanwhile (an import; a deleted alert list or contact it notified) while this
        one has unsaved edits: keep what is typed, build the next save on ``card``, and say so."""
        self._base = card
        self._show_version(card)
        self.summary.setText(_("This card was changed meanwhile (for example by an import). Saving writes what you see over it; "
                               "“Undo changes” shows the new version."))
        self.summary.setStyleSheet(ERROR_STYLE)

    def _header(self) -> ActionCard:
        """The card as the header fields say, with the steps as loaded."""
        return replace(
            self._base,
            code=self.code.text().strip(), title=" ".join(self.title.text().split()), role_id=self.role.currentData() or "",
            plan_id=self.plan.currentData(), approved_by=self.approved_by.text().strip(),
            incident_types=self.checked_types(), always_activate=self.always.isChecked(),
            phases=tuple(p for p, box in self.phases.items() if box.isChecked()),
            trigger=self.trigger.toPlainText().strip(), purpose=self.purpose.toPlainText().strip(),
        )

    def checked_types(self) -> tuple[str, ...]:
        items = (self.incident_types.item(i) for i in range(self.incident_types.count()))
        return tuple(item.data(Qt.ItemDataRole.UserRole) for item in items if item.checkState() == Qt.CheckState.Checked)

    @property
    def base(self) -> ActionCard:
        """The card as loaded (as saved, or the new card's starting values)."""
        return self._base

    def is_new(self) -> bool:
        return not self._base.id

    def card_id(self) -> str:
        return self._base.id

    def _show_heading(self) -> None:
        text = f"{self.code.text().strip()}  {self.title.text().strip()}".strip()
        self.heading.setText(text or _("New action card"))

    def _show_where_used(self) -> None:
        used = card_store.where_used(self.store, self._header())
        plans = " › ".join(plan_label(p, self._months, today()) for p in reversed(used.plans)) or _("no plan")
        if used.every_incident:
            incidents = _("all incidents")
        else:
            incidents = ", ".join(self._type_names.get(code, code) for code in used.incident_types) or _("no incident types")
        text = _("Used in: {plans}  ·  Activated by: {incidents}").format(plans=plans, incidents=incidents)
        self.where_used.setText(text)

    def _set_read_only(self, read_only: bool) -> None:
        for edit in (self.code, self.title, self.approved_by, self.trigger, self.purpose):
            edit.setReadOnly(read_only)
        for widget in (self.role, self.plan, self.incident_types, self.always, *self.phases.values(), self.save_button,
                       self.revert_button):
            widget.setEnabled(not read_only)

    # Editing the header
    def _mark_dirty(self, *args) -> None:
        if not self._loading:
            self.dirty = True

    def _role_changed(self) -> None:
        self.steps.model.set_card_role(self.role.currentData())
        self._mark_dirty()

    def _usage_changed(self, *args) -> None:
        if not self._loading:
            self._show_where_used()
        self._mark_dirty()

    def revert(self) -> None:
        """Back to the card as it was loaded."""
        self.load(self._base)

    # Saving
    def save(self) -> ActionCard | None:
        """Save the card and return it as saved, or show what stops it and keep everything typed."""
        if self.store.read_only:
            return None
        problems = self.steps.problems()
        if problems:
            self._show_problems(problems)
            return None
        try:
            saved = card_store.save(self.store, replace(self._header(), steps=self.steps.steps()))
        except UserError as error:
            self._show_problems(str(error).splitlines())
            return None
        row = self.steps.current_row()
        self.load(card_store.get(self.store, saved.id) or saved)
        self.steps.select(row)
        self.summary.setText(_("Saved: version {version}.").format(version=saved.version))
        self.summary.setStyleSheet(_SAVED_STYLE)
        self.saved.emit(saved.id)
        return saved

    def _show_problems(self, problems: list[str]) -> None:
        self.summary.setText(_("Not saved:") + "\n" + "\n".join(problems))
        self.summary.setStyleSheet(ERROR_STYLE)
