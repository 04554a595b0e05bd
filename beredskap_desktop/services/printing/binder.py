"""The complete emergency binder (beredskapsperm): cover, table of contents, dividers, the
plans, every action card by role, the alert lists, the contact directory and the blank
forms; and what changed since a copy of it was last printed and filed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, Spacer, Table, TableStyle
from xml.sax.saxutils import escape

from beredskap_desktop.domain.clock import now_utc, show
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.domain.snapshots import fingerprint, format_fingerprint
from beredskap_desktop.domain.text import sort_key
from beredskap_desktop.i18n import _
from beredskap_desktop.services.printing.cards import CardSheets, build_card_sheets, card_parts
from beredskap_desktop.services.printing.contacts import ContactPrintout, build_contact_printout, contact_parts
from beredskap_desktop.services.printing.documents import Part, PrintContext, compose, content_hash
from beredskap_desktop.services.printing.forms import Forms, build_forms, form_parts
from beredskap_desktop.services.printing.plans import PlanPrintout, build_plan_printout, plan_parts
from beredskap_desktop.services.printing.styles import BOLD, FONT, GRID, Contents, ContentsEntry, PageInfo, SectionStart, render, styles
from beredskap_desktop.storage import binders, municipality, trusted_keys
from beredskap_desktop.storage.binders import FiledDocument
from beredskap_desktop.storage.database import Store

BINDER_KEYS = ("contents", "changes")  # the binder's own pages, not tracked as documents


@dataclass(frozen=True)
class PublisherKeys:
    """The snapshot publisher key(s) on the cover, to read aloud against the fingerprint an import shows."""

    fingerprints: tuple[str, ...]  # hex: the keys this database trusts, else this laptop's own key
    own: bool = False  # this laptop's own key (the database trusts none yet)


@dataclass(frozen=True)
class Cover:
    """What the cover is tracked by: a new publisher key makes it a changed page."""

    municipality: str
    publisher: PublisherKeys


@dataclass(frozen=True)
class Binder:
    municipality: str
    data_as_of: datetime
    public: bool  # exempt sections and private numbers left out
    plans: PlanPrintout
    cards: CardSheets
    contacts: ContactPrintout
    forms: Forms
    publisher: PublisherKeys = PublisherKeys(())

    @property
    def cover(self) -> Cover:
        return Cover(self.municipality, self.publisher)


@dataclass(frozen=True)
class Chapter:
    key: str  # "divider:cards"
    title: str
    parts: tuple[Part, ...]
    groups: tuple[tuple[str, int], ...] = ()  # (heading, number of parts) inside the chapter: cards by role


@dataclass(frozen=True)
class Changes:
    """Documents of the binder now against what a copy holds on paper."""

    changed: tuple[FiledDocument, ...]
    new: tuple[FiledDocument, ...]
    removed: tuple[FiledDocument, ...]

    @property
    def to_print(self) -> frozenset[str]:
        return frozenset(doc.key for doc in self.changed + self.new)

    def __bool__(self) -> bool:
        return bool(self.changed or self.new or self.removed)


def build_binder(store: Store, *, role: str | None = None, incident_type: str | None = None,
                 include_private: bool = False, public: bool = False, now: datetime | None = None,
                 key_dir: Path | None = None) -> Binder:
    """Everything the binder prints, read at one moment. ``public`` leaves out exempt plan
    sections and every private number (it wins over ``include_private``). ``key_dir`` holds
    this laptop's publisher key (default: ``services.keys.default_key_dir()``)."""
    now = now or now_utc()
    include_private = include_private and not public
    own = municipality.get(store)
    return Binder(
        own.name if own else "", now, public,
        build_plan_printout(store, public=public, now=now),
        build_card_sheets(store, role=role, incident_type=incident_type, include_private=include_private, now=now),
        build_contact_printout(store, include_private=include_private, now=now),
        build_forms(store, now=now),
        _publisher_keys(store, own.kommunenummer if own else "", key_dir),
    )


def _publisher_keys(store: Store, kommunenummer: str, key_dir: Path | None) -> PublisherKeys:
    """The active keys trusted for the municipality (not replaced by a newer one), else this
    laptop's own publisher key, else none."""
    from beredskap_desktop.services import keys

    trusted = tuple(key.fingerprint for key in trusted_keys.active(store, kommunenummer))
    if trusted:
        return PublisherKeys(trusted)
    try:
        return PublisherKeys((fingerprint(keys.public_key(key_dir or keys.default_key_dir())),), own=True)
    except UserError:  # no key made on this laptop, or an unreadable file: nothing to print
        return PublisherKeys(())


def chapters(model: Binder) -> list[Chapter]:
    """The binder's chapters in order; the action cards grouped by role, each role by code."""
    by_role = sorted(model.cards.cards, key=lambda sheet: (sort_key(sheet.role), sheet.code))
    card_part = {part.key: part for part in card_parts(model.cards)}
    groups = tuple((role, len(list(sheets))) for role, sheets in groupby(by_role, key=lambda sheet: sheet.role))
    return [
        Chapter("divider:plans", _("Plans"), tuple(plan_parts(model.plans))),
        Chapter("divider:cards", _("Action cards"), tuple(card_part[f"card:{sheet.id}"] for sheet in by_role), groups),
        Chapter("divider:contacts", _("Alert lists and contacts"), tuple(contact_parts(model.contacts))),
        Chapter("divider:forms", _("Blank forms"), tuple(form_parts(model.forms))),
    ]


def documents(model: Binder) -> list[FiledDocument]:
    """Every tracked document with the hash of its content (no timestamps), in binder order;
    the cover first (it prints the publisher key)."""
    return [FiledDocument("cover", _("Cover"), content_hash(model.cover)),
            *(FiledDocument(part.key, part.title, content_hash(part.content)) for chapter in chapters(model) for part in chapter.parts)]


def changes_since(store: Store, copy_id: str, model: Binder) -> Changes:
    """What to replace, add and take out of the copy to make it match ``model``."""
    on_paper = binders.filed(store, copy_id)
    now = documents(model)
    current = {doc.key for doc in now}
    return Changes(
        tuple(doc for doc in now if doc.key in on_paper and on_paper[doc.key].content_hash != doc.content_hash),
        tuple(doc for doc in now if doc.key not in on_paper),
        tuple(sorted((doc for key, doc in on_paper.items() if key not in current), key=lambda doc: sort_key(doc.title))),
    )


def render_binder(model: Binder, *, copy_name: str = "", only: Changes | None = None, progress=None) -> bytes:
    """The whole binder, or with ``only`` just the list of changes, the table of contents and
    the changed and new documents (numbered as in the whole binder)."""
    context = PrintContext(model.municipality, show(model.data_as_of))
    parts = chapters(model)
    story = [*_changes_sheet(only, copy_name, context), PageBreak()] if only is not None else []
    story += [*_cover(model, copy_name, parts, context), PageBreak(), *_contents(parts, context)]
    for chapter in parts:
        story += [PageBreak(), *_divider(chapter, context)]
        if chapter.parts:
            story += [PageBreak(), *compose(list(chapter.parts), context)]
    keep = frozenset({"changes", "contents"}) | only.to_print if only is not None else None
    return render(story, title=_("Emergency binder"), author=model.municipality, running_title=_("Binder"),
                  keep=keep, unnumbered="changes", progress=progress)


def _frame(label: str, key: str, context: PrintContext, classification: str = "") -> SectionStart:
    return SectionStart(PageInfo(label, _("Emergency binder"), context.municipality, context.data_as_of,
                                 classification=classification, key=key))


def _cover(model: Binder, copy_name: str, parts: list[Chapter], context: PrintContext) -> list:
    s = styles()
    big = s.title.clone("cover", fontSize=34, leading=40, spaceAfter=6 * mm)
    extra_keys = max(len(model.publisher.fingerprints) - 1, 0)  # a key rotation: room for the other key
    flowables = [_frame(_("Cover"), "cover", context), Spacer(0, max(30 - 18 * extra_keys, 4) * mm),
                 Paragraph(escape(_("Emergency binder")), big), Paragraph(escape(model.municipality), s.title), Spacer(0, 8 * mm)]
    facts = [(_("Data as of"), context.data_as_of)]
    if copy_name:
        facts.append((_("Copy"), copy_name))
    if model.public:
        facts.append((_("Version"), _("Public: without exempt sections and private numbers")))
    facts += [(chapter.title, str(len(chapter.parts))) for chapter in parts]
    flowables.append(_facts_table(facts, context.width))
    flowables += [Spacer(0, 8 * mm), *_publisher_key(model.publisher, context.width), Spacer(0, 8 * mm),
                  Paragraph(escape(_(
                      "Each document is numbered on its own (TK-03 · page 1/2), so a replaced document never shifts the "
                      "others. Replace the pages the app lists as changed since this copy was last printed.")), s.body),
                  Spacer(0, 8 * mm), _signature_table(context.width)]
    return flowables


def _publisher_key(publisher: PublisherKeys, width: float) -> list:
    """Each key's fingerprint in two rows of eight groups, to read aloud and compare."""
    s = styles()
    heading = _("Publisher key for snapshots") if not publisher.own else _("Publisher key for snapshots (this laptop's own)")
    flowables = [Paragraph(escape(heading), s.heading)]
    if not publisher.fingerprints:
        return flowables + [Paragraph(escape(_("No publisher key is trusted yet.")), s.body)]
    for hex_fingerprint in publisher.fingerprints:
        groups = format_fingerprint(hex_fingerprint).split()
        table = Table([groups[:8], groups[8:]], colWidths=[min(20 * mm, width / 8)] * 8, hAlign="LEFT")
        table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), BOLD), ("FONTSIZE", (0, 0), (-1, -1), 14),
                                   ("ALIGN", (0, 0), (-1, -1), "CENTER"), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                                   ("BOX", (0, 0), (-1, -1), 0.6, GRID), ("INNERGRID", (0, 0), (-1, -1), 0.3, GRID)]))
        flowables += [table, Spacer(0, 2 * mm)]
    return flowables + [Paragraph(escape(_("Check it against the fingerprint shown when importing a snapshot.")), s.body)]


def _facts_table(facts: list[tuple[str, str]], width: float) -> Table:
    s = styles()
    table = Table([[Paragraph(escape(label), s.label), Paragraph(escape(value), s.body)] for label, value in facts],
                  colWidths=[55 * mm, width - 55 * mm])
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LINEBELOW", (0, 0), (-1, -1), 0.4, GRID)]))
    return table


def _signature_table(width: float) -> Table:
    """Who checked the binder and when, by hand."""
    s = styles()
    rows = [[Paragraph(escape(text), s.label) for text in (_("Checked by"), _("Date"), _("Signature"))]]
    rows += [["", "", ""] for _row in range(4)]
    table = Table(rows, colWidths=[width * 0.45, width * 0.2, width * 0.35], rowHeights=[None] + [10 * mm] * 4)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("GRID", (0, 0), (-1, -1), 0.6, GRID)]))
    return table


def _contents(parts: list[Chapter], context: PrintContext) -> list:
    entries: list[ContentsEntry] = []
    for chapter in parts:
        entries.append(ContentsEntry(chapter.title, chapter.key))
        if chapter.groups:
            position = 0
            for heading, count in chapter.groups:
                entries.append(ContentsEntry(heading, chapter.parts[position].key, level=1))
                entries += [ContentsEntry(part.title, part.key, level=2) for part in chapter.parts[position:position + count]]
                position += count
        else:
            entries += [ContentsEntry(part.title, part.key, level=1) for part in chapter.parts]
    return [_frame(_("Contents"), "contents", context), Paragraph(escape(_("Contents")), styles().title), Contents(entries)]


def _divider(chapter: Chapter, context: PrintContext) -> list:
    s = styles()
    big = s.title.clone("divider", fontSize=30, leading=36)
    flowables = [_frame(chapter.title, chapter.key, context), Spacer(0, 80 * mm), Paragraph(escape(chapter.title), big)]
    if not chapter.parts:
        flowables.append(Paragraph(escape(_("Nothing to print in this chapter.")), s.body))
    return flowables


def _changes_sheet(changes: Changes, copy_name: str, context: PrintContext) -> list:
    s = styles()
    flowables = [_frame(_("Changes"), "changes", context),
                 Paragraph(escape(_("Replace in the binder: {copy}").format(copy=copy_name) if copy_name else _("Replace in the binder")), s.title),
                 Paragraph(escape(_("Take out the old pages of each document listed, put in the new ones, and replace the "
                                    "table of contents.")), s.body)]
    for heading, docs in ((_("Changed: replace"), changes.changed), (_("New: put in"), changes.new),
                          (_("Removed: take out"), changes.removed)):
        if docs:
            flowables.append(Paragraph(escape(heading), s.heading))
            flowables += [Paragraph("☐ " + escape(doc.title), s.body) for doc in docs]
    if not changes:
        flowables.append(Paragraph(escape(_("Nothing has changed since this copy was last printed.")), s.body))
    return flowables
