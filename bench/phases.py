"""Where one start-up goes, phase by phase, in a fresh process (``python -m bench.phases``).

Runs the real start path (``cli.main([... "--exit-when-shown"])``) with timers wrapped
around a few functions; a function the code no longer has is left out. Times are inclusive
(a page's time contains the data it loads). The spawn time comes from the parent through
``perf_counter``, which is the system-wide monotonic clock on Linux, so interpreter start-up
counts too. Prints JSON: phase name to milliseconds.
"""

from __future__ import annotations

import importlib
import json
import sys
import time

# (label, module, attribute path) of each function to time, in the order they run; the
# label's indentation (two spaces a level) says what runs inside what.
WRAPPED = (
    ("  open_store", "beredskap_desktop.storage.database", "open_store"),
    ("  MainWindow.__init__", "beredskap_desktop.ui.main_window", "MainWindow.__init__"),
    ("    ContactsPage.__init__", "beredskap_desktop.ui.pages.contacts_page", "ContactsPage.__init__"),
    ("      contacts.index", "beredskap_desktop.storage.contacts", "index"),
    ("      ContactsModel.set_index", "beredskap_desktop.ui.models.contacts_model", "ContactsModel.set_index"),
    ("      ContactEditor.__init__", "beredskap_desktop.ui.widgets.contact_editor", "ContactEditor.__init__"),
    ("    AlertListsPage.__init__", "beredskap_desktop.ui.pages.alert_lists_page", "AlertListsPage.__init__"),
)


def _ms(start: float, end: float) -> float:
    return (end - start) * 1000


def _wrap(spent: dict[str, float], label: str, module_name: str, path: str) -> None:
    try:
        owner = importlib.import_module(module_name)
        *parents, name = path.split(".")
        for part in parents:
            owner = getattr(owner, part)
        function = getattr(owner, name)
    except (ImportError, AttributeError):
        return

    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + _ms(start, time.perf_counter())

    setattr(owner, name, timed)
    # Modules that did ``from module import name`` hold their own reference: repoint them too.
    for module in list(sys.modules.values()):
        if module is not None and module.__name__.startswith("beredskap_desktop") and getattr(module, name, None) is function:
            setattr(module, name, timed)


def main() -> None:
    spawned = float(sys.argv[1])
    db = sys.argv[2]
    entered = time.perf_counter()
    phases: dict[str, float] = {"interpreter start-up": _ms(spawned, entered)}
    from beredskap_desktop import cli
    from beredskap_desktop.ui import app, main_window  # noqa: F401  (the imports the GUI start makes)

    imported = time.perf_counter()
    phases["imports (cli, ui.app)"] = _ms(entered, imported)
    spent: dict[str, float] = {}
    for label, module_name, path in WRAPPED:
        _wrap(spent, label, module_name, path)
    shown_at = []
    window_class = main_window.MainWindow
    show_event = window_class.showEvent

    def record_shown(self, event):
        show_event(self, event)
        shown_at.append(time.perf_counter())

    window_class.showEvent = record_shown
    code = cli.main(["--db", db, "--exit-when-shown"])
    returned = time.perf_counter()
    if code != 0 or not shown_at:
        sys.exit(f"start-up failed with exit code {code}")
    phases["main() to window shown"] = _ms(imported, shown_at[0])
    phases.update({label: spent[label] for label, _module, _path in WRAPPED if label in spent})
    phases["shown to main() returned"] = _ms(shown_at[0], returned)
    json.dump(phases, sys.stdout)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
