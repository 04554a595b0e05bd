"""The backup taken at start and the last tested backup in the status bar."""

from __future__ import annotations

from beredskap_desktop.services import backups
from beredskap_desktop.ui import backup_status
from beredskap_desktop.ui.main_window import MainWindow


def test_a_backup_at_start_when_none_is_recent_then_not_again(qtbot, seeded):
    store = seeded["store"]
    window = MainWindow(store)
    qtbot.addWidget(window)
    folder = backups.backup_folder(store.path)
    backup_status.back_up_if_due(window)
    qtbot.waitUntil(lambda: len(backups.list_backups(folder)) == 1 and "Ingen" not in window.backup_label.text(), timeout=20000)
    made = backups.list_backups(folder)[0]
    assert made.ok and made.reason == "start"
    assert window.backup_label.text().startswith(("Sikkerhetskopi testet", "Backup tested"))
    backup_status.back_up_if_due(window)  # the next start within a day takes none
    assert len(backups.list_backups(folder)) == 1


def test_read_only_takes_no_backup_and_says_none_is_tested(qtbot, seeded, tmp_path):
    from beredskap_desktop.storage.database import open_store

    read_only = open_store(seeded["store"].path, read_only=True)
    window = MainWindow(read_only)
    qtbot.addWidget(window)
    backup_status.back_up_if_due(window)
    assert backups.list_backups(backups.backup_folder(read_only.path)) == []
    assert window.backup_label.text() in ("Ingen testet sikkerhetskopi ennå", "No tested backup yet")
    read_only.close()
