"""The preview of a snapshot or incident package import: who signed it and whether that key
is trusted, how old it is, what changes per kind of record, the local edits it would
overwrite, the incidents it merges – and Import only when everything allows it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox, QDialog, QFormLayout, QGroupBox, QLabel, QScrollArea, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
)

from beredskap_desktop.domain.clock import from_iso, show
from beredskap_desktop.i18n import _
from beredskap_desktop.ui.dialogs.trust_key import FingerprintEntry, fingerprint_label
from beredskap_desktop.ui.widgets.common import import_buttons, wrapped_label
from beredskap_desktop.ui.widgets.incident_style import ERROR_COLOUR, OK_COLOUR

_RED = f"color: {ERROR_COLOUR}; font-weight: 600;"


def count(value) -> int:
    """A count given as a number or as the names counted."""
    return value if isinstance(value, int) else len(value)


def moment(text: str | None) -> str:
    return show(from_iso(text)) if text else "–"


class ImportPreviewDialog(QDialog):
    """``preview`` of the file at ``path``. A snapshot whose key is not trusted needs the
    fingerprint typed; for an incident package (``package``) it is optional (needed only when
    a known laptop's key changed). Once accepted: ``trust`` and ``force_older``."""

    def __init__(self, path: Path, preview, *, package: bool, parent=None):
        super().__init__(parent)
        self.preview = preview
        self.package = package
        verified = preview.verified
        manifest = verified.manifest
        self.setWindowTitle(_("Import incident package: preview") if package else _("Import snapshot: preview"))
        self.resize(900, 720)
        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(wrapped_label(_("{file} – {name} ({number})").format(
            file=path.name, name=manifest.municipality, number=manifest.kommunenummer), "font-size: 13pt; font-weight: 700;"))
        column.addWidget(self._signer(verified))
        column.addWidget(self._facts(preview))
        self.blockers: list[str] = []
        self.force = QCheckBox(_("Import anyway (I know why this file is older)"))
        self.force.setObjectName("force_older")
        if preview.older:
            column.addWidget(wrapped_label(_(
                "This snapshot (no. {sequence}) is OLDER than the last one imported (no. {last}). "
                "An old snapshot would put back data that has since been corrected.").format(
                sequence=manifest.sequence, last=preview.last_sequence), _RED, "older_warning"))
            column.addWidget(self.force)
            self.force.toggled.connect(self._update)
        if preview.reference:
            column.addWidget(self._reference(preview.reference))
        overwritten = [name for kind in preview.reference for name in kind.overwritten]
        if overwritten:
            column.addWidget(wrapped_label(_("Local edits that would be overwritten ({count}): {names}").format(
                count=len(overwritten), names=", ".join(overwritten)), _RED, "overwritten"))
        if preview.incidents is not None:
            column.addWidget(self._incidents(preview.incidents))
            if preview.incidents.conflicts:
                self.blockers.append(_("The file conflicts with the incident logs here, so it cannot be imported."))
        self.entry = FingerprintEntry(verified.fingerprint)
        if self._needs_fingerprint:
            trust_box = QGroupBox(_("Compare the laptop's key") if package else _("Trust the publisher's key"))
            trust_column = QVBoxLayout(trust_box)
            trust_column.addWidget(wrapped_label(_(
                "This laptop sent packages before with another key. If it was reinstalled, type the fingerprint shown "
                "on its Data page; otherwise the package may be forged.")
                if package else _(
                "This database does not trust this key yet. Call the coordinator and ask them to read their "
                "key's fingerprint aloud; type it here. Import is possible only when it is the same as above.")))
            trust_column.addWidget(self.entry)
            column.addWidget(trust_box)
            self.entry.matched.connect(self._update)
        self.reason = wrapped_label("", _RED, "import_blocked")
        column.addWidget(self.reason)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        buttons, self.import_button = import_buttons(self, _("Import"))
        self.import_button.setObjectName("import_button")
        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)
        outer.addWidget(buttons)
        self._update()

    def _signer(self, verified) -> QGroupBox:
        box = QGroupBox(_("Signed by"))
        column = QVBoxLayout(box)
        column.addWidget(fingerprint_label(verified.fingerprint, "signer_fingerprint"))
        if self.package:
            text, style = _("An incident package, signed by the laptop that wrote it (device {device}).").format(
                device=verified.manifest.source_device), ""
            if verified.trusted:
                text += " " + _("This laptop's key is known here.")
            elif verified.trusted is None:
                text += " " + _("The first package from this laptop: its key is recorded here.")
            else:
                text, style = text + " " + _("ITS KEY HAS CHANGED since its earlier packages."), _RED
        elif verified.trusted:
            text, style = "✔ " + _("Trusted: this is the publisher key this database trusts."), f"color: {OK_COLOUR}; font-weight: 600;"
        else:
            text, style = _("NOT YET TRUSTED: compare the fingerprint with the coordinator's before importing."), _RED
        column.addWidget(wrapped_label(text, style, "trust_state"))
        return box

    def _facts(self, preview) -> QGroupBox:
        manifest = preview.verified.manifest
        box = QGroupBox(_("The file"))
        form = QFormLayout(box)
        form.addRow(_("Data as of (file):"), QLabel(moment(manifest.data_as_of)))
        form.addRow(_("Data as of (here):"), QLabel(moment(preview.current_data_as_of)))
        last = _("none imported yet") if preview.last_sequence is None else str(preview.last_sequence)
        form.addRow(_("Sequence number:"), QLabel(_("{sequence} (last imported: {last})").format(sequence=manifest.sequence, last=last)))
        form.addRow(_("Made:"), QLabel(_("{moment} on {device}").format(moment=moment(manifest.created_at), device=manifest.source_device)))
        form.addRow(_("Private phone numbers:"), QLabel(_("included") if manifest.includes_private else _("left out")))
        form.addRow(_("Encrypted:"), QLabel(_("yes") if preview.verified.encrypted else _("no")))
        return box

    def _reference(self, kinds) -> QGroupBox:
        box = QGroupBox(_("Changes to the reference data"))
        tree = QTreeWidget()
        tree.setObjectName("reference_changes")
        tree.setHeaderLabels([_("What"), _("New"), _("Changed"), _("Removed"), _("Local edits overwritten")])
        for kind in kinds:
            item = QTreeWidgetItem([kind.label, str(count(kind.new)), str(count(kind.changed)), str(count(kind.removed)),
                                    str(len(kind.overwritten))])
            for heading, names in ((_("New"), kind.new), (_("Changed"), kind.changed), (_("Removed"), kind.removed),
                                   (_("Local edit overwritten"), kind.overwritten)):
                for name in ([] if isinstance(names, int) else names):
                    QTreeWidgetItem(item, [f"{heading}: {name}"])
            tree.addTopLevelItem(item)
        for index in range(1, 5):
            tree.resizeColumnToContents(index)
        tree.setColumnWidth(0, 320)
        tree.setMinimumHeight(180)
        QVBoxLayout(box).addWidget(tree)
        return box

    def _incidents(self, changes) -> QGroupBox:
        box = QGroupBox(_("Incidents to merge"))
        column = QVBoxLayout(box)
        names = ", ".join(changes.new_incidents) or _("none")
        column.addWidget(wrapped_label(_("New incidents ({count}): {names}").format(count=len(changes.new_incidents), names=names),
                                name="new_incidents"))
        column.addWidget(wrapped_label(_("New log entries: {entries}; situation reports: {sitreps}; other records: {other}; "
                                  "kept as they are here: {kept}").format(
            entries=count(changes.new_entries), sitreps=count(changes.new_sitreps), other=count(changes.new_other),
            kept=count(changes.kept_local)), name="incident_counts"))
        for flag in changes.clock_flags:
            column.addWidget(wrapped_label(_("Wrong clock? Device {device}: {problem}.").format(
                device=flag.device_id, problem=flag.text), "color: #b45309; font-weight: 600;"))
        for conflict in changes.conflicts:
            column.addWidget(wrapped_label(_("Conflict: {what}").format(what=conflict), _RED))
        return box

    def _update(self) -> None:
        reasons = list(self.blockers)
        if self.preview.older and not self.force.isChecked():
            reasons.append(_("Tick «Import anyway» to import an older snapshot."))
        if self._needs_fingerprint and not self.entry.matches:
            reasons.append(_("Type the fingerprint the coordinator reads aloud; Import is possible when it matches."))
        self.reason.setText("\n".join(reasons))
        self.import_button.setEnabled(not reasons)

    @property
    def _needs_fingerprint(self) -> bool:
        """A snapshot of an untrusted publisher, or a package from a laptop whose key changed
        (``trusted`` False; None is a laptop's first package, which introduces its key)."""
        trusted = self.preview.verified.trusted
        return trusted is False if self.package else not trusted

    @property
    def trust(self) -> str | None:
        """The fingerprint the user compared, to pin with the import (None when not needed)."""
        if self.preview.verified.trusted or not self.entry.matches:
            return None
        return self.entry.expected

    @property
    def force_older(self) -> bool:
        return self.preview.older and self.force.isChecked()
