"""Starting the GUI: the Qt application, choosing and opening the database, the main window."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QLineEdit, QMessageBox, QProgressDialog

from beredskap_desktop import APP_NAME
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.i18n import _, set_language
from beredskap_desktop.paths import default_db_path, resource_path
from beredskap_desktop.services import backups
from beredskap_desktop.storage.database import DatabaseLockedError, Store, open_store
from beredskap_desktop.ui.main_window import MainWindow
from beredskap_desktop.ui.widgets.common import ask

DESKTOP_FILE = "beredskap-desktop"  # installer/linux/beredskap-desktop.desktop


def app_icon() -> QIcon:
    """The app's icon (window, task bar), as drawn for every size in ``resources/icons``."""
    icon = QIcon()
    for png in sorted(resource_path("icons").glob("beredskap-desktop-*.png")):
        icon.addFile(str(png))
    return icon


def _create(choice: str, path: Path, values: tuple[str, str] | None) -> None:
    if choice == "demo":
        from beredskap_desktop.services.demo import load_demo

        load_demo(path)
    else:
        from beredskap_desktop.services.municipality import create_municipality

        create_municipality(path, *values)


class Application:
    """Owns the open database and the main window; switches both on open, new or language."""

    def __init__(self, qt_app: QApplication, exit_when_shown: bool):
        self.qt_app = qt_app
        self.exit_when_shown = exit_when_shown
        self.store: Store | None = None
        self.window: MainWindow | None = None
        self.snapshot_path: Path | None = None  # the temporary copy of a snapshot opened without importing

    def open_snapshot(self, opened) -> bool:
        """Show an opened snapshot (``services.snapshot_open.OpenedSnapshot``) read-only, the
        banner saying which snapshot it is; on failure explain and return False."""
        try:
            store = open_store(opened.path, read_only=True)
        except UserError as error:
            _report(self.exit_when_shown, _("Cannot open the snapshot"), str(error))
            return False
        store.read_only_reason = opened.description
        self.snapshot_path = store.path
        self._show(store)
        return True

    def open(self, path: Path, read_only: bool) -> bool:
        """Open ``path`` and show it; on failure explain and return False."""
        try:
            try:
                store = open_store(path, read_only=read_only, before_migrating=backups.before_migration)
            except DatabaseLockedError as locked:
                if self.exit_when_shown or not self._ask_read_only(str(locked)):
                    raise
                store = open_store(path, locked_read_only=True)
        except UserError as error:
            if self.exit_when_shown:
                print(str(error), file=sys.stderr)
            else:
                QMessageBox.critical(self.window, _("Cannot open the database"), str(error))
            return False
        self._show(store)
        return True

    def _ask_read_only(self, message: str) -> bool:
        question = message + "\n\n" + _("Open it read-only? You can look, but not change anything.")
        return ask(None, _("The database is in use"), question, [_("Open read-only"), _("Cancel")]) == 0

    def _show(self, store: Store) -> None:
        old_window, old_store = self.window, self.store
        self.store = store
        self.window = MainWindow(store)
        self.window.language_requested.connect(self.switch_language)
        self.window.open_requested.connect(self.choose_file)
        self.window.new_requested.connect(self.new_municipality)
        self.window.settings_changed.connect(lambda: self._show(self.store))
        self.window.restore_requested.connect(self.restore)
        self.window.back_up_on_close = not self.exit_when_shown
        if self.exit_when_shown:
            self.window.shown.connect(lambda: QTimer.singleShot(0, self.qt_app.quit))
        elif store.path != self.snapshot_path:  # a snapshot's copy has no backups
            window = self.window  # the timer dies with the window (a language switch makes a new one)
            QTimer.singleShot(1000, window, lambda: _back_up_if_due(window))
        if old_window is not None:
            self.window.setGeometry(old_window.geometry())
            old_window.hide()
            old_window.deleteLater()
        if old_store is not None and old_store is not store:
            old_store.close()
        self.window.show()

    def switch_language(self, language: str) -> None:
        """Rebuild the window in ``language`` on the same database."""
        if self.window.confirm_leave():
            set_language(language)
            self._show(self.store)

    def restore(self, backup: Path) -> None:
        """Put ``backup`` back: the database is closed (restore needs its writer lock), restored
        (the current data is backed up first) and opened again in a new window."""
        from beredskap_desktop.domain.clock import show
        from beredskap_desktop.services import backups

        if not self.window.confirm_leave():
            return
        path = self.store.path
        progress = QProgressDialog(_("Restoring the backup…"), "", 0, 0, self.window)
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.show()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        self.store.close()  # the event loop does not run until the new window replaces this one
        problem = ""
        try:
            restored = backups.restore(backup, path)
        except UserError as error:
            restored, problem = None, str(error)
        finally:
            QApplication.restoreOverrideCursor()
            progress.close()
        if not self.open(path, read_only=False):
            return
        self.window.navigation.setCurrentRow(5)
        if restored is None:
            QMessageBox.warning(self.window, _("Restore"), _("Nothing was restored:\n{reason}").format(reason=problem))
            return
        done = _("The data is back as it was on {moment}.").format(moment=show(restored.restored.created))
        if restored.previous is not None:
            done += "\n\n" + _("The data as it was before the restore is kept in the backup {path}.").format(
                path=restored.previous.path)
        QMessageBox.information(self.window, _("Restore"), done)

    def choose_file(self) -> None:
        if not self.window.confirm_leave():
            return
        from beredskap_desktop.ui.dialogs.first_start import DB_FILTER

        path, _filter = QFileDialog.getOpenFileName(self.window, _("Open database"), str(self.store.path.parent), DB_FILTER)
        if path:
            self.open(Path(path), read_only=False)

    def new_municipality(self) -> None:
        if not self.window.confirm_leave():
            return
        from beredskap_desktop.ui.dialogs.first_start import DB_FILTER, NewMunicipalityDialog

        dialog = NewMunicipalityDialog(self.window)
        if not dialog.exec():
            return
        path, _filter = QFileDialog.getSaveFileName(self.window, _("Save the new database as"), str(self.store.path.parent / "kommune.sqlite"), DB_FILTER)
        if not path:
            return
        try:
            _create("new", Path(path), dialog.values)
        except UserError as error:
            QMessageBox.critical(self.window, _("Cannot create the database"), str(error))
            return
        self.open(Path(path), read_only=False)


def _back_up_if_due(window) -> None:
    from beredskap_desktop.ui import backup_status  # not needed to show the window

    backup_status.back_up_if_due(window)


def _report(exit_when_shown: bool, title: str, message: str) -> None:
    """An error in a message box, or on standard error for a run that must not wait."""
    if exit_when_shown:
        print(message, file=sys.stderr)
    else:
        QMessageBox.critical(None, title, message)


def _qt_application() -> QApplication:
    qt_app = QApplication.instance() or QApplication(sys.argv[:1])
    qt_app.setApplicationName(APP_NAME)
    qt_app.setDesktopFileName(DESKTOP_FILE)
    qt_app.setWindowIcon(app_icon())
    font = QFont(qt_app.font())
    font.setPointSizeF(max(font.pointSizeF(), 10.5))
    qt_app.setFont(font)
    return qt_app


def run_snapshot_gui(path: Path, *, passphrase_file: Path | None = None, exit_when_shown: bool = False) -> int:
    """Start the GUI read-only on the snapshot at ``path`` without importing it; returns the exit code.

    An encrypted snapshot's passphrase comes from ``passphrase_file``, else ``BEREDSKAP_PASSPHRASE``,
    else a dialog (not with ``exit_when_shown``). The temporary copy is removed when the app quits.
    """
    from beredskap_desktop.services import snapshot_cli, snapshots
    from beredskap_desktop.services.snapshot_open import open_snapshot

    qt_app = _qt_application()
    path = Path(path)
    try:
        if passphrase_file is not None:
            secret = snapshot_cli.passphrase(passphrase_file, "")
        else:
            secret = os.environ.get(snapshot_cli.ENVIRONMENT) or None
            if secret is None and not exit_when_shown and snapshots.is_encrypted(path):
                secret, ok = QInputDialog.getText(None, _("Encrypted snapshot"), _("Passphrase of {name}:").format(name=path.name),
                                                  QLineEdit.EchoMode.Password)
                if not ok:
                    return 0
        opened = open_snapshot(path, secret)
    except UserError as error:
        _report(exit_when_shown, _("Cannot open the snapshot"), str(error))
        return 1
    with opened:
        app = Application(qt_app, exit_when_shown)
        if not app.open_snapshot(opened):
            return 1
        qt_app.exec()
        if app.store is not None:
            app.store.close()
    return 0


def run_gui(db_path: Path | None, *, read_only: bool = False, exit_when_shown: bool = False) -> int:
    """Start the GUI on ``db_path`` (default: the user's data folder); returns the exit code."""
    qt_app = _qt_application()
    path = Path(db_path) if db_path else default_db_path()
    if not path.exists():
        if exit_when_shown:
            print(_("No database at {path}.").format(path=path), file=sys.stderr)
            return 1
        from beredskap_desktop.ui.dialogs.first_start import FirstStartDialog

        first = FirstStartDialog(path)
        if not first.exec():
            return 0
        if first.choice == "open":
            path = first.opened
        else:
            try:
                _create(first.choice, path, first.values)
            except UserError as error:
                QMessageBox.critical(None, _("Cannot create the database"), str(error))
                return 1
    app = Application(qt_app, exit_when_shown)
    if not app.open(path, read_only):
        return 1
    qt_app.exec()
    if app.store is not None:
        app.store.close()
    return 0
