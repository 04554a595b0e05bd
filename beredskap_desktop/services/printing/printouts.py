"""Every printout by name, with its filters, for the command line and the GUI alike:
``make(store, "cards", Options(role="kriseleder"))`` gives the PDF and a one-line summary."""

from __future__ import annotations

from dataclasses import dataclass

from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.i18n import _, ngettext
from beredskap_desktop.services.card_selection import UnknownFilter
from beredskap_desktop.storage import binders
from beredskap_desktop.storage.database import Store

PRINTOUTS = ("binder", "cards", "contacts", "plans", "forms", "changed", "log", "sitrep", "incident-cards", "board", "callouts")


@dataclass(frozen=True)
class Options:
    role: str | None = None  # cards (and the binder's cards): an id or a name
    incident_type: str | None = None  # cards: a code
    include_private: bool = False  # cards, contacts, binder: private numbers, marked as personal data
    public: bool = False  # plans, binder: without exempt sections and private numbers
    page_size: str = "A4"  # cards from the library: "A5" prints two cards' pages on each A4 sheet (incident printouts are A4)
    copy: str | None = None  # binder, changed: the binder copy, by name or id
    ids: tuple[str, ...] | None = None  # cards, plans, contacts (alert lists): only these
    incident: str | None = None  # the incident's id: log, sitrep, incident-cards, board, callouts; cards: its activated cards
    report: int | None = None  # sitrep: the report's number (default: the latest)


@dataclass(frozen=True)
class Printed:
    pdf: bytes
    summary: str
    personal_data: bool
    binder: object | None = None  # the binder.Binder that was printed, to record it as filed
    changes: object | None = None  # the binder.Changes printed by "changed"


def find_copy(store: Store, wanted: str) -> binders.BinderCopy:
    """A binder copy by id or (case-blind) name; an unknown one names the known ones."""
    known = binders.copies(store)
    for copy in known:
        if wanted == copy.id or wanted.strip().casefold() == copy.name.casefold():
            return copy
    if not known:
        raise UnknownFilter(_("There are no binder copies in the register yet: add one in the GUI (File → Print emergency binder)."))
    raise UnknownFilter(_("Unknown binder copy «{copy}». Known copies: {copies}.").format(
        copy=wanted, copies=", ".join(copy.name for copy in known)))


def make(store: Store, what: str, options: Options = Options(), progress=None) -> Printed:
    """The PDF of printout ``what`` (one of ``PRINTOUTS``); ``progress(done, total)`` may raise to stop."""
    if what not in PRINTOUTS:
        raise ValueError(f"unknown printout {what!r}")
    return _MAKERS[what](store, options, progress)


def _cards(store: Store, options: Options, progress) -> Printed:
    if options.incident:
        return _incident_cards(store, options, progress)
    from beredskap_desktop.services.printing.cards import build_card_sheets, render_card_sheets
    from beredskap_desktop.services.printing.imposition import two_up

    model = build_card_sheets(store, card_ids=list(options.ids) if options.ids is not None else None, role=options.role,
                              incident_type=options.incident_type, include_private=options.include_private)
    pdf = render_card_sheets(model, page_size=options.page_size, progress=progress)
    if options.page_size == "A5":
        pdf = two_up(pdf)
    count = len(model.cards)
    return Printed(pdf, ngettext("{count} action card", "{count} action cards", count).format(count=count),
                   any(sheet.has_private_numbers for sheet in model.cards))


def _contacts(store: Store, options: Options, progress) -> Printed:
    from beredskap_desktop.services.printing.contacts import build_contact_printout, render_contact_printout

    model = build_contact_printout(store, list_ids=list(options.ids) if options.ids is not None else None,
                                   include_private=options.include_private)
    return Printed(render_contact_printout(model, progress=progress),
                   ngettext("{count} alert list and the contact directory", "{count} alert lists and the contact directory",
                            len(model.alert_lists)).format(count=len(model.alert_lists)), options.include_private)


def _plans(store: Store, options: Options, progress) -> Printed:
    from beredskap_desktop.services.printing.plans import build_plan_printout, render_plan_printout

    model = build_plan_printout(store, plan_ids=list(options.ids) if options.ids is not None else None, public=options.public)
    count = len(model.plans)
    summary = ngettext("{count} plan", "{count} plans", count).format(count=count)
    return Printed(render_plan_printout(model, progress=progress),
                   summary + (" " + _("(public version)") if options.public else ""), False)


def _forms(store: Store, options: Options, progress) -> Printed:
    from beredskap_desktop.services.printing.forms import build_forms, render_forms

    return Printed(render_forms(build_forms(store), progress=progress), _("the blank forms"), False)


def _binder(store: Store, options: Options, progress, *, changed_only: bool = False) -> Printed:
    from beredskap_desktop.services.printing.binder import build_binder, changes_since, render_binder

    copy = find_copy(store, options.copy) if options.copy else None
    if changed_only and copy is None:
        raise UserError(_("Say which binder copy with --copy: the changes are counted from its last print."))
    model = build_binder(store, role=options.role, incident_type=options.incident_type,
                         include_private=options.include_private, public=options.public)
    changes = changes_since(store, copy.id, model) if changed_only else None
    pdf = render_binder(model, copy_name=copy.name if copy else "", only=changes, progress=progress)
    if changes is None:
        summary = _("the emergency binder")
    else:
        count = len(changes.changed) + len(changes.new)
        summary = ngettext("{count} changed document of the binder {copy}", "{count} changed documents of the binder {copy}",
                           count).format(count=count, copy=copy.name)
    private = not model.public and options.include_private
    return Printed(pdf, summary, private, model, changes)


def _incident(options: Options) -> str:
    if not options.incident:
        raise UnknownFilter(_("Say which incident with --incident ID."))
    return options.incident


def _log(store: Store, options: Options, progress) -> Printed:
    from beredskap_desktop.services.printing.incident_log import build_incident_log, render_incident_log

    model = build_incident_log(store, _incident(options))
    return Printed(render_incident_log(model, progress=progress),
                   ngettext("the log of «{title}» ({count} entry)", "the log of «{title}» ({count} entries)",
                            model.total).format(title=model.incident.title, count=model.total), False)


def _sitrep(store: Store, options: Options, progress) -> Printed:
    from beredskap_desktop.services.printing.sitrep import build_sitreps, render_sitreps

    model = build_sitreps(store, _incident(options), number=options.report)
    return Printed(render_sitreps(model, progress=progress), _("situation report {number} of «{title}»").format(
        number=model.reports[0].number, title=model.incident.title), False)


def _incident_cards(store: Store, options: Options, progress, *, with_cards: bool = True) -> Printed:
    from beredskap_desktop.services.printing.incident_cards import build_incident_cards, render_incident_cards

    model = build_incident_cards(store, _incident(options))
    pdf = render_incident_cards(model, with_cards=with_cards, progress=progress)
    if not with_cards:
        return Printed(pdf, _("the action board of «{title}»").format(title=model.incident.title), False)
    count = sum(not card.ad_hoc for card in model.cards)
    return Printed(pdf, ngettext("the action board and {count} activated action card of «{title}»",
                                 "the action board and {count} activated action cards of «{title}»", count).format(
        count=count, title=model.incident.title), False)


def _callouts(store: Store, options: Options, progress) -> Printed:
    from beredskap_desktop.services.printing.incident_callouts import build_callouts, render_callouts

    model = build_callouts(store, _incident(options))
    return Printed(render_callouts(model, progress=progress),
                   ngettext("{count} call-out of «{title}»", "{count} call-outs of «{title}»", len(model.callouts)).format(
                       count=len(model.callouts), title=model.incident.title), False)


_MAKERS = {
    "binder": _binder, "cards": _cards, "contacts": _contacts, "plans": _plans, "forms": _forms,
    "changed": lambda store, options, progress: _binder(store, options, progress, changed_only=True),
    "log": _log, "sitrep": _sitrep, "incident-cards": _incident_cards, "callouts": _callouts,
    "board": lambda store, options, progress: _incident_cards(store, options, progress, with_cards=False),
}
