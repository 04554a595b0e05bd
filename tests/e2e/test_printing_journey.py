"""Printing through the real main window on the demo municipality: Ctrl+P on a page, the
binder for a registered copy (printed, filed, one card edited, only the changed pages again),
and checking a printed card by the code under its QR code."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QMessageBox
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from shiboken6 import isValid

from beredskap_desktop.services.demo import load_demo
from beredskap_desktop.storage import binders, cards
from beredskap_desktop.storage.database import open_store
from beredskap_desktop.ui.main_window import MainWindow
from tests.pdf_text import page_texts


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("printing") / "fjordvik.sqlite"
    load_demo(path)
    return path


@pytest.fixture
def store(demo_path, tmp_path):
    path = tmp_path / "fjordvik.sqlite"
    path.write_bytes(demo_path.read_bytes())
    with open_store(path) as opened:
        yield opened


@pytest.fixture
def window(qtbot, store, monkeypatch):
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *rest: pytest.fail(text))
    main = MainWindow(store)
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.close()
    main.deleteLater()


def printing_to(monkeypatch, out):
    """The print dialog answered with PDF output to ``out``."""
    def exec_(dialog) -> int:
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(out))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", exec_)


def when_open(name: str, act) -> None:
    """Run ``act(dialog)`` on the modal dialog with ``objectName`` or type ``name`` once it shows."""
    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not (dialog.objectName() == name or type(dialog).__name__ == name):
            QTimer.singleShot(10, attempt)
            return
        act(dialog)
    QTimer.singleShot(0, attempt)


def preview_of(qtbot, owner):
    """The preview ``owner`` opens next (an earlier one has closed and deleted itself)."""
    shown = lambda: getattr(owner, "print_preview", None) is not None and isValid(owner.print_preview) and owner.print_preview.isVisible()
    qtbot.waitUntil(shown, timeout=20000)
    return owner.print_preview


def test_ctrl_p_on_the_action_cards_page_prints_the_selected_card(qtbot, window, tmp_path, monkeypatch):
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    page = window.cards_page
    first = page.model.index(0, 0)
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=page.table.visualRect(first).center())
    code = page.model.card_at(0).code
    assert page.selected_ids() == [page.model.card_at(0).id], page.selected_ids()
    when_open("PrintOptionsDialog", lambda dialog: dialog.accept())  # the first choice: the selected card
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    preview = preview_of(qtbot, window)
    out = tmp_path / "kort.pdf"
    printing_to(monkeypatch, out)
    preview.print_pages()
    shown = page_texts(preview._pdf)  # printed pages are images: read the PDF the preview shows
    assert out.exists() and shown and all(f"{code} · side" in text for text in shown)
    preview.close()


@pytest.mark.parametrize("row, expected", [(0, "Kontaktkatalog"), (1, "Varslingsliste"), (2, "Innhold")])
def test_ctrl_p_on_the_other_pages(qtbot, window, row, expected):
    window.navigation.setCurrentRow(row)
    when_open("PrintOptionsDialog", lambda dialog: dialog.accept())
    window.print_current()
    preview = preview_of(qtbot, window)
    assert any(expected in text for text in page_texts(preview._pdf))
    preview.close()


def test_the_binder_for_a_copy_then_only_what_changed(qtbot, window, store, tmp_path, monkeypatch):
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("Kriserom rådhuset", True))
    from beredskap_desktop.ui import print_actions

    print_actions.print_binder(window)
    dialog = window.binder_dialog
    dialog.add_copy()
    assert dialog.copy.currentText() == "Kriserom rådhuset"
    assert "ikke skrevet ut" in dialog.last_print.text()
    dialog.print_whole.click()
    preview = preview_of(qtbot, dialog)
    whole = page_texts(preview._pdf)
    assert "Beredskapsperm" in whole[0] and "Kriserom rådhuset" in whole[0]
    printing_to(monkeypatch, tmp_path / "perm.pdf")

    def file_it(filed) -> None:
        filed.person.setText("Kari Ødegård")
        filed.accept()

    when_open("FiledDialog", file_it)
    preview.print_pages()
    preview.close()
    copy = binders.copies(store)[0]
    assert copy.last_printed_by == "Kari Ødegård" and copy.documents > 50

    card = cards.get(store, cards.codes(store)["TK-03"])
    cards.save(store, dataclasses.replace(card, title=card.title + " – revidert"))
    dialog.refresh()
    qtbot.waitUntil(lambda: dialog.print_changed.isEnabled(), timeout=20000)
    listed = [dialog.changed.item(i).text() for i in range(dialog.changed.count())]
    assert len(listed) == 1 and "TK-03" in listed[0] and "endret" in listed[0]
    dialog.print_changed.click()
    preview = preview_of(qtbot, dialog)
    changed = page_texts(preview._pdf)
    assert "Bytt ut i permen: Kriserom rådhuset" in changed[0] and "TK-03" in changed[0]
    assert any("TK-03 · side 1/" in text for text in changed) and not any("TK-04 · side" in text for text in changed)
    preview.close()
    dialog.close()


def test_check_a_printed_card(qtbot, window, store):
    card = cards.get(store, cards.codes(store)["TK-03"])
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.check_sheet_dialog
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.code, f"TK-03 v{card.version}")
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    assert "gjeldende" in dialog.result.text()
    cards.save(store, dataclasses.replace(card, title=card.title + " – revidert"))
    qtbot.keyClicks(dialog.code, f"beredskap:card:{card.id}:v{card.version}")  # a scanner types the QR code
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    assert f"versjon {card.version + 1}" in dialog.result.text() and "Skriv ut kortet på nytt" in dialog.result.text()
    dialog.close()
