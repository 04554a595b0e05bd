"""Print preview for every printout: the PDF's pages on screen, then print them or save the PDF.

``show_print_preview`` makes the PDF in the background (progress, Cancel), then opens the
preview. Pages are rendered with pdfium on the GUI thread, only those in view; printing paints
each chosen page as an image onto the QPrinter, one page at a time behind a progress dialog.
"""

from __future__ import annotations

from bisect import bisect_right
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QMarginsF, QPoint, QPointF, QRect, QRectF, QSize, QSizeF, Qt, Signal
from PySide6.QtGui import QAction, QColor, QImage, QKeySequence, QPageLayout, QPageSize, QPainter, QShortcut
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractScrollArea, QDialog, QFileDialog, QHBoxLayout, QLabel, QMessageBox, QProgressDialog, QPushButton,
    QSizePolicy, QStyle, QToolBar, QVBoxLayout, QWidget,
)

from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.i18n import _, ngettext
from beredskap_desktop.services.files import write_atomically
from beredskap_desktop.storage.database import Store
from beredskap_desktop.ui.jobs import start_job
from beredskap_desktop.ui.pdf_pages import close_pdf, open_pdf, page_sizes, render_page

ZOOMS = (0.25, 0.33, 0.5, 0.67, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0)
MAX_SCREEN_DPI = 300  # beyond this a zoomed page is scaled up instead: memory stays bounded
PRINT_DPI = 300
MARGIN = 24  # around the pages, in pixels
GAP = 16  # between pages
BACKGROUND = QColor("#8a8f96")


class PageView(QAbstractScrollArea):
    """The pages one below the other on a grey desk, each rendered when it comes into view.

    ``zoom`` 1.0 is the paper's real size; in fit-width mode the zoom follows the window.
    """

    current_changed = Signal(int)
    zoom_changed = Signal(float)

    def __init__(self, document, sizes: list[QSizeF], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("print_preview_pages")
        self._document = document
        self.sizes = sizes  # points
        self._rects: list[QRect] = []  # content coordinates
        self._tops: list[int] = []
        self._images: dict[int, tuple[float, QImage]] = {}  # page -> (dpi, image)
        self._content = QSize()
        self._current = 0
        self.zoom = 1.0
        self.fit_width = True
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)  # fit width must not oscillate
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.verticalScrollBar().valueChanged.connect(self._update_current)
        self._layout()

    @property
    def count(self) -> int:
        return len(self.sizes)

    @property
    def current(self) -> int:
        """The page being read (from 0): the one at the upper third of the view; the last at the end."""
        return self._current

    def release(self) -> None:
        """Drop the rendered pages (the dialog closes the document after this)."""
        self._images.clear()
        self._document = None

    # Zoom -----------------------------------------------------------------

    def set_zoom(self, zoom: float, *, fit_width: bool = False) -> None:
        anchor = self._anchor()
        self.fit_width = fit_width
        self.zoom = min(max(zoom, ZOOMS[0]), ZOOMS[-1])
        self._layout()
        self._restore(anchor)
        self.zoom_changed.emit(self.zoom)

    def zoom_in(self) -> None:
        self.set_zoom(next((step for step in ZOOMS if step > self.zoom + 0.005), ZOOMS[-1]))

    def zoom_out(self) -> None:
        self.set_zoom(next((step for step in reversed(ZOOMS) if step < self.zoom - 0.005), ZOOMS[0]))

    def zoom_to_width(self) -> None:
        self.set_zoom(self._width_zoom(), fit_width=True)

    def _width_zoom(self) -> float:
        widest = max(size.width() for size in self.sizes)
        return max(self.viewport().width() - 2 * MARGIN, 50) / (widest * self._pixels_per_point(1.0))

    def _pixels_per_point(self, zoom: float) -> float:
        return zoom * self.logicalDpiX() / 72

    # Navigation -------------------------------------------------------------

    def go_to(self, index: int) -> None:
        index = min(max(index, 0), self.count - 1)
        self.verticalScrollBar().setValue(self._rects[index].top() - MARGIN // 2)
        self._current = index  # the last pages may not reach the top: the one asked for is current
        self.current_changed.emit(index)

    def next_page(self) -> None:
        self.go_to(self._current + 1)

    def previous_page(self) -> None:
        top = self._rects[self._current].top() - MARGIN // 2
        self.go_to(self._current if self.verticalScrollBar().value() > top + 4 else self._current - 1)

    def _update_current(self) -> None:
        bar = self.verticalScrollBar()
        if bar.value() >= bar.maximum() and bar.maximum() > 0:
            current = self.count - 1
        else:
            probe = bar.value() + self.viewport().height() // 3
            current = max(bisect_right(self._tops, probe) - 1, 0)
        if current != self._current:
            self._current = current
            self.current_changed.emit(current)

    # Layout and painting ------------------------------------------------------

    def _layout(self) -> None:
        ppp = self._pixels_per_point(self.zoom)
        self._rects, y, widest = [], MARGIN, 0
        for size in self.sizes:
            width, height = round(size.width() * ppp), round(size.height() * ppp)
            self._rects.append(QRect(0, y, width, height))
            y += height + GAP
            widest = max(widest, width)
        for rect in self._rects:  # centred in the column
            rect.moveLeft(MARGIN + (widest - rect.width()) // 2)
        self._tops = [rect.top() for rect in self._rects]
        self._content = QSize(widest + 2 * MARGIN, y - GAP + MARGIN)
        viewport = self.viewport().size()
        self.horizontalScrollBar().setRange(0, max(self._content.width() - viewport.width(), 0))
        self.horizontalScrollBar().setPageStep(viewport.width())
        self.verticalScrollBar().setRange(0, max(self._content.height() - viewport.height(), 0))
        self.verticalScrollBar().setPageStep(viewport.height())
        self.verticalScrollBar().setSingleStep(max(viewport.height() // 12, 20))
        self.horizontalScrollBar().setSingleStep(20)
        self.viewport().update()

    def _anchor(self) -> tuple[int, float, float]:
        """The page and the place in it at the view's centre, to keep it there across a zoom."""
        centre = self.verticalScrollBar().value() + self.viewport().height() / 2
        index = max(bisect_right(self._tops, centre) - 1, 0)
        rect = self._rects[index]
        bar = self.horizontalScrollBar()
        across = (bar.value() + bar.pageStep() / 2) / max(self._content.width(), 1)
        return index, (centre - rect.top()) / rect.height(), across

    def _restore(self, anchor: tuple[int, float, float]) -> None:
        index, down, across = anchor
        rect = self._rects[index]
        self.verticalScrollBar().setValue(round(rect.top() + down * rect.height() - self.viewport().height() / 2))
        self.horizontalScrollBar().setValue(round(across * self._content.width() - self.horizontalScrollBar().pageStep() / 2))
        self._update_current()

    def _offset(self) -> QPoint:
        spare = self.viewport().width() - self._content.width()
        x = spare // 2 if spare > 0 else -self.horizontalScrollBar().value()
        return QPoint(x, -self.verticalScrollBar().value())

    def visible_pages(self) -> range:
        top = self.verticalScrollBar().value()
        bottom = top + self.viewport().height()
        first = max(bisect_right(self._tops, top) - 1, 0)
        if self._rects[first].bottom() < top and first + 1 < self.count:  # the view starts in a gap
            first += 1
        return range(first, max(bisect_right(self._tops, bottom) - 1, first) + 1)

    def _image(self, index: int, dpi: float) -> QImage:
        cached = self._images.get(index)
        if cached is None or abs(cached[0] - dpi) > 0.5:
            cached = (dpi, render_page(self._document, index, dpi))
            self._images[index] = cached
        return cached[1]

    def paintEvent(self, event) -> None:
        painter = QPainter(self.viewport())
        painter.fillRect(event.rect(), BACKGROUND)
        if self._document is None:
            return
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        offset = self._offset()
        dpi = min(self._pixels_per_point(self.zoom) * 72 * self.devicePixelRatioF(), MAX_SCREEN_DPI)
        shown = self.visible_pages()
        for index in shown:
            rect = self._rects[index].translated(offset)
            if not rect.intersects(event.rect()):
                continue
            for spread, alpha in ((4, 18), (3, 28), (2, 40), (1, 60)):  # a soft shadow, down and right
                painter.fillRect(rect.adjusted(spread - 1, spread + 1, spread, spread + 1), QColor(0, 0, 0, alpha))
            painter.drawImage(QRectF(rect), self._image(index, dpi))
            painter.setPen(QColor(0, 0, 0, 110))
            painter.drawRect(rect.adjusted(-1, -1, 0, 0))
        painter.end()
        for index in [page for page in self._images if page < shown.start - 1 or page > shown.stop]:
            del self._images[index]  # only the pages in view and their neighbours stay in memory

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.fit_width:
            self.set_zoom(self._width_zoom(), fit_width=True)
        else:
            self._layout()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.viewport().update()

    def wheelEvent(self, event) -> None:
        delta = event.angleDelta().y()
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier and delta:
            (self.zoom_in if delta > 0 else self.zoom_out)()
            event.accept()
            return
        super().wheelEvent(event)


def pages_to_print(printer: QPrinter, count: int, current: int) -> list[int]:
    """The pages (from 0) the print dialog asked for, in printing order, each copy included
    when the printer cannot make copies itself."""
    match printer.printRange():
        case QPrinter.PrintRange.CurrentPage:
            pages = [current]
        case QPrinter.PrintRange.PageRange:
            ranges = printer.pageRanges()
            pages = [index for index in range(count) if ranges.contains(index + 1)]
        case _:
            pages = list(range(count))
    if printer.pageOrder() == QPrinter.PageOrder.LastPageFirst:
        pages.reverse()
    copies = 1 if printer.supportsMultipleCopies() else max(printer.copyCount(), 1)
    if printer.collateCopies():
        return pages * copies
    return [page for page in pages for _copy in range(copies)]


class PrintPreview(QDialog):
    """The pages of ``pdf`` with zoom and paging; print them, or save the PDF itself."""

    def __init__(self, pdf: bytes, title: str, *, suggested_name: str,
                 after_print: Callable[[], None] | None = None, parent: QWidget | None = None):
        document = open_pdf(pdf)  # before the widget exists: a bad PDF leaves nothing half-built
        sizes = page_sizes(document)
        if not sizes:
            close_pdf(document)
            raise UserError(_("There is nothing to print: the document has no pages."))
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(_("Print preview – {title}").format(title=title))
        self.setSizeGripEnabled(True)
        self._pdf = pdf
        self._document = document
        self._suggested_name = suggested_name
        self._after_print = after_print
        self._printer: QPrinter | None = None

        self.view = PageView(document, sizes)
        self.page_label = QLabel()
        self.page_label.setObjectName("print_preview_page")
        self.page_label.setMinimumWidth(self.page_label.fontMetrics().horizontalAdvance(
            _("Page {page} of {count}").format(page=8888, count=8888)))
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_label = QLabel()
        self.zoom_label.setObjectName("print_preview_zoom")
        self.zoom_label.setMinimumWidth(self.zoom_label.fontMetrics().horizontalAdvance("8888 %"))
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.status = QLabel()
        self.status.setObjectName("print_preview_status")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setStyleSheet("color: #444;")

        self.previous_action = self._action(_("Previous page"), QKeySequence(Qt.Key.Key_PageUp), self.view.previous_page,
                                            icon=QStyle.StandardPixmap.SP_ArrowUp)
        self.next_action = self._action(_("Next page"), QKeySequence(Qt.Key.Key_PageDown), self.view.next_page,
                                        icon=QStyle.StandardPixmap.SP_ArrowDown)
        self.zoom_out_action = self._action("−", QKeySequence.StandardKey.ZoomOut, self.view.zoom_out, tip=_("Zoom out"))
        self.zoom_in_action = self._action("+", QKeySequence.StandardKey.ZoomIn, self.view.zoom_in, tip=_("Zoom in"))
        QShortcut(QKeySequence("Ctrl+="), self, self.view.zoom_in)  # where + needs Shift
        self.fit_action = self._action(_("Fit width"), QKeySequence("Ctrl+0"), self.view.zoom_to_width)
        self.fit_action.setCheckable(True)
        self.print_action = self._action(_("Print…"), QKeySequence.StandardKey.Print, self.print_pages)
        self.save_action = self._action(_("Save as PDF…"), QKeySequence.StandardKey.Save, self.save_pdf)

        tools = QToolBar()
        tools.setObjectName("print_preview_tools")
        tools.setMovable(False)
        tools.addAction(self.previous_action)
        tools.addWidget(self.page_label)
        tools.addAction(self.next_action)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        tools.addWidget(spacer)
        tools.addAction(self.zoom_out_action)
        tools.addWidget(self.zoom_label)
        tools.addAction(self.zoom_in_action)
        tools.addAction(self.fit_action)
        for action in (self.previous_action, self.next_action, self.zoom_out_action, self.zoom_in_action):
            tools.widgetForAction(action).setMinimumWidth(30)  # room to hit the small ones

        self.print_button = QPushButton(self.print_action.text())
        self.print_button.setObjectName("print_preview_print")
        self.print_button.setToolTip(self.print_action.toolTip())
        self.print_button.clicked.connect(self.print_pages)
        self.print_button.setDefault(True)
        self.save_button = QPushButton(self.save_action.text())
        self.save_button.setObjectName("print_preview_save")
        self.save_button.setToolTip(self.save_action.toolTip())
        self.save_button.clicked.connect(self.save_pdf)
        self.close_button = QPushButton(_("Close"))
        self.close_button.setObjectName("print_preview_close")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        self.save_button.setAutoDefault(False)
        bottom = QHBoxLayout()
        bottom.setContentsMargins(10, 8, 10, 10)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.print_button)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(tools)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)

        self.view.current_changed.connect(self._show_page)
        self.view.zoom_changed.connect(self._show_zoom)
        self.finished.connect(self._release)
        self._show_page(0)
        self._show_zoom(self.view.zoom)
        self._initial_size()
        self.view.setFocus()

    def _action(self, text: str, keys, slot: Callable, *, tip: str = "", icon: QStyle.StandardPixmap | None = None) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        action.setToolTip(f"{tip or text} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        action.triggered.connect(slot)
        self.addAction(action)  # the shortcut works wherever the focus is in the dialog
        return action

    def _initial_size(self) -> None:
        screen = (self.parentWidget() or self).screen().availableGeometry()
        self.resize(min(900, screen.width() * 9 // 10), screen.height() * 9 // 10)

    def _show_page(self, index: int) -> None:
        self.page_label.setText(_("Page {page} of {count}").format(page=index + 1, count=self.view.count))
        self.previous_action.setEnabled(index > 0 or self.view.verticalScrollBar().value() > 0)
        self.next_action.setEnabled(index < self.view.count - 1)

    def _show_zoom(self, zoom: float) -> None:
        self.zoom_label.setText(f"{round(zoom * 100)} %")
        self.zoom_out_action.setEnabled(zoom > ZOOMS[0] + 0.005)
        self.zoom_in_action.setEnabled(zoom < ZOOMS[-1] - 0.005)
        self.fit_action.setChecked(self.view.fit_width)

    def _release(self) -> None:
        self.view.release()
        close_pdf(self._document)

    # Save ---------------------------------------------------------------------

    def save_pdf(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(self, _("Save as PDF"), self._suggested_name, _("PDF files (*.pdf)"))
        if not chosen:
            return
        path = Path(chosen)
        try:
            write_atomically(path, lambda handle: handle.write(self._pdf))
        except UserError as error:
            QMessageBox.warning(self, _("Save as PDF"), str(error))
            return
        self.status.setText(_("Saved as {path}").format(path=path))

    # Print --------------------------------------------------------------------

    def _new_printer(self) -> QPrinter:
        """A printer set up for the document's first page: its paper size and orientation,
        the smallest margins the printer allows (pages are fitted inside them)."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        first = self.view.sizes[0]
        portrait = QSizeF(min(first.width(), first.height()), max(first.width(), first.height()))
        printer.setPageSize(QPageSize(portrait, QPageSize.Unit.Point))
        printer.setPageOrientation(QPageLayout.Orientation.Landscape if first.width() > first.height()
                                   else QPageLayout.Orientation.Portrait)
        printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
        printer.setDocName(self.windowTitle())
        return printer

    def print_pages(self) -> None:
        """Ask which printer and pages, then print them; ``after_print()`` once all are sent."""
        if self._printer is None:
            self._printer = self._new_printer()
        printer = self._printer
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print"))
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, True)
        dialog.setMinMax(1, self.view.count)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        pages = pages_to_print(printer, self.view.count, self.view.current)
        if not pages:
            QMessageBox.warning(self, _("Print"), _("The chosen pages are not in this document (it has {count} pages).").format(
                count=self.view.count))
            return
        if self._print(printer, pages) and self._after_print is not None:
            self._after_print()

    def _print(self, printer: QPrinter, pages: list[int]) -> bool:
        """Paint ``pages`` onto ``printer`` one by one behind a progress dialog; whether all went.

        The print job starts with the first page, so a Cancel before it sends nothing."""
        where = printer.printerName() or printer.outputFileName()
        progress = QProgressDialog(_("Printing…"), _("Cancel"), 0, len(pages), self)
        progress.setWindowTitle(_("Print"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        dpi = min(printer.resolution(), PRINT_DPI)
        painter = QPainter()
        problem = ""
        cancelled = aborted = False
        try:
            for done, index in enumerate(pages):
                progress.setLabelText(_("Printing page {page} ({done} of {count})…").format(
                    page=index + 1, done=done + 1, count=len(pages)))
                progress.setValue(done)  # lets the window repaint and Cancel be pressed
                if progress.wasCanceled():
                    cancelled = True
                    aborted = not done or printer.abort()  # not every printer takes back what it was sent
                    break
                image = render_page(self._document, index, dpi)
                if not done and not painter.begin(printer):
                    problem = _("The printer {printer} cannot be used.").format(printer=where)
                    break
                if done and not printer.newPage():
                    problem = _("Printing on {printer} failed.").format(printer=where)
                    break
                area = QSizeF(printer.pageLayout().paintRectPixels(printer.resolution()).size())
                size = QSizeF(image.size()).scaled(area, Qt.AspectRatioMode.KeepAspectRatio)  # fitted, centred
                painter.drawImage(QRectF(QPointF((area.width() - size.width()) / 2, (area.height() - size.height()) / 2), size), image)
        finally:
            if painter.isActive():
                painter.end()
            progress.reset()
        if cancelled:
            self.status.setText(_("Printing cancelled.") if aborted else (
                _("Printing stopped: the page already sent may still come out of the printer.") if done == 1 else
                _("Printing stopped: the {count} pages already sent may still come out of the printer.").format(count=done)))
            return False
        if problem or printer.printerState() == QPrinter.PrinterState.Error:
            QMessageBox.warning(self, _("Print"), problem or _("Printing on {printer} failed.").format(printer=where))
            return False
        self.status.setText(ngettext("Sent {count} page to {printer}.", "Sent {count} pages to {printer}.", len(pages)).format(
            count=len(pages), printer=where))
        return True


def show_print_preview(parent: QWidget, store: Store, title: str, produce: Callable[[Store, Callable[[int, int], None]], bytes],
                       *, suggested_name: str, after_print: Callable[[], None] | None = None) -> None:
    """Make the PDF with ``produce(worker_store, report)`` in the background, then preview it.

    ``title`` names the printout (progress, window title); ``suggested_name`` is offered
    when saving the PDF; ``after_print()`` runs after the pages went to the printer.
    The preview is kept as ``parent.print_preview`` while it is open."""

    def done(pdf: bytes) -> None:
        if not pdf:
            QMessageBox.information(parent, title, _("There is nothing to print: the document is empty."))
            return
        try:
            preview = PrintPreview(pdf, title, suggested_name=suggested_name, after_print=after_print, parent=parent)
        except UserError as error:
            QMessageBox.warning(parent, title, str(error))
            return
        parent.print_preview = preview
        preview.open()

    def failed(message: str) -> None:
        if message != _("Cancelled. Nothing was changed."):  # the user cancelled: nothing to tell
            QMessageBox.warning(parent, title, message)

    start_job(parent, _("Preparing {title}…").format(title=title), store, produce, done, failed)
