"""Reading printouts back in tests: page text with whitespace normalised, and a table of
contents as title -> page number.

Page counts ("side 1/3") and contents numbers are filled in when the file is saved (as small
forms), so extractors put them apart from the text before them; ``flat`` joins them again."""

from __future__ import annotations

import io
import re
from pathlib import Path

from pypdf import PdfReader


def flat(text: str) -> str:
    return re.sub(r"/ (\d)", r"/\1", " ".join(text.split()))


def reader(pdf: bytes | Path) -> PdfReader:
    return PdfReader(pdf if isinstance(pdf, Path) else io.BytesIO(pdf))


def page_texts(pdf: bytes | Path) -> list[str]:
    return [flat(page.extract_text()) for page in reader(pdf).pages]


def contents_entries(pdf: bytes | Path, pages) -> dict[str, int]:
    """The entries of the table-of-contents ``pages``: each title is followed by its number."""
    found: dict[str, int] = {}
    all_pages = reader(pdf).pages
    for index in ([pages] if isinstance(pages, int) else pages):
        title = None
        for line in (line.strip() for line in all_pages[index].extract_text().splitlines()):
            if line.isdigit() and title:
                found[title] = int(line)
                title = None
            elif line:
                title = None if line.endswith("/") else line  # "side 1/" 3: a footer, not an entry
    return found
