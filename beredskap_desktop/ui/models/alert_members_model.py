"""The members of one alert list, resolved to people and numbers for display."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from beredskap_desktop.domain.alerts import AlertList, AlertMember, AlertMethod
from beredskap_desktop.domain.contacts import Contact
from beredskap_desktop.domain.phones import format_phone
from beredskap_desktop.i18n import N_, _
from beredskap_desktop.storage import contacts as contact_store
from beredskap_desktop.storage.database import Store

OBJECT_ROLE = Qt.ItemDataRole.UserRole + 1
_COLUMNS = (N_("No."), N_("Who"), N_("Method"), N_("Reach at"), N_("Deputy (fallback)"), N_("Note"))
_MISSING = QBrush(QColor("#b91c1c"))


@dataclass(frozen=True)
class ResolvedMember:
    member: AlertMember
    who: str
    reach: str
    deputy: str
    unresolved: bool


def reach_for(contact: Contact | None, method: AlertMethod) -> str:
    """How to reach ``contact`` by ``method``: a number, an address, an alias or a place."""
    if contact is None:
        return ""
    if method is AlertMethod.EMAIL:
        return contact.email
    if method is AlertMethod.NODNETT:
        return " / ".join(p for p in (contact.nodnett_alias, contact.nodnett_issi) if p)
    if method is AlertMethod.RUNNER:
        return contact.meeting_point
    if method is AlertMethod.SMS:
        return format_phone(contact.work_mobile)
    return format_phone(contact.work_mobile or contact.work_landline or contact.satellite_phone)


def resolve(store: Store, member: AlertMember, role_names: dict[str, str]) -> ResolvedMember:
    """Who a member is right now: the contact, or the holder of the role."""
    contact = None
    if member.role_id:
        holder_ids = contact_store.holders(store, member.role_id)
        contact = contact_store.get(store, holder_ids[0]) if holder_ids else None
        role = role_names.get(member.role_id, member.role_id)
        who = _("Role: {role} → {name}").format(role=role, name=contact.name) if contact else _("Role: {role} (nobody holds it)").format(role=role)
    else:
        contact = contact_store.get(store, member.contact_id)
        who = contact.name if contact else _("(deleted contact)")
        if contact and contact.position:
            who += f" ({contact.position})"
    deputy = _("(no deputy registered)")
    if contact and contact.deputy_id:
        substitute = contact_store.get(store, contact.deputy_id)
        if substitute:
            deputy = f"{substitute.name}  {reach_for(substitute, member.method)}".strip()
    return ResolvedMember(member, who, reach_for(contact, member.method), deputy, contact is None)


class AlertMembersModel(QAbstractTableModel):
    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self._store = store
        self._rows: list[ResolvedMember] = []

    def set_list(self, alert_list: AlertList | None) -> None:
        self.beginResetModel()
        role_names = {role.id: role.name for role in contact_store.roles(self._store)}
        members = alert_list.members if alert_list else ()
        self._rows = [resolve(self._store, m, role_names) for m in members]
        self.endResetModel()

    def member_at(self, row: int) -> AlertMember:
        return self._rows[row].member

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(_COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(_COLUMNS[section])
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        resolved = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (
                str(index.row() + 1), resolved.who, resolved.member.method.label, resolved.reach,
                resolved.deputy if resolved.member.use_deputy else _("(no fallback)"), resolved.member.note,
            )[index.column()]
        if role == OBJECT_ROLE:
            return resolved.member
        if role == Qt.ItemDataRole.ForegroundRole and resolved.unresolved:
            return _MISSING
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
