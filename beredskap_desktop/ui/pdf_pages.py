"""PDF pages as images, through pdfium (pypdfium2), for the print preview and for printing.

pdfium is not thread-safe: every call into it here holds one lock, and the preview renders
on the GUI thread, one page at a time, only the pages in view.
"""

from __future__ import annotations

import threading

import pypdfium2 as pdfium
from PySide6.QtCore import QSizeF
from PySide6.QtGui import QImage

from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.i18n import _

_PDFIUM = threading.Lock()


def open_pdf(pdf: bytes) -> pdfium.PdfDocument:
    """The document in ``pdf``; a ``UserError`` when it is not a PDF. Close it when done."""
    with _PDFIUM:
        try:
            return pdfium.PdfDocument(pdf)
        except pdfium.PdfiumError as error:
            raise UserError(_("The PDF cannot be read: {reason}").format(reason=error)) from None


def close_pdf(document: pdfium.PdfDocument) -> None:
    with _PDFIUM:
        document.close()


def page_count(pdf: bytes) -> int:
    """How many pages ``pdf`` has."""
    document = open_pdf(pdf)
    try:
        with _PDFIUM:
            return len(document)
    finally:
        close_pdf(document)


def page_sizes(document: pdfium.PdfDocument) -> list[QSizeF]:
    """Every page's size in points (1/72 inch), as shown (rotation applied)."""
    with _PDFIUM:
        sizes = []
        for index in range(len(document)):
            width, height = document.get_page_size(index)
            sizes.append(QSizeF(width, height))
        return sizes


def render_page(document: pdfium.PdfDocument, index: int, dpi: float) -> QImage:
    """Page ``index`` (from 0) at ``dpi`` dots per inch, on white (pages are transparent otherwise)."""
    with _PDFIUM:
        page = document[index]
        try:
            bitmap = page.render(scale=dpi / 72, fill_color=(255, 255, 255, 255), rev_byteorder=True, prefer_bgrx=True)
            image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGBX8888)
            return image.copy()  # the bitmap's memory goes with it
        finally:
            page.close()
