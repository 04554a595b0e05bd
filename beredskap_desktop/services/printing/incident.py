"""What the printouts of an incident share: finding the incident, reading it from one
snapshot of the database, its facts for a page's heading, the heads of its log's chains
with their verification, and the ØVELSE watermark of an exercise."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Table, TableStyle

from beredskap_desktop.domain.clock import show
from beredskap_desktop.domain.incidents import Incident
from beredskap_desktop.domain.log import Broken, grouped
from beredskap_desktop.i18n import _, ngettext
from beredskap_desktop.services.card_selection import UnknownFilter
from beredskap_desktop.services.printing.documents import PrintContext
from beredskap_desktop.services.printing.styles import (
    BOLD, FONT, FRAME_PADDING, GRID, MARGIN_BOTTOM, MARGIN_TOP, MARK_COLOUR, PAGE_SIZES, SHADE, TextLines, styles,
)
from beredskap_desktop.storage import incident_types, incidents, log
from beredskap_desktop.storage.database import Store


class UnknownIncident(UnknownFilter):
    """No incident with the id asked for (wrong usage on the command line)."""


def find_incident(store: Store, incident_id: str) -> Incident:
    """The incident, or ``UnknownIncident`` naming the open ones."""
    found = incidents.get(store, incident_id)
    if found is not None:
        return found
    open_ones = incidents.list_all(store, include_closed=False)
    listing = "; ".join(f"{i.id} ({i.title})" for i in open_ones) or _("none")
    raise UnknownIncident(_("No incident with id {id}. Open incidents: {listing}").format(id=incident_id, listing=listing))


@contextmanager
def snapshot(store: Store) -> Iterator[None]:
    """Every read inside sees the database as one moment (one read transaction): the chain
    heads printed belong to the entries printed, even while the log is written to."""
    if store.conn.in_transaction:
        yield
        return
    store.conn.execute("BEGIN")
    try:
        yield
    finally:
        store.conn.rollback()


def type_names(store: Store, incident: Incident) -> tuple[str, ...]:
    names = incident_types.names(store)
    return tuple(names.get(code, code) for code in incident.incident_types)


def watermark(incident: Incident) -> str:
    """ØVELSE across every page of an exercise's printouts."""
    return _("EXERCISE") if incident.exercise else ""


def frame_height(page_size: str) -> float:
    """The height flowables get on a page, in points."""
    return PAGE_SIZES[page_size][1] - MARGIN_TOP - MARGIN_BOTTOM - 2 * FRAME_PADDING


def count_text(count: int) -> str:
    """``100 001``: thousands apart by a space, as Norwegian writes them."""
    return f"{count:,}".replace(",", " ")


# --- The chains of the log --------------------------------------------------------------


@dataclass(frozen=True)
class ChainHead:
    """One device's chain at print time: its length, head and first broken entry, if any
    (``broken_number``: that entry's number in the printed log)."""

    device_id: str
    count: int
    head: str
    broken: Broken | None = None
    broken_number: int | None = None

    @property
    def valid(self) -> bool:
        return self.broken is None

    @property
    def short_head(self) -> str:
        """The first 16 hex digits in groups: enough to compare with an earlier printout."""
        return grouped(self.head[:16]) + " …"


def verified_chains(store: Store, incident_id: str) -> list[tuple[ChainHead, str]]:
    """Every chain of the incident's log, verified now: each head with the id of its first
    broken entry ("" when it verifies), for the caller to number."""
    return [(ChainHead(result.device_id, result.count, result.head, result.first_broken),
             result.first_broken.entry_id if result.first_broken else "") for result in log.verify(store, incident_id)]


def verification_lines(chains: tuple[ChainHead, ...]) -> list[str]:
    """``Kjedene er verifisert`` or, per broken chain, ``BRUTT: første brutte oppføring …``."""
    broken = [chain for chain in chains if not chain.valid]
    if not broken:
        return [ngettext("The chain is verified", "The chains are verified", len(chains))]
    return [_("BROKEN: first broken entry no. {number} (device {device}, entry {seq} of its chain): {reason}").format(
        number=chain.broken_number if chain.broken_number is not None else "?", device=chain.device_id,
        seq=chain.broken.seq, reason=chain.broken.reason.label) for chain in broken]


class ChainBand(Flowable):
    """A framed band at the top of every page of the log: whether the chains verified at
    print time (in red when broken), and each chain's device, entries and shortened head,
    the chains kept whole on a line."""

    _SIZE, _LEADING, _PAD = 8, 10, 3

    def __init__(self, chains: tuple[ChainHead, ...]):
        super().__init__()
        self.chains = chains
        self.spaceAfter = 2 * mm
        self._lines: list[tuple[str, str, bool]] = []  # text, font, red

    def wrap(self, available_width, available_height):
        if not self._lines or available_width != self.width:
            self.width = available_width
            self._lines = self._layout(available_width - 2 * self._PAD)
        self.height = len(self._lines) * self._LEADING + 2 * self._PAD
        return self.width, self.height

    def _layout(self, width: float) -> list[tuple[str, str, bool]]:
        valid = all(chain.valid for chain in self.chains)
        lines = [(part, BOLD, not valid) for line in verification_lines(self.chains)
                 for part in simpleSplit(line, BOLD, self._SIZE, width)]
        items = [_("{device}: {count} entries, head {head}").format(
            device=chain.device_id, count=count_text(chain.count), head=chain.short_head) for chain in self.chains]
        lead = _("Chains at print time:") + " "
        current = lead
        for item in items:
            candidate = item if current in ("", lead) else "   ·   " + item
            if current and stringWidth(current + candidate, FONT, self._SIZE) > width and current != lead:
                lines.append((current, FONT, False))
                current, candidate = "", item
            current += candidate
        lines.append((current, FONT, False))
        return lines

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        broken = not all(chain.valid for chain in self.chains)
        canvas.setFillColor(SHADE)
        canvas.setStrokeColor(MARK_COLOUR if broken else GRID)
        canvas.setLineWidth(1.2 if broken else 0.6)
        canvas.rect(0, 0, self.width, self.height, fill=1, stroke=1)
        y = self.height - self._PAD
        for text, font, red in self._lines:
            y -= self._LEADING
            canvas.setFillColor(MARK_COLOUR if red else "#000000")
            canvas.setFont(font, self._SIZE)
            canvas.drawString(self._PAD, y + 2.2, text)
        canvas.restoreState()


# --- The incident's facts ---------------------------------------------------------------


def facts(incident: Incident, names: tuple[str, ...]) -> list[tuple[str, str]]:
    """(label, value) of what a printout's heading says about the incident; empty values left out."""
    started = _("{moment} by {name}").format(moment=show(incident.started_at), name=incident.started_by)
    pairs = [
        (_("Incident types"), ", ".join(names)),
        (_("Severity"), incident.severity.label),
        (_("Status"), incident.status.label),
        (_("Phase"), incident.phase.label),
        (_("Started"), started),
        (_("Closed"), show(incident.closed_at)),
        (_("Location"), incident.location),
        (_("Crisis room"), incident.crisis_room),
    ]
    return [(label, value) for label, value in pairs if value]


def heading(title: str, incident: Incident, names: tuple[str, ...], context: PrintContext,
            extra: list[tuple[str, str]] = ()) -> list[Flowable]:
    """A printout's first lines: ``title``, the incident's title (ØVELSE first for an
    exercise) and its facts in small type, two to a line."""
    s = styles()
    name = incident.title
    if incident.exercise:
        name = _("EXERCISE: {title}").format(title=name)
    return [TextLines([(title, s.title)]), TextLines([(name, s.heading)]), facts_table([*facts(incident, names), *extra], context.width)]


def facts_table(pairs: list[tuple[str, str]], width: float) -> Table:
    """``Label: value`` pairs in two columns in small type, the label in bold."""
    style = styles().small
    cells = [TextLines([(value, style, f"{label}:")]) for label, value in pairs]
    rows = [cells[index:index + 2] + [""] * (2 - len(cells[index:index + 2])) for index in range(0, len(cells), 2)]
    table = Table(rows or [["", ""]], colWidths=[width / 2, width / 2])
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]))
    table.spaceAfter = 3 * mm
    return table
