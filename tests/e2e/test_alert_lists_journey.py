"""Working an alert list through the main window: reorder, add a role, change method, undo."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from beredskap_desktop.domain.alerts import AlertMethod
from beredskap_desktop.storage import alerts


def open_page(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    page = window.alert_lists_page
    assert window.pages.currentWidget() is page
    return page


def member_names(store):
    members = alerts.list_all(store)[0].members
    return [m.contact_id or m.role_id for m in members]


def test_reorder_with_keyboard_persists_and_undoes(qtbot, window, seeded):
    store = seeded["store"]
    page = open_page(qtbot, window)
    kari, aase = seeded["kari"].id, seeded["aase"].id
    assert member_names(store) == [kari, aase, "loggforer"]
    page.table.selectRow(0)
    page.table.setFocus()  # table shortcuts act where the focus is
    qtbot.keyClick(page.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    assert member_names(store) == [aase, kari, "loggforer"]
    assert page.table.currentIndex().row() == 1  # the moved member stays selected
    qtbot.mouseClick(page.down_button, Qt.MouseButton.LeftButton)
    assert member_names(store) == [aase, "loggforer", kari]
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert member_names(store) == [aase, kari, "loggforer"]


def test_add_role_and_change_method(qtbot, window, seeded, monkeypatch):
    store = seeded["store"]
    page = open_page(qtbot, window)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("Kriseleder", True))
    qtbot.mouseClick(page.add_role_button, Qt.MouseButton.LeftButton)
    last = alerts.list_all(store)[0].members[-1]
    assert last.role_id == "kriseleder"
    assert "Kari Ødegård" in page.model.index(3, 1).data()  # the role resolves to its holder
    page.method.setCurrentIndex(page.method.findData(AlertMethod.NODNETT.value))
    page.method.activated.emit(page.method.currentIndex())
    assert alerts.list_all(store)[0].members[-1].method is AlertMethod.NODNETT


def test_removing_a_member_can_be_undone(qtbot, window, seeded):
    store = seeded["store"]
    page = open_page(qtbot, window)
    page.table.selectRow(1)
    page.table.setFocus()  # table shortcuts act where the focus is
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert len(alerts.list_all(store)[0].members) == 2
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    assert member_names(store)[1] == seeded["aase"].id
