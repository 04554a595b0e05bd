"""One search over plans, plan sections and action cards (the Ctrl+K search box)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from beredskap_desktop.storage.database import Store
from beredskap_desktop.storage.search import match_expression


class HitKind(str, Enum):
    PLAN = "plan"
    SECTION = "section"
    CARD = "card"


@dataclass(frozen=True)
class Hit:
    kind: HitKind
    id: str  # the plan or the card
    title: str
    detail: str = ""  # the section title, or the card code
    section_id: str = ""


def find(store: Store, query: str, limit: int = 50) -> list[Hit]:
    """Plans, sections and cards matching every word of ``query`` as a prefix, best first
    within each kind, at most ``limit`` of each kind."""
    expression = match_expression(query)
    if expression is None:
        return []
    conn = store.conn
    plans = [
        Hit(HitKind.PLAN, id_, title)
        for id_, title in conn.execute(
            "SELECT p.id, p.title FROM plan_fts f JOIN plan p ON p.rowid = f.rowid WHERE plan_fts MATCH ? ORDER BY f.rank LIMIT ?",
            [expression, limit],
        )
    ]
    sections = [
        Hit(HitKind.SECTION, plan_id, plan_title, section_title, section_id)
        for plan_id, plan_title, section_id, section_title in conn.execute(
            """SELECT s.plan_id, p.title, s.id, s.title FROM plan_section_fts f
               JOIN plan_section s ON s.rowid = f.rowid JOIN plan p ON p.id = s.plan_id
               WHERE plan_section_fts MATCH ? ORDER BY f.rank LIMIT ?""",
            [expression, limit],
        )
    ]
    cards = [
        Hit(HitKind.CARD, id_, title, code)
        for id_, code, title in conn.execute(
            """SELECT c.id, c.code, c.title FROM action_card_fts f JOIN action_card c ON c.rowid = f.rowid
               WHERE action_card_fts MATCH ? ORDER BY f.rank LIMIT ?""",
            [expression, limit],
        )
    ]
    return plans + sections + cards
