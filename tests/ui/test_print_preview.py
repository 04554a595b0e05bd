"""Print preview: the PDF made in the background, its pages on screen, printing and saving it."""

from __future__ import annotations

import io
import threading

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QThreadPool, QTimer
from PySide6.QtGui import QColor
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMainWindow, QMessageBox, QProgressDialog, QPushButton

from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.services.demo import load_demo
from beredskap_desktop.services.printing.cards import build_card_sheets, render_card_sheets
from beredskap_desktop.storage.database import open_store
from beredskap_desktop.ui.dialogs.print_preview import PrintPreview, pages_to_print, show_print_preview
from beredskap_desktop.ui.pdf_pages import open_pdf, page_count, render_page


def make_cards(store, report) -> bytes:
    return render_card_sheets(build_card_sheets(store), progress=report)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo municipality's database and its action card sheets as a PDF."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    load_demo(path)
    with open_store(path) as store:
        pdf = make_cards(store, lambda done, total: None)
    return path, pdf


@pytest.fixture
def demo_store(demo):
    with open_store(demo[0]) as store:
        yield store


@pytest.fixture
def pdf(demo) -> bytes:
    return demo[1]


@pytest.fixture
def window(qtbot):
    main = QMainWindow()
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


@pytest.fixture
def messages(monkeypatch):
    """Message boxes as (kind, text) instead of modal windows."""
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *rest: shown.append(("warning", text)))
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *rest: shown.append(("information", text)))
    return shown


def open_preview(qtbot, window, pdf, **options) -> PrintPreview:
    """The preview shown and active, as after ``show_print_preview``."""
    dialog = PrintPreview(pdf, "Tiltakskort", suggested_name="tiltakskort.pdf", parent=window, **options)
    dialog.resize(800, 900)
    dialog.show()
    dialog.activateWindow()  # keyboard shortcuts reach the active window only
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


@pytest.fixture
def preview(qtbot, window, pdf):
    return open_preview(qtbot, window, pdf)


def dark_pixels(image) -> int:
    """Pixels as dark as text (the grey desk and the shadows are lighter)."""
    step = 3
    return sum(QColor(image.pixel(x, y)).lightness() < 80
               for x in range(0, image.width(), step) for y in range(0, image.height(), step))


def accept_print(monkeypatch, out, *, first: int | None = None, last: int | None = None, copies: int = 1):
    """The print dialog answered with PDF output to ``out``, pages ``first``–``last`` (all without)."""
    asked = []

    def exec_(dialog) -> int:
        printer = dialog.printer()
        asked.append((dialog.minPage(), dialog.maxPage()))
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        printer.setCopyCount(copies)
        if first is not None:
            printer.setPrintRange(QPrinter.PrintRange.PageRange)
            printer.setFromTo(first, last)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", exec_)
    return asked


def test_pages_are_counted_and_rendered_on_white(pdf):
    assert page_count(pdf) == len(PdfReader(io.BytesIO(pdf)).pages) > 1
    document = open_pdf(pdf)
    image = render_page(document, 0, 50)
    document.close()
    assert image.width() == pytest.approx(595.28 * 50 / 72, abs=1)  # A4 at 50 dpi
    assert image.height() == pytest.approx(841.89 * 50 / 72, abs=1)
    assert QColor(image.pixel(0, 0)) == QColor("white")  # the margin is white, not transparent
    assert dark_pixels(image) > 50  # and there is text on it


def test_a_file_that_is_not_a_pdf_is_refused_clearly():
    with pytest.raises(UserError, match="PDF"):
        open_pdf(b"not a pdf")


def test_the_preview_opens_after_the_pdf_is_made_in_the_background(qtbot, window, demo_store, pdf, messages):
    show_print_preview(window, demo_store, "Tiltakskort", make_cards, suggested_name="tiltakskort.pdf")
    qtbot.waitUntil(lambda: getattr(window, "print_preview", None) is not None and window.print_preview.isVisible())
    preview = window.print_preview
    assert preview.view.count == page_count(pdf)
    assert preview.page_label.text().endswith(f" {page_count(pdf)}")
    assert "Tiltakskort" in preview.windowTitle()
    assert dark_pixels(preview.view.viewport().grab().toImage()) > 200  # the first page is drawn, with text
    assert messages == []
    preview.close()


def test_paging_and_zoom_from_the_keyboard(qtbot, preview):
    view = preview.view
    assert view.fit_width and view.current == 0
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    qtbot.keyClick(view, Qt.Key.Key_PageDown)
    assert view.current == 2
    assert preview.page_label.text().startswith(("Page 3 ", "Side 3 "))
    assert 2 in view.visible_pages()
    qtbot.keyClick(view, Qt.Key.Key_PageUp)
    assert view.current == 1
    width = view.zoom
    qtbot.keyClick(view, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom > width and not view.fit_width and not preview.fit_action.isChecked()
    assert view.current == 1  # the page being read stays in view
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom < width
    assert len(view.visible_pages()) >= 2  # zoomed out: more than one page in view
    assert preview.zoom_label.text() == f"{round(view.zoom * 100)} %"
    qtbot.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.fit_width and view.zoom == pytest.approx(width) and preview.fit_action.isChecked()


def test_the_last_page_is_reached_and_shown(qtbot, preview, pdf):
    view = preview.view
    view.go_to(view.count + 5)
    assert view.current == view.count - 1
    assert preview.page_label.text().startswith((f"Page {view.count} ", f"Side {view.count} "))
    assert not preview.next_action.isEnabled()
    assert dark_pixels(view.viewport().grab().toImage()) > 200


def test_save_writes_the_identical_pdf(qtbot, preview, pdf, tmp_path, monkeypatch):
    out = tmp_path / "valgt.pdf"
    offered = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda parent, title, name, filter_: offered.append(name) or (str(out), ""))
    qtbot.keyClick(preview.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert offered == ["tiltakskort.pdf"]
    assert out.read_bytes() == pdf
    assert str(out) in preview.status.text()


def test_save_into_a_missing_folder_says_so_and_keeps_the_preview(qtbot, preview, tmp_path, monkeypatch, messages):
    out = tmp_path / "finnes-ikke" / "kort.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(out), ""))
    preview.save_button.click()
    assert [kind for kind, text in messages] == ["warning"] and "finnes-ikke" in messages[0][1]
    assert not out.exists() and preview.isVisible() and preview.status.text() == ""


def test_print_the_chosen_pages_then_after_print(qtbot, window, pdf, tmp_path, monkeypatch, messages):
    out = tmp_path / "utskrift.pdf"
    printed = []
    preview = open_preview(qtbot, window, pdf, after_print=lambda: printed.append(True))
    asked = accept_print(monkeypatch, out, first=2, last=4)
    qtbot.keyClick(preview.view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert asked == [(1, page_count(pdf))]
    pages = PdfReader(out).pages
    assert len(pages) == 3
    assert [round(float(value)) for value in pages[0].mediabox[2:]] == [595, 842]  # A4, as the document
    assert printed == [True] and messages == []
    assert "3" in preview.status.text()
    preview.close()


def test_copies_are_printed_when_the_printer_cannot_make_them(qtbot, preview, tmp_path, monkeypatch):
    out = tmp_path / "kopier.pdf"
    accept_print(monkeypatch, out, first=1, last=2, copies=2)
    preview.print_button.click()
    assert len(PdfReader(out).pages) == 4  # PDF output makes no copies itself


def test_pages_to_print_follow_the_print_dialog(qtbot):
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    assert pages_to_print(printer, 3, 1) == [0, 1, 2]
    printer.setPrintRange(QPrinter.PrintRange.CurrentPage)
    assert pages_to_print(printer, 3, 1) == [1]
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 9)
    printer.setPageOrder(QPrinter.PageOrder.LastPageFirst)
    assert pages_to_print(printer, 3, 0) == [2, 1]
    printer.setCopyCount(2)
    printer.setCollateCopies(False)
    assert pages_to_print(printer, 3, 0) == [2, 2, 1, 1]


def test_cancel_while_printing_stops_and_skips_after_print(qtbot, window, pdf, tmp_path, monkeypatch):
    printed = []
    preview = open_preview(qtbot, window, pdf, after_print=lambda: printed.append(True))
    accept_print(monkeypatch, tmp_path / "avbrutt.pdf")
    QTimer.singleShot(0, lambda: press_cancel(preview))
    preview.print_pages()
    assert printed == []
    assert preview.status.text() != ""
    preview.close()


def test_escape_closes_the_preview(qtbot, preview):
    with qtbot.waitSignal(preview.finished):
        qtbot.keyClick(preview.view, Qt.Key.Key_Escape)


def press_cancel(parent) -> None:
    """Press Cancel in the progress dialog over ``parent``."""
    parent.findChild(QProgressDialog).findChild(QPushButton).click()  # its only button


def finish_jobs() -> None:
    QThreadPool.globalInstance().waitForDone()
    QApplication.processEvents()  # deliver the job's last signal


def test_cancel_while_the_pdf_is_made_opens_nothing(qtbot, window, demo_store, messages):
    started, release = threading.Event(), threading.Event()
    stopped = []

    def slow(store, report) -> bytes:
        started.set()
        release.wait()
        try:
            report(1, 2)
        except Exception as error:
            stopped.append(type(error).__name__)
            raise
        return b"never"

    show_print_preview(window, demo_store, "Beredskapsperm", slow, suggested_name="perm.pdf")
    qtbot.waitUntil(started.is_set)
    press_cancel(window)
    release.set()
    finish_jobs()
    assert stopped == ["Cancelled"]
    assert getattr(window, "print_preview", None) is None and window.findChildren(PrintPreview) == []
    assert messages == []  # the user cancelled: no message about it


@pytest.mark.parametrize("produce, kind", [
    (lambda store, report: b"", "information"),
    (lambda store, report: (_ for _ in ()).throw(UserError("Ingen kort å skrive ut.")), "warning"),
    (lambda store, report: b"%PDF-1.4 broken", "warning"),
])
def test_an_empty_or_failed_printout_is_a_message_not_an_empty_preview(qtbot, window, demo_store, messages, produce, kind):
    show_print_preview(window, demo_store, "Tiltakskort", produce, suggested_name="tiltakskort.pdf")
    qtbot.waitUntil(lambda: bool(messages))
    finish_jobs()
    assert [shown_kind for shown_kind, text in messages] == [kind]
    assert window.findChildren(PrintPreview) == []
