"""First start without a database: demo, or a new municipality with a checked name and number."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from beredskap_desktop.ui.dialogs.first_start import FirstStartDialog, NewMunicipalityDialog


def test_new_municipality_explains_a_bad_number_and_stays_open(qtbot):
    dialog = NewMunicipalityDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name, "Fjordvik")
    qtbot.keyClicks(dialog.number, "12a")
    dialog.accept()
    assert dialog.isVisible() and dialog.values is None
    assert dialog.error.isVisible() and "Kommunenummer" in dialog.error.text()
    dialog.number.clear()
    qtbot.keyClicks(dialog.number, "9999")
    dialog.accept()
    assert dialog.values == ("Fjordvik", "9999") and not dialog.isVisible()


def test_first_start_offers_the_demo(qtbot, tmp_path):
    dialog = FirstStartDialog(tmp_path / "kommune.sqlite")
    qtbot.addWidget(dialog)
    dialog.show()
    demo = dialog.findChild(QPushButton, "choose_demo")
    qtbot.mouseClick(demo, Qt.MouseButton.LeftButton)
    assert dialog.choice == "demo" and dialog.result() == dialog.DialogCode.Accepted
