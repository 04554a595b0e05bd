"""A read-only file and a second instance: a visible banner and no way to change anything."""

from PySide6.QtCore import Qt

from beredskap_desktop.storage.database import open_store
from beredskap_desktop.ui.app import Application
from beredskap_desktop.ui.main_window import MainWindow


def test_read_only_shows_banner_and_disables_editing(qtbot, seeded, db_path):
    seeded["store"].close()
    with open_store(db_path, read_only=True) as store:
        window = MainWindow(store)
        qtbot.addWidget(window)
        window.show()
        assert window.read_only_banner.isVisible()
        assert "SKRIVEBESKYTTET" in window.read_only_banner.text()
        assert "SKRIVEBESKYTTET" in window.mode_label.text()
        assert not window.new_action.isEnabled() and not window.import_action.isEnabled()
        assert not window.contacts_page.new_person.isEnabled()
        assert not window.contacts_page.editor.save_button.isEnabled()
        assert not window.alert_lists_page.add_contact_button.isEnabled()
        window.contacts_page.select(seeded["kari"].id)
        assert window.contacts_page.editor.lines["name"].isReadOnly()
        window.close()


def test_second_instance_is_offered_read_only(qtbot, qapp, seeded, db_path, monkeypatch):
    asked = []

    def answer(parent, title, text, choices, **kwargs):
        asked.append(text)
        return 0  # "Open read-only"

    monkeypatch.setattr("beredskap_desktop.ui.app.ask", answer)
    app = Application(qapp, exit_when_shown=False)
    assert app.open(db_path, read_only=False)  # ``seeded`` holds the writer lock
    qtbot.addWidget(app.window)
    assert asked and str(db_path.name) in asked[0]
    assert app.store.read_only and app.window.read_only_banner is not None
    app.window.close()
    app.store.close()


def test_language_switch_rebuilds_the_window_in_english(qtbot, qapp, seeded, db_path):
    seeded["store"].close()
    app = Application(qapp, exit_when_shown=False)
    assert app.open(db_path, read_only=False)
    assert app.window.navigation.item(0).text() == "Kontakter"
    app.switch_language("en")
    qtbot.addWidget(app.window)
    assert app.window.navigation.item(0).text() == "Contacts"
    assert app.window.contacts_page.model.headerData(0, Qt.Orientation.Horizontal) == "Name"
    app.window.close()
    app.store.close()
