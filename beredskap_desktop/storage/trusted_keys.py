"""Publisher keys pinned as trusted for snapshots, one municipality's at a time."""

from __future__ import annotations

from dataclasses import dataclass

from beredskap_desktop.domain.clock import from_iso, show
from beredskap_desktop.domain.errors import UserError
from beredskap_desktop.domain.snapshots import fingerprint, format_fingerprint
from beredskap_desktop.i18n import _
from beredskap_desktop.storage.database import Store
from beredskap_desktop.storage.records import timestamp


@dataclass(frozen=True)
class TrustedKey:
    fingerprint: str
    kommunenummer: str
    public_key: bytes
    pinned_at: str
    pinned_by: str
    last_sequence: int | None
    replaced_by: str | None = None  # the fingerprint that took over (rotation or a lost key)
    replaced_at: str | None = None

    @property
    def active(self) -> bool:
        return self.replaced_by is None


def for_municipality(store: Store, kommunenummer: str) -> list[TrustedKey]:
    """Every key ever pinned for the municipality, replaced ones too (see ``TrustedKey.active``)."""
    rows = store.conn.execute(
        "SELECT fingerprint, kommunenummer, public_key, pinned_at, pinned_by, last_sequence, replaced_by, replaced_at "
        "FROM trusted_key WHERE kommunenummer = ? ORDER BY pinned_at", [kommunenummer])
    return [TrustedKey(f, k, bytes.fromhex(p), at, by, seq, rb, ra) for f, k, p, at, by, seq, rb, ra in rows]


def active(store: Store, kommunenummer: str) -> list[TrustedKey]:
    """The keys the municipality trusts now: pinned and not replaced."""
    return [key for key in for_municipality(store, kommunenummer) if key.active]


def pin(store: Store, kommunenummer: str, public_key: bytes, pinned_by: str, *, replace: bool = False) -> TrustedKey:
    """Trust ``public_key`` for the municipality. Pinning the active key again changes nothing.
    A different key while one is active is refused, unless ``replace`` (the user confirmed the
    new fingerprint after the old key was lost): then the active keys are marked replaced by it."""
    store.require_writable()
    new = fingerprint(public_key)
    with store.conn:
        known = {key.fingerprint: key for key in for_municipality(store, kommunenummer)}
        if new in known and known[new].active:
            return known[new]
        others = [key for key in known.values() if key.active]
        if not replace and new in known:
            raise UserError(_("REFUSED: the publisher key {new} was replaced by {other} on {at}.").format(
                new=format_fingerprint(new), other=format_fingerprint(known[new].replaced_by), at=show(from_iso(known[new].replaced_at))))
        if not replace and others:
            raise UserError(_(
                "REFUSED: municipality {number} already trusts another publisher key ({pinned}). "
                "A different key ({new}) may mean a forged snapshot; check with the coordinator by reading the fingerprint aloud."
            ).format(number=kommunenummer, pinned=format_fingerprint(others[0].fingerprint), new=format_fingerprint(new)))
        now = timestamp()
        if new in known:
            store.conn.execute("UPDATE trusted_key SET replaced_by = NULL, replaced_at = NULL WHERE fingerprint = ?", [new])
        else:
            store.conn.execute(
                "INSERT INTO trusted_key (fingerprint, kommunenummer, public_key, pinned_at, pinned_by) VALUES (?, ?, ?, ?, ?)",
                [new, kommunenummer, public_key.hex(), now, pinned_by])
        _mark_replaced(store, [key.fingerprint for key in others], new, now)
    return _get(store, kommunenummer, new)


def accept_rotation(store: Store, kommunenummer: str, old_fingerprint: str, new_public_key: bytes, pinned_by: str) -> TrustedKey:
    """Trust the key ``old_fingerprint`` endorsed (the caller checked the endorsement chain):
    it carries on the old key's ``last_sequence``, and the old key is marked replaced by it."""
    store.require_writable()
    new = fingerprint(new_public_key)
    with store.conn:
        known = {key.fingerprint: key for key in for_municipality(store, kommunenummer)}
        old = known.get(old_fingerprint)
        if old is None or not old.active:
            raise UserError(_("Municipality {number} does not trust the key {old} now; the rotation to {new} is not accepted.").format(
                number=kommunenummer, old=format_fingerprint(old_fingerprint), new=format_fingerprint(new)))
        if new in known:
            raise UserError(_("The publisher key {new} is already known for municipality {number}.").format(
                new=format_fingerprint(new), number=kommunenummer))
        now = timestamp()
        store.conn.execute(
            "INSERT INTO trusted_key (fingerprint, kommunenummer, public_key, pinned_at, pinned_by, last_sequence) "
            "VALUES (?, ?, ?, ?, ?, ?)", [new, kommunenummer, new_public_key.hex(), now, pinned_by, old.last_sequence])
        _mark_replaced(store, [old_fingerprint], new, now)
    return _get(store, kommunenummer, new)


def _mark_replaced(store: Store, fingerprints: list[str], by: str, at: str) -> None:
    store.conn.executemany("UPDATE trusted_key SET replaced_by = ?, replaced_at = ? WHERE fingerprint = ?",
                           [(by, at, old) for old in fingerprints])


def _get(store: Store, kommunenummer: str, key_fingerprint: str) -> TrustedKey:
    return next(key for key in for_municipality(store, kommunenummer) if key.fingerprint == key_fingerprint)
