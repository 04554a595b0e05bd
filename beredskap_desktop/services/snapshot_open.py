"""Opening a snapshot to look at it without importing it (issue 6, point 4).

The snapshot is verified first, then its database is written to a private temporary folder
(mode 0700, the file 0600) and an older schema is brought up to date there
(``snapshots.verified_copy``). The snapshot file itself is only read, so it may sit on a
write-protected stick. Closing removes the folder; it is also removed when the program ends,
should nobody close it.
"""

from __future__ import annotations

import atexit
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from beredskap_desktop.domain.clock import from_iso, show
from beredskap_desktop.domain.snapshots import format_fingerprint
from beredskap_desktop.i18n import _
from beredskap_desktop.services import snapshots

_SHORT_GROUPS = 4  # of the fingerprint's sixteen, in the window's banner


@dataclass(eq=False)
class OpenedSnapshot:
    """A verified snapshot's database in a temporary folder; ``close()`` removes the folder."""

    source: Path  # the snapshot file
    path: Path  # the temporary database
    verified: snapshots.Verified
    _stack: ExitStack = field(default_factory=ExitStack, repr=False)

    @property
    def description(self) -> str:
        """Which snapshot this is, for the read-only banner."""
        manifest = self.verified.manifest
        short = " ".join(format_fingerprint(self.verified.fingerprint).split()[:_SHORT_GROUPS])
        return _("Snapshot no. {sequence} from {municipality}, data as of {when}, signed by {fingerprint} … – not imported").format(
            sequence=manifest.sequence, municipality=manifest.municipality,
            when=show(from_iso(manifest.data_as_of or manifest.created_at)), fingerprint=short)

    def close(self) -> None:
        atexit.unregister(self.close)
        self._stack.close()

    def __enter__(self) -> OpenedSnapshot:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_snapshot(path: Path, passphrase: str | None = None) -> OpenedSnapshot:
    """Verify the snapshot at ``path`` and put its database, up to date, in a temporary folder.

    Raises ``UserError`` (nothing left behind) when the file does not verify.
    """
    stack = ExitStack()
    verified, copy = stack.enter_context(snapshots.verified_copy(Path(path), passphrase, up_to_date=True))
    opened = OpenedSnapshot(Path(path), copy, verified, stack)
    atexit.register(opened.close)
    return opened
