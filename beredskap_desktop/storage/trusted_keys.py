"""Publisher keys pinned as trusted for snapshots, one municipality's at a time."""

from __future__ import annotations

from dataclasses import dataclass

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


def for_municipality(store: Store, kommunenummer: str) -> list[TrustedKey]:
    rows = store.conn.execute(
        "SELECT fingerprint, kommunenummer, public_key, pinned_at, pinned_by, last_sequence FROM trusted_key "
        "WHERE kommunenummer = ? ORDER BY pinned_at", [kommunenummer])
    return [TrustedKey(f, k, bytes.fromhex(p), at, by, seq) for f, k, p, at, by, seq in rows]


def pin(store: Store, kommunenummer: str, public_key: bytes, pinned_by: str) -> TrustedKey:
    """Trust ``public_key`` for the municipality. Pinning the same key again changes nothing;
    a different key while one is pinned is refused (rotation is not supported yet)."""
    store.require_writable()
    new = fingerprint(public_key)
    with store.conn:
        for key in for_municipality(store, kommunenummer):
            if key.fingerprint == new:
                return key
            raise UserError(_(
                "REFUSED: municipality {number} already trusts another publisher key ({pinned}). "
                "A different key ({new}) may mean a forged snapshot; check with the coordinator by reading the fingerprint aloud."
            ).format(number=kommunenummer, pinned=format_fingerprint(key.fingerprint), new=format_fingerprint(new)))
        store.conn.execute(
            "INSERT INTO trusted_key (fingerprint, kommunenummer, public_key, pinned_at, pinned_by) VALUES (?, ?, ?, ?, ?)",
            [new, kommunenummer, public_key.hex(), timestamp(), pinned_by])
    return for_municipality(store, kommunenummer)[0]
