"""The Data page: the publisher key and the keys this database trusts, exporting snapshots
and incident packages, checking and importing them with a preview, and the tested backups
with restore. Long work runs in the background (``ui.jobs``).

``imported`` fires after an import changed the data (the window reloads its pages),
``backups_changed`` after a backup was taken or tested (the status bar), and
``restore_requested(path)`` once the user confirmed restoring that backup: the
application closes the database, restores and opens it again.
"""

from __future__ import annotations

import getpass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QFileDialog, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QListWidget, QListWidgetItem,
    QPushButton, QScrollArea, QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget,
)

from beredskap_desktop.domain import snapshots as domain
from beredskap_desktop.domain.clock import now_utc, show, to_iso
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.i18n import _, ngettext
from beredskap_desktop.services import backups, keys, snapshots
from beredskap_desktop.services.device import signing_fingerprint
from beredskap_desktop.storage import incidents as incident_store
from beredskap_desktop.storage import municipality, trusted_keys
from beredskap_desktop.storage.database import Store
from beredskap_desktop.ui.dialogs.snapshot_export import SUFFIX, passphrase_field, snapshot_filter
from beredskap_desktop.ui.dialogs.snapshot_import import moment
from beredskap_desktop.ui.dialogs.trust_key import fingerprint_label, fingerprint_text
from beredskap_desktop.ui.jobs import start_job
from beredskap_desktop.ui.widgets.common import ask, empty_state, wrapped_label
from beredskap_desktop.ui.widgets.incident_style import ERROR_COLOUR, OK_COLOUR

_RED = f"color: {ERROR_COLOUR}; font-weight: 600;"
_GREEN = f"color: {OK_COLOUR}; font-weight: 600;"


def _who() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


def _say(label: QLabel, text: str, ok: bool) -> None:
    label.setText(text)
    label.setStyleSheet(_GREEN if ok else _RED)


def _button(text: str, name: str, slot) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setMinimumHeight(32)
    button.clicked.connect(lambda _checked=False: slot())
    return button


def _row(*widgets) -> QHBoxLayout:
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    row.addStretch(1)
    return row


def _scrolled(content: QWidget) -> QScrollArea:
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setWidget(content)
    return scroll


def _reason(receipt: backups.Receipt) -> str:
    try:
        return backups.Reason(receipt.reason).label
    except ValueError:
        return receipt.reason or "–"


def _package_kind(path: Path) -> str:
    """``incidents`` for an incident package, else ``snapshot`` (the verification that follows
    explains any file that is neither)."""
    try:
        head = domain.unpack(path.read_bytes())[0]
        return domain.parse_manifest(head).kind
    except (OSError, UserError):
        return "snapshot"


class DataPage(QWidget):
    imported = Signal()
    backups_changed = Signal()
    restore_requested = Signal(object)

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.dialog = None  # the dialog last opened (tests reach it here)
        self.place = municipality.get(store)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("data_tabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(_scrolled(self._build_keys()), _("Keys and trust"))
        self.tabs.addTab(_scrolled(self._build_export()), _("Export"))
        self.tabs.addTab(_scrolled(self._build_import()), _("Check and import"))
        self.tabs.addTab(self._build_backups(), _("Backups"))
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 8, 12, 8)
        if store.read_only:
            column.addWidget(wrapped_label(_(
                "The database is read-only ({reason}): trusting keys, importing, backups and restoring are turned off. "
                "Exporting and checking files still work.").format(reason=store.read_only_reason), _RED, "read_only_note"))
        column.addWidget(self.tabs, 1)
        shortcut = QShortcut(QKeySequence("Ctrl+B"), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.back_up_now)
        self.reload()

    @property
    def writable(self) -> bool:
        return not self.store.read_only

    def reload(self, select: str | None = None) -> None:
        self.place = municipality.get(self.store)
        self._show_keys()
        self._show_incidents()
        self._show_backups()

    # --- Keys and trust -------------------------------------------------------------------

    def _build_keys(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        trusted = QGroupBox(_("Publisher keys this database trusts"))
        self.trusted_column = QVBoxLayout(trusted)
        self.trusted_empty = empty_state("trusted_empty")
        self.trusted_empty.setText(_(
            "This database trusts no publisher key yet.\nBefore the first import, call the coordinator, "
            "let them read their key's fingerprint aloud and compare it here."))
        self.trusted_list = QWidget()
        self.trusted_rows = QVBoxLayout(self.trusted_list)
        self.trusted_rows.setContentsMargins(0, 0, 0, 0)
        self.trust_button = _button(_("&Trust a key…"), "trust_key", self.trust_key)
        self.trusted_column.addWidget(self.trusted_empty)
        self.trusted_column.addWidget(self.trusted_list)
        self.trusted_column.addLayout(_row(self.trust_button))
        self.keys_message = wrapped_label(name="keys_message")
        self.trusted_column.addWidget(self.keys_message)
        column.addWidget(trusted)
        own = QGroupBox(_("This laptop's publisher key"))
        own_column = QVBoxLayout(own)
        self.own_text = wrapped_label(name="own_key_text")
        self.own_fingerprint = fingerprint_label(name="own_fingerprint")
        self.create_key_button = _button(_("&Create publisher key…"), "create_key", self.create_key)
        own_column.addWidget(self.own_text)
        own_column.addLayout(_row(self.own_fingerprint))
        own_column.addLayout(_row(self.create_key_button))
        self.own_message = wrapped_label(name="own_key_message")
        own_column.addWidget(self.own_message)
        column.addWidget(own)
        device_box = QGroupBox(_("This laptop's key for incident packages"))
        device_column = QVBoxLayout(device_box)
        self.device_text = wrapped_label(name="device_key_text")
        self.device_fingerprint = fingerprint_label(name="device_fingerprint")
        device_column.addWidget(self.device_text)
        device_column.addLayout(_row(self.device_fingerprint))
        column.addWidget(device_box)
        column.addStretch(1)
        return page

    def _show_keys(self) -> None:
        while self.trusted_rows.count():
            item = self.trusted_rows.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        pinned = trusted_keys.for_municipality(self.store, self.place.kommunenummer) if self.place else []
        for key in sorted(pinned, key=lambda key: not key.active):  # the key in use first
            label = fingerprint_label(key.fingerprint, "trusted_fingerprint" if key.active else "replaced_fingerprint")
            last = (_("No snapshot imported with it yet.") if key.last_sequence is None
                    else _("Last imported snapshot: no. {sequence}.").format(sequence=key.last_sequence))
            text = _("Trusted since {moment} by {who}. {last}").format(moment=moment(key.pinned_at), who=key.pinned_by or "–", last=last)
            if not key.active:
                label.setStyleSheet(label.styleSheet() + " color: #777;")
                text = _("No longer trusted: replaced on {moment} by the key {fingerprint}.").format(
                    moment=moment(key.replaced_at), fingerprint=domain.format_fingerprint(key.replaced_by)) + " " + text
            self.trusted_rows.addLayout(_row(label))
            self.trusted_rows.addWidget(wrapped_label(text))
        self.trusted_empty.setVisible(not pinned)
        self.trusted_list.setVisible(bool(pinned))
        self.trust_button.setEnabled(self.writable and self.place is not None)
        self.trust_button.setToolTip("" if self.writable else _("The database is read-only."))
        public = self._own_public_key()
        if public is not None:
            self.own_text.setText(_("This laptop publishes snapshots; its key's fingerprint is below (the key is in {path}).").format(
                path=keys.default_key_dir()))
            self.own_fingerprint.setText(fingerprint_text(domain.fingerprint(public)))
        else:
            self.own_text.setText(_(
                "This laptop has no publisher key. Only the coordinator's laptop needs one, to sign the snapshots it exports."))
        self.own_fingerprint.setVisible(public is not None)
        self.create_key_button.setVisible(public is None)
        self._show_device_key()
        self.export_button.setEnabled(public is not None)
        self.export_note.setText("" if public is not None else _("Create a publisher key first (tab «Keys and trust»)."))

    def _show_device_key(self) -> None:
        try:
            device_fingerprint = signing_fingerprint()
        except UserError as error:
            device_fingerprint, text = None, str(error)
        else:
            text = (_("Made when this laptop exports its first incident package.") if device_fingerprint is None else _(
                "Incident packages from this laptop are signed with this key. If the coordinator is told the key has "
                "changed, read this fingerprint aloud to them."))
        self.device_text.setText(text)
        self.device_fingerprint.setText(fingerprint_text(device_fingerprint) if device_fingerprint else "")
        self.device_fingerprint.setVisible(device_fingerprint is not None)

    @staticmethod
    def _own_public_key() -> bytes | None:
        key_dir = keys.default_key_dir()
        if not (key_dir / keys.PUBLIC_FILE).exists():
            return None
        try:
            return keys.public_key(key_dir)
        except UserError:
            return None

    def trust_key(self) -> None:
        from beredskap_desktop.ui.dialogs.trust_key import TrustKeyDialog

        self.dialog = TrustKeyDialog(self)
        self.dialog.accepted.connect(lambda dialog=self.dialog: self._pin(dialog.public_key))
        self.dialog.open()

    def _pin(self, public_key: bytes) -> None:
        try:
            trusted_keys.pin(self.store, self.place.kommunenummer, public_key, _who())
        except UserError as error:
            _say(self.keys_message, str(error), False)
            return
        self._show_keys()
        _say(self.keys_message, _("{name} now trusts this key.").format(name=self.place.name), True)

    def create_key(self) -> None:
        from beredskap_desktop.ui.dialogs.publisher_key import CreateKeyDialog

        key_dir = keys.default_key_dir()
        self.dialog = CreateKeyDialog(key_dir, self)
        self.dialog.accepted.connect(lambda dialog=self.dialog: self._generate(key_dir, dialog.passphrase))
        self.dialog.open()

    def _generate(self, key_dir: Path, passphrase: str) -> None:
        def done(fingerprint: str) -> None:
            self._show_keys()
            _say(self.own_message, _("The publisher key is made. Read its fingerprint aloud to everyone who will trust it."), True)

        start_job(self, _("Creating the publisher key…"), self.store, lambda worker, report: keys.generate(key_dir, passphrase),
                  done, lambda message: _say(self.own_message, message, False), cancellable=False)

    # --- Export -----------------------------------------------------------------------------

    def _build_export(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        snapshot = QGroupBox(_("Snapshot for the other laptops"))
        snapshot_column = QVBoxLayout(snapshot)
        snapshot_column.addWidget(wrapped_label(_(
            "A snapshot is a signed copy of all the data, to carry on a USB stick to the crisis-room laptops. "
            "Private phone numbers are left out unless you include them.")))
        self.export_button = _button(_("&Export snapshot…"), "export_snapshot", self.export_snapshot)
        self.export_note = wrapped_label(style="color: #555;")
        snapshot_column.addLayout(_row(self.export_button))
        snapshot_column.addWidget(self.export_note)
        self.export_result = wrapped_label(name="export_result")
        self.export_fingerprint = fingerprint_label(name="export_fingerprint")
        self.export_fingerprint.hide()
        snapshot_column.addWidget(self.export_result)
        snapshot_column.addLayout(_row(self.export_fingerprint))
        column.addWidget(snapshot)
        package = QGroupBox(_("Incident package for the coordinator"))
        package_column = QVBoxLayout(package)
        package_column.addWidget(wrapped_label(_(
            "The logs and situation reports of the chosen incidents, signed by this laptop, for the coordinator to merge.")))
        self.incident_list = QListWidget()
        self.incident_list.setObjectName("package_incidents")
        self.incident_list.setMinimumHeight(140)
        self.incidents_empty = empty_state("package_empty")
        self.incidents_empty.setText(_("No incidents in this database yet."))
        self.package_button = _button(_("Export &incident package…"), "export_package", self.export_package)
        self.incident_list.itemChanged.connect(lambda _item: self._update_package_button())
        package_column.addWidget(self.incidents_empty)
        package_column.addWidget(self.incident_list)
        package_column.addLayout(_row(self.package_button))
        self.package_result = wrapped_label(name="package_result")
        package_column.addWidget(self.package_result)
        column.addWidget(package)
        column.addStretch(1)
        return page

    def export_snapshot(self) -> None:
        from beredskap_desktop.ui.dialogs.snapshot_export import ExportSnapshotDialog

        name = (self.place.name.lower().replace(" ", "-") if self.place else "snapshot") + now_utc().strftime("-%Y%m%d") + SUFFIX
        self.dialog = ExportSnapshotDialog(self.store.path.parent / name, self)
        self.dialog.accepted.connect(lambda dialog=self.dialog: self._export(dialog.choice))
        self.dialog.open()

    def _export(self, choice) -> None:
        from beredskap_desktop.services.device import device_id

        db_path, key_dir = self.store.path, keys.default_key_dir()

        def work(worker, report):
            return snapshots.export_snapshot(
                db_path, choice.out, key_dir, choice.key_passphrase, include_private=choice.include_private,
                encrypt_passphrase=choice.encrypt_passphrase, source_device=device_id(), now=to_iso(now_utc()))

        def done(manifest) -> None:
            extras = [_("with private phone numbers") if manifest.includes_private else _("without private phone numbers")]
            if choice.encrypt_passphrase:
                extras.append(_("encrypted"))
            _say(self.export_result, _("Wrote snapshot no. {sequence} ({extras}) to {path}. Signed by:").format(
                sequence=manifest.sequence, extras=", ".join(extras), path=choice.out), True)
            self.export_fingerprint.setText(fingerprint_text(manifest.fingerprint))
            self.export_fingerprint.show()

        def failed(message: str) -> None:
            _say(self.export_result, message, False)
            self.export_fingerprint.hide()

        start_job(self, _("Exporting the snapshot…"), self.store, work, done, failed, cancellable=False)

    def _show_incidents(self) -> None:
        self.incident_list.blockSignals(True)
        self.incident_list.clear()
        for incident in incident_store.list_all(self.store):
            kind = _("exercise") if incident.exercise else _("incident")
            state = _("closed") if incident.closed else _("open")
            item = QListWidgetItem(f"{incident.title} – {kind}, {state}, {show(incident.started_at)}")
            item.setData(Qt.ItemDataRole.UserRole, incident.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if not incident.closed else Qt.CheckState.Unchecked)
            self.incident_list.addItem(item)
        self.incident_list.blockSignals(False)
        empty = self.incident_list.count() == 0
        self.incidents_empty.setVisible(empty)
        self.incident_list.setVisible(not empty)
        self._update_package_button()

    def chosen_incidents(self) -> list[str]:
        return [self.incident_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.incident_list.count())
                if self.incident_list.item(i).checkState() == Qt.CheckState.Checked]

    def _update_package_button(self) -> None:
        self.package_button.setEnabled(bool(self.chosen_incidents()))

    def export_package(self, out: Path | None = None) -> None:
        """Write the chosen incidents to ``out`` (asked for when not given)."""
        ids = self.chosen_incidents()
        if out is None:
            suggested = self.store.path.parent / (_("incident-package") + now_utc().strftime("-%Y%m%d-%H%M") + SUFFIX)
            path, _filter = QFileDialog.getSaveFileName(self, _("Export incident package"), str(suggested), snapshot_filter())
            if not path:
                return
            out = Path(path if Path(path).suffix else path + SUFFIX)

        def work(worker, report):
            from beredskap_desktop.services.device import device_id
            from beredskap_desktop.services.snapshot_import import export_incidents

            return export_incidents(worker, ids, out, source_device=device_id(), now=to_iso(now_utc()))

        def done(manifest) -> None:
            _say(self.package_result, ngettext(
                "Wrote {count} incident to {path}, signed by this laptop ({fingerprint}).",
                "Wrote {count} incidents to {path}, signed by this laptop ({fingerprint}).", len(ids)).format(
                count=len(ids), path=out, fingerprint=domain.format_fingerprint(manifest.fingerprint)), True)
            self._show_device_key()

        start_job(self, _("Exporting the incident package…"), self.store, work, done,
                  lambda message: _say(self.package_result, message, False), cancellable=False)

    # --- Check and import -----------------------------------------------------------------

    def _build_import(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        box = QGroupBox(_("Check or import a snapshot or an incident package"))
        box_column = QVBoxLayout(box)
        box_column.addWidget(wrapped_label(_(
            "The file is checked first: its signature, its contents and whether this database trusts the key that "
            "signed it. You then see what would change before anything is imported, and a backup is taken first.")))
        self.import_file = QLineEdit()
        self.import_file.setObjectName("import_file")
        self.import_file.setPlaceholderText(_("A .beredskap file, for example on the USB stick"))
        self.import_file.setMinimumWidth(420)
        browse = QPushButton(_("Browse…"))
        browse.clicked.connect(self._browse_import)
        file_row = QHBoxLayout()
        file_row.addWidget(QLabel(_("File:")))
        file_row.addWidget(self.import_file, 1)
        file_row.addWidget(browse)
        box_column.addLayout(file_row)
        self.import_passphrase = passphrase_field("import_passphrase")
        self.import_passphrase.setPlaceholderText(_("Only for an encrypted file"))
        passphrase_row = QHBoxLayout()
        passphrase_row.addWidget(QLabel(_("Passphrase:")))
        passphrase_row.addWidget(self.import_passphrase)
        passphrase_row.addStretch(1)
        box_column.addLayout(passphrase_row)
        self.check_button = _button(_("Check and &preview…"), "check_file", self.check_file)
        self.import_file.returnPressed.connect(self.check_file)
        box_column.addLayout(_row(self.check_button))
        self.import_result = wrapped_label(name="import_result")
        box_column.addWidget(self.import_result)
        column.addWidget(box)
        column.addStretch(1)
        return page

    def _browse_import(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Choose a snapshot or an incident package"), "", snapshot_filter())
        if path:
            self.import_file.setText(path)
            self.check_file()

    def _import_failed(self, message: str) -> None:
        if message != _("Cancelled. Nothing was changed."):
            _say(self.import_result, message, False)

    def check_file(self) -> None:
        """Verify the chosen file and preview what importing it would do."""
        path = Path(self.import_file.text().strip())
        if not self.import_file.text().strip():
            self._import_failed(_("Choose a file first."))
            return
        try:
            encrypted = snapshots.is_encrypted(path)
        except UserError as error:
            self._import_failed(str(error))
            return
        secret = self.import_passphrase.text() or None
        if encrypted and secret is None:
            self._import_failed(_("{path} is encrypted: type its passphrase, then check it again.").format(path=path))
            self.import_passphrase.setFocus()
            return
        self.import_result.setText("")

        def work(worker, report):
            from beredskap_desktop.services import snapshot_import

            package = not encrypted and _package_kind(path) == "incidents"
            if package:
                return True, snapshot_import.preview_incidents(worker, path)
            return False, snapshot_import.preview_snapshot(worker, path, secret)

        start_job(self, _("Checking {file}…").format(file=path.name), self.store, work,
                  lambda result: self._show_preview(path, secret, *result), self._import_failed)

    def _show_preview(self, path: Path, secret: str | None, package: bool, preview) -> None:
        from beredskap_desktop.ui.dialogs.snapshot_import import ImportPreviewDialog

        _say(self.import_result, _("{file} is intact and validly signed.").format(file=path.name), True)
        self.dialog = ImportPreviewDialog(path, preview, package=package, parent=self)
        if not self.writable:
            self.dialog.blockers.append(_("The database is read-only, so nothing can be imported."))
            self.dialog._update()
        self.dialog.accepted.connect(lambda dialog=self.dialog: self._import(path, secret, dialog))
        self.dialog.open()

    def _import(self, path: Path, secret: str | None, dialog) -> None:
        trust, force_older, package, who = dialog.trust, dialog.force_older, dialog.package, _who()
        expected = dialog.preview

        def work(worker, report):
            from beredskap_desktop.services import snapshot_import

            if package:
                return snapshot_import.import_incidents(worker, path, trust=trust, imported_by=who, expected=expected,
                                                        progress=report)
            return snapshot_import.import_snapshot(worker, path, secret, trust=trust, force_older=force_older,
                                                   imported_by=who, expected=expected, progress=report)

        def done(result) -> None:
            self.reload()
            self.imported.emit()
            self.backups_changed.emit()
            lines = [_("Imported {file}.").format(file=path.name)]
            if result.backup is not None:
                lines.append(_("A backup was taken first ({moment}): {path}").format(
                    moment=show(result.backup.created), path=result.backup.path))
            _say(self.import_result, "\n".join(lines), True)

        start_job(self, _("Importing {file}…").format(file=path.name), self.store, work, done, self._import_failed)

    # --- Backups ----------------------------------------------------------------------------

    def _build_backups(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        self.backup_folder_label = wrapped_label(style="color: #555;")
        self.backup_folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.backup_folder_label)
        self.backup_table = QTableWidget(0, 4)
        self.backup_table.setObjectName("backup_table")
        self.backup_table.setHorizontalHeaderLabels([_("Taken"), _("Why"), _("Size"), _("Restore test")])
        self.backup_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.backup_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.backup_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.backup_table.verticalHeader().hide()
        self.backup_table.setWordWrap(True)
        header = self.backup_table.horizontalHeader()
        for index in range(3):
            header.setSectionResizeMode(index, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.backup_table.itemSelectionChanged.connect(self._update_backup_buttons)
        self.backups_empty = empty_state("backups_empty")
        self.backups_empty.setText(_("No backups yet.\nTake one now: it is tested at once by opening the copy and checking it."))
        self.back_up_button = _button(_("&Back up now"), "back_up_now", self.back_up_now)
        self.back_up_button.setToolTip(_("Ctrl+B"))
        self.verify_button = _button(_("&Verify selected"), "verify_backup", self.verify_selected)
        self.receipt_button = _button(_("Print &receipt…"), "print_receipt", self.print_receipt)
        self.restore_button = _button(_("&Restore…"), "restore_backup", self.restore_selected)
        self.restore_button.setStyleSheet(f"QPushButton:enabled {{ color: {ERROR_COLOUR}; }}")
        column.addWidget(self.backups_empty, 1)
        column.addWidget(self.backup_table, 1)
        column.addLayout(_row(self.back_up_button, self.verify_button, self.receipt_button, self.restore_button))
        self.backup_message = wrapped_label(name="backup_message")
        column.addWidget(self.backup_message)
        if not self.writable:
            for button in (self.back_up_button, self.restore_button):
                button.setToolTip(_("The database is read-only."))
        return page

    def _show_backups(self) -> None:
        folder = backups.backup_folder(self.store.path)
        self.backup_folder_label.setText(_("Backups are kept in {path}.").format(path=folder))
        self.receipts = backups.list_backups(folder)
        self.backup_table.setRowCount(len(self.receipts))
        for row, receipt in enumerate(self.receipts):
            result = "✔ " + _("Passed") if receipt.ok else "✘ " + _("FAILED") + (": " + " ".join(receipt.problems) if receipt.problems else "")
            cells = [show(receipt.created) if receipt.created else receipt.path.name, _reason(receipt),
                     _("{size} MB").format(size=f"{receipt.size / 1e6:.1f}".replace(".", ",")), result]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 3:
                    item.setForeground(Qt.GlobalColor.darkGreen if receipt.ok else Qt.GlobalColor.red)
                self.backup_table.setItem(row, column, item)
        self.backup_table.resizeRowsToContents()
        empty = not self.receipts
        self.backups_empty.setVisible(empty)
        self.backup_table.setVisible(not empty)
        if self.receipts and not self.backup_table.selectedItems():
            self.backup_table.selectRow(0)
        self._update_backup_buttons()

    def selected_backup(self) -> backups.Receipt | None:
        rows = {index.row() for index in self.backup_table.selectionModel().selectedRows()}
        return self.receipts[min(rows)] if rows else None

    def _update_backup_buttons(self) -> None:
        chosen = self.selected_backup() is not None
        self.back_up_button.setEnabled(self.writable)
        self.verify_button.setEnabled(chosen)
        self.receipt_button.setEnabled(chosen)
        self.restore_button.setEnabled(chosen and self.writable)

    def _select_backup(self, path: Path) -> None:
        self._show_backups()
        for row, receipt in enumerate(self.receipts):
            if receipt.path == path:
                self.backup_table.selectRow(row)

    def back_up_now(self) -> None:
        if not self.writable:
            return

        def done(receipt) -> None:
            self._select_backup(receipt.path)
            self.backups_changed.emit()
            if receipt.ok:
                _say(self.backup_message, _("Backup taken and tested: {path}").format(path=receipt.path), True)
            else:
                _say(self.backup_message, _("The backup was taken, but it FAILED its test: {problems}").format(
                    problems=" ".join(receipt.problems)), False)

        start_job(self, _("Taking a backup…"), self.store,
                  lambda worker, report: backups.run_backup(worker, reason=backups.Reason.MANUAL), done,
                  lambda message: _say(self.backup_message, message, False), cancellable=False)

    def verify_selected(self) -> None:
        receipt = self.selected_backup()
        if receipt is None:
            return

        def done(tested) -> None:
            self._select_backup(tested.path)
            self.backups_changed.emit()
            if tested.ok:
                _say(self.backup_message, _("The backup from {moment} passed its test again.").format(moment=show(tested.created)), True)
            else:
                _say(self.backup_message, _("The backup from {moment} FAILED its test: {problems}").format(
                    moment=show(tested.created), problems=" ".join(tested.problems)), False)

        start_job(self, _("Testing the backup…"), self.store, lambda worker, report: backups.verify_backup(receipt.path), done,
                  lambda message: _say(self.backup_message, message, False), cancellable=False)

    def print_receipt(self) -> None:
        from beredskap_desktop.services.printing.backup_receipt import build_backup_receipt, render_backup_receipt
        from beredskap_desktop.ui.dialogs.print_preview import show_print_preview

        receipt = self.selected_backup()
        if receipt is not None:
            show_print_preview(self, self.store, _("Backup receipt"),
                               lambda worker, report: render_backup_receipt(build_backup_receipt(receipt)),
                               suggested_name=_("backup-receipt") + f"-{receipt.path.stem}.pdf")

    def restore_selected(self) -> None:
        """Ask, naming the backup's time and what happens, then ask the application to restore."""
        receipt = self.selected_backup()
        if receipt is None or not self.writable:
            return
        if not receipt.ok:
            _say(self.backup_message, _("This backup did not pass its test, so it cannot be restored. Verify it again or choose another."), False)
            return
        question = _(
            "Put back the data as it was on {moment} ({reason})?\n\n"
            "Everything changed since then is replaced. First a backup of the current data is taken, so this "
            "can be undone by restoring that one. The database is closed while it is restored and opened again afterwards."
        ).format(moment=show(receipt.created), reason=_reason(receipt))
        if ask(self, _("Restore a backup"), question, [_("Restore"), _("Cancel")], warning=True) == 0:
            self.restore_requested.emit(receipt.path)
