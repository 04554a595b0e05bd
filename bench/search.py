"""Search as you type at benchmark scale, on the real Contacts page (run in its own process).

``python -m bench.search DB [--runs N]`` prints JSON. For every keystroke of a realistic
typing sequence it times ``page.search.setText(prefix)``, which runs ``apply_filter``
synchronously (FTS5 query, filtering in the model, model reset, count label), and, apart
from that, the repaint that follows (``processEvents``). The baseline is the bare FTS5
query for the same prefixes with plain ``sqlite3``. A separate, instrumented pass splits
each keystroke into its parts.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import time
from contextlib import contextmanager
from pathlib import Path

# Each tuple is typed one key at a time into an empty search field.
TYPING = (
    ("o", "od", "ode", "odeg", "odega", "odegar", "odegard"),
    ("h", "ha", "han", "hans", "hanse", "hansen"),
    ("4", "41", "412"),
    ("k", "kr", "kri", "kris", "krise"),
    ("k", "ka", "kar", "kari", "kari ", "kari ø"),
)
BARE_FTS = "SELECT rowid FROM contact_fts WHERE contact_fts MATCH ?"
PARTS = ("search_ids", "filter", "reset", "rest")


def _ms(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def type_all(page, app, on_keystroke) -> list[float]:
    """Type every sequence into the search field, clearing it after each; the clear times."""
    clears = []
    for sequence in TYPING:
        for prefix in sequence:
            on_keystroke(prefix)
        start = time.perf_counter()
        page.search.setText("")
        clears.append(_ms(start))
        app.processEvents()
    return clears


@contextmanager
def instrumented(contact_store, model, spent: dict[str, float]):
    """Add the time spent in each part of ``apply_filter`` to ``spent`` while inside."""

    def timed(part, function):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[part] += _ms(start)
        return wrapper

    search_ids = contact_store.search_rowids
    contact_store.search_rowids = timed("search_ids", search_ids)
    model._filtered = timed("filter", model._filtered)
    model.beginResetModel = timed("reset", model.beginResetModel)
    model.endResetModel = timed("reset", model.endResetModel)
    try:
        yield
    finally:
        contact_store.search_rowids = search_ids
        for name in ("_filtered", "beginResetModel", "endResetModel"):
            delattr(model, name)


def measure_page(db: Path, runs: int) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from beredskap_desktop.i18n import set_language
    from beredskap_desktop.storage import contacts as contact_store
    from beredskap_desktop.storage.database import open_store
    from beredskap_desktop.ui.pages.contacts_page import ContactsPage

    app = QApplication.instance() or QApplication([])
    set_language("nb")
    result = {"keystroke_ms": [], "repaint_ms": [], "clear_ms": [], "per_prefix_ms": {}, "parts_ms": {p: [] for p in PARTS}}
    store = open_store(db)
    page = ContactsPage(store)
    page.resize(1170, 780)
    page.show()
    app.processEvents()

    def keystroke(prefix: str) -> None:
        start = time.perf_counter()
        page.search.setText(prefix)
        spent = _ms(start)
        start = time.perf_counter()
        app.processEvents()
        result["repaint_ms"].append(_ms(start))
        result["keystroke_ms"].append(spent)
        result["per_prefix_ms"].setdefault(prefix, []).append(spent)

    def split_keystroke(prefix: str) -> None:
        spent = dict.fromkeys(PARTS, 0.0)
        with instrumented(contact_store, page.model, spent):
            start = time.perf_counter()
            page.search.setText(prefix)
            total = _ms(start)
        app.processEvents()
        spent["rest"] = max(0.0, total - spent["search_ids"] - spent["filter"] - spent["reset"])
        for part in PARTS:
            result["parts_ms"][part].append(spent[part])

    type_all(page, app, lambda prefix: (page.search.setText(prefix), app.processEvents()))  # warm-up, unrecorded
    for _ in range(runs):
        result["clear_ms"] += type_all(page, app, keystroke)
    for _ in range(runs):
        type_all(page, app, split_keystroke)
    result["contacts"] = page.model.total()
    return result


def measure_bare(db: Path, runs: int) -> list[float]:
    """The bare FTS5 query (rowids only) for every prefix typed, with plain sqlite3."""
    from beredskap_desktop.storage.search import match_expression

    expressions = [match_expression(prefix) for sequence in TYPING for prefix in sequence]
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    timings = []
    try:
        for expression in expressions:  # warm-up, unrecorded, as for the page
            conn.execute(BARE_FTS, [expression]).fetchall()
        for _ in range(runs):
            for expression in expressions:
                start = time.perf_counter()
                conn.execute(BARE_FTS, [expression]).fetchall()
                timings.append(_ms(start))
    finally:
        conn.close()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    result = {"bare_fts_ms": measure_bare(args.db, args.runs)}
    result.update(measure_page(args.db, args.runs))
    json.dump(result, sys.stdout)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
