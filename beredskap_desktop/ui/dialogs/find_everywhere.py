"""Ctrl+K: one search box over plans, their sections and action cards."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout

from beredskap_desktop.domain.clock import today
from beredskap_desktop.domain.plans import is_overdue
from beredskap_desktop.i18n import N_, _, ngettext
from beredskap_desktop.storage import plans
from beredskap_desktop.storage.database import Store
from beredskap_desktop.storage.finder import Hit, HitKind, find
from beredskap_desktop.ui.models.plans_model import overdue_badge

_HEADINGS = {HitKind.PLAN: N_("Plans"), HitKind.SECTION: N_("Plan sections"), HitKind.CARD: N_("Action cards")}
_HIT = Qt.ItemDataRole.UserRole


class FindEverywhere(QDialog):
    """``chosen(kind, id, section_id)`` fires for the hit the user opens: kind "plan" or "card"."""

    chosen = Signal(str, str, str)

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        months = plans.revision_months(store)
        self._overdue = {p.id for p in plans.summaries(store) if is_overdue(p, today(), months)}
        self.setWindowTitle(_("Find in plans and action cards"))
        self.resize(720, 520)
        self.query = QLineEdit()
        self.query.setObjectName("find_query")
        self.query.setClearButtonEnabled(True)
        self.query.setPlaceholderText(_("Type words from a plan, a section or an action card"))
        self.query.setStyleSheet("font-size: 13pt; padding: 6px;")
        self.query.textChanged.connect(self._search)
        self.query.returnPressed.connect(self._open_first)
        self.results = QListWidget()
        self.results.setObjectName("find_results")
        self.results.setStyleSheet("QListWidget { font-size: 11pt; } QListWidget::item { padding: 4px; }")
        self.results.itemActivated.connect(self._open)
        self.results.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.status = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)
        self._search("")

    def _search(self, text: str) -> None:
        hits = find(self.store, text)
        self.results.clear()
        if not text.strip():
            self.status.setText(_("Searches titles, section text, triggers and steps. Enter opens the first hit."))
            return
        if not hits:
            self.status.setText(_("Nothing found for «{query}».").format(query=text.strip()))
            return
        self.status.setText(ngettext("{count} hit. ↓ to choose, Enter to open.", "{count} hits. ↓ to choose, Enter to open.", len(hits)).format(count=len(hits)))
        heading_font = QFont(self.results.font())
        heading_font.setBold(True)
        kind = None
        for hit in hits:
            if hit.kind is not kind:
                kind = hit.kind
                heading = QListWidgetItem(_(_HEADINGS[kind]))
                heading.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading: readable, not selectable
                heading.setFont(heading_font)
                self.results.addItem(heading)
            item = QListWidgetItem(_label(hit) + (f"  {overdue_badge()}" if hit.kind is not HitKind.CARD and hit.id in self._overdue else ""))
            item.setData(_HIT, hit)
            self.results.addItem(item)

    def _open_first(self) -> None:
        for row in range(self.results.count()):
            if self.results.item(row).data(_HIT) is not None:
                self._open(self.results.item(row))
                return

    def _open(self, item: QListWidgetItem) -> None:
        hit: Hit | None = item.data(_HIT)
        if hit is None:
            return
        kind = "card" if hit.kind is HitKind.CARD else "plan"
        self.accept()
        self.chosen.emit(kind, hit.id, hit.section_id)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Down and self.query.hasFocus() and self.results.count():
            self.results.setFocus()
            self.results.setCurrentRow(1)
            return
        super().keyPressEvent(event)


def _label(hit: Hit) -> str:
    if hit.kind is HitKind.SECTION:
        return f"{hit.title} › {hit.detail}"
    if hit.kind is HitKind.CARD:
        return f"{hit.detail}  {hit.title}"
    return hit.title
