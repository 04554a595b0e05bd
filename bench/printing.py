"""Printing at benchmark scale: the emergency binder and one action card (issue 4).

``python -m bench.printing DB [--runs N] [--binder-runs K]`` prints JSON with:
- the binder of the whole database (``printouts.make(store, "binder")``), each run in a fresh
  process timed from opening the database to the PDF bytes, with that process's peak RSS, and
  the page count and size of the PDF; K runs (default ``min(N, 3)``: a run takes tens of
  seconds);
- its bare-reportlab baseline: the text lines of every page of the app's binder (extracted
  once, untimed, with pypdfium2) drawn with a bare canvas, one page per app page, in a fresh
  process after each of the app's runs so that load on the machine hits both alike;
- one action card (``make(store, "cards", Options(ids=(card,)))``: the card's model read from
  the database, then rendered) for N×10 different cards, the one with the most steps and the
  one with the most people to call among them, in one process with the database open as the
  GUI has it, after one unrecorded card; baseline: each card's page text drawn the same bare way.

Imports happen before the clock starts in the app's processes and the bare ones alike;
registering the font is timed in both.
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from beredskap_desktop.paths import resource_path
from bench import startup

ROOT = Path(__file__).resolve().parent.parent
CARDS_PER_RUN = 10
BARE_FONT = "DejaVuSans"
BARE_MARGIN = 40  # points
BARE_LEADING = 14  # points, less on a page with more lines than fit


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def page_lines(pdf: bytes) -> list[list[str]]:
    """The text lines of each page of ``pdf`` in pdfium's reading order, blank lines left out."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    pages = []
    try:
        for index in range(len(document)):
            page = document[index]
            text = page.get_textpage()
            pages.append([line for line in text.get_text_range().splitlines() if line.strip()])
            text.close()
            page.close()
    finally:
        document.close()
    return pages


def page_count(pdf: bytes) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def register_bare_font() -> None:
    """The app's DejaVu Sans, registered for the bare canvas (no app module but the path helper)."""
    pdfmetrics.registerFont(TTFont(BARE_FONT, str(resource_path("fonts", f"{BARE_FONT}.ttf"))))


def bare_pdf(pages: list[list[str]]) -> bytes:
    """``pages`` drawn a line at a time on a bare reportlab canvas, one PDF page each.

    The baseline is the floor of the same output: the same library, paper, embedded font and
    compression (``pageCompression=1``, ``invariant=1`` as the app's ``render``), and the same
    text on the same number of pages, without models, database, layout or tables. A platypus
    baseline would have to rebuild the app's layout (be the app again), and a Paragraph per
    line would time Paragraph's markup parser, which the app skips for its table cells."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1, pageCompression=1)
    height = A4[1]
    for lines in pages:
        leading = min(BARE_LEADING, (height - 2 * BARE_MARGIN) / max(len(lines), 1))
        canvas.setFont(BARE_FONT, leading * 0.8)
        y = height - BARE_MARGIN
        for line in lines:
            y -= leading
            canvas.drawString(BARE_MARGIN, y, line)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def choose_cards(sheets, count: int) -> list[str]:
    """Ids of ``count`` different cards: the one with the most steps and the one with the
    most people to call first, then cards spread evenly over the code order."""
    heaviest = [max(sheets, key=lambda sheet: (len(sheet.steps), len(sheet.to_call))).id,
                max(sheets, key=lambda sheet: (len(sheet.to_call), len(sheet.steps))).id]
    spread = [sheet.id for sheet in sheets[::max(1, len(sheets) // count)]]
    return list(dict.fromkeys(heaviest + spread))[:count]


# --- The measuring processes (``--child``) ------------------------------------------------


def _app_binder(db: Path, out: Path) -> dict:
    from beredskap_desktop.i18n import set_language
    from beredskap_desktop.services.printing import binder  # noqa: F401  (imported before the clock, as make() would)
    from beredskap_desktop.services.printing.printouts import Options, make
    from beredskap_desktop.storage.database import open_store

    set_language("nb")
    start = time.perf_counter()
    with open_store(db, read_only=True) as store:
        pdf = make(store, "binder", Options()).pdf
    seconds = time.perf_counter() - start
    peak = _peak_rss_mb()
    out.write_bytes(pdf)
    return {"seconds": seconds, "peak_rss_mb": peak}


def _bare_binder(lines: Path, out: Path) -> dict:
    start = time.perf_counter()
    pages = json.loads(lines.read_text(encoding="utf-8"))
    register_bare_font()
    pdf = bare_pdf(pages)
    seconds = time.perf_counter() - start
    peak = _peak_rss_mb()
    out.write_bytes(pdf)
    return {"seconds": seconds, "peak_rss_mb": peak}


def _app_cards(db: Path, out: Path, count: int) -> dict:
    from beredskap_desktop.i18n import set_language
    from beredskap_desktop.services.printing.cards import build_card_sheets
    from beredskap_desktop.services.printing.printouts import Options, make
    from beredskap_desktop.storage.database import open_store

    set_language("nb")
    with open_store(db, read_only=True) as store:  # choosing reads every card: its own connection, closed before timing
        sheets = {sheet.id: sheet for sheet in build_card_sheets(store).cards}
    chosen = choose_cards(list(sheets.values()), count)
    warm_up = next((card for card in reversed(sheets) if card not in chosen), chosen[-1])
    timings, pdfs = [], []
    with open_store(db, read_only=True) as store:
        make(store, "cards", Options(ids=(warm_up,)))  # unrecorded: the font registered, the first queries
        for card in chosen:
            start = time.perf_counter()
            pdfs.append(make(store, "cards", Options(ids=(card,))).pdf)
            timings.append((time.perf_counter() - start) * 1000)
    texts = [page_lines(pdf) for pdf in pdfs]
    out.write_text(json.dumps(texts), encoding="utf-8")
    return {
        "ms": timings,
        "cards": [{"code": sheets[card].code, "steps": len(sheets[card].steps), "people": len(sheets[card].to_call),
                   "pages": len(text)} for card, text in zip(chosen, texts)],
    }


def _bare_cards(lines: Path) -> dict:
    cards = json.loads(lines.read_text(encoding="utf-8"))
    register_bare_font()
    bare_pdf(cards[-1])  # unrecorded, as the app's first card
    timings = []
    for pages in cards:
        start = time.perf_counter()
        bare_pdf(pages)
        timings.append((time.perf_counter() - start) * 1000)
    return {"ms": timings}


def _child(kind: str, source: Path, out: Path | None = None, runs: int = 1) -> dict:
    """``python -m bench.printing SOURCE --child KIND`` in a fresh process; the JSON it prints."""
    command = [sys.executable, "-m", "bench.printing", str(source), "--child", kind, "--runs", str(runs)]
    command += ["--out", str(out)] if out else []
    done = subprocess.run(command, cwd=ROOT, env=startup.child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"bench.printing --child {kind} failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)


def measure(db: Path, runs: int, binder_runs: int) -> dict:
    """Every printing figure; the processes run one after the other, app then bare."""
    result: dict = {"binder_runs": binder_runs, "binder": [], "bare_binder": []}
    with tempfile.TemporaryDirectory(prefix="beredskap-bench-printing-") as temporary:
        folder = Path(temporary)
        app_pdf, bare_pdf_file, lines = folder / "binder.pdf", folder / "bare.pdf", folder / "binder-lines.json"
        for run in range(binder_runs):
            measured = _child("binder", db, app_pdf)
            pdf = app_pdf.read_bytes()
            result["binder"].append({**measured, "pdf_mb": len(pdf) / 1e6})
            if run == 0:
                pages = page_lines(pdf)
                lines.write_text(json.dumps(pages), encoding="utf-8")
                result.update(pages=len(pages), text_lines=sum(map(len, pages)), characters=sum(len(line) for page in pages for line in page))
                del pages
            measured = _child("bare-binder", lines, bare_pdf_file)
            pdf = bare_pdf_file.read_bytes()
            result["bare_binder"].append({**measured, "pdf_mb": len(pdf) / 1e6})
            if page_count(pdf) != result["pages"]:
                raise RuntimeError(f"the bare binder has {page_count(pdf)} pages, the app's {result['pages']}")
        card_lines = folder / "card-lines.json"
        result["card"] = _child("cards", db, card_lines, runs=runs * CARDS_PER_RUN)
        result["bare_card"] = _child("bare-cards", card_lines)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="the database (or, for a bare child, the page lines as JSON)")
    parser.add_argument("--runs", type=int, default=5, help=f"runs per figure; {CARDS_PER_RUN}× as many cards (default 5)")
    parser.add_argument("--binder-runs", type=int, help="binder runs (default: --runs, at most 3)")
    parser.add_argument("--child", choices=("binder", "bare-binder", "cards", "bare-cards"), help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.runs < 1 or (args.binder_runs is not None and args.binder_runs < 1):
        parser.error("--runs and --binder-runs must be at least 1")
    if args.child == "binder":
        result = _app_binder(args.source, args.out)
    elif args.child == "bare-binder":
        result = _bare_binder(args.source, args.out)
    elif args.child == "cards":
        result = _app_cards(args.source, args.out, args.runs)
    elif args.child == "bare-cards":
        result = _bare_cards(args.source)
    else:
        result = measure(args.source, args.runs, args.binder_runs or min(args.runs, 3))
    json.dump(result, sys.stdout)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
