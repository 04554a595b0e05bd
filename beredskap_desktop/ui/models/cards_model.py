"""The library of action cards: every card's summary, filtered by search, role, incident type and phase.

A card that is always activated matches every incident type.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from beredskap_desktop.domain.cards import CardSummary, Phase, code_order
from beredskap_desktop.domain.clock import show_date
from beredskap_desktop.domain.text import sort_key
from beredskap_desktop.i18n import N_, _

_COLUMNS = (N_("Code"), N_("Title"), N_("Role"), N_("Incident types"), N_("Phases"), N_("Steps"), N_("Version"), N_("Revised"))
_NUMBER_COLUMNS = (5, 6)


@dataclass(frozen=True)
class CardFilter:
    """``ids`` from a search (None: every card); None for role, type or phase: any."""

    ids: set[str] | None = None
    role_id: str | None = None
    incident_type: str | None = None
    phase: Phase | None = None

    def matches(self, card: CardSummary) -> bool:
        return (
            (self.ids is None or card.id in self.ids)
            and (self.role_id is None or card.role_id == self.role_id)
            and (self.incident_type is None or card.always_activate or self.incident_type in card.incident_types)
            and (self.phase is None or self.phase in card.phases)
        )


class CardsModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._cards: list[CardSummary] = []
        self._visible: list[CardSummary] = []
        self._role_names: dict[str, str] = {}
        self._type_names: dict[str, str] = {}
        self._filter = CardFilter()
        self._sort = (0, Qt.SortOrder.AscendingOrder)

    def set_cards(self, cards: list[CardSummary], role_names: dict[str, str], type_names: dict[str, str]) -> None:
        """Show ``cards`` with role and incident type names by id; the filter and sort order stay."""
        self.beginResetModel()
        self._cards, self._role_names, self._type_names = list(cards), role_names, type_names
        self._cards.sort(key=self._key(self._sort[0]), reverse=self._sort[1] == Qt.SortOrder.DescendingOrder)
        self._visible = [c for c in self._cards if self._filter.matches(c)]
        self.endResetModel()

    def set_filter(self, card_filter: CardFilter) -> None:
        self.beginResetModel()
        self._filter = card_filter
        self._visible = [c for c in self._cards if card_filter.matches(c)]
        self.endResetModel()

    def total(self) -> int:
        return len(self._cards)

    def card_at(self, row: int) -> CardSummary:
        return self._visible[row]

    def row_of(self, card_id: str) -> int | None:
        return next((row for row, card in enumerate(self._visible) if card.id == card_id), None)

    def incident_text(self, card: CardSummary) -> str:
        if card.always_activate:
            return _("All incidents")
        return ", ".join(self._type_names.get(code, code) for code in card.incident_types)

    def _text(self, card: CardSummary, column: int) -> str:
        if column == 0:
            return card.code
        if column == 1:
            return card.title
        if column == 2:
            return self._role_names.get(card.role_id, card.role_id)
        if column == 3:
            return self.incident_text(card)
        if column == 4:
            return ", ".join(p.label for p in card.phases)
        if column == 5:
            return str(card.step_count)
        if column == 6:
            return str(card.version)
        return show_date(card.revised_at)

    def _key(self, column: int):
        if column == 0:
            return lambda card: code_order(card.code)
        if column == 5:
            return lambda card: (card.step_count, code_order(card.code))
        if column == 6:
            return lambda card: (card.version, code_order(card.code))
        if column == 7:
            return lambda card: (card.revised_at.isoformat() if card.revised_at else "", code_order(card.code))
        return lambda card: (sort_key(self._text(card, column)), code_order(card.code))

    # Qt
    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        kept = [(self._visible[index.row()].id, index.column()) for index in persistent]
        self._sort = (column, order)
        key = self._key(column)
        self._cards.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self._visible.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        rows = {card.id: row for row, card in enumerate(self._visible)}
        self.changePersistentIndexList(persistent, [self.index(rows[card_id], column) for card_id, column in kept])
        self.layoutChanged.emit()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(_COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(_COLUMNS[section])
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        card = self._visible[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(card, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in _NUMBER_COLUMNS:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
