"""``snapshot open FILE``: the GUI read-only on a snapshot, not imported, its copy removed at quit."""

from __future__ import annotations

import os
import tempfile

import pytest
from PySide6.QtCore import QTimer

from beredskap_desktop.services import keys, snapshots
from beredskap_desktop.ui import app as app_module
from beredskap_desktop.ui.app import Application, run_snapshot_gui


@pytest.fixture(autouse=True)
def fast_scrypt(monkeypatch):
    monkeypatch.setattr(keys, "SCRYPT_LOG2_N", 10)


@pytest.fixture
def own_tempdir(tmp_path, monkeypatch):
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture
def snapshot(tmp_path, seeded, db_path):
    """A snapshot of Fjordtest (three people, a fire service) on a stick."""
    key_dir = tmp_path / "keys"
    keys.generate(key_dir, "key-pass")
    stick = tmp_path / "stick"
    stick.mkdir()

    def export(name, **options):
        out = stick / name
        snapshots.export_snapshot(db_path, out, key_dir, "key-pass", source_device="laptop-1",
                                  now="2026-11-21T12:00:00+00:00", **options)
        return out

    return export


@pytest.fixture
def shown(qtbot, qapp, monkeypatch):
    """The windows the app shows; the event loop quits as soon as one is shown."""
    windows = []
    original = Application._show

    def show(self, store):
        original(self, store)
        qtbot.addWidget(self.window)
        windows.append(self.window)
        if not self.exit_when_shown:  # that quits by itself; a second quit would end a later test's loop
            QTimer.singleShot(0, qapp.quit)

    monkeypatch.setattr(Application, "_show", show)
    qapp.setQuitOnLastWindowClosed(False)  # closing these windows at teardown must not quit a later test's loops
    yield windows
    qapp.setQuitOnLastWindowClosed(True)


def test_the_window_shows_the_snapshot_read_only_and_the_copy_goes_at_quit(snapshot, shown, own_tempdir):
    path = snapshot("fjordtest.beredskap")
    assert run_snapshot_gui(path, exit_when_shown=True) == 0
    [window] = shown
    banner = window.read_only_banner.text()
    assert "SKRIVEBESKYTTET" in banner and "Fjordtest" in banner and " 1 " in banner
    assert window.contacts_page.model.total() == 4
    assert window.store.read_only and not window.new_action.isEnabled()
    assert os.listdir(own_tempdir) == []
    assert os.listdir(path.parent) == ["fjordtest.beredskap"]


def test_an_encrypted_snapshot_asks_for_its_passphrase(snapshot, shown, own_tempdir, monkeypatch):
    path = snapshot("fjordtest.beredskap", encrypt_passphrase="stick-pass")
    asked = []

    def get_text(parent, title, label, echo):
        asked.append(echo)
        return "stick-pass", True

    monkeypatch.delenv("BEREDSKAP_PASSPHRASE", raising=False)
    monkeypatch.setattr(app_module.QInputDialog, "getText", get_text)
    assert run_snapshot_gui(path) == 0
    assert asked == [app_module.QLineEdit.EchoMode.Password]
    assert len(shown) == 1 and shown[0].contacts_page.model.total() == 4
    assert os.listdir(own_tempdir) == []


def test_the_passphrase_file_is_read(snapshot, shown, tmp_path):
    path = snapshot("fjordtest.beredskap", encrypt_passphrase="stick-pass")
    secret = tmp_path / "secret.txt"
    secret.write_text("stick-pass\n", encoding="utf-8")
    assert run_snapshot_gui(path, passphrase_file=secret, exit_when_shown=True) == 0
    assert len(shown) == 1


def test_a_damaged_snapshot_is_a_message_and_exit_code_1(snapshot, shown, own_tempdir, monkeypatch, capsys):
    path = snapshot("fjordtest.beredskap")
    data = bytearray(path.read_bytes())
    data[-3000] ^= 0x01
    path.write_bytes(bytes(data))
    messages = []
    monkeypatch.setattr(app_module.QMessageBox, "critical", lambda parent, title, text: messages.append(text))
    assert run_snapshot_gui(path) == 1
    assert len(messages) == 1 and "SHA-256" in messages[0]
    assert run_snapshot_gui(path, exit_when_shown=True) == 1
    assert "SHA-256" in capsys.readouterr().err
    assert shown == [] and os.listdir(own_tempdir) == []
