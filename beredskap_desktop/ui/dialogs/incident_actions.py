"""Adding to a running incident's actions: an ad-hoc action, or one more action card.

Each dialog writes through storage (which logs it) before it closes; a refused write keeps
everything typed and says what to fix under the field."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QDialog, QFormLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit, QVBoxLayout,
)

from beredskap_desktop.domain.actions import check_ad_hoc
from beredskap_desktop.domain.cards import parse_offset
from beredskap_desktop.domain.errors import FieldError, UserError
from beredskap_desktop.domain.incidents import Incident
from beredskap_desktop.domain.log import Operator
from beredskap_desktop.domain.text import fold
from beredskap_desktop.i18n import _, ngettext
from beredskap_desktop.storage import actions as action_store
from beredskap_desktop.storage import cards as card_store
from beredskap_desktop.storage import contacts as contact_store
from beredskap_desktop.storage.database import Store
from beredskap_desktop.ui.widgets.common import dialog_buttons
from beredskap_desktop.ui.widgets.field_errors import FieldErrors
from beredskap_desktop.ui.widgets.two_line_delegate import TwoLineDelegate

SUBTITLE_ROLE = Qt.ItemDataRole.UserRole + 2


class AdHocActionDialog(QDialog):
    """An action no card has: what, the role responsible, who does it, the deadline (T+…)."""

    def __init__(self, store: Store, incident: Incident, device_id: str, operator: Operator, parent=None):
        super().__init__(parent)
        self.store, self.incident, self.device_id, self.operator = store, incident, device_id, operator
        self.action = None
        self.setWindowTitle(_("Add action"))
        self.setMinimumWidth(560)
        self.errors = FieldErrors()
        self.text = QPlainTextEdit()
        self.text.setObjectName("action_text")
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(90)
        self.text.setPlaceholderText(_("What is to be done, e.g. Skaffe aggregat til sykehjemmet"))
        self.role = QComboBox()
        self.role.setObjectName("action_role")
        self.role.addItem("–", None)
        for role in contact_store.roles(store):
            self.role.addItem(role.name, role.id)
        self.assignee = QLineEdit()
        self.assignee.setObjectName("action_assignee")
        self.assignee.setPlaceholderText(_("Name of the person doing it"))
        self.deadline = QLineEdit()
        self.deadline.setObjectName("action_deadline")
        self.deadline.setPlaceholderText("T+30 min")
        self.deadline.setToolTip(_("Time from the start of the incident: T+30 min, T+2 t, T+1 d"))
        self.deadline.setMaximumWidth(140)
        form = QFormLayout()
        form.addRow(_("Action"), self.errors.wrap("text", self.text))
        form.addRow(_("Responsible"), self.role)
        form.addRow(_("Assigned to"), self.errors.wrap("assignee", self.assignee))
        form.addRow(_("Deadline"), self.errors.wrap("deadline", self.deadline))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors.general)
        layout.addWidget(dialog_buttons(self, _("Add")))
        self.text.setFocus()

    def accept(self) -> None:
        errors = []
        deadline = None
        try:
            deadline = parse_offset(self.deadline.text())
        except ValueError as error:
            errors.append(FieldError("deadline", str(error)))
        errors += check_ad_hoc(self.text.toPlainText(), self.assignee.text(), deadline, self.operator)
        if errors:
            self.errors.show(errors)
            return
        try:
            self.action = action_store.add_ad_hoc(
                self.store, self.incident.id, self.text.toPlainText(), role_id=self.role.currentData(),
                assignee=self.assignee.text(), deadline_minutes=deadline, device_id=self.device_id, operator=self.operator)
        except FieldError as error:
            self.errors.show([error])
            return
        except UserError as error:
            self.errors.show([FieldError("general", str(error))])
            return
        super().accept()


class ActivateCardDialog(QDialog):
    """One more action card for the incident, chosen from those not activated yet."""

    def __init__(self, store: Store, incident: Incident, device_id: str, operator: Operator, parent=None):
        super().__init__(parent)
        self.store, self.incident, self.device_id, self.operator = store, incident, device_id, operator
        self.actions = []
        self.setWindowTitle(_("Activate action card"))
        self.resize(620, 520)
        active = {action.card_id for action in action_store.list_for(store, incident.id)}
        roles = {role.id: role.name for role in contact_store.roles(store)}
        self.errors = FieldErrors()
        intro = QLabel(_("The card's steps are added to the incident's actions as they stand now, and the activation is logged."))
        intro.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setObjectName("card_search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Search code, title or role"))
        self.search.textChanged.connect(self._filter)
        self.cards = QListWidget()
        self.cards.setObjectName("cards_to_activate")
        self.cards.setItemDelegate(TwoLineDelegate(SUBTITLE_ROLE, parent=self.cards))
        for card in card_store.summaries(store):
            if card.id in active:
                continue
            role = roles.get(card.role_id, card.role_id)
            steps = ngettext("{count} step", "{count} steps", card.step_count).format(count=card.step_count)
            item = QListWidgetItem(f"{card.code}  {card.title}")
            item.setData(SUBTITLE_ROLE, f"{role} · {steps}")
            item.setData(Qt.ItemDataRole.UserRole, card.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, fold(f"{card.code} {card.title} {role}"))
            self.cards.addItem(item)
        self.cards.itemDoubleClicked.connect(lambda _item: self.accept())
        if self.cards.count():
            self.cards.setCurrentRow(0)
        self.empty = QLabel(_("Every action card is already activated in this incident."))
        self.empty.setVisible(not self.cards.count())
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.search)
        layout.addWidget(self.errors.wrap("card", self.cards), 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.errors.general)
        layout.addWidget(dialog_buttons(self, _("Activate")))
        self.search.setFocus()

    def _filter(self, text: str) -> None:
        words = fold(text).split()
        first = None
        for row in range(self.cards.count()):
            item = self.cards.item(row)
            hidden = not all(word in item.data(Qt.ItemDataRole.UserRole + 1) for word in words)
            item.setHidden(hidden)
            if not hidden and first is None:
                first = item
        current = self.cards.currentItem()
        if first is not None and (current is None or current.isHidden()):
            self.cards.setCurrentItem(first)

    def choose(self, code: str) -> None:
        """Select the card with ``code``."""
        for row in range(self.cards.count()):
            if self.cards.item(row).text().split()[0] == code:
                self.cards.setCurrentRow(row)

    def accept(self) -> None:
        item = self.cards.currentItem()
        if item is None or item.isHidden():
            self.errors.show([FieldError("card", _("Action card: choose one."))])
            return
        try:
            self.actions = action_store.add_card(self.store, self.incident.id, item.data(Qt.ItemDataRole.UserRole),
                                                 device_id=self.device_id, operator=self.operator)
        except UserError as error:
            self.errors.show([FieldError("card", str(error))])
            return
        super().accept()
