"""Alert lists (varslingslister): ordered members, a method each, deputy fallback."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from beredskap_desktop.i18n import N_, _


class AlertMethod(str, Enum):
    CALL = "ring"
    SMS = "sms"
    EMAIL = "epost"
    NODNETT = "nodnett"
    RUNNER = "oppmote"

    @property
    def label(self) -> str:
        return _(METHOD_LABELS[self])


METHOD_LABELS = {
    AlertMethod.CALL: N_("Call"),
    AlertMethod.SMS: N_("SMS"),
    AlertMethod.EMAIL: N_("E-mail"),
    AlertMethod.NODNETT: N_("Nødnett"),
    AlertMethod.RUNNER: N_("Runner / meet in person"),
}


@dataclass(frozen=True)
class AlertMember:
    """One line of an alert list: a contact (person or organisation) or a role."""

    id: str
    contact_id: str | None = None
    role_id: str | None = None
    method: AlertMethod = AlertMethod.CALL
    use_deputy: bool = True
    note: str = ""

    def __post_init__(self) -> None:
        if (self.contact_id is None) == (self.role_id is None):
            raise ValueError("an alert member is either a contact or a role")


@dataclass(frozen=True)
class AlertList:
    id: str
    name: str
    purpose: str = ""
    members: tuple[AlertMember, ...] = ()


def move(items: list, index: int, offset: int) -> list:
    """A copy of ``items`` with the item at ``index`` moved ``offset`` places (clamped)."""
    target = max(0, min(len(items) - 1, index + offset))
    moved = list(items)
    moved.insert(target, moved.pop(index))
    return moved
