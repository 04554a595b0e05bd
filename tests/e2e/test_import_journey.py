"""Importing contacts through the main window: preview first, then one transaction."""

import re

from PySide6.QtWidgets import QFileDialog, QLabel

from beredskap_desktop.storage import contacts


def write_csv(path):
    path.write_bytes(
        "Navn;Stilling;Mobil (arbeid);E-post\n"
        "Per Håland;Vaktleder;412 00 111;per.haland@fjordtest.no\n"
        "Feil Nummer;Sjåfør;1234;feil@fjordtest.no\n"
        "Kari Ødegård;Brannsjef og kriseleder;412 34 567;\n".encode("cp1252")
    )
    return path


def test_import_shows_preview_then_imports(qtbot, window, seeded, tmp_path, monkeypatch):
    store = seeded["store"]
    source = write_csv(tmp_path / "kontakter.csv")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(source), ""))
    before = contacts.count(store)
    window.import_action.trigger()
    qtbot.waitUntil(lambda: getattr(window, "import_preview", None) is not None and window.import_preview.isVisible())
    preview = window.import_preview
    label = preview.findChild(QLabel, "import_summary")
    assert re.findall(r"\d+", label.text()) == ["1", "1", "0", "1"]  # new, updated, unchanged, rejected
    rejected = preview.tabs.widget(2)
    assert rejected.item(0, 1).text() == "Feil Nummer"
    assert "Mobil (arbeid)" in rejected.item(0, 2).text()
    assert contacts.count(store) == before  # nothing written before the user confirms
    preview.import_button.click()
    qtbot.waitUntil(lambda: contacts.count(store) == before + 1)
    model = window.contacts_page.model
    qtbot.waitUntil(lambda: "Per Håland" in [model.index(r, 0).data() for r in range(model.rowCount())])
    assert contacts.get(store, seeded["kari"].id).position == "Brannsjef og kriseleder"


def test_a_file_that_is_not_contacts_is_refused_whole(qtbot, window, seeded, tmp_path, monkeypatch):
    store = seeded["store"]
    junk = tmp_path / "bilde.csv"
    junk.write_bytes(bytes(range(256)) * 4)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(junk), ""))
    shown = []
    monkeypatch.setattr("beredskap_desktop.ui.dialogs.import_contacts.QMessageBox.warning", lambda parent, title, text: shown.append(text))
    before = contacts.count(store)
    window.import_action.trigger()
    qtbot.waitUntil(lambda: bool(shown))
    assert "bilde.csv" in shown[0]
    assert contacts.count(store) == before
