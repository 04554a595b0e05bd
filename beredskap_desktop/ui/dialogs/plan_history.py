"""A plan's revision history: who, when and why, and what changed between two revisions."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel,
    QSplitter, QTableWidget, QTableWidgetItem, QTextBrowser, QVBoxLayout, QWidget,
)

from beredskap_desktop.domain.clock import show
from beredskap_desktop.domain.revisions import Change, DiffLine, Revision, diff, plan_lines
from beredskap_desktop.i18n import _
from beredskap_desktop.storage import contacts as contact_store
from beredskap_desktop.storage import plans as plan_store
from beredskap_desktop.storage.database import Store
from beredskap_desktop.ui.widgets.common import empty_state

CONTEXT_LINES = 3
FIRST_CHANGE_ANCHOR = '<a name="first-change"></a>'
_STYLES = {
    Change.ADDED: "background-color: #dcfce7; color: #14532d;",
    Change.REMOVED: "background-color: #fee2e2; color: #7f1d1d; text-decoration: line-through;",
    Change.SAME: "color: #6b7280;",
}
_SIGNS = {Change.ADDED: "+", Change.REMOVED: "−", Change.SAME: "&nbsp;"}


def diff_html(lines: list[DiffLine]) -> str:
    """The difference as rich text: added lines green, removed red and struck through, the rest grey;
    an anchor ``first-change`` marks the first change."""
    if not any(line.change is not Change.SAME for line in lines):
        return "<p>" + escape(_("No differences.")) + "</p>"
    first = next(i for i, line in enumerate(lines) if line.change is not Change.SAME)
    rows = [
        f'<p style="margin: 0; white-space: pre-wrap; {_STYLES[line.change]}">'
        f'{FIRST_CHANGE_ANCHOR if i == first else ""}{_SIGNS[line.change]} {escape(line.text) or "&nbsp;"}</p>'
        for i, line in enumerate(lines)
    ]
    return "\n".join(rows)


def text_html(lines: list[str]) -> str:
    """Lines as rich text, unmarked."""
    return "\n".join(f'<p style="margin: 0; white-space: pre-wrap;">{escape(line) or "&nbsp;"}</p>' for line in lines)


class PlanHistoryDialog(QDialog):
    """The revisions newest first; choosing one shows what changed since the one before it
    (or since the revision chosen under "Compare with"), owner and parent plan by name."""

    def __init__(self, store: Store, plan_id: str, title: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("History: {title}").format(title=title))
        self.resize(1100, 700)
        self.revisions: list[Revision] = plan_store.revisions(store, plan_id)
        self.names = {role.id: role.name for role in contact_store.roles(store)} | {p.id: p.title for p in plan_store.summaries(store)}
        self.table = QTableWidget(len(self.revisions), 4)
        self.table.setObjectName("revisions_table")
        self.table.setHorizontalHeaderLabels([_("No."), _("Date and time"), _("Who"), _("What changed and why")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(28)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((55, 150, 190)):
            self.table.setColumnWidth(column, width)
        for row, revision in enumerate(self.revisions):
            for column, text in enumerate((str(revision.number), show(revision.created_at), revision.created_by, revision.reason)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.compare = QComboBox()
        self.compare.setObjectName("compare_with")
        self.only_changes = QCheckBox(_("Show only the changes"))
        self.only_changes.setObjectName("only_changes")
        self.heading = QLabel()
        self.heading.setStyleSheet("font-weight: 600;")
        self.view = QTextBrowser()
        self.view.setObjectName("diff_view")
        legend = QLabel(_("Green: added · Red, struck through: removed · Grey: unchanged"))
        legend.setStyleSheet("color: #555;")
        controls = QHBoxLayout()
        controls.addWidget(QLabel(_("Compare with")))
        controls.addWidget(self.compare, 1)
        controls.addWidget(self.only_changes)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addLayout(controls)
        lower_layout.addWidget(self.heading)
        lower_layout.addWidget(self.view, 1)
        lower_layout.addWidget(legend)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setSizes([200, 480])
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if not self.revisions:
            empty = empty_state("history_empty")
            empty.setText(_("No revisions yet. The first revision is made when the plan is adopted."))
            layout.addWidget(empty, 1)
            split.hide()
        layout.addWidget(split, 1)
        layout.addWidget(close)
        self.table.itemSelectionChanged.connect(self._revision_chosen)
        self.compare.currentIndexChanged.connect(self.show_diff)
        self.only_changes.toggled.connect(self.show_diff)
        if self.revisions:
            self.table.selectRow(0)

    def selected(self) -> Revision | None:
        rows = self.table.selectionModel().selectedRows()
        return self.revisions[rows[0].row()] if rows else None

    def _revision_chosen(self) -> None:
        chosen = self.selected()
        self.compare.blockSignals(True)
        self.compare.clear()
        if chosen is not None:
            for revision in self.revisions:
                if revision is not chosen:
                    self.compare.addItem(_("Revision {number} · {date} · {who}").format(
                        number=revision.number, date=show(revision.created_at), who=revision.created_by), revision.number)
            before = max((r.number for r in self.revisions if r.number < chosen.number), default=None)
            self.compare.setCurrentIndex(self.compare.findData(before))
        self.compare.setEnabled(self.compare.count() > 0)
        self.compare.blockSignals(False)
        self.show_diff()

    def show_diff(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        other = next((r for r in self.revisions if r.number == self.compare.currentData()), None)
        if other is None:
            self.heading.setText(_("Revision {number} as saved: the first revision.").format(number=chosen.number))
            self.view.setHtml(text_html(plan_lines(chosen.plan, self.names)))
            return
        old, new = sorted((chosen, other), key=lambda r: r.number)
        self.heading.setText(_("Changes from revision {old} to revision {new}").format(old=old.number, new=new.number))
        context = CONTEXT_LINES if self.only_changes.isChecked() else None
        self.view.setHtml(diff_html(diff(old.plan, new.plan, context, self.names)))
        self.view.scrollToAnchor("first-change")

