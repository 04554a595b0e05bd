"""Is a printed action card sheet still current? The user types the code under the sheet's QR
code (``TK-03 v4``) or scans the QR code (a USB scanner types ``BEREDSKAP:CARD:<id>:V4``, or on
sheets printed before the code went upper case ``beredskap:card:<id>:v4``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from beredskap_desktop.domain.clock import show_date
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.i18n import _
from beredskap_desktop.storage import cards
from beredskap_desktop.storage.database import Store

_SCANNED = re.compile(r"beredskap:card:(?P<id>[0-9a-fA-F-]{36}):v(?P<version>\d+)", re.IGNORECASE)
_TYPED = re.compile(r"(?P<code>[^\s:]+?)\s*·?\s*v\s*(?P<version>\d+)", re.IGNORECASE)


def sheet_code(code: str, version: int) -> str:
    """What is printed under the QR code, to type in."""
    return f"{code} v{version}"


@dataclass(frozen=True)
class SheetCheck:
    current: bool
    message: str


def check_sheet(store: Store, text: str) -> SheetCheck:
    """Whether the sheet ``text`` names is the card's current version, and if not, why."""
    text = text.strip()
    scanned = _SCANNED.fullmatch(text)
    typed = None if scanned else _TYPED.fullmatch(text)
    if not (scanned or typed):
        raise UserError(_("Type the code under the QR code, such as \"TK-03 v4\", or scan the QR code."))
    printed = int((scanned or typed)["version"])
    if scanned:
        card = cards.get(store, scanned["id"].lower())
        if card is None:
            return SheetCheck(False, _("This action card has been deleted: take the sheet (version {version}) out of the binder.").format(version=printed))
    else:
        code = typed["code"].upper()
        card_id = {c.upper(): id_ for c, id_ in cards.codes(store).items()}.get(code)
        if card_id is None:
            return SheetCheck(False, _("No action card has the code {code} now: it was deleted or given another code. "
                                       "Scan the QR code to be sure.").format(code=code))
        card = cards.get(store, card_id)
    name = f"{card.code} {card.title}"
    if printed == card.version:
        return SheetCheck(True, _("{card}: the sheet is current (version {version}).").format(card=name, version=printed))
    if printed > card.version:
        return SheetCheck(False, _("{card}: the sheet is version {printed}, newer than version {version} here. "
                                   "This laptop's data may be out of date.").format(card=name, printed=printed, version=card.version))
    revised = show_date(card.revised_at)
    return SheetCheck(False, _("{card}: the sheet (version {printed}) has been replaced by version {version}, revised {date}. "
                               "Print the card again.").format(card=name, printed=printed, version=card.version, date=revised))
