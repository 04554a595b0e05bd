"""Start a call-out: choose the alert list to work down for the incident; the list is copied
into the call-out (and logged) before the dialog closes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout

from beredskap_desktop.domain.clock import show
from beredskap_desktop.domain.errors import FieldError, UserError
from beredskap_desktop.domain.incidents import Incident
from beredskap_desktop.domain.log import Operator
from beredskap_desktop.domain.text import fold
from beredskap_desktop.i18n import _, ngettext
from beredskap_desktop.storage import alerts
from beredskap_desktop.storage import callouts as callout_store
from beredskap_desktop.storage.database import Store
from beredskap_desktop.ui.widgets.common import dialog_buttons
from beredskap_desktop.ui.widgets.field_errors import FieldErrors
from beredskap_desktop.ui.widgets.two_line_delegate import TwoLineDelegate

LIST_ROLE = Qt.ItemDataRole.UserRole
_SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1
_SUBTITLE_ROLE = Qt.ItemDataRole.UserRole + 2


class StartCalloutDialog(QDialog):
    """``callout`` once accepted."""

    def __init__(self, store: Store, incident: Incident, device_id: str, operator: Operator, parent=None):
        super().__init__(parent)
        self.store, self.incident, self.device_id, self.operator = store, incident, device_id, operator
        self.callout = None
        self.setWindowTitle(_("Start call-out"))
        self.resize(560, 480)
        started = {}
        for callout in callout_store.list_for(store, incident.id):
            started.setdefault(callout.alert_list_id, callout.started_at)
        intro = QLabel(_("Choose the alert list to work down. Its people are copied into the call-out as they are now; "
                         "the start is logged."))
        intro.setWordWrap(True)
        self.errors = FieldErrors()
        self.search = QLineEdit()
        self.search.setObjectName("alert_list_search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Search alert lists"))
        self.search.textChanged.connect(self._filter)
        self.lists = QListWidget()
        self.lists.setObjectName("alert_lists_to_call")
        self.lists.setItemDelegate(TwoLineDelegate(_SUBTITLE_ROLE, parent=self.lists))
        for alert_list in alerts.list_all(store):
            count = len(alert_list.members)
            facts = [ngettext("{count} member", "{count} members", count).format(count=count)]
            if alert_list.id in started:
                facts.append(_("already started {time}").format(time=show(started[alert_list.id])))
            if alert_list.purpose:
                facts.append(alert_list.purpose)
            item = QListWidgetItem(alert_list.name)
            item.setData(_SUBTITLE_ROLE, " · ".join(facts))
            item.setToolTip(alert_list.purpose)
            item.setData(LIST_ROLE, alert_list.id)
            item.setData(_SEARCH_ROLE, fold(f"{alert_list.name} {alert_list.purpose}"))
            self.lists.addItem(item)
        self.lists.itemDoubleClicked.connect(lambda _item: self.accept())
        if self.lists.count():
            self.lists.setCurrentRow(0)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.search)
        layout.addWidget(self.errors.wrap("alert_list", self.lists), 1)
        layout.addWidget(self.errors.general)
        layout.addWidget(dialog_buttons(self, _("Start call-out")))
        self.search.setFocus()

    def _filter(self, text: str) -> None:
        words = fold(text).split()
        first = None
        for row in range(self.lists.count()):
            item = self.lists.item(row)
            item.setHidden(not all(word in item.data(_SEARCH_ROLE) for word in words))
            if not item.isHidden() and first is None:
                first = item
        if first is not None and (self.lists.currentItem() is None or self.lists.currentItem().isHidden()):
            self.lists.setCurrentItem(first)

    def choose(self, name: str) -> None:
        """Select the alert list called ``name``."""
        for row in range(self.lists.count()):
            if self.lists.item(row).text() == name:
                self.lists.setCurrentRow(row)

    def accept(self) -> None:
        item = self.lists.currentItem()
        if item is None or item.isHidden():
            self.errors.show([FieldError("alert_list", _("Alert list: choose one."))])
            return
        try:
            self.callout = callout_store.start(self.store, self.incident.id, item.data(LIST_ROLE),
                                               device_id=self.device_id, operator=self.operator)
        except FieldError as error:
            self.errors.show([error])
            return
        except UserError as error:
            self.errors.show([FieldError("alert_list", str(error))])
            return
        super().accept()
