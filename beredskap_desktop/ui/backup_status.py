"""The last verified backup in the status bar, and the backup taken at start when the last
one is more than a day old (in the background, tested at once like every backup)."""

from __future__ import annotations

from beredskap_desktop.domain.clock import show
from beredskap_desktop.i18n import _
from beredskap_desktop.services import backups
from beredskap_desktop.ui.jobs import start_job

_GOOD, _BAD = "color: #166534;", "color: #b45309; font-weight: 600;"


def refresh(window) -> None:
    """Show the newest backup that passed its restore test."""
    last = backups.last_verified(backups.backup_folder(window.store.path))
    if last is None:
        window.backup_label.setText(_("No tested backup yet"))
        window.backup_label.setStyleSheet(_BAD)
    else:
        window.backup_label.setText(_("Backup tested {moment}").format(moment=show(last.created)))
        window.backup_label.setStyleSheet(_GOOD)


def back_up_if_due(window) -> None:
    """At start: a backup when the last tested one is more than 24 hours old (never read-only)."""
    refresh(window)
    if window.store.read_only or not backups.needs_backup(backups.backup_folder(window.store.path)):
        return

    def failed(message: str) -> None:
        window.backup_label.setText(_("Backup failed: {reason}").format(reason=message.splitlines()[0]))
        window.backup_label.setStyleSheet(_BAD)

    start_job(window, _("Taking a backup…"), window.store,
              lambda worker, report: backups.run_backup(worker, reason=backups.Reason.START),
              lambda receipt: refresh(window), failed, cancellable=False)
