"""Every printout by name, with its filters, for the command line and the GUI alike:
``make(store, "cards", Options(role="kriseleder"))`` gives the PDF and a one-line summary."""

from __future__ import annotations

from dataclasses import dataclass

from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.i18n import _, ngettext
from beredskap_desktop.services.card_selection import UnknownFilter
from beredskap_desktop.storage import binders
from beredskap_desktop.storage.database import Store

PRINTOUTS = ("binder", "cards", "contacts", "plans", "forms", "changed")


@dataclass(frozen=True)
class Options:
    role: str | None = None  # cards (and the binder's cards): an id or a name
    incident_type: str | None = None  # cards: a code
    include_private: bool = False  # cards, contacts, binder: private numbers, marked as personal data
    public: bool = False  # plans, binder: without exempt sections and private numbers
    page_size: str = "A4"  # cards: "A5" prints two cards' pages on each A4 sheet
    copy: str | None = None  # binder, changed: the binder copy, by name or id
    ids: tuple[str, ...] | None = None  # cards, plans, contacts (alert lists): only these


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


_MAKERS = {
    "binder": _binder, "cards": _cards, "contacts": _contacts, "plans": _plans, "forms": _forms,
    "changed": lambda store, options, progress: _binder(store, options, progress, changed_only=True),
}
