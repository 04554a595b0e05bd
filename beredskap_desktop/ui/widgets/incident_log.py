"""The incident workspace's log tab: the entries by event time, search and filters, the
selected entry in full, and the chains with their heads and whether they verify.

Filtering and verifying read the whole log: up to ``INLINE`` entries that takes a few
milliseconds and runs at once; a larger log is read by a background job on its own
connection (``ui.jobs.start_job``), the page saying meanwhile what it is doing.
"""

from __future__ import annotations

from html import escape

import shiboken6
from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QSplitter,
    QTableView, QTextBrowser, QVBoxLayout, QWidget,
)

from beredskap_desktop.domain.clock import now_utc, show
from beredskap_desktop.domain.incidents import Incident
from beredskap_desktop.domain.log import Category, ChainResult, LogEntry, grouped
from beredskap_desktop.i18n import _, ngettext
from beredskap_desktop.storage import imports
from beredskap_desktop.storage import log as log_store
from beredskap_desktop.storage.database import Store
from beredskap_desktop.ui.jobs import Job, start_job
from beredskap_desktop.ui.models.log_model import (
    CATEGORY, CHANNEL, CORRECTION, KEY, OPERATOR, TEXT, TIME, LogFilter, LogModel, LogRow, first_line, matching_ids, when,
)
from beredskap_desktop.ui.widgets.incident_style import ERROR_COLOUR, OK_COLOUR

INLINE = 2_000  # entries read at once on the UI thread to filter or verify; more go to a job
VERIFY_AFTER_MS = 300


class LogTab(QWidget):
    """``new_requested`` asks the page for a new entry, ``correct_requested(entry)`` for a
    correction of ``entry``; the page writes them and calls ``show_saved``."""

    new_requested = Signal()
    correct_requested = Signal(object)

    def __init__(self, store: Store, parent=None):
        super().__init__(parent)
        self.store = store
        self.incident: Incident | None = None
        self.model = LogModel(store, self)
        self.results: list[ChainResult] | None = None  # the last verification, of _verified_count entries
        self._verified_count = 0
        self._verified_at = now_utc()
        self._scan: Job | None = None
        self.verifying: Job | None = None
        self._build()

    def _build(self) -> None:
        self.new_button = QPushButton(_("New entry…"))
        self.new_button.setObjectName("new_entry")
        self.new_button.setToolTip(_("Write a log entry (Ctrl+L, from any page)"))
        self.new_button.setStyleSheet("font-weight: 600; padding: 6px 14px;")
        self.new_button.clicked.connect(self.new_requested.emit)
        self.correct_button = QPushButton(_("Correct…"))
        self.correct_button.setObjectName("correct_entry")
        self.correct_button.setToolTip(_("Write a correction of the selected entry; the entry itself stays as it is"))
        self.correct_button.clicked.connect(self._correct)
        self.search = QLineEdit()
        self.search.setObjectName("log_search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Search the log (Ctrl+F)"))
        self.search.textChanged.connect(self.apply_filter)
        self.category = QComboBox()
        self.category.setObjectName("log_category")
        self.category.addItem(_("All categories"), None)
        for category in Category:
            self.category.addItem(category.label, category.value)
        self.category.currentIndexChanged.connect(self.apply_filter)
        self.key_only = QCheckBox(_("★ Key events only"))
        self.key_only.setObjectName("log_key_only")
        self.key_only.toggled.connect(self.apply_filter)
        self.count_label = QLabel()
        self.count_label.setObjectName("log_count")
        tools = QHBoxLayout()
        tools.addWidget(self.new_button)
        tools.addWidget(self.correct_button)
        tools.addSpacing(12)
        tools.addWidget(self.search, 1)
        tools.addWidget(self.category)
        tools.addWidget(self.key_only)
        tools.addWidget(self.count_label)

        self.table = QTableView()
        self.table.setObjectName("log_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(TEXT, QHeaderView.ResizeMode.Stretch)
        for column, width in ((TIME, 118), (CATEGORY, 92), (CHANNEL, 110), (OPERATOR, 110), (KEY, 28), (CORRECTION, 150)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._show_current)
        self.table.doubleClicked.connect(self._correct)
        self.detail = QTextBrowser()
        self.detail.setObjectName("log_detail")
        self.detail.setOpenLinks(False)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([420, 170])

        self.saved_label = QLabel()
        self.saved_label.setObjectName("log_saved")
        self.saved_label.setStyleSheet(f"color: {OK_COLOUR}; font-weight: 600;")
        self.chain_status = QLabel()
        self.chain_status.setObjectName("chain_status")
        self.chain_status.setWordWrap(True)
        self.verify_button = QPushButton(_("Verify now"))
        self.verify_button.setObjectName("verify_chains")
        self.verify_button.setToolTip(_("Check every chain of the log against its hashes"))
        self.verify_button.clicked.connect(self.verify)
        self.heads = QLabel()
        self.heads.setObjectName("chain_heads")
        self.heads.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        mono = QFont("DejaVu Sans Mono")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        mono.setPointSizeF(self.font().pointSizeF() * 0.85)
        self.heads.setFont(mono)
        self.heads.setStyleSheet("color: #374151;")
        self.clock_warning = QLabel()
        self.clock_warning.setObjectName("clock_warning")
        self.clock_warning.setWordWrap(True)
        self.clock_warning.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: 600;")
        self.clock_warning.hide()
        status_row = QHBoxLayout()
        status_row.addWidget(self.chain_status, 1)
        status_row.addWidget(self.verify_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(tools)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.saved_label)
        layout.addLayout(status_row)
        layout.addWidget(self.clock_warning)
        layout.addWidget(self.heads)

    # Showing an incident's log
    def show_incident(self, incident: Incident | None) -> None:
        """Show the log of ``incident`` at its latest entry, its chains and whether they verify."""
        changed = incident is None or self.incident is None or incident.id != self.incident.id
        self.incident = incident
        if changed:
            self.saved_label.clear()
            self.results = None
            self._clear_filters()
            self.model.show_incident(incident.id if incident else None)
            self._after_load(None)
            self._show_clock_flags()
            if incident is not None and self.model.total() <= INLINE:
                self.verify()
            elif incident is not None:  # once the first screen is painted: the job would slow that down
                QTimer.singleShot(VERIFY_AFTER_MS, lambda: self._verify_if_shown(incident.id))
        self._update_buttons()

    def _show_clock_flags(self) -> None:
        """Devices whose clock an import found wrong: their times in this log are doubtful."""
        flags = imports.clock_flags(self.store, self.incident.id) if self.incident is not None else []
        self.clock_warning.setText("\n".join(
            _("Wrong clock? Times from device {device} may be wrong: {problem}.").format(device=flag.device_id, problem=flag.text)
            for flag in flags))
        self.clock_warning.setVisible(bool(flags))

    def reload(self, select: LogEntry | None = None, latest: bool = False) -> None:
        """Read the log again (after an entry was written), keeping the filters; select
        ``select``, the latest entry, or the one selected before."""
        if self.incident is None:
            return
        self.apply_filter(select=select, latest=latest)
        if self.results is not None and self.model.total() <= INLINE:
            self.verify()  # cheap for a small log; a large one says how many entries came after
        else:
            self._show_chains()

    def apply_filter(self, *_args, select: LogEntry | None = None, latest: bool = False) -> None:
        if self.incident is None:
            return
        keep = None if latest else select or self.current_entry()
        log_filter = LogFilter(self.search.text(), self._category(), self.key_only.isChecked())
        if self._scan is not None:
            self._scan.cancel()
            self._scan = None
        if not log_filter.active:
            self.model.refresh()
            self._after_load(keep)
        elif self.model.total() <= INLINE:
            self.model.refresh(matching_ids(self.store, self.incident.id, log_filter, lambda done, total: None))
            self._after_load(keep)
        else:
            incident_id = self.incident.id
            self.count_label.setText(_("Searching…"))
            job = self._scan = start_job(self, _("Searching the log…"), self.store,
                                         lambda worker, report: matching_ids(worker, incident_id, log_filter, report),
                                         lambda ids: self._scanned(job, ids, keep), lambda message: self._scan_failed(job, message))

    def _scanned(self, job: Job, ids: list[str], keep: LogEntry | None) -> None:
        if shiboken6.isValid(self) and job is self._scan:
            self._scan = None
            self.model.refresh(ids)
            self._after_load(keep)

    def _scan_failed(self, job: Job, message: str) -> None:
        if shiboken6.isValid(self) and job is self._scan:
            self._scan = None
            self.count_label.setText(message)

    def _clear_filters(self) -> None:
        for widget in (self.search, self.category, self.key_only):
            widget.blockSignals(True)
        self.search.clear()
        self.category.setCurrentIndex(0)
        self.key_only.setChecked(False)
        for widget in (self.search, self.category, self.key_only):
            widget.blockSignals(False)

    def _category(self) -> Category | None:
        value = self.category.currentData()
        return Category(value) if value else None

    def _after_load(self, keep: LogEntry | None) -> None:
        """Select ``keep`` where it is now, else the latest entry; count and show the chains."""
        rows = self.model.rowCount()
        row = self.model.locate(keep) if keep is not None else None
        if row is None and rows:
            row = rows - 1
        if row is None:
            self.table.selectionModel().clear()
            self._show_current()
        else:
            index = self.model.index(row, 0)
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter if keep else QAbstractItemView.ScrollHint.PositionAtBottom)
        total = self.model.total()
        if self.model.filtered():
            self.count_label.setText(_("{shown} of {total} entries").format(shown=_number(rows), total=_number(total)))
        else:
            self.count_label.setText(ngettext("{count} entry", "{count} entries", total).format(count=_number(total)))
        self._show_chains()
        self._update_buttons()

    def current_entry(self) -> LogEntry | None:
        index = self.table.currentIndex()
        return self.model.entry_at(index.row()) if index.isValid() and self.model.rowCount() else None

    def select(self, entry: LogEntry) -> None:
        """Select ``entry`` (clearing filters that hide it)."""
        row = self.model.locate(entry)
        if row is None and self.model.filtered():
            self._clear_filters()
        self.apply_filter(select=entry)

    def show_saved(self, entry: LogEntry) -> None:
        """Say that ``entry`` is stored for good, and select it."""
        self.reload(select=entry)
        if self.model.locate(entry) is None:
            self.select(entry)
        self.saved_label.setText(_("✔ Saved {time}: {text}").format(time=when(entry.recorded_at), text=first_line(entry.text)[:120]))

    def _update_buttons(self) -> None:
        incident = self.incident
        writable = incident is not None and not self.store.read_only
        self.new_button.setEnabled(writable and not incident.closed)
        self.correct_button.setEnabled(writable and self.current_entry() is not None)
        self.verify_button.setEnabled(incident is not None and self.verifying is None)
        for widget in (self.search, self.category, self.key_only):
            widget.setEnabled(incident is not None)

    def _correct(self) -> None:
        entry = self.current_entry()
        if entry is not None and self.correct_button.isEnabled():
            self.correct_requested.emit(entry)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # The selected entry
    def _show_current(self, *_args) -> None:
        index = self.table.currentIndex()
        row = self.model.row(index.row()) if index.isValid() and self.model.rowCount() else None
        self.detail.setHtml(_detail(row) if row else "")
        self._update_buttons()

    # Chains and verification
    def verify(self) -> None:
        """Verify every chain of the log: at once when it is small, else in a background job."""
        if self.incident is None or self.verifying is not None:
            return
        incident_id, count = self.incident.id, self.model.total()
        if count <= INLINE:
            self._verified(incident_id, count, log_store.verify(self.store, incident_id))
            return
        self.chain_status.setText(_("Verifying the log…"))
        self.chain_status.setStyleSheet("")
        self.verifying = start_job(self, _("Verifying the log…"), self.store,
                                   lambda worker, report: log_store.verify(worker, incident_id),
                                   lambda results: self._verified(incident_id, count, results), self._verify_failed,
                                   cancellable=False)
        self._update_buttons()

    def _verify_if_shown(self, incident_id: str) -> None:
        if shiboken6.isValid(self) and self.incident is not None and self.incident.id == incident_id and self.results is None:
            self.verify()

    def _verified(self, incident_id: str, count: int, results: list[ChainResult]) -> None:
        if not shiboken6.isValid(self):
            return
        self.verifying = None
        if self.incident is None:
            return
        if incident_id != self.incident.id:  # another incident was chosen meanwhile
            self.verify()
            return
        self.results, self._verified_count, self._verified_at = results, count, now_utc()
        self._show_chains()
        self._update_buttons()

    def _verify_failed(self, message: str) -> None:
        if shiboken6.isValid(self):
            self.verifying = None
            self.chain_status.setText(message)
            self.chain_status.setStyleSheet(f"color: {ERROR_COLOUR};")
            self._update_buttons()

    def _show_chains(self) -> None:
        if self.incident is None:
            self.chain_status.clear()
            self.heads.clear()
            return
        chains = log_store.chains(self.store, self.incident.id)
        self.heads.setText("\n".join(_("Device {device} · {count} entries · head {head}").format(
            device=chain.device_id, count=_number(chain.count), head=grouped(chain.head)) for chain in chains))
        if self.verifying is not None:
            return
        if self.results is None:
            self.chain_status.setText(_("Not verified yet."))
            self.chain_status.setStyleSheet("")
            return
        broken = [r for r in self.results if not r.valid]
        if broken:
            self.chain_status.setText("✖ " + _broken_text(self.store, broken))
            self.chain_status.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: 700;")
            return
        count = len(self.results)
        text = ngettext("{count} chain, verified", "{count} chains, all verified", count).format(count=count)
        text += " " + _("at {time}").format(time=show(self._verified_at)[-5:])
        later = self.model.total() - self._verified_count
        if later > 0:
            text += " · " + ngettext("{count} entry written since", "{count} entries written since", later).format(count=later)
        self.chain_status.setText("✔ " + text)
        self.chain_status.setStyleSheet(f"color: {OK_COLOUR}; font-weight: 700;")


def _number(count: int) -> str:
    """``100 001``: thousands apart, as Norwegian writes them (a space that does not break)."""
    return f"{count:,}".replace(",", "\u00a0")


def _broken_text(store: Store, broken: list[ChainResult]) -> str:
    """The first broken entry of each broken chain, named by number, time and text."""
    parts = []
    for result in broken:
        entry = log_store.get(store, result.first_broken.entry_id)
        named = (_("entry no. {seq} of {time} «{text}»").format(seq=result.first_broken.seq, time=show(entry.event_at), text=first_line(entry.text)[:60])
                 if entry else _("entry no. {seq}").format(seq=result.first_broken.seq))
        parts.append(_("The chain of device {device} is broken at {entry}: {reason}.").format(
            device=result.device_id, entry=named, reason=result.first_broken.reason.label))
    return " ".join(parts)


def _detail(row: LogRow) -> str:
    """The selected entry in full, as HTML."""
    entry = row.entry
    title = f"{escape(show(entry.event_at))} · {escape(entry.category.label)}" + (" ★" if entry.key_event else "")
    facts = []
    if entry.channel:
        facts.append((_("Channel"), entry.channel.label))
    if entry.source:
        facts.append((_("Source"), entry.source))
    if entry.decided_by:
        facts.append((_("Decided by"), entry.decided_by))
    if entry.rationale:
        facts.append((_("Rationale"), entry.rationale))
    facts.append((_("Written by"), f"{entry.operator} ({entry.role})" if entry.role else entry.operator))
    facts.append((_("Recorded"), when(entry.recorded_at)))
    if row.corrects is not None:
        facts.append((_("Corrects"), f"{show(row.corrects.event_at)} {row.corrects.operator}: {first_line(row.corrects.text)}"))
    for correction in row.corrected_by:
        facts.append((_("Corrected by"), f"{when(correction.recorded_at)} {correction.operator}: {first_line(correction.text)}"))
    cells = "".join(f"<tr><td style='color:#555; padding-right:12px'>{escape(label)}</td><td>{escape(value)}</td></tr>" for label, value in facts)
    text = escape(entry.text).replace("\n", "<br>")
    chain = escape(_("Device {device} · no. {seq} · hash {hash}").format(device=entry.device_id, seq=entry.seq, hash=entry.hash))
    return (f"<p style='font-size:12pt; font-weight:600; margin:0'>{title}</p>"
            f"<p style='font-size:11pt'>{text}</p><table>{cells}</table>"
            f"<p style='color:#6b7280; font-size:8pt; font-family:monospace'>{chain}</p>")
