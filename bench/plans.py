"""Plans and action cards at benchmark scale (run in its own process).

``python -m bench.plans DB [--runs N]`` prints JSON with:
- the Ctrl+K search over plans, sections and cards: each keystroke of realistic typing set
  into the real dialog's field (FTS5 queries for the three kinds, hit list rebuilt), against
  the bare FTS5 queries (rowids of the three tables) with plain sqlite3;
- opening the plan with the most sections on the real Plans page (``show_plan``: read the
  plan and fill the editor), against reading the same rows with plain sqlite3;
- the search boxes of the Plans and Action cards pages, per keystroke (list filtered and shown).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import time
from pathlib import Path

TYPING = (
    ("k", "kr", "kri", "kris", "krise", "krisel", "kriseledelse"),
    ("s", "st", "str", "strø", "strøm"),
    ("v", "va", "var", "vars", "varsl", "varsle"),
    ("e", "ev", "eva", "evak", "evaku", "evakuering"),
    ("t", "tk", "tk ", "tk 1", "tk 12"),
    ("a", "ag", "agg", "aggr", "aggregat"),
)
BARE = [f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH ?" for table in ("plan", "plan_section", "action_card")]


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def measure_bare_search(db: Path, runs: int) -> list[float]:
    from beredskap_desktop.storage.search import match_expression

    expressions = [match_expression(prefix) for sequence in TYPING for prefix in sequence]
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    timings = []
    try:
        for round_ in range(runs + 1):  # the first round warms up, unrecorded
            for expression in expressions:
                start = time.perf_counter()
                for sql in BARE:
                    conn.execute(sql, [expression]).fetchall()
                if round_:
                    timings.append(_ms(start))
    finally:
        conn.close()
    return timings


def measure_bare_open(db: Path, plan_id: str, runs: int) -> list[float]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    timings = []
    try:
        for round_ in range(runs + 1):
            start = time.perf_counter()
            conn.execute("SELECT * FROM plan WHERE id = ?", [plan_id]).fetchall()
            conn.execute("SELECT * FROM plan_section WHERE plan_id = ? ORDER BY position", [plan_id]).fetchall()
            if round_:
                timings.append(_ms(start))
    finally:
        conn.close()
    return timings


def measure_app(db: Path, runs: int) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from beredskap_desktop.i18n import set_language
    from beredskap_desktop.storage import cards, plans
    from beredskap_desktop.storage.database import open_store
    from beredskap_desktop.ui.dialogs.find_everywhere import FindEverywhere
    from beredskap_desktop.ui.pages.cards_page import CardsPage
    from beredskap_desktop.ui.pages.plans_page import PlansPage

    app = QApplication.instance() or QApplication([])
    set_language("nb")
    store = open_store(db, read_only=True)
    result: dict = {"plans": plans.count(store), "cards": cards.count(store), "keystroke_ms": [], "repaint_ms": []}
    dialog = FindEverywhere(store)
    dialog.show()
    app.processEvents()
    for round_ in range(runs + 1):
        for sequence in TYPING:
            for prefix in sequence:
                start = time.perf_counter()
                dialog.query.setText(prefix)
                spent = _ms(start)
                start = time.perf_counter()
                app.processEvents()
                if round_:
                    result["keystroke_ms"].append(spent)
                    result["repaint_ms"].append(_ms(start))
            dialog.query.clear()
    dialog.close()

    longest, sections = store.conn.execute(
        "SELECT plan_id, count(*) FROM plan_section GROUP BY plan_id ORDER BY count(*) DESC LIMIT 1").fetchone()
    other = store.conn.execute("SELECT id FROM plan WHERE id != ? LIMIT 1", [longest]).fetchone()[0]
    page = PlansPage(store)
    page.resize(1170, 780)
    page.show()
    app.processEvents()
    result.update(open_ms=[], open_sections=sections, longest_plan=longest)
    for round_ in range(runs + 1):
        page.show_plan(other)
        app.processEvents()
        start = time.perf_counter()
        page.show_plan(longest)
        spent = _ms(start)
        app.processEvents()
        if round_:
            result["open_ms"].append(spent)
    result["plans_page_ms"] = _type_into(app, page.search, runs)
    page.close()
    cards_page = CardsPage(store)
    cards_page.resize(1170, 780)
    cards_page.show()
    app.processEvents()
    result["cards_page_ms"] = _type_into(app, cards_page.search, runs)
    cards_page.close()
    store.close()
    return result


def _type_into(app, field, runs: int) -> list[float]:
    """Milliseconds per keystroke typed into a page's search ``field`` (first round unrecorded)."""
    timings = []
    for round_ in range(runs + 1):
        for sequence in TYPING:
            for prefix in sequence:
                start = time.perf_counter()
                field.setText(prefix)
                spent = _ms(start)
                app.processEvents()
                if round_:
                    timings.append(spent)
            field.clear()
            app.processEvents()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    result = measure_app(args.db, args.runs)
    result["bare_search_ms"] = measure_bare_search(args.db, args.runs)
    result["bare_open_ms"] = measure_bare_open(args.db, result["longest_plan"], args.runs)
    json.dump(result, sys.stdout)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
