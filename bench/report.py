"""The results as Markdown tables (printed, saved, pasted into docs/BENCHMARKS.md) and as JSON."""

from __future__ import annotations

import dataclasses
import datetime
import json
import sys
import time
from pathlib import Path

from bench import imports
from bench.stats import median, p95

START_TARGET, START_GOAL = 2.0, 1.5
MEMORY_TARGET_MB = 250
SEARCH_TARGET_MS = 10.0
FIND_TARGET_MS = 20.0
OPEN_PLAN_TARGET_MS = 100.0
BINDER_TARGET_S = 30.0
BINDER_MEMORY_TARGET_MB = 500
CARD_TARGET_MS = 100.0


class Progress:
    """One line per step on standard error, with the time the previous step took."""

    def __init__(self):
        self._start = self._step_start = time.perf_counter()

    def _finish_step(self) -> None:
        print(f" ({time.perf_counter() - self._step_start:.0f} s)", file=sys.stderr, flush=True)

    def step(self, text: str) -> None:
        if self._step_start != self._start:
            self._finish_step()
        print(f"bench: {text} …", end="", file=sys.stderr, flush=True)
        self._step_start = time.perf_counter()

    def done(self) -> None:
        self._finish_step()
        print(f"bench: done in {time.perf_counter() - self._start:.0f} s", file=sys.stderr)


def _met(ok: bool) -> str:
    return "**yes**" if ok else "**no**"


def _table(header: tuple[str, ...], rows: list[tuple]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return lines


def _start_rows(results: dict) -> list[tuple]:
    rows = []
    for mode in ("cold", "warm"):
        if mode not in results:
            rows.append(("Cold start to the main window (s)", "not measured", "", "", f"≤ {START_TARGET:g}×", results["cold_note"]))
            continue
        app = median([r.seconds for r in results[mode]["app"]])
        bare = median([r.seconds for r in results[mode]["bare"]])
        ratio = round(app / bare, 2)  # judged as shown
        judged = mode == "cold" or "cold" not in results
        target = f"≤ {START_TARGET:g}× (goal {START_GOAL:g}×)" if judged else "–"
        met = (_met(ratio <= START_TARGET) + (", goal met" if ratio <= START_GOAL else "")) if judged else "–"
        rows.append((f"{mode.capitalize()} start to the main window, median (s)", f"{app:.3f}", f"{bare:.3f}", f"{ratio:.2f}×", target, met))
    return rows


def render(results: dict) -> str:
    lines = [f"## Results {results['date']}", ""]
    lines += _table(("Machine", ""), list(results["machine"].items()))
    lines += ["", f"Commit {results['commit']}. Median of {results['runs']} runs each; large demo database, seed {results['seed']}. "
              f"Cold start: {results['cold_note']}.", ""]

    search = results["search"]
    keys, bare_fts = search["keystroke_ms"], search["bare_fts_ms"]
    warm = results["warm"]
    rss_app = median([r.peak_rss_mb for r in warm["app"]])
    rss_bare = median([r.peak_rss_mb for r in warm["bare"]])
    rows = _start_rows(results)
    rows += [
        ("Peak RSS, main window shown, median (MB)", f"{rss_app:.0f}", f"{rss_bare:.0f}", f"{rss_app / rss_bare:.2f}×",
         f"≤ {MEMORY_TARGET_MB} MB", _met(rss_app <= MEMORY_TARGET_MB)),
        (f"Search: keystroke to model updated, median (ms, {search['contacts']:,} contacts)", f"{median(keys):.2f}",
         f"{median(bare_fts):.2f}", f"{median(keys) / median(bare_fts):.0f}×", f"≤ {SEARCH_TARGET_MS:g} ms", _met(median(keys) <= SEARCH_TARGET_MS)),
        ("Search: keystroke to model updated, p95 (ms)", f"{p95(keys):.2f}", f"{p95(bare_fts):.2f}", f"{p95(keys) / p95(bare_fts):.0f}×", "–", "–"),
        ("Search: repaint after a keystroke, median (ms)", f"{median(search['repaint_ms']):.2f}", "", "", "–", "–"),
        ("Search: clearing the field (all rows back), median (ms)", f"{median(search['clear_ms']):.2f}", "", "", "–", "–"),
        ("Building the large demo database (s)", f"{results['build_s']:.1f}", "", "", "–", "–"),
        ("Database size (MB)", f"{results['db_mb']:.1f}", "", "", "–", "–"),
    ]
    lines += _table(("Benchmark", "beredskap_desktop", "Baseline", "Ratio", "Target", "Met"), rows)
    lines += ["", "Baselines: start-up and memory, a bare PySide6 main window (`bench/bare_window.py`); "
              "search, the bare FTS5 query (`SELECT rowid FROM contact_fts WHERE contact_fts MATCH ?`) with plain sqlite3."]
    if "exit_note" in search:
        lines += ["", f"Note: {search['exit_note']}."]

    lines += ["", *_plans_section(results["plans"])]
    lines += ["", *_printing_section(results["printing"])]

    lines += ["", "### Start-up spread (s)", ""]
    spread = []
    for mode in ("cold", "warm"):
        for name in ("app", "bare"):
            if mode in results:
                seconds = sorted(r.seconds for r in results[mode][name])
                spread.append((mode, name, f"{seconds[0]:.3f}", f"{median(seconds):.3f}", f"{seconds[-1]:.3f}"))
    lines += _table(("Mode", "Program", "Min", "Median", "Max"), spread)

    lines += ["", "### Where a warm start-up goes (in-process timers, median ms; a line with more dots runs inside the one above it)", ""]
    lines += _table(("Phase", "Median", "Min", "Max"),
                    [("· " * ((len(phase) - len(phase.lstrip())) // 2) + phase.strip(),
                      f"{median(ms):.1f}", f"{min(ms):.1f}", f"{max(ms):.1f}") for phase, ms in results["phases"].items()])
    lines += ["", "Process exit after `main()` returns is not in this table; the start-up times above include it."]

    lines += ["", "### Where a keystroke goes (instrumented pass, ms)", ""]
    parts = search["parts_ms"]
    labels = {"search_ids": "`contacts.search_rowids` (fold, FTS5 query, set of rowids)",
              "filter": "`ContactsModel._filtered` (Python filter over the index)",
              "reset": "model reset (`beginResetModel`/`endResetModel`, the view's reaction)",
              "rest": "the rest of `apply_filter` (count label, empty-state label, visibility)"}
    lines += _table(("Part", "Median", "p95"), [(labels[p], f"{median(v):.2f}", f"{p95(v):.2f}") for p, v in parts.items()])
    slowest = sorted(search["per_prefix_ms"].items(), key=lambda item: median(item[1]), reverse=True)[:6]
    lines += ["", "Slowest keystrokes (median ms): " + ", ".join(f"“{prefix}” {median(v):.1f}" for prefix, v in slowest) + "."]

    app_imports, bare_imports = results["imports_app"], results["imports_bare"]
    lines += ["", "### Imports on the start path (`python -X importtime`, median self time)", "",
              f"All imports: app {imports.total_ms(app_imports):.0f} ms, bare window {imports.total_ms(bare_imports):.0f} ms.", ""]
    in_bare = {c.package: c.self_ms for c in imports.by_package(bare_imports)}
    lines += _table(("Package", "Self (ms)", "Modules", "Pulled in by", "Same package in the bare window (ms)"),
                    [(c.package, f"{c.self_ms:.1f}", c.modules, c.imported_by, f"{in_bare[c.package]:.1f}" if c.package in in_bare else "not imported")
                     for c in imports.by_package(app_imports)[:14]])
    lines += ["", "Our own modules, costliest first (self time includes PySide6 creating the Qt classes a module names):", ""]
    lines += _table(("Module", "Self (ms)", "Cumulative (ms)", "Imported by"),
                    [(m.name, f"{m.self_ms:.1f}", f"{m.cumulative_ms:.1f}", m.parent or "-") for m in imports.our_modules(app_imports)[:8]])
    return "\n".join(lines) + "\n"


def _plans_section(plans: dict) -> list[str]:
    find, bare = plans["keystroke_ms"], plans["bare_search_ms"]
    opened, bare_open = plans["open_ms"], plans["bare_open_ms"]
    lines = ["### Plans and action cards", ""]
    lines += _table(("Benchmark", "beredskap_desktop", "Baseline", "Ratio", "Target", "Met"), [
        (f"Find in plans and cards (Ctrl+K): keystroke to hits listed, median (ms, {plans['plans']:,} plans, {plans['cards']:,} cards)",
         f"{median(find):.2f}", f"{median(bare):.2f}", f"{median(find) / median(bare):.0f}×", f"≤ {FIND_TARGET_MS:g} ms", _met(median(find) <= FIND_TARGET_MS)),
        ("Find in plans and cards: keystroke, p95 (ms)", f"{p95(find):.2f}", f"{p95(bare):.2f}", f"{p95(find) / p95(bare):.0f}×", "–", "–"),
        ("Find in plans and cards: repaint after a keystroke, median (ms)", f"{median(plans['repaint_ms']):.2f}", "", "", "–", "–"),
        (f"Open a plan with {plans['open_sections']} sections on the Plans page, median (ms)", f"{median(opened):.2f}",
         f"{median(bare_open):.2f}", f"{median(opened) / median(bare_open):.0f}×", f"≤ {OPEN_PLAN_TARGET_MS:g} ms", _met(median(opened) <= OPEN_PLAN_TARGET_MS)),
        ("Plans page search: keystroke to list filtered, median / p95 (ms)", f"{median(plans['plans_page_ms']):.2f} / {p95(plans['plans_page_ms']):.2f}", "", "", "–", "–"),
        ("Action cards page search: keystroke to library filtered, median / p95 (ms)", f"{median(plans['cards_page_ms']):.2f} / {p95(plans['cards_page_ms']):.2f}", "", "", "–", "–"),
    ])
    lines += ["", "Baselines: the bare FTS5 queries over `plan_fts`, `plan_section_fts` and `action_card_fts` (rowids only), "
              "and reading the plan's row and its sections, with plain sqlite3."]
    return lines


def _printing_section(printing: dict) -> list[str]:
    binder, bare = printing["binder"], printing["bare_binder"]
    seconds, bare_seconds = median([r["seconds"] for r in binder]), median([r["seconds"] for r in bare])
    rss, bare_rss = median([r["peak_rss_mb"] for r in binder]), median([r["peak_rss_mb"] for r in bare])
    card, bare_card = printing["card"]["ms"], printing["bare_card"]["ms"]
    cards = printing["card"]["cards"]
    runs = printing["binder_runs"]
    rows = [
        (f"Emergency binder of the large database ({printing['pages']:,} pages, {median([r['pdf_mb'] for r in binder]):.0f} MB): "
         f"opening the database to the PDF bytes, median of {runs} run{'s' if runs != 1 else ''} (s)",
         f"{seconds:.1f}", f"{bare_seconds:.1f}", f"{seconds / bare_seconds:.1f}×", f"≤ {BINDER_TARGET_S:g} s", _met(seconds <= BINDER_TARGET_S)),
        ("Emergency binder: peak RSS of its process, median (MB)", f"{rss:.0f}", f"{bare_rss:.0f}", f"{rss / bare_rss:.1f}×",
         f"≤ {BINDER_MEMORY_TARGET_MB} MB", _met(rss <= BINDER_MEMORY_TARGET_MB)),
        (f"One action card: its model read from the database and rendered, median (ms, {len(card)} different cards)",
         f"{median(card):.1f}", f"{median(bare_card):.1f}", f"{median(card) / median(bare_card):.1f}×",
         f"≤ {CARD_TARGET_MS:g} ms", _met(median(card) <= CARD_TARGET_MS)),
        ("One action card, p95 (ms)", f"{p95(card):.1f}", f"{p95(bare_card):.1f}", f"{p95(card) / p95(bare_card):.1f}×", "–", "–"),
    ]
    by_steps = max(range(len(cards)), key=lambda i: (cards[i]["steps"], cards[i]["people"]))
    by_people = max(range(len(cards)), key=lambda i: (cards[i]["people"], cards[i]["steps"]))
    heaviest = ({by_steps: "the most steps", by_people: "the most people to call"} if by_steps != by_people
                else {by_steps: "the most steps and people to call"})
    rows += [(f"The card with {what} ({cards[i]['code']}: {cards[i]['steps']} steps, {cards[i]['people']} people, "
              f"{cards[i]['pages']} pages) (ms)", f"{card[i]:.1f}", f"{bare_card[i]:.1f}", f"{card[i] / bare_card[i]:.1f}×", "–", "–")
             for i, what in heaviest.items()]
    lines = ["### Printing", ""]
    lines += _table(("Benchmark", "beredskap_desktop", "Baseline", "Ratio", "Target", "Met"), rows)
    lines += ["", f"Baselines: bare reportlab. The text lines of every page of the app's own PDF (binder: {printing['text_lines']:,} lines, "
              f"{printing['characters']:,} characters; each card likewise), extracted once with pypdfium2 and untimed, drawn a line at a "
              "time on a bare `Canvas`: the same A4 paper, embedded DejaVu Sans and page compression, one page per app page, with no "
              "models, database, layout, tables or QR code. That is the floor of writing the same text with the same library; a "
              "platypus baseline would have to rebuild the app's layout. Each binder run, the app's and the bare one, is a fresh "
              "process timed from opening its input (the database, the lines as JSON) to the PDF bytes, imports excluded; peak RSS "
              f"is that process's `ru_maxrss`. The binder is run {runs} time{'s' if runs != 1 else ''} (each run takes tens of seconds; "
              "`python -m bench.printing DB --binder-runs K` for more). The cards are timed in one process with the database open, "
              "as in the GUI (`printouts.make(store, \"cards\", Options(ids=(card,)))`), after one unrecorded card."]
    return lines


def to_json(results: dict) -> dict:
    """``results`` with dataclasses turned into plain dictionaries."""
    def plain(value):
        if dataclasses.is_dataclass(value):
            return dataclasses.asdict(value)
        if isinstance(value, dict):
            return {key: plain(item) for key, item in value.items()}
        if isinstance(value, list):
            return [plain(item) for item in value]
        return value
    return plain(results)


RESULTS = Path(__file__).with_name("results")


def save(text: str, results: dict, prefix: str = "") -> None:
    """Keep a run's tables and raw figures as ``bench/results/<prefix><date-time>.md`` and ``.json``."""
    RESULTS.mkdir(exist_ok=True)
    stem = RESULTS / (prefix + datetime.datetime.now().strftime("%Y%m%d-%H%M%S"))
    stem.with_suffix(".md").write_text(text, encoding="utf-8")
    stem.with_suffix(".json").write_text(json.dumps(to_json(results), indent=1), encoding="utf-8")
    print(f"\nSaved to {stem}.md and .json", file=sys.stderr)
