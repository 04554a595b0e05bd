"""Small helpers shared by the storage modules: ids and timestamps."""

from __future__ import annotations

from beredskap_desktop.domain.clock import now_utc, to_iso


def new_id() -> str:
    import uuid  # not needed to start the program

    return str(uuid.uuid4())


def timestamp() -> str:
    return to_iso(now_utc())
