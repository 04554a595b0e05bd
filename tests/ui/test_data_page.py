"""The Data page through the real main window: keys and trust, exporting a snapshot, checking
and importing one, backups, restore, and the backup taken on close."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QMessageBox, QTreeWidget

from beredskap_desktop.domain import snapshots as domain
from beredskap_desktop.domain.contacts import Contact
from beredskap_desktop.i18n import _
from beredskap_desktop.services import backups, keys, snapshots
from beredskap_desktop.storage import contacts, municipality, trusted_keys
from beredskap_desktop.storage.database import open_store
from beredskap_desktop.ui import app as app_module
from beredskap_desktop.ui.main_window import MainWindow

PASSPHRASE = "korrekt hest batteri"


@pytest.fixture(autouse=True)
def key_folder(tmp_path, monkeypatch):
    """Fast scrypt, this laptop's key folder in the test's folder, a fixed device id."""
    monkeypatch.setattr(keys, "SCRYPT_LOG2_N", 10)
    folder = tmp_path / "keys"
    monkeypatch.setattr(keys, "default_key_dir", lambda: folder)
    monkeypatch.setenv("BEREDSKAP_DEVICE_ID", "laptop-test")
    return folder


def open_data_page(qtbot, window):
    window.activateWindow()  # shortcuts reach the active window only
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.pages.currentIndex() == 5)
    return window.data_page


def shown(widget) -> bool:
    """Not hidden (on whichever tab of the page it is)."""
    return not widget.isHidden()


def hidden(widget) -> bool:
    return widget.isHidden()


def ok(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def answer_boxes(*texts: str) -> None:
    """Click ``texts`` in the next message boxes, one each, in order."""
    remaining, answered, attempts = list(texts), [], iter(range(500))

    def click() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and not any(box is old for old in answered):
            answered.append(box)
            wanted = remaining.pop(0)
            chosen = [button for button in box.buttons() if button.text().replace("&", "") == wanted]
            (chosen[0] if chosen else box.buttons()[-1]).click()
        if remaining and next(attempts, None) is not None:  # never left polling for a later test
            QTimer.singleShot(10, click)

    QTimer.singleShot(0, click)


def test_ctrl_6_opens_the_data_page_with_its_empty_states(qtbot, window):
    page = open_data_page(qtbot, window)
    assert window.navigation.currentItem().text() in ("Data", _("Data"))
    assert shown(page.trusted_empty) and hidden(page.trusted_list)
    assert shown(page.create_key_button) and hidden(page.own_fingerprint)
    assert not page.export_button.isEnabled()
    assert shown(page.incidents_empty) and not page.package_button.isEnabled()
    assert shown(page.backups_empty) and hidden(page.backup_table)
    assert page.back_up_button.isEnabled() and not page.restore_button.isEnabled()


def test_create_the_publisher_key_with_the_passphrase_twice(qtbot, window, key_folder):
    page = open_data_page(qtbot, window)
    qtbot.mouseClick(page.create_key_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    dialog.first.setText(PASSPHRASE)
    dialog.second.setText(PASSPHRASE + "x")
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    dialog.second.setText(PASSPHRASE)
    ok(qtbot, dialog)
    qtbot.waitUntil(lambda: shown(page.own_fingerprint))
    fingerprint = domain.fingerprint(keys.public_key(key_folder))
    assert page.own_fingerprint.text().split() == domain.format_fingerprint(fingerprint).split()
    assert hidden(page.create_key_button) and page.export_button.isEnabled()
    keys.private_key(key_folder, PASSPHRASE)  # sealed with the passphrase typed


def test_a_key_is_trusted_only_when_the_fingerprint_read_aloud_matches(qtbot, window, seeded, tmp_path):
    coordinator = tmp_path / "coordinator"
    fingerprint = keys.generate(coordinator, PASSPHRASE)
    page = open_data_page(qtbot, window)
    qtbot.mouseClick(page.trust_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    dialog.file.setText(str(coordinator / keys.PUBLIC_FILE))
    qtbot.mouseClick(dialog.findChild(type(page.trust_button), "read_key"), Qt.MouseButton.LeftButton)
    assert dialog.found.text().split() == domain.format_fingerprint(fingerprint).split()
    ok_button = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    wrong = ("0" if fingerprint[0] != "0" else "1") + fingerprint[1:]
    dialog.entry.field.setText(domain.format_fingerprint(wrong))
    assert not ok_button.isEnabled() and "✘" in dialog.entry.verdict.text()
    dialog.accept()  # even forced, a dialog whose fingerprints differ pins nothing
    assert trusted_keys.for_municipality(seeded["store"], "9999") == []

    qtbot.mouseClick(page.trust_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    dialog.file.setText(str(coordinator / keys.PUBLIC_FILE))
    dialog.read_key()
    dialog.entry.field.setText(domain.format_fingerprint(fingerprint).upper())  # as typed: spaces, capitals
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    ok(qtbot, dialog)
    [pinned] = trusted_keys.for_municipality(seeded["store"], "9999")
    assert pinned.fingerprint == fingerprint
    assert shown(page.trusted_list) and hidden(page.trusted_empty)


def test_a_missing_or_wrong_file_is_named_and_nothing_can_be_trusted(qtbot, window, tmp_path):
    page = open_data_page(qtbot, window)
    page.trust_key()
    dialog = page.dialog
    not_a_key = tmp_path / "notes.txt"
    not_a_key.write_text("hello", encoding="utf-8")
    for path in (tmp_path / "missing.pub", not_a_key):
        dialog.file.setText(str(path))
        dialog.read_key()
        assert path.name in dialog.problem.text()
        assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    dialog.reject()


def export_through_page(qtbot, page, out, key_passphrase=PASSPHRASE):
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert not dialog.private.isChecked()  # private numbers are left out unless chosen
    dialog.file.setText(str(out))
    dialog.key_passphrase.setText(key_passphrase)
    ok(qtbot, dialog)
    qtbot.waitUntil(lambda: page.export_result.text() != "", timeout=20000)


def test_export_a_snapshot_that_verifies(qtbot, window, key_folder, tmp_path):
    fingerprint = keys.generate(key_folder, PASSPHRASE)
    page = open_data_page(qtbot, window)
    assert page.export_button.isEnabled()
    export_through_page(qtbot, page, tmp_path / "wrong.beredskap", key_passphrase="not it")
    assert not (tmp_path / "wrong.beredskap").exists() and "wrong.beredskap" not in page.export_result.text()
    page.export_result.setText("")
    out = tmp_path / "fjordtest.beredskap"
    export_through_page(qtbot, page, out)
    verified = snapshots.verify_snapshot(out)
    assert verified.fingerprint == fingerprint and not verified.manifest.includes_private
    assert str(verified.manifest.sequence) in page.export_result.text()
    assert page.export_fingerprint.text().split() == domain.format_fingerprint(fingerprint).split()


def test_an_encrypted_export_needs_the_file_passphrase_twice(qtbot, window, key_folder, tmp_path):
    keys.generate(key_folder, PASSPHRASE)
    page = open_data_page(qtbot, window)
    page.export_snapshot()
    dialog = page.dialog
    dialog.file.setText(str(tmp_path / "locked.beredskap"))
    dialog.key_passphrase.setText(PASSPHRASE)
    dialog.private.setChecked(True)
    assert shown(dialog.private_warning)
    dialog.encrypt.setChecked(True)
    dialog.file_passphrase.setText("stikkord")
    dialog.file_passphrase_again.setText("stikkor")
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    dialog.file_passphrase_again.setText("stikkord")
    ok(qtbot, dialog)
    qtbot.waitUntil(lambda: page.export_result.text() != "", timeout=20000)
    assert snapshots.is_encrypted(tmp_path / "locked.beredskap")
    assert snapshots.verify_snapshot(tmp_path / "locked.beredskap", "stikkord").manifest.includes_private


def test_back_up_now_lists_the_backup_and_updates_the_status_bar(qtbot, window, seeded):
    page = open_data_page(qtbot, window)
    qtbot.mouseClick(page.back_up_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.backup_table.rowCount() == 1, timeout=20000)
    assert shown(page.backup_table) and hidden(page.backups_empty)
    assert window.backup_label.text().startswith(("Sikkerhetskopi testet", "Backup tested"))
    page.activateWindow()
    qtbot.keyClick(page.backup_table, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.backup_table.rowCount() == 2, timeout=20000)
    [newest, _older] = backups.list_backups(backups.backup_folder(seeded["store"].path))
    assert newest.ok and newest.reason == "manual"
    assert page.selected_backup().path == newest.path and page.restore_button.isEnabled()
    page.backup_message.setText("")
    qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.backup_message.text() != "", timeout=20000)
    assert "✘" not in page.backup_table.item(0, 3).text()


def test_restore_after_confirmation_brings_back_the_backups_data(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "restore.sqlite"
    with open_store(path, create=True) as store:
        municipality.set_municipality(store, "Fjordtest", "9999")
        contacts.save(store, Contact("", "Kari Ødegård"))
    monkeypatch.setattr(app_module, "_back_up_if_due", lambda window: None)
    application = app_module.Application(QApplication.instance(), exit_when_shown=False)
    assert application.open(path, read_only=False)
    window = application.window
    qtbot.waitExposed(window)
    page = open_data_page(qtbot, window)
    qtbot.mouseClick(page.back_up_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.backup_table.rowCount() == 1, timeout=20000)
    contacts.save(application.store, Contact("", "Ola Berg"))
    assert len(contacts.list_rows(application.store)) == 2

    answer_boxes(_("Cancel"))
    page.restore_selected()
    assert application.window is window and len(contacts.list_rows(application.store)) == 2

    answer_boxes(_("Restore"), "OK")
    page.restore_selected()
    assert application.window is not window
    assert [name for (name,) in application.store.conn.execute("SELECT name FROM contact")] == ["Kari Ødegård"]
    reasons = sorted(receipt.reason for receipt in backups.list_backups(backups.backup_folder(path)))
    assert reasons == ["before-restore", "manual"]
    assert application.window.pages.currentIndex() == 5
    application.window.back_up_on_close = False
    application.window.close()
    application.store.close()


def test_a_backup_is_taken_on_close_when_data_changed(qtbot, window, seeded):
    window.back_up_on_close = True
    assert seeded["store"].changed
    window.close()
    folder = backups.backup_folder(seeded["store"].path)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=20000)
    [receipt] = backups.list_backups(folder)
    assert receipt.reason == "close" and receipt.ok


def test_read_only_turns_off_what_writes_and_takes_no_backup_on_close(qtbot, seeded):
    read_only = open_store(seeded["store"].path, read_only=True)
    window = MainWindow(read_only)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    page = open_data_page(qtbot, window)
    assert page.findChild(QLabel, "read_only_note").isVisibleTo(page)
    assert not page.trust_button.isEnabled() and not page.back_up_button.isEnabled()
    window.back_up_on_close = True
    window.close()
    assert not window.isVisible()
    assert backups.list_backups(backups.backup_folder(read_only.path)) == []
    read_only.close()


def test_import_preview_counts_and_only_the_fingerprint_read_aloud_enables_import(qtbot, seeded, key_folder, tmp_path):
    from beredskap_desktop.domain.clock import now_utc, to_iso
    from beredskap_desktop.ui.dialogs.snapshot_import import ImportPreviewDialog

    fingerprint = keys.generate(key_folder, PASSPHRASE)
    out = tmp_path / "fjordtest.beredskap"
    snapshots.export_snapshot(seeded["store"].path, out, key_folder, PASSPHRASE, source_device="coordinator", now=to_iso(now_utc()))
    laptop = open_store(tmp_path / "laptop.sqlite", create=True)
    municipality.set_municipality(laptop, "Fjordtest", "9999")
    window = MainWindow(laptop)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    page = open_data_page(qtbot, window)
    page.import_file.setText(str(out))
    qtbot.mouseClick(page.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(page.dialog, ImportPreviewDialog), timeout=20000)
    dialog = page.dialog
    tree = dialog.findChild(QTreeWidget, "reference_changes")
    rows = {tree.topLevelItem(i).text(0): tree.topLevelItem(i) for i in range(tree.topLevelItemCount())}
    people = [item for item in rows.values() if any("Kari Ødegård" in item.child(c).text(0) for c in range(item.childCount()))]
    assert len(people) == 1 and int(people[0].text(1)) == 4  # the fire service and three people, all new
    assert dialog.findChild(QLabel, "signer_fingerprint").text().split() == domain.format_fingerprint(fingerprint).split()
    assert not dialog.import_button.isEnabled()
    wrong = ("0" if fingerprint[0] != "0" else "1") + fingerprint[1:]
    dialog.entry.field.setText(wrong)
    assert not dialog.import_button.isEnabled()
    dialog.entry.field.setText(domain.format_fingerprint(fingerprint))
    assert dialog.import_button.isEnabled()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    folder = backups.backup_folder(laptop.path)
    qtbot.waitUntil(lambda: any(str(b.path) in page.import_result.text() for b in backups.list_backups(folder)), timeout=20000)
    [backup] = backups.list_backups(folder)  # taken before the import, and named afterwards
    assert backup.reason == "before-import"
    assert laptop.conn.execute("SELECT count(*) FROM contact").fetchone()[0] == 4
    assert [key.fingerprint for key in trusted_keys.for_municipality(laptop, "9999")] == [fingerprint]
    assert window.contacts_page.model.total() == 4  # the window reloaded its pages
    assert shown(page.trusted_list)
    window.close()
    laptop.close()


def test_an_incident_package_from_a_laptop_merges_at_the_coordinator(qtbot, seeded, tmp_path):
    from beredskap_desktop.domain.incidents import Severity
    from beredskap_desktop.domain.log import Operator
    from beredskap_desktop.storage import incidents
    from beredskap_desktop.ui.dialogs.snapshot_import import ImportPreviewDialog

    laptop = open_store(tmp_path / "laptop.sqlite", create=True)
    municipality.set_municipality(laptop, "Fjordtest", "9999")
    incidents.start(laptop, title="Flom i Elvedalen", incident_types=("flom",), severity=Severity.RED,
                    device_id="laptop-test", operator=Operator("Kari Ødegård", "Kriseleder"))
    window = MainWindow(laptop)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    page = open_data_page(qtbot, window)
    assert page.package_button.isEnabled() and len(page.chosen_incidents()) == 1  # open incidents are chosen
    assert not page.device_fingerprint.isVisibleTo(page)  # no device key before the first package
    out = tmp_path / "flom.beredskap"
    page.export_package(out)
    qtbot.waitUntil(lambda: page.package_result.text() != "", timeout=20000)
    assert out.exists() and "flom.beredskap" in page.package_result.text()
    from beredskap_desktop.services.device import signing_fingerprint

    shown = page.device_fingerprint.text().split()
    assert page.device_fingerprint.isVisibleTo(page) and "".join(shown) == signing_fingerprint() and len(shown) == 16
    window.close()
    laptop.close()

    coordinator = MainWindow(seeded["store"])
    qtbot.addWidget(coordinator)
    coordinator.show()
    qtbot.waitExposed(coordinator)
    assert coordinator.incidents_page.list.count() == 0
    page = open_data_page(qtbot, coordinator)
    page.import_file.setText(str(out))
    qtbot.mouseClick(page.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(page.dialog, ImportPreviewDialog), timeout=20000)
    dialog = page.dialog
    assert dialog.package and dialog.import_button.isEnabled()  # a laptop's first package introduces its key
    assert "Flom i Elvedalen" in dialog.findChild(QLabel, "new_incidents").text()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    folder = backups.backup_folder(seeded["store"].path)
    qtbot.waitUntil(lambda: any(str(b.path) in page.import_result.text() for b in backups.list_backups(folder)), timeout=20000)
    assert [i.title for i in incidents.list_all(seeded["store"])] == ["Flom i Elvedalen"]
    assert coordinator.incidents_page.list.count() == 1  # the pages already built were reloaded
    coordinator.close()


def test_print_a_backup_receipt(qtbot, window):
    page = open_data_page(qtbot, window)
    page.back_up_now()
    qtbot.waitUntil(lambda: page.backup_table.rowCount() == 1, timeout=20000)
    qtbot.mouseClick(page.receipt_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(page, "print_preview", None) is not None, timeout=20000)
    page.print_preview.reject()


def test_a_package_from_a_laptop_whose_key_changed_needs_its_fingerprint_and_clocks_are_shown(qtbot, tmp_path):
    from datetime import timedelta

    from beredskap_desktop.domain.clock import now_utc, to_iso
    from beredskap_desktop.domain.incidents import Severity
    from beredskap_desktop.domain.log import Draft, Operator
    from beredskap_desktop.services import snapshot_import as importer
    from beredskap_desktop.storage import incidents, log
    from beredskap_desktop.ui.dialogs.snapshot_import import ImportPreviewDialog

    laptop = open_store(tmp_path / "laptop.sqlite", create=True)
    municipality.set_municipality(laptop, "Fjordtest", "9999")
    incident = incidents.start(laptop, title="Flom", incident_types=("flom",), severity=Severity.RED,
                               device_id="rom-1", operator=Operator("Kari"))
    log.append(laptop, incident.id, Draft("Klokka"), device_id="rom-1", operator=Operator("Kari"),
               now=now_utc() + timedelta(hours=2))
    first, second = tmp_path / "a.pkg", tmp_path / "b.pkg"
    importer.export_incidents(laptop, [incident.id], first, source_device="rom-1", now=to_iso(now_utc()), key_folder=tmp_path / "k1")
    importer.export_incidents(laptop, [incident.id], second, source_device="rom-1", now=to_iso(now_utc()), key_folder=tmp_path / "k2")
    laptop.close()
    coordinator = open_store(tmp_path / "coordinator.sqlite", create=True)
    municipality.set_municipality(coordinator, "Fjordtest", "9999")
    first_preview = importer.preview_incidents(coordinator, first)
    dialog = ImportPreviewDialog(first, first_preview, package=True)
    qtbot.addWidget(dialog)
    assert dialog.import_button.isEnabled()  # a laptop's first package introduces its key
    assert any("rom-1" in label.text() and "120 min" in label.text() for label in dialog.findChildren(QLabel))
    importer.import_incidents(coordinator, first)
    changed = importer.preview_incidents(coordinator, second)
    dialog = ImportPreviewDialog(second, changed, package=True)
    qtbot.addWidget(dialog)
    assert not dialog.import_button.isEnabled()
    dialog.entry.field.setText(domain.format_fingerprint(changed.verified.fingerprint))
    assert dialog.import_button.isEnabled() and dialog.trust == changed.verified.fingerprint
    coordinator.close()
